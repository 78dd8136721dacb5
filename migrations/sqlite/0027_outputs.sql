-- Outputs and dissemination (issue 10): what a project produced, for whom and when, each
-- marked for the public page or not; and the public page itself, shown only while both the
-- research group and the commissioner agree to it (either side may withdraw).
CREATE TABLE project_outputs (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    audience TEXT NOT NULL DEFAULT '',
    produced_on TEXT,
    link TEXT NOT NULL DEFAULT '',
    on_public_page INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX project_outputs_project ON project_outputs(project_id, id);
CREATE INDEX project_outputs_created_by ON project_outputs(created_by);

CREATE TABLE project_publication (
    project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    group_agreed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    group_agreed_at INTEGER,
    commissioner_agreed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    commissioner_agreed_at INTEGER
);
CREATE INDEX project_publication_group_agreed_by ON project_publication(group_agreed_by);
CREATE INDEX project_publication_commissioner_agreed_by ON project_publication(commissioner_agreed_by);
