//! Server functions for places on a cohort: inviting trainees by e-mail, withdrawing invitations, accepting a place.
//! Thin: find the caller, call the service, say where to go next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;
#[cfg(feature = "ssr")]
use crate::training::api_support::*;
#[cfg(feature = "ssr")]
use super::service;

#[server(endpoint = "training-invite")]
pub async fn invite_trainees(cohort_id: i64, emails: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let n = service::invite_trainees(&app_state()?, &actor, &my_name(), cohort_id, &emails).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=invited&n={n}#people"));
    Ok(())
}

#[server(endpoint = "training-withdraw-invitation")]
pub async fn withdraw_cohort_invitation(invitation_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let cohort_id = service::withdraw_cohort_invitation(&app_state()?.db, &actor, invitation_id).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=withdrawn#people"));
    Ok(())
}

#[server(endpoint = "training-invitation")]
pub async fn cohort_invitation(token: String) -> Result<CohortInvitationView, AppError> {
    let me = current_user();
    service::cohort_invitation_view(&app_state()?.db, &token, me.as_ref()).await
}

#[server(endpoint = "training-accept")]
pub async fn accept_place(token: String, name: Option<String>, password: Option<String>) -> Result<(), AppError> {
    let state = app_state()?;
    if !session::within_limit(&crate::platform::rate_limit::INVITATION, &token).await? {
        return Err(crate::platform::rate_limit::Allowed::refusal(60));
    }
    let me = current_user();
    let (cohort_id, new_session) =
        service::accept_cohort_invitation(&state.db, &token, me.as_ref(), name.as_deref(), password.as_deref()).await?;
    if let Some(token) = new_session {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(http::header::SET_COOKIE, session::session_cookie(&state.config, &token));
        }
    }
    redirect(&format!("/training/cohorts/{cohort_id}?done=joined"));
    Ok(())
}
