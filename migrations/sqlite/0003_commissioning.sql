-- Commissioning: research briefs, questions and answers, group responses with comments and
-- clarifications, alert opt-ins, and the projects that awards create.
-- Money is whole pence (INTEGER); dates people choose are YYYY-MM-DD text; times are Unix seconds.

CREATE TABLE briefs (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    background TEXT NOT NULL DEFAULT '',
    questions TEXT NOT NULL,
    about_whom TEXT NOT NULL,
    methods TEXT NOT NULL DEFAULT '',
    outputs TEXT NOT NULL,
    budget_min_pence INTEGER NOT NULL,
    budget_max_pence INTEGER NOT NULL,
    responses_due TEXT NOT NULL,
    start_date TEXT NOT NULL,
    report_due TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft',
    published_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX briefs_org ON briefs(organisation_id);
CREATE INDEX briefs_state ON briefs(state, published_at);

CREATE TABLE brief_questions (
    id INTEGER PRIMARY KEY,
    brief_id INTEGER NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    asked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    question TEXT NOT NULL,
    answer TEXT,
    answered_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    answered_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX brief_questions_brief ON brief_questions(brief_id);

CREATE TABLE responses (
    id INTEGER PRIMARY KEY,
    brief_id INTEGER NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    submitted_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    approach TEXT NOT NULL DEFAULT '',
    lived_experience TEXT NOT NULL DEFAULT '',
    team TEXT NOT NULL DEFAULT '',
    timeline TEXT NOT NULL DEFAULT '',
    ethics_route TEXT NOT NULL DEFAULT '',
    peer_hours INTEGER NOT NULL DEFAULT 0,
    peer_rate_pence INTEGER NOT NULL DEFAULT 0,
    expenses_pence INTEGER NOT NULL DEFAULT 0,
    academic_pence INTEGER NOT NULL DEFAULT 0,
    other_pence INTEGER NOT NULL DEFAULT 0,
    other_note TEXT NOT NULL DEFAULT '',
    total_pence INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'draft',
    shortlisted INTEGER NOT NULL DEFAULT 0,
    feedback TEXT NOT NULL DEFAULT '',
    submitted_at INTEGER,
    decided_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (brief_id, organisation_id)
);
CREATE INDEX responses_org ON responses(organisation_id);

CREATE TABLE response_comments (
    id INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX response_comments_response ON response_comments(response_id);

CREATE TABLE response_clarifications (
    id INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    asked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    question TEXT NOT NULL,
    answer TEXT,
    answered_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    answered_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX response_clarifications_response ON response_clarifications(response_id);

-- Files a group attaches to its response (kept in the database, so every app server sees them).
CREATE TABLE response_attachments (
    id INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content BLOB NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX response_attachments_response ON response_attachments(response_id);

CREATE TABLE brief_alerts (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);

-- A project begins at 'agreed' when a brief is awarded; later stages are added by the project lifecycle.
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    brief_id INTEGER NOT NULL UNIQUE REFERENCES briefs(id) ON DELETE CASCADE,
    response_id INTEGER NOT NULL UNIQUE REFERENCES responses(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    commissioner_organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    contact_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    lead_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    stage TEXT NOT NULL DEFAULT 'agreed',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX projects_org ON projects(organisation_id);
CREATE INDEX projects_commissioner ON projects(commissioner_organisation_id);
