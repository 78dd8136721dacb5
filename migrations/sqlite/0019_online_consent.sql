-- Online consent (issue 9): a participant may give consent themselves, on a page behind a
-- single-use link e-mailed to them. consent_records.method now also allows 'online'.
--
-- SQLite cannot change a CHECK constraint, so consent_records is rebuilt: a new table with
-- every column, reference and default of 0011, the rows copied with their ids, the old table
-- dropped and the new one renamed, then its index made again. Nothing references
-- consent_records and it has no triggers, so nothing else needs rebuilding.
CREATE TABLE consent_records_rebuilt (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES ethics_documents(id),
    consented_on TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('paper', 'read_aloud', 'online')),
    taken_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    agrees_quotes INTEGER NOT NULL DEFAULT 0,
    agrees_audio INTEGER NOT NULL DEFAULT 0,
    agrees_recontact INTEGER NOT NULL DEFAULT 0,
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO consent_records_rebuilt (id, participant_id, document_id, consented_on, method, taken_by, agrees_quotes, agrees_audio,
    agrees_recontact, recorded_by, created_at)
SELECT id, participant_id, document_id, consented_on, method, taken_by, agrees_quotes, agrees_audio,
    agrees_recontact, recorded_by, created_at FROM consent_records;
DROP TABLE consent_records;
ALTER TABLE consent_records_rebuilt RENAME TO consent_records;
CREATE INDEX consent_records_participant ON consent_records(participant_id, id);

-- Online consent invitations: one link per row, only the hash of its token kept. A link
-- works once (used_at), until it expires, and stops working when a newer one is sent for
-- the same participant (revoked_at). consent_record_id is the record it made.
CREATE TABLE consent_invitations (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    revoked_at INTEGER,
    consent_record_id INTEGER REFERENCES consent_records(id) ON DELETE SET NULL
);
CREATE INDEX consent_invitations_participant ON consent_invitations(participant_id, id);
CREATE INDEX consent_invitations_expires ON consent_invitations(expires_at);
