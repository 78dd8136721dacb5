-- What a gate signature was given on: the team, involvement and plan revision, then each
-- checklist item done at the time. A signature no longer counts once that changes (see
-- projects::gates::rules::still_stands); rows from before this have none and still count.
ALTER TABLE project_gate_signatures ADD COLUMN checklist TEXT;
