//! Secrets: random tokens for links and sessions (only their hashes are stored), and
//! password hashing with argon2id.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// 32 random bytes, URL-safe: for session cookies and links in e-mails.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored in place of a token, so a copy of the database opens no accounts.
pub fn hash_token(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

/// How many argon2 hashes (19 MiB of memory each) one server works on at once. Anyone
/// can start one (sign in, register), so more wait their turn instead of exhausting the
/// memory. It limits this process's own memory, so it rightly lives in the process.
const HASHES_AT_ONCE: usize = 4;

static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(HASHES_AT_ONCE));

/// Waits for a turn to hash; the turn ends when the returned permit is dropped.
async fn hashing_turn() -> Result<tokio::sync::SemaphorePermit<'static>, AppError> {
    HASHING.acquire().await.map_err(|_| AppError::Internal)
}

/// Hashes a password with argon2id off the async threads (it is slow on purpose).
pub async fn hash_password(password: String) -> Result<String, AppError> {
    let _turn = hashing_turn().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(|_| AppError::Internal)?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// Checks a password against a stored hash. With no hash (no such account) it still does
/// the same work, so the answer takes as long whether or not the account exists.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    let Ok(_turn) = hashing_turn().await else { return false };
    tokio::task::spawn_blocking(move || {
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let matches = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        matches && stored != DUMMY_HASH
    })
    .await
    .unwrap_or(false)
}

/// The argon2id hash of a random string nobody knows, with default parameters.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1nu4L1vLbWuGd2hzY0aVjQ7pN4wNw1VXgJ4Rb0wK0lU";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn no_more_than_the_limit_hash_at_once() {
        let held: Vec<_> = futures_turns(HASHES_AT_ONCE).await;
        let waiting = tokio::time::timeout(std::time::Duration::from_millis(50), hashing_turn()).await;
        assert!(waiting.is_err(), "a fifth hash waits while four are running");
        drop(held);
        assert!(tokio::time::timeout(std::time::Duration::from_secs(30), hashing_turn()).await.is_ok());
    }

    async fn futures_turns(n: usize) -> Vec<tokio::sync::SemaphorePermit<'static>> {
        let mut turns = Vec::new();
        for _ in 0..n {
            turns.push(hashing_turn().await.unwrap());
        }
        turns
    }

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), a);
    }

    #[tokio::test]
    async fn passwords_verify_only_when_right() {
        let hash = hash_password("kettle garden bicycle".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("kettle garden bicycle".into(), Some(hash.clone())).await);
        assert!(!verify_password("kettle garden tricycle".into(), Some(hash)).await);
        assert!(!verify_password("anything".into(), None).await);
    }

    #[test]
    fn the_dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
