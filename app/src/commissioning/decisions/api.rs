//! Server functions for the commissioner's decisions: compare, shortlist, ask for
//! clarification (and the group's answer), award.

use leptos::prelude::*;

use crate::commissioning::DecisionsPage;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;
#[cfg(feature = "ssr")]
use crate::commissioning::decisions::{award, service};


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
    let project_id = award::award(&app_state()?, &actor, response_id, &feedback).await?;
    redirect(&format!("/projects/{project_id}?done=awarded"));
    Ok(())
}
