//! The work and its SQL (server only) for a cohort: starting one, its page for trainers and trainees, its completion rule and trainers.

use std::collections::HashSet;

use crate::authz::training::TrainingAction;
use crate::authz;
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{format_date, now, today};
use crate::training::*;
use crate::training::certificates::service::{active_certificate, latest_certificates_in_cohort, refresh_all_certificates, refresh_certificate};
use crate::training::cohort_ctx::*;
use crate::platform::sql::values;
use crate::training::progress::*;
use crate::validate::{self, FormCheck};

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
    let organisation_id = course_org(db, course_id).await?.organisation_id;
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

pub fn cohort_facts(ctx: &CohortCtx, trainers: Vec<String>) -> CohortFacts {
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

pub async fn trainer_names(db: &Db, cohort_id: i64) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT u.name FROM cohort_trainers t JOIN users u ON u.id = t.user_id WHERE t.cohort_id = $1 ORDER BY u.name",
    )
    .bind(cohort_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
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

/// A shared learning-log entry, with how many replies it has.
#[derive(sqlx::FromRow)]
struct SharedEntryRow {
    id: i64,
    author: String,
    module_title: String,
    created_at: i64,
    replies: i64,
}

impl SharedEntryRow {
    fn into_head(self) -> ReflectionHead {
        ReflectionHead { id: self.id, author: self.author, module_title: self.module_title, written_on: format_date(self.created_at) }
    }
}

pub async fn trainer_cohort(db: &Db, actor: &Actor, ctx: &CohortCtx) -> Result<TrainerCohort, AppError> {
    let progress = cohort_progress(db, ctx).await?;
    let today = today();
    let people: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.name, u.email FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = $1 ORDER BY u.name",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let mut certificates = latest_certificates_in_cohort(db, ctx.id).await?;
    let trainees = people
        .into_iter()
        .map(|(user_id, name, email)| TraineeRow {
            user_id,
            name,
            email,
            states: progress.modules.iter().map(|m| progress.state(user_id, m)).collect(),
            required_done: progress.required_done(user_id),
            attended: progress.attended(user_id),
            attendance_percent: percent(progress.attended(user_id), progress.sessions.len()),
            meets_rule: progress.meets_rule(user_id),
            certificate: certificates.remove(&user_id),
        })
        .collect();
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
    let shared = sqlx::query_as::<_, SharedEntryRow>(
        "SELECT r.id, u.name AS author, m.title AS module_title, r.created_at, \
         (SELECT COUNT(*) FROM reflection_replies p WHERE p.reflection_id = r.id) AS replies \
         FROM reflections r JOIN users u ON u.id = r.user_id \
         JOIN course_modules m ON m.id = r.module_id WHERE r.cohort_id = $1 AND r.shared = 1 ORDER BY r.created_at",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let (answered, awaiting): (Vec<SharedEntryRow>, Vec<SharedEntryRow>) = shared.into_iter().partition(|r| r.replies > 0);
    let answered = answered.into_iter().map(SharedEntryRow::into_head).collect();
    let awaiting = awaiting.into_iter().map(SharedEntryRow::into_head).collect();
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

pub async fn trainee_cohort(db: &Db, actor: &Actor, ctx: &CohortCtx) -> Result<TraineeCohort, AppError> {
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
    let required: HashSet<i64> = required.iter().copied().collect();
    if !required.is_empty() {
        let sql = format!("INSERT INTO cohort_required_modules (cohort_id, module_id) VALUES {}", values(required.len(), 1, 1));
        let mut insert = sqlx::query(&sql).bind(cohort_id);
        for module_id in required {
            insert = insert.bind(module_id);
        }
        insert.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    let ctx = cohort_ctx(db, cohort_id).await?;
    refresh_all_certificates(db, &ctx).await
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
