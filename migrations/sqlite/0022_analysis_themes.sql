-- Analysis (issue 10): themes built from codes, each with supporting quotes picked from
-- highlights. A quote from a participant who has since withdrawn stays recorded but is left
-- out wherever quotes are shown or exported (filtered when read).
CREATE TABLE analysis_themes (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (project_id, name)
);

CREATE TABLE analysis_theme_codes (
    theme_id INTEGER NOT NULL REFERENCES analysis_themes(id) ON DELETE CASCADE,
    code_id INTEGER NOT NULL REFERENCES analysis_codes(id) ON DELETE CASCADE,
    PRIMARY KEY (theme_id, code_id)
);
CREATE INDEX analysis_theme_codes_code ON analysis_theme_codes(code_id);

CREATE TABLE analysis_theme_quotes (
    theme_id INTEGER NOT NULL REFERENCES analysis_themes(id) ON DELETE CASCADE,
    highlight_id INTEGER NOT NULL REFERENCES analysis_highlights(id) ON DELETE CASCADE,
    added_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (theme_id, highlight_id)
);
CREATE INDEX analysis_theme_quotes_highlight ON analysis_theme_quotes(highlight_id);
CREATE INDEX analysis_theme_quotes_added_by ON analysis_theme_quotes(added_by);
