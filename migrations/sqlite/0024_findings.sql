-- Findings checked with participants (issue 10): a plain-language summary of the themes sent
-- only to participants who agreed to be contacted again (by e-mail, or a printed letter for
-- those without one), who it went to and when (so nobody gets it twice), feedback events
-- (seminars) with comments against each theme, and the reason when there was no event.
CREATE TABLE findings_projects (
    project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    summary TEXT NOT NULL DEFAULT '',
    summary_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    summary_at INTEGER,
    no_event_reason TEXT NOT NULL DEFAULT '',
    reason_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reason_at INTEGER
);
CREATE INDEX findings_projects_summary_by ON findings_projects(summary_by);
CREATE INDEX findings_projects_reason_by ON findings_projects(reason_by);

-- One row per participant the summary went to: by e-mail (queued with the row), or as a
-- letter marked posted. Never a second row for the same participant.
CREATE TABLE findings_summary_sends (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'letter')),
    sent_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    sent_at INTEGER NOT NULL,
    UNIQUE (project_id, participant_id)
);
CREATE INDEX findings_summary_sends_participant ON findings_summary_sends(participant_id);
CREATE INDEX findings_summary_sends_sent_by ON findings_summary_sends(sent_by);

CREATE TABLE findings_feedback_events (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    attendance INTEGER NOT NULL CHECK (attendance >= 0),
    note TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    recorded_at INTEGER NOT NULL
);
CREATE INDEX findings_feedback_events_project ON findings_feedback_events(project_id, held_on);
CREATE INDEX findings_feedback_events_recorded_by ON findings_feedback_events(recorded_by);

CREATE TABLE findings_feedback_comments (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES findings_feedback_events(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES analysis_themes(id) ON DELETE CASCADE,
    comment TEXT NOT NULL,
    UNIQUE (event_id, theme_id)
);
CREATE INDEX findings_feedback_comments_theme ON findings_feedback_comments(theme_id);
