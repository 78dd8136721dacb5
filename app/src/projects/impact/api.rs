//! Server functions for the tracker, impact records and peer outcomes: each finds the
//! caller, calls the service and says where to go next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::impact::{ImpactPage, RecommendationPage};

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::signed_in,
    platform::state::app_state,
    projects::impact::from_report,
    projects::impact::service::{self, AnswerInput, ImpactInput, OutcomeInput},
    validate::ticked,
};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[server(endpoint = "impact-page")]
pub async fn impact_tracker(project_id: i64) -> Result<ImpactPage, AppError> {
    let actor = signed_in()?;
    service::impact_page(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "impact-recommendation")]
pub async fn recommendation_with_timeline(project_id: i64, recommendation_id: i64) -> Result<RecommendationPage, AppError> {
    let actor = signed_in()?;
    service::recommendation_page(&app_state()?.db, &actor, project_id, recommendation_id).await
}

#[server(endpoint = "impact-add-recommendation")]
pub async fn add_recommendation(project_id: i64, body: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::add_recommendation(&app_state()?.db, &actor, project_id, &body).await?;
    redirect(&format!("/projects/{project_id}/impact?done=added#recommendations"));
    Ok(())
}

/// Takes the items listed in one section of the signed-off report as recommendations.
#[server(endpoint = "impact-take-from-report")]
pub async fn take_recommendations(project_id: i64, version: i64, section: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let section = section.trim().parse().unwrap_or(0);
    let taken = from_report::take_from_report(&app_state()?.db, &actor, project_id, version, section).await?;
    redirect(&format!("/projects/{project_id}/impact?done=taken&added={}&already={}#recommendations", taken.added, taken.already));
    Ok(())
}

#[server(endpoint = "impact-reword-recommendation")]
pub async fn reword_recommendation(project_id: i64, recommendation_id: i64, body: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::reword_recommendation(&app_state()?.db, &actor, project_id, recommendation_id, &body).await?;
    redirect(&format!("/projects/{project_id}/impact/{recommendation_id}?done=reworded"));
    Ok(())
}

#[server(endpoint = "impact-answer-recommendation")]
#[allow(clippy::too_many_arguments)]
pub async fn answer_recommendation(
    project_id: i64,
    recommendation_id: i64,
    response: String,
    action: String,
    owner: String,
    due_on: String,
    status: String,
    evidence: String,
    note: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = AnswerInput { response, action, owner, due_on, status, evidence, note };
    service::answer(&app_state()?, &actor, project_id, recommendation_id, &input).await?;
    redirect(&format!("/projects/{project_id}/impact/{recommendation_id}?done=answered#timeline"));
    Ok(())
}

#[server(endpoint = "impact-add-record")]
#[allow(clippy::too_many_arguments)]
pub async fn add_impact(
    project_id: i64,
    kind: String,
    summary: String,
    evidence: String,
    happened_on: String,
    statement: String,
    statement_by: String,
    statement_role: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = ImpactInput { kind, summary, evidence, happened_on, statement, statement_by, statement_role };
    service::add_impact(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("/projects/{project_id}/impact?done=impact#impacts"));
    Ok(())
}

#[server(endpoint = "impact-save-outcome")]
pub async fn save_outcome(project_id: i64, confidence: String, skills: String, roles: String, shared: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = OutcomeInput { confidence, skills, roles, shared: ticked(&shared) };
    service::save_outcome(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("/projects/{project_id}/impact?done=outcome#my-outcomes"));
    Ok(())
}
