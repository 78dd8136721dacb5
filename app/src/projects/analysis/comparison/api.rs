//! The comparison's server function: two coders chosen by a plain GET form.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::analysis::comparison::ComparisonPage;

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state, projects::analysis::comparison::service};

#[server(endpoint = "analysis-compare")]
pub async fn analysis_compare(project_id: i64, a: Option<i64>, b: Option<i64>) -> Result<ComparisonPage, AppError> {
    let actor = signed_in()?;
    service::comparison_page(&app_state()?.db, &actor, project_id, a, b).await
}
