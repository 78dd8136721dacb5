//! Which features' panels a person's dashboard shows: only those of features they have
//! a part in, so nobody's dashboard asks for what they may not see.

use serde::{Deserialize, Serialize};

use crate::identity::{MyMembership, OrgKind, Role};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Panels {
    pub training: bool,
    pub briefs: bool,
    pub projects: bool,
    /// Debriefs shared with a supporter (part of the dashboard's own data, not a request).
    pub debriefs: bool,
}

impl Panels {
    /// A signed-in person's panels. Anyone may be a trainee, so training is always
    /// asked; briefs and projects are for research groups and commissioners (the rule
    /// for browsing briefs). Debriefs shared with a supporter are for academic supporters
    /// and trainers of a training provider: the only people a project takes on its team as
    /// its academic supporter (`projects::team`).
    pub fn for_person(memberships: &[MyMembership]) -> Self {
        let in_kind = |kind| memberships.iter().any(|m| m.kind == kind);
        let commissioning = in_kind(OrgKind::ResearchGroup) || in_kind(OrgKind::Commissioner);
        let supporting = memberships
            .iter()
            .any(|m| m.kind == OrgKind::TrainingProvider && matches!(m.role, Role::AcademicSupporter | Role::Trainer));
        Panels { training: true, briefs: commissioning, projects: commissioning, debriefs: supporting }
    }

    /// Worked out on the server from the request (pages are rendered only there).
    #[cfg(feature = "ssr")]
    pub fn for_this_request() -> Self {
        crate::accounts::session::current_user().map(|user| Self::for_person(&user.memberships)).unwrap_or_default()
    }

    #[cfg(not(feature = "ssr"))]
    pub fn for_this_request() -> Self {
        Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member_of(kind: OrgKind, role: Role) -> MyMembership {
        MyMembership {
            organisation_id: 1,
            organisation_name: "Org".into(),
            organisation_slug: "org".into(),
            kind,
            role,
            is_lead: false,
        }
    }

    #[test]
    fn panels_follow_the_features_a_person_has_a_part_in() {
        let trainer = Panels::for_person(&[member_of(OrgKind::TrainingProvider, Role::Trainer)]);
        assert_eq!(trainer, Panels { training: true, briefs: false, projects: false, debriefs: true });
        let supporter = Panels::for_person(&[member_of(OrgKind::TrainingProvider, Role::AcademicSupporter)]);
        assert_eq!(supporter, Panels { training: true, briefs: false, projects: false, debriefs: true });
        let trainee = Panels { training: true, briefs: false, projects: false, debriefs: false };
        assert_eq!(Panels::for_person(&[]), trainee, "a trainee");
        let commissioning = Panels { training: true, briefs: true, projects: true, debriefs: false };
        let group = Panels::for_person(&[member_of(OrgKind::ResearchGroup, Role::Member)]);
        assert_eq!(group, commissioning);
        let commissioner = Panels::for_person(&[member_of(OrgKind::Commissioner, Role::Commissioner)]);
        assert_eq!(commissioner, commissioning);
    }
}
