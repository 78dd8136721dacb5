//! What every request handler shares: the database pool, settings and the mailer.
//! Nothing here is per-person state, so several app servers can share one database.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

use crate::platform::config::ThrottlePolicy;
use crate::error::AppError;
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::mail::Mailer;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub mailer: Mailer,
    pub throttle: ThrottlePolicy,
    pub leptos_options: LeptosOptions,
}

impl AppState {
    pub fn new(db: Db, config: Config, mailer: Mailer, throttle: ThrottlePolicy) -> Self {
        Self { leptos_options: leptos_options(&config), db, config: Arc::new(config), mailer, throttle }
    }
}

/// Where the browser code and stylesheet are served from, taken from our own settings
/// (a binary started directly does not see cargo-leptos's metadata).
pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("coresearch")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.listen_addr)
        .hash_files(hash_file_beside_program())
        .build()
}

/// cargo-leptos (`hash-files = true`) names the browser files after their content and
/// writes the names to `hash.txt` beside the server program it built (`debug/` or
/// `release/`, each with its own site folder); Leptos reads them there when a page links
/// the files. A program without one (a test) links the plain names.
fn hash_file_beside_program() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|program| program.parent().map(|folder| folder.join("hash.txt")))
        .is_some_and(|file| file.is_file())
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The shared state inside a server function or page render.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        AppError::Internal
    })
}
