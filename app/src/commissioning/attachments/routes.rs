//! The upload and download routes (plain HTTP: a multipart form works without JavaScript).

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::accounts::session::Session;
use crate::commissioning::attachments::service::{attach, download, AttachError};
use crate::commissioning::attachments::{UploadProblem, MAX_BYTES};
use crate::commissioning::records::load_response;
use crate::error::AppError;
use crate::platform::state::AppState;

fn problem_response(error: AppError, back: &str) -> Response {
    match error {
        AppError::NotSignedIn => Redirect::to(&format!("/sign-in?next={}", crate::ui::encode_query_value(back))).into_response(),
        AppError::NotFound => (StatusCode::NOT_FOUND, "We could not find that file, or you may not see it.").into_response(),
        AppError::NotAllowed => (StatusCode::FORBIDDEN, AppError::NotAllowed.to_string()).into_response(),
        other => (StatusCode::INTERNAL_SERVER_ERROR, other.to_string()).into_response(),
    }
}

async fn upload(State(state): State<AppState>, Path(response_id): Path<i64>, request: Request) -> Response {
    let actor = request.extensions().get::<Session>().map(|s| s.user.actor());
    let brief_id = load_response(&state.db, response_id).await.map(|r| r.brief_id).unwrap_or_default();
    let back = format!("/briefs/{brief_id}/responses/{response_id}");
    let Some(actor) = actor else { return problem_response(AppError::NotSignedIn, &back) };
    let refuse = |problem: UploadProblem| Redirect::to(&format!("{back}?attach_error={}#attachments", problem.code())).into_response();
    let mut multipart = match Multipart::from_request(request, &state).await {
        Ok(m) => m,
        Err(_) => return refuse(UploadProblem::Missing),
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(_) => return refuse(UploadProblem::TooBig),
                }
            }
            Ok(Some(_)) => continue,
            Ok(None) => break,
            // The body was cut off at the size limit.
            Err(_) => return refuse(UploadProblem::TooBig),
        }
    }
    let Some((name, bytes)) = file else { return refuse(UploadProblem::Missing) };
    match attach(&state.db, &actor, response_id, &name, &bytes).await {
        Ok(brief_id) => Redirect::to(&format!("/briefs/{brief_id}/responses/{response_id}?done=attached#attachments")).into_response(),
        Err(AttachError::Upload(problem)) => refuse(problem),
        Err(AttachError::App(error)) => problem_response(error, &back),
    }
}

async fn serve(State(state): State<AppState>, Path(attachment_id): Path<i64>, request: Request) -> Response {
    let actor = request.extensions().get::<Session>().map(|s| s.user.actor());
    let back = format!("/brief-files/{attachment_id}");
    let Some(actor) = actor else { return problem_response(AppError::NotSignedIn, &back) };
    match download(&state.db, &actor, attachment_id).await {
        Ok(file) => (
            [
                (header::CONTENT_TYPE, file.content_type),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", file.file_name.replace('"', "_"))),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            file.content,
        )
            .into_response(),
        Err(error) => problem_response(error, &back),
    }
}

/// Upload and download routes, merged into the app's router by `http_routes`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/brief-files/responses/{response_id}",
            post(upload).layer(axum::extract::DefaultBodyLimit::max(MAX_BYTES + 64 * 1024)),
        )
        .route("/brief-files/{attachment_id}", get(serve))
}
