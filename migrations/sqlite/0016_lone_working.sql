-- Lone working (issue 9, part D): a researcher checks in when they go out on fieldwork
-- (where, optionally which fieldwork session, and when they expect to be back) and checks
-- out when safe. A check-out missed by the due time plus a grace period e-mails the project
-- lead once: alerted_at is claimed with a conditional UPDATE, so several app servers on
-- one database send one alert between them. safe_told_at records the "they are safe"
-- e-mail after a late check-out.
CREATE TABLE lone_working_check_ins (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES fieldwork_sessions(id) ON DELETE SET NULL,
    -- A short description of the place, never a participant's name.
    place TEXT NOT NULL,
    -- A number the lead can ring while they are out (optional).
    phone TEXT NOT NULL DEFAULT '',
    checked_in_at INTEGER NOT NULL,
    due_back_at INTEGER NOT NULL,
    checked_out_at INTEGER,
    alerted_at INTEGER,
    safe_told_at INTEGER
);
-- One open check-in per person per project: a double click checks in once.
CREATE UNIQUE INDEX lone_working_one_open ON lone_working_check_ins(project_id, user_id) WHERE checked_out_at IS NULL;
-- The sweep's question: open, not yet alerted, due before the cut-off.
CREATE INDEX lone_working_due ON lone_working_check_ins(due_back_at) WHERE checked_out_at IS NULL AND alerted_at IS NULL;
CREATE INDEX lone_working_person ON lone_working_check_ins(user_id, project_id, checked_in_at);
CREATE INDEX lone_working_project ON lone_working_check_ins(project_id, checked_out_at);
CREATE INDEX lone_working_session ON lone_working_check_ins(session_id);
