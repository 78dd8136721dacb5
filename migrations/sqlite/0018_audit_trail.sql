-- The audit trail (issue 11): an append-only record of every security-relevant or
-- research-relevant change: who (a user id, kept even after the account is erased, so no
-- foreign key), what (a fixed word), which record (a kind and an id), the project or
-- organisation it belongs to, when, and from which network address. Never any personal
-- content. Triggers refuse any change or deletion, whatever the app asks.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor_id INTEGER,
    action TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_id INTEGER,
    project_id INTEGER,
    organisation_id INTEGER,
    from_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events(at DESC, id DESC);
CREATE INDEX audit_events_project ON audit_events(project_id, at DESC, id DESC);

CREATE TRIGGER audit_events_never_change BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit entries cannot be changed');
END;
CREATE TRIGGER audit_events_never_deleted BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit entries cannot be deleted');
END;
