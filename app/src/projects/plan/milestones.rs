//! Milestones (server only): dates the team sets for each stage, added, changed, completed
//! and removed by the project's managers. Changing them leaves a plan sign-off standing.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::access::{self, Need};
use crate::projects::plan::{milestone_stages, MilestoneView};
use crate::projects::Stage;
use crate::validate::{self, readable_date, FormCheck};

#[derive(sqlx::FromRow)]
struct MilestoneRow {
    id: i64,
    title: String,
    due_on: String,
    stage: String,
    completed_at: Option<i64>,
}

/// A project's milestones by date (callers have checked the person may see them).
pub async fn list(db: &Db, project_id: i64) -> Result<Vec<MilestoneView>, AppError> {
    let rows = sqlx::query_as::<_, MilestoneRow>(
        "SELECT id, title, due_on, stage, completed_at FROM project_milestones WHERE project_id = $1 ORDER BY due_on, id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MilestoneView {
            id: r.id,
            title: r.title,
            due_text: readable_date(&r.due_on),
            due_on: r.due_on,
            stage: r.stage,
            done: r.completed_at.is_some(),
        })
        .collect())
}

/// What the milestone form sends.
#[derive(Debug, Clone, Default)]
pub struct MilestoneInput {
    pub title: String,
    pub due_on: String,
    pub stage: String,
}

fn check(input: &MilestoneInput) -> Result<(String, String, Stage), AppError> {
    let mut check = FormCheck::new();
    let title = check.field("milestone_title", &input.title, |v| validate::line(v, "what the milestone is", 200, true));
    let due = check.field("due_on", &input.due_on, |v| validate::date(v, "the date", true));
    let stage = check.field("milestone_stage", &input.stage, |v| {
        Stage::parse(v).filter(|s| milestone_stages().contains(s)).ok_or_else(|| "Choose the stage it belongs to".to_string())
    });
    let (title, due, stage) = check.finish((title, due, stage))?;
    Ok((title, due.unwrap_or_default(), stage))
}

pub async fn add(db: &Db, actor: &Actor, project_id: i64, input: &MilestoneInput) -> Result<i64, AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let (title, due, stage) = check(input)?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO project_milestones (project_id, title, due_on, stage, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(project_id)
    .bind(&title)
    .bind(&due)
    .bind(stage.as_str())
    .bind(now())
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub async fn update(db: &Db, actor: &Actor, project_id: i64, milestone_id: i64, input: &MilestoneInput) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let (title, due, stage) = check(input)?;
    let done = sqlx::query("UPDATE project_milestones SET title = $1, due_on = $2, stage = $3 WHERE id = $4 AND project_id = $5")
        .bind(&title)
        .bind(&due)
        .bind(stage.as_str())
        .bind(milestone_id)
        .bind(project_id)
        .execute(db)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Marks a milestone complete, once: a second click is told it already is.
pub async fn complete(db: &Db, actor: &Actor, project_id: i64, milestone_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let done = sqlx::query(
        "UPDATE project_milestones SET completed_at = $1, completed_by = $2 WHERE id = $3 AND project_id = $4 AND completed_at IS NULL",
    )
    .bind(now())
    .bind(actor.user_id)
    .bind(milestone_id)
    .bind(project_id)
    .execute(db)
    .await?;
    if done.rows_affected() == 0 {
        let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM project_milestones WHERE id = $1 AND project_id = $2")
            .bind(milestone_id)
            .bind(project_id)
            .fetch_optional(db)
            .await?;
        return Err(if exists.is_some() { AppError::refused("That milestone is already marked complete.") } else { AppError::NotFound });
    }
    Ok(())
}

pub async fn remove(db: &Db, actor: &Actor, project_id: i64, milestone_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let gone = sqlx::query("DELETE FROM project_milestones WHERE id = $1 AND project_id = $2")
        .bind(milestone_id)
        .bind(project_id)
        .execute(db)
        .await?;
    if gone.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
