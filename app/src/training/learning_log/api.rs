//! Server functions for the learning log: trainees' reflections and their trainers' feedback.
//! Thin: find the caller, call the service, say where to go next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;
#[cfg(feature = "ssr")]
use crate::training::api_support::*;
#[cfg(feature = "ssr")]
use super::service;

#[server(endpoint = "training-reflect")]
pub async fn write_reflection(
    cohort_id: i64,
    module_id: i64,
    body: String,
    shared: Option<String>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let shared = crate::validate::ticked(&shared);
    service::write_reflection(&app_state()?.db, &actor, cohort_id, module_id, &body, shared).await?;
    redirect(&format!("/training/cohorts/{cohort_id}/modules/{module_id}?done=reflected#log"));
    Ok(())
}

#[server(endpoint = "training-reflection")]
pub async fn reflection(reflection_id: i64) -> Result<ReflectionPage, AppError> {
    let actor = signed_in()?;
    service::reflection_page(&app_state()?.db, &actor, reflection_id).await
}

#[server(endpoint = "training-reply")]
pub async fn reply_to_reflection(reflection_id: i64, body: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::reply_to_reflection(&app_state()?.db, &actor, reflection_id, &body).await?;
    redirect(&format!("/training/reflections/{reflection_id}?done=replied"));
    Ok(())
}
