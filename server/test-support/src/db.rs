//! Test databases: a new SQLite file for every test, and a new PostgreSQL database
//! too whenever one answers at `CORESEARCH_TEST_POSTGRES_URL` (default
//! postgres://postgres@127.0.0.1:5432/postgres). When PostgreSQL is not reachable the
//! test says so on its output and runs on SQLite only.

use app::platform::config::ThrottlePolicy;
use app::platform::config::Config;
use app::platform::db::{self, Db};
use app::platform::mail::Mailer;
use app::platform::state::AppState;
use sqlx::Executor;

pub struct TestDb {
    pub pool: Db,
    pub backend: &'static str,
    /// The address to open it with, for a test that starts the real server program on it.
    pub url: String,
    /// (admin URL, database name) to drop afterwards, for PostgreSQL.
    postgres: Option<(String, String)>,
    sqlite_file: Option<std::path::PathBuf>,
}

impl TestDb {
    pub async fn close(self) {
        self.pool.close().await;
        if let Some((admin_url, name)) = self.postgres {
            if let Ok(admin) = db::connect(&admin_url).await {
                let _ = admin.execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str()).await;
                admin.close().await;
            }
        }
        if let Some(file) = self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
    }
}

fn unique(prefix: &str) -> String {
    format!("{prefix}_{}_{}", app::platform::time::now(), &app::platform::crypto::random_token()[..10].to_lowercase().replace(['-', '_'], "x"))
}

/// Warnings and errors from the app (a database error behind `AppError::Internal`, say)
/// go to the test's captured output, so a failing test shows why.
pub fn show_app_errors() {
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter(tracing_subscriber::EnvFilter::new("warn"))
        .try_init();
}

pub async fn sqlite() -> TestDb {
    sqlite_migrated(None).await
}

/// Runs the migrations, all of them or (`Some(version)`) only those numbered below `version`.
async fn run_migrations(pool: &Db, folder: &str, before: Option<i64>) {
    match before {
        None => db::migrate(pool).await.expect("migrations run"),
        Some(version) => {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations").join(folder);
            let mut migrator = sqlx::migrate::Migrator::new(path).await.expect("the migrations folder reads");
            migrator.migrations = migrator.migrations.iter().filter(|m| m.version < version).cloned().collect::<Vec<_>>().into();
            migrator.run(pool).await.expect("the earlier migrations run");
        }
    }
}

async fn sqlite_migrated(before: Option<i64>) -> TestDb {
    show_app_errors();
    let dir = std::env::temp_dir().join("coresearch-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{}.db", unique("t")));
    let url = format!("sqlite://{}", file.display());
    let pool = db::connect(&url).await.expect("SQLite opens");
    run_migrations(&pool, "sqlite", before).await;
    TestDb { pool, backend: "sqlite", url, postgres: None, sqlite_file: Some(file) }
}

/// SQLite always, PostgreSQL too when reachable, with only the migrations numbered below
/// `version` run: to test what a migration does to rows already there (finish with
/// `app::platform::db::migrate`).
pub async fn all_backends_before(version: i64) -> Vec<TestDb> {
    let mut dbs = vec![sqlite_migrated(Some(version)).await];
    if let Some(pg) = postgres_migrated(Some(version)).await {
        dbs.push(pg);
    }
    dbs
}

pub fn postgres_admin_url() -> String {
    std::env::var("CORESEARCH_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh PostgreSQL database, or `None` (and a SKIPPED line) when none answers.
pub async fn postgres() -> Option<TestDb> {
    postgres_migrated(None).await
}

async fn postgres_migrated(before: Option<i64>) -> Option<TestDb> {
    let admin_url = postgres_admin_url();
    let admin = if postgres_port_open(&admin_url) {
        tokio::time::timeout(std::time::Duration::from_secs(5), db::connect(&admin_url)).await.ok().and_then(Result::ok)
    } else {
        None
    };
    let admin = match admin {
        Some(pool) => pool,
        None => {
            say_once(&format!(
                "SKIPPED on PostgreSQL: no database answered at {admin_url} (set CORESEARCH_TEST_POSTGRES_URL); these tests ran on SQLite only"
            ));
            if std::env::var("CORESEARCH_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("CORESEARCH_REQUIRE_POSTGRES=1 but PostgreSQL is not reachable at {admin_url}");
            }
            return None;
        }
    };
    say_once(&format!("PostgreSQL answered at {admin_url}: these tests run on SQLite and on PostgreSQL"));
    let name = unique("coresearch_test");
    admin.execute(format!("CREATE DATABASE \"{name}\"").as_str()).await.expect("can create a test database");
    admin.close().await;
    let (base, _) = admin_url.rsplit_once('/').expect("a database URL with a path");
    let url = format!("{base}/{name}");
    let pool = db::connect(&url).await.expect("the new PostgreSQL database opens");
    run_migrations(&pool, "postgres", before).await;
    Some(TestDb { pool, backend: "postgres", url, postgres: Some((admin_url, name)), sqlite_file: None })
}

/// Tells the person running the tests, once per test program, which backends ran.
/// Written straight to stderr because the test harness hides `println!` of passing tests.
fn say_once(message: &str) {
    use std::io::Write;
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        let program = std::env::args().next().unwrap_or_default();
        let program = std::path::Path::new(&program).file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let _ = writeln!(std::io::stderr(), "[{program}] {message}");
    });
}

/// A quick check, so a machine without PostgreSQL does not wait on every test.
fn postgres_port_open(url: &str) -> bool {
    use std::net::ToSocketAddrs;
    let Ok(parsed) = url::Url::parse(url) else { return false };
    let host = parsed.host_str().unwrap_or("127.0.0.1").to_string();
    let port = parsed.port().unwrap_or(5432);
    (host.as_str(), port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .is_some_and(|addr| std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(500)).is_ok())
}

/// SQLite always; PostgreSQL too when reachable.
pub async fn all_backends() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    if let Some(pg) = postgres().await {
        dbs.push(pg);
    }
    dbs
}

pub fn test_config(extra: &[(&str, &str)]) -> Config {
    let extra: Vec<(String, String)> = extra.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Config::from_lookup(|name| extra.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())).unwrap()
}

/// A throttle that refuses at the same counts but never sleeps, to keep tests quick.
pub fn quick_throttle() -> ThrottlePolicy {
    ThrottlePolicy { delay_step: std::time::Duration::ZERO, ..ThrottlePolicy::default() }
}

pub fn state(db: &TestDb) -> AppState {
    state_with(db, test_config(&[]))
}

pub fn state_with(db: &TestDb, config: Config) -> AppState {
    let mailer = Mailer::in_memory("CoResearch <no-reply@coresearch.localhost>".parse().unwrap(), db.pool.clone());
    AppState::new(db.pool.clone(), config, mailer, quick_throttle())
}

/// The token at the end of the last link e-mailed to `to` whose path starts with `path`.
pub fn link_token(state: &AppState, to: &str, path: &str) -> String {
    let sent = state.mailer.sent();
    let mail = sent.iter().rev().find(|m| m.to == to && m.text.contains(path)).unwrap_or_else(|| {
        panic!("no e-mail to {to} with a {path} link; sent: {:#?}", sent.iter().map(|m| (&m.to, &m.subject)).collect::<Vec<_>>())
    });
    let start = mail.text.find(path).unwrap() + path.len();
    mail.text[start..].split_whitespace().next().unwrap().to_string()
}
