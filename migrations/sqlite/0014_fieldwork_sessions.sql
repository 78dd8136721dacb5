-- Fieldwork sessions (issue 9, part D): interviews, focus groups, surveys and observations,
-- each with its date, venue and the venue's access, the researchers present and the
-- participants (pseudonym codes only; names stay in participant_identities). A session is
-- planned first and marked held with its duration and notes afterwards.
CREATE TABLE fieldwork_sessions (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('interview', 'focus_group', 'survey', 'observation')),
    -- YYYY-MM-DD, and an optional start time HH:MM (local time).
    held_on TEXT NOT NULL,
    starts_at TEXT,
    venue TEXT NOT NULL DEFAULT '',
    step_free INTEGER NOT NULL DEFAULT 0,
    near_transport INTEGER NOT NULL DEFAULT 0,
    hearing_loop INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
    duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes > 0),
    notes TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX fieldwork_sessions_project ON fieldwork_sessions(project_id, held_on, id);

-- The researchers present (team members who do fieldwork).
CREATE TABLE fieldwork_session_researchers (
    session_id INTEGER NOT NULL REFERENCES fieldwork_sessions(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX fieldwork_session_researchers_user ON fieldwork_session_researchers(user_id);

-- The participants taking part; each was checked against their consent when added.
CREATE TABLE fieldwork_session_participants (
    session_id INTEGER NOT NULL REFERENCES fieldwork_sessions(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    added_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX fieldwork_session_participants_participant ON fieldwork_session_participants(participant_id);
