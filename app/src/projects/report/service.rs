//! The report's draft (server only): sections, lay summary and credits, saving a version
//! (a frozen copy), and the facts the gate out of reporting reads. Every edit to the draft
//! counts up `report_drafts.revision`, so a version knows whether the draft has changed
//! since it was saved. Versions, decisions and the print page are in `decisions`.

use crate::authz::projects::ProjectFacts;
use crate::authz::report::ReportAction;
use crate::authz::{self, Action};
use crate::error::{AppError, OnUnique};
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit, Entry};
use crate::platform::db::Db;
use crate::platform::markdown::to_safe_html;
use crate::platform::time::{format_date, now};
use crate::projects::access::{audit_entry, require_to, ProjectCtx};
use crate::projects::report::rules::{self, Decision, VersionState};
use crate::projects::report::*;
use crate::validate::{self, FormCheck};

pub use super::decisions::*;

/// The project, if the caller may do this with its report.
pub async fn require(db: &Db, actor: &Actor, project_id: i64, what: fn(ProjectFacts) -> ReportAction) -> Result<ProjectCtx, AppError> {
    require_to(db, actor, project_id, |ctx| Action::Report(what(ctx.facts()))).await
}

/// Whether the caller may (for showing or hiding parts of a page).
pub fn may(actor: &Actor, ctx: &ProjectCtx, what: fn(ProjectFacts) -> ReportAction) -> bool {
    authz::may(actor, &Action::Report(what(ctx.facts())))
}

/// An audit line about one of the report's versions.
pub(super) fn entry(actor: &Actor, project_id: i64, what: Audit, id: i64) -> Entry {
    audit_entry(actor, project_id, what, "report_version", id)
}

#[derive(sqlx::FromRow)]
struct DraftRow {
    lay_summary: String,
    revision: i64,
}

async fn draft(db: &Db, project_id: i64) -> Result<DraftRow, AppError> {
    Ok(sqlx::query_as::<_, DraftRow>("SELECT lay_summary, revision FROM report_drafts WHERE project_id = $1")
        .bind(project_id)
        .fetch_optional(db)
        .await?
        .unwrap_or(DraftRow { lay_summary: String::new(), revision: 0 }))
}

/// Counts up the draft's revision (making the draft row if there is none).
async fn bump(tx: &mut sqlx::Transaction<'_, sqlx::Any>, project_id: i64, actor: &Actor) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO report_drafts (project_id, lay_summary, revision, updated_by, updated_at) VALUES ($1, '', 1, $2, $3) \
         ON CONFLICT (project_id) DO UPDATE SET revision = report_drafts.revision + 1, updated_by = $2, updated_at = $3",
    )
    .bind(project_id)
    .bind(actor.user_id)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SectionRow {
    id: i64,
    title: String,
    body: String,
}

async fn sections(db: &Db, project_id: i64) -> Result<Vec<SectionRow>, AppError> {
    Ok(sqlx::query_as::<_, SectionRow>("SELECT id, title, body FROM report_sections WHERE project_id = $1 ORDER BY position, id LIMIT 100")
        .bind(project_id)
        .fetch_all(db)
        .await?)
}

#[derive(sqlx::FromRow)]
struct CreditRow {
    user_id: i64,
    name: String,
    naming: Option<String>,
}

async fn credits(db: &Db, project_id: i64) -> Result<Vec<CreditRow>, AppError> {
    Ok(sqlx::query_as::<_, CreditRow>(
        "SELECT u.id AS user_id, u.name, c.naming FROM project_team t JOIN users u ON u.id = t.user_id \
         LEFT JOIN report_credits c ON c.project_id = t.project_id AND c.user_id = t.user_id \
         WHERE t.project_id = $1 AND t.role = 'peer_researcher' ORDER BY u.name, u.id LIMIT 100",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?)
}

fn naming_of(row: &CreditRow) -> Naming {
    row.naming.as_deref().and_then(Naming::parse).unwrap_or(Naming::Anonymous)
}

#[derive(sqlx::FromRow)]
pub(super) struct VersionRow {
    pub id: i64,
    pub number: i64,
    pub lay_summary: String,
    pub sections_json: String,
    pub credits_json: String,
    pub draft_revision: i64,
    pub saved_at: i64,
    pub saved_by_name: Option<String>,
    pub sent_at: Option<i64>,
    pub decision: Option<String>,
    pub decided_at: Option<i64>,
    pub decided_by_name: Option<String>,
}

impl VersionRow {
    pub fn state(&self) -> VersionState {
        VersionState { number: self.number, sent: self.sent_at.is_some(), decision: self.decision.as_deref().and_then(Decision::parse) }
    }

    pub fn summary(&self, latest: i64) -> VersionSummary {
        VersionSummary {
            id: self.id,
            number: self.number,
            saved_on: format_date(self.saved_at),
            saved_by: self.saved_by_name.clone().unwrap_or_else(|| "Someone who has left".into()),
            status: rules::status_words(&self.state(), latest),
        }
    }

    pub fn frozen_sections(&self) -> Vec<FrozenSection> {
        serde_json::from_str(&self.sections_json).unwrap_or_default()
    }

    pub fn frozen_credits(&self) -> Vec<String> {
        serde_json::from_str(&self.credits_json).unwrap_or_default()
    }
}

pub(super) const VERSION_SELECT: &str = "SELECT v.id, v.number, v.lay_summary, v.sections_json, v.credits_json, v.draft_revision, \
     v.saved_at, s.name AS saved_by_name, v.sent_at, v.decision, v.decided_at, d.name AS decided_by_name \
     FROM report_versions v LEFT JOIN users s ON s.id = v.saved_by LEFT JOIN users d ON d.id = v.decided_by";

/// The versions the caller may see, newest first: all for the team, only those sent for
/// the commissioner.
pub(super) async fn versions(db: &Db, project_id: i64, sees_draft: bool) -> Result<Vec<VersionRow>, AppError> {
    let only_sent = if sees_draft { "" } else { " AND v.sent_at IS NOT NULL" };
    Ok(sqlx::query_as::<_, VersionRow>(&format!("{VERSION_SELECT} WHERE v.project_id = $1{only_sent} ORDER BY v.number DESC LIMIT 200"))
        .bind(project_id)
        .fetch_all(db)
        .await?)
}

/// The number of the latest version saved (sent or not); 0 when there is none.
pub(super) async fn latest_number(db: &Db, project_id: i64) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(number), 0) FROM report_versions WHERE project_id = $1")
        .bind(project_id)
        .fetch_one(db)
        .await?;
    Ok(n)
}

pub async fn report_page(db: &Db, actor: &Actor, project_id: i64) -> Result<ReportPage, AppError> {
    let ctx = require(db, actor, project_id, ReportAction::ViewReport).await?;
    let sees_draft = may(actor, &ctx, ReportAction::ViewDraft);
    let rows = versions(db, project_id, sees_draft).await?;
    let latest = latest_number(db, project_id).await?;
    let mut page = ReportPage {
        project_id,
        project_title: ctx.title.clone(),
        sees_draft,
        may_edit: may(actor, &ctx, ReportAction::EditDraft),
        lay_summary: String::new(),
        sections: Vec::new(),
        credits: Vec::new(),
        my_naming: None,
        versions: rows.iter().map(|r| r.summary(latest)).collect(),
        next_number: latest + 1,
        unsaved_changes: false,
    };
    if !sees_draft {
        return Ok(page);
    }
    let d = draft(db, project_id).await?;
    let credit_rows = credits(db, project_id).await?;
    page.unsaved_changes = rows.first().map(|v| v.draft_revision != d.revision).unwrap_or(d.revision > 0);
    page.lay_summary = d.lay_summary;
    page.sections = sections(db, project_id)
        .await?
        .into_iter()
        .map(|s| SectionView { html: to_safe_html(&s.body), id: s.id, title: s.title, body: s.body })
        .collect();
    if may(actor, &ctx, ReportAction::ChooseOwnCredit) {
        page.my_naming = Some(credit_rows.iter().find(|c| c.user_id == actor.user_id).and_then(|c| c.naming.clone()).unwrap_or_default());
    }
    page.credits = credit_rows
        .iter()
        .map(|c| CreditView { shown_as: naming_of(c).show(&c.name), chosen: c.naming.is_some(), mine: c.user_id == actor.user_id })
        .collect();
    Ok(page)
}

/// A researcher sets the lay summary (empty clears it).
pub async fn save_lay_summary(db: &Db, actor: &Actor, project_id: i64, text: &str) -> Result<(), AppError> {
    require(db, actor, project_id, ReportAction::EditDraft).await?;
    let mut check = FormCheck::new();
    let summary = check.field("lay_summary", text, |v| validate::text(v, "the lay summary", 6000, false));
    let (summary,) = check.finish((summary,))?;
    let mut tx = db.begin().await?;
    bump(&mut tx, project_id, actor).await?;
    sqlx::query("UPDATE report_drafts SET lay_summary = $1 WHERE project_id = $2").bind(&summary).bind(project_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

fn check_section(title: &str, body: &str) -> Result<(String, String), AppError> {
    let mut check = FormCheck::new();
    let t = check.field("title", title, |v| validate::line(v, "the section's title", 160, true));
    let b = check.field("body", body, |v| validate::text(v, "the section's text", 30_000, false));
    check.finish((t, b))
}

/// A researcher adds a section at the end; returns its id.
pub async fn add_section(db: &Db, actor: &Actor, project_id: i64, title: &str, body: &str) -> Result<i64, AppError> {
    require(db, actor, project_id, ReportAction::EditDraft).await?;
    let (title, body) = check_section(title, body)?;
    let mut tx = db.begin().await?;
    bump(&mut tx, project_id, actor).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO report_sections (project_id, position, title, body, updated_at) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM report_sections WHERE project_id = $1), $2, $3, $4) RETURNING id",
    )
    .bind(project_id)
    .bind(&title)
    .bind(&body)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn section_row(db: &Db, project_id: i64, section_id: i64) -> Result<SectionRow, AppError> {
    sqlx::query_as::<_, SectionRow>("SELECT id, title, body FROM report_sections WHERE id = $1 AND project_id = $2")
        .bind(section_id)
        .bind(project_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn section_page(db: &Db, actor: &Actor, project_id: i64, section_id: i64) -> Result<SectionPage, AppError> {
    let ctx = require(db, actor, project_id, ReportAction::EditDraft).await?;
    let s = section_row(db, project_id, section_id).await?;
    Ok(SectionPage { project_id, project_title: ctx.title, id: s.id, title: s.title, body: s.body })
}

pub async fn change_section(db: &Db, actor: &Actor, project_id: i64, section_id: i64, title: &str, body: &str) -> Result<(), AppError> {
    require(db, actor, project_id, ReportAction::EditDraft).await?;
    section_row(db, project_id, section_id).await?;
    let (title, body) = check_section(title, body)?;
    let mut tx = db.begin().await?;
    bump(&mut tx, project_id, actor).await?;
    sqlx::query("UPDATE report_sections SET title = $1, body = $2, updated_at = $3 WHERE id = $4 AND project_id = $5")
        .bind(&title)
        .bind(&body)
        .bind(now())
        .bind(section_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a section one place up or down (swapping with its neighbour).
pub async fn move_section(db: &Db, actor: &Actor, project_id: i64, section_id: i64, up: bool) -> Result<(), AppError> {
    require(db, actor, project_id, ReportAction::EditDraft).await?;
    section_row(db, project_id, section_id).await?;
    let mut tx = db.begin().await?;
    let order: Vec<(i64, i64)> = sqlx::query_as("SELECT id, position FROM report_sections WHERE project_id = $1 ORDER BY position, id")
        .bind(project_id)
        .fetch_all(&mut *tx)
        .await?;
    let Some(at) = order.iter().position(|(id, _)| *id == section_id) else { return Err(AppError::NotFound) };
    let other = if up { at.checked_sub(1) } else { Some(at + 1).filter(|i| *i < order.len()) };
    if let Some(other) = other {
        bump(&mut tx, project_id, actor).await?;
        // Renumber in the new order, so equal positions never stall a move.
        let mut ids: Vec<i64> = order.iter().map(|(id, _)| *id).collect();
        ids.swap(at, other);
        for (i, id) in ids.iter().enumerate() {
            sqlx::query("UPDATE report_sections SET position = $1 WHERE id = $2").bind(i as i64 + 1).bind(*id).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

pub async fn remove_section(db: &Db, actor: &Actor, project_id: i64, section_id: i64, confirmed: bool) -> Result<(), AppError> {
    require(db, actor, project_id, ReportAction::EditDraft).await?;
    section_row(db, project_id, section_id).await?;
    if !confirmed {
        return Err(AppError::field("confirm_remove", "Tick the box to say you want to remove this section from the draft"));
    }
    let mut tx = db.begin().await?;
    bump(&mut tx, project_id, actor).await?;
    sqlx::query("DELETE FROM report_sections WHERE id = $1 AND project_id = $2").bind(section_id).bind(project_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// A peer researcher chooses how they are named in the credits (for themselves only).
pub async fn choose_credit(db: &Db, actor: &Actor, project_id: i64, naming: &str) -> Result<(), AppError> {
    require(db, actor, project_id, ReportAction::ChooseOwnCredit).await?;
    let Some(naming) = Naming::parse(naming) else {
        return Err(AppError::field("naming", "Choose how you would like to be named"));
    };
    let mut tx = db.begin().await?;
    bump(&mut tx, project_id, actor).await?;
    sqlx::query(
        "INSERT INTO report_credits (project_id, user_id, naming, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (project_id, user_id) DO UPDATE SET naming = $3, updated_at = $4",
    )
    .bind(project_id)
    .bind(actor.user_id)
    .bind(naming.as_str())
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// "Save as version N": freezes the sections, lay summary and credits. `number` is the
/// number the page offered; if someone else saved it first, nothing is saved and the
/// caller is told. Returns the new version's id.
pub async fn save_version(db: &Db, actor: &Actor, project_id: i64, number: i64) -> Result<i64, AppError> {
    require(db, actor, project_id, ReportAction::EditDraft).await?;
    let latest = latest_number(db, project_id).await?;
    let taken = || {
        AppError::refused(format!(
            "Version {number} has just been saved by someone else. Look at the latest version, then save again if you need to."
        ))
    };
    if number != latest + 1 {
        return Err(taken());
    }
    let secs = sections(db, project_id).await?;
    if secs.is_empty() {
        return Err(AppError::refused("Add at least one section before saving a version."));
    }
    let d = draft(db, project_id).await?;
    let frozen: Vec<FrozenSection> = secs.into_iter().map(|s| FrozenSection { title: s.title, body: s.body }).collect();
    let names: Vec<String> = credits(db, project_id).await?.iter().map(|c| naming_of(c).show(&c.name)).collect();
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO report_versions (project_id, number, lay_summary, sections_json, credits_json, draft_revision, saved_by, saved_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(project_id)
    .bind(number)
    .bind(&d.lay_summary)
    .bind(json(&frozen))
    .bind(json(&names))
    .bind(d.revision)
    .bind(actor.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await
    .on_unique(taken)?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::ReportVersionSaved, id)).await?;
    tx.commit().await?;
    Ok(id)
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

/// What the gate out of reporting reads: whether the lay summary is written, and whether
/// the commissioner has signed off the latest version with the draft unchanged since.
pub async fn gate_facts(db: &Db, project_id: i64) -> Result<(bool, bool), AppError> {
    let d = draft(db, project_id).await?;
    let latest = sqlx::query_as::<_, VersionRow>(&format!("{VERSION_SELECT} WHERE v.project_id = $1 ORDER BY v.number DESC LIMIT 1"))
        .bind(project_id)
        .fetch_optional(db)
        .await?;
    let signed = rules::signed_off(latest.as_ref().map(|v| (v.state(), v.draft_revision)), d.revision);
    Ok((!d.lay_summary.trim().is_empty(), signed))
}
