//! Server functions for the team page: find the caller, call the service, go back to the page.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::team::TeamPage;

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state, projects::team::service};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[cfg(feature = "ssr")]
fn back(project_id: i64, done: &str, anchor: &str) {
    redirect(&format!("/projects/{project_id}/team?done={done}#{anchor}"));
}

#[server(endpoint = "project-team")]
pub async fn project_team(project_id: i64) -> Result<TeamPage, AppError> {
    let actor = signed_in()?;
    service::team_page(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "add-team-member")]
pub async fn add_team_member(project_id: i64, user_id: String, role: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::add_member(&app_state()?.db, &actor, project_id, &user_id, &role).await?;
    back(project_id, "added", "members");
    Ok(())
}

#[server(endpoint = "change-team-role")]
pub async fn change_team_role(project_id: i64, user_id: i64, role: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::change_role(&app_state()?.db, &actor, project_id, user_id, &role).await?;
    back(project_id, "changed", "members");
    Ok(())
}

#[server(endpoint = "remove-team-member")]
pub async fn remove_team_member(project_id: i64, user_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::remove_member(&app_state()?.db, &actor, project_id, user_id).await?;
    back(project_id, "removed", "members");
    Ok(())
}

/// One tick box per practitioner role (a form posts only the ticked ones).
#[server(endpoint = "save-supporter")]
#[allow(clippy::too_many_arguments)]
pub async fn save_supporter(
    project_id: i64,
    supporter_id: String,
    role_resource_builder: Option<String>,
    role_capacity_builder: Option<String>,
    role_facilitator: Option<String>,
    role_bridge_builder: Option<String>,
    role_co_educator: Option<String>,
    agreement: String,
    review_on: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let ticked = [
        ("resource_builder", role_resource_builder),
        ("capacity_builder", role_capacity_builder),
        ("facilitator", role_facilitator),
        ("bridge_builder", role_bridge_builder),
        ("co_educator", role_co_educator),
    ];
    let input = service::SupporterInput {
        user_id: supporter_id,
        roles: ticked.into_iter().filter(|(_, v)| crate::validate::ticked(v)).map(|(r, _)| r.to_string()).collect(),
        agreement,
        review_on,
    };
    service::save_supporter(&app_state()?.db, &actor, project_id, &input).await?;
    back(project_id, "supporter", "supporters");
    Ok(())
}

#[server(endpoint = "set-involvement")]
pub async fn set_involvement(project_id: i64, involvement: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::set_involvement(&app_state()?.db, &actor, project_id, involvement.as_deref().unwrap_or_default()).await?;
    back(project_id, "involvement", "involvement");
    Ok(())
}

#[server(endpoint = "add-advisor")]
pub async fn add_advisor(project_id: i64, advisor_name: String, affiliation: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::add_advisor(&app_state()?.db, &actor, project_id, &advisor_name, &affiliation).await?;
    back(project_id, "advisor", "advisory");
    Ok(())
}

#[server(endpoint = "remove-advisor")]
pub async fn remove_advisor(project_id: i64, advisor_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::remove_advisor(&app_state()?.db, &actor, project_id, advisor_id).await?;
    back(project_id, "advisor-removed", "advisory");
    Ok(())
}

#[server(endpoint = "add-advisory-meeting")]
pub async fn add_advisory_meeting(project_id: i64, meets_on: String, meeting_note: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let state = app_state()?;
    let id = service::add_meeting(&state.db, &actor, project_id, &meets_on, &meeting_note).await?;
    // The meeting is saved whatever happens to its invitations: a failure is only logged.
    if let Err(error) = crate::projects::plan::invitations::meeting_added(&state, project_id, id).await {
        tracing::error!(%error, "could not send the calendar invitations");
    }
    back(project_id, "meeting", "advisory");
    Ok(())
}

#[server(endpoint = "remove-advisory-meeting")]
pub async fn remove_advisory_meeting(project_id: i64, meeting_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::remove_meeting(&app_state()?.db, &actor, project_id, meeting_id).await?;
    back(project_id, "meeting-removed", "advisory");
    Ok(())
}
