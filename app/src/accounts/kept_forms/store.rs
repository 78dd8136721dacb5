//! Keeping, finding and sending a form posted after its sender's session ended, and the
//! layer around server functions that does it.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{CONTENT_TYPE, REFERER};
use http::HeaderValue;
use leptos::server_fn::error::ServerFnUrlError;

use super::{KeptForm, CONTINUE_PATH};
use crate::accounts::session::Session;
use crate::error::AppError;
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::db::Db;
use crate::platform::form_return::{self, path_of, redirect_location, set_location};
use crate::platform::state::AppState;
use crate::platform::time::{format_date_time, now};

/// How long a kept form waits for its sender to sign in again.
pub const KEPT_SECONDS: i64 = 30 * 60;
/// The largest form kept (server functions take at most 1 MB; files are not kept).
const LARGEST: usize = 1024 * 1024;

/// Put on a request by the session layer when its cookie names a session that has ended
/// (idle or too old) but is still on record: who sent it.
#[derive(Clone, Copy, Debug)]
pub struct EndedSession(pub i64);

#[derive(sqlx::FromRow)]
struct KeptRow {
    function_path: String,
    body: String,
    back_to: String,
    expires_at: i64,
}

pub async fn keep(db: &Db, user_id: i64, function_path: &str, body: &str, back_to: &str, at: i64) -> Result<String, AppError> {
    let reference = random_token();
    sqlx::query(
        "INSERT INTO kept_forms (reference_hash, user_id, function_path, body, back_to, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(hash_token(&reference))
    .bind(user_id)
    .bind(function_path)
    .bind(body)
    .bind(back_to)
    .bind(at)
    .bind(at + KEPT_SECONDS)
    .execute(db)
    .await?;
    Ok(reference)
}

fn gone() -> AppError {
    AppError::refused(
        "This form has already been sent, or was kept for longer than 30 minutes and has been deleted. \
         Nothing from it was saved: please fill it in again.",
    )
}

/// The kept form, for the person who sent it only (anyone else is told it is not there).
pub async fn for_person(db: &Db, reference: &str, user_id: i64, at: i64) -> Result<KeptForm, AppError> {
    let row = sqlx::query_as::<_, KeptRow>(
        "SELECT function_path, body, back_to, expires_at FROM kept_forms \
         WHERE reference_hash = $1 AND user_id = $2 AND expires_at > $3",
    )
    .bind(hash_token(reference))
    .bind(user_id)
    .bind(at)
    .fetch_optional(db)
    .await?
    .ok_or_else(gone)?;
    let fields = url::form_urlencoded::parse(row.body.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    Ok(KeptForm { function_path: row.function_path, fields, back_to: row.back_to, kept_until: format_date_time(row.expires_at) })
}

/// Takes the kept form out (it is being sent, or the person said not to send it); where to
/// go back to. Only its sender can.
pub async fn discard(db: &Db, reference: &str, user_id: i64) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar::<_, String>("DELETE FROM kept_forms WHERE reference_hash = $1 AND user_id = $2 RETURNING back_to")
        .bind(hash_token(reference))
        .bind(user_id)
        .fetch_optional(db)
        .await?)
}

pub async fn clear_expired(db: &Db, at: i64) -> Result<u64, AppError> {
    Ok(sqlx::query("DELETE FROM kept_forms WHERE expires_at <= $1").bind(at).execute(db).await?.rows_affected())
}

/// The path and query of the page a form was sent from, without any answer in it.
fn page_of(referer: &str) -> Option<String> {
    let url = url::Url::parse(referer).ok()?;
    let mut page = url.path().to_string();
    if let Some(query) = url.query() {
        page.push('?');
        page.push_str(query);
    }
    Some(form_return::without_reference(&page))
}

/// The reference of the kept form a post came from, when it came from the "Send it now" page.
fn sent_from_continue_page(referer: &str) -> Option<String> {
    let url = url::Url::parse(referer).ok()?;
    (url.path() == CONTINUE_PATH).then(|| url.query_pairs().find(|(k, _)| k == "kept").map(|(_, v)| v.into_owned())).flatten()
}

fn is_not_signed_in(location: &str) -> bool {
    form_return::split_answer(location)
        .is_some_and(|(answer, _)| ServerFnUrlError::<AppError>::decode_err(&answer.error) == AppError::NotSignedIn)
}

/// Whether a server function's answer is "please sign in": a redirect carrying it (a plain
/// form post), or the error itself (a post from the browser's code, whose body is read).
async fn asks_to_sign_in(response: Response) -> (Response, bool) {
    if let Some(location) = redirect_location(&response) {
        let asks = is_not_signed_in(&location);
        return (response, asks);
    }
    if !response.status().is_server_error() && !response.status().is_client_error() {
        return (response, false);
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (Response::from_parts(parts, Body::empty()), false);
    };
    let asks = serde_json::from_slice::<AppError>(&bytes).is_ok_and(|error| error == AppError::NotSignedIn);
    (Response::from_parts(parts, Body::from(bytes)), asks)
}

/// Sends the person to sign in: a redirect for a plain form post; for the browser's code,
/// an answer it treats as "done, now go to this page" (Leptos's redirect header; the
/// forms' server functions answer nothing, `null`).
fn to_sign_in(mut response: Response, sign_in: &str) -> Response {
    if response.status().is_redirection() {
        set_location(&mut response, sign_in);
        return response;
    }
    let mut answer = Response::new(Body::from("null"));
    answer.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    answer.headers_mut().insert(leptos::server_fn::redirect::REDIRECT_HEADER, HeaderValue::from_static(""));
    set_location(&mut answer, sign_in);
    answer
}

/// The layer, around server functions: keeps a form whose session ended and sends the
/// person to sign in; after "Send it now", sends them back to the form's own page.
pub async fn middleware(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_form_post = request.method() == http::Method::POST
        && request.uri().path().starts_with("/api/")
        && request.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form_post {
        return next.run(request).await;
    }
    let referer = request.headers().get(REFERER).and_then(|v| v.to_str().ok()).map(str::to_string).unwrap_or_default();
    let signed_in = request.extensions().get::<Session>().map(|session| session.user.id);
    let ended = request.extensions().get::<EndedSession>().copied();
    match (signed_in, ended) {
        (None, Some(EndedSession(user_id))) => {
            let function_path = request.uri().path().to_string();
            let (parts, body) = request.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, LARGEST).await else {
                return next.run(Request::from_parts(parts, Body::empty())).await;
            };
            let response = next.run(Request::from_parts(parts, Body::from(bytes.clone()))).await;
            let (Ok(body), Some(back_to)) = (std::str::from_utf8(&bytes), page_of(&referer)) else {
                return response;
            };
            let (response, asks_to_sign_in) = asks_to_sign_in(response).await;
            if !asks_to_sign_in {
                return response;
            }
            match keep(&state.db, user_id, &function_path, body, &back_to, now()).await {
                Ok(reference) => {
                    let next_page = format!("{CONTINUE_PATH}?kept={reference}");
                    to_sign_in(response, &form_return::with_param("/sign-in?ended=1", "next", &next_page))
                }
                Err(error) => {
                    tracing::warn!(%error, "could not keep a form sent after its session ended");
                    response
                }
            }
        }
        (Some(user_id), _) => {
            let Some(reference) = sent_from_continue_page(&referer) else {
                return next.run(request).await;
            };
            let mut response = next.run(request).await;
            let Some(location) = redirect_location(&response) else { return response };
            // Sent (or refused with messages): the kept copy goes either way.
            match discard(&state.db, &reference, user_id).await {
                // An answer that would go back to the "Send it now" page goes to the form's
                // own page instead, with any messages and what was typed; a server function
                // that chose its own next page keeps it.
                Ok(Some(back_to)) if path_of(&location) == CONTINUE_PATH => {
                    let target = match form_return::split_answer(&location) {
                        Some((answer, _)) => form_return::with_param(
                            &form_return::with_param(&back_to, "__path", &answer.function_path),
                            "__err",
                            &answer.error,
                        ),
                        None => back_to,
                    };
                    set_location(&mut response, &target);
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "could not finish sending a kept form"),
            }
            response
        }
        (None, None) => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_a_form_came_from_is_kept_without_its_host_or_old_answer() {
        assert_eq!(page_of("http://127.0.0.1:3000/training/cohorts/4/log?page=2&__form=x").as_deref(), Some("/training/cohorts/4/log?page=2"));
        assert_eq!(page_of("not a url"), None);
    }

    #[test]
    fn a_post_from_the_send_it_now_page_names_its_kept_form() {
        assert_eq!(sent_from_continue_page("http://h/continue-form?kept=abc").as_deref(), Some("abc"));
        assert_eq!(sent_from_continue_page("http://h/account?kept=abc"), None);
        assert_eq!(sent_from_continue_page("http://h/continue-form"), None);
        assert_eq!(path_of("http://h/continue-form?kept=a&__err=x"), CONTINUE_PATH);
        assert_eq!(path_of("/continue-form?kept=a"), CONTINUE_PATH);
        assert_eq!(path_of("/training/cohorts/1"), "/training/cohorts/1");
    }

    #[test]
    fn only_a_sign_in_answer_keeps_a_form() {
        use base64::Engine;
        let encode = |error: &AppError| base64::engine::general_purpose::URL_SAFE.encode(serde_json::to_string(error).unwrap());
        let to = |error: &AppError| form_return::with_param(&form_return::with_param("/x", "__path", "/api/f"), "__err", &encode(error));
        assert!(is_not_signed_in(&to(&AppError::NotSignedIn)));
        assert!(!is_not_signed_in(&to(&AppError::NotAllowed)));
        assert!(!is_not_signed_in("/x"));
    }
}
