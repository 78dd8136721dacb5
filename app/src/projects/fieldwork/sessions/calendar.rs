//! A session as a calendar event: attached to the researchers' invitations and offered as
//! a download (`/projects/{id}/fieldwork/{sid}/session.ics`, the project's researchers only).
//! The event names the kind of session, the project and the venue with its access, never a
//! participant.

use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use crate::accounts::session::Session;
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::projects::access::{self, Need};
use crate::projects::fieldwork::sessions::service::{session_in, SessionRow};
use crate::projects::fieldwork::sessions::SessionStatus;
use crate::projects::plan::ics::{self, CalendarItem, EventTime};

/// The calendar event for a session: its kind and project, venue and access; timed when a
/// start time is known (for the length held, or the usual length of its kind).
pub fn session_item(host: &str, project_title: &str, s: &SessionRow) -> CalendarItem {
    let kind = s.kind();
    let cancelled = if s.status() == SessionStatus::Cancelled { "Cancelled: " } else { "" };
    let access = s.access();
    let access = if access.is_empty() { "No access details recorded.".to_string() } else { format!("Access: {}.", access.join(", ").to_lowercase()) };
    CalendarItem {
        uid: format!("project-{}-session-{}@{host}", s.project_id, s.id),
        date: s.held_on.clone(),
        summary: format!("{cancelled}{}: {project_title}", kind.label()),
        description: format!("Fieldwork session ({}). {access}", kind.label().to_lowercase()),
        time: s.starts_at.as_ref().map(|start| EventTime {
            start: start.clone(),
            minutes: s.duration_minutes.unwrap_or_else(|| kind.usual_minutes()),
        }),
        location: s.venue.clone(),
    }
}

/// The calendar text of one session, for the project's researchers.
pub async fn session_calendar(state: &AppState, actor: &Actor, project_id: i64, session_id: i64) -> Result<String, AppError> {
    let ctx = access::require(&state.db, actor, project_id, Need::DoFieldwork).await?;
    let s = session_in(&state.db, project_id, session_id).await?;
    let host = state.config.public_url.host_str().unwrap_or("coresearch.localhost").to_string();
    Ok(ics::calendar(&ctx.title, &ics::stamp(now()), &[session_item(&host, &ctx.title, &s)]))
}

async fn download(State(state): State<AppState>, Path((project_id, session_id)): Path<(i64, i64)>, request: Request) -> Response {
    let actor = request.extensions().get::<Session>().map(|s| s.user.actor());
    let Some(actor) = actor else {
        let back = format!("/projects/{project_id}/fieldwork/{session_id}/session.ics");
        return Redirect::to(&format!("/sign-in?next={}", crate::ui::encode_query_value(&back))).into_response();
    };
    match session_calendar(&state, &actor, project_id, session_id).await {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"session-{session_id}.ics\"")),
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

/// The session's calendar route, merged into the app's router by `http_routes`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/projects/{id}/fieldwork/{sid}/session.ics", get(download))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(starts_at: Option<&str>, status: &str) -> SessionRow {
        SessionRow {
            id: 4,
            project_id: 9,
            kind: "focus_group".into(),
            held_on: "2027-01-12".into(),
            starts_at: starts_at.map(str::to_string),
            venue: "Southend library, room 2".into(),
            step_free: 1,
            near_transport: 0,
            hearing_loop: 1,
            status: status.into(),
            duration_minutes: None,
            notes: "P-03 said something private".into(),
        }
    }

    #[test]
    fn a_session_with_a_start_time_is_a_timed_event_of_its_usual_length() {
        let item = session_item("coresearch.test", "Recovery college", &row(Some("10:00"), "planned"));
        assert_eq!(item.uid, "project-9-session-4@coresearch.test");
        assert_eq!(item.time, Some(EventTime { start: "10:00".into(), minutes: 120 }));
        assert_eq!(item.summary, "Focus group: Recovery college");
        let text = ics::calendar("Recovery college", "20261130T120000Z", &[item]);
        assert!(text.contains("DTSTART:20270112T100000Z\r\nDTEND:20270112T120000Z\r\n"), "{text}");
        assert!(text.contains("LOCATION:Southend library\\, room 2\r\n"));
        assert!(text.replace("\r\n ", "").contains("step-free access\\, hearing loop"), "{text}");
        assert!(!text.contains("P-03") && !text.contains("private"), "no participant and no notes in a calendar");
    }

    #[test]
    fn without_a_start_time_it_is_all_day_and_a_cancelled_one_says_so() {
        let item = session_item("h", "T", &row(None, "cancelled"));
        assert_eq!(item.time, None);
        assert!(item.summary.starts_with("Cancelled: "));
        assert!(ics::calendar("T", "20261130T120000Z", &[item]).contains("DTSTART;VALUE=DATE:20270112\r\n"));
    }
}
