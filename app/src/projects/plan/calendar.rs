//! The calendar download: a project's milestones and advisory group meetings as an
//! iCalendar file (`/projects/{id}/calendar.ics`, or one item with `?item=milestone-5` or
//! `?item=meeting-3`). Whoever may see the project's overview may download it.

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::accounts::session::Session;
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::projects::access::{self, Need};
use crate::projects::plan::ics::{self, CalendarItem};
use crate::projects::Stage;

#[derive(sqlx::FromRow)]
struct EventRow {
    kind: String,
    id: i64,
    day: String,
    title: String,
    stage: String,
}

#[derive(Deserialize)]
struct Only {
    item: Option<String>,
}

/// The calendar text for a project (all items, or the one named).
pub async fn project_calendar(state: &AppState, actor: &Actor, project_id: i64, only: Option<&str>) -> Result<String, AppError> {
    let ctx = access::require(&state.db, actor, project_id, Need::View).await?;
    calendar_text(state, project_id, &ctx.title, only).await
}

/// The calendar text without asking who wants it: for the download above (after its
/// check) and the invitations e-mailed to the team, which share each item's UID.
pub async fn calendar_text(state: &AppState, project_id: i64, title: &str, only: Option<&str>) -> Result<String, AppError> {
    let rows = sqlx::query_as::<_, EventRow>(
        "SELECT 'milestone' AS kind, id, due_on AS day, title, stage FROM project_milestones WHERE project_id = $1 \
         UNION ALL SELECT 'meeting' AS kind, id, meets_on AS day, note AS title, '' AS stage FROM project_advisory_meetings WHERE project_id = $1 \
         ORDER BY day, kind, id",
    )
    .bind(project_id)
    .fetch_all(&state.db)
    .await?;
    let host = state.config.public_url.host_str().unwrap_or("coresearch.localhost").to_string();
    let items: Vec<CalendarItem> = rows
        .into_iter()
        .filter(|r| only.is_none_or(|o| o == format!("{}-{}", r.kind, r.id)))
        .map(|r| {
            let (summary, description) = if r.kind == "milestone" {
                let stage = Stage::parse(&r.stage).map(Stage::name).unwrap_or("");
                (format!("{}: {}", title, r.title), format!("Milestone for {}.", stage.to_lowercase()))
            } else {
                let detail = if r.title.is_empty() { String::new() } else { format!(" {}", r.title) };
                (format!("Advisory group meeting: {title}"), format!("Advisory group meeting.{detail}"))
            };
            CalendarItem {
                uid: format!("project-{project_id}-{}-{}@{host}", r.kind, r.id),
                date: r.day,
                summary,
                description,
                time: None,
                location: String::new(),
            }
        })
        .collect();
    if only.is_some() && items.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(ics::calendar(title, &ics::stamp(now()), &items))
}

async fn download(State(state): State<AppState>, Path(project_id): Path<i64>, Query(only): Query<Only>, request: Request) -> Response {
    let actor = request.extensions().get::<Session>().map(|s| s.user.actor());
    let Some(actor) = actor else {
        let back = format!("/projects/{project_id}/calendar.ics");
        return Redirect::to(&format!("/sign-in?next={}", crate::ui::encode_query_value(&back))).into_response();
    };
    match project_calendar(&state, &actor, project_id, only.item.as_deref()).await {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"project-{project_id}.ics\"")),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            text,
        )
            .into_response(),
        Err(AppError::NotFound) => (StatusCode::NOT_FOUND, AppError::NotFound.to_string()).into_response(),
        Err(AppError::NotAllowed) => (StatusCode::FORBIDDEN, AppError::NotAllowed.to_string()).into_response(),
        Err(other) => (StatusCode::INTERNAL_SERVER_ERROR, other.to_string()).into_response(),
    }
}

/// The calendar route, merged into the app's router by `http_routes`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/projects/{id}/calendar.ics", get(download))
}
