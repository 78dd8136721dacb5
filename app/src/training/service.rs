//! Service and data code for training (server only). Every function that acts for a
//! person takes their [`Actor`], loads the facts its rule needs and asks
//! [`authz::require`] before reading or changing anything.

use std::collections::{HashMap, HashSet};

use crate::identity::CurrentUser;
use crate::authz::training::TrainingAction;
use crate::authz::{self, Action};
use crate::identity::Actor;
use crate::error::{AppError, FormErrors};
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::db::Db;
use crate::platform::time::{today, format_date, now};
use crate::platform::mail::Email;
use crate::platform::markdown::to_safe_html;
use crate::accounts::session;
use crate::platform::state::AppState;
use crate::training::*;
use crate::validate::{self, FormCheck};

pub const INVITATION_DAYS: i64 = 21;
pub const REFLECTION_MAX: usize = 5_000;
pub const REASON_MAX: usize = 500;
pub const MODULE_BODY_MAX: usize = 60_000;

fn training(action: TrainingAction) -> Action {
    Action::Training(action)
}

// ---- Facts ----

#[derive(Debug, Clone)]
pub struct CohortCtx {
    pub id: i64,
    pub name: String,
    pub course_id: i64,
    pub course_title: String,
    pub course_summary: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: i64,
    pub location: String,
    pub min_attendance: i64,
}

pub async fn cohort_ctx(db: &Db, cohort_id: i64) -> Result<CohortCtx, AppError> {
    #[allow(clippy::type_complexity)]
    let row: Option<(i64, String, i64, String, String, i64, String, String, String, i64, String, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, k.id, k.title, k.summary, o.id, o.name, c.starts_on, c.ends_on, c.capacity, c.location, c.min_attendance \
         FROM cohorts c JOIN courses k ON k.id = c.course_id JOIN organisations o ON o.id = k.organisation_id WHERE c.id = $1",
    )
    .bind(cohort_id)
    .fetch_optional(db)
    .await?;
    let (id, name, course_id, course_title, course_summary, organisation_id, organisation_name, starts_on, ends_on, capacity, location, min_attendance) =
        row.ok_or(AppError::NotFound)?;
    Ok(CohortCtx {
        id,
        name,
        course_id,
        course_title,
        course_summary,
        organisation_id,
        organisation_name,
        starts_on,
        ends_on,
        capacity,
        location,
        min_attendance,
    })
}

async fn is_cohort_trainer(db: &Db, cohort_id: i64, user_id: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM cohort_trainers WHERE cohort_id = $1 AND user_id = $2")
        .bind(cohort_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some())
}

async fn is_enrolled(db: &Db, cohort_id: i64, user_id: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM enrolments WHERE cohort_id = $1 AND user_id = $2")
        .bind(cohort_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some())
}

fn run_action(ctx: &CohortCtx, is_cohort_trainer: bool) -> Action {
    training(TrainingAction::RunCohort { organisation_id: ctx.organisation_id, is_cohort_trainer })
}

/// Whether this person runs the cohort (without refusing).
async fn runs(db: &Db, actor: &Actor, ctx: &CohortCtx) -> Result<bool, AppError> {
    let trainer = is_cohort_trainer(db, ctx.id, actor.user_id).await?;
    Ok(authz::may(actor, &run_action(ctx, trainer)))
}

/// The cohort, if this person runs it; otherwise the refusal.
pub async fn require_run(db: &Db, actor: &Actor, cohort_id: i64) -> Result<CohortCtx, AppError> {
    let ctx = cohort_ctx(db, cohort_id).await?;
    let trainer = is_cohort_trainer(db, cohort_id, actor.user_id).await?;
    authz::require(Some(actor), run_action(&ctx, trainer))?;
    Ok(ctx)
}

/// The cohort, if this person studies in it; otherwise the refusal.
pub async fn require_study(db: &Db, actor: &Actor, cohort_id: i64) -> Result<CohortCtx, AppError> {
    let ctx = cohort_ctx(db, cohort_id).await?;
    let enrolled = is_enrolled(db, cohort_id, actor.user_id).await?;
    authz::require(Some(actor), training(TrainingAction::Study { is_enrolled: enrolled }))?;
    Ok(ctx)
}

async fn course_org(db: &Db, course_id: i64) -> Result<(i64, String, i64, String), AppError> {
    let row: Option<(i64, String, i64, String)> = sqlx::query_as(
        "SELECT k.id, k.title, o.id, o.name FROM courses k JOIN organisations o ON o.id = k.organisation_id WHERE k.id = $1",
    )
    .bind(course_id)
    .fetch_optional(db)
    .await?;
    row.ok_or(AppError::NotFound)
}

// ---- Progress, attendance and the completion rule ----

pub struct ModuleFacts {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub minutes: i64,
    pub has_check: bool,
    pub required: bool,
}

pub struct SessionFacts {
    pub id: i64,
    pub on_date: String,
    pub at_time: String,
    pub place: String,
    pub online: bool,
    pub covers: Vec<i64>,
}

/// Everything needed to work out each trainee's progress in one cohort.
pub struct CohortProgress {
    pub modules: Vec<ModuleFacts>,
    pub sessions: Vec<SessionFacts>,
    reads: HashSet<(i64, i64)>,
    passed: HashSet<(i64, i64)>,
    attendance: HashMap<(i64, i64), (Attendance, String)>,
    pub min_attendance: i64,
}

impl CohortProgress {
    pub fn state(&self, user_id: i64, module: &ModuleFacts) -> ModuleState {
        ModuleState::of(
            self.reads.contains(&(user_id, module.id)),
            module.has_check,
            self.passed.contains(&(user_id, module.id)),
        )
    }

    pub fn state_of(&self, user_id: i64, module_id: i64) -> ModuleState {
        self.modules.iter().find(|m| m.id == module_id).map(|m| self.state(user_id, m)).unwrap_or(ModuleState::NotStarted)
    }

    pub fn status(&self, user_id: i64, session_id: i64) -> Option<Attendance> {
        self.attendance.get(&(session_id, user_id)).map(|(a, _)| *a)
    }

    pub fn note(&self, user_id: i64, session_id: i64) -> String {
        self.attendance.get(&(session_id, user_id)).map(|(_, n)| n.clone()).unwrap_or_default()
    }

    pub fn attended(&self, user_id: i64) -> usize {
        self.sessions.iter().filter(|s| self.status(user_id, s.id).is_some_and(Attendance::attended)).count()
    }

    pub fn done(&self, user_id: i64) -> usize {
        self.modules.iter().filter(|m| self.state(user_id, m) == ModuleState::Complete).count()
    }

    pub fn required_total(&self) -> usize {
        self.modules.iter().filter(|m| m.required).count()
    }

    pub fn required_done(&self, user_id: i64) -> usize {
        self.modules.iter().filter(|m| m.required && self.state(user_id, m) == ModuleState::Complete).count()
    }

    pub fn meets_rule(&self, user_id: i64) -> bool {
        meets_completion_rule(
            self.required_done(user_id),
            self.required_total(),
            self.attended(user_id),
            self.sessions.len(),
            self.min_attendance,
        )
    }
}

pub async fn cohort_progress(db: &Db, ctx: &CohortCtx) -> Result<CohortProgress, AppError> {
    let module_rows: Vec<(i64, i64, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT m.id, m.position, m.title, m.minutes, \
         (SELECT COUNT(*) FROM module_questions q WHERE q.module_id = m.id AND q.retired_at IS NULL), \
         (SELECT COUNT(*) FROM cohort_required_modules r WHERE r.module_id = m.id AND r.cohort_id = $2) \
         FROM course_modules m WHERE m.course_id = $1 ORDER BY m.position",
    )
    .bind(ctx.course_id)
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let modules = module_rows
        .into_iter()
        .map(|(id, position, title, minutes, questions, required)| ModuleFacts {
            id,
            position,
            title,
            minutes,
            has_check: questions > 0,
            required: required > 0,
        })
        .collect();
    let session_rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, on_date, at_time, place, online FROM cohort_sessions WHERE cohort_id = $1 ORDER BY on_date, at_time, id",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let covers: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT sm.session_id, sm.module_id FROM session_modules sm JOIN cohort_sessions s ON s.id = sm.session_id \
         JOIN course_modules m ON m.id = sm.module_id WHERE s.cohort_id = $1 ORDER BY m.position",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let sessions = session_rows
        .into_iter()
        .map(|(id, on_date, at_time, place, online)| SessionFacts {
            id,
            on_date,
            at_time,
            place,
            online: online != 0,
            covers: covers.iter().filter(|(s, _)| *s == id).map(|(_, m)| *m).collect(),
        })
        .collect();
    let reads: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT r.user_id, r.module_id FROM module_reads r JOIN enrolments e ON e.user_id = r.user_id \
         JOIN course_modules m ON m.id = r.module_id WHERE e.cohort_id = $1 AND m.course_id = $2",
    )
    .bind(ctx.id)
    .bind(ctx.course_id)
    .fetch_all(db)
    .await?;
    let passed: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT DISTINCT a.user_id, a.module_id FROM check_attempts a JOIN enrolments e ON e.user_id = a.user_id \
         JOIN course_modules m ON m.id = a.module_id WHERE e.cohort_id = $1 AND m.course_id = $2 AND a.passed = 1",
    )
    .bind(ctx.id)
    .bind(ctx.course_id)
    .fetch_all(db)
    .await?;
    let attendance: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT a.session_id, a.user_id, a.status, a.note FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id \
         WHERE s.cohort_id = $1",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    Ok(CohortProgress {
        modules,
        sessions,
        reads: reads.into_iter().collect(),
        passed: passed.into_iter().collect(),
        attendance: attendance
            .into_iter()
            .filter_map(|(s, u, status, note)| Some(((s, u), (Attendance::parse(&status)?, note))))
            .collect(),
        min_attendance: ctx.min_attendance,
    })
}

/// A code people can read out over the phone: CR- and eight letters and digits.
fn certificate_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let token = random_token();
    let chars: String = token.bytes().take(8).map(|b| ALPHABET[(b as usize) % ALPHABET.len()] as char).collect();
    format!("CR-{}-{}", &chars[..4], &chars[4..])
}

/// Issues a certificate when a trainee has just met the rule. A revoked certificate is
/// never re-issued automatically: only a trainer can issue again, with a reason.
pub async fn refresh_certificate(db: &Db, ctx: &CohortCtx, user_id: i64) -> Result<Option<String>, AppError> {
    let any: Option<(i64,)> = sqlx::query_as("SELECT id FROM certificates WHERE cohort_id = $1 AND user_id = $2")
        .bind(ctx.id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    if any.is_some() || !is_enrolled(db, ctx.id, user_id).await? {
        return Ok(None);
    }
    let progress = cohort_progress(db, ctx).await?;
    if !progress.meets_rule(user_id) {
        return Ok(None);
    }
    let code = certificate_code();
    sqlx::query(
        "INSERT INTO certificates (cohort_id, user_id, code, issued_at, issue_reason) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(ctx.id)
    .bind(user_id)
    .bind(&code)
    .bind(now())
    .bind("Met the cohort's completion rule")
    .execute(db)
    .await?;
    Ok(Some(code))
}

async fn refresh_all_certificates(db: &Db, ctx: &CohortCtx) -> Result<(), AppError> {
    let users: Vec<(i64,)> =
        sqlx::query_as("SELECT user_id FROM enrolments WHERE cohort_id = $1").bind(ctx.id).fetch_all(db).await?;
    for (user_id,) in users {
        refresh_certificate(db, ctx, user_id).await?;
    }
    Ok(())
}

/// Every cohort of a course this person studies, for refreshing after module progress.
async fn cohorts_studying_course(db: &Db, user_id: i64, course_id: i64) -> Result<Vec<i64>, AppError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT c.id FROM cohorts c JOIN enrolments e ON e.cohort_id = c.id WHERE e.user_id = $1 AND c.course_id = $2",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

async fn active_certificate(db: &Db, cohort_id: i64, user_id: i64) -> Result<Option<CertificateRow>, AppError> {
    let row: Option<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, code, revoked_at FROM certificates WHERE cohort_id = $1 AND user_id = $2 ORDER BY issued_at DESC, id DESC",
    )
    .bind(cohort_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, code, revoked)| CertificateRow { id, code, revoked: revoked.is_some() }))
}

// ---- The training home page ----

pub async fn training_home(db: &Db, actor: &Actor) -> Result<TrainingHome, AppError> {
    authz::require(Some(actor), training(TrainingAction::UseTraining))?;
    let mine: Vec<(i64,)> = sqlx::query_as(
        "SELECT e.cohort_id FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id WHERE e.user_id = $1 ORDER BY c.starts_on DESC",
    )
    .bind(actor.user_id)
    .fetch_all(db)
    .await?;
    let mut studying = Vec::new();
    for (cohort_id,) in mine {
        let ctx = cohort_ctx(db, cohort_id).await?;
        let progress = cohort_progress(db, &ctx).await?;
        let certificate = active_certificate(db, cohort_id, actor.user_id).await?;
        studying.push(StudyCard {
            cohort_id,
            cohort_name: ctx.name.clone(),
            course_title: ctx.course_title.clone(),
            done: progress.done(actor.user_id),
            total: progress.modules.len(),
            certificate_code: certificate.filter(|c| !c.revoked).map(|c| c.code),
        });
    }

    #[allow(clippy::type_complexity)]
    let cohorts: Vec<(i64, String, String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, k.title, c.starts_on, c.ends_on, c.capacity, k.organisation_id, \
         (SELECT COUNT(*) FROM enrolments e WHERE e.cohort_id = c.id) FROM cohorts c JOIN courses k ON k.id = c.course_id \
         ORDER BY c.starts_on DESC",
    )
    .fetch_all(db)
    .await?;
    let trains: Vec<(i64,)> = sqlx::query_as("SELECT cohort_id FROM cohort_trainers WHERE user_id = $1")
        .bind(actor.user_id)
        .fetch_all(db)
        .await?;
    let trains: HashSet<i64> = trains.into_iter().map(|(id,)| id).collect();
    let running = cohorts
        .into_iter()
        .filter(|(id, _, _, _, _, _, org, _)| {
            authz::may(
                actor,
                &training(TrainingAction::RunCohort { organisation_id: *org, is_cohort_trainer: trains.contains(id) }),
            )
        })
        .map(|(id, name, course_title, starts_on, ends_on, capacity, _, enrolled)| CohortCard {
            id,
            name,
            course_title,
            starts_on,
            ends_on,
            enrolled,
            capacity,
        })
        .collect();

    let courses: Vec<(i64, String, i64, String, i64)> = sqlx::query_as(
        "SELECT k.id, k.title, o.id, o.name, (SELECT COUNT(*) FROM course_modules m WHERE m.course_id = k.id) \
         FROM courses k JOIN organisations o ON o.id = k.organisation_id ORDER BY k.title",
    )
    .fetch_all(db)
    .await?;
    let courses = courses
        .into_iter()
        .filter(|(_, _, org, _, _)| authz::may(actor, &training(TrainingAction::AuthorCourses { organisation_id: *org })))
        .map(|(id, title, _, organisation_name, modules)| CourseCard { id, title, organisation_name, modules })
        .collect();
    let providers = actor
        .memberships
        .iter()
        .filter(|m| authz::may(actor, &training(TrainingAction::AuthorCourses { organisation_id: m.organisation_id })))
        .map(|m| (m.organisation_id, m.organisation_name.clone()))
        .collect();
    let finds_graduates = authz::may(actor, &training(TrainingAction::FindGraduates));
    Ok(TrainingHome { studying, running, courses, providers, finds_graduates })
}

// ---- Courses and modules ----

pub async fn course_page(db: &Db, actor: &Actor, course_id: i64) -> Result<CoursePage, AppError> {
    let (id, title, organisation_id, organisation_name) = course_org(db, course_id).await?;
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    let (summary, description): (String, String) =
        sqlx::query_as("SELECT summary, description FROM courses WHERE id = $1").bind(id).fetch_one(db).await?;
    let modules: Vec<(i64, i64, String, i64, i64)> = sqlx::query_as(
        "SELECT m.id, m.position, m.title, m.minutes, \
         (SELECT COUNT(*) FROM module_questions q WHERE q.module_id = m.id AND q.retired_at IS NULL) \
         FROM course_modules m WHERE m.course_id = $1 ORDER BY m.position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let cohorts: Vec<(i64, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, c.starts_on, c.ends_on, c.capacity, (SELECT COUNT(*) FROM enrolments e WHERE e.cohort_id = c.id) \
         FROM cohorts c WHERE c.course_id = $1 ORDER BY c.starts_on DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(CoursePage {
        id,
        title: title.clone(),
        summary,
        description_html: to_safe_html(&description),
        organisation_name,
        modules: modules
            .into_iter()
            .map(|(id, position, title, minutes, questions)| ModuleRow { id, position, title, minutes, questions })
            .collect(),
        cohorts: cohorts
            .into_iter()
            .map(|(id, name, starts_on, ends_on, capacity, enrolled)| CohortCard {
                id,
                name,
                course_title: title.clone(),
                starts_on,
                ends_on,
                enrolled,
                capacity,
            })
            .collect(),
    })
}

struct ModuleRecord {
    id: i64,
    course_id: i64,
    position: i64,
    title: String,
    minutes: i64,
    outcomes: String,
    body: String,
    reflection_prompt: String,
    pass_mark: i64,
    version: i64,
}

async fn module_record(db: &Db, module_id: i64) -> Result<ModuleRecord, AppError> {
    #[allow(clippy::type_complexity)]
    let row: Option<(i64, i64, i64, String, i64, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, course_id, position, title, minutes, outcomes, body, reflection_prompt, pass_mark, version \
         FROM course_modules WHERE id = $1",
    )
    .bind(module_id)
    .fetch_optional(db)
    .await?;
    let (id, course_id, position, title, minutes, outcomes, body, reflection_prompt, pass_mark, version) =
        row.ok_or(AppError::NotFound)?;
    Ok(ModuleRecord { id, course_id, position, title, minutes, outcomes, body, reflection_prompt, pass_mark, version })
}

pub async fn module_editor(db: &Db, actor: &Actor, module_id: i64) -> Result<ModuleEditor, AppError> {
    let module = module_record(db, module_id).await?;
    let (_, course_title, organisation_id, _) = course_org(db, module.course_id).await?;
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    let (questions,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM module_questions WHERE module_id = $1 AND retired_at IS NULL")
            .bind(module_id)
            .fetch_one(db)
            .await?;
    let draft: Option<(String, i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT title, minutes, outcomes, body, reflection_prompt, pass_mark FROM module_drafts WHERE module_id = $1 AND user_id = $2",
    )
    .bind(module_id)
    .bind(actor.user_id)
    .fetch_optional(db)
    .await?;
    let is_draft = draft.is_some();
    let (title, minutes, outcomes, body, reflection_prompt, pass_mark) = draft.unwrap_or((
        module.title,
        module.minutes,
        module.outcomes,
        module.body,
        module.reflection_prompt,
        module.pass_mark,
    ));
    let check = live_questions(db, module_id)
        .await?
        .into_iter()
        .map(|q| EditorQuestion {
            id: q.id,
            kind: q.kind,
            text: q.text,
            options: q.options.into_iter().map(|(_, text, correct, feedback)| (text, correct, feedback)).collect(),
        })
        .collect();
    Ok(ModuleEditor {
        check,
        course_id: module.course_id,
        course_title,
        id: module.id,
        position: module.position,
        preview_html: to_safe_html(&body),
        title,
        minutes,
        outcomes,
        body,
        reflection_prompt,
        pass_mark,
        version: module.version,
        questions,
        is_draft,
    })
}

#[derive(Debug, Clone)]
pub struct ModuleFields {
    pub title: String,
    pub minutes: i64,
    pub outcomes: String,
    pub body: String,
    pub reflection_prompt: String,
    pub pass_mark: i64,
}

pub fn check_module_fields(
    title: &str,
    minutes: &str,
    outcomes: &str,
    body: &str,
    reflection_prompt: &str,
    pass_mark: &str,
) -> Result<ModuleFields, AppError> {
    let mut check = FormCheck::new();
    let title = check.field("title", title, |t| validate::line(t, "the module's title", 200, true));
    let minutes = check.field("minutes", minutes, |m| {
        m.trim().parse::<i64>().ok().filter(|m| (1..=600).contains(m)).ok_or_else(|| "Enter the time in minutes, from 1 to 600".to_string())
    });
    let outcomes = check.field("outcomes", outcomes, |o| validate::text(o, "the learning outcomes", 4_000, true));
    let body = check.field("body", body, |b| validate::text(b, "the module's content", MODULE_BODY_MAX, true));
    let reflection_prompt =
        check.field("reflection_prompt", reflection_prompt, |r| validate::text(r, "a reflection prompt", 1_000, false));
    let pass_mark = check.field("pass_mark", pass_mark, |p| {
        p.trim().parse::<i64>().ok().filter(|p| (0..=100).contains(p)).ok_or_else(|| "Enter a pass mark from 0 to 100".to_string())
    });
    let (title, minutes, outcomes, body, reflection_prompt, pass_mark) =
        check.finish((title, minutes, outcomes, body, reflection_prompt, pass_mark))?;
    let outcomes = outcomes.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    Ok(ModuleFields { title, minutes, outcomes, body, reflection_prompt, pass_mark })
}

async fn require_author_of_module(db: &Db, actor: &Actor, module_id: i64) -> Result<ModuleRecord, AppError> {
    let module = module_record(db, module_id).await?;
    let (_, _, organisation_id, _) = course_org(db, module.course_id).await?;
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    Ok(module)
}

/// Keeps the trainer's unsaved changes so they can see the preview; trainees see nothing yet.
pub async fn preview_module(db: &Db, actor: &Actor, module_id: i64, fields: ModuleFields) -> Result<(), AppError> {
    require_author_of_module(db, actor, module_id).await?;
    sqlx::query("DELETE FROM module_drafts WHERE module_id = $1 AND user_id = $2")
        .bind(module_id)
        .bind(actor.user_id)
        .execute(db)
        .await?;
    sqlx::query(
        "INSERT INTO module_drafts (module_id, user_id, title, minutes, outcomes, body, reflection_prompt, pass_mark, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(module_id)
    .bind(actor.user_id)
    .bind(&fields.title)
    .bind(fields.minutes)
    .bind(&fields.outcomes)
    .bind(&fields.body)
    .bind(&fields.reflection_prompt)
    .bind(fields.pass_mark)
    .bind(now())
    .execute(db)
    .await?;
    Ok(())
}

/// Publishes changes to a module. Its id and its questions stay the same, so every
/// trainee's reading, answers and passed checks are kept; the version goes up.
pub async fn save_module(db: &Db, actor: &Actor, module_id: i64, fields: ModuleFields) -> Result<i64, AppError> {
    let module = require_author_of_module(db, actor, module_id).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE course_modules SET title = $1, minutes = $2, outcomes = $3, body = $4, reflection_prompt = $5, pass_mark = $6, \
         version = version + 1, updated_at = $7, updated_by = $8 WHERE id = $9",
    )
    .bind(&fields.title)
    .bind(fields.minutes)
    .bind(&fields.outcomes)
    .bind(&fields.body)
    .bind(&fields.reflection_prompt)
    .bind(fields.pass_mark)
    .bind(now())
    .bind(actor.user_id)
    .bind(module_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM module_drafts WHERE module_id = $1 AND user_id = $2")
        .bind(module_id)
        .bind(actor.user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(module.course_id)
}

pub async fn discard_draft(db: &Db, actor: &Actor, module_id: i64) -> Result<(), AppError> {
    require_author_of_module(db, actor, module_id).await?;
    sqlx::query("DELETE FROM module_drafts WHERE module_id = $1 AND user_id = $2")
        .bind(module_id)
        .bind(actor.user_id)
        .execute(db)
        .await?;
    Ok(())
}

// ---- Cohorts ----

#[allow(clippy::too_many_arguments)]
pub async fn create_cohort(
    db: &Db,
    actor: &Actor,
    course_id: i64,
    name: &str,
    starts_on: &str,
    ends_on: &str,
    capacity: &str,
    location: &str,
    min_attendance: &str,
) -> Result<i64, AppError> {
    let (_, _, organisation_id, _) = course_org(db, course_id).await?;
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    let mut check = FormCheck::new();
    let name = check.field("name", name, |n| validate::line(n, "a name for the cohort", 120, true));
    let starts = check.field("starts_on", starts_on, |d| validate::date(d, "the first date", true));
    let ends = check.field("ends_on", ends_on, |d| validate::date(d, "the last date", true));
    let capacity = check.field("capacity", capacity, |c| {
        c.trim().parse::<i64>().ok().filter(|c| (1..=200).contains(c)).ok_or_else(|| "Enter how many places there are, from 1 to 200".to_string())
    });
    let location = check.field("location", location, |l| validate::line(l, "where it meets", 200, false));
    let min_attendance = check.field("min_attendance", min_attendance, |m| {
        m.trim().parse::<i64>().ok().filter(|m| (0..=100).contains(m)).ok_or_else(|| "Enter a percentage from 0 to 100".to_string())
    });
    if let (Some(Some(s)), Some(Some(e))) = (&starts, &ends) {
        if e < s {
            check.fail("ends_on", "The last date must be on or after the first date");
        }
    }
    let (name, starts, ends, capacity, location, min_attendance) =
        check.finish((name, starts, ends, capacity, location, min_attendance))?;
    let at = now();
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO cohorts (course_id, name, starts_on, ends_on, capacity, location, min_attendance, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(course_id)
    .bind(&name)
    .bind(starts.unwrap_or_default())
    .bind(ends.unwrap_or_default())
    .bind(capacity)
    .bind(&location)
    .bind(min_attendance)
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)")
        .bind(id)
        .bind(actor.user_id)
        .execute(&mut *tx)
        .await?;
    // Every module is required until the trainers choose otherwise.
    sqlx::query("INSERT INTO cohort_required_modules (cohort_id, module_id) SELECT $1, id FROM course_modules WHERE course_id = $2")
        .bind(id)
        .bind(course_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

fn cohort_facts(ctx: &CohortCtx, trainers: Vec<String>) -> CohortFacts {
    CohortFacts {
        id: ctx.id,
        name: ctx.name.clone(),
        course_id: ctx.course_id,
        course_title: ctx.course_title.clone(),
        organisation_name: ctx.organisation_name.clone(),
        starts_on: ctx.starts_on.clone(),
        ends_on: ctx.ends_on.clone(),
        capacity: ctx.capacity,
        location: ctx.location.clone(),
        min_attendance: ctx.min_attendance,
        trainers,
    }
}

async fn trainer_names(db: &Db, cohort_id: i64) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT u.name FROM cohort_trainers t JOIN users u ON u.id = t.user_id WHERE t.cohort_id = $1 ORDER BY u.name",
    )
    .bind(cohort_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

fn module_titles(progress: &CohortProgress, ids: &[i64]) -> Vec<(i64, String)> {
    ids.iter()
        .filter_map(|id| progress.modules.iter().find(|m| m.id == *id).map(|m| (m.id, format!("{}. {}", m.position, m.title))))
        .collect()
}

/// The cohort as its trainers see it, or as a trainee sees their own course.
pub async fn cohort_page(db: &Db, actor: &Actor, cohort_id: i64) -> Result<CohortPage, AppError> {
    let ctx = cohort_ctx(db, cohort_id).await?;
    if runs(db, actor, &ctx).await? {
        return Ok(CohortPage::Trainer(Box::new(trainer_cohort(db, actor, &ctx).await?)));
    }
    let ctx = require_study(db, actor, cohort_id).await?;
    Ok(CohortPage::Trainee(Box::new(trainee_cohort(db, actor, &ctx).await?)))
}

async fn trainer_cohort(db: &Db, actor: &Actor, ctx: &CohortCtx) -> Result<TrainerCohort, AppError> {
    let progress = cohort_progress(db, ctx).await?;
    let today = today();
    let people: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.name, u.email FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = $1 ORDER BY u.name",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let mut trainees = Vec::new();
    for (user_id, name, email) in people {
        trainees.push(TraineeRow {
            user_id,
            name,
            email,
            states: progress.modules.iter().map(|m| progress.state(user_id, m)).collect(),
            required_done: progress.required_done(user_id),
            attended: progress.attended(user_id),
            attendance_percent: percent(progress.attended(user_id), progress.sessions.len()),
            meets_rule: progress.meets_rule(user_id),
            certificate: active_certificate(db, ctx.id, user_id).await?,
        });
    }
    let marked: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT a.session_id, COUNT(*) FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id \
         WHERE s.cohort_id = $1 GROUP BY a.session_id",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let sessions = progress
        .sessions
        .iter()
        .map(|s| SessionRow {
            id: s.id,
            on_date: s.on_date.clone(),
            at_time: s.at_time.clone(),
            place: s.place.clone(),
            online: s.online,
            covers: module_titles(&progress, &s.covers),
            past: s.on_date <= today,
            marked: marked.iter().find(|(id, _)| *id == s.id).map(|(_, n)| *n).unwrap_or(0),
        })
        .collect();
    let invitations: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, email, expires_at FROM cohort_invitations WHERE cohort_id = $1 AND accepted_at IS NULL \
         AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC",
    )
    .bind(ctx.id)
    .bind(now())
    .fetch_all(db)
    .await?;
    // Only shared entries: private ones are never even counted here.
    let shared: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT r.id, u.name, m.title, r.created_at, (SELECT COUNT(*) FROM reflection_replies p WHERE p.reflection_id = r.id) \
         FROM reflections r JOIN users u ON u.id = r.user_id \
         JOIN course_modules m ON m.id = r.module_id WHERE r.cohort_id = $1 AND r.shared = 1 ORDER BY r.created_at",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let head = |(id, author, module_title, at, _): &(i64, String, String, i64, i64)| ReflectionHead {
        id: *id,
        author: author.clone(),
        module_title: module_title.clone(),
        written_on: format_date(*at),
    };
    let answered = shared.iter().filter(|r| r.4 > 0).map(head).collect();
    let awaiting: Vec<ReflectionHead> = shared.iter().filter(|r| r.4 == 0).map(head).collect();
    let groups_led = actor
        .memberships
        .iter()
        .filter(|m| m.kind == crate::identity::OrgKind::ResearchGroup && actor.leads(m.organisation_id))
        .map(|m| (m.organisation_id, m.organisation_name.clone()))
        .collect();
    let other_trainers: Vec<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 \
         AND m.role = 'trainer' AND NOT EXISTS (SELECT 1 FROM cohort_trainers t WHERE t.cohort_id = $2 AND t.user_id = u.id) \
         ORDER BY u.name",
    )
    .bind(ctx.organisation_id)
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    Ok(TrainerCohort {
        other_trainers,
        cohort: cohort_facts(ctx, trainer_names(db, ctx.id).await?),
        modules: progress
            .modules
            .iter()
            .map(|m| ModuleHead { id: m.id, position: m.position, title: m.title.clone(), required: m.required })
            .collect(),
        trainees,
        sessions,
        pending_invitations: invitations.into_iter().map(|(id, email, expires)| (id, email, format_date(expires))).collect(),
        awaiting_feedback: awaiting,
        answered,
        groups_led,
    })
}

async fn trainee_cohort(db: &Db, actor: &Actor, ctx: &CohortCtx) -> Result<TraineeCohort, AppError> {
    let me = actor.user_id;
    refresh_certificate(db, ctx, me).await?;
    let progress = cohort_progress(db, ctx).await?;
    let today = today();
    let certificate = active_certificate(db, ctx.id, me).await?.filter(|c| !c.revoked).map(|c| c.code);
    Ok(TraineeCohort {
        cohort: cohort_facts(ctx, trainer_names(db, ctx.id).await?),
        summary: ctx.course_summary.clone(),
        modules: progress
            .modules
            .iter()
            .map(|m| TraineeModule {
                id: m.id,
                position: m.position,
                title: m.title.clone(),
                minutes: m.minutes,
                state: progress.state(me, m),
                required: m.required,
            })
            .collect(),
        done: progress.done(me),
        sessions: progress
            .sessions
            .iter()
            .map(|s| TraineeSession {
                id: s.id,
                on_date: s.on_date.clone(),
                at_time: s.at_time.clone(),
                place: s.place.clone(),
                online: s.online,
                covers: module_titles(&progress, &s.covers)
                    .into_iter()
                    .map(|(id, title)| (id, title, progress.state_of(me, id)))
                    .collect(),
                past: s.on_date < today,
                status: progress.status(me, s.id),
            })
            .collect(),
        attended: progress.attended(me),
        required_total: progress.required_total(),
        required_done: progress.required_done(me),
        certificate_code: certificate,
    })
}

#[allow(clippy::too_many_arguments)]
pub async fn add_session(
    db: &Db,
    actor: &Actor,
    cohort_id: i64,
    on_date: &str,
    at_time: &str,
    place: &str,
    online: bool,
    covers: &[i64],
) -> Result<(), AppError> {
    let ctx = require_run(db, actor, cohort_id).await?;
    let mut check = FormCheck::new();
    let date = check.field("on_date", on_date, |d| validate::date(d, "the date", true));
    let time = check.field("at_time", at_time, |t| validate::time_of_day(t, "the start time", true));
    let place = check.field("place", place, |p| validate::line(p, "where it meets", 200, false));
    if place.as_deref().is_some_and(str::is_empty) && !online {
        check.fail("place", "Enter where the session meets, or tick that it is online");
    }
    let (date, time, place) = check.finish((date, time, place))?;
    let modules: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM course_modules WHERE course_id = $1").bind(ctx.course_id).fetch_all(db).await?;
    let valid: HashSet<i64> = modules.into_iter().map(|(id,)| id).collect();
    if covers.iter().any(|id| !valid.contains(id)) {
        return Err(AppError::field("covers", "Choose modules from this course"));
    }
    let mut tx = db.begin().await?;
    let (session_id,): (i64,) = sqlx::query_as(
        "INSERT INTO cohort_sessions (cohort_id, on_date, at_time, place, online, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(cohort_id)
    .bind(date.unwrap_or_default())
    .bind(time.unwrap_or_default())
    .bind(&place)
    .bind(online as i64)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    for module_id in covers.iter().collect::<HashSet<_>>() {
        sqlx::query("INSERT INTO session_modules (session_id, module_id) VALUES ($1, $2)")
            .bind(session_id)
            .bind(module_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The completion rule: which modules are required, and the minimum attendance.
pub async fn set_completion_rule(
    db: &Db,
    actor: &Actor,
    cohort_id: i64,
    min_attendance: &str,
    required: &[i64],
) -> Result<(), AppError> {
    let ctx = require_run(db, actor, cohort_id).await?;
    let min = min_attendance
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|m| (0..=100).contains(m))
        .ok_or_else(|| AppError::field("min_attendance", "Enter a percentage from 0 to 100"))?;
    let modules: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM course_modules WHERE course_id = $1").bind(ctx.course_id).fetch_all(db).await?;
    let valid: HashSet<i64> = modules.into_iter().map(|(id,)| id).collect();
    if required.iter().any(|id| !valid.contains(id)) {
        return Err(AppError::field("required", "Choose modules from this course"));
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE cohorts SET min_attendance = $1 WHERE id = $2").bind(min).bind(cohort_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM cohort_required_modules WHERE cohort_id = $1").bind(cohort_id).execute(&mut *tx).await?;
    for module_id in required.iter().collect::<HashSet<_>>() {
        sqlx::query("INSERT INTO cohort_required_modules (cohort_id, module_id) VALUES ($1, $2)")
            .bind(cohort_id)
            .bind(module_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    let ctx = cohort_ctx(db, cohort_id).await?;
    refresh_all_certificates(db, &ctx).await
}

// ---- Invitations and enrolment ----

/// Addresses typed one at a time or pasted as a list (commas, semicolons, spaces or lines).
pub fn split_addresses(raw: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    raw.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|a| a.trim().trim_matches(['<', '>']).to_string())
        .filter(|a| !a.is_empty())
        .filter(|a| seen.insert(a.to_lowercase()))
        .collect()
}

async fn enrolled_count(db: &Db, cohort_id: i64) -> Result<i64, AppError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM enrolments WHERE cohort_id = $1").bind(cohort_id).fetch_one(db).await?;
    Ok(n)
}

/// Invites people by e-mail. Returns how many invitations were sent.
pub async fn invite_trainees(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    cohort_id: i64,
    emails: &str,
) -> Result<usize, AppError> {
    let db = &state.db;
    let ctx = require_run(db, actor, cohort_id).await?;
    let typed = split_addresses(emails);
    let keep = |message: String| {
        let mut errors = FormErrors::default();
        errors.keep("emails", emails);
        errors.add("emails", message);
        AppError::Invalid(errors)
    };
    if typed.is_empty() {
        return Err(keep("Enter at least one e-mail address".into()));
    }
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for address in &typed {
        match validate::email(address) {
            Ok(address) => good.push(address),
            Err(_) => bad.push(address.clone()),
        }
    }
    if !bad.is_empty() {
        return Err(keep(format!(
            "These do not look like e-mail addresses: {}. Check them and send the list again.",
            bad.join(", ")
        )));
    }
    let mut already = Vec::new();
    for address in &good {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT 1 FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = $1 AND u.email = $2",
        )
        .bind(cohort_id)
        .bind(address)
        .fetch_optional(db)
        .await?;
        if row.is_some() {
            already.push(address.clone());
        }
    }
    if !already.is_empty() {
        return Err(keep(format!("Already on this course: {}. Take them out of the list.", already.join(", "))));
    }
    // Places: people enrolled, plus live invitations to other addresses, plus these.
    let pending: Vec<(String,)> = sqlx::query_as(
        "SELECT email FROM cohort_invitations WHERE cohort_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(cohort_id)
    .bind(now())
    .fetch_all(db)
    .await?;
    let other_pending = pending.iter().filter(|(e,)| !good.contains(e)).count() as i64;
    let places_left = ctx.capacity - enrolled_count(db, cohort_id).await? - other_pending;
    if good.len() as i64 > places_left {
        return Err(keep(format!(
            "This cohort has {} places and {} left (counting invitations not yet accepted). You listed {} people.",
            ctx.capacity,
            places_left.max(0),
            good.len()
        )));
    }

    let at = now();
    let mut links = Vec::new();
    let mut tx = db.begin().await?;
    for address in &good {
        let token = random_token();
        sqlx::query(
            "UPDATE cohort_invitations SET revoked_at = $1 WHERE cohort_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(cohort_id)
        .bind(address)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO cohort_invitations (cohort_id, email, token_hash, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(cohort_id)
        .bind(address)
        .bind(hash_token(&token))
        .bind(actor.user_id)
        .bind(at)
        .bind(at + INVITATION_DAYS * 24 * 3600)
        .execute(&mut *tx)
        .await?;
        links.push((address.clone(), state.config.link(&format!("/training/join/{token}"))));
    }
    tx.commit().await?;
    for (address, link) in &links {
        state
            .mailer
            .send_or_log(Email {
                to_name: "there".into(),
                to_address: address.clone(),
                subject: format!("{inviter_name} invited you to the course {}", ctx.course_title),
                body: format!(
                    "{inviter_name} has offered you a place on \"{}\" ({}), run by {}.\n\n\
                     It starts on {}{}.\n\n\
                     To accept your place, open this link:\n\n{link}\n\n\
                     If you do not have a CoResearch account yet, the link lets you make one. \
                     The invitation works for {INVITATION_DAYS} days.",
                    ctx.course_title,
                    ctx.name,
                    ctx.organisation_name,
                    validate::readable_date(&ctx.starts_on),
                    if ctx.location.is_empty() { String::new() } else { format!(" at {}", ctx.location) },
                ),
                why: format!(
                    "You are getting this e-mail because {inviter_name} typed your address into CoResearch to invite you. \
                     If you do not want to take part, you can ignore it."
                ),
            })
            .await;
    }
    Ok(links.len())
}

pub async fn withdraw_cohort_invitation(db: &Db, actor: &Actor, invitation_id: i64) -> Result<i64, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT cohort_id FROM cohort_invitations WHERE id = $1")
        .bind(invitation_id)
        .fetch_optional(db)
        .await?;
    let (cohort_id,) = row.ok_or(AppError::NotFound)?;
    require_run(db, actor, cohort_id).await?;
    sqlx::query("UPDATE cohort_invitations SET revoked_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(now())
        .bind(invitation_id)
        .execute(db)
        .await?;
    Ok(cohort_id)
}

struct LiveCohortInvitation {
    id: i64,
    cohort_id: i64,
    email: String,
    invited_by: Option<String>,
}

async fn live_cohort_invitation(db: &Db, token: &str) -> Result<LiveCohortInvitation, AppError> {
    #[allow(clippy::type_complexity)]
    let row: Option<(i64, i64, String, Option<String>, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT i.id, i.cohort_id, i.email, u.name, i.expires_at, i.accepted_at, i.revoked_at FROM cohort_invitations i \
         LEFT JOIN users u ON u.id = i.invited_by WHERE i.token_hash = $1",
    )
    .bind(hash_token(token.trim()))
    .fetch_optional(db)
    .await?;
    let Some((id, cohort_id, email, invited_by, expires_at, accepted, revoked)) = row else {
        return Err(AppError::refused(crate::accounts::service::BROKEN_INVITATION_LINK));
    };
    crate::accounts::service::check_invitation_live(
        accepted,
        revoked,
        expires_at,
        invited_by.as_deref(),
        &crate::accounts::service::InvitationWording {
            already_accepted: "This place has already been accepted. Sign in and choose Training to see your course.",
            or_else: "ask your trainer",
            unknown_inviter: "your trainer",
        },
    )?;
    Ok(LiveCohortInvitation { id, cohort_id, email, invited_by })
}

pub async fn cohort_invitation_view(db: &Db, token: &str, me: Option<&CurrentUser>) -> Result<CohortInvitationView, AppError> {
    let invitation = live_cohort_invitation(db, token).await?;
    let ctx = cohort_ctx(db, invitation.cohort_id).await?;
    let account_exists = crate::accounts::service::find_by_email(db, &invitation.email).await?.is_some();
    Ok(CohortInvitationView {
        cohort_name: ctx.name,
        course_title: ctx.course_title,
        organisation_name: ctx.organisation_name,
        email: invitation.email,
        invited_by: invitation.invited_by,
        account_exists,
        signed_in_as: me.map(|m| m.email.clone()),
        places_left: (ctx.capacity - enrolled_count(db, ctx.id).await?).max(0),
    })
}

/// Accepts a place: enrols the signed-in person, or makes an account for someone new.
/// Returns the cohort and, for a new account, a session token.
pub async fn accept_cohort_invitation(
    db: &Db,
    token: &str,
    me: Option<&CurrentUser>,
    name: Option<&str>,
    password: Option<&str>,
) -> Result<(i64, Option<String>), AppError> {
    let invitation = live_cohort_invitation(db, token).await?;
    let ctx = cohort_ctx(db, invitation.cohort_id).await?;
    let acceptor =
        crate::accounts::service::acceptor(db, &invitation.email, me, name, password, "your place", true).await?;
    let at = now();
    let mut tx = db.begin().await?;
    // Take the cohort's lock so two people cannot both take the last place.
    sqlx::query("UPDATE cohorts SET capacity = capacity WHERE id = $1").bind(ctx.id).execute(&mut *tx).await?;
    let (enrolled,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM enrolments WHERE cohort_id = $1").bind(ctx.id).fetch_one(&mut *tx).await?;
    if enrolled >= ctx.capacity {
        return Err(AppError::refused(format!(
            "Sorry: {} is full. Ask {} whether a place will come free or when the next course starts.",
            ctx.name,
            invitation.invited_by.as_deref().unwrap_or("your trainer")
        )));
    }
    let user_id = acceptor.user_id(&mut tx, &invitation.email, "your place").await?;
    let claimed = sqlx::query(
        "UPDATE cohort_invitations SET accepted_at = $1, accepted_by = $2 WHERE id = $3 \
         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(at)
    .bind(user_id)
    .bind(invitation.id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::refused("This invitation has already been used."));
    }
    sqlx::query("INSERT INTO enrolments (cohort_id, user_id, enrolled_at) VALUES ($1, $2, $3) ON CONFLICT (cohort_id, user_id) DO NOTHING")
        .bind(ctx.id)
        .bind(user_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let session = match acceptor.is_new_account() {
        true => Some(session::start(db, user_id).await?),
        false => None,
    };
    Ok((ctx.id, session))
}

// ---- Studying a module ----

async fn module_in_cohort(db: &Db, ctx: &CohortCtx, module_id: i64) -> Result<ModuleRecord, AppError> {
    let module = module_record(db, module_id).await?;
    if module.course_id != ctx.course_id {
        return Err(AppError::NotFound);
    }
    Ok(module)
}

struct QuestionRecord {
    id: i64,
    kind: String,
    text: String,
    options: Vec<(i64, String, bool, String)>,
}

async fn live_questions(db: &Db, module_id: i64) -> Result<Vec<QuestionRecord>, AppError> {
    let questions: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, kind, text FROM module_questions WHERE module_id = $1 AND retired_at IS NULL ORDER BY position, id",
    )
    .bind(module_id)
    .fetch_all(db)
    .await?;
    let options: Vec<(i64, i64, String, i64, String)> = sqlx::query_as(
        "SELECT o.question_id, o.id, o.text, o.correct, o.feedback FROM question_options o \
         JOIN module_questions q ON q.id = o.question_id WHERE q.module_id = $1 ORDER BY o.position, o.id",
    )
    .bind(module_id)
    .fetch_all(db)
    .await?;
    Ok(questions
        .into_iter()
        .map(|(id, kind, text)| QuestionRecord {
            id,
            kind,
            text,
            options: options
                .iter()
                .filter(|o| o.0 == id)
                .map(|(_, oid, text, correct, feedback)| (*oid, text.clone(), *correct != 0, feedback.clone()))
                .collect(),
        })
        .collect())
}

async fn reflections_of(db: &Db, user_id: i64, cohort_id: i64, module_id: Option<i64>) -> Result<Vec<ReflectionView>, AppError> {
    let rows: Vec<(i64, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT r.id, u.name, m.title, r.body, r.shared, r.created_at FROM reflections r JOIN users u ON u.id = r.user_id \
         JOIN course_modules m ON m.id = r.module_id WHERE r.user_id = $1 AND r.cohort_id = $2 \
         AND ($3 = 0 OR r.module_id = $3) ORDER BY r.created_at DESC, r.id DESC",
    )
    .bind(user_id)
    .bind(cohort_id)
    .bind(module_id.unwrap_or(0))
    .fetch_all(db)
    .await?;
    let mut views = Vec::new();
    for (id, author, module_title, body, shared, at) in rows {
        views.push(ReflectionView {
            id,
            author,
            module_title,
            body_html: to_safe_html(&body),
            shared: shared != 0,
            written_on: format_date(at),
            replies: replies_to(db, id).await?,
        });
    }
    Ok(views)
}

async fn replies_to(db: &Db, reflection_id: i64) -> Result<Vec<ReplyView>, AppError> {
    let rows: Vec<(Option<String>, String, i64)> = sqlx::query_as(
        "SELECT u.name, p.body, p.created_at FROM reflection_replies p LEFT JOIN users u ON u.id = p.author_id \
         WHERE p.reflection_id = $1 ORDER BY p.created_at, p.id",
    )
    .bind(reflection_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(author, body, at)| ReplyView {
            author: author.unwrap_or_else(|| "A trainer".into()),
            body_html: to_safe_html(&body),
            written_on: format_date(at),
        })
        .collect())
}

pub async fn module_page(db: &Db, actor: &Actor, cohort_id: i64, module_id: i64) -> Result<ModulePage, AppError> {
    let ctx = require_study(db, actor, cohort_id).await?;
    let module = module_in_cohort(db, &ctx, module_id).await?;
    let me = actor.user_id;
    let questions = live_questions(db, module_id).await?;
    let read: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM module_reads WHERE user_id = $1 AND module_id = $2")
        .bind(me)
        .bind(module_id)
        .fetch_optional(db)
        .await?;
    let passed: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM check_attempts WHERE user_id = $1 AND module_id = $2 AND passed = 1")
            .bind(me)
            .bind(module_id)
            .fetch_optional(db)
            .await?;
    let last: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, score, passed FROM check_attempts WHERE user_id = $1 AND module_id = $2 ORDER BY created_at DESC, id DESC",
    )
    .bind(me)
    .bind(module_id)
    .fetch_optional(db)
    .await?;
    let last_attempt = match last {
        Some((attempt_id, score, passed)) => {
            let answers: Vec<(i64, i64)> =
                sqlx::query_as("SELECT question_id, option_id FROM attempt_answers WHERE attempt_id = $1")
                    .bind(attempt_id)
                    .fetch_all(db)
                    .await?;
            Some(AttemptView {
                score,
                passed: passed != 0,
                answers: answers
                    .into_iter()
                    .filter_map(|(question_id, option_id)| {
                        let question = questions.iter().find(|q| q.id == question_id)?;
                        let (_, _, correct, feedback) = question.options.iter().find(|o| o.0 == option_id)?;
                        Some(AnswerFeedback { question_id, option_id, correct: *correct, feedback: feedback.clone() })
                    })
                    .collect(),
            })
        }
        None => None,
    };
    let siblings: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, position FROM course_modules WHERE course_id = $1 ORDER BY position")
            .bind(ctx.course_id)
            .fetch_all(db)
            .await?;
    let index = siblings.iter().position(|(id, _)| *id == module_id).unwrap_or(0);
    let has_check = !questions.is_empty();
    Ok(ModulePage {
        cohort_id,
        cohort_name: ctx.name.clone(),
        course_title: ctx.course_title.clone(),
        id: module.id,
        position: module.position,
        module_count: siblings.len() as i64,
        title: module.title,
        minutes: module.minutes,
        outcomes: module.outcomes.lines().map(str::to_string).collect(),
        body_html: to_safe_html(&module.body),
        read: read.is_some(),
        questions: questions
            .iter()
            .map(|q| QuestionView {
                id: q.id,
                kind: q.kind.clone(),
                text: q.text.clone(),
                options: q.options.iter().map(|(id, text, ..)| (*id, text.clone())).collect(),
            })
            .collect(),
        pass_mark: module.pass_mark,
        last_attempt,
        passed: passed.is_some(),
        state: ModuleState::of(read.is_some(), has_check, passed.is_some()),
        reflection_prompt: module.reflection_prompt,
        reflections: reflections_of(db, me, cohort_id, Some(module_id)).await?,
        previous: index.checked_sub(1).and_then(|i| siblings.get(i)).map(|(id, _)| *id),
        next: siblings.get(index + 1).map(|(id, _)| *id),
    })
}

async fn after_progress(db: &Db, user_id: i64, course_id: i64) -> Result<(), AppError> {
    for cohort_id in cohorts_studying_course(db, user_id, course_id).await? {
        let ctx = cohort_ctx(db, cohort_id).await?;
        refresh_certificate(db, &ctx, user_id).await?;
    }
    Ok(())
}

pub async fn mark_read(db: &Db, actor: &Actor, cohort_id: i64, module_id: i64) -> Result<(), AppError> {
    let ctx = require_study(db, actor, cohort_id).await?;
    module_in_cohort(db, &ctx, module_id).await?;
    sqlx::query(
        "INSERT INTO module_reads (user_id, module_id, read_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, module_id) DO NOTHING",
    )
    .bind(actor.user_id)
    .bind(module_id)
    .bind(now())
    .execute(db)
    .await?;
    after_progress(db, actor.user_id, ctx.course_id).await
}

/// The form field for a question's answer; messages are shown beside it.
pub fn answer_field(question_id: i64) -> String {
    format!("q{question_id}")
}

/// Marks a knowledge check. Every question needs an answer; any number of tries is fine.
/// Returns the score and whether it passed.
pub async fn submit_check(
    db: &Db,
    actor: &Actor,
    cohort_id: i64,
    module_id: i64,
    answers: &HashMap<String, String>,
) -> Result<(i64, bool), AppError> {
    let ctx = require_study(db, actor, cohort_id).await?;
    let module = module_in_cohort(db, &ctx, module_id).await?;
    let questions = live_questions(db, module_id).await?;
    if questions.is_empty() {
        return Err(AppError::refused("This module has no knowledge check."));
    }
    let mut errors = FormErrors::default();
    let mut chosen = Vec::new();
    for (n, question) in questions.iter().enumerate() {
        let field = answer_field(question.id);
        let answer = answers.get(&field).or_else(|| answers.get(&question.id.to_string())).map(|s| s.trim().to_string());
        if let Some(answer) = &answer {
            errors.keep(&field, answer);
        }
        match answer.and_then(|a| a.parse::<i64>().ok()).and_then(|a| question.options.iter().find(|o| o.0 == a)) {
            Some(option) => chosen.push((question.id, option.0, option.2)),
            None => errors.add(&field, format!("Choose an answer to question {}", n + 1)),
        }
    }
    errors.into_result()?;
    let correct = chosen.iter().filter(|(_, _, c)| *c).count();
    let (score, passed) = score(correct, questions.len(), module.pass_mark);
    let mut tx = db.begin().await?;
    let (attempt_id,): (i64,) = sqlx::query_as(
        "INSERT INTO check_attempts (user_id, module_id, module_version, score, passed, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(actor.user_id)
    .bind(module_id)
    .bind(module.version)
    .bind(score)
    .bind(passed as i64)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    for (question_id, option_id, _) in &chosen {
        sqlx::query("INSERT INTO attempt_answers (attempt_id, question_id, option_id) VALUES ($1, $2, $3)")
            .bind(attempt_id)
            .bind(question_id)
            .bind(option_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    after_progress(db, actor.user_id, ctx.course_id).await?;
    Ok((score, passed))
}

// ---- The learning log ----

pub async fn write_reflection(
    db: &Db,
    actor: &Actor,
    cohort_id: i64,
    module_id: i64,
    body: &str,
    shared: bool,
) -> Result<i64, AppError> {
    let ctx = require_study(db, actor, cohort_id).await?;
    module_in_cohort(db, &ctx, module_id).await?;
    let body = validate::text(body, "your reflection", REFLECTION_MAX, true).map_err(|message| {
        let mut errors = FormErrors::default();
        errors.keep("body", body);
        errors.add("body", message);
        AppError::Invalid(errors)
    })?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO reflections (user_id, cohort_id, module_id, body, shared, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(actor.user_id)
    .bind(cohort_id)
    .bind(module_id)
    .bind(&body)
    .bind(shared as i64)
    .bind(now())
    .fetch_one(db)
    .await?;
    Ok(id)
}

struct ReflectionFacts {
    author_id: i64,
    cohort_id: i64,
    shared: bool,
}

async fn reflection_facts(db: &Db, reflection_id: i64) -> Result<ReflectionFacts, AppError> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as("SELECT user_id, cohort_id, shared FROM reflections WHERE id = $1")
        .bind(reflection_id)
        .fetch_optional(db)
        .await?;
    let (author_id, cohort_id, shared) = row.ok_or(AppError::NotFound)?;
    Ok(ReflectionFacts { author_id, cohort_id, shared: shared != 0 })
}

/// One learning-log entry with its replies. Private entries open only for their author.
pub async fn reflection_page(db: &Db, actor: &Actor, reflection_id: i64) -> Result<ReflectionPage, AppError> {
    let facts = reflection_facts(db, reflection_id).await?;
    let ctx = cohort_ctx(db, facts.cohort_id).await?;
    let runs_cohort = runs(db, actor, &ctx).await?;
    authz::require(
        Some(actor),
        training(TrainingAction::ReadReflection { author_id: facts.author_id, shared: facts.shared, runs_cohort }),
    )?;
    let reflection = reflections_of(db, facts.author_id, facts.cohort_id, None)
        .await?
        .into_iter()
        .find(|r| r.id == reflection_id)
        .ok_or(AppError::NotFound)?;
    Ok(ReflectionPage {
        cohort_id: ctx.id,
        cohort_name: ctx.name,
        reflection,
        can_reply: authz::may(actor, &training(TrainingAction::ReplyToReflection { shared: facts.shared, runs_cohort })),
    })
}

pub async fn reply_to_reflection(db: &Db, actor: &Actor, reflection_id: i64, body: &str) -> Result<i64, AppError> {
    let facts = reflection_facts(db, reflection_id).await?;
    let ctx = cohort_ctx(db, facts.cohort_id).await?;
    let runs_cohort = runs(db, actor, &ctx).await?;
    // Refuse a private entry exactly as if it did not exist.
    authz::require(
        Some(actor),
        training(TrainingAction::ReadReflection { author_id: facts.author_id, shared: facts.shared, runs_cohort }),
    )?;
    authz::require(Some(actor), training(TrainingAction::ReplyToReflection { shared: facts.shared, runs_cohort }))?;
    let body = validate::text(body, "your feedback", REFLECTION_MAX, true).map_err(|message| {
        let mut errors = FormErrors::default();
        errors.keep("body", body);
        errors.add("body", message);
        AppError::Invalid(errors)
    })?;
    sqlx::query("INSERT INTO reflection_replies (reflection_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(reflection_id)
        .bind(actor.user_id)
        .bind(&body)
        .bind(now())
        .execute(db)
        .await?;
    Ok(facts.cohort_id)
}

// ---- Attendance ----

async fn session_cohort(db: &Db, session_id: i64) -> Result<i64, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT cohort_id FROM cohort_sessions WHERE id = $1")
        .bind(session_id)
        .fetch_optional(db)
        .await?;
    Ok(row.ok_or(AppError::NotFound)?.0)
}

pub async fn session_page(db: &Db, actor: &Actor, session_id: i64) -> Result<SessionPage, AppError> {
    let cohort_id = session_cohort(db, session_id).await?;
    let ctx = require_run(db, actor, cohort_id).await?;
    let progress = cohort_progress(db, &ctx).await?;
    let session = progress.sessions.iter().find(|s| s.id == session_id).ok_or(AppError::NotFound)?;
    let people: Vec<(i64, String)> = sqlx::query_as(
        "SELECT u.id, u.name FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = $1 ORDER BY u.name",
    )
    .bind(cohort_id)
    .fetch_all(db)
    .await?;
    let (marked,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM attendance WHERE session_id = $1")
        .bind(session_id)
        .fetch_one(db)
        .await?;
    Ok(SessionPage {
        cohort_id,
        cohort_name: ctx.name.clone(),
        session: SessionRow {
            id: session.id,
            on_date: session.on_date.clone(),
            at_time: session.at_time.clone(),
            place: session.place.clone(),
            online: session.online,
            covers: module_titles(&progress, &session.covers),
            past: session.on_date <= today(),
            marked,
        },
        rows: people
            .into_iter()
            .map(|(user_id, name)| AttendanceRow {
                user_id,
                name,
                status: progress.status(user_id, session_id),
                note: progress.note(user_id, session_id),
            })
            .collect(),
    })
}

/// Trainers mark who came. `marks` maps each trainee (as `a<user id>`) to a status;
/// an empty choice leaves that person unmarked.
pub async fn mark_attendance(
    db: &Db,
    actor: &Actor,
    session_id: i64,
    marks: &HashMap<String, String>,
) -> Result<i64, AppError> {
    let cohort_id = session_cohort(db, session_id).await?;
    let ctx = require_run(db, actor, cohort_id).await?;
    let people: Vec<(i64,)> =
        sqlx::query_as("SELECT user_id FROM enrolments WHERE cohort_id = $1").bind(cohort_id).fetch_all(db).await?;
    let enrolled: HashSet<i64> = people.into_iter().map(|(id,)| id).collect();
    let mut errors = FormErrors::default();
    let mut changes = Vec::new();
    for (key, value) in marks {
        let Some(user_id) = key.strip_prefix('a').and_then(|id| id.parse::<i64>().ok()).filter(|id| enrolled.contains(id)) else {
            return Err(AppError::refused("That person is not on this course."));
        };
        errors.keep(key, value);
        match value.trim() {
            "" => changes.push((user_id, None)),
            other => match Attendance::parse(other) {
                Some(status) => changes.push((user_id, Some(status))),
                None => errors.add(key, "Choose present, joined online, sent apologies or absent"),
            },
        }
    }
    errors.into_result()?;
    let at = now();
    let mut tx = db.begin().await?;
    for (user_id, status) in changes {
        match status {
            None => {
                // Leaving the choice empty keeps apologies a trainee sent themselves.
                sqlx::query("DELETE FROM attendance WHERE session_id = $1 AND user_id = $2 AND (marked_by IS NULL OR marked_by <> $2)")
                    .bind(session_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            Some(status) => {
                sqlx::query(
                    "INSERT INTO attendance (session_id, user_id, status, note, marked_by, marked_at) VALUES ($1, $2, $3, '', $4, $5) \
                     ON CONFLICT (session_id, user_id) DO UPDATE SET status = $3, marked_by = $4, marked_at = $5",
                )
                .bind(session_id)
                .bind(user_id)
                .bind(status.as_str())
                .bind(actor.user_id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    refresh_all_certificates(db, &ctx).await?;
    Ok(cohort_id)
}

/// A trainee says ahead of time that they cannot come.
pub async fn send_apologies(db: &Db, actor: &Actor, session_id: i64, note: &str) -> Result<i64, AppError> {
    let cohort_id = session_cohort(db, session_id).await?;
    require_study(db, actor, cohort_id).await?;
    let (on_date,): (String,) =
        sqlx::query_as("SELECT on_date FROM cohort_sessions WHERE id = $1").bind(session_id).fetch_one(db).await?;
    if on_date < today() {
        return Err(AppError::refused("That session has already happened. Tell your trainer if you missed it."));
    }
    let note = validate::text(note, "a note", REASON_MAX, false).map_err(|m| AppError::field("note", m))?;
    sqlx::query(
        "INSERT INTO attendance (session_id, user_id, status, note, marked_by, marked_at) VALUES ($1, $2, 'apologies', $3, $2, $4) \
         ON CONFLICT (session_id, user_id) DO UPDATE SET status = 'apologies', note = $3, marked_by = $2, marked_at = $4",
    )
    .bind(session_id)
    .bind(actor.user_id)
    .bind(&note)
    .bind(now())
    .execute(db)
    .await?;
    Ok(cohort_id)
}

// ---- Certificates ----

pub async fn certificate_page(db: &Db, actor: &Actor, code: &str) -> Result<CertificateView, AppError> {
    let row: Option<(i64, i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT c.cohort_id, c.user_id, u.name, c.issued_at, c.revoked_at FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.code = $1",
    )
    .bind(code.trim().to_uppercase())
    .fetch_optional(db)
    .await?;
    let (cohort_id, holder_id, holder, issued_at, revoked_at) = row.ok_or(AppError::NotFound)?;
    let ctx = cohort_ctx(db, cohort_id).await?;
    let runs_cohort = runs(db, actor, &ctx).await?;
    authz::require(Some(actor), training(TrainingAction::ViewCertificate { holder_id, runs_cohort }))?;
    Ok(CertificateView {
        holder,
        course_title: ctx.course_title,
        cohort_name: ctx.name,
        organisation_name: ctx.organisation_name,
        issued_on: format_date(issued_at),
        code: code.trim().to_uppercase(),
        revoked: revoked_at.is_some(),
        cohort_id,
        is_holder: holder_id == actor.user_id,
        seeking_group: is_seeking(db, holder_id).await?,
    })
}

/// Public: says only whether a code belongs to a valid certificate.
pub async fn verify_certificate(db: &Db, code: &str) -> Result<Verification, AppError> {
    let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT revoked_at FROM certificates WHERE code = $1")
        .bind(code.trim().to_uppercase())
        .fetch_optional(db)
        .await?;
    Ok(match row {
        Some((None,)) => Verification::Valid,
        Some((Some(_),)) => Verification::Revoked,
        None => Verification::Unknown,
    })
}

fn reason(raw: &str) -> Result<String, AppError> {
    validate::text(raw, "the reason", REASON_MAX, true).map_err(|message| {
        let mut errors = FormErrors::default();
        errors.keep("reason", raw);
        errors.add("reason", message);
        AppError::Invalid(errors)
    })
}

/// A trainer issues a certificate by hand (for example after agreed catch-up work).
pub async fn issue_certificate(db: &Db, actor: &Actor, cohort_id: i64, user_id: i64, why: &str) -> Result<String, AppError> {
    require_run(db, actor, cohort_id).await?;
    if !is_enrolled(db, cohort_id, user_id).await? {
        return Err(AppError::NotFound);
    }
    let why = reason(why)?;
    if active_certificate(db, cohort_id, user_id).await?.is_some_and(|c| !c.revoked) {
        return Err(AppError::refused("This person already has a certificate for this cohort."));
    }
    let code = certificate_code();
    sqlx::query(
        "INSERT INTO certificates (cohort_id, user_id, code, issued_at, issued_by, issue_reason) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(cohort_id)
    .bind(user_id)
    .bind(&code)
    .bind(now())
    .bind(actor.user_id)
    .bind(&why)
    .execute(db)
    .await?;
    Ok(code)
}

pub async fn revoke_certificate(db: &Db, actor: &Actor, certificate_id: i64, why: &str) -> Result<i64, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT cohort_id FROM certificates WHERE id = $1")
        .bind(certificate_id)
        .fetch_optional(db)
        .await?;
    let (cohort_id,) = row.ok_or(AppError::NotFound)?;
    require_run(db, actor, cohort_id).await?;
    let why = reason(why)?;
    sqlx::query("UPDATE certificates SET revoked_at = $1, revoked_by = $2, revoke_reason = $3 WHERE id = $4 AND revoked_at IS NULL")
        .bind(now())
        .bind(actor.user_id)
        .bind(&why)
        .bind(certificate_id)
        .execute(db)
        .await?;
    Ok(cohort_id)
}

// ---- Graduation ----

/// Invites a graduate (someone holding a valid certificate) into a research group the
/// trainer or coordinator leads, through the organisations' own invitations.
pub async fn invite_graduate(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    cohort_id: i64,
    user_id: i64,
    organisation_id: i64,
) -> Result<(), AppError> {
    require_run(&state.db, actor, cohort_id).await?;
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT u.email FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.cohort_id = $1 AND c.user_id = $2 AND c.revoked_at IS NULL",
    )
    .bind(cohort_id)
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?;
    let (email,) = row.ok_or_else(|| AppError::refused("Only people with a certificate from this cohort can be invited as graduates."))?;
    crate::organisations::service::invite(state, actor, inviter_name, organisation_id, &email, "member", false).await
}

async fn is_seeking(db: &Db, user_id: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT user_id FROM graduates_seeking_group WHERE user_id = $1").bind(user_id).fetch_optional(db).await?;
    Ok(row.is_some())
}

/// The holder of a valid certificate says they would (or no longer would) like to join a
/// research group. Returns the certificate's code.
pub async fn set_seeking_group(db: &Db, actor: &Actor, code: &str, seeking: bool) -> Result<String, AppError> {
    let code = code.trim().to_uppercase();
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as("SELECT id, user_id, revoked_at FROM certificates WHERE code = $1")
        .bind(&code)
        .fetch_optional(db)
        .await?;
    let (certificate_id, holder_id, revoked_at) = row.ok_or(AppError::NotFound)?;
    if seeking {
        authz::require(Some(actor), training(TrainingAction::SeekGroup { holder_id, valid: revoked_at.is_none() }))?;
        sqlx::query(
            "INSERT INTO graduates_seeking_group (user_id, certificate_id, since_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET certificate_id = excluded.certificate_id",
        )
        .bind(holder_id)
        .bind(certificate_id)
        .bind(now())
        .execute(db)
        .await?;
    } else {
        // Anyone may always take themself off the list, even with a revoked certificate.
        authz::require(Some(actor), training(TrainingAction::SeekGroup { holder_id, valid: true }))?;
        sqlx::query("DELETE FROM graduates_seeking_group WHERE user_id = $1").bind(holder_id).execute(db).await?;
    }
    Ok(code)
}

/// Graduates still looking: a valid certificate, opted in, and not (yet) in any research group.
const SEEKING_SQL: &str = "SELECT u.id, u.name, co.title, h.name, c.issued_at FROM graduates_seeking_group g \
     JOIN users u ON u.id = g.user_id JOIN certificates c ON c.id = g.certificate_id AND c.user_id = g.user_id \
     JOIN cohorts h ON h.id = c.cohort_id JOIN courses co ON co.id = h.course_id \
     WHERE c.revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM memberships m JOIN organisations o ON o.id = m.organisation_id \
     WHERE m.user_id = g.user_id AND o.kind = 'research_group')";

pub async fn seeking_graduates(db: &Db, actor: &Actor) -> Result<GraduatesPage, AppError> {
    authz::require(Some(actor), training(TrainingAction::FindGraduates))?;
    let rows: Vec<(i64, String, String, String, i64)> =
        sqlx::query_as(&format!("{SEEKING_SQL} ORDER BY c.issued_at DESC, u.name")).fetch_all(db).await?;
    let graduates = rows
        .into_iter()
        .map(|(user_id, name, course_title, cohort_name, issued_at)| SeekingGraduate {
            user_id,
            name,
            course_title,
            cohort_name,
            certified_on: format_date(issued_at),
        })
        .collect();
    let mut groups: Vec<(i64, String)> = actor
        .memberships
        .iter()
        .filter(|m| authz::may(actor, &training(TrainingAction::InviteGraduateToGroup { organisation_id: m.organisation_id })))
        .map(|m| (m.organisation_id, m.organisation_name.clone()))
        .collect();
    groups.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(GraduatesPage { graduates, groups })
}

/// A coordinator invites a graduate who is looking for a group into a group they coordinate,
/// through the organisations' own invitations (as a member).
pub async fn invite_seeking_graduate(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    user_id: i64,
    organisation_id: i64,
) -> Result<(), AppError> {
    authz::require(Some(actor), training(TrainingAction::InviteGraduateToGroup { organisation_id }))?;
    let row: Option<(i64, String, String, String, i64)> =
        sqlx::query_as(&format!("{SEEKING_SQL} AND g.user_id = $1")).bind(user_id).fetch_optional(&state.db).await?;
    row.ok_or(AppError::NotFound)?;
    let (email,): (String,) = sqlx::query_as("SELECT email FROM users WHERE id = $1").bind(user_id).fetch_one(&state.db).await?;
    crate::organisations::service::invite(state, actor, inviter_name, organisation_id, &email, "member", false).await
}

/// Helps graduates found a new citizen research group: creates the group and invites
/// the chosen graduates as its first coordinators. The trainer does not join it.
/// Returns the new group's slug.
#[allow(clippy::too_many_arguments)]
pub async fn found_group(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    cohort_id: i64,
    name: &str,
    description: &str,
    founders: &[i64],
) -> Result<String, AppError> {
    use crate::organisations::service::{slugify, INVITATION_DAYS as GROUP_INVITATION_DAYS};
    let db = &state.db;
    require_run(db, actor, cohort_id).await?;
    let mut check = FormCheck::new();
    let name = check.field("group_name", name, |n| validate::line(n, "the new group's name", validate::ORG_NAME_MAX, true));
    let description =
        check.field("group_description", description, |d| validate::text(d, "a description", validate::SHORT_TEXT_MAX, false));
    if founders.is_empty() {
        check.fail("founders", "Choose at least one graduate to found the group");
    }
    let (name, description) = check.finish((name, description))?;
    let mut emails = Vec::new();
    for user_id in founders {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT u.email FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.cohort_id = $1 AND c.user_id = $2 AND c.revoked_at IS NULL",
        )
        .bind(cohort_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
        let (email,) = row.ok_or_else(|| AppError::field("founders", "Only people with a certificate from this cohort can found a group"))?;
        emails.push(email);
    }
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE LOWER(name) = LOWER($1)")
        .bind(&name)
        .fetch_optional(db)
        .await?;
    if taken.is_some() {
        let mut errors = FormErrors::default();
        errors.keep("group_name", &name);
        errors.keep("group_description", &description);
        errors.add("group_name", "There is already a group or organisation with this name");
        return Err(AppError::Invalid(errors));
    }
    let base = slugify(&name);
    let mut slug = base.clone();
    let mut n = 1;
    while sqlx::query_as::<_, (i64,)>("SELECT id FROM organisations WHERE slug = $1").bind(&slug).fetch_optional(db).await?.is_some() {
        n += 1;
        slug = format!("{base}-{n}");
    }
    let at = now();
    let mut tx = db.begin().await?;
    let (organisation_id,): (i64,) = sqlx::query_as(
        "INSERT INTO organisations (name, slug, kind, description, created_at) VALUES ($1, $2, 'research_group', $3, $4) RETURNING id",
    )
    .bind(&name)
    .bind(&slug)
    .bind(&description)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let mut links = Vec::new();
    for email in &emails {
        let token = random_token();
        sqlx::query(
            "INSERT INTO invitations (organisation_id, email, role, is_lead, token_hash, invited_by, created_at, expires_at) \
             VALUES ($1, $2, 'coordinator', 1, $3, $4, $5, $6)",
        )
        .bind(organisation_id)
        .bind(email)
        .bind(hash_token(&token))
        .bind(actor.user_id)
        .bind(at)
        .bind(at + GROUP_INVITATION_DAYS * 24 * 3600)
        .execute(&mut *tx)
        .await?;
        links.push((email.clone(), state.config.link(&format!("/invitations/{token}"))));
    }
    tx.commit().await?;
    for (email, link) in links {
        state
            .mailer
            .send_or_log(Email {
                to_name: "there".into(),
                to_address: email,
                subject: format!("Your new research group, {name}, is ready on CoResearch"),
                body: format!(
                    "{inviter_name} has set up {name} on CoResearch for you and the others founding it, as its coordinators.\n\n\
                     To accept, open this link:\n\n{link}\n\nThe invitation works for {GROUP_INVITATION_DAYS} days."
                ),
                why: format!("You are getting this e-mail because {inviter_name}, your trainer, set up the group with you."),
            })
            .await;
    }
    Ok(slug)
}

// ---- Writing courses, modules and knowledge checks ----

/// A trainer starts a new course for their training provider. Returns its id.
pub async fn create_course(db: &Db, actor: &Actor, organisation_id: i64, title: &str, summary: &str) -> Result<i64, AppError> {
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    let mut check = FormCheck::new();
    let title = check.field("course_title", title, |t| validate::line(t, "the course's title", 200, true));
    let summary = check.field("course_summary", summary, |s| validate::text(s, "a summary", validate::SHORT_TEXT_MAX, false));
    let (title, summary) = check.finish((title, summary))?;
    let base = crate::organisations::service::slugify(&title);
    let mut slug = base.clone();
    let mut n = 1;
    while sqlx::query_as::<_, (i64,)>("SELECT id FROM courses WHERE organisation_id = $1 AND slug = $2")
        .bind(organisation_id)
        .bind(&slug)
        .fetch_optional(db)
        .await?
        .is_some()
    {
        n += 1;
        slug = format!("{base}-{n}");
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO courses (organisation_id, slug, title, summary, description, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, '', $5, $5) RETURNING id",
    )
    .bind(organisation_id)
    .bind(&slug)
    .bind(&title)
    .bind(&summary)
    .bind(now())
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// Adds a module at the end of a course, ready to write. Cohorts already running do not
/// have to complete it unless their trainers add it to their completion rule.
pub async fn add_module(db: &Db, actor: &Actor, course_id: i64, title: &str) -> Result<i64, AppError> {
    let (_, _, organisation_id, _) = course_org(db, course_id).await?;
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    let title = validate::line(title, "the module's title", 200, true).map_err(|m| {
        let mut errors = FormErrors::default();
        errors.keep("module_title", title);
        errors.add("module_title", m);
        AppError::Invalid(errors)
    })?;
    let (next,): (i64,) = sqlx::query_as("SELECT COUNT(*) + 1 FROM course_modules WHERE course_id = $1")
        .bind(course_id)
        .fetch_one(db)
        .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO course_modules (course_id, position, slug, title, minutes, outcomes, body, reflection_prompt, pass_mark, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, 30, '', $5, '', 60, $6, $7) RETURNING id",
    )
    .bind(course_id)
    .bind(next)
    .bind(format!("{next:02}-{}", crate::organisations::service::slugify(&title)))
    .bind(&title)
    .bind("Write this module's content here.")
    .bind(now())
    .bind(actor.user_id)
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// Adds a question to a module's knowledge check.
pub async fn add_question(db: &Db, actor: &Actor, module_id: i64, kind: &str, text: &str, options: &str) -> Result<(), AppError> {
    require_author_of_module(db, actor, module_id).await?;
    let mut check = FormCheck::new();
    let kind = check.field("question_kind", kind, |k| match k {
        "multiple_choice" | "true_false" => Ok(k.to_string()),
        _ => Err("Choose the kind of question".to_string()),
    });
    let text = check.field("question_text", text, |t| validate::text(t, "the question", 1_000, true));
    let options = check.field("question_options", options, parse_options);
    let (kind, text, options) = check.finish((kind, text, options))?;
    let (next,): (i64,) = sqlx::query_as("SELECT COUNT(*) + 1 FROM module_questions WHERE module_id = $1")
        .bind(module_id)
        .fetch_one(db)
        .await?;
    let mut tx = db.begin().await?;
    let (question_id,): (i64,) =
        sqlx::query_as("INSERT INTO module_questions (module_id, position, kind, text) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(module_id)
            .bind(next)
            .bind(&kind)
            .bind(&text)
            .fetch_one(&mut *tx)
            .await?;
    for (n, (option, correct, feedback)) in options.iter().enumerate() {
        sqlx::query("INSERT INTO question_options (question_id, position, text, correct, feedback) VALUES ($1, $2, $3, $4, $5)")
            .bind(question_id)
            .bind(n as i64 + 1)
            .bind(option)
            .bind(*correct as i64)
            .bind(feedback)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE course_modules SET version = version + 1, updated_at = $1, updated_by = $2 WHERE id = $3")
        .bind(now())
        .bind(actor.user_id)
        .bind(module_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a question out of a module's check. It is kept, not deleted, so every earlier
/// answer still refers to the question as it was, and checks already passed stay passed.
pub async fn retire_question(db: &Db, actor: &Actor, question_id: i64) -> Result<i64, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT module_id FROM module_questions WHERE id = $1")
        .bind(question_id)
        .fetch_optional(db)
        .await?;
    let (module_id,) = row.ok_or(AppError::NotFound)?;
    require_author_of_module(db, actor, module_id).await?;
    let at = now();
    sqlx::query("UPDATE module_questions SET retired_at = $1 WHERE id = $2 AND retired_at IS NULL")
        .bind(at)
        .bind(question_id)
        .execute(db)
        .await?;
    sqlx::query("UPDATE course_modules SET version = version + 1, updated_at = $1, updated_by = $2 WHERE id = $3")
        .bind(at)
        .bind(actor.user_id)
        .bind(module_id)
        .execute(db)
        .await?;
    Ok(module_id)
}

/// Adds another of the provider's trainers to run a cohort with its current trainers.
pub async fn add_cohort_trainer(db: &Db, actor: &Actor, cohort_id: i64, user_id: i64) -> Result<(), AppError> {
    let ctx = require_run(db, actor, cohort_id).await?;
    let trainer: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM memberships WHERE organisation_id = $1 AND user_id = $2 AND role = 'trainer'",
    )
    .bind(ctx.organisation_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    if trainer.is_none() {
        return Err(AppError::field("trainer_id", format!("Choose one of the trainers at {}", ctx.organisation_name)));
    }
    sqlx::query("INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2) ON CONFLICT (cohort_id, user_id) DO NOTHING")
        .bind(cohort_id)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}
