//! Sending e-mail from a queue in the database. Features call [`Mailer::send_or_log`]
//! (or [`Mailer::queue_in`] inside their own transaction): that adds a row to `mail_outbox`
//! and nothing more, so no request waits on a mail server. A background task on each app
//! server ([`Mailer::deliver_due`], started by the server) claims due rows, sends them over
//! SMTP or into the outbox folder ([`delivery`]), and retries failures later ([`queue`]).

pub mod delivery;
pub mod queue;

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::Notify;

use crate::error::AppError;
use crate::platform::config::Config;
use crate::platform::db::Db;
use delivery::{Outgoing, Transport};

/// One message to one person. `why` is the closing line saying why they got it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to_name: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub why: String,
}

/// A file sent with a message, such as a calendar invitation (.ics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl Attachment {
    /// An iCalendar file, which mail programs offer to add to the calendar.
    pub fn calendar(file_name: &str, ics: String) -> Self {
        Self {
            file_name: file_name.to_string(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            bytes: ics.into_bytes(),
        }
    }
}

/// A message as it was sent, kept by the in-memory transport used in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// What was attached, as sent.
    pub attachments: Vec<Attachment>,
}

#[derive(Clone)]
pub struct Mailer {
    db: Db,
    from: Mailbox,
    transport: Transport,
    /// Names this server's claims (random at each start).
    worker: Arc<str>,
    /// Rings this server's worker when something is queued.
    wake: Arc<Notify>,
    /// Tests: send what is due straight after queueing, so `sent()` shows it at once.
    deliver_at_once: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the address {0:?} cannot be used")]
    Address(String),
    #[error("the message could not be built: {0}")]
    Build(String),
    #[error("the message could not be delivered: {0}")]
    Delivery(String),
    #[error("the mail server refused the message: {0}")]
    Rejected(String),
    #[error("the message could not be queued: {0}")]
    Queue(String),
}

impl MailError {
    /// What went wrong, in a word, for the queue and the log: the messages themselves can
    /// quote the address.
    pub fn kind(&self) -> &'static str {
        match self {
            MailError::Address(_) => "address",
            MailError::Build(_) => "build",
            MailError::Delivery(_) => "delivery",
            MailError::Rejected(_) => "rejected",
            MailError::Queue(_) => "queue",
        }
    }

    /// Trying again will not help.
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Address(_) | MailError::Build(_) | MailError::Rejected(_))
    }
}

impl From<AppError> for MailError {
    fn from(error: AppError) -> Self {
        MailError::Queue(error.to_string())
    }
}

/// What one run of the worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    /// Failed this time, to be tried again later.
    pub retrying: usize,
    /// Failed for good.
    pub failed: usize,
}

impl Mailer {
    fn new(db: Db, from: Mailbox, transport: Transport, deliver_at_once: bool) -> Self {
        let worker = crate::platform::crypto::random_token()[..12].to_string();
        Self { db, from, transport, worker: worker.into(), wake: Arc::default(), deliver_at_once }
    }

    /// Queues in `db`; the worker sends over SMTP, or to the outbox folder without one.
    pub fn from_config(config: &Config, db: Db) -> Result<Self, MailError> {
        Ok(Self::new(db, config.mail_from.clone(), Transport::from_config(config)?, false))
    }

    /// For tests: queues in `db` and sends what is due straight away into memory, where
    /// `sent()` reads it back.
    pub fn in_memory(from: Mailbox, db: Db) -> Self {
        Self::new(db, from, Transport::memory(), true)
    }

    /// For tests of the queue itself: only queue, and leave sending to
    /// [`Self::deliver_due`] as a server's worker would.
    pub fn delivering_later(self) -> Self {
        Self { deliver_at_once: false, ..self }
    }

    /// What the in-memory transport has sent (empty for the others).
    pub fn sent(&self) -> Vec<SentEmail> {
        self.transport.sent()
    }

    pub fn describe(&self) -> String {
        self.transport.describe()
    }

    pub fn text_of(email: &Email) -> String {
        format!(
            "Hello {},\n\n{}\n\n--\nSent by CoResearch.\n{}\n",
            email.to_name.trim(),
            email.body.trim_end(),
            email.why.trim()
        )
    }

    fn outgoing(email: Email, attachments: Vec<Attachment>) -> Result<Outgoing, MailError> {
        // A bad address is refused now, not found out by the worker.
        delivery::mailbox(&email.to_name, &email.to_address)?;
        Ok(Outgoing {
            text: Self::text_of(&email),
            to_name: email.to_name,
            to_address: email.to_address,
            subject: email.subject,
            html: None,
            attachments,
        })
    }

    /// Queues a message (the worker sends it soon).
    pub async fn send(&self, email: Email) -> Result<(), MailError> {
        self.send_with(email, Vec::new()).await
    }

    /// Queues a message with files attached (the text comes first, then each file).
    pub async fn send_with(&self, email: Email, attachments: Vec<Attachment>) -> Result<(), MailError> {
        let mail = Self::outgoing(email, attachments)?;
        let mut conn = self.db.acquire().await.map_err(|e| MailError::Queue(e.to_string()))?;
        queue::enqueue(&mut *conn, &mail, crate::platform::time::now(), true).await?;
        drop(conn);
        self.wake().await;
        Ok(())
    }

    /// Queues a message on `conn`, inside the caller's transaction: it goes only if the
    /// transaction commits. With `only_if` false the same statement runs and queues
    /// nothing (for work that must look the same either way). Call [`Self::wake`] after
    /// the commit.
    pub async fn queue_in(
        &self,
        conn: &mut sqlx::AnyConnection,
        email: Email,
        attachments: Vec<Attachment>,
        only_if: bool,
    ) -> Result<(), MailError> {
        let mail = Self::outgoing(email, attachments)?;
        queue::enqueue(conn, &mail, crate::platform::time::now(), only_if).await?;
        Ok(())
    }

    /// Tells this server's worker there is mail (in tests, sends it now).
    pub async fn wake(&self) {
        if self.deliver_at_once {
            if let Err(error) = self.deliver_due(crate::platform::time::now()).await {
                tracing::error!(%error, "could not send queued e-mail");
            }
        } else {
            self.wake.notify_one();
        }
    }

    /// Waits until something is queued on this server, or `at_most` has passed.
    pub async fn wait_for_work(&self, at_most: Duration) {
        let _ = tokio::time::timeout(at_most, self.wake.notified()).await;
    }

    /// Queues, and if that fails writes the reason to the log: the action that caused the
    /// e-mail has already been saved and should not be undone by a mail outage.
    pub async fn send_or_log(&self, email: Email) {
        self.send_with_or_log(email, Vec::new()).await
    }

    /// [`Self::send_with`], logging a failure as [`Self::send_or_log`] does.
    pub async fn send_with_or_log(&self, email: Email, attachments: Vec<Attachment>) {
        if let Err(error) = self.send_with(email, attachments).await {
            tracing::error!(kind = error.kind(), "could not queue e-mail");
        }
    }

    /// The worker: claims what is due at `now`, sends it and records each outcome, until
    /// nothing due is left (at most a few batches, so one run ends).
    pub async fn deliver_due(&self, now: i64) -> Result<Delivered, AppError> {
        let mut done = Delivered::default();
        for _ in 0..20 {
            let claimed = queue::claim(&self.db, &self.worker, now, queue::BATCH).await?;
            if claimed.is_empty() {
                break;
            }
            for row in &claimed {
                let sent = match row.outgoing() {
                    Ok(mail) => self.transport.deliver(&self.from, &mail).await,
                    Err(error) => Err(error),
                };
                match sent {
                    Ok(()) => {
                        queue::mark_sent(&self.db, row.id, &self.worker, now).await?;
                        done.sent += 1;
                    }
                    Err(error) => {
                        let again = queue::mark_failed(&self.db, row, &error, &self.worker, now).await?;
                        // The id and the kind of error only: no address, no subject.
                        tracing::warn!(mail = row.id, attempts = row.attempts, kind = error.kind(), again, "e-mail not delivered");
                        if again { done.retrying += 1 } else { done.failed += 1 }
                    }
                }
            }
        }
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_greets_and_says_why() {
        let text = Mailer::text_of(&Email {
            to_name: " Mary Smith ".into(),
            to_address: "mary@example.org".into(),
            subject: "Confirm your e-mail address".into(),
            body: "Open this link.\n".into(),
            why: "You are getting this because you registered.".into(),
        });
        assert!(text.starts_with("Hello Mary Smith,\n\nOpen this link.\n\n--\nSent by CoResearch."));
        assert!(text.contains("because you registered"));
    }

    #[test]
    fn only_errors_that_may_pass_are_tried_again() {
        assert!(MailError::Address("x".into()).is_permanent());
        assert!(MailError::Rejected("550".into()).is_permanent());
        assert!(!MailError::Delivery("timed out".into()).is_permanent());
        assert_eq!(MailError::Address("mary@example.org".into()).kind(), "address");
    }
}
