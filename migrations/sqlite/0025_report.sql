-- The report (issue 10): a draft in Markdown sections with a lay summary, each peer
-- researcher's choice of how they are credited, saved versions (frozen copies of the
-- sections, lay summary and credits, as JSON), comments and reviews on a version, and the
-- commissioner's sign-off or request for changes. `revision` counts edits to the draft, so
-- a version knows whether the draft has changed since it was saved.
CREATE TABLE report_drafts (
    project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    lay_summary TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 0,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX report_drafts_updated_by ON report_drafts(updated_by);

CREATE TABLE report_sections (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);
CREATE INDEX report_sections_project ON report_sections(project_id, position);

CREATE TABLE report_credits (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    naming TEXT NOT NULL CHECK (naming IN ('full_name', 'initials', 'anonymous')),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX report_credits_user ON report_credits(user_id);

CREATE TABLE report_versions (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    lay_summary TEXT NOT NULL,
    sections_json TEXT NOT NULL,
    credits_json TEXT NOT NULL,
    draft_revision INTEGER NOT NULL,
    saved_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    saved_at INTEGER NOT NULL,
    sent_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    sent_at INTEGER,
    decision TEXT CHECK (decision IN ('signed_off', 'changes_asked')),
    decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    decided_at INTEGER,
    UNIQUE (project_id, number)
);
CREATE INDEX report_versions_saved_by ON report_versions(saved_by);
CREATE INDEX report_versions_sent_by ON report_versions(sent_by);
CREATE INDEX report_versions_decided_by ON report_versions(decided_by);

CREATE TABLE report_comments (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES report_versions(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('comment', 'review', 'changes')),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX report_comments_version ON report_comments(version_id, created_at);
CREATE INDEX report_comments_user ON report_comments(user_id);
