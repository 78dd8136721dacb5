-- A revised summary for participants (issue 10): the saved summary has a revision that goes up
-- when its words change after it went to anyone, and each participant's send row records the
-- revision they got. Still one row per participant (UNIQUE): a later revision updates it, only
-- while its revision is older, so nobody gets the same revision twice.
ALTER TABLE findings_projects ADD COLUMN summary_revision INTEGER NOT NULL DEFAULT 1 CHECK (summary_revision >= 1);
ALTER TABLE findings_summary_sends ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1);
