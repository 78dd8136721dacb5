//! Each person's dashboard: their organisations and roles, invitations waiting for
//! them, what to do next when there is nothing yet, and each feature's panel. The one
//! module that brings many features together.

pub mod api;
pub mod pages;
pub mod panels;

use serde::{Deserialize, Serialize};

use crate::identity::MyMembership;
use crate::organisations::WaitingInvitation;
use crate::projects::fieldwork::sessions::DebriefsForSupporter;

pub use pages::DashboardPage;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardData {
    pub name: String,
    pub is_admin: bool,
    pub memberships: Vec<MyMembership>,
    /// Invitations sent to this person's address.
    pub invitations: Vec<WaitingInvitation>,
    /// Debriefs researchers shared with this person as their supporter: asked only for
    /// people who may be a project's academic supporter (`Panels::debriefs`).
    pub debriefs: Option<DebriefsForSupporter>,
}
