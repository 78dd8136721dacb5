//! Server functions for the codebook and the analysis home page: find the caller, call the
//! service, say where to go next. Addresses carry ids only.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::analysis::codebook::{AnalysisHome, CodePage};

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::signed_in,
    platform::state::app_state,
    projects::analysis::codebook::service::{self, CodeInput},
    validate::ticked,
};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[server(endpoint = "analysis-home")]
pub async fn analysis_home_page(project_id: i64) -> Result<AnalysisHome, AppError> {
    let actor = signed_in()?;
    service::home(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "analysis-code")]
pub async fn analysis_code(project_id: i64, code_id: i64) -> Result<CodePage, AppError> {
    let actor = signed_in()?;
    service::code_page(&app_state()?.db, &actor, project_id, code_id).await
}

#[server(endpoint = "analysis-add-code")]
pub async fn add_code(project_id: i64, name: String, description: String, parent_id: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = CodeInput { name, description, parent_id: parent_id.unwrap_or_default() };
    service::add_code(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("/projects/{project_id}/analysis?done=code-added#codebook"));
    Ok(())
}

#[server(endpoint = "analysis-change-code")]
pub async fn change_code(project_id: i64, code_id: i64, name: String, description: String, parent_id: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = CodeInput { name, description, parent_id: parent_id.unwrap_or_default() };
    service::change_code(&app_state()?.db, &actor, project_id, code_id, &input).await?;
    redirect(&format!("/projects/{project_id}/analysis?done=code-changed#codebook"));
    Ok(())
}

#[server(endpoint = "analysis-remove-code")]
pub async fn remove_code(project_id: i64, code_id: i64, confirm_remove: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::remove_code(&app_state()?.db, &actor, project_id, code_id, ticked(&confirm_remove)).await?;
    redirect(&format!("/projects/{project_id}/analysis?done=code-removed#codebook"));
    Ok(())
}
