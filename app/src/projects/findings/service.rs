//! The findings' work and SQL (server only): the page, the summary, sending it, the letters,
//! feedback events and the reason when there was none. Each check goes through
//! `authz::findings`; each change is on the audit trail (which record, never its words).

use std::collections::HashMap;

use crate::authz::findings::FindingsAction;
use crate::authz::{self, Action};
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::time::{format_date, now, today};
use crate::projects::access::{audit_entry as entry, require_to, ProjectCtx};
use crate::projects::analysis::themes::service::themes;
use crate::projects::findings::sending;
use crate::projects::findings::*;
use crate::validate::{self, readable_date, FormCheck};

/// What the caller wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    View,
    Change,
    Contact,
}

fn action(ctx: &ProjectCtx, want: Want) -> Action {
    let f = ctx.facts();
    Action::Findings(match want {
        Want::View => FindingsAction::ViewFindings(f),
        Want::Change => FindingsAction::ChangeFindings(f),
        Want::Contact => FindingsAction::ContactParticipants(f),
    })
}

/// The project, if the caller may do this with its findings (`authz::findings`).
pub(super) async fn require(db: &Db, actor: &Actor, project_id: i64, want: Want) -> Result<ProjectCtx, AppError> {
    require_to(db, actor, project_id, |ctx| action(ctx, want)).await
}

pub const SUMMARY_MAX: usize = 6000;

#[derive(sqlx::FromRow)]
pub(super) struct FindingsRow {
    pub summary: String,
    pub summary_at: Option<i64>,
    pub no_event_reason: String,
}

pub(super) async fn findings_row(db: &Db, project_id: i64) -> Result<Option<FindingsRow>, AppError> {
    Ok(sqlx::query_as::<_, FindingsRow>("SELECT summary, summary_at, no_event_reason FROM findings_projects WHERE project_id = $1")
        .bind(project_id)
        .fetch_optional(db)
        .await?)
}

/// Whether the gate's line is met: a feedback event, or a reason why there was none.
pub async fn feedback_checked(db: &Db, project_id: i64) -> Result<bool, AppError> {
    let (events, reasons): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM findings_feedback_events WHERE project_id = $1), \
         (SELECT COUNT(*) FROM findings_projects WHERE project_id = $1 AND no_event_reason <> '')",
    )
    .bind(project_id)
    .fetch_one(db)
    .await?;
    Ok(events > 0 || reasons > 0)
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    held_on: String,
    attendance: i64,
    note: String,
    name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    event_id: i64,
    theme: String,
    comment: String,
}

async fn events(db: &Db, project_id: i64) -> Result<Vec<FeedbackEventView>, AppError> {
    let rows = sqlx::query_as::<_, EventRow>(
        "SELECT e.id, e.held_on, e.attendance, e.note, u.name FROM findings_feedback_events e \
         LEFT JOIN users u ON u.id = e.recorded_by WHERE e.project_id = $1 ORDER BY e.held_on DESC, e.id DESC LIMIT 100",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let comments = sqlx::query_as::<_, CommentRow>(
        "SELECT c.event_id, t.name AS theme, c.comment FROM findings_feedback_comments c \
         JOIN findings_feedback_events e ON e.id = c.event_id JOIN analysis_themes t ON t.id = c.theme_id \
         WHERE e.project_id = $1 ORDER BY LOWER(t.name), c.id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let mut by_event: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for c in comments {
        by_event.entry(c.event_id).or_default().push((c.theme, c.comment));
    }
    Ok(rows
        .into_iter()
        .map(|r| FeedbackEventView {
            comments: by_event.remove(&r.id).unwrap_or_default(),
            id: r.id,
            held_on: readable_date(&r.held_on),
            attendance: r.attendance,
            note: r.note,
            recorded_by: r.name.unwrap_or_else(|| "Someone who has left".into()),
        })
        .collect())
}

/// A starting text for the summary from the themes' names and descriptions.
pub fn starting_text(title: &str, themes: &[(String, String)]) -> String {
    let mut text = format!("Thank you for taking part in our research, \"{title}\". This is what we found, in short.");
    for (name, description) in themes {
        text.push_str("\n\n");
        text.push_str(name);
        if !description.trim().is_empty() {
            text.push_str(": ");
            text.push_str(description.trim());
        }
    }
    text.push_str("\n\nWe would like to hear what you think. You can tell us at our feedback event, or get in touch with us.");
    text
}

/// The findings page: for researchers and the academic supporter; the list of who the
/// summary goes to (codes only) for researchers alone.
pub async fn findings_page(db: &Db, actor: &Actor, project_id: i64) -> Result<FindingsPage, AppError> {
    let ctx = require(db, actor, project_id, Want::View).await?;
    let can_change = authz::may(actor, &action(&ctx, Want::Change));
    let can_contact = authz::may(actor, &action(&ctx, Want::Contact));
    let row = findings_row(db, project_id).await?;
    let theme_list = themes(db, project_id).await?;
    let summary = match &row {
        Some(r) if !r.summary.is_empty() => r.summary.clone(),
        _ if can_change => starting_text(&ctx.title, &theme_list.iter().map(|t| (t.name.clone(), t.description.clone())).collect::<Vec<_>>()),
        _ => String::new(),
    };
    let sending = if can_contact { Some(sending::sending_view(db, project_id).await?) } else { None };
    Ok(FindingsPage {
        project_id,
        project_title: ctx.title,
        can_change,
        summary,
        summary_saved_on: row.as_ref().and_then(|r| r.summary_at).map(format_date),
        themes: theme_list.into_iter().map(|t| (t.id, t.name)).collect(),
        events: events(db, project_id).await?,
        no_event_reason: row.map(|r| r.no_event_reason).unwrap_or_default(),
        gate_met: feedback_checked(db, project_id).await?,
        sending,
    })
}

/// A researcher saves the summary for participants.
pub async fn save_summary(db: &Db, actor: &Actor, project_id: i64, summary: &str) -> Result<(), AppError> {
    require(db, actor, project_id, Want::Change).await?;
    let mut check = FormCheck::new();
    let text = check.field("summary", summary, |v| validate::text(v, "the summary", SUMMARY_MAX, true));
    let (text,) = check.finish((text,))?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO findings_projects (project_id, summary, summary_by, summary_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (project_id) DO UPDATE SET summary = excluded.summary, summary_by = excluded.summary_by, summary_at = excluded.summary_at",
    )
    .bind(project_id)
    .bind(&text)
    .bind(actor.user_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::SummaryChanged, "project", project_id)).await?;
    tx.commit().await?;
    Ok(())
}

/// What the feedback event form sends, as typed; `comments[i]` is about `theme_ids[i]`.
#[derive(Debug, Clone, Default)]
pub struct EventInput {
    pub held_on: String,
    pub attendance: String,
    pub note: String,
    pub theme_ids: Vec<String>,
    pub comments: Vec<String>,
}

fn attendance(raw: &str) -> Result<i64, String> {
    match raw.trim().parse::<i64>() {
        Ok(n) if (0..=10_000).contains(&n) => Ok(n),
        _ if raw.trim().is_empty() => Err("Enter how many people came, as a number".into()),
        _ => Err("Enter how many people came as a whole number, for example 12".into()),
    }
}

/// A researcher records a feedback event with comments against the project's themes.
/// Returns its id. Nothing is saved when anything is wrong.
pub async fn record_event(db: &Db, actor: &Actor, project_id: i64, input: &EventInput) -> Result<i64, AppError> {
    require(db, actor, project_id, Want::Change).await?;
    let project_themes: Vec<(i64,)> = sqlx::query_as("SELECT id FROM analysis_themes WHERE project_id = $1").bind(project_id).fetch_all(db).await?;
    let mut check = FormCheck::new();
    let held_on = check.field("held_on", &input.held_on, |v| validate::date(v, "the date of the event", true));
    if let Some(Some(day)) = &held_on {
        if day.as_str() > today().as_str() {
            check.fail("held_on", "The date is in the future. Record the event once it has happened");
        }
    }
    let count = check.field("attendance", &input.attendance, attendance);
    let note = check.field("note", &input.note, |v| validate::text(v, "the note", 4000, false));
    let mut comments = Vec::new();
    for (i, raw) in input.comments.iter().enumerate() {
        let name = format!("comments[{i}]");
        if let Some(text) = check.field(&name, raw, |v| validate::text(v, "the comment", 4000, false)) {
            let theme = input.theme_ids.get(i).and_then(|t| t.trim().parse::<i64>().ok()).filter(|t| project_themes.iter().any(|(id,)| id == t));
            if let (Some(theme), false) = (theme, text.is_empty()) {
                comments.push((theme, text));
            }
        }
    }
    let (held_on, count, note) = check.finish((held_on, count, note))?;
    let held_on = held_on.unwrap_or_default();
    comments.sort_by_key(|(t, _)| *t);
    comments.dedup_by_key(|(t, _)| *t);
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO findings_feedback_events (project_id, held_on, attendance, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(project_id)
    .bind(&held_on)
    .bind(count)
    .bind(&note)
    .bind(actor.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    for (theme, text) in &comments {
        sqlx::query("INSERT INTO findings_feedback_comments (event_id, theme_id, comment) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(theme)
            .bind(text)
            .execute(&mut *tx)
            .await?;
    }
    audit::record(&mut *tx, entry(actor, project_id, Audit::FeedbackEventRecorded, "feedback_event", id)).await?;
    tx.commit().await?;
    Ok(id)
}

/// A researcher records (or changes, or clears) why there was no feedback event.
pub async fn save_no_event_reason(db: &Db, actor: &Actor, project_id: i64, reason: &str) -> Result<(), AppError> {
    require(db, actor, project_id, Want::Change).await?;
    let reason = validate::text(reason, "the reason", 2000, false).map_err(|m| {
        let mut check = FormCheck::new();
        check.keep("reason", reason);
        check.fail("reason", m);
        check.into_error()
    })?;
    let before = findings_row(db, project_id).await?.map(|r| r.no_event_reason).unwrap_or_default();
    if before == reason {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO findings_projects (project_id, no_event_reason, reason_by, reason_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (project_id) DO UPDATE SET no_event_reason = excluded.no_event_reason, reason_by = excluded.reason_by, reason_at = excluded.reason_at",
    )
    .bind(project_id)
    .bind(&reason)
    .bind(actor.user_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::NoFeedbackReasonChanged, "project", project_id)).await?;
    tx.commit().await?;
    Ok(())
}
