//! What the account server functions do, as plain async functions over the state,
//! so integration tests can drive them against a real database.

use std::time::Duration;

use crate::accounts::links::use_link;
use crate::accounts::session;
use crate::accounts::throttle::{self, Verdict};
use crate::platform::audit;
use crate::error::{is_unique_violation, AppError, OnUnique};
use crate::identity::{CurrentUser, MyMembership, OrgKind, Role};
use crate::platform::crypto::{hash_password, verify_password};
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::validate::{self, FormCheck};

pub use crate::accounts::links::{check_link, issue_link, LinkPurpose, LiveLink, LINK_EXPIRED, LINK_UNKNOWN, LINK_USED};

pub const VERIFY_LINK_HOURS: i64 = 48;
pub const RESET_LINK_MINUTES: i64 = 60;
pub const EMAIL_CHANGE_LINK_HOURS: i64 = 48;

/// A person as the session loads them.
#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    name: String,
    email: String,
    is_admin: i64,
    large_text: i64,
    high_contrast: i64,
}

impl UserRow {
    fn into_current_user(self, memberships: Vec<MyMembership>) -> CurrentUser {
        CurrentUser {
            id: self.id,
            name: self.name,
            email: self.email,
            is_admin: self.is_admin != 0,
            large_text: self.large_text != 0,
            high_contrast: self.high_contrast != 0,
            memberships,
        }
    }
}

pub async fn load_current_user(db: &Db, user_id: i64) -> Result<Option<CurrentUser>, AppError> {
    let row = sqlx::query_as::<_, UserRow>(
        "SELECT id, name, email, is_admin, large_text, high_contrast FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let memberships = memberships_of(db, row.id).await?;
    Ok(Some(row.into_current_user(memberships)))
}

/// One of a person's memberships, with its organisation.
#[derive(sqlx::FromRow)]
struct MembershipRow {
    id: i64,
    name: String,
    slug: String,
    kind: String,
    role: String,
    is_lead: i64,
}

impl MembershipRow {
    fn into_membership(self) -> Option<MyMembership> {
        Some(MyMembership {
            organisation_id: self.id,
            organisation_name: self.name,
            organisation_slug: self.slug,
            kind: OrgKind::parse(&self.kind)?,
            role: Role::parse(&self.role)?,
            is_lead: self.is_lead != 0,
        })
    }
}

/// The organisations a person belongs to and their role in each: who they are to the
/// authorisation rules.
pub async fn memberships_of(db: &Db, user_id: i64) -> Result<Vec<MyMembership>, AppError> {
    let rows = sqlx::query_as::<_, MembershipRow>(
        "SELECT o.id, o.name, o.slug, o.kind, m.role, m.is_lead FROM memberships m \
         JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = $1 ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(MembershipRow::into_membership).collect())
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
/// answer is the same ("check your e-mail") and the same work is done (the password is
/// hashed every time); the e-mail itself tells the owner which.
///
/// Account pre-hijack: someone may register another person's address first, with a
/// password of their own. So an address that is not yet confirmed belongs to nobody:
/// registering it again replaces the name and password, and every earlier link stops
/// working. Confirming the address needs both the link (the mailbox) and the password of
/// the latest registration (see [`verify_email`]), so an account is only ever confirmed
/// for someone who can read its e-mail *and* chose its password.
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

    let hash = hash_password(password.to_string()).await?;
    let at = now();
    if let Some((user_id, existing_name, verified)) = find_by_email(&state.db, &email).await? {
        if verified {
            tell_owner_of_existing_account(state, &existing_name, &email).await;
            return Ok(());
        }
        let mut tx = state.db.begin().await?;
        let replaced = sqlx::query(
            "UPDATE users SET name = $1, password_hash = $2, updated_at = $3 WHERE id = $4 AND email_verified_at IS NULL",
        )
        .bind(&name)
        .bind(&hash)
        .bind(at)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        revoke_pending_links(&mut tx, user_id, at).await?;
        tx.commit().await?;
        if replaced.rows_affected() == 1 {
            send_verification(state, user_id, &name, &email).await?;
        } else {
            // Confirmed a moment ago by its owner: answer as for a confirmed account.
            tell_owner_of_existing_account(state, &existing_name, &email).await;
        }
        return Ok(());
    }

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
        Err(error) if is_unique_violation(&error) => Ok(()),
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

pub const NOT_THE_REGISTERED_PASSWORD: &str = "That is not the password chosen when this address was registered. \
     If you registered more than once, use the password you chose last. If you registered only once, someone else \
     may have tried to use your address: register again with the password you want, then open the newest link.";

/// Confirms an e-mail address from the link in the welcome e-mail. The person types the
/// password they registered with: the link proves they read the address's e-mail, the
/// password that the account they confirm is theirs (not one someone else registered
/// with their address).
pub async fn verify_email(db: &Db, token: &str, password: &str) -> Result<(), AppError> {
    let link = check_link(db, token, LinkPurpose::VerifyEmail).await?;
    let mut check = FormCheck::new();
    let given = check.secret("password", password, |p| {
        if p.is_empty() { Err("Enter the password you chose when you registered".to_string()) } else { Ok(()) }
    });
    check.finish((given,))?;
    if !password_matches(db, link.user_id, password).await? {
        return Err(AppError::field("password", NOT_THE_REGISTERED_PASSWORD));
    }
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

/// What signing in needs to know about an account.
#[derive(sqlx::FromRow)]
struct SignInRow {
    id: i64,
    name: String,
    password_hash: String,
    email_verified_at: Option<i64>,
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
    let account = throttle::record_attempt(db, &account_key, policy, at).await?;
    let from_address = throttle::record_attempt(db, &address_key, policy, at).await?;
    match policy.verdict(account.before(), from_address.before()) {
        Verdict::Refuse => {
            // A refused attempt checks no password, so it is not counted as a failure.
            throttle::forget_attempt(db, &account_key).await?;
            throttle::forget_attempt(db, &address_key).await?;
            let count = if account.before() >= policy.account_limit { account } else { from_address };
            let minutes = count.minutes_left(policy.window_seconds, at);
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

    let row = sqlx::query_as::<_, SignInRow>("SELECT id, name, password_hash, email_verified_at FROM users WHERE email = $1")
        .bind(&email)
        .fetch_optional(db)
        .await?;
    let stored_hash = row.as_ref().map(|account| account.password_hash.clone());
    if !verify_password(password.to_string(), stored_hash).await {
        // The attempt stays counted for the account and the address.
        throttle::prune(db, policy, at).await?;
        // Whoever tried is not known; the account tried, if there is one, is.
        let tried = row.as_ref().map(|account| account.id);
        audit::record_or_log(db, audit::Entry::new(None, audit::Action::SignInFailed, "account", tried)).await;
        let mut wrong = crate::error::FormErrors::default();
        wrong.keep("email", &email);
        wrong.add("password", WRONG_DETAILS);
        return Err(AppError::Invalid(wrong));
    }
    let SignInRow { id: user_id, name, email_verified_at: verified_at, .. } = row.expect("a verified password has an account");
    throttle::clear(db, &account_key).await?;
    audit::record_or_log(db, audit::Entry::new(Some(user_id), audit::Action::SignedIn, "account", Some(user_id))).await;
    // Others at the same address (a day centre, a library) keep their own tries.
    throttle::forget_attempt(db, &address_key).await?;
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
/// is the same either way, and so is the work: the account is looked up, a token made and
/// hashed, and the link and the e-mail are written by the same two statements in one
/// transaction (which write nothing for an unknown address). Nothing is sent during the
/// request: the e-mail waits in the queue for the worker.
pub async fn request_password_reset(state: &AppState, email: &str) -> Result<(), AppError> {
    let mut check = FormCheck::new();
    let email = check.field("email", email, validate::email);
    let (email,) = check.finish((email,))?;
    let name = find_by_email(&state.db, &email).await?.map(|(_, name, _)| name).unwrap_or_default();
    let mut tx = state.db.begin().await?;
    let (token, known) =
        crate::accounts::links::issue_link_for_address(&mut tx, &email, LinkPurpose::ResetPassword, RESET_LINK_MINUTES * 60).await?;
    let link = state.config.link(&format!("/reset-password?token={token}"));
    let message = Email {
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
    };
    state.mailer.queue_in(&mut tx, message, Vec::new(), known).await.map_err(|error| {
        tracing::error!(kind = error.kind(), "could not queue the password-reset e-mail");
        AppError::Internal
    })?;
    tx.commit().await?;
    state.mailer.wake().await;
    Ok(())
}

/// Sets a new password from a reset link, ends every session, revokes every other
/// pending link, confirms the address (the person has shown they can read its e-mail)
/// and tells the person by e-mail.
pub async fn reset_password(state: &AppState, token: &str, password: &str) -> Result<(), AppError> {
    let db = &state.db;
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
    revoke_pending_links(&mut tx, link.user_id, at).await?;
    tx.commit().await?;
    throttle::clear(db, &throttle::account_key(&email)).await?;
    tell_password_changed(state, &name, &email).await;
    Ok(())
}

/// Every link still waiting in someone's e-mail (to confirm an address, choose a password
/// or move the account) stops working: after a new password, an old link in a mailbox
/// someone else can read must not undo it.
async fn revoke_pending_links<'c>(tx: &mut sqlx::Transaction<'c, sqlx::Any>, user_id: i64, at: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE email_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(at)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn tell_password_changed(state: &AppState, name: &str, email: &str) {
    state
        .mailer
        .send_or_log(Email {
            to_name: name.to_string(),
            to_address: email.to_string(),
            subject: "Your CoResearch password has changed".into(),
            body: format!(
                "The password for your CoResearch account has just been changed. You have been signed out \
                 everywhere else, and any links we sent you before no longer work.\n\n\
                 If this was you, there is nothing more to do.\n\n\
                 If it was not you, choose a new password now: {}",
                state.config.link("/forgot-password")
            ),
            why: "You are getting this e-mail because it is the address on your CoResearch account.".into(),
        })
        .await;
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

/// Finishes a change of address from the link sent to the new address. Every other
/// session of the person ends (the one that opened the link, if it is theirs, stays),
/// pending links to the old address stop working, and both addresses are told.
pub async fn confirm_email_change(state: &AppState, token: &str, current_session: Option<&session::Session>) -> Result<(), AppError> {
    let db = &state.db;
    let link = check_link(db, token, LinkPurpose::ChangeEmail).await?;
    let new_email = link.new_email.clone().ok_or_else(|| AppError::refused(LINK_UNKNOWN))?;
    let (name, old_email): (String, String) = sqlx::query_as("SELECT name, email FROM users WHERE id = $1")
        .bind(link.user_id)
        .fetch_one(db)
        .await?;
    let keep = current_session.filter(|s| s.user.id == link.user_id).map(|s| s.id_hash.clone()).unwrap_or_default();
    let at = now();
    let mut tx = db.begin().await?;
    use_link(&mut tx, &link).await?;
    sqlx::query("UPDATE users SET email = $1, email_verified_at = $2, updated_at = $2 WHERE id = $3")
        .bind(&new_email)
        .bind(at)
        .bind(link.user_id)
        .execute(&mut *tx)
        .await
        .on_unique(|| {
            AppError::refused("That e-mail address is now used by another account, so your address has not changed.")
        })?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(link.user_id)
        .bind(&keep)
        .execute(&mut *tx)
        .await?;
    revoke_pending_links(&mut tx, link.user_id, at).await?;
    tx.commit().await?;
    let body = format!(
        "The e-mail address of your CoResearch account has just changed from {old_email} to {new_email}. \
         You have been signed out everywhere else.\n\n\
         If this was not you, tell us straight away by replying to this e-mail, and choose a new password: {}",
        state.config.link("/forgot-password")
    );
    for to in [&old_email, &new_email] {
        state
            .mailer
            .send_or_log(Email {
                to_name: name.clone(),
                to_address: to.clone(),
                subject: "Your CoResearch e-mail address has changed".into(),
                body: body.clone(),
                why: "You are getting this e-mail because this address was on a CoResearch account, or is now.".into(),
            })
            .await;
    }
    Ok(())
}

/// Changes the password, ends every session, revokes pending links, starts a fresh
/// session for this browser, and tells the person by e-mail.
pub async fn change_password(state: &AppState, user: &CurrentUser, current: &str, new: &str) -> Result<String, AppError> {
    let db = &state.db;
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
    let at = now();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(&hash)
        .bind(at)
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.id).execute(&mut *tx).await?;
    revoke_pending_links(&mut tx, user.id, at).await?;
    tx.commit().await?;
    tell_password_changed(state, &user.name, &user.email).await;
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
