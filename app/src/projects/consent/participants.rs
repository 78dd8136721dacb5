//! Participants (server only): joining under a pseudonym code, the identity kept apart and
//! read only by researchers, withdrawal and its undoing.

use crate::error::{is_unique_violation, AppError};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{format_date_time, now};
use crate::projects::access::{self, Need};
use crate::projects::consent::history::{self, Change};
use crate::projects::consent::*;
use crate::projects::ethics::clearance::fieldwork_clearance;
use crate::projects::recruitment::service::{past_date, progress_counts, site_choices, NOTE_MAX};
use crate::ui::pagination::{PageNumber, Paged};
use crate::validate::{self, readable_date, FormCheck};

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    code: String,
    site: Option<String>,
    joined_on: String,
    consent_version: Option<i64>,
    withdrawn_on: Option<String>,
}

/// One page of a project's participants, by code, for everyone who sees the project's
/// work. Never a name: names are only on a participant's own page, for researchers.
pub async fn participants_page(db: &Db, actor: &Actor, project_id: i64, page: PageNumber) -> Result<ParticipantsPage, AppError> {
    let ctx = access::require(db, actor, project_id, Need::ViewWork).await?;
    let counts = progress_counts(db, project_id).await?;
    let rows = sqlx::query_as::<_, SummaryRow>(
        "SELECT p.id, p.code, s.name AS site, p.joined_on, \
         (SELECT d.doc_version FROM consent_records c JOIN ethics_documents d ON d.id = c.document_id \
            WHERE c.participant_id = p.id ORDER BY c.id DESC LIMIT 1) AS consent_version, p.withdrawn_on \
         FROM participants p LEFT JOIN recruitment_sites s ON s.id = p.site_id \
         WHERE p.project_id = $1 ORDER BY p.seq LIMIT $2 OFFSET $3",
    )
    .bind(project_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let list = rows
        .into_iter()
        .map(|r| ParticipantSummary {
            id: r.id,
            code: r.code,
            site: r.site,
            joined_on: readable_date(&r.joined_on),
            consent_version: r.consent_version,
            withdrawn_on: r.withdrawn_on.as_deref().map(readable_date),
        })
        .collect();
    let is_researcher = access::may(actor, &ctx, Need::DoFieldwork);
    Ok(ParticipantsPage {
        project_id,
        today: crate::platform::time::today(),
        project_title: ctx.title,
        is_researcher,
        clearance_missing: fieldwork_clearance(db, project_id).await?.missing,
        sites: if is_researcher { site_choices(db, project_id).await? } else { Vec::new() },
        counts,
        list: Paged::new(list, page, counts.joined),
    })
}

#[derive(Debug, Clone, Default)]
pub struct ParticipantInput {
    pub full_name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub contact_notes: String,
    pub site_id: String,
    pub joined_on: String,
}

/// Adds a participant under the next pseudonym code, with their identity in its own table.
/// Only the project's researchers, and only once ethics approval is complete.
pub async fn add_participant(db: &Db, actor: &Actor, project_id: i64, input: &ParticipantInput) -> Result<(i64, String), AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    fieldwork_clearance(db, project_id).await?.require()?;
    let mut check = FormCheck::new();
    let name = check.field("full_name", &input.full_name, |v| validate::line(v, "the participant's name", validate::NAME_MAX, true));
    let phone = check.field("phone", &input.phone, |v| validate::line(v, "the phone number", 40, false));
    let email = check.field("email", &input.email, |v| if v.trim().is_empty() { Ok(String::new()) } else { validate::email(v) });
    let address = check.field("address", &input.address, |v| validate::text(v, "the address", 500, false));
    let notes = check.field("contact_notes", &input.contact_notes, |v| validate::text(v, "how they like to be contacted", 500, false));
    let joined_on = check.field("joined_on", &input.joined_on, |v| past_date(v, "the date they joined", true).map(Option::unwrap_or_default));
    check.keep("site_id", &input.site_id);
    let site_id = match input.site_id.trim() {
        "" => Some(None),
        raw => match raw.parse::<i64>() {
            Ok(id) if site_choices(db, project_id).await?.iter().any(|(s, _)| *s == id) => Some(Some(id)),
            _ => {
                check.fail("site_id", "Choose a place from the sampling frame");
                None
            }
        },
    };
    let (name, phone, email, address, notes, joined_on, site_id) =
        check.finish((name, phone, email, address, notes, joined_on, site_id))?;
    // Two researchers adding at once must not take the same number. Touching the project
    // row first makes the transaction a writer from the start, so the second waits for the
    // first (SQLite's write lock, PostgreSQL's row lock); the unique key is the last guard.
    for _ in 0..5 {
        let mut tx = db.begin().await?;
        sqlx::query("UPDATE projects SET updated_at = updated_at WHERE id = $1").bind(project_id).execute(&mut *tx).await?;
        let (seq,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(seq), 0) + 1 FROM participants WHERE project_id = $1")
            .bind(project_id)
            .fetch_one(&mut *tx)
            .await?;
        let code = pseudonym_code(seq);
        let at = now();
        let inserted = sqlx::query_as::<_, (i64,)>(
            "INSERT INTO participants (project_id, seq, code, site_id, joined_on, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(project_id)
        .bind(seq)
        .bind(&code)
        .bind(site_id)
        .bind(&joined_on)
        .bind(actor.user_id)
        .bind(at)
        .fetch_one(&mut *tx)
        .await;
        let id = match inserted {
            Ok((id,)) => id,
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        };
        sqlx::query(
            "INSERT INTO participant_identities (participant_id, full_name, phone, email, address, contact_notes, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(&name)
        .bind(&phone)
        .bind(&email)
        .bind(&address)
        .bind(&notes)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        history::record(&mut tx, project_id, id, Change::ParticipantAdded, actor.user_id).await?;
        tx.commit().await?;
        return Ok((id, code));
    }
    Err(AppError::refused("Someone else was adding a participant at the same moment. Please send the form again."))
}

/// A participant of this project (not found for a participant of another project).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ParticipantRow {
    pub id: i64,
    pub project_id: i64,
    pub code: String,
    pub site: Option<String>,
    pub joined_on: String,
    pub withdrawn_on: Option<String>,
}

pub async fn participant_in(db: &Db, project_id: i64, participant_id: i64) -> Result<ParticipantRow, AppError> {
    sqlx::query_as::<_, ParticipantRow>(
        "SELECT p.id, p.project_id, p.code, s.name AS site, p.joined_on, p.withdrawn_on \
         FROM participants p LEFT JOIN recruitment_sites s ON s.id = p.site_id WHERE p.project_id = $1 AND p.id = $2",
    )
    .bind(project_id)
    .bind(participant_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

#[derive(sqlx::FromRow)]
struct IdentityRow {
    full_name: String,
    phone: String,
    email: String,
    address: String,
    contact_notes: String,
}

/// A participant's real name and contact details: the one way to read them, for the
/// project's researchers only.
pub async fn identity(db: &Db, actor: &Actor, project_id: i64, participant_id: i64) -> Result<IdentityView, AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    participant_in(db, project_id, participant_id).await?;
    let row = sqlx::query_as::<_, IdentityRow>(
        "SELECT full_name, phone, email, address, contact_notes FROM participant_identities WHERE participant_id = $1",
    )
    .bind(participant_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(IdentityView {
        full_name: row.full_name,
        phone: row.phone,
        email: row.email,
        address: row.address,
        contact_notes: row.contact_notes,
    })
}

/// Corrects a participant's name or contact details (the project's researchers only).
/// Like adding, nothing typed is kept for showing the form again.
pub async fn update_identity(db: &Db, actor: &Actor, project_id: i64, participant_id: i64, input: &ParticipantInput) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    participant_in(db, project_id, participant_id).await?;
    let mut check = FormCheck::new();
    let name = check.field("full_name", &input.full_name, |v| validate::line(v, "the participant's name", validate::NAME_MAX, true));
    let phone = check.field("phone", &input.phone, |v| validate::line(v, "the phone number", 40, false));
    let email = check.field("email", &input.email, |v| if v.trim().is_empty() { Ok(String::new()) } else { validate::email(v) });
    let address = check.field("address", &input.address, |v| validate::text(v, "the address", 500, false));
    let notes = check.field("contact_notes", &input.contact_notes, |v| validate::text(v, "how they like to be contacted", 500, false));
    let (name, phone, email, address, notes) = check.finish((name, phone, email, address, notes))?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE participant_identities SET full_name = $1, phone = $2, email = $3, address = $4, contact_notes = $5, updated_at = $6 \
         WHERE participant_id = $7",
    )
    .bind(&name)
    .bind(&phone)
    .bind(&email)
    .bind(&address)
    .bind(&notes)
    .bind(now())
    .bind(participant_id)
    .execute(&mut *tx)
    .await?;
    history::record(&mut tx, project_id, participant_id, Change::IdentityChanged, actor.user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a participant has withdrawn (and so their data is left out everywhere).
pub async fn is_withdrawn(db: &Db, participant_id: i64) -> Result<bool, AppError> {
    let (withdrawn,): (i64,) = sqlx::query_as(
        "SELECT CASE WHEN withdrawn_on IS NULL THEN 0 ELSE 1 END FROM participants WHERE id = $1",
    )
    .bind(participant_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(withdrawn == 1)
}

/// What a withdrawal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Withdrawal {
    Recorded,
    /// They had already withdrawn (on this date): nothing changed.
    AlreadyWithdrawn(String),
}

/// Withdraws a participant in one step: the date and an optional reason. From then on
/// they show as withdrawn everywhere and their data is left out. A second withdrawal
/// changes nothing.
pub async fn withdraw(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    participant_id: i64,
    on_date: &str,
    reason: &str,
) -> Result<Withdrawal, AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let participant = participant_in(db, project_id, participant_id).await?;
    if let WithdrawalStep::AlreadyWithdrawn { since } = withdrawal_step(participant.withdrawn_on.as_deref()) {
        return Ok(Withdrawal::AlreadyWithdrawn(since));
    }
    let mut check = FormCheck::new();
    let date = check.field("withdrawn_on", on_date, |v| past_date(v, "the date they withdrew", true).map(Option::unwrap_or_default));
    // A reason may touch on someone's health: it never travels back in an address.
    let reason = check.field("reason", reason, |v| validate::text(v, "the reason", NOTE_MAX, false));
    let (date, reason) = check.finish((date, reason))?;
    let mut tx = db.begin().await?;
    let at = now();
    let changed = sqlx::query("UPDATE participants SET withdrawn_on = $1, updated_at = $2 WHERE id = $3 AND withdrawn_on IS NULL")
        .bind(&date)
        .bind(at)
        .bind(participant_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        // Someone else withdrew them a moment ago: nothing more to do.
        tx.rollback().await?;
        let since: (Option<String>,) = sqlx::query_as("SELECT withdrawn_on FROM participants WHERE id = $1")
            .bind(participant_id)
            .fetch_one(db)
            .await?;
        return Ok(Withdrawal::AlreadyWithdrawn(since.0.unwrap_or_default()));
    }
    sqlx::query(
        "INSERT INTO participant_withdrawals (participant_id, withdrawn_on, reason, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(participant_id)
    .bind(&date)
    .bind(&reason)
    .bind(actor.user_id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    // An online consent link sent earlier stops working (its page would refuse anyway).
    sqlx::query("UPDATE consent_invitations SET revoked_at = $1 WHERE participant_id = $2 AND used_at IS NULL AND revoked_at IS NULL")
        .bind(at)
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
    history::record(&mut tx, project_id, participant_id, Change::Withdrawn, actor.user_id).await?;
    tx.commit().await?;
    Ok(Withdrawal::Recorded)
}

/// Undoes a withdrawal recorded by mistake. A reason is required, and kept.
pub async fn undo_withdrawal(db: &Db, actor: &Actor, project_id: i64, participant_id: i64, reason: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    participant_in(db, project_id, participant_id).await?;
    let mut check = FormCheck::new();
    let reason = check.field("undo_reason", reason, |v| validate::text(v, "why the withdrawal is being undone", NOTE_MAX, true));
    let (reason,) = check.finish((reason,))?;
    let mut tx = db.begin().await?;
    let at = now();
    let changed = sqlx::query("UPDATE participants SET withdrawn_on = NULL, updated_at = $1 WHERE id = $2 AND withdrawn_on IS NOT NULL")
        .bind(at)
        .bind(participant_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        tx.rollback().await?;
        return Err(AppError::refused("This participant has not withdrawn, or someone else has just undone their withdrawal."));
    }
    sqlx::query(
        "UPDATE participant_withdrawals SET undone_at = $1, undone_by = $2, undo_reason = $3 \
         WHERE participant_id = $4 AND undone_at IS NULL",
    )
    .bind(at)
    .bind(actor.user_id)
    .bind(&reason)
    .bind(participant_id)
    .execute(&mut *tx)
    .await?;
    history::record(&mut tx, project_id, participant_id, Change::WithdrawalUndone, actor.user_id).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct WithdrawalRow {
    withdrawn_on: String,
    reason: String,
    recorded_name: Option<String>,
    undone_at: Option<i64>,
    undone_name: Option<String>,
    undo_reason: String,
}

pub(super) async fn withdrawals_of(db: &Db, participant_id: i64) -> Result<Vec<WithdrawalView>, AppError> {
    let rows = sqlx::query_as::<_, WithdrawalRow>(
        "SELECT w.withdrawn_on, w.reason, r.name AS recorded_name, w.undone_at, u.name AS undone_name, w.undo_reason \
         FROM participant_withdrawals w LEFT JOIN users r ON r.id = w.recorded_by LEFT JOIN users u ON u.id = w.undone_by \
         WHERE w.participant_id = $1 ORDER BY w.id DESC",
    )
    .bind(participant_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|w| WithdrawalView {
            withdrawn_on: readable_date(&w.withdrawn_on),
            reason: w.reason,
            recorded_by: w.recorded_name.unwrap_or_else(|| "A former user".into()),
            undone: w.undone_at.map(|at| {
                (format_date_time(at), w.undone_name.unwrap_or_else(|| "A former user".into()), w.undo_reason.clone())
            }),
        })
        .collect())
}

/// Someone on the team who may take consent.
#[derive(sqlx::FromRow)]
struct ResearcherRow {
    user_id: i64,
    name: String,
}

/// The project's researchers, (user id, name): who may take consent.
pub async fn researchers(db: &Db, project_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query_as::<_, ResearcherRow>(
        "SELECT u.id AS user_id, u.name FROM project_team t JOIN users u ON u.id = t.user_id \
         WHERE t.project_id = $1 AND t.role IN ('lead', 'peer_researcher', 'co_coder') ORDER BY u.name, u.id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.user_id, r.name)).collect())
}
