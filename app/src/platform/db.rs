//! The database: SQLite by default, PostgreSQL when the URL says so. Both are used
//! through sqlx's `Any` driver with one set of queries (`$1` placeholders, integer
//! times and flags), and each backend has its own migrations folder.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

pub type Db = AnyPool;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    pub fn of(pool: &Db) -> Self {
        if pool.connect_options().database_url.scheme() == "sqlite" {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }
}

/// For SQLite, make sure the file and its folder are created on first start.
fn prepare_sqlite_url(url: &str) -> std::io::Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
    }
    let query = if query.contains("mode=") {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// Connects, creating a SQLite file if needed, and turns on WAL and foreign keys.
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let backend = Backend::from_url(url)
        .ok_or_else(|| sqlx::Error::Configuration(format!("unsupported database URL {url:?}").into()))?;
    let url = match backend {
        Backend::Sqlite => prepare_sqlite_url(url)?,
        Backend::Postgres => url.to_string(),
    };
    let options = AnyConnectOptions::from_str(&url)?;
    let pool = AnyPoolOptions::new()
        .max_connections(match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        })
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // Per connection: enforce references, and wait rather than fail when another writer holds the lock.
                    connection.execute("PRAGMA foreign_keys = ON").await?;
                    connection.execute("PRAGMA busy_timeout = 5000").await?;
                    connection.execute("PRAGMA synchronous = NORMAL").await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    if backend == Backend::Sqlite {
        // WAL lets readers carry on while one request writes; it is stored in the file itself.
        pool.execute("PRAGMA journal_mode = WAL").await?;
    }
    Ok(pool)
}

/// Brings the schema up to date. Safe to run from several servers at once on PostgreSQL
/// (sqlx takes an advisory lock) and on every start.
pub async fn migrate(pool: &Db) -> Result<(), sqlx::migrate::MigrateError> {
    match Backend::of(pool) {
        Backend::Sqlite => SQLITE_MIGRATIONS.run(pool).await,
        Backend::Postgres => POSTGRES_MIGRATIONS.run(pool).await,
    }
}

/// Whether the database answers, for `/healthz`.
pub async fn ping(pool: &Db) -> bool {
    sqlx::query("SELECT 1").execute(pool).await.is_ok()
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_are_chosen_by_url() {
        assert_eq!(Backend::from_url("sqlite://data/x.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://root@127.0.0.1/test"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("postgresql://root@127.0.0.1/test"), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("mysql://x"), None);
    }

    #[test]
    fn sqlite_urls_create_the_file() {
        let dir = std::env::temp_dir().join(format!("coresearch-url-{}", std::process::id()));
        let url = format!("sqlite://{}/nested/x.db", dir.display());
        let prepared = prepare_sqlite_url(&url).unwrap();
        assert!(prepared.ends_with("x.db?mode=rwc"));
        assert!(dir.join("nested").is_dir());
        assert!(prepare_sqlite_url("sqlite://a.db?mode=ro").unwrap().ends_with("?mode=ro"));
        std::fs::remove_dir_all(dir).ok();
    }

}

/// A user's id from their e-mail address; "not found" if nobody has it. The demo loaders
/// use it to find the demo people they attach examples to.
pub async fn user_id_by_email(db: &Db, email: &str) -> Result<i64, crate::error::AppError> {
    sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(db)
        .await?
        .ok_or(crate::error::AppError::NotFound)
}
