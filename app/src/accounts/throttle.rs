//! Repeated failed sign-ins, for one account or from one network address, are first
//! slowed and then refused for a while. Failures are kept in the database so every
//! app server sees them. Keys are the typed address whether or not it has an account,
//! so the answer never reveals which addresses are registered.

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

pub async fn recent_failures(db: &Db, key: &str, policy: &ThrottlePolicy, now: i64) -> Result<i64, AppError> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sign_in_failures WHERE throttle_key = $1 AND failed_at > $2")
            .bind(key)
            .bind(now - policy.window_seconds)
            .fetch_one(db)
            .await?;
    Ok(count)
}

/// Minutes until a refused key may try again (at least one).
pub async fn minutes_until_allowed(db: &Db, key: &str, limit: i64, policy: &ThrottlePolicy, now: i64) -> Result<i64, AppError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT failed_at FROM sign_in_failures WHERE throttle_key = $1 AND failed_at > $2 \
         ORDER BY failed_at DESC LIMIT 1 OFFSET $3",
    )
    .bind(key)
    .bind(now - policy.window_seconds)
    .bind(limit - 1)
    .fetch_optional(db)
    .await?;
    let lifts_at = row.map(|(at,)| at + policy.window_seconds).unwrap_or(now);
    Ok(((lifts_at - now) as f64 / 60.0).ceil().max(1.0) as i64)
}

pub async fn record_failure(db: &Db, keys: &[&str], policy: &ThrottlePolicy, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    for key in keys {
        sqlx::query("INSERT INTO sign_in_failures (throttle_key, failed_at) VALUES ($1, $2)")
            .bind(*key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    // Old failures are no longer needed; pruning here keeps the table small without a job.
    sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
        .bind(now - policy.window_seconds)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn clear(db: &Db, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE throttle_key = $1").bind(key).execute(db).await?;
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
