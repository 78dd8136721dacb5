//! Server functions for projects.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::{ProjectPage, ProjectSummary};

#[cfg(feature = "ssr")]
use crate::{accounts::session::actor, platform::state::app_state, projects::service};

#[server(endpoint = "projects")]
pub async fn list_projects() -> Result<Vec<ProjectSummary>, AppError> {
    let actor = actor().ok_or(AppError::NotSignedIn)?;
    service::list_projects(&app_state()?.db, &actor).await
}

#[server(endpoint = "project")]
pub async fn project(project_id: i64) -> Result<ProjectPage, AppError> {
    let actor = actor().ok_or(AppError::NotSignedIn)?;
    service::project_page(&app_state()?.db, &actor, project_id).await
}
