//! What the account server functions do, as plain async functions over the state,
//! so integration tests can drive them against a real database.

use std::time::Duration;

use crate::accounts::throttle::{self, Verdict};
use crate::identity::CurrentUser;
use crate::error::AppError;
use crate::platform::crypto::{hash_password, hash_token, random_token, verify_password};
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::platform::mail::Email;
use crate::accounts::session;
use crate::platform::state::AppState;
use crate::validate::{self, FormCheck};

pub const VERIFY_LINK_HOURS: i64 = 48;
pub const RESET_LINK_MINUTES: i64 = 60;
pub const EMAIL_CHANGE_LINK_HOURS: i64 = 48;

/// What a one-time link in an e-mail is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    VerifyEmail,
    ResetPassword,
    ChangeEmail,
}

impl LinkPurpose {
    fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::VerifyEmail => "verify_email",
            LinkPurpose::ResetPassword => "reset_password",
            LinkPurpose::ChangeEmail => "change_email",
        }
    }
}

/// Messages for links that cannot be used, shared by every kind of one-time link.
pub const LINK_UNKNOWN: &str =
    "This link does not work. It may have been copied only in part. Try opening it from the e-mail again.";
pub const LINK_USED: &str = "This link has already been used, and each link works only once.";
pub const LINK_EXPIRED: &str = "This link has expired. For your safety, links in our e-mails only work for a short time.";

pub async fn load_current_user(db: &Db, user_id: i64) -> Result<Option<CurrentUser>, AppError> {
    let row: Option<(i64, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, name, email, is_admin, large_text, high_contrast FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    let Some((id, name, email, is_admin, large_text, high_contrast)) = row else {
        return Ok(None);
    };
    let memberships = crate::organisations::service::memberships_of(db, id).await?;
    Ok(Some(CurrentUser {
        id,
        name,
        email,
        is_admin: is_admin != 0,
        large_text: large_text != 0,
        high_contrast: high_contrast != 0,
        memberships,
    }))
}

/// A person's id, name and address for an e-mail address, if they have an account.
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<(i64, String, bool)>, AppError> {
    let row: Option<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, name, email_verified_at FROM users WHERE email = $1")
            .bind(email.trim().to_lowercase())
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id, name, verified)| (id, name, verified.is_some())))
}

/// Creates a one-time link for a person and returns the token to put in it.
pub async fn issue_link(
    db: &Db,
    user_id: i64,
    purpose: LinkPurpose,
    new_email: Option<&str>,
    lifetime_seconds: i64,
) -> Result<String, AppError> {
    let token = random_token();
    let at = now();
    sqlx::query(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, new_email, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash_token(&token))
    .bind(user_id)
    .bind(purpose.as_str())
    .bind(new_email)
    .bind(at)
    .bind(at + lifetime_seconds)
    .execute(db)
    .await?;
    Ok(token)
}

/// A stored one-time link that is still usable.
#[derive(Debug, Clone)]
pub struct LiveLink {
    pub token_hash: String,
    pub user_id: i64,
    pub new_email: Option<String>,
}

/// Checks a link without using it up: unknown, used and expired links each get their own message.
pub async fn check_link(db: &Db, token: &str, purpose: LinkPurpose) -> Result<LiveLink, AppError> {
    let token_hash = hash_token(token.trim());
    let row: Option<(i64, Option<String>, i64, Option<i64>)> = sqlx::query_as(
        "SELECT user_id, new_email, expires_at, used_at FROM email_tokens WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(&token_hash)
    .bind(purpose.as_str())
    .fetch_optional(db)
    .await?;
    match row {
        None => Err(AppError::refused(LINK_UNKNOWN)),
        Some((_, _, _, Some(_))) => Err(AppError::refused(LINK_USED)),
        Some((_, _, expires_at, None)) if expires_at <= now() => Err(AppError::refused(LINK_EXPIRED)),
        Some((user_id, new_email, _, None)) => Ok(LiveLink { token_hash, user_id, new_email }),
    }
}

/// Marks a link used. Only one of two simultaneous uses can win.
async fn use_link<'c>(tx: &mut sqlx::Transaction<'c, sqlx::Any>, link: &LiveLink) -> Result<(), AppError> {
    let result = sqlx::query("UPDATE email_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(now())
        .bind(&link.token_hash)
        .execute(&mut **tx)
        .await?;
    if result.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::refused(LINK_USED))
    }
}

async fn send_verification(state: &AppState, user_id: i64, name: &str, email: &str) -> Result<(), AppError> {
    let token = issue_link(&state.db, user_id, LinkPurpose::VerifyEmail, None, VERIFY_LINK_HOURS * 3600).await?;
    let link = state.config.link(&format!("/verify-email?token={token}"));
    state
        .mailer
        .send_or_log(Email {
            to_name: name.to_string(),
            to_address: email.to_string(),
            subject: "Confirm your e-mail address for CoResearch".into(),
            body: format!(
                "Thank you for joining CoResearch.\n\n\
                 To confirm that this is your e-mail address, open this link:\n\n{link}\n\n\
                 The link works once, for {VERIFY_LINK_HOURS} hours. After that you can sign in and we will send a new one."
            ),
            why: "You are getting this e-mail because someone registered on CoResearch with this address. \
                  If that was not you, you can ignore it: nothing will happen."
                .into(),
        })
        .await;
    Ok(())
}

/// Registers a new person. Whether or not the address already has an account, the
/// answer is the same ("check your e-mail"); the e-mail itself tells the owner which.
pub async fn register(state: &AppState, name: &str, email: &str, password: &str) -> Result<(), AppError> {
    if !state.config.registration_open {
        return Err(AppError::refused(
            "New accounts are by invitation only. Ask your group's coordinator or your trainer to invite you.",
        ));
    }
    let mut check = FormCheck::new();
    let name = check.field("name", name, validate::person_name);
    let email_checked = check.field("email", email, validate::email);
    let password_ok = check.secret("password", password, |p| {
        validate::new_password(p, name.as_deref().unwrap_or_default(), email_checked.as_deref().unwrap_or_default())
    });
    let (name, email, ()) = check.finish((name, email_checked, password_ok))?;

    if let Some((user_id, existing_name, verified)) = find_by_email(&state.db, &email).await? {
        if verified {
            tell_owner_of_existing_account(state, &existing_name, &email).await;
        } else {
            send_verification(state, user_id, &existing_name, &email).await?;
        }
        return Ok(());
    }

    let hash = hash_password(password.to_string()).await?;
    let at = now();
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO users (name, email, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(&name)
    .bind(&email)
    .bind(&hash)
    .bind(at)
    .fetch_one(&state.db)
    .await;
    match inserted {
        Ok((user_id,)) => send_verification(state, user_id, &name, &email).await,
        // Registered at the same moment by another request: answer as for an existing account.
        Err(sqlx::Error::Database(db_error)) if db_error.is_unique_violation() => Ok(()),
        Err(other) => Err(other.into()),
    }
}

async fn tell_owner_of_existing_account(state: &AppState, name: &str, email: &str) {
    state
        .mailer
        .send_or_log(Email {
            to_name: name.to_string(),
            to_address: email.to_string(),
            subject: "Someone tried to register on CoResearch with your address".into(),
            body: format!(
                "Someone tried to create a new CoResearch account with this e-mail address, \
                 but you already have one.\n\nIf it was you, sign in here:\n\n{}\n\n\
                 If you have forgotten your password, you can choose a new one here:\n\n{}",
                state.config.link("/sign-in"),
                state.config.link("/forgot-password")
            ),
            why: "You are getting this e-mail because your address was typed into the CoResearch registration form. \
                  If that was not you, you can ignore it: your account has not changed."
                .into(),
        })
        .await;
}

/// Confirms an e-mail address from the link in the welcome e-mail.
pub async fn verify_email(db: &Db, token: &str) -> Result<(), AppError> {
    let link = check_link(db, token, LinkPurpose::VerifyEmail).await?;
    let mut tx = db.begin().await?;
    use_link(&mut tx, &link).await?;
    sqlx::query("UPDATE users SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL")
        .bind(now())
        .bind(link.user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub const WRONG_DETAILS: &str =
    "The e-mail address or password is not right. Check them and try again, or choose a new password.";

/// Checks the details and starts a session, returning the cookie token.
pub async fn sign_in(state: &AppState, email: &str, password: &str, address: &str) -> Result<String, AppError> {
    let mut check = FormCheck::new();
    let email = check.field("email", email, validate::email);
    let password_given = check.secret("password", password, |p| {
        if p.is_empty() { Err("Enter your password".to_string()) } else { Ok(()) }
    });
    let (email, ()) = check.finish((email, password_given))?;

    let db = &state.db;
    let policy = &state.throttle;
    let at = now();
    let account_key = throttle::account_key(&email);
    let address_key = throttle::address_key(address);
    let account_failures = throttle::recent_failures(db, &account_key, policy, at).await?;
    let address_failures = throttle::recent_failures(db, &address_key, policy, at).await?;
    match policy.verdict(account_failures, address_failures) {
        Verdict::Refuse => {
            let (key, limit) = if account_failures >= policy.account_limit {
                (&account_key, policy.account_limit)
            } else {
                (&address_key, policy.address_limit)
            };
            let minutes = throttle::minutes_until_allowed(db, key, limit, policy, at).await?;
            let plural = if minutes == 1 { "" } else { "s" };
            return Err(AppError::refused(format!(
                "There have been too many unsuccessful tries to sign in. To keep accounts safe, signing in is \
                 paused for these details. Please try again in {minutes} minute{plural}, or choose a new password \
                 with \"Forgotten your password?\"."
            )));
        }
        Verdict::Go { delay } if delay > Duration::ZERO => tokio::time::sleep(delay).await,
        Verdict::Go { .. } => {}
    }

    let row: Option<(i64, String, String, Option<i64>)> =
        sqlx::query_as("SELECT id, name, password_hash, email_verified_at FROM users WHERE email = $1")
            .bind(&email)
            .fetch_optional(db)
            .await?;
    let stored_hash = row.as_ref().map(|(_, _, hash, _)| hash.clone());
    if !verify_password(password.to_string(), stored_hash).await {
        throttle::record_failure(db, &[&account_key, &address_key], policy, at).await?;
        let mut wrong = crate::error::FormErrors::default();
        wrong.keep("email", &email);
        wrong.add("password", WRONG_DETAILS);
        return Err(AppError::Invalid(wrong));
    }
    let (user_id, name, _, verified_at) = row.expect("a verified password has an account");
    throttle::clear(db, &account_key).await?;
    if verified_at.is_none() {
        send_verification(state, user_id, &name, &email).await?;
        return Err(AppError::refused(format!(
            "Please confirm your e-mail address before signing in. We have just sent a new link to {email}. \
             Open it, then sign in again."
        )));
    }
    session::start(db, user_id).await
}

/// Sends a link to choose a new password, if the address has an account. The answer
/// is the same either way.
pub async fn request_password_reset(state: &AppState, email: &str) -> Result<(), AppError> {
    let mut check = FormCheck::new();
    let email = check.field("email", email, validate::email);
    let (email,) = check.finish((email,))?;
    let Some((user_id, name, _)) = find_by_email(&state.db, &email).await? else {
        tracing::info!("password reset asked for an address with no account");
        return Ok(());
    };
    let token = issue_link(&state.db, user_id, LinkPurpose::ResetPassword, None, RESET_LINK_MINUTES * 60).await?;
    let link = state.config.link(&format!("/reset-password?token={token}"));
    state
        .mailer
        .send_or_log(Email {
            to_name: name,
            to_address: email,
            subject: "Choose a new password for CoResearch".into(),
            body: format!(
                "You asked to choose a new password for CoResearch. Open this link to do it:\n\n{link}\n\n\
                 The link works once, for {RESET_LINK_MINUTES} minutes. Choosing a new password signs you out everywhere else."
            ),
            why: "You are getting this e-mail because someone asked to reset the password for this address. \
                  If that was not you, you can ignore it: your password has not changed."
                .into(),
        })
        .await;
    Ok(())
}

/// Sets a new password from a reset link, ends every session, and confirms the address
/// (the person has shown they can read its e-mail).
pub async fn reset_password(db: &Db, token: &str, password: &str) -> Result<(), AppError> {
    let link = check_link(db, token, LinkPurpose::ResetPassword).await?;
    let (name, email): (String, String) = sqlx::query_as("SELECT name, email FROM users WHERE id = $1")
        .bind(link.user_id)
        .fetch_one(db)
        .await?;
    let mut check = FormCheck::new();
    let ok = check.secret("password", password, |p| validate::new_password(p, &name, &email));
    check.finish((ok,))?;
    let hash = hash_password(password.to_string()).await?;
    let at = now();
    let mut tx = db.begin().await?;
    use_link(&mut tx, &link).await?;
    sqlx::query(
        "UPDATE users SET password_hash = $1, updated_at = $2, email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $3",
    )
    .bind(&hash)
    .bind(at)
    .bind(link.user_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(link.user_id).execute(&mut *tx).await?;
    tx.commit().await?;
    throttle::clear(db, &throttle::account_key(&email)).await?;
    Ok(())
}

pub async fn update_name(db: &Db, user_id: i64, name: &str) -> Result<(), AppError> {
    let mut check = FormCheck::new();
    let name = check.field("name", name, validate::person_name);
    let (name,) = check.finish((name,))?;
    sqlx::query("UPDATE users SET name = $1, updated_at = $2 WHERE id = $3")
        .bind(&name)
        .bind(now())
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

async fn password_matches(db: &Db, user_id: i64, password: &str) -> Result<bool, AppError> {
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(db)
        .await?;
    Ok(verify_password(password.to_string(), Some(hash)).await)
}

/// Starts a change of e-mail address: the new address gets a link, and nothing changes
/// until it is opened. The answer is the same whether or not the new address is taken.
pub async fn request_email_change(
    state: &AppState,
    user: &CurrentUser,
    new_email: &str,
    current_password: &str,
) -> Result<String, AppError> {
    let mut check = FormCheck::new();
    let email = check.field("new_email", new_email, validate::email);
    if email.as_deref() == Some(user.email.as_str()) {
        check.fail("new_email", "That is already your e-mail address");
    }
    let given = check.secret("email_password", current_password, |p| {
        if p.is_empty() { Err("Enter your current password".to_string()) } else { Ok(()) }
    });
    let (email, ()) = check.finish((email, given))?;
    if !password_matches(&state.db, user.id, current_password).await? {
        let mut errors = crate::error::FormErrors::default();
        errors.keep("new_email", &email);
        errors.add("email_password", "That is not your current password");
        return Err(AppError::Invalid(errors));
    }

    if find_by_email(&state.db, &email).await?.is_some() {
        state
            .mailer
            .send_or_log(Email {
                to_name: "CoResearch user".into(),
                to_address: email.clone(),
                subject: "Someone asked to use your address on CoResearch".into(),
                body: "Someone asked to move their CoResearch account to this e-mail address, but it already \
                       belongs to an account. Nothing has changed."
                    .into(),
                why: "You are getting this e-mail because your address was typed into CoResearch's account settings."
                    .into(),
            })
            .await;
        return Ok(email);
    }

    let token = issue_link(&state.db, user.id, LinkPurpose::ChangeEmail, Some(&email), EMAIL_CHANGE_LINK_HOURS * 3600).await?;
    let link = state.config.link(&format!("/account/confirm-email?token={token}"));
    state
        .mailer
        .send_or_log(Email {
            to_name: user.name.clone(),
            to_address: email.clone(),
            subject: "Confirm your new e-mail address for CoResearch".into(),
            body: format!(
                "You asked to use this e-mail address for your CoResearch account. Open this link to confirm it:\n\n{link}\n\n\
                 Until you do, we keep using your old address. The link works once, for {EMAIL_CHANGE_LINK_HOURS} hours."
            ),
            why: "You are getting this e-mail because someone asked to move a CoResearch account to this address. \
                  If that was not you, you can ignore it."
                .into(),
        })
        .await;
    state
        .mailer
        .send_or_log(Email {
            to_name: user.name.clone(),
            to_address: user.email.clone(),
            subject: "Your CoResearch e-mail address is about to change".into(),
            body: format!(
                "Someone signed in to your account asked to change its e-mail address to {email}. \
                 It changes only when the link sent to that address is opened.\n\n\
                 If this was not you, choose a new password now: {}",
                state.config.link("/forgot-password")
            ),
            why: "You are getting this e-mail because it is the address on your CoResearch account.".into(),
        })
        .await;
    Ok(email)
}

/// Finishes a change of address from the link sent to the new address.
pub async fn confirm_email_change(db: &Db, token: &str) -> Result<(), AppError> {
    let link = check_link(db, token, LinkPurpose::ChangeEmail).await?;
    let new_email = link.new_email.clone().ok_or_else(|| AppError::refused(LINK_UNKNOWN))?;
    let at = now();
    let mut tx = db.begin().await?;
    use_link(&mut tx, &link).await?;
    let updated = sqlx::query("UPDATE users SET email = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3")
        .bind(&new_email)
        .bind(at)
        .bind(link.user_id)
        .execute(&mut *tx)
        .await;
    match updated {
        Ok(_) => {
            tx.commit().await?;
            Ok(())
        }
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AppError::refused(
            "That e-mail address is now used by another account, so your address has not changed.",
        )),
        Err(other) => Err(other.into()),
    }
}

/// Changes the password, ends every session, and starts a fresh one for this browser.
pub async fn change_password(db: &Db, user: &CurrentUser, current: &str, new: &str) -> Result<String, AppError> {
    let mut check = FormCheck::new();
    let given = check.secret("current_password", current, |p| {
        if p.is_empty() { Err("Enter your current password".to_string()) } else { Ok(()) }
    });
    let strong = check.secret("new_password", new, |p| validate::new_password(p, &user.name, &user.email));
    if current == new && !new.is_empty() {
        check.fail("new_password", "Your new password must be different from the current one");
    }
    check.finish((given, strong))?;
    if !password_matches(db, user.id, current).await? {
        return Err(AppError::field("current_password", "That is not your current password"));
    }
    let hash = hash_password(new.to_string()).await?;
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(&hash)
        .bind(now())
        .bind(user.id)
        .execute(db)
        .await?;
    session::end_all(db, user.id).await?;
    session::start(db, user.id).await
}

pub async fn update_preferences(db: &Db, user_id: i64, large_text: bool, high_contrast: bool) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET large_text = $1, high_contrast = $2, updated_at = $3 WHERE id = $4")
        .bind(large_text as i64)
        .bind(high_contrast as i64)
        .bind(now())
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Creates an account whose address is already known to be right (an accepted
/// invitation, or demo data). Returns the new id.
pub async fn create_verified_account(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    name: &str,
    email: &str,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (name, email, password_hash, email_verified_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4, $4) RETURNING id",
    )
    .bind(name)
    .bind(email)
    .bind(password_hash)
    .bind(at)
    .fetch_one(executor)
    .await?;
    Ok(id)
}

/// Who takes up an invitation sent to an e-mail address: the signed-in person, or
/// someone new whose account is made from the form (the e-mailed link shows they own
/// the address).
pub enum Acceptor {
    SignedIn(i64),
    NewAccount { name: String, password_hash: String },
}

/// The rules every invitation shares, checked before anything changes: an address that
/// belongs to another account must be accepted from that account, someone with an
/// account signs in first, and a newcomer's name and password are checked. `to_accept`
/// ends "Sign in to accept …" ("this invitation", "your place"). With
/// `same_address_only`, a signed-in person accepts only at their own address.
pub async fn acceptor(
    db: &Db,
    email: &str,
    me: Option<&CurrentUser>,
    name: Option<&str>,
    password: Option<&str>,
    to_accept: &str,
    same_address_only: bool,
) -> Result<Acceptor, AppError> {
    let existing = find_by_email(db, email).await?;
    match (me, &existing) {
        (Some(me), Some((owner, ..))) if *owner != me.id => Err(AppError::refused(format!(
            "This invitation was sent to {email}, which belongs to another account. Sign out, then sign in with that address to accept it."
        ))),
        (Some(me), None) if same_address_only && me.email != email => Err(AppError::refused(format!(
            "This invitation was sent to {email}. Sign out first, then open the link again to make an account with that address."
        ))),
        (Some(me), _) => Ok(Acceptor::SignedIn(me.id)),
        (None, Some(_)) => {
            Err(AppError::refused(format!("You already have an account with {email}. Sign in to accept {to_accept}.")))
        }
        (None, None) => {
            let mut check = FormCheck::new();
            let name = check.field("name", name.unwrap_or_default(), validate::person_name);
            let strong = check.secret("password", password.unwrap_or_default(), |p| {
                validate::new_password(p, name.as_deref().unwrap_or_default(), email)
            });
            let (name, ()) = check.finish((name, strong))?;
            let password_hash = hash_password(password.unwrap_or_default().to_string()).await?;
            Ok(Acceptor::NewAccount { name, password_hash })
        }
    }
}

impl Acceptor {
    /// The accepting account's id, making the new account inside the caller's transaction.
    pub async fn user_id(&self, conn: &mut sqlx::AnyConnection, email: &str, to_accept: &str) -> Result<i64, AppError> {
        match self {
            Acceptor::SignedIn(id) => Ok(*id),
            Acceptor::NewAccount { name, password_hash } => {
                match create_verified_account(conn, name, email, password_hash).await {
                    Ok(id) => Ok(id),
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AppError::refused(format!(
                        "An account with {email} was created a moment ago. Sign in to accept {to_accept}."
                    ))),
                    Err(other) => Err(other.into()),
                }
            }
        }
    }

    /// A new account is signed in once the acceptance is saved.
    pub fn is_new_account(&self) -> bool {
        matches!(self, Acceptor::NewAccount { .. })
    }
}

/// Said when an invitation link matches nothing.
pub const BROKEN_INVITATION_LINK: &str =
    "This invitation link does not work. It may have been copied only in part: try opening it from the e-mail again.";

/// What an invitation's refusals say where group invitations and cohort places differ.
pub struct InvitationWording {
    /// The whole message for a link already used.
    pub already_accepted: &'static str,
    /// Ends "Use the link in the newest e-mail, or …" for a withdrawn invitation.
    pub or_else: &'static str,
    /// Who to ask for a new one when the inviter's account is gone.
    pub unknown_inviter: &'static str,
}

/// An invitation link works once, until it expires or is withdrawn; each refusal says
/// what to do next.
pub fn check_invitation_live(
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
    expires_at: i64,
    invited_by: Option<&str>,
    wording: &InvitationWording,
) -> Result<(), AppError> {
    if accepted_at.is_some() {
        return Err(AppError::refused(wording.already_accepted));
    }
    if revoked_at.is_some() {
        return Err(AppError::refused(format!(
            "This invitation was withdrawn or replaced by a newer one. Use the link in the newest e-mail, or {}.",
            wording.or_else
        )));
    }
    if expires_at <= now() {
        return Err(AppError::refused(format!(
            "This invitation has expired. Ask {} for a new one.",
            invited_by.unwrap_or(wording.unknown_inviter)
        )));
    }
    Ok(())
}
