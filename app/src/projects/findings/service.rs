//! The findings' work and SQL (server only): the page, the summary and its revisions, the
//! reason when there was no feedback event, and the gate's fact. Sending is in `sending`,
//! feedback events in `events`. Each check goes through `authz::findings`; each change is
//! on the audit trail (which record, never its words).

use crate::authz::findings::FindingsAction;
use crate::authz::{self, Action};
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::projects::access::{audit_entry as entry, require_to, ProjectCtx};
use crate::projects::analysis::themes::service::themes;
use crate::projects::findings::rules;
use crate::projects::findings::{events, sending};
use crate::projects::findings::*;
use crate::validate::{self, FormCheck};

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
    pub summary_revision: i64,
    pub no_event_reason: String,
}

pub(super) async fn findings_row<'e>(db: impl sqlx::Executor<'e, Database = sqlx::Any>, project_id: i64) -> Result<Option<FindingsRow>, AppError> {
    Ok(sqlx::query_as::<_, FindingsRow>(
        "SELECT summary, summary_at, summary_revision, no_event_reason FROM findings_projects WHERE project_id = $1",
    )
    .bind(project_id)
    .fetch_optional(db)
    .await?)
}

/// Holds the project's findings row until the transaction ends (making it if need be), so
/// that saving the summary and sending it never cross: a save waits for a send in progress
/// (and then makes a new revision), a send waits for a save. Written first in the
/// transaction, so SQLite takes its write lock before anything is read.
async fn hold_findings_row(tx: &mut sqlx::Transaction<'_, sqlx::Any>, project_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO findings_projects (project_id) VALUES ($1) \
         ON CONFLICT (project_id) DO UPDATE SET summary_revision = findings_projects.summary_revision",
    )
    .bind(project_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
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
    let revision = row.as_ref().map_or(1, |r| r.summary_revision);
    let sending = if can_contact { Some(sending::sending_view(db, project_id, revision).await?) } else { None };
    Ok(FindingsPage {
        project_id,
        project_title: ctx.title,
        can_change,
        summary,
        summary_saved_on: row.as_ref().and_then(|r| r.summary_at).map(format_date),
        summary_revision: revision,
        themes: theme_list.into_iter().map(|t| (t.id, t.name)).collect(),
        events: events::events(db, project_id).await?,
        no_event_reason: row.map(|r| r.no_event_reason).unwrap_or_default(),
        gate_met: feedback_checked(db, project_id).await?,
        sending,
    })
}

/// A researcher saves the summary for participants. When its words change after the saved
/// revision went to anyone, it becomes a new revision (`rules::revision_after_save`), which
/// those who had an earlier one are then waiting for.
pub async fn save_summary(db: &Db, actor: &Actor, project_id: i64, summary: &str) -> Result<(), AppError> {
    require(db, actor, project_id, Want::Change).await?;
    let mut check = FormCheck::new();
    let text = check.field("summary", summary, |v| validate::text(v, "the summary", SUMMARY_MAX, true));
    let (text,) = check.finish((text,))?;
    let mut tx = db.begin().await?;
    hold_findings_row(&mut tx, project_id).await?;
    let before = findings_row(&mut *tx, project_id).await?.ok_or(AppError::Internal)?;
    let (sent,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM findings_summary_sends WHERE project_id = $1 AND revision >= $2")
        .bind(project_id)
        .bind(before.summary_revision)
        .fetch_one(&mut *tx)
        .await?;
    let revision = rules::revision_after_save(before.summary_revision, before.summary != text, sent > 0);
    sqlx::query("UPDATE findings_projects SET summary = $1, summary_by = $2, summary_at = $3, summary_revision = $4 WHERE project_id = $5")
        .bind(&text)
        .bind(actor.user_id)
        .bind(now())
        .bind(revision)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::SummaryChanged, "project", project_id)).await?;
    tx.commit().await?;
    Ok(())
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
