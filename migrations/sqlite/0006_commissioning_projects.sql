-- Projects keep their own copy of what was agreed at the award (the brief's summary,
-- questions, outputs, dates and contact; the winning response's work and costs), so a
-- project page reads only project tables. Existing projects are filled from their brief
-- and response. Indexes for the lists filtered by who may see them: briefs, tracking,
-- projects.

CREATE TABLE project_terms (
    project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
    brief_summary TEXT NOT NULL,
    brief_questions TEXT NOT NULL,
    brief_outputs TEXT NOT NULL,
    start_date TEXT NOT NULL,
    report_due TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    approach TEXT NOT NULL,
    lived_experience TEXT NOT NULL,
    team TEXT NOT NULL,
    timeline TEXT NOT NULL,
    ethics_route TEXT NOT NULL,
    peer_hours INTEGER NOT NULL,
    peer_rate_pence INTEGER NOT NULL,
    expenses_pence INTEGER NOT NULL,
    academic_pence INTEGER NOT NULL,
    other_pence INTEGER NOT NULL,
    other_note TEXT NOT NULL,
    total_pence INTEGER NOT NULL
);

INSERT INTO project_terms (project_id, brief_summary, brief_questions, brief_outputs, start_date, report_due, contact_name,
    contact_email, approach, lived_experience, team, timeline, ethics_route, peer_hours, peer_rate_pence, expenses_pence,
    academic_pence, other_pence, other_note, total_pence)
SELECT p.id, b.summary, b.questions, b.outputs, b.start_date, b.report_due, b.contact_name, b.contact_email,
    r.approach, r.lived_experience, r.team, r.timeline, r.ethics_route, r.peer_hours, r.peer_rate_pence, r.expenses_pence,
    r.academic_pence, r.other_pence, r.other_note,
    r.peer_hours * r.peer_rate_pence + r.expenses_pence + r.academic_pence + r.other_pence
FROM projects p JOIN briefs b ON b.id = p.brief_id JOIN responses r ON r.id = p.response_id;

-- /briefs: by state, newest published first (and the same within one commissioning body).
CREATE INDEX briefs_listing ON briefs(state, published_at, id);
CREATE INDEX briefs_body_listing ON briefs(organisation_id, state, published_at, id);
-- /briefs/mine: a body's briefs, last changed first; a group's responses, last changed first.
CREATE INDEX briefs_body_tracking ON briefs(organisation_id, updated_at, id);
CREATE INDEX responses_group_tracking ON responses(organisation_id, updated_at, id);
-- Response counts per brief, and the decisions page.
CREATE INDEX responses_brief_state ON responses(brief_id, state);
-- /projects: a group's or a commissioning body's projects, newest first.
CREATE INDEX projects_group_listing ON projects(organisation_id, created_at, id);
CREATE INDEX projects_body_listing ON projects(commissioner_organisation_id, created_at, id);
