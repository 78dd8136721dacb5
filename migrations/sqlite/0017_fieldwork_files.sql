-- Restricted research data files (issue 9, part D): recordings and transcripts, each linked
-- to its participant (and, if wanted, the fieldwork session), with a date to delete it by.
-- The bytes are kept in the database so several app servers share them. Deleting a file
-- removes its content and text but keeps the row, as a record that it existed and was deleted.
CREATE TABLE fieldwork_files (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES fieldwork_sessions(id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('recording', 'transcript')),
    -- 'upload' (a file sent from the researcher's computer) or 'pasted' (typed or pasted text).
    source TEXT NOT NULL CHECK (source IN ('upload', 'pasted')),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    -- NULL once deleted.
    content BLOB,
    -- A transcript's text, for coding in analysis; NULL for recordings and once deleted.
    transcript_text TEXT,
    -- YYYY-MM-DD: the date to delete it by.
    retain_until TEXT NOT NULL,
    uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    uploaded_at INTEGER NOT NULL,
    deleted_at INTEGER,
    deleted_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX fieldwork_files_project ON fieldwork_files(project_id, uploaded_at, id);
CREATE INDEX fieldwork_files_participant ON fieldwork_files(participant_id, id);
CREATE INDEX fieldwork_files_session ON fieldwork_files(session_id);
