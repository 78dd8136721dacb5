//! Server functions for online consent: the researcher's "send the link" and the link's
//! state on the participant's page; the public page behind the link and the participant's
//! answer (no sign-in; counted by `platform::rate_limit::CONSENT_LINK`). Thin: find the
//! caller, call the service, say where to go next. The token is the only thing in a link.
// A form's fields are a server function's arguments.
#![allow(clippy::too_many_arguments)]

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::consent::online::{OnlineConsentForm, OnlineConsentPanel};

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::{self, signed_in},
    platform::rate_limit::{Allowed, CONSENT_LINK},
    platform::state::app_state,
    projects::consent::online::service,
    projects::consent::OptionalParts,
    validate::ticked as is_ticked,
};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[server(endpoint = "project-online-consent")]
pub async fn consent_link_state(project_id: i64, participant_id: i64) -> Result<OnlineConsentPanel, AppError> {
    let actor = signed_in()?;
    service::panel(&app_state()?.db, &actor, project_id, participant_id).await
}

#[server(endpoint = "project-send-consent-link")]
pub async fn send_consent_link(project_id: i64, participant_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::send_link(&app_state()?, &actor, project_id, participant_id).await?;
    redirect(&format!("/projects/{project_id}/participants/{participant_id}?done=link-sent#online-consent"));
    Ok(())
}

/// Counts a look at, or an answer on, the page behind a link.
#[cfg(feature = "ssr")]
async fn within_limit(token: &str) -> Result<(), AppError> {
    if session::within_limit(&CONSENT_LINK, token).await? {
        Ok(())
    } else {
        Err(Allowed::refusal(CONSENT_LINK.window_seconds / 60))
    }
}

#[server(endpoint = "online-consent-form")]
pub async fn consent_page_for_link(token: String) -> Result<OnlineConsentForm, AppError> {
    within_limit(&token).await?;
    service::consent_form(&app_state()?.db, &token).await
}

#[server(endpoint = "online-consent-give")]
pub async fn give_online_consent(
    token: String,
    document_id: i64,
    ticked: Option<BTreeMap<String, String>>,
    quotes: Option<String>,
    audio: Option<String>,
    recontact: Option<String>,
    full_name: String,
) -> Result<(), AppError> {
    within_limit(&token).await?;
    let input = service::OnlineConsentInput {
        document_id,
        ticked: ticked
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, v)| !v.is_empty() && v != "off")
            .filter_map(|(k, _)| k.parse::<usize>().ok())
            .collect(),
        parts: OptionalParts { quotes: is_ticked(&quotes), audio: is_ticked(&audio), recontact: is_ticked(&recontact) },
        full_name,
    };
    service::give_consent(&app_state()?.db, &token, &input).await?;
    redirect("/consent-given");
    Ok(())
}
