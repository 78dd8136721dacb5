//! The download routes: `/project-analysis/{project_id}/codebook.csv`, `codebook.qdc`,
//! `extracts-by-code.csv`, `extracts-by-theme.csv` and `themes.html`. Never cached.
//! The themes page is served as an attachment too, so it opens as a file of its own.

use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use crate::accounts::session::Session;
use crate::error::AppError;
use crate::platform::state::AppState;
use crate::projects::analysis::export::service::{export, Export};
use crate::ui::encode_query_value;

async fn download(state: AppState, project_id: i64, which: Export, request: Request) -> Response {
    let Some(actor) = request.extensions().get::<Session>().map(|s| s.user.actor()) else {
        return Redirect::to(&format!("/sign-in?next={}", encode_query_value(request.uri().path()))).into_response();
    };
    match export(&state.db, &actor, project_id, which).await {
        Ok(file) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, file.content_type.to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", file.file_name)),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            file.body,
        )
            .into_response(),
        Err(error) => {
            let status = match error {
                AppError::NotFound => StatusCode::NOT_FOUND,
                AppError::NotAllowed => StatusCode::FORBIDDEN,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], error.to_string()).into_response()
        }
    }
}

pub fn routes() -> Router<AppState> {
    let route = |which: Export| get(move |State(state): State<AppState>, Path(id): Path<i64>, request: Request| download(state, id, which, request));
    Router::new()
        .route("/project-analysis/{project_id}/codebook.csv", route(Export::CodebookCsv))
        .route("/project-analysis/{project_id}/codebook.qdc", route(Export::CodebookQdc))
        .route("/project-analysis/{project_id}/extracts-by-code.csv", route(Export::ExtractsByCode))
        .route("/project-analysis/{project_id}/extracts-by-theme.csv", route(Export::ExtractsByTheme))
        .route("/project-analysis/{project_id}/themes.html", route(Export::ThemesPage))
}
