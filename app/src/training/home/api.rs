//! Server functions for the training home: what someone studies, the cohorts they run, the courses they teach.
//! Thin: find the caller, call the service, say where to go next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;
#[cfg(feature = "ssr")]
use crate::training::api_support::*;
#[cfg(feature = "ssr")]
use super::service;

#[server(endpoint = "training-home")]
pub async fn training_overview(page: Option<String>) -> Result<TrainingHome, AppError> {
    let actor = signed_in()?;
    service::training_home(&app_state()?.db, &actor, crate::ui::pagination::PageNumber::parse(page.as_deref())).await
}
