//! Who someone is on CoResearch: the signed-in person, the organisations they belong to
//! and the role they hold in each. Every feature reads these; this module imports none.

use serde::{Deserialize, Serialize};

pub mod team_role;
pub use team_role::TeamRole;

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

/// The signed-in person, with what they are in each organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub is_admin: bool,
    pub memberships: Vec<MyMembership>,
}

impl Actor {
    pub fn membership(&self, organisation_id: i64) -> Option<&MyMembership> {
        self.memberships.iter().find(|m| m.organisation_id == organisation_id)
    }

    pub fn is_member(&self, organisation_id: i64) -> bool {
        self.membership(organisation_id).is_some()
    }

    /// Coordinators of a group, and leads of other organisations, manage its people.
    pub fn leads(&self, organisation_id: i64) -> bool {
        self.membership(organisation_id).is_some_and(|m| m.is_lead || m.role == Role::Coordinator)
    }

    pub fn belongs_to_kind(&self, kind: OrgKind) -> bool {
        self.memberships.iter().any(|m| m.kind == kind)
    }
}

/// The signed-in person as their own browser sees them (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    pub large_text: bool,
    pub high_contrast: bool,
    pub memberships: Vec<MyMembership>,
}

impl CurrentUser {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.id,
            is_admin: self.is_admin,
            memberships: self.memberships.clone(),
        }
    }

    /// Classes on `<html>` that apply the person's display choices on every page.
    pub fn preference_classes(&self) -> String {
        preference_classes(self.large_text, self.high_contrast)
    }

    pub fn belongs_to_kind(&self, kind: OrgKind) -> bool {
        self.memberships.iter().any(|m| m.kind == kind)
    }
}

pub fn preference_classes(large_text: bool, high_contrast: bool) -> String {
    let mut classes = Vec::new();
    if large_text {
        classes.push("pref-large-text");
    }
    if high_contrast {
        classes.push("pref-high-contrast");
    }
    classes.join(" ")
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

    #[test]
    fn preferences_become_classes() {
        assert_eq!(preference_classes(false, false), "");
        assert_eq!(preference_classes(true, true), "pref-large-text pref-high-contrast");
    }
}
