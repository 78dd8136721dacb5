-- Organisations, their people and invitations, for lists that come in pages.

-- Names are unique whatever their letter case ("WhyNot!" and "whynot!" are one group):
-- the database decides, so two people creating the same name at once cannot both win.
CREATE UNIQUE INDEX organisations_name_folded ON organisations (LOWER(name));

-- An organisation's people, leads first (its page, and counting members for the list).
CREATE INDEX memberships_org_lead ON memberships (organisation_id, is_lead);

-- Invitations waiting for an address (every dashboard asks), and an organisation's
-- pending invitations, newest first.
CREATE INDEX invitations_email ON invitations (email, created_at);
CREATE INDEX invitations_org_created ON invitations (organisation_id, created_at);
