//! How often anyone may ask for something that costs us or someone else: a new account,
//! a password-reset e-mail, accepting an invitation, checking a certificate. Counted per
//! network address (one person hammering) and per target (one mailbox being bombed, one
//! invitation being guessed at), in the database so every app server counts together.
//!
//! Counts live in the sign-in throttle's table (`sign_in_throttle`), under keys of their
//! own ("limit:register:address:…"), recorded and counted in one statement so requests
//! sent at once are counted one by one.

use crate::error::AppError;
use crate::platform::db::Db;

/// One kind of request and how many are allowed in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub what: &'static str,
    pub per_address: i64,
    pub per_target: i64,
    pub window_seconds: i64,
}

/// Creating accounts: a library's shared computer may see several in an hour; a mailbox
/// gets at most five confirmation e-mails (someone may register again after a mistake).
pub const REGISTER: Limit = Limit { what: "register", per_address: 20, per_target: 5, window_seconds: 3600 };
/// Asking for a password-reset e-mail.
pub const PASSWORD_RESET: Limit = Limit { what: "reset", per_address: 20, per_target: 3, window_seconds: 3600 };
/// Accepting an invitation (a newcomer's password is hashed, and a token could be guessed at).
pub const INVITATION: Limit = Limit { what: "invitation", per_address: 30, per_target: 10, window_seconds: 3600 };
/// Checking a certificate's code on the public page.
pub const CERTIFICATE_CHECK: Limit = Limit { what: "certificate", per_address: 60, per_target: 60, window_seconds: 600 };
/// Opening, and answering on, the public page behind an online consent link (a token could
/// be guessed at; one participant may open their link several times and correct the form).
pub const CONSENT_LINK: Limit = Limit { what: "consent_link", per_address: 60, per_target: 30, window_seconds: 3600 };

/// The answer for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    Yes,
    /// Too many for this target (an address or a link): callers answer as if done, so the
    /// answer says nothing about the target, and do nothing.
    NotForTarget,
    /// Too many from this network address: callers say so, with the minutes to wait.
    NotFromHere { minutes: i64 },
}

impl Allowed {
    /// The refusal to show when the request came too often from here.
    pub fn refusal(minutes: i64) -> AppError {
        AppError::refused(format!(
            "There have been a lot of these requests from your connection in a short time. \
             Please wait {minutes} minute{} and try again.",
            if minutes == 1 { "" } else { "s" }
        ))
    }

    /// `Err` with the refusal when the request came too often from here; otherwise whether
    /// to go ahead (`false`: act as if done and do nothing).
    pub fn go_ahead(self) -> Result<bool, AppError> {
        match self {
            Allowed::Yes => Ok(true),
            Allowed::NotForTarget => Ok(false),
            Allowed::NotFromHere { minutes } => Err(Self::refusal(minutes)),
        }
    }
}

/// A key's count after recording a request.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Count {
    /// Requests in the current window, this one included.
    pub attempts: i64,
    pub window_start: i64,
}

impl Count {
    /// Minutes until the window ends (at least one).
    pub fn minutes_left(&self, window_seconds: i64, now: i64) -> i64 {
        let lifts_at = self.window_start + window_seconds;
        ((lifts_at - now) as f64 / 60.0).ceil().max(1.0) as i64
    }
}

/// Records a request for a key and counts the requests in its window, in one statement:
/// the row's lock (PostgreSQL) or the write lock (SQLite) makes parallel requests take
/// turns, so each sees a different count. A window older than `window_seconds` starts again.
pub async fn count(db: &Db, key: &str, window_seconds: i64, now: i64) -> Result<Count, AppError> {
    let count = sqlx::query_as::<_, Count>(
        "INSERT INTO sign_in_throttle (throttle_key, window_start, attempts) VALUES ($1, $2, 1) \
         ON CONFLICT (throttle_key) DO UPDATE SET \
           attempts = CASE WHEN sign_in_throttle.window_start <= $3 THEN 1 ELSE sign_in_throttle.attempts + 1 END, \
           window_start = CASE WHEN sign_in_throttle.window_start <= $3 THEN $2 ELSE sign_in_throttle.window_start END \
         RETURNING attempts, window_start",
    )
    .bind(key)
    .bind(now)
    .bind(now - window_seconds)
    .fetch_one(db)
    .await?;
    Ok(count)
}

/// Counts this request from `address` for `target` (an e-mail address, a link's token) and
/// says whether it may go ahead. The target is kept only as a hash.
pub async fn check(db: &Db, limit: &Limit, address: &str, target: &str, now: i64) -> Result<Allowed, AppError> {
    let from_here = count(db, &format!("limit:{}:address:{address}", limit.what), limit.window_seconds, now).await?;
    if from_here.attempts > limit.per_address {
        return Ok(Allowed::NotFromHere { minutes: from_here.minutes_left(limit.window_seconds, now) });
    }
    let target = crate::platform::crypto::hash_token(&target.trim().to_lowercase());
    let for_target = count(db, &format!("limit:{}:target:{target}", limit.what), limit.window_seconds, now).await?;
    Ok(if for_target.attempts > limit.per_target { Allowed::NotForTarget } else { Allowed::Yes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_says_how_long_to_wait() {
        assert!(Allowed::NotFromHere { minutes: 1 }.go_ahead().unwrap_err().to_string().contains("wait 1 minute and"));
        assert!(Allowed::NotFromHere { minutes: 5 }.go_ahead().unwrap_err().to_string().contains("wait 5 minutes"));
        assert_eq!(Allowed::NotForTarget.go_ahead(), Ok(false));
        assert_eq!(Allowed::Yes.go_ahead(), Ok(true));
    }

    #[test]
    fn windows_round_up_to_a_whole_minute() {
        let c = Count { attempts: 4, window_start: 1000 };
        assert_eq!(c.minutes_left(3600, 1000), 60);
        assert_eq!(c.minutes_left(3600, 4599), 1);
    }
}
