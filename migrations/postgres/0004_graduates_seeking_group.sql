-- Graduates who chose to be seen by coordinators of research groups, and invited into one.
-- One row per person; it names the certificate they are seen with. Deleting it opts out.
CREATE TABLE graduates_seeking_group (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    certificate_id BIGINT NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
    since_at BIGINT NOT NULL
);
