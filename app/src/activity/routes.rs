//! The CSV download: `/organisations/{slug}/activity.csv?from=YYYY&to=YYYY`, for the group's
//! members only, never cached.

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::accounts::session::Session;
use crate::error::AppError;
use crate::platform::state::AppState;
use crate::ui::encode_query_value;

#[derive(Deserialize)]
struct Period {
    from: Option<String>,
    to: Option<String>,
}

async fn download(State(state): State<AppState>, Path(slug): Path<String>, Query(period): Query<Period>, request: Request) -> Response {
    let Some(actor) = request.extensions().get::<Session>().map(|s| s.user.actor()) else {
        return Redirect::to(&format!("/sign-in?next={}", encode_query_value(request.uri().path()))).into_response();
    };
    match super::service::report(&state.db, &actor, &slug, period.from.as_deref(), period.to.as_deref()).await {
        Ok(report) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"activity-{}-{}-{}.csv\"", report.group_slug, report.from_year, report.to_year),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            super::service::csv(&report),
        )
            .into_response(),
        Err(error) => {
            let status = match error {
                AppError::NotFound => StatusCode::NOT_FOUND,
                AppError::NotAllowed => StatusCode::FORBIDDEN,
                AppError::Invalid(_) => StatusCode::BAD_REQUEST,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], error.to_string()).into_response()
        }
    }
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/organisations/{slug}/activity.csv", get(download))
}
