//! Server functions for a group's response: start, save, send, withdraw, comment.
// A server function takes one argument per form field, and the browser-side stubs the
// macro writes do not carry attributes, so the lint is allowed for the whole file.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::commissioning::ResponsePage;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;
#[cfg(feature = "ssr")]
use crate::commissioning::{
    records::load_response,
    responses::service::{self, ResponseInput},
};


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
    let brief_id = load_response(&db, response_id).await?.brief_id;
    redirect(&format!("/briefs/{brief_id}/responses/{response_id}?done=saved"));
    Ok(())
}

#[server(endpoint = "submit-response")]
pub async fn submit_response(response_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let state = app_state()?;
    service::submit_response(&state, &actor, response_id).await?;
    let brief_id = load_response(&state.db, response_id).await?.brief_id;
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
    let brief_id = load_response(&db, response_id).await?.brief_id;
    redirect(&format!("/briefs/{brief_id}/responses/{response_id}?done=commented#comments"));
    Ok(())
}
