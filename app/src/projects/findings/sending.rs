//! Sending the summary for participants (server only): who it goes to (through
//! `rules`), the e-mails, the letters to print and marking them posted. Each participant's
//! send row says which revision of the summary they got; a later revision replaces it only
//! while theirs is older, so nobody gets the same revision twice, even when two people send
//! at once. Names and addresses are read here and go only into the e-mails and the letters
//! page; every send, every opening of the letters and every letter posted is on the audit
//! trail.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::platform::time::{now, today};
use crate::projects::access::audit_entry as entry;
use crate::projects::findings::rules::{self, Channel, Facts, Had};
use crate::projects::findings::service::{findings_row, require, Want};
use crate::projects::findings::*;
use crate::validate::{self, readable_date};

/// The most people one send or one letters page handles.
const MOST: i64 = 2000;

/// One participant as the sending rule sees them, with the contact details to use
/// (server only, never sent to a page except as a letter).
#[derive(sqlx::FromRow)]
struct CandidateRow {
    id: i64,
    code: String,
    withdrawn_on: Option<String>,
    agrees_recontact: Option<i64>,
    full_name: Option<String>,
    email: Option<String>,
    address: Option<String>,
    had_channel: Option<String>,
    had_revision: Option<i64>,
}

impl CandidateRow {
    /// The facts the rules need, with `revision` the summary's saved revision.
    fn facts(&self, revision: i64) -> Facts {
        Facts {
            withdrawn: self.withdrawn_on.is_some(),
            agrees_recontact: self.agrees_recontact.unwrap_or(0) != 0,
            has_email: self.email.as_deref().is_some_and(|e| validate::email(e).is_ok()),
            revision,
            had: match (self.had_channel.as_deref().and_then(Channel::parse), self.had_revision) {
                (Some(channel), Some(revision)) => Some(Had { channel, revision }),
                _ => None,
            },
        }
    }
}

/// Every participant of the project with what the rule needs, in code order (capped).
async fn candidates<'e>(conn: impl sqlx::Executor<'e, Database = sqlx::Any>, project_id: i64) -> Result<Vec<CandidateRow>, AppError> {
    Ok(sqlx::query_as::<_, CandidateRow>(
        "SELECT p.id, p.code, p.withdrawn_on, \
         (SELECT c.agrees_recontact FROM consent_records c WHERE c.participant_id = p.id ORDER BY c.id DESC LIMIT 1) AS agrees_recontact, \
         i.full_name, i.email, i.address, s.channel AS had_channel, s.revision AS had_revision \
         FROM participants p LEFT JOIN participant_identities i ON i.participant_id = p.id \
         LEFT JOIN findings_summary_sends s ON s.project_id = p.project_id AND s.participant_id = p.id \
         WHERE p.project_id = $1 ORDER BY p.seq LIMIT $2",
    )
    .bind(project_id)
    .bind(MOST)
    .fetch_all(conn)
    .await?)
}

/// Where the summary (at `revision`) stands with each participant (codes only) and the counts.
pub async fn sending_view(db: &Db, project_id: i64, revision: i64) -> Result<SendingView, AppError> {
    let rows = candidates(db, project_id).await?;
    let mut view = SendingView::default();
    for row in &rows {
        let f = row.facts(revision);
        if rules::channel(&f).is_some() {
            view.agreed += 1;
        }
        let current = f.had.filter(|_| f.has_current()).map(|h| h.channel);
        match (rules::waiting(&f), current) {
            (Some(Channel::Email), _) => view.to_email += 1,
            (Some(Channel::Letter), _) => view.to_letter += 1,
            (None, Some(Channel::Email)) => view.emailed += 1,
            (None, Some(Channel::Letter)) => view.posted += 1,
            (None, None) => {}
        }
        if rules::is_update(&f) {
            view.earlier += 1;
        }
        view.lines.push((row.code.clone(), rules::status(&f).to_string()));
    }
    Ok(view)
}

/// Records that `revision` went to a participant: a new row, or their row moved on from an
/// older revision. False when they already have this revision (someone else's send got
/// there first), so the caller sends nothing.
async fn record_send(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    project_id: i64,
    participant_id: i64,
    channel: Channel,
    revision: i64,
    by: i64,
    at: i64,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "INSERT INTO findings_summary_sends (project_id, participant_id, channel, revision, sent_by, sent_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (project_id, participant_id) DO UPDATE SET channel = excluded.channel, revision = excluded.revision, \
         sent_by = excluded.sent_by, sent_at = excluded.sent_at WHERE findings_summary_sends.revision < excluded.revision",
    )
    .bind(project_id)
    .bind(participant_id)
    .bind(channel.as_str())
    .bind(revision)
    .bind(by)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What one send did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sent {
    pub emailed: i64,
    /// Of those e-mails, how many were an updated summary for people who had an earlier one.
    pub updated: i64,
    /// Letters waiting to be printed after this send.
    pub letters: i64,
}

fn participant_email(title: &str, group: &str, name: &str, address: &str, summary: &str, updated: bool) -> Email {
    Email {
        to_name: name.to_string(),
        to_address: address.to_string(),
        subject: if updated { format!("Updated: what we found: {title}") } else { format!("What we found: {title}") },
        body: format!("Dear {name},\n\n{}\n\n{summary}\n\nWith best wishes,\n{group}", rules::opening(title, updated)),
        why: "You are getting this e-mail because you took part in this research and said the researchers could contact you again. \
              You get each version of the summary only once."
            .into(),
    }
}

#[derive(sqlx::FromRow)]
struct Lead {
    name: String,
    email: String,
}

async fn group_name(db: &Db, group_id: i64) -> Result<String, AppError> {
    let (name,): (String,) = sqlx::query_as("SELECT name FROM organisations WHERE id = $1").bind(group_id).fetch_one(db).await?;
    Ok(name)
}

/// Holds the project's findings row, if there is one, until the transaction ends (see
/// `service::hold_findings_row`), then reads it: the summary and its revision as they stand
/// for this send.
async fn held_summary(tx: &mut sqlx::Transaction<'_, sqlx::Any>, project_id: i64) -> Result<(String, i64), AppError> {
    sqlx::query("UPDATE findings_projects SET summary_revision = summary_revision WHERE project_id = $1").bind(project_id).execute(&mut **tx).await?;
    Ok(findings_row(&mut **tx, project_id).await?.map_or((String::new(), 1), |r| (r.summary, r.summary_revision)))
}

/// A researcher sends the saved summary: one e-mail to each participant waiting for this
/// revision of it (an updated summary to those who had an earlier one), each recorded with
/// the revision, who sent it and when (so nobody gets the same revision twice, even when
/// two people send at once), each on the audit trail; then the project lead is told how
/// many went and how many letters wait to be printed. All or nothing.
pub async fn send_summary(state: &AppState, actor: &Actor, project_id: i64) -> Result<Sent, AppError> {
    let db = &state.db;
    let ctx = require(db, actor, project_id, Want::Contact).await?;
    let group = group_name(db, ctx.group_id).await?;
    let leads = sqlx::query_as::<_, Lead>(
        "SELECT u.name, u.email FROM project_team t JOIN users u ON u.id = t.user_id WHERE t.project_id = $1 AND t.role = 'lead'",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let at = now();
    let mut sent = Sent::default();
    let mut tx = db.begin().await?;
    let (summary, revision) = held_summary(&mut tx, project_id).await?;
    if summary.trim().is_empty() {
        return Err(AppError::refused("Save the summary for participants first, then send it."));
    }
    for row in candidates(&mut *tx, project_id).await? {
        let f = row.facts(revision);
        match rules::waiting(&f) {
            Some(Channel::Email) => {
                if record_send(&mut tx, project_id, row.id, Channel::Email, revision, actor.user_id, at).await? {
                    let updated = rules::is_update(&f);
                    let mail = participant_email(
                        &ctx.title,
                        &group,
                        row.full_name.as_deref().unwrap_or("participant"),
                        row.email.as_deref().unwrap_or_default().trim(),
                        &summary,
                        updated,
                    );
                    state.mailer.queue_in(&mut tx, mail, Vec::new(), true).await.map_err(|error| {
                        tracing::error!(kind = error.kind(), "could not queue the summary e-mail");
                        AppError::Internal
                    })?;
                    audit::record(&mut *tx, entry(actor, project_id, Audit::SummarySent, "participant", row.id)).await?;
                    sent.emailed += 1;
                    sent.updated += i64::from(updated);
                }
            }
            Some(Channel::Letter) => sent.letters += 1,
            None => {}
        }
    }
    let letters_link = state.config.link(&format!("/projects/{project_id}/findings/letters"));
    let updated_line = if sent.updated > 0 {
        format!("\nOf those, updated summaries for people who had an earlier version: {}", sent.updated)
    } else {
        String::new()
    };
    for lead in leads {
        let mail = Email {
            to_name: lead.name,
            to_address: lead.email,
            subject: format!("{}: the summary went to participants", ctx.title),
            body: format!(
                "The summary for participants of \"{}\" has just been sent.\n\nE-mails sent to participants: {}{updated_line}\nLetters waiting to be printed and posted, for people without an e-mail address: {}\n\nPrint the letters here:\n\n{letters_link}",
                ctx.title, sent.emailed, sent.letters
            ),
            why: "You are getting this e-mail because you lead this project.".into(),
        };
        state.mailer.queue_in(&mut tx, mail, Vec::new(), true).await.map_err(|error| {
            tracing::error!(kind = error.kind(), "could not queue the e-mail to the project lead");
            AppError::Internal
        })?;
    }
    tx.commit().await?;
    state.mailer.wake().await;
    Ok(sent)
}

/// The letters waiting to be printed (for this revision of the summary), one a page, for
/// the project's researchers only. Opening them is on the audit trail.
pub async fn letters_page(db: &Db, actor: &Actor, project_id: i64) -> Result<LettersPage, AppError> {
    let ctx = require(db, actor, project_id, Want::Contact).await?;
    let (summary, revision) = findings_row(db, project_id).await?.map_or((String::new(), 1), |r| (r.summary, r.summary_revision));
    let letters = candidates(db, project_id)
        .await?
        .into_iter()
        .filter_map(|row| {
            let f = row.facts(revision);
            (rules::waiting(&f) == Some(Channel::Letter)).then(|| Letter {
                code: row.code,
                full_name: row.full_name.unwrap_or_default(),
                address: row.address.unwrap_or_default(),
                updated: rules::is_update(&f),
            })
        })
        .collect();
    audit::record(db, entry(actor, project_id, Audit::LettersOpened, "project", project_id)).await?;
    Ok(LettersPage {
        project_id,
        project_title: ctx.title,
        group_name: group_name(db, ctx.group_id).await?,
        summary,
        letters,
        dated: readable_date(&today()),
    })
}

/// A researcher says the waiting letters are printed and posted: each is recorded with the
/// summary's revision (so it is not printed again) and audited. Returns how many.
pub async fn mark_letters_posted(db: &Db, actor: &Actor, project_id: i64) -> Result<i64, AppError> {
    require(db, actor, project_id, Want::Contact).await?;
    let at = now();
    let mut posted = 0;
    let mut tx = db.begin().await?;
    let (_, revision) = held_summary(&mut tx, project_id).await?;
    for row in candidates(&mut *tx, project_id).await? {
        if rules::waiting(&row.facts(revision)) != Some(Channel::Letter) {
            continue;
        }
        if record_send(&mut tx, project_id, row.id, Channel::Letter, revision, actor.user_id, at).await? {
            audit::record(&mut *tx, entry(actor, project_id, Audit::LettersPosted, "participant", row.id)).await?;
            posted += 1;
        }
    }
    tx.commit().await?;
    Ok(posted)
}
