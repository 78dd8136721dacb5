//! Server functions for projects.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::{ProjectPage, ProjectSummary};
use crate::ui::pagination::Paged;

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state, projects::service, ui::pagination::PageNumber};

/// One page of the projects the person may see (`page` counts from 1).
#[server(endpoint = "projects")]
pub async fn list_projects(page: i64) -> Result<Paged<ProjectSummary>, AppError> {
    let actor = signed_in()?;
    service::list_projects(&app_state()?.db, &actor, PageNumber(page.max(1))).await
}

#[server(endpoint = "project")]
pub async fn project(project_id: i64) -> Result<ProjectPage, AppError> {
    let actor = signed_in()?;
    service::project_page(&app_state()?.db, &actor, project_id).await
}
