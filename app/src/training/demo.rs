//! Demo data for this feature, loaded after the foundation's; must be safe to load twice.
//!
//! Anglia Ruskin University gets the shipped course "Research skills for citizen
//! researchers", and a cohort part-way through: three sessions held (with attendance),
//! three to come, trainees at different points, and learning-log entries with and
//! without feedback.

use time::{Duration, OffsetDateTime};

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::training::curriculum::{self, Curriculum};

pub const PROVIDER_SLUG: &str = "anglia-ruskin-university";
pub const DEMO_COHORT: &str = "Chelmsford, autumn";
/// A finished cohort whose graduate holds a certificate with this code.
pub const FINISHED_COHORT: &str = "Colchester, spring";
pub const DEMO_CERTIFICATE: &str = "CR-DEMO-2026";
pub const GRADUATE_EMAIL: &str = "sheila@whynot.example";
pub const TRAINER_EMAIL: &str = "ruth.palmer@aru.example";
/// A second graduate of the finished cohort, in no research group yet, who said they would
/// like to join one (so coordinators see them under "Graduates looking for a group").
pub const SEEKING_GRADUATE_EMAIL: &str = "gwen@trainee.example";
pub const SEEKING_CERTIFICATE: &str = "CR-DEMO-2027";
/// (email, modules complete, module read but check not yet passed, attendance at the three past sessions)
pub const TRAINEES: &[(&str, usize, Option<usize>, [&str; 3])] = &[
    ("joan@trainee.example", 4, Some(5), ["present", "present", "apologies"]),
    ("frank@trainee.example", 6, None, ["present", "remote", "present"]),
    ("irene@trainee.example", 2, None, ["present", "absent", "present"]),
];

/// Puts a curriculum into the database as a course of the organisation, unless a course
/// with its slug is already there. Returns the course's id either way.
pub async fn install_curriculum(db: &Db, organisation_id: i64, curriculum: &Curriculum) -> Result<i64, AppError> {
    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM courses WHERE organisation_id = $1 AND slug = $2")
        .bind(organisation_id)
        .bind(&curriculum.course.slug)
        .fetch_optional(db)
        .await?;
    if let Some((id,)) = existing {
        return Ok(id);
    }
    let at = now();
    let mut tx = db.begin().await?;
    let (course_id,): (i64,) = sqlx::query_as(
        "INSERT INTO courses (organisation_id, slug, title, summary, description, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(organisation_id)
    .bind(&curriculum.course.slug)
    .bind(&curriculum.course.title)
    .bind(curriculum.course.summary.trim())
    .bind(curriculum.course.description.trim())
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    for (n, module) in curriculum.modules.iter().enumerate() {
        let (module_id,): (i64,) = sqlx::query_as(
            "INSERT INTO course_modules (course_id, position, slug, title, minutes, outcomes, body, reflection_prompt, pass_mark, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(course_id)
        .bind(n as i64 + 1)
        .bind(&module.slug)
        .bind(&module.front.title)
        .bind(module.front.minutes)
        .bind(module.front.outcomes.join("\n"))
        .bind(&module.body)
        .bind(&module.front.reflection_prompt)
        .bind(module.front.pass_mark)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for (q, question) in module.front.questions.iter().enumerate() {
            let (question_id,): (i64,) = sqlx::query_as(
                "INSERT INTO module_questions (module_id, position, kind, text) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(module_id)
            .bind(q as i64 + 1)
            .bind(&question.kind)
            .bind(&question.text)
            .fetch_one(&mut *tx)
            .await?;
            for (o, option) in question.options.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO question_options (question_id, position, text, correct, feedback) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(question_id)
                .bind(o as i64 + 1)
                .bind(&option.text)
                .bind(option.correct as i64)
                .bind(&option.feedback)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(course_id)
}

fn day(offset: i64) -> String {
    let date = OffsetDateTime::now_utc().date() + Duration::days(offset);
    let format = time::macros::format_description!("[year]-[month]-[day]");
    date.format(&format).unwrap_or_default()
}

async fn user_id(db: &Db, email: &str) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(db).await?;
    Ok(row.map(|(id,)| id))
}

/// Marks a module read with a passed check, choosing the right answers.
async fn complete_module(db: &Db, user_id: i64, module_id: i64, at: i64, pass: bool) -> Result<(), AppError> {
    sqlx::query("INSERT INTO module_reads (user_id, module_id, read_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, module_id) DO NOTHING")
        .bind(user_id)
        .bind(module_id)
        .bind(at)
        .execute(db)
        .await?;
    if !pass {
        return Ok(());
    }
    let (attempt_id,): (i64,) = sqlx::query_as(
        "INSERT INTO check_attempts (user_id, module_id, module_version, score, passed, created_at) VALUES ($1, $2, 1, 100, 1, $3) RETURNING id",
    )
    .bind(user_id)
    .bind(module_id)
    .bind(at)
    .fetch_one(db)
    .await?;
    sqlx::query(
        "INSERT INTO attempt_answers (attempt_id, question_id, option_id) \
         SELECT $1, q.id, o.id FROM module_questions q JOIN question_options o ON o.question_id = q.id \
         WHERE q.module_id = $2 AND o.correct = 1",
    )
    .bind(attempt_id)
    .bind(module_id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn load(db: &Db) -> Result<(), AppError> {
    let Some((organisation_id,)) = sqlx::query_as::<_, (i64,)>("SELECT id FROM organisations WHERE slug = $1")
        .bind(PROVIDER_SLUG)
        .fetch_optional(db)
        .await?
    else {
        return Ok(());
    };
    let curriculum = curriculum::research_skills().map_err(|problem| {
        tracing::error!(%problem, "the shipped curriculum does not parse");
        AppError::Internal
    })?;
    let course_id = install_curriculum(db, organisation_id, &curriculum).await?;
    load_finished_cohort(db, course_id).await?;

    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM cohorts WHERE course_id = $1 AND name = $2")
        .bind(course_id)
        .bind(DEMO_COHORT)
        .fetch_optional(db)
        .await?;
    if exists.is_some() {
        return Ok(());
    }
    let Some(trainer) = user_id(db, TRAINER_EMAIL).await? else { return Ok(()) };
    let at = now();
    let modules: Vec<(i64,)> = sqlx::query_as("SELECT id FROM course_modules WHERE course_id = $1 ORDER BY position")
        .bind(course_id)
        .fetch_all(db)
        .await?;
    let modules: Vec<i64> = modules.into_iter().map(|(id,)| id).collect();

    let (cohort_id,): (i64,) = sqlx::query_as(
        "INSERT INTO cohorts (course_id, name, starts_on, ends_on, capacity, location, min_attendance, created_by, created_at) \
         VALUES ($1, $2, $3, $4, 12, 'Chelmsford Library, meeting room 2', 75, $5, $6) RETURNING id",
    )
    .bind(course_id)
    .bind(DEMO_COHORT)
    .bind(day(-21))
    .bind(day(21))
    .bind(trainer)
    .bind(at)
    .fetch_one(db)
    .await?;
    sqlx::query("INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)").bind(cohort_id).bind(trainer).execute(db).await?;
    for module_id in &modules {
        sqlx::query("INSERT INTO cohort_required_modules (cohort_id, module_id) VALUES ($1, $2)")
            .bind(cohort_id)
            .bind(module_id)
            .execute(db)
            .await?;
    }
    // Six weekly sessions, two modules each: three held, three to come.
    let mut sessions = Vec::new();
    for week in 0..6i64 {
        let (session_id,): (i64,) = sqlx::query_as(
            "INSERT INTO cohort_sessions (cohort_id, on_date, at_time, place, online, created_at) VALUES ($1, $2, '10:30', $3, $4, $5) RETURNING id",
        )
        .bind(cohort_id)
        .bind(day(-21 + week * 7))
        .bind("Chelmsford Library, meeting room 2")
        .bind(week % 2)
        .bind(at)
        .fetch_one(db)
        .await?;
        for module_id in modules.iter().skip(week as usize * 2).take(2) {
            sqlx::query("INSERT INTO session_modules (session_id, module_id) VALUES ($1, $2)")
                .bind(session_id)
                .bind(module_id)
                .execute(db)
                .await?;
        }
        sessions.push(session_id);
    }
    for (email, complete, read_only, attendance) in TRAINEES {
        let Some(trainee) = user_id(db, email).await? else { continue };
        sqlx::query("INSERT INTO enrolments (cohort_id, user_id, enrolled_at) VALUES ($1, $2, $3)")
            .bind(cohort_id)
            .bind(trainee)
            .bind(at - 22 * 24 * 3600)
            .execute(db)
            .await?;
        for (n, module_id) in modules.iter().take(*complete).enumerate() {
            complete_module(db, trainee, *module_id, at - (20 - n as i64) * 24 * 3600, true).await?;
        }
        if let Some(position) = read_only {
            complete_module(db, trainee, modules[position - 1], at - 2 * 24 * 3600, false).await?;
        }
        for (session_id, status) in sessions.iter().zip(attendance.iter()) {
            let (marked_by, note) = if *status == "apologies" { (trainee, "Hospital appointment that morning.") } else { (trainer, "") };
            sqlx::query(
                "INSERT INTO attendance (session_id, user_id, status, note, marked_by, marked_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(session_id)
            .bind(trainee)
            .bind(*status)
            .bind(note)
            .bind(marked_by)
            .bind(at)
            .execute(db)
            .await?;
        }
    }

    // The learning log: shared with and without feedback, and a private entry.
    let reflections: &[(&str, usize, &str, bool, Option<&str>)] = &[
        (
            "joan@trainee.example",
            1,
            "When my husband was in hospital nobody told us when he would be sent home. I would have liked the staff to \
             understand how frightening it is to wait without knowing. I think that is a question worth researching.",
            true,
            Some("Thank you, Joan. That is exactly the kind of question lived experience brings. Hold on to it for module 2, \
                  where we turn worries like this into research questions."),
        ),
        (
            "joan@trainee.example",
            2,
            "I found it hard to make my question narrow enough. I started with \"why is the NHS so slow\" and ended with \
             \"how do older people in Chelmsford find out when they will be discharged\".",
            true,
            None,
        ),
        (
            "joan@trainee.example",
            3,
            "I am not sure I am confident enough to interview strangers yet. I will talk to my daughter about it.",
            false,
            None,
        ),
        (
            "frank@trainee.example",
            1,
            "I have used the day centre for three years and I never thought what I know counted as knowledge.",
            true,
            None,
        ),
    ];
    for (email, position, body, shared, reply) in reflections {
        let Some(author) = user_id(db, email).await? else { continue };
        let (reflection_id,): (i64,) = sqlx::query_as(
            "INSERT INTO reflections (user_id, cohort_id, module_id, body, shared, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(author)
        .bind(cohort_id)
        .bind(modules[position - 1])
        .bind(*body)
        .bind(*shared as i64)
        .bind(at - (15 - *position as i64) * 24 * 3600)
        .fetch_one(db)
        .await?;
        if let Some(reply) = reply {
            sqlx::query("INSERT INTO reflection_replies (reflection_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)")
                .bind(reflection_id)
                .bind(trainer)
                .bind(*reply)
                .bind(at - 10 * 24 * 3600)
                .execute(db)
                .await?;
        }
    }
    Ok(())
}

/// A cohort that has finished: its sessions held, its graduate's certificate issued.
async fn load_finished_cohort(db: &Db, course_id: i64) -> Result<(), AppError> {
    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM cohorts WHERE course_id = $1 AND name = $2")
        .bind(course_id)
        .bind(FINISHED_COHORT)
        .fetch_optional(db)
        .await?;
    let (Some(trainer), Some(graduate)) = (user_id(db, TRAINER_EMAIL).await?, user_id(db, GRADUATE_EMAIL).await?) else {
        return Ok(());
    };
    if exists.is_some() {
        return Ok(());
    }
    let at = now();
    let (cohort_id,): (i64,) = sqlx::query_as(
        "INSERT INTO cohorts (course_id, name, starts_on, ends_on, capacity, location, min_attendance, created_by, created_at) \
         VALUES ($1, $2, $3, $4, 10, 'Colchester Community Centre', 75, $5, $6) RETURNING id",
    )
    .bind(course_id)
    .bind(FINISHED_COHORT)
    .bind(day(-150))
    .bind(day(-80))
    .bind(trainer)
    .bind(at)
    .fetch_one(db)
    .await?;
    sqlx::query("INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)").bind(cohort_id).bind(trainer).execute(db).await?;
    let modules: Vec<(i64,)> = sqlx::query_as("SELECT id FROM course_modules WHERE course_id = $1 ORDER BY position")
        .bind(course_id)
        .fetch_all(db)
        .await?;
    sqlx::query("INSERT INTO enrolments (cohort_id, user_id, enrolled_at) VALUES ($1, $2, $3)")
        .bind(cohort_id)
        .bind(graduate)
        .bind(at - 155 * 24 * 3600)
        .execute(db)
        .await?;
    for (n, (module_id,)) in modules.iter().enumerate() {
        sqlx::query("INSERT INTO cohort_required_modules (cohort_id, module_id) VALUES ($1, $2)")
            .bind(cohort_id)
            .bind(module_id)
            .execute(db)
            .await?;
        complete_module(db, graduate, *module_id, at - (140 - 5 * n as i64) * 24 * 3600, true).await?;
    }
    for week in 0..4i64 {
        let (session_id,): (i64,) = sqlx::query_as(
            "INSERT INTO cohort_sessions (cohort_id, on_date, at_time, place, online, created_at) \
             VALUES ($1, $2, '14:00', 'Colchester Community Centre', 0, $3) RETURNING id",
        )
        .bind(cohort_id)
        .bind(day(-150 + week * 14))
        .bind(at)
        .fetch_one(db)
        .await?;
        sqlx::query(
            "INSERT INTO attendance (session_id, user_id, status, note, marked_by, marked_at) VALUES ($1, $2, $3, '', $4, $5)",
        )
        .bind(session_id)
        .bind(graduate)
        .bind(if week == 2 { "remote" } else { "present" })
        .bind(trainer)
        .bind(at)
        .execute(db)
        .await?;
    }
    sqlx::query(
        "INSERT INTO certificates (cohort_id, user_id, code, issued_at, issue_reason) VALUES ($1, $2, $3, $4, 'Met the cohort''s completion rule') \
         ON CONFLICT (code) DO NOTHING",
    )
    .bind(cohort_id)
    .bind(graduate)
    .bind(DEMO_CERTIFICATE)
    .bind(at - 80 * 24 * 3600)
    .execute(db)
    .await?;
    load_seeking_graduate(db, cohort_id, &modules, at).await?;
    Ok(())
}

/// Gwen finished the Colchester cohort too, joined no group, and asked to be found by one.
/// Her account is one of the foundation's demo people.
async fn load_seeking_graduate(db: &Db, cohort_id: i64, modules: &[(i64,)], at: i64) -> Result<(), AppError> {
    let Some(user) = user_id(db, SEEKING_GRADUATE_EMAIL).await? else { return Ok(()) };
    sqlx::query("INSERT INTO enrolments (cohort_id, user_id, enrolled_at) VALUES ($1, $2, $3)")
        .bind(cohort_id)
        .bind(user)
        .bind(at - 155 * 24 * 3600)
        .execute(db)
        .await?;
    for (n, (module_id,)) in modules.iter().enumerate() {
        complete_module(db, user, *module_id, at - (138 - 5 * n as i64) * 24 * 3600, true).await?;
    }
    sqlx::query(
        "INSERT INTO attendance (session_id, user_id, status, note, marked_by, marked_at) \
         SELECT s.id, $1, 'present', '', NULL, $2 FROM cohort_sessions s WHERE s.cohort_id = $3",
    )
    .bind(user)
    .bind(at)
    .bind(cohort_id)
    .execute(db)
    .await?;
    let (certificate_id,): (i64,) = sqlx::query_as(
        "INSERT INTO certificates (cohort_id, user_id, code, issued_at, issue_reason) VALUES ($1, $2, $3, $4, 'Met the cohort''s completion rule') \
         RETURNING id",
    )
    .bind(cohort_id)
    .bind(user)
    .bind(SEEKING_CERTIFICATE)
    .bind(at - 80 * 24 * 3600)
    .fetch_one(db)
    .await?;
    sqlx::query("INSERT INTO graduates_seeking_group (user_id, certificate_id, since_at) VALUES ($1, $2, $3)")
        .bind(user)
        .bind(certificate_id)
        .bind(at - 70 * 24 * 3600)
        .execute(db)
        .await?;
    Ok(())
}
