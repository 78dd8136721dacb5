-- The e-mail queue (issue 11): a request only adds its e-mails here, inside its own
-- transaction where it has one; a background task on each app server claims the due ones,
-- sends them and marks them sent, so a slow mail server never slows a page.
--
-- Exactly once across servers: on PostgreSQL a worker claims rows with
-- SELECT ... FOR UPDATE SKIP LOCKED in a short transaction; on SQLite with one conditional
-- UPDATE (writers take turns). A claim (status 'sending') older than the lease is taken
-- again, so a crashed server's e-mails still go. A failure is retried later (1, 5, 30
-- minutes) and after the last attempt the row is 'failed'. last_error holds the kind of
-- error only, never the server's answer (which can quote the address).
--
-- Mail content is personal data: housekeeping removes sent rows after a few days and
-- failed ones a little later.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    recipient_name TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT,
    -- Files sent with the message (small calendar files): a JSON list of
    -- {"file_name", "content_type", "base64"}, or NULL for none.
    attachments TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_at INTEGER,
    claimed_by TEXT,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
-- The workers' question: pending and due, or claimed long ago.
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
CREATE INDEX mail_outbox_claimed ON mail_outbox(status, claimed_at);
-- Housekeeping's question: sent long enough ago (failed rows are few, found by status).
CREATE INDEX mail_outbox_done ON mail_outbox(status, sent_at);
