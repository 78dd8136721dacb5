//! Server functions for outputs and the public page: each finds the caller (none for the
//! public page), calls the service and says where to go next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::outputs::{OutputsPage, PublicProject};

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::signed_in,
    platform::state::app_state,
    projects::outputs::service::{self, OutputInput},
    validate::ticked,
};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[server(endpoint = "project-outputs")]
pub async fn project_outputs(project_id: i64) -> Result<OutputsPage, AppError> {
    let actor = signed_in()?;
    service::outputs_page(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "public-project")]
pub async fn public_project_page(project_id: i64) -> Result<PublicProject, AppError> {
    service::public_project(&app_state()?.db, project_id).await
}

#[server(endpoint = "add-output")]
pub async fn add_output(
    project_id: i64,
    kind: String,
    title: String,
    audience: String,
    produced_on: String,
    link: String,
    on_public_page: Option<String>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = OutputInput { kind, title, audience, produced_on, link, on_public_page: ticked(&on_public_page) };
    service::add_output(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("/projects/{project_id}/outputs?done=added"));
    Ok(())
}

#[server(endpoint = "remove-output")]
pub async fn remove_output(project_id: i64, output_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::remove_output(&app_state()?.db, &actor, project_id, output_id).await?;
    redirect(&format!("/projects/{project_id}/outputs?done=removed"));
    Ok(())
}

#[server(endpoint = "agree-public-page")]
pub async fn agree_public_page(project_id: i64, side: String, agree: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let agree = agree == "yes";
    service::set_agreement(&app_state()?.db, &actor, project_id, &side, agree).await?;
    redirect(&format!("/projects/{project_id}/outputs?done={}#public-page", if agree { "agreed" } else { "withdrawn" }));
    Ok(())
}
