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

/// One key's count after recording an attempt.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct Count {
    /// Attempts in the current window, this one included.
    pub attempts: i64,
    pub window_start: i64,
}

impl Count {
    /// The failures and attempts in progress before this one.
    pub fn before(&self) -> i64 {
        self.attempts - 1
    }

    /// Minutes until the window ends and the key may try again (at least one).
    pub fn minutes_left(&self, policy: &ThrottlePolicy, now: i64) -> i64 {
        let lifts_at = self.window_start + policy.window_seconds;
        ((lifts_at - now) as f64 / 60.0).ceil().max(1.0) as i64
    }
}

/// Records an attempt for a key and counts the attempts in its window, in one statement:
/// the row's lock (PostgreSQL) or the write lock (SQLite) makes parallel attempts take
/// turns, so each sees a different count. A window older than the policy's starts again.
pub async fn record_attempt(db: &Db, key: &str, policy: &ThrottlePolicy, now: i64) -> Result<Count, AppError> {
    let count = sqlx::query_as::<_, Count>(
        "INSERT INTO sign_in_throttle (throttle_key, window_start, attempts) VALUES ($1, $2, 1) \
         ON CONFLICT (throttle_key) DO UPDATE SET \
           attempts = CASE WHEN sign_in_throttle.window_start <= $3 THEN 1 ELSE sign_in_throttle.attempts + 1 END, \
           window_start = CASE WHEN sign_in_throttle.window_start <= $3 THEN $2 ELSE sign_in_throttle.window_start END \
         RETURNING attempts, window_start",
    )
    .bind(key)
    .bind(now)
    .bind(now - policy.window_seconds)
    .fetch_one(db)
    .await?;
    Ok(count)
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
