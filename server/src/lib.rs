//! Start-up: read settings, connect and migrate the database, and assemble the web
//! server from the app's routes and server functions. No feature logic lives here.

pub mod assets;

use std::net::SocketAddr;

use app::platform::config::ThrottlePolicy;
use app::app::{shell, App};
use app::platform::config::Config;
use app::platform::db;
use app::platform::mail::Mailer;
use app::accounts::session;
use app::platform::state::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{middleware, Json, Router};
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes};
use tower_http::set_header::SetResponseHeaderLayer;

/// The largest form a server function accepts (file uploads have their own routes and limit).
pub const API_BODY_LIMIT: usize = 1024 * 1024;

/// Server functions (`/api/...`, however leptos_axum routes them) read at most
/// [`API_BODY_LIMIT`]; a larger post, declared or streamed, gets a readable 413 and
/// reaches no handler.
async fn api_body_limit(request: Request<Body>, next: middleware::Next) -> axum::response::Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > API_BODY_LIMIT as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, API_BODY_LIMIT).await {
        Ok(bytes) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(_) => too_large(),
    }
}

/// A page a person can read, not an empty 413.
fn too_large() -> axum::response::Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Too much to send – CoResearch</title></head>\
         <body><main><h1>That was too much to send</h1>\
         <p>What you sent was larger than CoResearch accepts in one go (1 MB), so nothing was saved.</p>\
         <p>Please go back, shorten what you wrote, and try again. Files are attached separately, on the response page.</p>\
         <p><a href=\"/dashboard\">Go to your dashboard</a></p></main></body></html>",
    )
        .into_response()
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("configuration: {0}")]
    Config(#[from] app::platform::config::ConfigError),
    #[error("could not open the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not update the database schema: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("could not set up e-mail: {0}")]
    Mail(#[from] app::platform::mail::MailError),
    #[error("could not listen on {address}: {source}")]
    Listen { address: SocketAddr, source: std::io::Error },
    #[error("the web server stopped: {0}")]
    Serve(std::io::Error),
    #[error("could not load demo data: {0}")]
    Demo(app::error::AppError),
}

/// Connects to the database, brings its schema up to date, and builds the shared state.
pub async fn prepare(config: Config) -> Result<AppState, StartupError> {
    let pool = db::connect(&config.database_url).await?;
    db::migrate(&pool).await?;
    let mailer = Mailer::from_config(&config, pool.clone())?;
    Ok(AppState::new(pool, config, mailer, ThrottlePolicy::default()))
}

async fn server_functions(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), request).await
}

/// A server function that returns an error answers 500 whatever the error was; "not
/// allowed", "not found", "sign in first" and bad input get their own status instead (as
/// pages do), so a refusal is never taken for a fault. The browser code reads the error
/// from the body either way.
async fn server_function_status(request: Request<Body>, next: middleware::Next) -> axum::response::Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // A form's error carries what was typed (a post of up to API_BODY_LIMIT), written as JSON,
    // which can be several times longer: read all of it, or the person loses the message.
    let Ok(bytes) = axum::body::to_bytes(body, 8 * API_BODY_LIMIT).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = error.status();
    }
    axum::response::Response::from_parts(parts, Body::from(bytes))
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    if db::ping(&state.db).await {
        (StatusCode::OK, Json(serde_json::json!({ "status": "ok", "database": "ok" })))
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable", "database": "not answering" })))
    }
}

/// The pages' routes, read from the app once per process. Reading them renders the app with
/// data loading switched off for the whole process (leptos_router sets a global flag,
/// `SuppressResourceLoad`), so a page rendered meanwhile by another router in the same
/// process would wait for its data forever. That is what stalled the HTTP tests when they
/// ran in parallel: each test builds its own router.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Every page, server function, static file and the health check, behind the session
/// middleware and a few protective headers, compressed when the browser accepts it.
pub fn router(state: AppState) -> Router {
    let https = state.config.secure_cookies();
    let routes = page_routes();
    let options = state.leptos_options.clone();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    Router::new()
        .route("/api/{*fn_name}", get(server_functions).post(server_functions))
        .route("/healthz", get(healthz))
        .nest_service("/pkg", assets::pkg_files(&state.config.site_root))
        .merge(app::http_routes::routes())
        .leptos_routes_with_context(&state, routes, context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(|| (), shell))
        .layer(middleware::from_fn(server_function_status))
        // Inner to outer: a form sent after its session ended is kept; failed forms' answers
        // are kept out of addresses; then the session is loaded (both need it).
        .layer(middleware::from_fn_with_state(state.clone(), app::accounts::kept_forms::store::middleware))
        .layer(middleware::from_fn_with_state(state.clone(), app::platform::form_return::middleware))
        .layer(middleware::from_fn_with_state(state.clone(), session::middleware))
        .layer(middleware::from_fn(api_body_limit))
        // Pages carry their own policy with the nonce of their inline scripts; everything
        // else (server functions, files, error pages) gets the policy without one.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&app::platform::headers::content_security_policy(None)).ok(),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        // Under https, browsers are told to use nothing else for a year.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            https.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
        ))
        // Outermost, so every answer above (413 pages included) can go out compressed.
        .layer(assets::compression())
        .with_state(state)
}

/// Binds the listening socket, so a test can ask for port 0 and learn the real one.
pub async fn listen(address: SocketAddr) -> Result<tokio::net::TcpListener, StartupError> {
    tokio::net::TcpListener::bind(address).await.map_err(|source| StartupError::Listen { address, source })
}

/// Looks for missed lone-working check-outs every `CORESEARCH_LONE_WORKING_SWEEP_SECONDS`
/// and e-mails the project lead (once, however many servers share the database). A database
/// error is logged and the next tick tries again: it never stops the server.
pub fn spawn_lone_working_sweep(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = std::time::Duration::from_secs(state.config.lone_working_sweep_seconds.max(1));
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let now = app::platform::time::now();
            let sweep = app::projects::fieldwork::lonework::sweep::sweep_missed_check_outs(&state.db, &state.mailer, &state.config, now);
            if let Err(error) = sweep.await {
                tracing::warn!(%error, "lone working: the sweep for missed check-outs failed; trying again at the next tick");
            }
        }
    })
}

/// Works the e-mail queue: sends what is due as soon as this server queues something, and
/// every `CORESEARCH_MAIL_QUEUE_SECONDS` in any case (for retries, and for mail queued by
/// another server or inside a transaction). Each mail goes once however many servers share
/// the database. A database error is logged and the next round tries again.
pub fn spawn_mail_queue(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = std::time::Duration::from_secs(state.config.mail_queue_seconds.max(1));
        loop {
            // Each message not delivered is logged by the worker (its id and the kind of error).
            if let Err(error) = state.mailer.deliver_due(app::platform::time::now()).await {
                tracing::warn!(%error, "e-mail queue: could not work the queue; trying again at the next round");
            }
            state.mailer.wait_for_work(every).await;
        }
    })
}

/// Clears expired sessions, links, invitations and throttle counts every ten minutes, and
/// tells project leads about research data past its retention date. Safe on several servers
/// at once (each step deletes only rows nobody can use, or flags rows only one server wins).
pub fn spawn_housekeeping(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(std::time::Duration::from_secs(600));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match app::housekeeping::clear_expired(&state.db, &state.config, app::platform::time::now()).await {
                Ok(cleared) if cleared.total() > 0 => tracing::info!(?cleared, "housekeeping: cleared expired rows"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "housekeeping failed; trying again at the next tick"),
            }
            let today = app::platform::time::today();
            match app::housekeeping::flag_past_retention(&state, &today, app::platform::time::now()).await {
                Ok(files) if files > 0 => tracing::info!(files, "housekeeping: told project leads about data past its retention date"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "retention reminders failed; trying again at the next tick"),
            }
        }
    })
}

pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let sweeper = spawn_lone_working_sweep(state.clone());
    let housekeeper = spawn_housekeeping(state.clone());
    let postman = spawn_mail_queue(state.clone());
    let app = router(state);
    let served = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
    sweeper.abort();
    housekeeper.abort();
    postman.abort();
    served
}

pub async fn load_demo_data(state: &AppState) -> Result<(), StartupError> {
    app::demo::load(&state.db).await.map_err(StartupError::Demo)
}
