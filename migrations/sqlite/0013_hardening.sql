-- Hardening (issue 11): an atomic sign-in throttle, and sessions a person can see and end.

-- One row per throttle key ("account:<address>" or "address:<network address>"): the
-- start of its current window and the attempts in it. An attempt is recorded and counted
-- in one statement (an upsert with RETURNING), so parallel guesses are counted one by one.
DROP TABLE sign_in_failures;
CREATE TABLE sign_in_throttle (
    throttle_key TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    attempts INTEGER NOT NULL
);
CREATE INDEX sign_in_throttle_window ON sign_in_throttle(window_start);

-- Sessions get a public handle (to end one from the account page without showing its
-- token's hash) and the browser they were started in. Sessions from before this change
-- ran to 30 days; they end now and people sign in again.
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN public_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN browser TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX sessions_public_id ON sessions(public_id);
