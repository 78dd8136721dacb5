//! Sessions live in the database, so any of several app servers can answer a person.
//! The browser holds a random token in an HttpOnly, SameSite=Lax cookie; the database
//! holds only the token's hash. A middleware loads the person once per request and puts
//! them in the request, where pages and server functions read them.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{COOKIE, HOST, ORIGIN, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use leptos::prelude::use_context;

use crate::identity::CurrentUser;
use crate::identity::Actor;
use crate::error::AppError;
use crate::platform::config::Config;
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::platform::state::AppState;

/// How stale `last_seen_at` may get before a request refreshes it (saves a write per
/// request). A session ends after `Config::session_idle_seconds` without use (2 hours by
/// default) and `Config::session_max_seconds` after it began (12 hours): people use
/// shared computers in day centres and libraries. The lengths are applied when a session
/// is read, so a changed setting applies to sessions already running.
const REFRESH_AFTER_SECONDS: i64 = 60;

/// The signed-in person for this request, put in the request by [`middleware`].
#[derive(Debug, Clone)]
pub struct Session {
    pub id_hash: String,
    /// The handle the account page uses for this session (never the token or its hash).
    pub public_id: String,
    pub user: CurrentUser,
}

/// Under https the cookie takes the `__Host-` prefix, which browsers only accept when
/// it is Secure, for the whole site and not shared with other hosts.
pub fn cookie_name(config: &Config) -> &'static str {
    if config.secure_cookies() {
        "__Host-coresearch_session"
    } else {
        "coresearch_session"
    }
}

pub fn session_cookie(config: &Config, token: &str) -> HeaderValue {
    let secure = if config.secure_cookies() { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}",
        cookie_name(config)
    ))
    .expect("a token is a valid header value")
}

pub fn clearing_cookie(config: &Config) -> HeaderValue {
    let secure = if config.secure_cookies() { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
        cookie_name(config)
    ))
    .expect("a valid header value")
}

/// Starts a session for a person and returns the token for their cookie.
pub async fn start(db: &Db, user_id: i64) -> Result<String, AppError> {
    let token = random_token();
    let at = now();
    // `expires_at` is when clean-up may remove the row; whether a session is live is
    // decided from its start and last use against the configured lengths.
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, public_id, browser) \
         VALUES ($1, $2, $3, $3, $4, $5, '')",
    )
    .bind(hash_token(&token))
    .bind(user_id)
    .bind(at)
    .bind(at + MAX_KEEP_SECONDS)
    .bind(random_token())
    .execute(db)
    .await?;
    Ok(token)
}

pub async fn end(db: &Db, id_hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(db).await?;
    Ok(())
}

/// The longest any session row is kept, whatever the settings say (clean-up's limit).
const MAX_KEEP_SECONDS: i64 = 30 * 24 * 60 * 60;

/// Ends every session of a person ("sign out everywhere").
pub async fn end_all(db: &Db, user_id: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(db).await?;
    Ok(())
}

/// Ends every session of a person except the one given (after a change of password or
/// e-mail address made from that session).
pub async fn end_others(db: &Db, user_id: i64, keep_id_hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(user_id)
        .bind(keep_id_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends one of a person's other sessions, chosen on the account page. Someone else's
/// session, or this one, is not found.
pub async fn end_other(db: &Db, user_id: i64, public_id: &str, current_id_hash: &str) -> Result<(), AppError> {
    let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND public_id = $2 AND id_hash <> $3")
        .bind(user_id)
        .bind(public_id)
        .bind(current_id_hash)
        .execute(db)
        .await?;
    if ended.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::refused("That session has already ended."))
    }
}

/// One of a person's live sessions, for the account page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LiveSession {
    pub id_hash: String,
    pub public_id: String,
    pub browser: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A person's live sessions, most recently used first.
pub async fn live_sessions(db: &Db, config: &Config, user_id: i64) -> Result<Vec<LiveSession>, AppError> {
    let at = now();
    let rows = sqlx::query_as::<_, LiveSession>(
        "SELECT id_hash, public_id, browser, created_at, last_seen_at FROM sessions \
         WHERE user_id = $1 AND last_seen_at > $2 AND created_at > $3 ORDER BY last_seen_at DESC LIMIT 50",
    )
    .bind(user_id)
    .bind(at - config.session_idle_seconds)
    .bind(at - config.session_max_seconds)
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// A short, readable name for a browser from its User-Agent ("Firefox on Windows"), so
/// a person can recognise their own devices. Nothing else of the header is kept.
pub fn describe_browser(user_agent: &str) -> String {
    let ua = user_agent.to_ascii_lowercase();
    let browser = if ua.contains("edg/") {
        "Edge"
    } else if ua.contains("opr/") || ua.contains("opera") {
        "Opera"
    } else if ua.contains("firefox/") {
        "Firefox"
    } else if ua.contains("chrome/") || ua.contains("chromium/") || ua.contains("crios/") {
        "Chrome"
    } else if ua.contains("safari/") {
        "Safari"
    } else {
        return if ua.trim().is_empty() { "Unknown browser".into() } else { "Another browser".into() };
    };
    let system = if ua.contains("iphone") || ua.contains("ipad") {
        Some("an iPhone or iPad")
    } else if ua.contains("android") {
        Some("Android")
    } else if ua.contains("windows") {
        Some("Windows")
    } else if ua.contains("mac os") || ua.contains("macintosh") {
        Some("a Mac")
    } else if ua.contains("cros") {
        Some("a Chromebook")
    } else if ua.contains("linux") {
        Some("Linux")
    } else {
        None
    };
    match system {
        Some(system) => format!("{browser} on {system}"),
        None => browser.to_string(),
    }
}

fn token_from(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

/// A live session as stored.
#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    last_seen_at: i64,
    public_id: String,
    browser: String,
}

/// Finds the live session for a token: used within the idle length and begun within the
/// maximum length. Records when (and in which browser) it was last used.
pub async fn load(db: &Db, config: &Config, token: &str, user_agent: &str) -> Result<Option<Session>, AppError> {
    let id_hash = hash_token(token);
    let at = now();
    let row = sqlx::query_as::<_, SessionRow>(
        "SELECT user_id, last_seen_at, public_id, browser FROM sessions \
         WHERE id_hash = $1 AND last_seen_at > $2 AND created_at > $3",
    )
    .bind(&id_hash)
    .bind(at - config.session_idle_seconds)
    .bind(at - config.session_max_seconds)
    .fetch_optional(db)
    .await?;
    let Some(SessionRow { user_id, last_seen_at, public_id, browser }) = row else {
        return Ok(None);
    };
    let browser_now = describe_browser(user_agent);
    if at - last_seen_at > REFRESH_AFTER_SECONDS || browser != browser_now {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, browser = $2 WHERE id_hash = $3")
            .bind(at)
            .bind(&browser_now)
            .bind(&id_hash)
            .execute(db)
            .await?;
    }
    let Some(user) = crate::accounts::service::load_current_user(db, user_id).await? else {
        return Ok(None);
    };
    Ok(Some(Session { id_hash, public_id, user }))
}

/// Who an ended session (idle or too old, not yet cleared away) belonged to.
pub async fn ended_session_user(db: &Db, token: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT user_id FROM sessions WHERE id_hash = $1")
        .bind(hash_token(token))
        .fetch_optional(db)
        .await?)
}

/// A form posted from another website is refused before it reaches any handler. Browsers
/// say where a post came from (`Sec-Fetch-Site`, `Origin`); a post from another site is
/// a cross-site request forgery attempt or a mistake, and changes nothing.
pub fn is_cross_site(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return true;
        }
    }
    match (headers.get(ORIGIN).and_then(|v| v.to_str().ok()), headers.get(HOST).and_then(|v| v.to_str().ok())) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
            !origin_host.eq_ignore_ascii_case(host)
        }
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Refuses cross-site posts, then loads the signed-in person into the request.
pub async fn middleware(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if is_cross_site(request.method(), request.headers()) {
        tracing::warn!(path = %request.uri().path(), "refused a cross-site post");
        return (
            StatusCode::FORBIDDEN,
            [(http::header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This form was sent from another website, so CoResearch did not accept it. \
             Nothing was changed. Please go back to CoResearch and try again from there.",
        )
            .into_response();
    }

    // The browser's code and stylesheet never need the person.
    if request.uri().path().starts_with("/pkg/") {
        return next.run(request).await;
    }

    let is_api = request.uri().path().starts_with("/api/");
    let cookie = token_from(request.headers(), cookie_name(&state.config));
    let mut stale_cookie = false;
    if let Some(token) = cookie {
        let user_agent = request.headers().get(http::header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
        match load(&state.db, &state.config, &token, user_agent).await {
            Ok(Some(session)) => {
                request.extensions_mut().insert(session);
            }
            Ok(None) => {
                stale_cookie = true;
                // A form sent after the session ended can be kept for its sender.
                if is_api && request.method() == http::Method::POST {
                    match ended_session_user(&state.db, &token).await {
                        Ok(Some(user_id)) => {
                            request.extensions_mut().insert(crate::accounts::kept_forms::store::EndedSession(user_id));
                        }
                        Ok(None) => {}
                        Err(error) => tracing::error!(?error, "could not look up an ended session"),
                    }
                }
            }
            Err(error) => tracing::error!(?error, "could not load a session"),
        }
    }
    let signed_in = request.extensions().get::<Session>().is_some();
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    let address = address_from(peer, request.headers(), &state.config.trusted_proxies);
    let mut response = crate::platform::audit::from_address(address, next.run(request)).await;
    // Personal pages and every server function's answer stay out of shared browsers'
    // caches (day centres, libraries) and proxies.
    // (An answer that already says no-store, such as a private download's
    // "private, no-store", keeps its own words.)
    let says_no_store = response.headers().get(http::header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-store"));
    if (signed_in || is_api) && !says_no_store {
        response.headers_mut().insert(http::header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if stale_cookie && !response.headers().contains_key(SET_COOKIE) {
        response.headers_mut().append(SET_COOKIE, clearing_cookie(&state.config));
    }
    response
}

fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The current session, inside a server function or while rendering a page.
pub fn current_session() -> Option<Session> {
    request_parts().and_then(|parts| parts.extensions.get::<Session>().cloned())
}

pub fn current_user() -> Option<CurrentUser> {
    current_session().map(|session| session.user)
}

/// The signed-in person as the authorisation rules see them.
pub fn actor() -> Option<Actor> {
    current_user().map(|user| user.actor())
}

/// The signed-in person, or "please sign in": how every server function starts.
pub fn signed_in() -> Result<Actor, AppError> {
    actor().ok_or(AppError::NotSignedIn)
}

/// The signed-in person acting on their own account, or "please sign in". Goes
/// through the authorisation module like every other check.
pub fn require_user() -> Result<CurrentUser, AppError> {
    let user = current_user();
    crate::authz::require(user.as_ref().map(CurrentUser::actor).as_ref(), crate::authz::Action::UseOwnAccount)?;
    user.ok_or(AppError::NotSignedIn)
}

/// Counts this request against a rate limit, from this person's network address and for
/// `target`: `Err` (with how long to wait) when too many came from here, `Ok(false)` when
/// too many came for the target (answer as if done, and do nothing), else `Ok(true)`.
pub async fn within_limit(limit: &crate::platform::rate_limit::Limit, target: &str) -> Result<bool, AppError> {
    let state = use_context::<AppState>().ok_or(AppError::Internal)?;
    let now = crate::platform::time::now();
    crate::platform::rate_limit::check(&state.db, limit, &client_address(), target, now).await?.go_ahead()
}

/// The network address of the person, for throttling repeated failed sign-ins.
pub fn client_address() -> String {
    let Some(parts) = request_parts() else { return "unknown".into() };
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
    let trusted = use_context::<AppState>().map(|state| state.config.trusted_proxies.clone()).unwrap_or_default();
    address_from(peer, &parts.headers, &trusted)
}

/// The visitor's address: the connecting peer, unless that peer is a trusted proxy, when
/// it is the nearest address in X-Forwarded-For that is not itself a trusted proxy.
/// Anyone can write X-Forwarded-For, so it is never believed from anyone else.
pub fn address_from(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else { return "unknown".into() };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| item.trim().parse::<IpAddr>().ok())
        .collect();
    forwarded.into_iter().rev().find(|address| !trusted.contains(address)).unwrap_or(peer).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn reads_the_session_token_from_cookies() {
        let h = headers(&[("cookie", "a=1; coresearch_session=abc; b=2")]);
        assert_eq!(token_from(&h, "coresearch_session").as_deref(), Some("abc"));
        assert_eq!(token_from(&headers(&[("cookie", "coresearch_session=")]), "coresearch_session"), None);
        assert_eq!(token_from(&HeaderMap::new(), "coresearch_session"), None);
    }

    #[test]
    fn cross_site_posts_are_recognised() {
        let post = Method::POST;
        assert!(!is_cross_site(&Method::GET, &headers(&[("origin", "https://evil.example")])));
        assert!(!is_cross_site(&post, &headers(&[("host", "127.0.0.1:3000")])), "no Origin: an older browser or a test client");
        assert!(!is_cross_site(&post, &headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")])));
        assert!(is_cross_site(&post, &headers(&[("host", "127.0.0.1:3000"), ("origin", "https://evil.example")])));
        assert!(is_cross_site(&post, &headers(&[("host", "127.0.0.1:3000"), ("origin", "null")])));
        assert!(is_cross_site(&post, &headers(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&post, &headers(&[("host", "127.0.0.1:3000"), ("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&post, &headers(&[("host", "a:1"), ("sec-fetch-site", "same-origin"), ("origin", "http://a:1")])));
    }

    #[test]
    fn browsers_get_readable_names() {
        assert_eq!(
            describe_browser("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"),
            "Firefox on Windows"
        );
        assert_eq!(
            describe_browser("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"),
            "Safari on an iPhone or iPad"
        );
        assert_eq!(
            describe_browser("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0"),
            "Edge on Windows"
        );
        assert_eq!(describe_browser("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36"), "Chrome on Linux");
        assert_eq!(describe_browser(""), "Unknown browser");
        assert_eq!(describe_browser("curl/8.0"), "Another browser");
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let visitor: IpAddr = "203.0.113.7".parse().unwrap();
        let forwarded = headers(&[("x-forwarded-for", "198.51.100.1, 203.0.113.7")]);
        assert_eq!(address_from(Some(visitor), &forwarded, &[proxy]), "203.0.113.7", "a visitor cannot choose their address");
        assert_eq!(address_from(Some(proxy), &forwarded, &[]), "10.0.0.5", "no trusted proxies: the peer");
        assert_eq!(
            address_from(Some(proxy), &forwarded, &[proxy]),
            "203.0.113.7",
            "the address the proxy saw, not one the visitor wrote before it"
        );
        assert_eq!(address_from(Some(proxy), &HeaderMap::new(), &[proxy]), "10.0.0.5");
        assert_eq!(address_from(Some(proxy), &headers(&[("x-forwarded-for", "nonsense")]), &[proxy]), "10.0.0.5");
        assert_eq!(address_from(None, &forwarded, &[proxy]), "unknown");
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_under_https() {
        let plain = Config::from_lookup(|_| None).unwrap();
        let cookie = session_cookie(&plain, "tok");
        let text = cookie.to_str().unwrap();
        assert!(text.starts_with("coresearch_session=tok;"));
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Lax") && !text.contains("Secure"));

        let https = Config::from_lookup(|name| {
            (name == "CORESEARCH_PUBLIC_URL").then(|| "https://coresearch.example.org".to_string())
        })
        .unwrap();
        let text = session_cookie(&https, "tok").to_str().unwrap().to_string();
        assert!(text.starts_with("__Host-coresearch_session=tok;") && text.contains("; Secure"));
        assert!(clearing_cookie(&https).to_str().unwrap().contains("Max-Age=0"));
    }
}
