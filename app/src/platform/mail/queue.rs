//! The e-mail queue's SQL (table `mail_outbox`). A request adds rows; each app server's
//! worker claims the due ones, sends them and records how it went.
//!
//! Each row is claimed by one worker at a time however many servers share the database:
//! on PostgreSQL with `SELECT ... FOR UPDATE SKIP LOCKED` inside a short transaction that
//! marks the rows claimed (other workers skip locked rows instead of waiting, and see them
//! claimed once it commits); on SQLite with one conditional UPDATE (a write statement takes
//! the database's write lock before it reads, so workers take turns). A claim older than
//! [`LEASE_SECONDS`] (its server stopped mid-way) can be claimed again.

use base64::Engine;
use sqlx::AnyConnection;

use super::delivery::Outgoing;
use super::{Attachment, MailError};
use crate::error::AppError;
use crate::platform::db::{Backend, Db};

/// A claim older than this is taken to belong to a server that stopped.
pub const LEASE_SECONDS: i64 = 10 * 60;
/// How many rows a worker claims at once (sent one after another, each within the SMTP
/// timeout, so a batch ends well inside the lease).
pub const BATCH: i64 = 10;
/// Waits before the second, third and fourth attempts; after the last, the row is failed.
pub const RETRY_AFTER_SECONDS: [i64; 3] = [60, 5 * 60, 30 * 60];
pub const MAX_ATTEMPTS: i64 = RETRY_AFTER_SECONDS.len() as i64 + 1;

/// When a row that has failed `attempts` times is tried again, or `None` to give up.
pub fn retry_at(attempts: i64, now: i64) -> Option<i64> {
    usize::try_from(attempts - 1).ok().and_then(|i| RETRY_AFTER_SECONDS.get(i)).map(|wait| now + wait)
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredAttachment {
    file_name: String,
    content_type: String,
    base64: String,
}

fn attachments_json(files: &[Attachment]) -> Option<String> {
    if files.is_empty() {
        return None;
    }
    let stored: Vec<StoredAttachment> = files
        .iter()
        .map(|f| StoredAttachment {
            file_name: f.file_name.clone(),
            content_type: f.content_type.clone(),
            base64: base64::engine::general_purpose::STANDARD.encode(&f.bytes),
        })
        .collect();
    serde_json::to_string(&stored).ok()
}

fn attachments_from(json: Option<&str>) -> Result<Vec<Attachment>, MailError> {
    let Some(json) = json else { return Ok(Vec::new()) };
    let stored: Vec<StoredAttachment> = serde_json::from_str(json).map_err(|e| MailError::Build(e.to_string()))?;
    stored
        .into_iter()
        .map(|f| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(f.base64)
                .map_err(|e| MailError::Build(e.to_string()))?;
            Ok(Attachment { file_name: f.file_name, content_type: f.content_type, bytes })
        })
        .collect()
}

/// Adds a message to the queue on `conn` (a caller's transaction, or a pooled
/// connection), due at once. With `only_if` false the same statement runs and adds
/// nothing: callers that must do the same work either way use that.
pub async fn enqueue(conn: &mut AnyConnection, mail: &Outgoing, at: i64, only_if: bool) -> Result<u64, AppError> {
    Ok(sqlx::query(
        "INSERT INTO mail_outbox (recipient, recipient_name, subject, text_body, html_body, attachments, status, \
         attempts, next_attempt_at, created_at) \
         SELECT $1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7 WHERE $8 = 1",
    )
    .bind(&mail.to_address)
    .bind(&mail.to_name)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(mail.html.as_deref())
    .bind(attachments_json(&mail.attachments))
    .bind(at)
    .bind(only_if as i64)
    .execute(conn)
    .await?
    .rows_affected())
}

/// A claimed row, as the worker sends it.
#[derive(Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub recipient: String,
    pub recipient_name: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: Option<String>,
    pub attachments: Option<String>,
    /// This attempt included.
    pub attempts: i64,
}

impl Claimed {
    pub fn outgoing(&self) -> Result<Outgoing, MailError> {
        Ok(Outgoing {
            to_name: self.recipient_name.clone(),
            to_address: self.recipient.clone(),
            subject: self.subject.clone(),
            text: self.text_body.clone(),
            html: self.html_body.clone(),
            attachments: attachments_from(self.attachments.as_deref())?,
        })
    }
}

/// Due now: waiting and its time has come, or claimed by a server that has not finished
/// within the lease. Repeated on the row being claimed so a re-read row is checked again.
const DUE: &str = "((status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND claimed_at <= $2))";
const CLAIMED_COLUMNS: &str = "id, recipient, recipient_name, subject, text_body, html_body, attachments, attempts";

/// Claims up to `limit` due rows for `worker` at `now` and returns them. No other call,
/// on this server or another, gets the same row until the lease runs out.
pub async fn claim(db: &Db, worker: &str, now: i64, limit: i64) -> Result<Vec<Claimed>, AppError> {
    let lease_cutoff = now - LEASE_SECONDS;
    match Backend::of(db) {
        Backend::Postgres => {
            let mut tx = db.begin().await?;
            let ids: Vec<(i64,)> = sqlx::query_as(&format!(
                "SELECT id FROM mail_outbox WHERE {DUE} ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED"
            ))
            .bind(now)
            .bind(lease_cutoff)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await?;
            if ids.is_empty() {
                tx.commit().await?;
                return Ok(Vec::new());
            }
            let list = crate::platform::sql::placeholders(4, ids.len());
            let sql = format!(
                "UPDATE mail_outbox SET status = 'sending', claimed_at = $1, claimed_by = $3, attempts = attempts + 1 \
                 WHERE {DUE} AND id IN ({list}) RETURNING {CLAIMED_COLUMNS}"
            );
            let mut update = sqlx::query_as::<_, Claimed>(&sql).bind(now).bind(lease_cutoff).bind(worker);
            for (id,) in &ids {
                update = update.bind(*id);
            }
            let mut claimed = update.fetch_all(&mut *tx).await?;
            tx.commit().await?;
            claimed.sort_by_key(|c| c.id);
            Ok(claimed)
        }
        Backend::Sqlite => {
            let mut claimed = sqlx::query_as::<_, Claimed>(&format!(
                "UPDATE mail_outbox SET status = 'sending', claimed_at = $1, claimed_by = $3, attempts = attempts + 1 \
                 WHERE {DUE} AND id IN (SELECT id FROM mail_outbox WHERE {DUE} ORDER BY id LIMIT $4) \
                 RETURNING {CLAIMED_COLUMNS}"
            ))
            .bind(now)
            .bind(lease_cutoff)
            .bind(worker)
            .bind(limit)
            .fetch_all(db)
            .await?;
            claimed.sort_by_key(|c| c.id);
            Ok(claimed)
        }
    }
}

/// Records a delivered row as sent (only while this worker's claim stands).
pub async fn mark_sent(db: &Db, id: i64, worker: &str, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE mail_outbox SET status = 'sent', sent_at = $1, last_error = NULL, claimed_at = NULL, claimed_by = NULL \
         WHERE id = $2 AND claimed_by = $3 AND status = 'sending'",
    )
    .bind(now)
    .bind(id)
    .bind(worker)
    .execute(db)
    .await?;
    Ok(())
}

/// Records a failed attempt: tried again later, or failed for good when the error cannot
/// get better (a bad address, a refusal) or the attempts are used up. Only the error's
/// kind is kept. Returns whether it will be tried again.
pub async fn mark_failed(db: &Db, row: &Claimed, error: &MailError, worker: &str, now: i64) -> Result<bool, AppError> {
    let again = if error.is_permanent() { None } else { retry_at(row.attempts, now) };
    sqlx::query(
        "UPDATE mail_outbox SET status = $1, next_attempt_at = COALESCE($2, next_attempt_at), last_error = $3, \
         claimed_at = NULL, claimed_by = NULL WHERE id = $4 AND claimed_by = $5 AND status = 'sending'",
    )
    .bind(if again.is_some() { "pending" } else { "failed" })
    .bind(again)
    .bind(error.kind())
    .bind(row.id)
    .bind(worker)
    .execute(db)
    .await?;
    Ok(again.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_then_stop() {
        assert_eq!(retry_at(1, 1000), Some(1060));
        assert_eq!(retry_at(2, 1000), Some(1300));
        assert_eq!(retry_at(3, 1000), Some(2800));
        assert_eq!(retry_at(MAX_ATTEMPTS, 1000), None);
        assert_eq!(retry_at(0, 1000), None);
    }

    #[test]
    fn attachments_survive_the_round_trip() {
        let files = vec![Attachment::calendar("a.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into())];
        let json = attachments_json(&files);
        assert_eq!(attachments_from(json.as_deref()).unwrap(), files);
        assert_eq!(attachments_json(&[]), None);
        assert!(attachments_from(None).unwrap().is_empty());
    }
}
