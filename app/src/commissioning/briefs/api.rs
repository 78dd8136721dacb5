//! Server functions for briefs: thin wrappers that find the caller, call the service
//! (which asks authz), and redirect so every form works without JavaScript.
// A server function takes one argument per form field, and the browser-side stubs the
// macro writes do not carry attributes, so the lint is allowed for the whole file.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::commissioning::{BriefFilter, BriefList, BriefPage};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;
#[cfg(feature = "ssr")]
use crate::commissioning::{
    briefs::{listing, service::{self, BriefInput}},
    BriefStep,
};


#[server(endpoint = "briefs")]
pub async fn list_briefs(filter: BriefFilter) -> Result<BriefList, AppError> {
    let actor = signed_in()?;
    listing::list_briefs(&app_state()?.db, &actor, &filter).await
}

#[server(endpoint = "brief")]
pub async fn brief(brief_id: i64) -> Result<BriefPage, AppError> {
    let actor = signed_in()?;
    service::brief_page(&app_state()?.db, &actor, brief_id).await
}

#[server(endpoint = "brief-for-editing")]
pub async fn brief_for_editing(brief_id: i64) -> Result<BriefPage, AppError> {
    let actor = signed_in()?;
    service::brief_for_editing(&app_state()?.db, &actor, brief_id).await
}

/// The commissioning bodies the person may write briefs for: (id, name).
#[server(endpoint = "brief-bodies")]
pub async fn brief_bodies() -> Result<Vec<(i64, String)>, AppError> {
    let actor = signed_in()?;
    crate::authz::require(
        Some(&actor),
        crate::authz::Action::Commissioning(crate::authz::commissioning::CommissioningAction::BrowseBriefs),
    )?;
    let bodies: Vec<(i64, String)> = actor
        .memberships
        .iter()
        .filter(|m| {
            crate::authz::may(
                &actor,
                &crate::authz::Action::Commissioning(crate::authz::commissioning::CommissioningAction::DraftBrief {
                    organisation_id: m.organisation_id,
                }),
            )
        })
        .map(|m| (m.organisation_id, m.organisation_name.clone()))
        .collect();
    if bodies.is_empty() {
        return Err(AppError::NotAllowed);
    }
    Ok(bodies)
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "create-brief")]
pub async fn create_brief(
    organisation_id: i64,
    title: String,
    summary: String,
    background: String,
    questions: String,
    about_whom: String,
    methods: String,
    outputs: String,
    budget_min: String,
    budget_max: String,
    responses_due: String,
    start_date: String,
    report_due: String,
    contact_name: String,
    contact_email: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = BriefInput {
        title, summary, background, questions, about_whom, methods, outputs, budget_min, budget_max,
        responses_due, start_date, report_due, contact_name, contact_email,
    };
    let id = service::save_brief(&app_state()?.db, &actor, organisation_id, None, &input).await?;
    redirect(&format!("/briefs/{id}?done=drafted"));
    Ok(())
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "update-brief")]
pub async fn update_brief(
    brief_id: i64,
    title: String,
    summary: String,
    background: String,
    questions: String,
    about_whom: String,
    methods: String,
    outputs: String,
    budget_min: String,
    budget_max: String,
    responses_due: String,
    start_date: String,
    report_due: String,
    contact_name: String,
    contact_email: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = BriefInput {
        title, summary, background, questions, about_whom, methods, outputs, budget_min, budget_max,
        responses_due, start_date, report_due, contact_name, contact_email,
    };
    let id = service::save_brief(&app_state()?.db, &actor, 0, Some(brief_id), &input).await?;
    redirect(&format!("/briefs/{id}?done=saved"));
    Ok(())
}

#[server(endpoint = "publish-brief")]
pub async fn publish_brief(brief_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::brief_step(&app_state()?, &actor, brief_id, BriefStep::Publish).await?;
    redirect(&format!("/briefs/{brief_id}?done=published"));
    Ok(())
}

#[server(endpoint = "close-brief")]
pub async fn close_brief(brief_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::brief_step(&app_state()?, &actor, brief_id, BriefStep::Close).await?;
    redirect(&format!("/briefs/{brief_id}?done=closed"));
    Ok(())
}

#[server(endpoint = "withdraw-brief")]
pub async fn withdraw_brief(brief_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::brief_step(&app_state()?, &actor, brief_id, BriefStep::Withdraw).await?;
    redirect(&format!("/briefs/{brief_id}?done=withdrawn"));
    Ok(())
}
