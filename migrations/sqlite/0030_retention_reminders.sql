-- Research data past its retention date (issue 11): when the project lead was told that a
-- recording or transcript is past the date to delete it by, so they are told once, not at
-- every round of housekeeping. Cleared when the date changes.
ALTER TABLE fieldwork_files ADD COLUMN retention_flagged_at INTEGER;
