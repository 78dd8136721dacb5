//! Server functions for recruitment: find the caller, call the service, say where to go next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::recruitment::{RecruitmentPage, RecruitmentSummary};

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state, projects::recruitment::service};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[server(endpoint = "project-recruitment")]
pub async fn recruitment(project_id: i64, page: i64) -> Result<RecruitmentPage, AppError> {
    let actor = signed_in()?;
    service::recruitment_page(&app_state()?.db, &actor, project_id, crate::ui::pagination::PageNumber(page.max(1))).await
}

/// The progress counts for the project page (no identities).
#[server(endpoint = "project-recruitment-summary")]
pub async fn progress_summary(project_id: i64) -> Result<RecruitmentSummary, AppError> {
    let actor = signed_in()?;
    service::recruitment_summary(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "project-add-site")]
pub async fn add_site(
    project_id: i64,
    name: String,
    place_kind: String,
    approached_on: String,
    people_reached: String,
    notes: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = service::SiteInput { name, kind: place_kind, approached_on, people_reached, notes };
    service::add_site(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("/projects/{project_id}/recruitment?done=site#frame"));
    Ok(())
}

#[server(endpoint = "project-record-tally")]
pub async fn record_tally(
    project_id: i64,
    kind: Option<String>,
    people: String,
    site_id: Option<String>,
    reason: Option<String>,
    note: String,
    recorded_on: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = service::TallyInput {
        kind: kind.unwrap_or_default(),
        people,
        site_id: site_id.unwrap_or_default(),
        reason: reason.unwrap_or_default(),
        note,
        recorded_on,
    };
    service::record_tally(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("/projects/{project_id}/recruitment?done={}#counts", if input.kind == "declined" { "declined" } else { "invited" }));
    Ok(())
}
