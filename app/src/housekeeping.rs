//! Clearing away what has expired: ended sessions, used or expired e-mail links, invitations
//! nobody took up, old throttle counts, and e-mails sent (or given up on) a while ago; and
//! telling project leads about research data kept past its date. Run by a background task on
//! every app server; each step is a plain DELETE of rows no one can use any more, or a
//! conditional UPDATE that only one server wins, so two servers running it at once simply
//! share the work. Like the dashboard, this module meets several features' tables
//! (accounts, organisations, training, ethics review, online consent), so no feature imports another's.

use crate::error::AppError;
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;

/// How long an expired, never-used invitation stays, so its link still says "this
/// invitation has expired" rather than "not found" for a while.
const EXPIRED_INVITATIONS_KEPT_SECONDS: i64 = 30 * 24 * 3600;
/// An ended session's row stays this long, so a form its person sent after it ended can
/// be kept for them (accounts::kept_forms); it can no longer sign anyone in.
const ENDED_SESSIONS_KEPT_SECONDS: i64 = 12 * 3600;
/// Throttle and rate-limit windows are at most an hour; a day covers every one.
const THROTTLE_KEPT_SECONDS: i64 = 24 * 3600;
/// A sent e-mail's row (its text is personal data) stays a few days, long enough to see
/// what went out if someone says a message never came...
pub const SENT_MAIL_KEPT_SECONDS: i64 = 3 * 24 * 3600;
/// ...and one given up on a little longer, to find out why.
pub const FAILED_MAIL_KEPT_SECONDS: i64 = 7 * 24 * 3600;

/// How many rows each step removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleared {
    pub sessions: u64,
    pub links: u64,
    pub invitations: u64,
    pub throttle: u64,
    pub mails: u64,
    /// Failed forms' answers and kept forms nobody came back for.
    pub forms: u64,
}

impl Cleared {
    pub fn total(&self) -> u64 {
        self.sessions + self.links + self.invitations + self.throttle + self.mails + self.forms
    }
}

pub async fn clear_expired(db: &Db, config: &Config, now: i64) -> Result<Cleared, AppError> {
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2 OR created_at <= $3")
        .bind(now - ENDED_SESSIONS_KEPT_SECONDS)
        .bind(now - config.session_idle_seconds - ENDED_SESSIONS_KEPT_SECONDS)
        .bind(now - config.session_max_seconds - ENDED_SESSIONS_KEPT_SECONDS)
        .execute(db)
        .await?
        .rows_affected();
    let links = sqlx::query("DELETE FROM email_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL")
        .bind(now)
        .execute(db)
        .await?
        .rows_affected();
    let mut invitations = 0;
    // Taken-up invitations stay: they record who joined, and when.
    for table in ["invitations", "cohort_invitations", "ethics_review_invitations"] {
        invitations += sqlx::query(&format!("DELETE FROM {table} WHERE accepted_at IS NULL AND expires_at <= $1"))
            .bind(now - EXPIRED_INVITATIONS_KEPT_SECONDS)
            .execute(db)
            .await?
            .rows_affected();
    }
    // Online consent links never used (expired, or replaced and since expired). A used one
    // stays: it says which link made which consent record.
    invitations += sqlx::query("DELETE FROM consent_invitations WHERE used_at IS NULL AND expires_at <= $1")
        .bind(now - EXPIRED_INVITATIONS_KEPT_SECONDS)
        .execute(db)
        .await?
        .rows_affected();
    let throttle = sqlx::query("DELETE FROM sign_in_throttle WHERE window_start <= $1")
        .bind(now - THROTTLE_KEPT_SECONDS)
        .execute(db)
        .await?
        .rows_affected();
    // Waiting and claimed e-mails stay, however old: they have not gone yet.
    let mails = sqlx::query(
        "DELETE FROM mail_outbox WHERE (status = 'sent' AND sent_at <= $1) OR (status = 'failed' AND created_at <= $2)",
    )
    .bind(now - SENT_MAIL_KEPT_SECONDS)
    .bind(now - FAILED_MAIL_KEPT_SECONDS)
    .execute(db)
    .await?
    .rows_affected();
    let forms = crate::platform::form_return::clear_expired(db, now).await?
        + crate::accounts::kept_forms::store::clear_expired(db, now).await?;
    Ok(Cleared { sessions, links, invitations, throttle, mails, forms })
}

#[derive(sqlx::FromRow)]
struct PastRetention {
    project_id: i64,
    title: String,
}

#[derive(sqlx::FromRow)]
struct Lead {
    name: String,
    email: String,
}

/// Tells each project's lead, once, about recordings and transcripts past the date the
/// project said to delete them by (`today` is YYYY-MM-DD). The files are marked in the same
/// transaction as the e-mail is queued, and only files not yet marked count, so two servers
/// running this at once send one e-mail. Returns how many files were newly flagged. The lead
/// decides: delete them, or change the date if the data management plan allows.
pub async fn flag_past_retention(state: &AppState, today: &str, now: i64) -> Result<u64, AppError> {
    let db = &state.db;
    let projects = sqlx::query_as::<_, PastRetention>(
        "SELECT DISTINCT f.project_id, p.title FROM fieldwork_files f JOIN projects p ON p.id = f.project_id \
         WHERE f.deleted_at IS NULL AND f.retention_flagged_at IS NULL AND f.retain_until < $1 ORDER BY f.project_id LIMIT 200",
    )
    .bind(today)
    .fetch_all(db)
    .await?;
    let mut flagged = 0;
    for project in projects {
        let mut tx = db.begin().await?;
        let files = sqlx::query(
            "UPDATE fieldwork_files SET retention_flagged_at = $1 \
             WHERE project_id = $2 AND deleted_at IS NULL AND retention_flagged_at IS NULL AND retain_until < $3",
        )
        .bind(now)
        .bind(project.project_id)
        .bind(today)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if files == 0 {
            continue; // another server got there first
        }
        let leads = sqlx::query_as::<_, Lead>(
            "SELECT u.name, u.email FROM project_team t JOIN users u ON u.id = t.user_id WHERE t.project_id = $1 AND t.role = 'lead'",
        )
        .bind(project.project_id)
        .fetch_all(&mut *tx)
        .await?;
        let link = state.config.link(&format!("/projects/{}/data", project.project_id));
        for lead in leads {
            let mail = retention_email(&project.title, files, &link, lead);
            state.mailer.queue_in(&mut tx, mail, Vec::new(), true).await.map_err(|error| {
                tracing::error!(kind = error.kind(), "could not queue the retention reminder");
                AppError::Internal
            })?;
        }
        tx.commit().await?;
        flagged += files;
    }
    if flagged > 0 {
        state.mailer.wake().await;
    }
    Ok(flagged)
}

fn retention_email(title: &str, files: u64, link: &str, lead: Lead) -> Email {
    let what = if files == 1 { "1 recording or transcript is".to_string() } else { format!("{files} recordings or transcripts are") };
    Email {
        to_name: lead.name,
        to_address: lead.email,
        subject: format!("{title}: research data past its deletion date"),
        body: format!(
            "{what} in \"{title}\" past the date the project set for deleting them.\n\n\
             Please delete them now, as the project's data management plan and participants' consent say. \
             If the plan allows keeping them longer, change the date instead.\n\n{link}"
        ),
        why: "You are getting this e-mail because you lead this project.".into(),
    }
}
