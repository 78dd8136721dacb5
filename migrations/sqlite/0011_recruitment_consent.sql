-- Recruitment and consent (issue 9, part C). Participants are known by a pseudonym code;
-- their real names and contact details live apart, in participant_identities, read only by
-- the project's researchers. Consent records point at the exact ethics-approved version of
-- the consent form they were taken on. Withdrawal is a date on the participant
-- (participants.withdrawn_on IS NULL means "not withdrawn"; later parts filter on it),
-- with every withdrawal and its undoing kept in participant_withdrawals.

-- The sampling frame: places and organisations approached, with the number of people reached.
CREATE TABLE recruitment_sites (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    approached_on TEXT,
    people_reached INTEGER NOT NULL DEFAULT 0 CHECK (people_reached >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (project_id, name)
);

-- Invitations sent and declines, as counts: a decline needs no identity, only a reason
-- category, an optional note and how many people it stands for.
CREATE TABLE recruitment_tallies (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    site_id INTEGER REFERENCES recruitment_sites(id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('invited', 'declined')),
    people INTEGER NOT NULL CHECK (people > 0),
    reason TEXT NOT NULL DEFAULT '' CHECK (reason IN ('', 'not_interested', 'no_time', 'health', 'privacy', 'other')),
    note TEXT NOT NULL DEFAULT '',
    recorded_on TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX recruitment_tallies_project ON recruitment_tallies(project_id, kind);

-- Participants: a pseudonym code per project (P-01, P-02, ...; seq is its number).
CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    site_id INTEGER REFERENCES recruitment_sites(id) ON DELETE SET NULL,
    joined_on TEXT NOT NULL,
    withdrawn_on TEXT,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (project_id, seq),
    UNIQUE (project_id, code)
);
CREATE INDEX participants_project ON participants(project_id, seq);

-- Real names and contact details, apart from the code.
CREATE TABLE participant_identities (
    participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
    full_name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    contact_notes TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);

-- Consent records: the exact consent-form version seen, the date, how, who took it, and
-- each optional part agreed to. Online consent is not offered yet.
CREATE TABLE consent_records (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES ethics_documents(id),
    consented_on TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('paper', 'read_aloud')),
    taken_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    agrees_quotes INTEGER NOT NULL DEFAULT 0,
    agrees_audio INTEGER NOT NULL DEFAULT 0,
    agrees_recontact INTEGER NOT NULL DEFAULT 0,
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX consent_records_participant ON consent_records(participant_id, id);

-- Every withdrawal, and its undoing (which needs a reason).
CREATE TABLE participant_withdrawals (
    id INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    withdrawn_on TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    recorded_at INTEGER NOT NULL,
    undone_at INTEGER,
    undone_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    undo_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX participant_withdrawals_participant ON participant_withdrawals(participant_id, id);

-- A simple history of changes to participants, identities, consent and withdrawal: who,
-- what (a fixed word), when; never any personal content.
CREATE TABLE participant_changes (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    participant_id INTEGER REFERENCES participants(id) ON DELETE CASCADE,
    change TEXT NOT NULL,
    changed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    changed_at INTEGER NOT NULL
);
CREATE INDEX participant_changes_participant ON participant_changes(participant_id, id);
CREATE INDEX participant_changes_project ON participant_changes(project_id, id);
