//! Server functions for studying a module: reading it, its knowledge check, and moving on.
//! Thin: find the caller, call the service, say where to go next.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;
#[cfg(feature = "ssr")]
use crate::training::api_support::*;
#[cfg(feature = "ssr")]
use super::service;

#[server(endpoint = "training-module")]
pub async fn module(cohort_id: i64, module_id: i64) -> Result<ModulePage, AppError> {
    let actor = signed_in()?;
    service::module_page(&app_state()?.db, &actor, cohort_id, module_id).await
}

#[server(endpoint = "training-mark-read")]
pub async fn mark_read(cohort_id: i64, module_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::mark_read(&app_state()?.db, &actor, cohort_id, module_id).await?;
    redirect(&format!("/training/cohorts/{cohort_id}/modules/{module_id}?done=read#check"));
    Ok(())
}

#[server(endpoint = "training-check")]
pub async fn submit_check(
    cohort_id: i64,
    module_id: i64,
    answers: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let answers = answers.unwrap_or_default();
    let (_, passed) = service::submit_check(&app_state()?.db, &actor, cohort_id, module_id, &answers).await?;
    let done = if passed { "passed" } else { "tryagain" };
    redirect(&format!("/training/cohorts/{cohort_id}/modules/{module_id}?done={done}#result"));
    Ok(())
}
