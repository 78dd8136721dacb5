//! A saved version (server only): its page, comparing two, comments and the supporter's
//! review, sending it to the commissioner, the commissioner's sign-off or request for
//! changes (with their e-mails and audit entries), and the print-ready page.
//!
//! The commissioner sees only versions sent to them; any other version is "not found" to
//! them. Decisions are conditional UPDATEs, so a version saved or decided a moment earlier
//! by someone else makes the second attempt fail with an explanation instead of winning.

use crate::authz::report::ReportAction;
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::markdown::to_safe_html;
use crate::platform::state::AppState;
use crate::platform::time::{format_date, now};
use crate::projects::access::ProjectCtx;
use crate::projects::report::rules::{self, Refusal};
use crate::projects::report::service::{entry, latest_number, may, require, versions, VersionRow, VERSION_SELECT};
use crate::projects::report::*;
use crate::validate::{self, FormCheck};

fn refusal(r: Refusal) -> AppError {
    match r.field {
        Some(field) => AppError::field(field, r.message),
        None => AppError::refused(r.message),
    }
}

/// The version, if the caller may see it (the commissioner only sees versions sent).
async fn version(db: &Db, project_id: i64, version_id: i64, sees_draft: bool) -> Result<VersionRow, AppError> {
    let row = sqlx::query_as::<_, VersionRow>(&format!("{VERSION_SELECT} WHERE v.id = $1 AND v.project_id = $2"))
        .bind(version_id)
        .bind(project_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !sees_draft && row.sent_at.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(row)
}

fn shown(sections: Vec<FrozenSection>) -> Vec<ShownSection> {
    sections.into_iter().map(|s| ShownSection { html: to_safe_html(&s.body), title: s.title }).collect()
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    name: Option<String>,
    kind: String,
    body: String,
    created_at: i64,
}

fn kind_words(kind: &str) -> &'static str {
    match kind {
        "review" => "Review by the academic supporter",
        "changes" => "Changes asked for by the commissioner",
        _ => "Comment",
    }
}

pub async fn version_page(db: &Db, actor: &Actor, project_id: i64, version_id: i64) -> Result<VersionPage, AppError> {
    let ctx = require(db, actor, project_id, ReportAction::ViewReport).await?;
    let sees_draft = may(actor, &ctx, ReportAction::ViewDraft);
    let v = version(db, project_id, version_id, sees_draft).await?;
    let latest = latest_number(db, project_id).await?;
    // The commissioner reads their own requests for changes, not the team's comments.
    let only_changes = if sees_draft { "" } else { " AND c.kind = 'changes'" };
    let comments = sqlx::query_as::<_, CommentRow>(&format!(
        "SELECT u.name, c.kind, c.body, c.created_at FROM report_comments c LEFT JOIN users u ON u.id = c.user_id \
         WHERE c.version_id = $1{only_changes} ORDER BY c.created_at, c.id LIMIT 500"
    ))
    .bind(version_id)
    .fetch_all(db)
    .await?;
    let others = versions(db, project_id, sees_draft).await?.iter().filter(|o| o.id != v.id).map(|o| (o.id, o.number)).collect();
    let state = v.state();
    Ok(VersionPage {
        project_id,
        project_title: ctx.title.clone(),
        id: v.id,
        number: v.number,
        latest_number: latest,
        status: rules::status_words(&state, latest),
        saved_on: format_date(v.saved_at),
        saved_by: v.saved_by_name.clone().unwrap_or_else(|| "Someone who has left".into()),
        lay_summary: v.lay_summary.clone(),
        sections: shown(v.frozen_sections()),
        credits: v.frozen_credits(),
        comments: comments
            .into_iter()
            .map(|c| CommentView {
                who: c.name.unwrap_or_else(|| "Someone who has left".into()),
                kind: kind_words(&c.kind).into(),
                body: c.body,
                on: format_date(c.created_at),
            })
            .collect(),
        others,
        may_comment: may(actor, &ctx, ReportAction::Comment),
        may_review: may(actor, &ctx, ReportAction::Review),
        may_send: may(actor, &ctx, ReportAction::Send) && !state.sent && state.number == latest,
        may_decide: may(actor, &ctx, ReportAction::Decide) && state.sent && state.decision.is_none(),
    })
}

/// The version with this id, or (with none chosen) the one at `fallback`, newest first.
fn pick(all: &[VersionRow], id: i64, fallback: usize) -> Result<&VersionRow, AppError> {
    if id == 0 {
        all.get(fallback).or_else(|| all.first()).ok_or(AppError::NotFound)
    } else {
        all.iter().find(|v| v.id == id).ok_or(AppError::NotFound)
    }
}

/// Two versions side by side as line differences; with no choice, the one before the
/// latest and the latest.
pub async fn compare(db: &Db, actor: &Actor, project_id: i64, old_id: i64, new_id: i64) -> Result<ComparePage, AppError> {
    let ctx = require(db, actor, project_id, ReportAction::ViewReport).await?;
    let sees_draft = may(actor, &ctx, ReportAction::ViewDraft);
    let all = versions(db, project_id, sees_draft).await?;
    let (old, new) = (pick(&all, old_id, 1)?, pick(&all, new_id, 0)?);
    Ok(ComparePage {
        project_id,
        project_title: ctx.title,
        versions: all.iter().map(|v| (v.id, v.number)).collect(),
        old_id: old.id,
        new_id: new.id,
        old_number: old.number,
        new_number: new.number,
        sections: diff::versions(&old.lay_summary, &old.frozen_sections(), &new.lay_summary, &new.frozen_sections()),
    })
}

async fn add_note(db: &Db, actor: &Actor, version_id: i64, kind: &str, field: &'static str, text: &str) -> Result<(), AppError> {
    let mut check = FormCheck::new();
    let body = check.field(field, text, |v| validate::text(v, "what you want to say", 6000, true));
    let (body,) = check.finish((body,))?;
    sqlx::query("INSERT INTO report_comments (version_id, user_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(version_id)
        .bind(actor.user_id)
        .bind(kind)
        .bind(&body)
        .bind(now())
        .execute(db)
        .await?;
    Ok(())
}

/// A researcher or the academic supporter comments on a version.
pub async fn comment(db: &Db, actor: &Actor, project_id: i64, version_id: i64, text: &str) -> Result<(), AppError> {
    require(db, actor, project_id, ReportAction::Comment).await?;
    version(db, project_id, version_id, true).await?;
    add_note(db, actor, version_id, "comment", "comment", text).await
}

/// The academic supporter records that they reviewed a version, with a note.
pub async fn review(db: &Db, actor: &Actor, project_id: i64, version_id: i64, note: &str) -> Result<(), AppError> {
    require(db, actor, project_id, ReportAction::Review).await?;
    version(db, project_id, version_id, true).await?;
    add_note(db, actor, version_id, "review", "note", note).await
}

#[derive(sqlx::FromRow)]
struct Recipient {
    name: String,
    email: String,
}

async fn commissioner_contact(db: &Db, project_id: i64) -> Result<Option<Recipient>, AppError> {
    Ok(sqlx::query_as::<_, Recipient>("SELECT contact_name AS name, contact_email AS email FROM project_terms WHERE project_id = $1")
        .bind(project_id)
        .fetch_optional(db)
        .await?)
}

async fn leads(db: &Db, project_id: i64) -> Result<Vec<Recipient>, AppError> {
    Ok(sqlx::query_as::<_, Recipient>(
        "SELECT u.name, u.email FROM project_team t JOIN users u ON u.id = t.user_id WHERE t.project_id = $1 AND t.role = 'lead' LIMIT 10",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?)
}

async fn queue(state: &AppState, tx: &mut sqlx::Transaction<'_, sqlx::Any>, to: Recipient, subject: String, body: String, why: &str) -> Result<(), AppError> {
    let email = Email { to_name: to.name, to_address: to.email, subject, body, why: why.into() };
    state.mailer.queue_in(&mut **tx, email, Vec::new(), true).await.map_err(|error| {
        tracing::error!(kind = error.kind(), "could not queue a report e-mail");
        AppError::Internal
    })
}

/// The lead sends the latest version to the commissioner for sign-off; their contact is
/// e-mailed.
pub async fn send(state: &AppState, actor: &Actor, project_id: i64, version_id: i64) -> Result<(), AppError> {
    let db = &state.db;
    let ctx = require(db, actor, project_id, ReportAction::Send).await?;
    let v = version(db, project_id, version_id, true).await?;
    let latest = latest_number(db, project_id).await?;
    rules::check_send(&v.state(), latest, &v.lay_summary).map_err(refusal)?;
    let contact = commissioner_contact(db, project_id).await?;
    let mut tx = db.begin().await?;
    let sent = sqlx::query(
        "UPDATE report_versions SET sent_at = $1, sent_by = $2 WHERE id = $3 AND project_id = $4 AND sent_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM report_versions o WHERE o.project_id = $4 AND o.number > $5)",
    )
    .bind(now())
    .bind(actor.user_id)
    .bind(version_id)
    .bind(project_id)
    .bind(v.number)
    .execute(&mut *tx)
    .await?;
    if sent.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(AppError::refused("This version was sent, or a newer one saved, a moment ago. Look at the report page again."));
    }
    audit::record(&mut *tx, entry(actor, project_id, Audit::ReportSent, version_id)).await?;
    if let Some(to) = contact {
        let link = state.config.link(&format!("/projects/{project_id}/report/versions/{version_id}"));
        let subject = format!("Report for sign-off: {}", ctx.title);
        let body = format!(
            "The team has sent version {} of the report on \"{}\" for you to sign off.\n\n\
             Read it, then sign it off or ask for changes here:\n\n{link}",
            v.number, ctx.title
        );
        queue(state, &mut tx, to, subject, body, "You are getting this e-mail because you are the commissioner's contact for this project.").await?;
    }
    tx.commit().await?;
    state.mailer.wake().await;
    Ok(())
}

async fn decide(state: &AppState, actor: &Actor, ctx: &ProjectCtx, v: &VersionRow, signed_off: bool, changes: &str) -> Result<(), AppError> {
    let db = &state.db;
    let project_id = ctx.id;
    let to = leads(db, project_id).await?;
    let mut tx = db.begin().await?;
    let decision = if signed_off { rules::Decision::SignedOff } else { rules::Decision::ChangesAsked };
    // Signing off also needs the version to be the latest still.
    let still_latest = if signed_off { " AND NOT EXISTS (SELECT 1 FROM report_versions o WHERE o.project_id = $5 AND o.number > $6)" } else { "" };
    let done = sqlx::query(&format!(
        "UPDATE report_versions SET decision = $1, decided_by = $2, decided_at = $3 \
         WHERE id = $4 AND project_id = $5 AND number = $6 AND sent_at IS NOT NULL AND decision IS NULL{still_latest}"
    ))
    .bind(decision.as_str())
    .bind(actor.user_id)
    .bind(now())
    .bind(v.id)
    .bind(project_id)
    .bind(v.number)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(AppError::refused("This version was decided on, or a newer one saved, a moment ago. Look at the report again."));
    }
    if !signed_off {
        sqlx::query("INSERT INTO report_comments (version_id, user_id, kind, body, created_at) VALUES ($1, $2, 'changes', $3, $4)")
            .bind(v.id)
            .bind(actor.user_id)
            .bind(changes)
            .bind(now())
            .execute(&mut *tx)
            .await?;
    }
    let what = if signed_off { Audit::ReportSignedOff } else { Audit::ReportChangesAsked };
    audit::record(&mut *tx, entry(actor, project_id, what, v.id)).await?;
    let link = state.config.link(&format!("/projects/{project_id}/report/versions/{}", v.id));
    for lead in to {
        let (subject, body) = if signed_off {
            (
                format!("Report signed off: {}", ctx.title),
                format!("The commissioner has signed off version {} of the report on \"{}\".\n\nSee it here:\n\n{link}", v.number, ctx.title),
            )
        } else {
            (
                format!("Changes asked for in the report: {}", ctx.title),
                format!(
                    "The commissioner has asked for changes to version {} of the report on \"{}\".\n\nRead their comments here:\n\n{link}",
                    v.number, ctx.title
                ),
            )
        };
        queue(state, &mut tx, lead, subject, body, "You are getting this e-mail because you lead this project.").await?;
    }
    tx.commit().await?;
    state.mailer.wake().await;
    Ok(())
}

/// The commissioner signs off a version sent to them: refused, with the reason, when it is
/// no longer the latest. The project lead is e-mailed.
pub async fn sign_off(state: &AppState, actor: &Actor, project_id: i64, version_id: i64) -> Result<(), AppError> {
    let db = &state.db;
    let ctx = require(db, actor, project_id, ReportAction::Decide).await?;
    let v = version(db, project_id, version_id, false).await?;
    rules::check_sign_off(&v.state(), latest_number(db, project_id).await?).map_err(refusal)?;
    decide(state, actor, &ctx, &v, true, "").await
}

/// The commissioner asks for changes to a version sent to them, saying what.
pub async fn ask_for_changes(state: &AppState, actor: &Actor, project_id: i64, version_id: i64, changes: &str) -> Result<(), AppError> {
    let db = &state.db;
    let ctx = require(db, actor, project_id, ReportAction::Decide).await?;
    let v = version(db, project_id, version_id, false).await?;
    let mut check = FormCheck::new();
    let text = check.field("changes", changes, |t| validate::text(t, "the changes you would like", 6000, true));
    let (text,) = check.finish((text,))?;
    rules::check_ask_for_changes(&v.state()).map_err(refusal)?;
    decide(state, actor, &ctx, &v, false, &text).await
}

#[derive(sqlx::FromRow)]
struct Names {
    group_name: String,
    commissioner_name: String,
}

/// The print-ready report: the latest signed-off version, else the latest the caller sees.
pub async fn print_page(db: &Db, actor: &Actor, project_id: i64) -> Result<PrintPage, AppError> {
    let ctx = require(db, actor, project_id, ReportAction::ViewReport).await?;
    let all = versions(db, project_id, may(actor, &ctx, ReportAction::ViewDraft)).await?;
    let signed = all.iter().find(|v| v.state().decision == Some(rules::Decision::SignedOff));
    let Some(v) = signed.or(all.first()) else {
        return Err(AppError::refused("There is no saved version of the report to print yet."));
    };
    let names = sqlx::query_as::<_, Names>(
        "SELECT g.name AS group_name, c.name AS commissioner_name FROM projects p \
         JOIN organisations g ON g.id = p.organisation_id JOIN organisations c ON c.id = p.commissioner_organisation_id WHERE p.id = $1",
    )
    .bind(project_id)
    .fetch_one(db)
    .await?;
    let is_signed = signed.is_some();
    let sign_off = match (is_signed, v.decided_at) {
        (true, Some(at)) => format!(
            "Signed off for {} by {} on {}.",
            names.commissioner_name,
            v.decided_by_name.clone().unwrap_or_else(|| "the commissioner".into()),
            format_date(at)
        ),
        _ => format!("Not signed off yet: this is version {} as saved on {}.", v.number, format_date(v.saved_at)),
    };
    Ok(PrintPage {
        project_id,
        project_title: ctx.title,
        group_name: names.group_name,
        commissioner_name: names.commissioner_name,
        number: v.number,
        saved_on: format_date(v.saved_at),
        lay_summary: v.lay_summary.clone(),
        sections: shown(v.frozen_sections()),
        credits: v.frozen_credits(),
        sign_off,
        signed_off: is_signed,
    })
}
