//! The alert for a missed check-out (server only). Every app server runs
//! [`sweep_missed_check_outs`] every minute; the conditional UPDATE claims each missed
//! check-in for one of them, so the lead gets one e-mail however many servers share the
//! database. Nothing here writes a name, a place or an address to the log.

use crate::error::AppError;
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::mail::{Email, Mailer};
use crate::platform::time::format_date_time;

/// Claims every open check-in whose due time plus the grace has passed and that nobody has
/// been told about, and e-mails the lead about each one this call claimed. Returns how many
/// alerts this call sent (another server's claims are not counted, nor sent again).
pub async fn sweep_missed_check_outs(db: &Db, mailer: &Mailer, config: &Config, now: i64) -> Result<usize, AppError> {
    let cutoff = now - config.lone_working_grace_seconds;
    // One statement claims them all: a row another server has just claimed no longer
    // matches `alerted_at IS NULL` (SQLite takes writes one at a time; PostgreSQL re-reads
    // a row it waited for), so each row is returned to exactly one caller.
    let claimed: Vec<(i64,)> = sqlx::query_as(
        "UPDATE lone_working_check_ins SET alerted_at = $1 \
         WHERE checked_out_at IS NULL AND alerted_at IS NULL AND due_back_at <= $2 RETURNING id",
    )
    .bind(now)
    .bind(cutoff)
    .fetch_all(db)
    .await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = claimed.into_iter().map(|(id,)| id).collect();
    let rows = details(db, &ids).await?;
    for row in &rows {
        let people = recipients(db, row.project_id, row.user_id).await?;
        if people.is_empty() {
            tracing::warn!(check_in = row.id, "lone working: a check-out was missed but the project has no lead or coordinator to tell");
        }
        for person in people {
            mailer.send_or_log(alert_email(config, row, person)).await;
        }
    }
    tracing::info!(alerts = rows.len(), "lone working: missed check-outs e-mailed to project leads");
    Ok(rows.len())
}

/// After a late check-out that had raised an alert, tells the same people the researcher
/// is safe; once (`safe_told_at` is claimed the same way).
pub async fn tell_safe(db: &Db, mailer: &Mailer, config: &Config, check_in_id: i64, now: i64) -> Result<bool, AppError> {
    let claimed = sqlx::query(
        "UPDATE lone_working_check_ins SET safe_told_at = $1 \
         WHERE id = $2 AND safe_told_at IS NULL AND alerted_at IS NOT NULL AND checked_out_at IS NOT NULL",
    )
    .bind(now)
    .bind(check_in_id)
    .execute(db)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(false);
    }
    for row in details(db, &[check_in_id]).await? {
        for person in recipients(db, row.project_id, row.user_id).await? {
            mailer.send_or_log(safe_email(config, &row, person)).await;
        }
    }
    Ok(true)
}

#[derive(sqlx::FromRow)]
struct Missed {
    id: i64,
    project_id: i64,
    user_id: i64,
    name: String,
    place: String,
    phone: String,
    checked_in_at: i64,
    due_back_at: i64,
    checked_out_at: Option<i64>,
    title: String,
}

async fn details(db: &Db, ids: &[i64]) -> Result<Vec<Missed>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // The ids are numbers this server just read back from the database.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    Ok(sqlx::query_as::<_, Missed>(&format!(
        "SELECT c.id, c.project_id, c.user_id, u.name, c.place, c.phone, c.checked_in_at, c.due_back_at, c.checked_out_at, p.title \
         FROM lone_working_check_ins c JOIN users u ON u.id = c.user_id JOIN projects p ON p.id = c.project_id \
         WHERE c.id IN ({list}) ORDER BY c.id"
    ))
    .fetch_all(db)
    .await?)
}

#[derive(sqlx::FromRow)]
pub struct Recipient {
    pub name: String,
    pub email: String,
}

/// Who is told: the project's lead; when the researcher is the lead themselves, or the
/// project has no lead, the coordinators of the group doing the project.
pub async fn recipients(db: &Db, project_id: i64, researcher_id: i64) -> Result<Vec<Recipient>, AppError> {
    let leads = sqlx::query_as::<_, Recipient>(
        "SELECT u.name, u.email FROM project_team t JOIN users u ON u.id = t.user_id \
         WHERE t.project_id = $1 AND t.role = 'lead' AND t.user_id <> $2 ORDER BY u.id",
    )
    .bind(project_id)
    .bind(researcher_id)
    .fetch_all(db)
    .await?;
    if !leads.is_empty() {
        return Ok(leads);
    }
    Ok(sqlx::query_as::<_, Recipient>(
        "SELECT u.name, u.email FROM projects p JOIN memberships m ON m.organisation_id = p.organisation_id \
         JOIN users u ON u.id = m.user_id \
         WHERE p.id = $1 AND (m.role = 'coordinator' OR m.is_lead = 1) AND m.user_id <> $2 ORDER BY u.id",
    )
    .bind(project_id)
    .bind(researcher_id)
    .fetch_all(db)
    .await?)
}

const WHY: &str = "You are getting this e-mail because you lead this project or coordinate its research group, and \
                   lone-working alerts go to you.";

fn alert_email(config: &Config, m: &Missed, to: Recipient) -> Email {
    let phone = if m.phone.is_empty() {
        format!("1. Phone {} now.", m.name)
    } else {
        format!("1. Phone {} now, on {} (the number they gave when they checked in).", m.name, m.phone)
    };
    Email {
        to_name: to.name,
        to_address: to.email,
        subject: format!("Urgent: {} has not checked out from fieldwork", m.name),
        body: format!(
            "{name} checked in for lone fieldwork on the project \"{title}\" and has not checked out.\n\n\
             Where: {place}\n\
             Checked in: {checked_in}\n\
             Due back by: {due}\n\n\
             What to do now:\n\n\
             {phone}\n\
             2. If you cannot reach them, follow the project's risk and lone-working plan:\n   {plan}\n\
             3. If you think they are in danger, call 999.\n\n\
             If they check out, you will get another e-mail saying they are safe. See who is out now:\n\n{page}",
            name = m.name,
            title = m.title,
            place = m.place,
            checked_in = format_date_time(m.checked_in_at),
            due = format_date_time(m.due_back_at),
            plan = config.link(&format!("/projects/{}/plan#risk", m.project_id)),
            page = config.link(&format!("/projects/{}/lone-working", m.project_id)),
        ),
        why: WHY.into(),
    }
}

fn safe_email(config: &Config, m: &Missed, to: Recipient) -> Email {
    Email {
        to_name: to.name,
        to_address: to.email,
        subject: format!("{} has checked out: they are safe", m.name),
        body: format!(
            "{name} has now checked out from their lone fieldwork on the project \"{title}\" ({place}), at {out}. \
             They were due back by {due}.\n\nThey have said they are safe. You may want to ask how they are, and note \
             what happened for the project's risk and lone-working plan.\n\n{page}",
            name = m.name,
            title = m.title,
            place = m.place,
            out = m.checked_out_at.map(format_date_time).unwrap_or_default(),
            due = format_date_time(m.due_back_at),
            page = config.link(&format!("/projects/{}/lone-working", m.project_id)),
        ),
        why: WHY.into(),
    }
}
