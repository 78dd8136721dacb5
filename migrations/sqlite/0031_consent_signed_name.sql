-- The full name a participant typed as their signature when giving consent online. It is
-- a real name, so it stays beside the link (read only by the project's researchers), not
-- on the consent record that others on the team see by pseudonym code.
ALTER TABLE consent_invitations ADD COLUMN signed_name TEXT;
