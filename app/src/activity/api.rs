//! The activity report's server function: find the caller, build the report.

use leptos::prelude::*;

use crate::activity::ActivityReport;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state};

#[server(endpoint = "group-activity")]
pub async fn group_activity(slug: String, from: Option<String>, to: Option<String>) -> Result<ActivityReport, AppError> {
    let actor = signed_in()?;
    crate::activity::service::report(&app_state()?.db, &actor, &slug, from.as_deref(), to.as_deref()).await
}
