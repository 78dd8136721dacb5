//! The dashboard's own server function: who the person is and what is waiting for them.

use leptos::prelude::*;

use crate::dashboard::DashboardData;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::projects::fieldwork::sessions::debriefs;

#[server(endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardData, AppError> {
    let user = crate::accounts::session::require_user()?;
    let db = crate::platform::state::app_state()?.db;
    let invitations = crate::organisations::service::invitations_for(&db, &user.email).await?;
    // Debriefs shared with a supporter: one query for the list and one for the count, made
    // only for people who may be on a project's team as its academic supporter.
    let debriefs = if crate::dashboard::panels::Panels::for_person(&user.memberships).debriefs {
        let actor = user.actor();
        Some(debriefs::shared_with_me_everywhere(&db, &actor, debriefs::ON_DASHBOARD).await?)
    } else {
        None
    };
    Ok(DashboardData { name: user.name, is_admin: user.is_admin, memberships: user.memberships, invitations, debriefs })
}
