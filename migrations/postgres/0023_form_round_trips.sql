-- Typed form values out of addresses (issue 11).
--
-- Without JavaScript, a form that fails is sent back to its page with the error, and what
-- was typed, in the address. Instead the answer is kept here for one read, behind a random
-- reference (only its hash is stored), for at most 15 minutes.
CREATE TABLE form_returns (
    reference_hash TEXT PRIMARY KEY,
    function_path TEXT NOT NULL,
    error TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX form_returns_expiry ON form_returns(expires_at);

-- A form posted after its sender's session ended: what was typed is kept for that person
-- only, for at most 30 minutes, so they can sign in again and send it.
CREATE TABLE kept_forms (
    reference_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    function_path TEXT NOT NULL,
    body TEXT NOT NULL,
    back_to TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX kept_forms_expiry ON kept_forms(expires_at);
CREATE INDEX kept_forms_user ON kept_forms(user_id);
