//! The work and its SQL (server only) for sessions and attendance: adding sessions, marking who came, sending apologies.

use std::collections::{HashMap, HashSet};

use crate::error::{AppError, FormErrors};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{now, today};
use crate::training::*;
use crate::training::certificates::service::{refresh_all_certificates, REASON_MAX};
use crate::training::cohort_ctx::*;
use crate::platform::sql::values;
use crate::training::progress::*;
use crate::validate::{self, FormCheck};

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
    let covers: HashSet<i64> = covers.iter().copied().collect();
    if !covers.is_empty() {
        let sql = format!("INSERT INTO session_modules (session_id, module_id) VALUES {}", values(covers.len(), 1, 1));
        let mut insert = sqlx::query(&sql).bind(session_id);
        for module_id in covers {
            insert = insert.bind(module_id);
        }
        insert.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn session_cohort(db: &Db, session_id: i64) -> Result<i64, AppError> {
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
