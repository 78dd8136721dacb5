-- Analysis (issue 10): a project's codebook and the passages its researchers code.
-- Codes form a hierarchy of at most two levels (a code and its sub-codes). Each code has a
-- guid (a UUID made when it is added) so REFI-QDA codebook exports name it the same way
-- every time.
CREATE TABLE analysis_codes (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES analysis_codes(id),
    guid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (project_id, name)
);
CREATE INDEX analysis_codes_parent ON analysis_codes(parent_id);

-- A highlight: one coder's choice of one or more paragraphs of a transcript, with a code
-- and an optional memo. Plain inserts, so two coders saving at once both keep their work.
CREATE TABLE analysis_highlights (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES fieldwork_files(id) ON DELETE CASCADE,
    code_id INTEGER NOT NULL REFERENCES analysis_codes(id) ON DELETE CASCADE,
    memo TEXT NOT NULL DEFAULT '',
    coded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    coded_at INTEGER NOT NULL
);
CREATE INDEX analysis_highlights_file ON analysis_highlights(file_id, id);
CREATE INDEX analysis_highlights_code ON analysis_highlights(code_id, id);
CREATE INDEX analysis_highlights_project ON analysis_highlights(project_id, coded_by);
CREATE INDEX analysis_highlights_coder ON analysis_highlights(coded_by);

-- The paragraphs a highlight covers, each anchored by its number (from 1) and the text it
-- had when coded: if the transcript changes, the highlight is kept and flagged.
CREATE TABLE analysis_highlight_paragraphs (
    highlight_id INTEGER NOT NULL REFERENCES analysis_highlights(id) ON DELETE CASCADE,
    paragraph INTEGER NOT NULL,
    paragraph_text TEXT NOT NULL,
    PRIMARY KEY (highlight_id, paragraph)
);
