//! Sending the summary for participants (server only): who it goes to (through
//! `rules`), the e-mails, the letters to print and marking them posted. Names and
//! addresses are read here and go only into the e-mails and the letters page; every send,
//! every opening of the letters and every letter posted is on the audit trail.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::platform::time::{now, today};
use crate::projects::findings::rules::{self, Channel, Facts};
use crate::projects::access::audit_entry as entry;
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
    already: Option<String>,
}

impl CandidateRow {
    fn facts(&self) -> Facts {
        Facts {
            withdrawn: self.withdrawn_on.is_some(),
            agrees_recontact: self.agrees_recontact.unwrap_or(0) != 0,
            has_email: self.email.as_deref().is_some_and(|e| validate::email(e).is_ok()),
            already: self.already.as_deref().and_then(Channel::parse),
        }
    }
}

/// Every participant of the project with what the rule needs, in code order (capped).
async fn candidates<'e>(conn: impl sqlx::Executor<'e, Database = sqlx::Any>, project_id: i64) -> Result<Vec<CandidateRow>, AppError> {
    Ok(sqlx::query_as::<_, CandidateRow>(
        "SELECT p.id, p.code, p.withdrawn_on, \
         (SELECT c.agrees_recontact FROM consent_records c WHERE c.participant_id = p.id ORDER BY c.id DESC LIMIT 1) AS agrees_recontact, \
         i.full_name, i.email, i.address, s.channel AS already \
         FROM participants p LEFT JOIN participant_identities i ON i.participant_id = p.id \
         LEFT JOIN findings_summary_sends s ON s.project_id = p.project_id AND s.participant_id = p.id \
         WHERE p.project_id = $1 ORDER BY p.seq LIMIT $2",
    )
    .bind(project_id)
    .bind(MOST)
    .fetch_all(conn)
    .await?)
}

/// Where the summary stands with each participant (codes only) and the counts.
pub async fn sending_view(db: &Db, project_id: i64) -> Result<SendingView, AppError> {
    let rows = candidates(db, project_id).await?;
    let mut view = SendingView::default();
    for row in &rows {
        let f = row.facts();
        if rules::channel(&f).is_some() {
            view.agreed += 1;
        }
        match (rules::waiting(&f), f.already) {
            (Some(Channel::Email), _) => view.to_email += 1,
            (Some(Channel::Letter), _) => view.to_letter += 1,
            (None, Some(Channel::Email)) => view.emailed += 1,
            (None, Some(Channel::Letter)) => view.posted += 1,
            (None, None) => {}
        }
        view.lines.push((row.code.clone(), rules::status(&f).to_string()));
    }
    Ok(view)
}

/// What one send did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sent {
    pub emailed: i64,
    /// Letters waiting to be printed after this send.
    pub letters: i64,
}

fn participant_email(title: &str, group: &str, name: &str, address: &str, summary: &str) -> Email {
    Email {
        to_name: name.to_string(),
        to_address: address.to_string(),
        subject: format!("What we found: {title}"),
        body: format!(
            "Dear {name},\n\nThank you for taking part in \"{title}\". You said we could contact you again, so here is a short \
             summary of what we found.\n\n{summary}\n\nWith best wishes,\n{group}"
        ),
        why: "You are getting this e-mail because you took part in this research and said the researchers could contact you again. \
              You will not get it twice."
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

/// A researcher sends the saved summary: one e-mail to each participant waiting for one,
/// each recorded with who sent it and when (so nobody gets it twice, even when two people
/// send at once), each on the audit trail; then the project lead is told how many went and
/// how many letters wait to be printed. All or nothing.
pub async fn send_summary(state: &AppState, actor: &Actor, project_id: i64) -> Result<Sent, AppError> {
    let db = &state.db;
    let ctx = require(db, actor, project_id, Want::Contact).await?;
    let summary = findings_row(db, project_id).await?.map(|r| r.summary).unwrap_or_default();
    if summary.trim().is_empty() {
        return Err(AppError::refused("Save the summary for participants first, then send it."));
    }
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
    for row in candidates(&mut *tx, project_id).await? {
        let f = row.facts();
        match rules::waiting(&f) {
            Some(Channel::Email) => {
                let added = sqlx::query(
                    "INSERT INTO findings_summary_sends (project_id, participant_id, channel, sent_by, sent_at) VALUES ($1, $2, 'email', $3, $4) \
                     ON CONFLICT (project_id, participant_id) DO NOTHING",
                )
                .bind(project_id)
                .bind(row.id)
                .bind(actor.user_id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                if added.rows_affected() == 1 {
                    let mail = participant_email(
                        &ctx.title,
                        &group,
                        row.full_name.as_deref().unwrap_or("participant"),
                        row.email.as_deref().unwrap_or_default().trim(),
                        &summary,
                    );
                    state.mailer.queue_in(&mut tx, mail, Vec::new(), true).await.map_err(|error| {
                        tracing::error!(kind = error.kind(), "could not queue the summary e-mail");
                        AppError::Internal
                    })?;
                    audit::record(&mut *tx, entry(actor, project_id, Audit::SummarySent, "participant", row.id)).await?;
                    sent.emailed += 1;
                }
            }
            Some(Channel::Letter) => sent.letters += 1,
            None => {}
        }
    }
    let letters_link = state.config.link(&format!("/projects/{project_id}/findings/letters"));
    for lead in leads {
        let mail = Email {
            to_name: lead.name,
            to_address: lead.email,
            subject: format!("{}: the summary went to participants", ctx.title),
            body: format!(
                "The summary for participants of \"{}\" has just been sent.\n\nE-mails sent to participants: {}\nLetters waiting to be printed and posted, for people without an e-mail address: {}\n\nPrint the letters here:\n\n{letters_link}",
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

/// The letters waiting to be printed, one a page, for the project's researchers only.
/// Opening them is on the audit trail.
pub async fn letters_page(db: &Db, actor: &Actor, project_id: i64) -> Result<LettersPage, AppError> {
    let ctx = require(db, actor, project_id, Want::Contact).await?;
    let summary = findings_row(db, project_id).await?.map(|r| r.summary).unwrap_or_default();
    let letters = candidates(db, project_id)
        .await?
        .into_iter()
        .filter(|row| rules::waiting(&row.facts()) == Some(Channel::Letter))
        .map(|row| Letter { code: row.code, full_name: row.full_name.unwrap_or_default(), address: row.address.unwrap_or_default() })
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

/// A researcher says the waiting letters are printed and posted: each is recorded (so it is
/// not printed again) and audited. Returns how many.
pub async fn mark_letters_posted(db: &Db, actor: &Actor, project_id: i64) -> Result<i64, AppError> {
    require(db, actor, project_id, Want::Contact).await?;
    let at = now();
    let mut posted = 0;
    let mut tx = db.begin().await?;
    for row in candidates(&mut *tx, project_id).await? {
        if rules::waiting(&row.facts()) != Some(Channel::Letter) {
            continue;
        }
        let added = sqlx::query(
            "INSERT INTO findings_summary_sends (project_id, participant_id, channel, sent_by, sent_at) VALUES ($1, $2, 'letter', $3, $4) \
             ON CONFLICT (project_id, participant_id) DO NOTHING",
        )
        .bind(project_id)
        .bind(row.id)
        .bind(actor.user_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 1 {
            audit::record(&mut *tx, entry(actor, project_id, Audit::LettersPosted, "participant", row.id)).await?;
            posted += 1;
        }
    }
    tx.commit().await?;
    Ok(posted)
}

