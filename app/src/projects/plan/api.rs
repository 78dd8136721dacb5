//! Server functions for the plan page: find the caller, call the service, go back to the page.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::plan::PlanPage;

#[cfg(feature = "ssr")]
use crate::accounts::session::signed_in;
#[cfg(feature = "ssr")]
use crate::platform::state::app_state;
#[cfg(feature = "ssr")]
use crate::projects::plan::{invitations, milestones, review, service};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[cfg(feature = "ssr")]
fn back(project_id: i64, done: &str, anchor: &str) {
    redirect(&format!("/projects/{project_id}/plan?done={done}#{anchor}"));
}

/// The milestone is saved whatever happens to its invitations: a failure is only logged.
#[cfg(feature = "ssr")]
fn invite(sent: Result<usize, AppError>) {
    if let Err(error) = sent {
        tracing::error!(%error, "could not send the calendar invitations");
    }
}

#[server(endpoint = "project-plan")]
pub async fn project_plan(project_id: i64) -> Result<PlanPage, AppError> {
    let actor = signed_in()?;
    service::plan_page(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "save-questions")]
pub async fn save_questions(project_id: i64, questions: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::save_questions(&app_state()?.db, &actor, project_id, &questions).await?;
    back(project_id, "questions", "questions");
    Ok(())
}

#[server(endpoint = "agree-questions")]
pub async fn agree_questions(project_id: i64, version_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::agree_questions(&app_state()?.db, &actor, project_id, version_id).await?;
    back(project_id, "agreed", "questions");
    Ok(())
}

#[server(endpoint = "save-methods")]
pub async fn save_methods(project_id: i64, methods: String, inclusion: String, exclusion: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::save_methods(&app_state()?.db, &actor, project_id, &methods, &inclusion, &exclusion).await?;
    back(project_id, "methods", "methods");
    Ok(())
}

#[server(endpoint = "add-sampling-target")]
pub async fn add_sampling_target(project_id: i64, site: String, target: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::add_target(&app_state()?.db, &actor, project_id, &site, &target).await?;
    back(project_id, "target", "sampling");
    Ok(())
}

#[server(endpoint = "remove-sampling-target")]
pub async fn remove_sampling_target(project_id: i64, target_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::remove_target(&app_state()?.db, &actor, project_id, target_id).await?;
    back(project_id, "target-removed", "sampling");
    Ok(())
}

#[server(endpoint = "save-risk-plan")]
pub async fn save_risk_plan(project_id: i64, risk_plan: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::save_risk_plan(&app_state()?.db, &actor, project_id, &risk_plan).await?;
    back(project_id, "risk", "risk");
    Ok(())
}

#[server(endpoint = "save-data-plan")]
pub async fn save_data_plan(
    project_id: i64,
    data_collected: String,
    data_kept_where: String,
    data_who_sees: String,
    retain_until: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = service::DataPlanInput { collected: data_collected, kept_where: data_kept_where, who_sees: data_who_sees, retain_until };
    service::save_data_plan(&app_state()?.db, &actor, project_id, &input).await?;
    back(project_id, "data", "data");
    Ok(())
}

#[server(endpoint = "add-milestone")]
pub async fn add_milestone(project_id: i64, milestone_title: String, due_on: String, milestone_stage: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = milestones::MilestoneInput { title: milestone_title, due_on, stage: milestone_stage };
    let state = app_state()?;
    let id = milestones::add(&state.db, &actor, project_id, &input).await?;
    invite(invitations::milestone_saved(&state, project_id, id, None).await);
    back(project_id, "milestone", "plan-milestones");
    Ok(())
}

#[server(endpoint = "update-milestone")]
pub async fn update_milestone(
    project_id: i64,
    milestone_id: i64,
    milestone_title: String,
    due_on: String,
    milestone_stage: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = milestones::MilestoneInput { title: milestone_title, due_on, stage: milestone_stage };
    let state = app_state()?;
    let before = invitations::milestone_date(&state.db, project_id, milestone_id).await?;
    milestones::update(&state.db, &actor, project_id, milestone_id, &input).await?;
    invite(invitations::milestone_saved(&state, project_id, milestone_id, before.as_deref()).await);
    back(project_id, "milestone-changed", "plan-milestones");
    Ok(())
}

#[server(endpoint = "complete-milestone")]
pub async fn complete_milestone(project_id: i64, milestone_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    milestones::complete(&app_state()?.db, &actor, project_id, milestone_id).await?;
    back(project_id, "milestone-done", "plan-milestones");
    Ok(())
}

#[server(endpoint = "remove-milestone")]
pub async fn remove_milestone(project_id: i64, milestone_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    milestones::remove(&app_state()?.db, &actor, project_id, milestone_id).await?;
    back(project_id, "milestone-removed", "plan-milestones");
    Ok(())
}

#[server(endpoint = "comment-on-plan")]
pub async fn comment_on_plan(project_id: i64, comment: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    review::comment(&app_state()?.db, &actor, project_id, &comment).await?;
    back(project_id, "comment", "review");
    Ok(())
}

#[server(endpoint = "reply-on-plan")]
pub async fn reply_on_plan(project_id: i64, comment_id: i64, reply: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    review::reply(&app_state()?.db, &actor, project_id, comment_id, &reply).await?;
    back(project_id, "reply", "review");
    Ok(())
}

#[server(endpoint = "sign-off-plan")]
pub async fn sign_off_plan(project_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    review::sign_off(&app_state()?.db, &actor, project_id).await?;
    back(project_id, "signed-off", "review");
    Ok(())
}
