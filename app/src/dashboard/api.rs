//! The dashboard's own server function: who the person is and what is waiting for them.

use leptos::prelude::*;

use crate::dashboard::DashboardData;
use crate::error::AppError;

#[server(endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardData, AppError> {
    let user = crate::accounts::session::require_user()?;
    let db = crate::platform::state::app_state()?.db;
    let invitations = crate::organisations::service::invitations_for(&db, &user.email).await?;
    Ok(DashboardData { name: user.name, is_admin: user.is_admin, memberships: user.memberships, invitations })
}
