-- The project lifecycle's shared base: who is on a project's team, and ethics
-- applications with their documents and conditions (the gate into fieldwork reads them,
-- and consent records point at the approved consent form). Each part of the lifecycle
-- adds its own tables in later migrations.

-- Team members: group members with a project role (lead, peer_researcher, co_coder,
-- support), academic supporters from a training provider (academic_supporter, with their
-- practitioner roles, a written agreement on boundaries and a review date), and the
-- commissioner's contact (commissioner_contact).
CREATE TABLE project_team (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'peer_researcher', 'co_coder', 'support', 'academic_supporter', 'commissioner_contact')),
    -- Comma-separated: resource_builder, capacity_builder, facilitator, bridge_builder, co_educator.
    practitioner_roles TEXT NOT NULL DEFAULT '',
    agreement TEXT NOT NULL DEFAULT '',
    review_on TEXT,
    added_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_team_user ON project_team(user_id, project_id);

INSERT INTO project_team (project_id, user_id, role, added_at)
SELECT id, lead_user_id, 'lead', created_at FROM projects WHERE lead_user_id IS NOT NULL;
INSERT INTO project_team (project_id, user_id, role, added_at)
SELECT id, contact_user_id, 'commissioner_contact', created_at FROM projects
WHERE contact_user_id IS NOT NULL AND (lead_user_id IS NULL OR contact_user_id <> lead_user_id);

-- One application per ethics route (university committee, NHS, council research
-- governance). version_no counts amendments: an amendment is a new version that goes back
-- to 'submitted'.
CREATE TABLE ethics_applications (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    route TEXT NOT NULL CHECK (route IN ('university', 'nhs', 'council')),
    title TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'information_requested',
        'approved_with_conditions', 'approved', 'not_approved', 'withdrawn')),
    version_no INTEGER NOT NULL DEFAULT 1,
    reference TEXT NOT NULL DEFAULT '',
    decided_at INTEGER,
    decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    approved_on TEXT,
    expires_on TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ethics_applications_project ON ethics_applications(project_id, id);

-- Each document kind has its own version numbers; a small fix after submission is a new
-- document version with a note. application_version is the application version it went with.
CREATE TABLE ethics_documents (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES ethics_applications(id) ON DELETE CASCADE,
    application_version INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('protocol', 'information_sheet', 'consent_form', 'topic_guide')),
    doc_version INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (application_id, kind, doc_version)
);

-- Conditions of an approval: tasks with an owner; all closed before fieldwork.
CREATE TABLE ethics_conditions (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES ethics_applications(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    owner_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    closing_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ethics_conditions_application ON ethics_conditions(application_id, id);
