//! Erasing an account. Personal data goes: sign-ins, links, memberships, training records,
//! learning-log entries, certificates, lone-working check-ins, debriefs. The account row stays only as
//! "An erased account" (no name, no address, no password), so research records that must be
//! kept (consent records taken, ethics decisions, the audit trail) still say that someone
//! did them, without saying who, as each project's data management plan expects.

use crate::error::{AppError, FormErrors};
use crate::identity::Actor;
use crate::platform::audit::{self, Entry};
use crate::platform::crypto::verify_password;
use crate::platform::db::Db;
use crate::platform::time::now;

/// What erasing removes, in the order it goes (each statement's `$1` is the person's id).
const REMOVE: &[&str] = &[
    "DELETE FROM sessions WHERE user_id = $1",
    "DELETE FROM kept_forms WHERE user_id = $1",
    "DELETE FROM email_tokens WHERE user_id = $1",
    "DELETE FROM memberships WHERE user_id = $1",
    "DELETE FROM graduates_seeking_group WHERE user_id = $1",
    "DELETE FROM attendance WHERE user_id = $1",
    "DELETE FROM module_reads WHERE user_id = $1",
    "DELETE FROM check_attempts WHERE user_id = $1",
    "DELETE FROM reflection_replies WHERE author_id = $1",
    "DELETE FROM reflections WHERE user_id = $1",
    "DELETE FROM certificates WHERE user_id = $1",
    "DELETE FROM enrolments WHERE user_id = $1",
    "DELETE FROM lone_working_check_ins WHERE user_id = $1",
    // A researcher's own debriefs and wellbeing checks are theirs alone.
    "DELETE FROM fieldwork_debriefs WHERE user_id = $1",
];

#[derive(sqlx::FromRow)]
struct LoneLead {
    name: String,
}

/// Erases the signed-in person's account after checking their password. Refused while they
/// are the only lead of an organisation (someone else must take it on first).
pub async fn erase_account(db: &Db, actor: &Actor, password: &str, understood: bool) -> Result<(), AppError> {
    let mut errors = FormErrors::default();
    if !understood {
        errors.add("understood", "Tick the box to say you understand this cannot be undone");
    }
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1").bind(actor.user_id).fetch_one(db).await?;
    if password.is_empty() {
        errors.add("password", "Enter your password");
    } else if !verify_password(password.to_string(), Some(hash)).await {
        errors.add("password", "That is not your password");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let only_lead = sqlx::query_as::<_, LoneLead>(
        "SELECT o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id \
         WHERE m.user_id = $1 AND m.is_lead = 1 AND NOT EXISTS \
         (SELECT 1 FROM memberships x WHERE x.organisation_id = m.organisation_id AND x.is_lead = 1 AND x.user_id <> $1) \
         ORDER BY o.name",
    )
    .bind(actor.user_id)
    .fetch_all(db)
    .await?;
    if !only_lead.is_empty() {
        let names: Vec<String> = only_lead.into_iter().map(|r| r.name).collect();
        return Err(AppError::refused(format!(
            "You are the only lead of {}. Make someone else a lead there first, then erase your account.",
            names.join(" and ")
        )));
    }
    let mut tx = db.begin().await?;
    for statement in REMOVE {
        sqlx::query(statement).bind(actor.user_id).execute(&mut *tx).await?;
    }
    // E-mails to them, sent or still waiting in the queue: the address and the words are
    // theirs, and nobody is there to read one that has not gone yet.
    sqlx::query("DELETE FROM mail_outbox WHERE LOWER(recipient) = (SELECT LOWER(email) FROM users WHERE id = $1)")
        .bind(actor.user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE users SET name = 'An erased account', email = $1, password_hash = '!', email_verified_at = NULL, \
         large_text = 0, high_contrast = 0, updated_at = $2 WHERE id = $3",
    )
    .bind(format!("erased-{}@erased.invalid", actor.user_id))
    .bind(now())
    .bind(actor.user_id)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut *tx, Entry::new(Some(actor.user_id), audit::Action::AccountErased, "account", Some(actor.user_id))).await?;
    tx.commit().await?;
    Ok(())
}
