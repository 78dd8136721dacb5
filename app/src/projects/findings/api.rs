//! Server functions for findings checked with participants. A feedback event's comments
//! come as `theme_ids[i]` and `comments[i]`, one pair per theme. Redirects carry counts
//! and record numbers only, never a name.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::findings::{EventPage, FindingsPage, LettersPage};

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::signed_in,
    platform::state::app_state,
    projects::findings::events::{self, EventInput},
    projects::findings::sending,
    projects::findings::service,
    validate::ticked,
};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[cfg(feature = "ssr")]
fn findings_path(project_id: i64) -> String {
    format!("/projects/{project_id}/findings")
}

#[server(endpoint = "findings")]
pub async fn findings(project_id: i64) -> Result<FindingsPage, AppError> {
    let actor = signed_in()?;
    service::findings_page(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "findings-letters")]
pub async fn findings_letters(project_id: i64) -> Result<LettersPage, AppError> {
    let actor = signed_in()?;
    sending::letters_page(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "findings-save-summary")]
pub async fn save_summary(project_id: i64, summary: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::save_summary(&app_state()?.db, &actor, project_id, &summary).await?;
    redirect(&format!("{}?done=summary-saved#summary", findings_path(project_id)));
    Ok(())
}

#[server(endpoint = "findings-send-summary")]
pub async fn send_summary(project_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let sent = sending::send_summary(&app_state()?, &actor, project_id).await?;
    redirect(&format!("{}?done=sent&emailed={}&letters={}#sending", findings_path(project_id), sent.emailed, sent.letters));
    Ok(())
}

#[server(endpoint = "findings-letters-posted")]
pub async fn letters_posted(project_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let posted = sending::mark_letters_posted(&app_state()?.db, &actor, project_id).await?;
    redirect(&format!("{}?done=posted&posted={posted}#sending", findings_path(project_id)));
    Ok(())
}

#[server(endpoint = "findings-record-event")]
pub async fn record_event(
    project_id: i64,
    held_on: String,
    attendance: String,
    note: String,
    theme_ids: Option<Vec<String>>,
    comments: Option<Vec<String>>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = EventInput { held_on, attendance, note, theme_ids: theme_ids.unwrap_or_default(), comments: comments.unwrap_or_default() };
    events::record_event(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("{}?done=event-recorded#events", findings_path(project_id)));
    Ok(())
}

#[server(endpoint = "findings-feedback-event")]
pub async fn feedback_event(project_id: i64, event_id: i64) -> Result<EventPage, AppError> {
    let actor = signed_in()?;
    events::event_page(&app_state()?.db, &actor, project_id, event_id).await
}

#[server(endpoint = "findings-change-event")]
#[allow(clippy::too_many_arguments)]
pub async fn change_feedback_event(
    project_id: i64,
    event_id: i64,
    held_on: String,
    attendance: String,
    note: String,
    theme_ids: Option<Vec<String>>,
    comments: Option<Vec<String>>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = EventInput { held_on, attendance, note, theme_ids: theme_ids.unwrap_or_default(), comments: comments.unwrap_or_default() };
    events::change_event(&app_state()?.db, &actor, project_id, event_id, &input).await?;
    redirect(&format!("{}?done=event-changed#events", findings_path(project_id)));
    Ok(())
}

#[server(endpoint = "findings-remove-event")]
pub async fn remove_feedback_event(project_id: i64, event_id: i64, confirm_remove: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    events::remove_event(&app_state()?.db, &actor, project_id, event_id, ticked(&confirm_remove)).await?;
    redirect(&format!("{}?done=event-removed#events", findings_path(project_id)));
    Ok(())
}

#[server(endpoint = "findings-no-event-reason")]
pub async fn save_no_event_reason(project_id: i64, reason: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::save_no_event_reason(&app_state()?.db, &actor, project_id, &reason).await?;
    redirect(&format!("{}?done=reason-saved#no-event", findings_path(project_id)));
    Ok(())
}
