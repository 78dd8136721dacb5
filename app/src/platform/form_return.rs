//! Typed form values never travel in addresses.
//!
//! Without JavaScript, a server function that fails answers with a redirect back to its
//! form, carrying the error (and, for a form error, everything typed) in the address as
//! `__err`. Addresses stay in browser history, in proxies' and servers' logs, and a
//! reflection or a note about a participant must not. Around every request, this layer
//! keeps such an answer in the database for one read behind a random reference
//! (`__form=...`), and when the page is asked for, takes it back out and hands it to the
//! page (`ui::form_return`), which shows it exactly as before. The database, not this
//! process, holds it, so the next request may reach another app server.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::LOCATION;
use http::HeaderValue;

use crate::error::AppError;
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::db::Db;
use crate::platform::state::AppState;
use crate::platform::time::now;
pub use crate::ui::form_return::Returned;

/// The query parameter that carries the reference.
pub const REFERENCE: &str = "__form";
/// Long enough for a slow connection to follow the redirect; short, because it is one read.
const KEPT_SECONDS: i64 = 15 * 60;
const LEPTOS_PARAMS: [&str; 2] = ["__path", "__err"];

/// Splits Leptos's error parameters off a redirect's address: the answer they carry, and
/// the address without them (and without an earlier reference). `None` when there is none.
pub fn split_answer(location: &str) -> Option<(Returned, String)> {
    let (mut url, relative) = parse(location)?;
    let mut function_path = None;
    let mut error = None;
    for (key, value) in url.query_pairs() {
        match key.as_ref() {
            "__path" => function_path = Some(value.into_owned()),
            "__err" => error = Some(value.into_owned()),
            _ => {}
        }
    }
    let answer = Returned { function_path: function_path?, error: error? };
    keep_params_except(&mut url, &[LEPTOS_PARAMS[0], LEPTOS_PARAMS[1], REFERENCE]);
    Some((answer, unparse(&url, relative)))
}

/// The address with `name=value` added.
pub fn with_param(location: &str, name: &str, value: &str) -> String {
    match parse(location) {
        Some((mut url, relative)) => {
            url.query_pairs_mut().append_pair(name, value);
            unparse(&url, relative)
        }
        None => location.to_string(),
    }
}

/// The address without a reference that has been used (a successful post goes back to
/// the page it came from, whose address may still hold one).
pub fn without_reference(location: &str) -> String {
    match parse(location) {
        Some((mut url, relative)) if url.query_pairs().any(|(key, _)| key == REFERENCE) => {
            keep_params_except(&mut url, &[REFERENCE]);
            unparse(&url, relative)
        }
        _ => location.to_string(),
    }
}

/// The reference in a request's query, if any.
pub fn reference_in(query: Option<&str>) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes()).find(|(key, _)| key == REFERENCE).map(|(_, value)| value.into_owned())
}

/// The path of an address, absolute or not.
pub fn path_of(location: &str) -> String {
    parse(location).map(|(url, _)| url.path().to_string()).unwrap_or_default()
}

/// Where a redirect goes; `None` for any other answer.
pub fn redirect_location(response: &Response) -> Option<String> {
    if !response.status().is_redirection() {
        return None;
    }
    response.headers().get(LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// Sends an answer somewhere else (an address that is not a valid header is ignored).
pub fn set_location(response: &mut Response, location: &str) {
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, value);
    }
}

const BASE: &str = "http://relative.invalid";

fn parse(location: &str) -> Option<(url::Url, bool)> {
    match url::Url::parse(location) {
        Ok(url) => Some((url, false)),
        Err(url::ParseError::RelativeUrlWithoutBase) => url::Url::parse(BASE).ok()?.join(location).ok().map(|url| (url, true)),
        Err(_) => None,
    }
}

fn unparse(url: &url::Url, relative: bool) -> String {
    if relative {
        url.as_str().strip_prefix(BASE).unwrap_or(url.as_str()).to_string()
    } else {
        url.to_string()
    }
}

fn keep_params_except(url: &mut url::Url, dropped: &[&str]) {
    let kept: Vec<(String, String)> =
        url.query_pairs().filter(|(key, _)| !dropped.contains(&key.as_ref())).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
}

/// Keeps an answer for one read; returns its reference.
pub async fn keep(db: &Db, answer: &Returned, at: i64) -> Result<String, AppError> {
    let reference = random_token();
    sqlx::query("INSERT INTO form_returns (reference_hash, function_path, error, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash_token(&reference))
        .bind(&answer.function_path)
        .bind(&answer.error)
        .bind(at + KEPT_SECONDS)
        .execute(db)
        .await?;
    Ok(reference)
}

#[derive(sqlx::FromRow)]
struct ReturnedRow {
    function_path: String,
    error: String,
}

/// Takes an answer out: it is gone after this, so a reload or a copied address shows nothing.
pub async fn take(db: &Db, reference: &str, at: i64) -> Result<Option<Returned>, AppError> {
    let row = sqlx::query_as::<_, ReturnedRow>(
        "DELETE FROM form_returns WHERE reference_hash = $1 AND expires_at > $2 RETURNING function_path, error",
    )
    .bind(hash_token(reference))
    .bind(at)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|row| Returned { function_path: row.function_path, error: row.error }))
}

/// Clears answers nobody came back for (housekeeping).
pub async fn clear_expired(db: &Db, at: i64) -> Result<u64, AppError> {
    Ok(sqlx::query("DELETE FROM form_returns WHERE expires_at <= $1").bind(at).execute(db).await?.rows_affected())
}

/// The layer: on the way in, a page asked for with a reference gets its answer; on the way
/// out, an answer in a redirect's address is swapped for a reference.
pub async fn middleware(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if request.method() == http::Method::GET {
        if let Some(reference) = reference_in(request.uri().query()) {
            match take(&state.db, &reference, now()).await {
                Ok(Some(answer)) => {
                    request.extensions_mut().insert(answer);
                }
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "could not read a form's kept answer"),
            }
        }
    }
    let mut response = next.run(request).await;
    keep_answer_out_of_address(&state.db, &mut response).await;
    response
}

/// Swaps an answer in a redirect's `Location` for a reference; drops a used reference.
pub async fn keep_answer_out_of_address(db: &Db, response: &mut Response) {
    let Some(location) = redirect_location(response) else {
        return;
    };
    let rewritten = match split_answer(&location) {
        Some((answer, bare)) => match keep(db, &answer, now()).await {
            Ok(reference) => with_param(&bare, REFERENCE, &reference),
            Err(error) => {
                // Rare (the database is down): the form's answer is lost rather than put
                // in the address; the person sees the form again, empty.
                tracing::warn!(%error, "could not keep a form's answer; sending the person back without it");
                bare
            }
        },
        None => without_reference(&location),
    };
    if rewritten != location {
        set_location(response, &rewritten);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_comes_out_of_the_address_and_the_rest_stays() {
        let (answer, bare) =
            split_answer("http://127.0.0.1:3000/training/log?page=2&__path=%2Fapi%2Fadd_entry&__err=eyJJbnZhbGlkIjp7fX0%3D").unwrap();
        assert_eq!(answer, Returned { function_path: "/api/add_entry".into(), error: "eyJJbnZhbGlkIjp7fX0=".into() });
        assert_eq!(bare, "http://127.0.0.1:3000/training/log?page=2");
    }

    #[test]
    fn relative_addresses_stay_relative_and_an_old_reference_goes() {
        let (_, bare) = split_answer("/account?__form=old&__path=/api/x&__err=e30").unwrap();
        assert_eq!(bare, "/account");
        assert_eq!(with_param(&bare, REFERENCE, "abc"), "/account?__form=abc");
    }

    #[test]
    fn addresses_without_an_answer_are_left_alone_but_lose_a_used_reference() {
        assert!(split_answer("/dashboard").is_none());
        assert!(split_answer("/x?__path=/api/y").is_none(), "a path alone carries no answer");
        assert_eq!(without_reference("/dashboard?tab=1"), "/dashboard?tab=1");
        assert_eq!(without_reference("/training/log?__form=used&page=3"), "/training/log?page=3");
        assert_eq!(without_reference("http://h/a?__form=used"), "http://h/a");
    }

    #[test]
    fn the_reference_is_found_in_a_query() {
        assert_eq!(reference_in(Some("page=2&__form=r3f")), Some("r3f".into()));
        assert_eq!(reference_in(Some("page=2")), None);
        assert_eq!(reference_in(None), None);
    }
}
