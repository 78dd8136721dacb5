//! Repeated failed sign-ins, for one account or from one network address, are first
//! slowed and then refused for a while. Attempts are kept in the database so every
//! app server sees them. Keys are the typed address whether or not it has an account,
//! so the answer never reveals which addresses are registered.
//!
//! Each attempt is recorded and counted in one statement before any password is checked,
//! so twenty guesses sent at once are numbered 1 to 20 and only the first five are
//! checked, exactly as if they had come one after another. An attempt that is refused,
//! or that succeeds, is taken off the count again: the counts hold the failures plus the
//! attempts still being checked, never fewer.

use std::time::Duration;

use crate::error::AppError;
use crate::platform::config::ThrottlePolicy;
use crate::platform::db::Db;

/// What to do with a sign-in attempt before checking the password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Go { delay: Duration },
    Refuse,
}

impl ThrottlePolicy {
    pub fn delay_for(&self, failures: i64) -> Duration {
        if failures < self.slow_after {
            return Duration::ZERO;
        }
        let steps = (failures - self.slow_after + 1) as u32;
        (self.delay_step * steps).min(self.max_delay)
    }

    /// The verdict given the failures (and attempts in progress) before this one.
    pub fn verdict(&self, account_failures: i64, address_failures: i64) -> Verdict {
        if account_failures >= self.account_limit || address_failures >= self.address_limit {
            Verdict::Refuse
        } else {
            Verdict::Go { delay: self.delay_for(account_failures.max(address_failures)) }
        }
    }
}

pub fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

pub fn address_key(address: &str) -> String {
    format!("address:{address}")
}

pub use crate::platform::rate_limit::Count;

impl Count {
    /// The failures and attempts in progress before this one.
    pub fn before(&self) -> i64 {
        self.attempts - 1
    }
}

/// Records an attempt for a key and counts the attempts in its window, in one statement
/// (see `platform::rate_limit::count`).
pub async fn record_attempt(db: &Db, key: &str, policy: &ThrottlePolicy, now: i64) -> Result<Count, AppError> {
    crate::platform::rate_limit::count(db, key, policy.window_seconds, now).await
}

/// Takes one attempt off a key's count: it was refused without a check, or it succeeded.
pub async fn forget_attempt(db: &Db, key: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE sign_in_throttle SET attempts = attempts - 1 WHERE throttle_key = $1 AND attempts > 0")
        .bind(key)
        .execute(db)
        .await?;
    Ok(())
}

/// Old windows are no longer needed; pruning after a failure keeps the table small.
pub async fn prune(db: &Db, policy: &ThrottlePolicy, now: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE window_start <= $1")
        .bind(now - policy.window_seconds)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn clear(db: &Db, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE throttle_key = $1").bind(key).execute(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slows_then_refuses() {
        let policy = ThrottlePolicy::default();
        assert_eq!(policy.verdict(0, 0), Verdict::Go { delay: Duration::ZERO });
        assert_eq!(policy.verdict(2, 2), Verdict::Go { delay: Duration::ZERO });
        assert_eq!(policy.verdict(3, 0), Verdict::Go { delay: Duration::from_secs(1) });
        assert_eq!(policy.verdict(4, 0), Verdict::Go { delay: Duration::from_secs(2) });
        assert_eq!(policy.verdict(5, 0), Verdict::Refuse);
        assert_eq!(policy.verdict(0, 29), Verdict::Go { delay: Duration::from_secs(5) }, "delay is capped");
        assert_eq!(policy.verdict(0, 30), Verdict::Refuse);
    }

    #[test]
    fn account_keys_ignore_case_and_spaces() {
        assert_eq!(account_key(" Mary@Example.org "), account_key("mary@example.org"));
        assert_ne!(account_key("a@example.org"), address_key("a@example.org"));
    }
}
