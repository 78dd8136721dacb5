//! Server functions for participants and consent: find the caller, call the service, say
//! where to go next. Names never go into a URL: pages are addressed by ids only.
// A form's fields are a server function's arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::consent::{ConsentPrint, ParticipantPage, ParticipantsPage};

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::signed_in,
    platform::state::app_state,
    projects::consent::{participants, records},
    ui::pagination::PageNumber,
    validate::ticked,
};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[server(endpoint = "project-participants")]
pub async fn participants_list(project_id: i64, page: i64) -> Result<ParticipantsPage, AppError> {
    let actor = signed_in()?;
    participants::participants_page(&app_state()?.db, &actor, project_id, PageNumber(page.max(1))).await
}

#[server(endpoint = "project-add-participant")]
pub async fn add_participant(
    project_id: i64,
    full_name: String,
    phone: String,
    email: String,
    address: String,
    contact_notes: String,
    site_id: Option<String>,
    joined_on: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = participants::ParticipantInput {
        full_name,
        phone,
        email,
        address,
        contact_notes,
        site_id: site_id.unwrap_or_default(),
        joined_on,
    };
    let (id, _) = participants::add_participant(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("/projects/{project_id}/participants/{id}?done=added"));
    Ok(())
}

#[server(endpoint = "project-update-identity")]
pub async fn update_identity(
    project_id: i64,
    participant_id: i64,
    full_name: String,
    phone: String,
    email: String,
    address: String,
    contact_notes: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = participants::ParticipantInput { full_name, phone, email, address, contact_notes, ..Default::default() };
    participants::update_identity(&app_state()?.db, &actor, project_id, participant_id, &input).await?;
    redirect(&format!("/projects/{project_id}/participants/{participant_id}?done=identity"));
    Ok(())
}

#[server(endpoint = "project-participant")]
pub async fn participant(project_id: i64, participant_id: i64) -> Result<ParticipantPage, AppError> {
    let actor = signed_in()?;
    records::participant_page(&app_state()?.db, &actor, project_id, participant_id).await
}

#[server(endpoint = "project-record-consent")]
pub async fn record_consent(
    project_id: i64,
    participant_id: i64,
    document_id: i64,
    consented_on: String,
    method: Option<String>,
    taken_by: String,
    quotes: Option<String>,
    audio: Option<String>,
    recontact: Option<String>,
    confirmed: Option<String>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = records::ConsentInput {
        document_id,
        consented_on,
        method: method.unwrap_or_default(),
        taken_by,
        quotes: ticked(&quotes),
        audio: ticked(&audio),
        recontact: ticked(&recontact),
        confirmed: ticked(&confirmed),
    };
    records::record_consent(&app_state()?.db, &actor, project_id, participant_id, &input).await?;
    redirect(&format!("/projects/{project_id}/participants/{participant_id}?done=consent#consent"));
    Ok(())
}

#[server(endpoint = "project-withdraw-participant")]
pub async fn withdraw_participant(project_id: i64, participant_id: i64, withdrawn_on: String, reason: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let done = match participants::withdraw(&app_state()?.db, &actor, project_id, participant_id, &withdrawn_on, &reason).await? {
        participants::Withdrawal::Recorded => "withdrawn",
        participants::Withdrawal::AlreadyWithdrawn(_) => "already",
    };
    redirect(&format!("/projects/{project_id}/participants/{participant_id}?done={done}"));
    Ok(())
}

#[server(endpoint = "project-undo-withdrawal")]
pub async fn undo_withdrawal(project_id: i64, participant_id: i64, undo_reason: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    participants::undo_withdrawal(&app_state()?.db, &actor, project_id, participant_id, &undo_reason).await?;
    redirect(&format!("/projects/{project_id}/participants/{participant_id}?done=reinstated"));
    Ok(())
}

#[server(endpoint = "project-consent-record")]
pub async fn consent_record(project_id: i64, participant_id: i64, consent_id: i64) -> Result<ConsentPrint, AppError> {
    let actor = signed_in()?;
    records::consent_print(&app_state()?.db, &actor, project_id, participant_id, consent_id).await
}
