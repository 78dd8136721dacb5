//! Organisations (citizen research groups, commissioning bodies, training providers),
//! the people in them and the role each person has there.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// The three kinds of organisation on CoResearch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgKind {
    ResearchGroup,
    Commissioner,
    TrainingProvider,
}

impl OrgKind {
    pub const ALL: [OrgKind; 3] = [OrgKind::ResearchGroup, OrgKind::Commissioner, OrgKind::TrainingProvider];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::ResearchGroup => "research_group",
            OrgKind::Commissioner => "commissioner",
            OrgKind::TrainingProvider => "training_provider",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::ResearchGroup => "Citizen research group",
            OrgKind::Commissioner => "Commissioning body",
            OrgKind::TrainingProvider => "Training provider",
        }
    }

    /// The roles a person can hold in this kind of organisation.
    pub fn roles(self) -> &'static [Role] {
        match self {
            OrgKind::ResearchGroup => &[Role::Member, Role::Coordinator],
            OrgKind::Commissioner => &[Role::Commissioner],
            OrgKind::TrainingProvider => &[Role::Trainer, Role::AcademicSupporter],
        }
    }

    /// In a research group the coordinators lead; elsewhere leadership is a separate flag.
    pub fn lead_is_a_role(self) -> bool {
        matches!(self, OrgKind::ResearchGroup)
    }
}

/// What a person does in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Member,
    Coordinator,
    Commissioner,
    Trainer,
    AcademicSupporter,
}

impl Role {
    pub const ALL: [Role; 5] =
        [Role::Member, Role::Coordinator, Role::Commissioner, Role::Trainer, Role::AcademicSupporter];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Coordinator => "coordinator",
            Role::Commissioner => "commissioner",
            Role::Trainer => "trainer",
            Role::AcademicSupporter => "academic_supporter",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Member => "Group member",
            Role::Coordinator => "Coordinator",
            Role::Commissioner => "Commissioner",
            Role::Trainer => "Trainer",
            Role::AcademicSupporter => "Academic supporter",
        }
    }

    pub fn fits(self, kind: OrgKind) -> bool {
        kind.roles().contains(&self)
    }
}

/// One of the signed-in person's memberships, as shown in the header and dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMembership {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub organisation_slug: String,
    pub kind: OrgKind,
    pub role: Role,
    pub is_lead: bool,
}

impl MyMembership {
    /// How the role reads to a person, e.g. "Trainer (lead)".
    pub fn role_label(&self) -> String {
        role_label(self.kind, self.role, self.is_lead)
    }
}

pub fn role_label(kind: OrgKind, role: Role, is_lead: bool) -> String {
    if is_lead && !kind.lead_is_a_role() {
        format!("{} (lead)", role.label())
    } else {
        role.label().to_string()
    }
}

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
    pub members: Vec<MemberRow>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_roles_round_trip_and_fit() {
        for kind in OrgKind::ALL {
            assert_eq!(OrgKind::parse(kind.as_str()), Some(kind));
            for role in kind.roles() {
                assert!(role.fits(kind));
            }
        }
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(!Role::Commissioner.fits(OrgKind::ResearchGroup));
        assert!(!Role::Member.fits(OrgKind::TrainingProvider));
        assert_eq!(OrgKind::parse("nonsense"), None);
    }

    #[test]
    fn lead_labels() {
        assert_eq!(role_label(OrgKind::TrainingProvider, Role::Trainer, true), "Trainer (lead)");
        assert_eq!(role_label(OrgKind::ResearchGroup, Role::Coordinator, true), "Coordinator");
        assert_eq!(role_label(OrgKind::Commissioner, Role::Commissioner, false), "Commissioner");
    }
}
