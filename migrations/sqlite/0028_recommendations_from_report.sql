-- Recommendations taken from the report (issue 10): which signed-off version of the report
-- a recommendation came from, so the tracker can say so; NULL for one typed in by hand.
ALTER TABLE project_recommendations ADD COLUMN from_version INTEGER;
