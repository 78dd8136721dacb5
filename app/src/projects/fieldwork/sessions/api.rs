//! Server functions for fieldwork sessions and debriefs: find the caller, call the service,
//! say where to go next. Addresses carry ids only; notes and debriefs never travel in one.
// A form's fields are a server function's arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::fieldwork::sessions::{DebriefPage, FieldworkPage, PackPage, SessionPage};

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::signed_in,
    platform::state::app_state,
    projects::fieldwork::sessions::{debriefs, pack, roster, service as sessions},
    ui::pagination::PageNumber,
    validate::ticked,
};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[cfg(feature = "ssr")]
fn session_path(project_id: i64, session_id: i64) -> String {
    format!("/projects/{project_id}/fieldwork/{session_id}")
}

#[server(endpoint = "fieldwork-sessions")]
pub async fn fieldwork_sessions(project_id: i64, page: i64) -> Result<FieldworkPage, AppError> {
    let actor = signed_in()?;
    sessions::fieldwork_page(&app_state()?.db, &actor, project_id, PageNumber(page.max(1))).await
}

/// The researchers present come as `researchers[0]`, `researchers[1]`, ... (one tick box
/// each; a form posts only the ticked ones).
#[server(endpoint = "fieldwork-plan-session")]
pub async fn plan_session(
    project_id: i64,
    kind: Option<String>,
    held_on: String,
    starts_at: String,
    venue: String,
    step_free: Option<String>,
    near_transport: Option<String>,
    hearing_loop: Option<String>,
    researchers: Option<Vec<String>>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = sessions::PlanInput {
        kind: kind.unwrap_or_default(),
        held_on,
        starts_at,
        venue,
        step_free: ticked(&step_free),
        near_transport: ticked(&near_transport),
        hearing_loop: ticked(&hearing_loop),
        researchers: researchers.unwrap_or_default(),
    };
    let id = sessions::plan_session(&app_state()?, &actor, project_id, &input).await?;
    redirect(&format!("{}?done=planned", session_path(project_id, id)));
    Ok(())
}

#[server(endpoint = "fieldwork-session")]
pub async fn fieldwork_session(project_id: i64, session_id: i64) -> Result<SessionPage, AppError> {
    let actor = signed_in()?;
    sessions::session_page(&app_state()?.db, &actor, project_id, session_id).await
}

#[server(endpoint = "fieldwork-add-participant")]
pub async fn add_session_participant(project_id: i64, session_id: i64, participant_id: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    roster::add_participant(&app_state()?.db, &actor, project_id, session_id, &participant_id).await?;
    redirect(&format!("{}?done=participant#participants", session_path(project_id, session_id)));
    Ok(())
}

#[server(endpoint = "fieldwork-remove-participant")]
pub async fn remove_session_participant(project_id: i64, session_id: i64, participant_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    roster::remove_participant(&app_state()?.db, &actor, project_id, session_id, participant_id).await?;
    redirect(&format!("{}?done=removed#participants", session_path(project_id, session_id)));
    Ok(())
}

#[server(endpoint = "fieldwork-mark-held")]
pub async fn mark_session_held(project_id: i64, session_id: i64, duration_minutes: String, notes: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    sessions::mark_held(&app_state()?.db, &actor, project_id, session_id, &duration_minutes, &notes).await?;
    redirect(&format!("{}?done=held", session_path(project_id, session_id)));
    Ok(())
}

/// A held session's length and notes, corrected (an unchanged save says so).
#[server(endpoint = "fieldwork-correct-notes")]
pub async fn correct_session_notes(project_id: i64, session_id: i64, duration_minutes: String, notes: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let changed = sessions::correct_notes(&app_state()?.db, &actor, project_id, session_id, &duration_minutes, &notes).await?;
    let done = if changed { "corrected" } else { "unchanged" };
    redirect(&format!("{}?done={done}#notes", session_path(project_id, session_id)));
    Ok(())
}

#[server(endpoint = "fieldwork-cancel-session")]
pub async fn cancel_session(project_id: i64, session_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    sessions::cancel(&app_state()?.db, &actor, project_id, session_id).await?;
    redirect(&format!("{}?done=cancelled", session_path(project_id, session_id)));
    Ok(())
}

#[server(endpoint = "fieldwork-save-debrief")]
pub async fn save_debrief(
    project_id: i64,
    session_id: i64,
    feeling: Option<String>,
    upsetting: String,
    wants_support: Option<String>,
    supporter_id: Option<String>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = debriefs::DebriefInput {
        feeling: feeling.unwrap_or_default(),
        upsetting,
        wants_support: wants_support.unwrap_or_default(),
        supporter_id: supporter_id.unwrap_or_default(),
    };
    debriefs::save_debrief(&app_state()?, &actor, project_id, session_id, &input).await?;
    redirect(&format!("{}?done=debrief#debrief", session_path(project_id, session_id)));
    Ok(())
}

#[server(endpoint = "fieldwork-debrief")]
pub async fn fieldwork_debrief(project_id: i64, session_id: i64, debrief_id: i64) -> Result<DebriefPage, AppError> {
    let actor = signed_in()?;
    debriefs::debrief_page(&app_state()?.db, &actor, project_id, session_id, debrief_id).await
}

#[server(endpoint = "fieldwork-pack")]
pub async fn fieldwork_pack(project_id: i64, session_id: i64) -> Result<PackPage, AppError> {
    let actor = signed_in()?;
    pack::pack_page(&app_state()?.db, &actor, project_id, session_id).await
}
