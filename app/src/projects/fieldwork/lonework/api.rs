//! Server functions for lone working: find the caller, call the service, say where to go
//! next. Places and phone numbers never go into an address.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::fieldwork::lonework::{LoneWorkingPage, LoneWorkingSummary};

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state, projects::fieldwork::lonework::service};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[server(endpoint = "project-lone-working")]
pub async fn load_lone_working(project_id: i64) -> Result<LoneWorkingPage, AppError> {
    let actor = signed_in()?;
    service::page(&app_state()?, &actor, project_id).await
}

#[server(endpoint = "project-lone-working-summary")]
pub async fn load_lone_working_summary(project_id: i64) -> Result<Option<LoneWorkingSummary>, AppError> {
    let actor = signed_in()?;
    service::summary(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "project-lone-working-check-in")]
pub async fn check_in(
    project_id: i64,
    place: String,
    phone: String,
    session_id: Option<String>,
    back_on: String,
    back_at: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = service::CheckInInput { place, phone, session_id: session_id.unwrap_or_default(), back_on, back_at };
    service::check_in(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("/projects/{project_id}/lone-working?done=in"));
    Ok(())
}

#[server(endpoint = "project-lone-working-check-out")]
pub async fn check_out(project_id: i64, check_in_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let done = match service::check_out(&app_state()?, &actor, project_id, check_in_id).await? {
        service::CheckOut::Safe => "out",
        service::CheckOut::SafeAfterAlert => "out-told",
        service::CheckOut::AlreadyOut => "already",
    };
    redirect(&format!("/projects/{project_id}/lone-working?done={done}"));
    Ok(())
}
