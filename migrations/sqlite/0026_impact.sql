-- Impact (issue 10): "you said, we did". Each recommendation from a project's report gets
-- the commissioner's tracked response; every response or status change is kept as a dated
-- update, so the timeline shows what was promised and what was done. Impact records use the
-- sources' types, with evidence and an optional statement from a named role. Peer
-- researchers' own outcomes are private to them unless they choose to share them.
CREATE TABLE project_recommendations (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    response TEXT NOT NULL DEFAULT 'awaiting',
    action TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'not_started',
    evidence TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX project_recommendations_project ON project_recommendations(project_id, id);
CREATE INDEX project_recommendations_created_by ON project_recommendations(created_by);

CREATE TABLE project_recommendation_updates (
    id INTEGER PRIMARY KEY,
    recommendation_id INTEGER NOT NULL REFERENCES project_recommendations(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    response TEXT NOT NULL,
    status TEXT NOT NULL,
    action TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    due_on TEXT,
    evidence TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX project_recommendation_updates_rec ON project_recommendation_updates(recommendation_id, id);
CREATE INDEX project_recommendation_updates_user ON project_recommendation_updates(user_id);

CREATE TABLE project_impacts (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '',
    happened_on TEXT,
    statement TEXT NOT NULL DEFAULT '',
    statement_by TEXT NOT NULL DEFAULT '',
    statement_role TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX project_impacts_project ON project_impacts(project_id, id);
CREATE INDEX project_impacts_recorded_by ON project_impacts(recorded_by);

CREATE TABLE peer_outcomes (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    confidence TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '',
    roles TEXT NOT NULL DEFAULT '',
    shared INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    UNIQUE (project_id, user_id)
);
CREATE INDEX peer_outcomes_user ON peer_outcomes(user_id);
