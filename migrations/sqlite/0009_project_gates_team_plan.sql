-- The project lifecycle, part A: stage gates (signatures and passes), the team's
-- involvement level and advisory group, and the plan (research question versions, methods,
-- sampling, milestones, risk and data management plans, and the academic supporter's review).

-- The level of involvement the team agreed: information, consultation, participation,
-- partnership or control (NULL until chosen).
ALTER TABLE projects ADD COLUMN involvement TEXT;

-- A gate passed: the project moved from one stage to the next. A project passes each gate
-- once, so the UNIQUE key also stops a second pass of the same gate.
CREATE TABLE project_gate_passes (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    passed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    passed_at INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (project_id, from_stage)
);

-- A signature on a gate: the lead, the academic supporter or the commissioner, once each.
CREATE TABLE project_gate_signatures (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    from_stage TEXT NOT NULL,
    signed_as TEXT NOT NULL CHECK (signed_as IN ('lead', 'supporter', 'commissioner')),
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    signed_at INTEGER NOT NULL,
    UNIQUE (project_id, from_stage, signed_as)
);

-- An optional advisory group: members need no account; meetings have dates.
CREATE TABLE project_advisors (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    affiliation TEXT NOT NULL DEFAULT '',
    added_at INTEGER NOT NULL
);
CREATE INDEX project_advisors_project ON project_advisors(project_id, id);

CREATE TABLE project_advisory_meetings (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    meets_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX project_advisory_meetings_project ON project_advisory_meetings(project_id, meets_on);

-- The plan, one row a project. revision goes up with every change to the plan's content,
-- so a supporter's sign-off of an older revision no longer counts.
CREATE TABLE project_plans (
    project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL DEFAULT 1,
    agreed_questions_id INTEGER,
    methods TEXT NOT NULL DEFAULT '',
    inclusion TEXT NOT NULL DEFAULT '',
    exclusion TEXT NOT NULL DEFAULT '',
    risk_plan TEXT NOT NULL DEFAULT '',
    data_collected TEXT NOT NULL DEFAULT '',
    data_kept_where TEXT NOT NULL DEFAULT '',
    data_who_sees TEXT NOT NULL DEFAULT '',
    retain_until TEXT,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
);

-- Each save of the research questions is a new version.
CREATE TABLE project_question_versions (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    version_no INTEGER NOT NULL,
    body TEXT NOT NULL,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    agreed_at INTEGER,
    agreed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (project_id, version_no)
);

-- Target numbers by site or group.
CREATE TABLE project_sampling_targets (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    site TEXT NOT NULL,
    target INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX project_sampling_targets_project ON project_sampling_targets(project_id, id);

-- Milestones with dates; stage says which stage of the project it belongs to.
CREATE TABLE project_milestones (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    due_on TEXT NOT NULL,
    stage TEXT NOT NULL,
    completed_at INTEGER,
    completed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX project_milestones_project ON project_milestones(project_id, due_on);

-- Peer review of the plan: the supporter's comments and the team's replies (reply_to).
CREATE TABLE project_plan_comments (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    reply_to INTEGER REFERENCES project_plan_comments(id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX project_plan_comments_project ON project_plan_comments(project_id, id);

-- The supporter's sign-off of one revision of the plan.
CREATE TABLE project_plan_signoffs (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    revision INTEGER NOT NULL,
    signed_at INTEGER NOT NULL,
    UNIQUE (project_id, revision, user_id)
);
