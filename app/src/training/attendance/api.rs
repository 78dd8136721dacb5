//! Server functions for sessions and attendance: adding sessions, marking who came, sending apologies.
//! Thin: find the caller, call the service, say where to go next.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;
#[cfg(feature = "ssr")]
use crate::training::api_support::*;
#[cfg(feature = "ssr")]
use super::service;

#[server(endpoint = "training-add-session")]
pub async fn add_session(
    cohort_id: i64,
    on_date: String,
    at_time: String,
    place: String,
    online: Option<String>,
    covers: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let online = crate::validate::ticked(&online);
    service::add_session(&app_state()?.db, &actor, cohort_id, &on_date, &at_time, &place, online, &ticked_ids(&covers))
        .await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=session#sessions"));
    Ok(())
}

#[server(endpoint = "training-session")]
pub async fn attendance_sheet(session_id: i64) -> Result<SessionPage, AppError> {
    let actor = signed_in()?;
    service::session_page(&app_state()?.db, &actor, session_id).await
}

#[server(endpoint = "training-attendance")]
pub async fn mark_attendance(session_id: i64, marks: Option<HashMap<String, String>>) -> Result<(), AppError> {
    let actor = signed_in()?;
    let cohort_id = service::mark_attendance(&app_state()?.db, &actor, session_id, &marks.unwrap_or_default()).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=attendance#sessions"));
    Ok(())
}

#[server(endpoint = "training-apologies")]
pub async fn send_apologies(session_id: i64, note: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let cohort_id = service::send_apologies(&app_state()?.db, &actor, session_id, &note).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=apologies#sessions"));
    Ok(())
}
