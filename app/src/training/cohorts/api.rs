//! Server functions for a cohort: starting one, its page for trainers and trainees, its completion rule and trainers.
//! Thin: find the caller, call the service, say where to go next.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;
#[cfg(feature = "ssr")]
use crate::training::api_support::*;
#[cfg(feature = "ssr")]
use super::service;

#[server(endpoint = "training-create-cohort")]
pub async fn create_cohort(
    course_id: i64,
    name: String,
    starts_on: String,
    ends_on: String,
    capacity: String,
    location: String,
    min_attendance: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let id = service::create_cohort(
        &app_state()?.db,
        &actor,
        course_id,
        &name,
        &starts_on,
        &ends_on,
        &capacity,
        &location,
        &min_attendance,
    )
    .await?;
    redirect(&format!("/training/cohorts/{id}?done=created"));
    Ok(())
}

#[server(endpoint = "training-cohort")]
pub async fn cohort(cohort_id: i64) -> Result<CohortPage, AppError> {
    let actor = signed_in()?;
    service::cohort_page(&app_state()?.db, &actor, cohort_id).await
}

#[server(endpoint = "training-completion-rule")]
pub async fn set_completion_rule(
    cohort_id: i64,
    min_attendance: String,
    required: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::set_completion_rule(&app_state()?.db, &actor, cohort_id, &min_attendance, &ticked_ids(&required)).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=rule"));
    Ok(())
}

#[server(endpoint = "training-add-trainer")]
pub async fn add_cohort_trainer(cohort_id: i64, trainer_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::add_cohort_trainer(&app_state()?.db, &actor, cohort_id, trainer_id).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=trainer"));
    Ok(())
}
