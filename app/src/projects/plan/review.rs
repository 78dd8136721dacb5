//! Peer review of the plan (server only): the academic supporter's comments, the team's
//! replies, and the supporter's sign-off of the plan's current revision.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::projects::access::{self, Need};
use crate::projects::plan::service::may_reply;
use crate::projects::plan::{CommentView, ReplyView, SignoffView};
use crate::validate;

#[derive(sqlx::FromRow)]
struct CommentRow {
    id: i64,
    reply_to: Option<i64>,
    author: Option<String>,
    body: String,
    created_at: i64,
}

/// The comments with their replies, in two levels, from one query.
pub async fn comments(db: &Db, project_id: i64) -> Result<Vec<CommentView>, AppError> {
    let rows = sqlx::query_as::<_, CommentRow>(
        "SELECT c.id, c.reply_to, u.name AS author, c.body, c.created_at FROM project_plan_comments c \
         LEFT JOIN users u ON u.id = c.author_id WHERE c.project_id = $1 ORDER BY c.created_at, c.id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let author = |a: &Option<String>| a.clone().unwrap_or_else(|| "Someone who has left".into());
    let mut out: Vec<CommentView> = rows
        .iter()
        .filter(|r| r.reply_to.is_none())
        .map(|r| CommentView { id: r.id, author: author(&r.author), body: r.body.clone(), on: format_date(r.created_at), replies: Vec::new() })
        .collect();
    for reply in rows.iter().filter(|r| r.reply_to.is_some()) {
        if let Some(parent) = out.iter_mut().find(|c| Some(c.id) == reply.reply_to) {
            parent.replies.push(ReplyView { author: author(&reply.author), body: reply.body.clone(), on: format_date(reply.created_at) });
        }
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct SignoffRow {
    name: Option<String>,
    revision: i64,
    signed_at: i64,
}

/// Every sign-off, newest first, each saying whether it is of the plan as it is now.
pub async fn signoffs(db: &Db, project_id: i64, revision: i64) -> Result<Vec<SignoffView>, AppError> {
    let rows = sqlx::query_as::<_, SignoffRow>(
        "SELECT u.name, s.revision, s.signed_at FROM project_plan_signoffs s LEFT JOIN users u ON u.id = s.user_id \
         WHERE s.project_id = $1 ORDER BY s.signed_at DESC, s.id DESC",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SignoffView {
            name: r.name.unwrap_or_else(|| "Someone who has left".into()),
            on: format_date(r.signed_at),
            current: r.revision == revision,
        })
        .collect())
}

/// The supporter comments on the plan.
pub async fn comment(db: &Db, actor: &Actor, project_id: i64, body: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::ReviewAsSupporter).await?;
    let body = validate::text(body, "your comment", 4000, true).map_err(|m| AppError::field("comment", m))?;
    insert(db, actor, project_id, None, &body).await
}

/// The team replies to a comment.
pub async fn reply(db: &Db, actor: &Actor, project_id: i64, comment_id: i64, body: &str) -> Result<(), AppError> {
    let ctx = access::require(db, actor, project_id, Need::ViewWork).await?;
    if !may_reply(actor, &ctx) {
        return Err(AppError::NotAllowed);
    }
    let parent: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM project_plan_comments WHERE id = $1 AND project_id = $2 AND reply_to IS NULL")
            .bind(comment_id)
            .bind(project_id)
            .fetch_optional(db)
            .await?;
    if parent.is_none() {
        return Err(AppError::NotFound);
    }
    let body = validate::text(body, "your reply", 4000, true).map_err(|m| AppError::field("reply", m))?;
    insert(db, actor, project_id, Some(comment_id), &body).await
}

async fn insert(db: &Db, actor: &Actor, project_id: i64, reply_to: Option<i64>, body: &str) -> Result<(), AppError> {
    sqlx::query("INSERT INTO project_plan_comments (project_id, reply_to, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(project_id)
        .bind(reply_to)
        .bind(actor.user_id)
        .bind(body)
        .bind(now())
        .execute(db)
        .await?;
    Ok(())
}

/// The supporter signs off the plan as it is now. Signing the same revision twice changes nothing.
pub async fn sign_off(db: &Db, actor: &Actor, project_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::ReviewAsSupporter).await?;
    let plan: Option<(i64,)> =
        sqlx::query_as("SELECT revision FROM project_plans WHERE project_id = $1").bind(project_id).fetch_optional(db).await?;
    let Some((revision,)) = plan else {
        return Err(AppError::refused("There is no plan to sign off yet."));
    };
    let done = sqlx::query(
        "INSERT INTO project_plan_signoffs (project_id, user_id, revision, signed_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (project_id, revision, user_id) DO NOTHING",
    )
    .bind(project_id)
    .bind(actor.user_id)
    .bind(revision)
    .bind(now())
    .execute(db)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::refused("You have already signed off the plan as it is now."));
    }
    Ok(())
}
