//! Server functions for commissioning: thin wrappers that find the caller, call the
//! service (which asks authz), and redirect so every form works without JavaScript.

use leptos::prelude::*;

use crate::commissioning::{BriefFilter, BriefList, BriefPage, DecisionsPage, ResponsePage, Tracking};
use crate::error::AppError;

#[cfg(feature = "ssr")]
mod server {
    pub use crate::commissioning::service::{self, BriefInput, ResponseInput};
    pub use crate::commissioning::BriefStep;
    pub use crate::accounts::session::signed_in;
    pub use crate::platform::state::app_state;
    pub use leptos_axum::redirect;
}
#[cfg(feature = "ssr")]
use server::*;

#[server(endpoint = "briefs")]
pub async fn list_briefs(filter: BriefFilter) -> Result<BriefList, AppError> {
    let actor = signed_in()?;
    service::list_briefs(&app_state()?.db, &actor, &filter).await
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

#[server(endpoint = "ask-question")]
pub async fn ask_question(brief_id: i64, question: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::ask_question(&app_state()?, &actor, brief_id, &question).await?;
    redirect(&format!("/briefs/{brief_id}?done=asked#questions"));
    Ok(())
}

#[server(endpoint = "answer-question")]
pub async fn answer_question(question_id: i64, answer: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let brief_id = service::answer_question(&app_state()?, &actor, question_id, &answer).await?;
    redirect(&format!("/briefs/{brief_id}?done=answered#questions"));
    Ok(())
}

#[server(endpoint = "start-response")]
pub async fn start_response(brief_id: i64, group_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let id = service::start_response(&app_state()?.db, &actor, brief_id, group_id).await?;
    redirect(&format!("/briefs/{brief_id}/responses/{id}"));
    Ok(())
}

#[server(endpoint = "brief-response")]
pub async fn response(response_id: i64) -> Result<ResponsePage, AppError> {
    let actor = signed_in()?;
    service::response_page(&app_state()?.db, &actor, response_id).await
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "save-response")]
pub async fn save_response(
    response_id: i64,
    approach: String,
    lived_experience: String,
    team: String,
    timeline: String,
    ethics_route: String,
    peer_hours: String,
    peer_rate: String,
    expenses: String,
    academic: String,
    other: String,
    other_note: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = ResponseInput {
        approach, lived_experience, team, timeline, ethics_route, peer_hours, peer_rate, expenses, academic, other, other_note,
    };
    let db = app_state()?.db;
    service::save_response(&db, &actor, response_id, &input).await?;
    let brief_id = service::load_response(&db, response_id).await?.brief_id;
    redirect(&format!("/briefs/{brief_id}/responses/{response_id}?done=saved"));
    Ok(())
}

#[server(endpoint = "submit-response")]
pub async fn submit_response(response_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let state = app_state()?;
    service::submit_response(&state, &actor, response_id).await?;
    let brief_id = service::load_response(&state.db, response_id).await?.brief_id;
    redirect(&format!("/briefs/{brief_id}/responses/{response_id}?done=submitted"));
    Ok(())
}

#[server(endpoint = "withdraw-response")]
pub async fn withdraw_response(response_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let brief_id = service::withdraw_response(&app_state()?.db, &actor, response_id).await?;
    redirect(&format!("/briefs/{brief_id}/responses/{response_id}?done=withdrawn"));
    Ok(())
}

#[server(endpoint = "comment-on-response")]
pub async fn comment_on_response(response_id: i64, comment: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let db = app_state()?.db;
    service::comment_on_response(&db, &actor, response_id, &comment).await?;
    let brief_id = service::load_response(&db, response_id).await?.brief_id;
    redirect(&format!("/briefs/{brief_id}/responses/{response_id}?done=commented#comments"));
    Ok(())
}

#[server(endpoint = "brief-decisions")]
pub async fn decisions(brief_id: i64) -> Result<DecisionsPage, AppError> {
    let actor = signed_in()?;
    service::decisions_page(&app_state()?.db, &actor, brief_id).await
}

#[server(endpoint = "shortlist-response")]
pub async fn shortlist_response(response_id: i64, shortlist: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let brief_id = service::set_shortlisted(&app_state()?.db, &actor, response_id, shortlist == "on").await?;
    redirect(&format!("/briefs/{brief_id}/decisions?done=shortlist"));
    Ok(())
}

#[server(endpoint = "ask-clarification")]
pub async fn ask_clarification(response_id: i64, clarification: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let brief_id = service::ask_clarification(&app_state()?, &actor, response_id, &clarification).await?;
    redirect(&format!("/briefs/{brief_id}/decisions?done=clarification"));
    Ok(())
}

#[server(endpoint = "answer-clarification")]
pub async fn answer_clarification(clarification_id: i64, clarification_answer: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let (brief_id, response_id) =
        service::answer_clarification(&app_state()?, &actor, clarification_id, &clarification_answer).await?;
    redirect(&format!("/briefs/{brief_id}/responses/{response_id}?done=clarified"));
    Ok(())
}

#[server(endpoint = "award-brief")]
pub async fn award_brief(response_id: i64, feedback: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let project_id = service::award(&app_state()?, &actor, response_id, &feedback).await?;
    redirect(&format!("/projects/{project_id}?done=awarded"));
    Ok(())
}

#[server(endpoint = "brief-tracking")]
pub async fn my_briefs() -> Result<Tracking, AppError> {
    let actor = signed_in()?;
    service::tracking(&app_state()?.db, &actor).await
}

#[server(endpoint = "brief-alerts")]
pub async fn set_brief_alerts(group_id: i64, alerts: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::set_alerts(&app_state()?.db, &actor, group_id, alerts == "on").await?;
    redirect("/briefs/mine?done=alerts");
    Ok(())
}

#[server(endpoint = "remove-attachment")]
pub async fn remove_attachment(attachment_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let db = app_state()?.db;
    let response_id = crate::commissioning::attachments::remove(&db, &actor, attachment_id).await?;
    let brief_id = service::load_response(&db, response_id).await?.brief_id;
    redirect(&format!("/briefs/{brief_id}/responses/{response_id}?done=removed#attachments"));
    Ok(())
}
