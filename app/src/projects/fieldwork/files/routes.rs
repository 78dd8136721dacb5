//! The upload and download routes (plain HTTP: a multipart form works without
//! JavaScript). Outside `/api`, so the upload sets its own size limit. Nothing here logs a
//! file name or a participant's code; addresses carry ids and short problem codes only.

use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::accounts::session::Session;
use crate::error::AppError;
use crate::platform::state::AppState;
use crate::projects::fieldwork::files::store::{download, upload, UploadError, UploadInput};
use crate::projects::fieldwork::files::{FileKind, UploadProblem, MAX_RECORDING_BYTES};
use crate::ui::encode_query_value;

fn problem_response(error: AppError, back: &str) -> Response {
    let page = |status: StatusCode, title: &str, text: String| {
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
            format!(
                "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{title} – CoResearch</title></head>\
                 <body><main><h1>{title}</h1><p>{}</p><p><a href=\"/dashboard\">Go to your dashboard</a></p></main></body></html>",
                text.replace('&', "&amp;").replace('<', "&lt;")
            ),
        )
            .into_response()
    };
    match error {
        AppError::NotSignedIn => Redirect::to(&format!("/sign-in?next={}", encode_query_value(back))).into_response(),
        AppError::NotFound => page(StatusCode::NOT_FOUND, "Not found", "We could not find that file, or you may not see it.".into()),
        AppError::NotAllowed => page(StatusCode::FORBIDDEN, "Not allowed", AppError::NotAllowed.to_string()),
        AppError::Refused(message) => page(StatusCode::GONE, "Not available", message),
        other => page(StatusCode::INTERNAL_SERVER_ERROR, "There is a problem", other.to_string()),
    }
}

/// Back to the data page with the problem beside its field and the choices kept (ids, a
/// kind and a date: nothing personal).
fn refuse(project_id: i64, problem: UploadProblem, input: &UploadInput) -> Response {
    let keep = |name: &str, value: &str| {
        let value = value.trim();
        if value.is_empty() || value.len() > 20 {
            String::new()
        } else {
            format!("&{name}={}", encode_query_value(value))
        }
    };
    let ids_only = |value: &str| if value.trim().parse::<i64>().is_ok() { value.to_string() } else { String::new() };
    Redirect::to(&format!(
        "/projects/{project_id}/data?upload_error={}{}{}{}{}#upload",
        problem.code(),
        keep("kind", if FileKind::parse(&input.kind).is_some() { input.kind.as_str() } else { "" }),
        keep("chosen", &ids_only(&input.participant_id)),
        keep("session", &ids_only(&input.session_id)),
        keep("retain", &input.retain_until.chars().filter(|c| c.is_ascii_digit() || matches!(c, '-' | '/')).collect::<String>()),
    ))
    .into_response()
}

async fn upload_route(State(state): State<AppState>, Path(project_id): Path<i64>, request: Request) -> Response {
    let actor = request.extensions().get::<Session>().map(|s| s.user.actor());
    let back = format!("/projects/{project_id}/data");
    let Some(actor) = actor else { return problem_response(AppError::NotSignedIn, &back) };
    let mut input = UploadInput::default();
    let mut multipart = match Multipart::from_request(request, &state).await {
        Ok(m) => m,
        Err(_) => return refuse(project_id, UploadProblem::Missing, &input),
    };
    let mut cut_off = false;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                if name == "file" {
                    input.file_name = field.file_name().unwrap_or_default().to_string();
                    match field.bytes().await {
                        Ok(bytes) => input.bytes = bytes.to_vec(),
                        Err(_) => {
                            cut_off = true;
                            break;
                        }
                    }
                } else {
                    let Ok(value) = field.text().await else {
                        cut_off = true;
                        break;
                    };
                    let value: String = value.chars().take(200).collect();
                    match name.as_str() {
                        "kind" => input.kind = value,
                        "participant_id" => input.participant_id = value,
                        "session_id" => input.session_id = value,
                        "retain_until" => input.retain_until = value,
                        _ => {}
                    }
                }
            }
            Ok(None) => break,
            // The body was cut off at the size limit.
            Err(_) => {
                cut_off = true;
                break;
            }
        }
    }
    if cut_off {
        let problem = match FileKind::parse(&input.kind) {
            Some(FileKind::Transcript) => UploadProblem::TooBigTranscript,
            _ => UploadProblem::TooBigRecording,
        };
        return refuse(project_id, problem, &input);
    }
    match upload(&state.db, &actor, project_id, &input).await {
        Ok(file_id) => Redirect::to(&format!("/projects/{project_id}/data/{file_id}?done=uploaded")).into_response(),
        Err(UploadError::Problem(problem)) => refuse(project_id, problem, &input),
        Err(UploadError::App(error)) => problem_response(error, &back),
    }
}

async fn download_route(State(state): State<AppState>, Path(file_id): Path<i64>, request: Request) -> Response {
    let actor = request.extensions().get::<Session>().map(|s| s.user.actor());
    let back = format!("/project-data/files/{file_id}");
    let Some(actor) = actor else { return problem_response(AppError::NotSignedIn, &back) };
    match download(&state.db, &actor, file_id).await {
        Ok(file) => {
            // Only plain characters in the header; the name is for the person's own computer.
            let name: String = file.file_name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
            (
                [
                    (header::CONTENT_TYPE, file.content_type),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                    (header::CACHE_CONTROL, "private, no-store".to_string()),
                ],
                file.content,
            )
                .into_response()
        }
        Err(error) => problem_response(error, &back),
    }
}

/// Upload and download routes, merged into the app's router by `http_routes`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/project-data/{project_id}/upload", post(upload_route).layer(DefaultBodyLimit::max(MAX_RECORDING_BYTES + 64 * 1024)))
        .route("/project-data/files/{file_id}", get(download_route))
}
