-- Training: courses and their modules (with knowledge checks), cohorts and their sessions,
-- invitations and enrolments, attendance, reading and quiz progress, the learning log, certificates.
-- Module and question ids never change when a module is edited, so progress and answers survive.

CREATE TABLE courses (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (organisation_id, slug)
);

CREATE TABLE course_modules (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    minutes INTEGER NOT NULL DEFAULT 30,
    outcomes TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    reflection_prompt TEXT NOT NULL DEFAULT '',
    pass_mark INTEGER NOT NULL DEFAULT 60,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    UNIQUE (course_id, slug)
);

-- A trainer's unsaved preview of a module, seen only by them until they save it.
CREATE TABLE module_drafts (
    module_id INTEGER NOT NULL REFERENCES course_modules(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    outcomes TEXT NOT NULL,
    body TEXT NOT NULL,
    reflection_prompt TEXT NOT NULL,
    pass_mark INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (module_id, user_id)
);

CREATE TABLE module_questions (
    id INTEGER PRIMARY KEY,
    module_id INTEGER NOT NULL REFERENCES course_modules(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    retired_at INTEGER
);

CREATE TABLE question_options (
    id INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES module_questions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    correct INTEGER NOT NULL DEFAULT 0,
    feedback TEXT NOT NULL DEFAULT ''
);

CREATE TABLE cohorts (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    capacity INTEGER NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    min_attendance INTEGER NOT NULL DEFAULT 75,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE cohort_trainers (
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (cohort_id, user_id)
);

-- The completion rule: which modules a cohort's trainees must complete.
CREATE TABLE cohort_required_modules (
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    module_id INTEGER NOT NULL REFERENCES course_modules(id) ON DELETE CASCADE,
    PRIMARY KEY (cohort_id, module_id)
);

CREATE TABLE cohort_sessions (
    id INTEGER PRIMARY KEY,
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    at_time TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    online INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX cohort_sessions_cohort ON cohort_sessions(cohort_id, on_date);

CREATE TABLE session_modules (
    session_id INTEGER NOT NULL REFERENCES cohort_sessions(id) ON DELETE CASCADE,
    module_id INTEGER NOT NULL REFERENCES course_modules(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, module_id)
);

CREATE TABLE cohort_invitations (
    id INTEGER PRIMARY KEY,
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    accepted_at INTEGER,
    accepted_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    revoked_at INTEGER
);
CREATE INDEX cohort_invitations_cohort ON cohort_invitations(cohort_id);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    enrolled_at INTEGER NOT NULL,
    UNIQUE (cohort_id, user_id)
);
CREATE INDEX enrolments_user ON enrolments(user_id);

CREATE TABLE attendance (
    session_id INTEGER NOT NULL REFERENCES cohort_sessions(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    marked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    marked_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

CREATE TABLE module_reads (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    module_id INTEGER NOT NULL REFERENCES course_modules(id) ON DELETE CASCADE,
    read_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, module_id)
);

CREATE TABLE check_attempts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    module_id INTEGER NOT NULL REFERENCES course_modules(id) ON DELETE CASCADE,
    module_version INTEGER NOT NULL,
    score INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX check_attempts_user ON check_attempts(user_id, module_id);

CREATE TABLE attempt_answers (
    attempt_id INTEGER NOT NULL REFERENCES check_attempts(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL REFERENCES module_questions(id) ON DELETE CASCADE,
    option_id INTEGER NOT NULL REFERENCES question_options(id) ON DELETE CASCADE,
    PRIMARY KEY (attempt_id, question_id)
);

CREATE TABLE reflections (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    module_id INTEGER NOT NULL REFERENCES course_modules(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX reflections_cohort ON reflections(cohort_id, shared);

CREATE TABLE reflection_replies (
    id INTEGER PRIMARY KEY,
    reflection_id INTEGER NOT NULL REFERENCES reflections(id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE certificates (
    id INTEGER PRIMARY KEY,
    cohort_id INTEGER NOT NULL REFERENCES cohorts(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code TEXT NOT NULL UNIQUE,
    issued_at INTEGER NOT NULL,
    issued_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    issue_reason TEXT NOT NULL DEFAULT '',
    revoked_at INTEGER,
    revoked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    revoke_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX certificates_holder ON certificates(cohort_id, user_id);
