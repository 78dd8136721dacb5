-- Ethics review: what an application says, its decision letter, its history, and outside
-- reviewers (a committee secretary invited by e-mail to one application only).

ALTER TABLE ethics_applications ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE ethics_applications ADD COLUMN decision_letter TEXT NOT NULL DEFAULT '';

-- At most one application in progress or approved per route and project; a withdrawn or
-- not approved one may be followed by a new one.
CREATE UNIQUE INDEX ethics_applications_live_route ON ethics_applications(project_id, route)
    WHERE state NOT IN ('withdrawn', 'not_approved');

-- What happened to an application, in order: submitted, further information requested
-- (the reviewer's request in text), the team's answer, a decision, a small fix to a
-- document (its note), an amendment, a withdrawal.
CREATE TABLE ethics_events (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES ethics_applications(id) ON DELETE CASCADE,
    application_version INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'submitted', 'information_requested', 'answered', 'decided',
        'document_fixed', 'amended', 'withdrawn', 'reviewer_invited', 'condition_closed')),
    text TEXT NOT NULL DEFAULT '',
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ethics_events_application ON ethics_events(application_id, id);

-- An invitation to review one application (only the token's hash is kept).
CREATE TABLE ethics_review_invitations (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES ethics_applications(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    accepted_at INTEGER,
    accepted_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    revoked_at INTEGER
);
CREATE INDEX ethics_review_invitations_application ON ethics_review_invitations(application_id, id);

-- Who reviews an application from outside the project: they see that application only.
CREATE TABLE ethics_reviewers (
    application_id INTEGER NOT NULL REFERENCES ethics_applications(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (application_id, user_id)
);
CREATE INDEX ethics_reviewers_user ON ethics_reviewers(user_id, application_id);
