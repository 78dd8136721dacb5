//! Server functions for recordings and transcripts (uploads and downloads are plain HTTP
//! routes): find the caller, call the store, say where to go next. Addresses carry ids only.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::fieldwork::files::{DataPage, FilePage, ParticipantFiles};

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::signed_in, platform::state::app_state, projects::fieldwork::files::{listing, store}, ui::pagination::PageNumber,
    validate::ticked,
};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[server(endpoint = "project-data")]
pub async fn project_data(project_id: i64, page: i64, participant: Option<i64>) -> Result<DataPage, AppError> {
    let actor = signed_in()?;
    listing::data_page(&app_state()?.db, &actor, project_id, PageNumber(page.max(1)), participant).await
}

#[server(endpoint = "project-data-file")]
pub async fn data_file(project_id: i64, file_id: i64) -> Result<FilePage, AppError> {
    let actor = signed_in()?;
    listing::file_page(&app_state()?.db, &actor, project_id, file_id).await
}

#[server(endpoint = "project-participant-files")]
pub async fn participant_data_files(project_id: i64, participant_id: i64) -> Result<ParticipantFiles, AppError> {
    let actor = signed_in()?;
    listing::participant_files(&app_state()?.db, &actor, project_id, participant_id).await
}

#[server(endpoint = "project-paste-transcript")]
pub async fn paste_transcript(
    project_id: i64,
    participant_id: String,
    session_id: Option<String>,
    retain_until: String,
    transcript: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = store::PasteInput { participant_id, session_id: session_id.unwrap_or_default(), retain_until, text: transcript };
    let id = store::paste(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("/projects/{project_id}/data/{id}?done=pasted"));
    Ok(())
}

#[server(endpoint = "project-data-retention")]
pub async fn change_retention(project_id: i64, file_id: i64, retain_until: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    store::change_retention(&app_state()?.db, &actor, project_id, file_id, &retain_until).await?;
    redirect(&format!("/projects/{project_id}/data/{file_id}?done=retention"));
    Ok(())
}

#[server(endpoint = "project-data-delete")]
pub async fn delete_file(project_id: i64, file_id: i64, confirm_delete: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    let deleted = store::delete(&app_state()?.db, &actor, project_id, file_id, ticked(&confirm_delete)).await?;
    redirect(&format!("/projects/{project_id}/data/{file_id}?done={}", if deleted { "deleted" } else { "already-deleted" }));
    Ok(())
}
