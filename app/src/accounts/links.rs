//! One-time links in e-mails: confirming an address, choosing a new password, moving
//! an account to a new address. Each works once, for a short time.

use crate::error::AppError;
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::db::Db;
use crate::platform::time::now;

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

/// Creates a one-time link for the account with this address, on `conn` (inside the
/// caller's transaction), and returns the token and whether an account had the address.
/// The token is made, hashed and the same statement runs whether or not one does: nothing
/// in the work done says which.
pub async fn issue_link_for_address(
    conn: &mut sqlx::AnyConnection,
    email: &str,
    purpose: LinkPurpose,
    lifetime_seconds: i64,
) -> Result<(String, bool), AppError> {
    let token = random_token();
    let at = now();
    let stored = sqlx::query(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, new_email, created_at, expires_at) \
         SELECT $1, id, $2, NULL, $3, $4 FROM users WHERE email = $5",
    )
    .bind(hash_token(&token))
    .bind(purpose.as_str())
    .bind(at)
    .bind(at + lifetime_seconds)
    .bind(email)
    .execute(conn)
    .await?
    .rows_affected();
    Ok((token, stored == 1))
}

/// A stored one-time link that is still usable.
#[derive(Debug, Clone)]
pub struct LiveLink {
    pub token_hash: String,
    pub user_id: i64,
    pub new_email: Option<String>,
}

/// A stored link as read back, used or not.
#[derive(sqlx::FromRow)]
struct LinkRow {
    user_id: i64,
    new_email: Option<String>,
    expires_at: i64,
    used_at: Option<i64>,
}

/// Checks a link without using it up: unknown, used and expired links each get their own message.
pub async fn check_link(db: &Db, token: &str, purpose: LinkPurpose) -> Result<LiveLink, AppError> {
    let token_hash = hash_token(token.trim());
    let row = sqlx::query_as::<_, LinkRow>(
        "SELECT user_id, new_email, expires_at, used_at FROM email_tokens WHERE token_hash = $1 AND purpose = $2",
    )
    .bind(&token_hash)
    .bind(purpose.as_str())
    .fetch_optional(db)
    .await?;
    match row {
        None => Err(AppError::refused(LINK_UNKNOWN)),
        Some(LinkRow { used_at: Some(_), .. }) => Err(AppError::refused(LINK_USED)),
        Some(link) if link.expires_at <= now() => Err(AppError::refused(LINK_EXPIRED)),
        Some(link) => Ok(LiveLink { token_hash, user_id: link.user_id, new_email: link.new_email }),
    }
}

/// Marks a link used. Only one of two simultaneous uses can win.
pub(super) async fn use_link<'c>(tx: &mut sqlx::Transaction<'c, sqlx::Any>, link: &LiveLink) -> Result<(), AppError> {
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
