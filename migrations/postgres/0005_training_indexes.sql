-- Indexes for training's lists, filtered and ordered in SQL.

-- Cohorts someone runs (training home): a trainer's cohorts, and a course's cohorts newest first.
CREATE INDEX cohort_trainers_user ON cohort_trainers(user_id, cohort_id);
CREATE INDEX cohorts_course_starts ON cohorts(course_id, starts_on);

-- Courses someone teaches (training home), by provider and title.
CREATE INDEX courses_provider_title ON courses(organisation_id, title);

-- One person's certificates (their courses on the training home), newest first.
CREATE INDEX certificates_user_issued ON certificates(user_id, issued_at);

-- Graduates looking for a group: the certificate each is seen with, newest first.
CREATE INDEX graduates_seeking_certificate ON graduates_seeking_group(certificate_id);
CREATE INDEX certificates_issued ON certificates(issued_at);

-- Replies to a person's learning-log entries, read in one query.
CREATE INDEX reflection_replies_reflection ON reflection_replies(reflection_id, created_at);
CREATE INDEX reflections_author ON reflections(user_id, cohort_id, module_id);
