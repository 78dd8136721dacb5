-- Debriefs and wellbeing checks after fieldwork sessions (issue 9, part D). After a held
-- session each researcher present says how they are (a plain-words scale), whether
-- anything upset them, whether they want support, and may name a supporter on the team
-- (the academic supporter or the lead). Only the researcher and that supporter read it.
CREATE TABLE fieldwork_debriefs (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES fieldwork_sessions(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    feeling TEXT NOT NULL CHECK (feeling IN ('very_well', 'well', 'okay', 'not_so_good', 'struggling')),
    upsetting TEXT NOT NULL DEFAULT '',
    wants_support INTEGER NOT NULL DEFAULT 0,
    supporter_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (session_id, user_id)
);
CREATE INDEX fieldwork_debriefs_supporter ON fieldwork_debriefs(supporter_id, session_id);

-- Every change to a session (planned, held, cancelled, a participant added, a debrief
-- written or changed): who, what (a fixed word) and when, never any content.
CREATE TABLE fieldwork_session_changes (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES fieldwork_sessions(id) ON DELETE CASCADE,
    change TEXT NOT NULL,
    changed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    changed_at INTEGER NOT NULL
);
CREATE INDEX fieldwork_session_changes_session ON fieldwork_session_changes(session_id, id);
