//! Server functions for the tracking page (/briefs/mine) and the group's e-mail choice.

use leptos::prelude::*;

use crate::commissioning::Tracking;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;
#[cfg(feature = "ssr")]
use crate::commissioning::tracking::service;
#[cfg(feature = "ssr")]
use crate::{identity::Actor, platform::db::Db, ui::pagination::PageNumber};


/// One page of the person's briefs, responses and commissions (`page` counts from 1).
#[server(endpoint = "brief-tracking")]
pub async fn my_briefs(page: i64) -> Result<Tracking, AppError> {
    let actor = signed_in()?;
    tracking_with_commissions(&app_state()?.db, &actor, PageNumber(page.clamp(1, 1_000_000))).await
}

/// The tracking page with each group's commissions. Commissions are projects, so they are
/// asked of projects here, where the two features meet (commissioning's service does not
/// reach into projects').
#[cfg(feature = "ssr")]
pub async fn tracking_with_commissions(db: &Db, actor: &Actor, page: PageNumber) -> Result<Tracking, AppError> {
    let mut tracking = service::tracking(db, actor, page).await?;
    for group in &mut tracking.groups {
        group.projects = crate::projects::service::projects_of_group(db, group.organisation_id, page).await?;
    }
    Ok(tracking)
}

#[server(endpoint = "brief-alerts")]
pub async fn set_brief_alerts(group_id: i64, alerts: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::set_alerts(&app_state()?.db, &actor, group_id, alerts == "on").await?;
    redirect("/briefs/mine?done=alerts");
    Ok(())
}
