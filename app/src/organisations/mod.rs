//! Organisations (citizen research groups, commissioning bodies, training providers),
//! the people in them and the role each person has there.

pub mod api;
#[cfg(feature = "ssr")]
pub mod joining;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::identity::{OrgKind, Role};
use crate::ui::pagination::Paged;

/// An organisation as listed to people who may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSummary {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub kind: OrgKind,
    pub member_count: i64,
}

/// An organisation's page: who is in it and what the viewer may do there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationPage {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub kind: OrgKind,
    pub description: String,
    /// One page of its people, leads first.
    pub members: Paged<MemberRow>,
    pub pending_invitations: Vec<InvitationRow>,
    /// The viewer may invite, change roles and remove members.
    pub can_manage: bool,
    /// The viewer's own membership id, if they are a member (for "leave").
    pub my_membership_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberRow {
    pub membership_id: i64,
    pub user_id: i64,
    pub name: String,
    /// Shown only to people who may manage the organisation.
    pub email: Option<String>,
    pub role: Role,
    pub is_lead: bool,
    pub joined_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub is_lead: bool,
    pub expires_on: String,
}

/// What someone holding an invitation link sees before accepting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub organisation_name: String,
    pub kind: OrgKind,
    pub role: Role,
    pub is_lead: bool,
    pub email: String,
    pub invited_by: Option<String>,
    /// Whether an account already uses the invited address (only told to the link holder).
    pub account_exists: bool,
    /// The signed-in person's e-mail address, if anyone is signed in.
    pub signed_in_as: Option<String>,
}

/// An invitation waiting for the signed-in person's address, shown on their dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingInvitation {
    pub organisation_name: String,
    /// The role offered, in words ("Member").
    pub role: String,
}
