//! Server functions for gates: the overview, signing and passing.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::gates::GateOverview;

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state, projects::gates::service};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[server(endpoint = "project-gates")]
pub async fn project_gates(project_id: i64) -> Result<GateOverview, AppError> {
    let actor = signed_in()?;
    service::overview(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "sign-gate")]
pub async fn sign_gate(project_id: i64, from_stage: String, signed_as: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::sign(&app_state()?.db, &actor, project_id, &from_stage, &signed_as).await?;
    redirect(&format!("/projects/{project_id}?done=signed#gate"));
    Ok(())
}

#[server(endpoint = "pass-gate")]
pub async fn pass_gate(project_id: i64, from_stage: String, note: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::pass(&app_state()?, &actor, project_id, &from_stage, &note).await?;
    redirect(&format!("/projects/{project_id}?done=passed#timeline"));
    Ok(())
}
