//! The work and its SQL (server only) for the learning log: trainees' reflections and their trainers' feedback.

use crate::authz::training::TrainingAction;
use crate::authz;
use crate::error::{AppError, FormErrors};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::markdown::to_safe_html;
use crate::platform::time::{format_date, now};
use crate::training::*;
use crate::training::cohort_ctx::*;
use crate::training::study::service::module_in_cohort;
use crate::validate;

pub const REFLECTION_MAX: usize = 5_000;

#[derive(sqlx::FromRow)]
struct ReflectionRow {
    id: i64,
    author: String,
    module_title: String,
    body: String,
    /// 1 when shared with the trainers (SQLite gives booleans back as integers).
    shared: i64,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
struct ReplyRow {
    reflection_id: i64,
    author: Option<String>,
    body: String,
    created_at: i64,
}

impl ReplyRow {
    fn into_view(self) -> ReplyView {
        ReplyView {
            author: self.author.unwrap_or_else(|| "A trainer".into()),
            body_html: to_safe_html(&self.body),
            written_on: format_date(self.created_at),
        }
    }
}

/// One person's learning-log entries in a cohort (for one module, or all), newest first,
/// each with its replies: two queries, however many entries.
pub async fn reflections_of(db: &Db, user_id: i64, cohort_id: i64, module_id: Option<i64>) -> Result<Vec<ReflectionView>, AppError> {
    const WHICH: &str = "r.user_id = $1 AND r.cohort_id = $2 AND ($3 = 0 OR r.module_id = $3)";
    let rows = sqlx::query_as::<_, ReflectionRow>(&format!(
        "SELECT r.id, u.name AS author, m.title AS module_title, r.body, r.shared, r.created_at \
         FROM reflections r JOIN users u ON u.id = r.user_id JOIN course_modules m ON m.id = r.module_id \
         WHERE {WHICH} ORDER BY r.created_at DESC, r.id DESC"
    ))
    .bind(user_id)
    .bind(cohort_id)
    .bind(module_id.unwrap_or(0))
    .fetch_all(db)
    .await?;
    let mut replies = sqlx::query_as::<_, ReplyRow>(&format!(
        "SELECT p.reflection_id, u.name AS author, p.body, p.created_at FROM reflection_replies p \
         JOIN reflections r ON r.id = p.reflection_id LEFT JOIN users u ON u.id = p.author_id \
         WHERE {WHICH} ORDER BY p.created_at, p.id"
    ))
    .bind(user_id)
    .bind(cohort_id)
    .bind(module_id.unwrap_or(0))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (mine, rest): (Vec<ReplyRow>, Vec<ReplyRow>) = replies.drain(..).partition(|p| p.reflection_id == row.id);
            replies = rest;
            ReflectionView {
                id: row.id,
                author: row.author,
                module_title: row.module_title,
                body_html: to_safe_html(&row.body),
                shared: row.shared != 0,
                written_on: format_date(row.created_at),
                replies: mine.into_iter().map(ReplyRow::into_view).collect(),
            }
        })
        .collect())
}

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

pub struct ReflectionFacts {
    author_id: i64,
    cohort_id: i64,
    shared: bool,
}

pub async fn reflection_facts(db: &Db, reflection_id: i64) -> Result<ReflectionFacts, AppError> {
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
