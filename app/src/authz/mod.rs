//! The one place that answers "may this person do this to this thing?".
//!
//! Every server function builds an [`Action`] naming what it is about to do and asks
//! [`require`]. The rules are plain functions over facts, so they are tested here
//! without a database or a browser.

use crate::error::AppError;
use crate::identity::Actor;

pub mod analysis;
pub mod commissioning;
pub mod ethics;
pub mod fieldwork;
pub mod impact;
pub mod outputs;
pub mod findings;
pub mod projects;
pub mod report;
pub mod training;

/// Something a person may try to do, with the facts the rule needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Use one's own account: dashboard, name, e-mail, password, preferences.
    UseOwnAccount,
    /// Open the administration pages and create organisations.
    Administer,
    /// See an organisation's page and who is in it. The organisations list applies this
    /// rule in SQL (`organisations::service::list_organisations`); a data test checks they agree.
    ViewOrganisation { organisation_id: i64 },
    /// See members' e-mail addresses and pending invitations.
    ViewMemberContacts { organisation_id: i64 },
    /// Invite people, change roles, remove members, withdraw invitations: the
    /// organisation's leads only.
    ManageMembers { organisation_id: i64 },
    /// Invite an organisation's first lead (and withdraw that invitation): platform
    /// administrators, while the organisation has no lead. They cannot add themselves.
    InviteFirstLead { organisation_id: i64, has_lead: bool },
    /// Read a research group's activity report (and download it): its members only.
    ViewGroupActivity { organisation_id: i64 },
    /// Courses, cohorts, attendance, learning logs and certificates: rules in [`training`].
    Training(training::TrainingAction),
    /// Briefs, questions, responses, decisions and projects: rules in [`commissioning`].
    Commissioning(commissioning::CommissioningAction),
    /// Projects that awards create: rules in [`projects`].
    Projects(projects::ProjectAction),
    /// Ethics applications, their reviewers and conditions: rules in [`ethics`].
    Ethics(ethics::EthicsAction),
    /// Fieldwork debriefs and wellbeing checks: rules in [`fieldwork`].
    Fieldwork(fieldwork::DebriefAction),
    /// Codebooks, coded passages, themes and their exports: rules in [`analysis`].
    Analysis(analysis::AnalysisAction),
    /// Recommendations, their responses, impact records and peer outcomes: rules in [`impact`].
    Impact(impact::ImpactAction),
    /// Outputs and the public page: rules in [`outputs`].
    Outputs(outputs::OutputAction),
    /// The report, its versions and their sign-off: rules in [`report`].
    Report(report::ReportAction),
    /// The summary for participants, its sending and feedback events: rules in [`findings`].
    Findings(findings::FindingsAction),
}

/// The rule itself. Administrators look after organisations: they create them and invite
/// each one's first lead. They are not thereby members, cannot give anyone (themselves
/// included) a role afterwards, and are not allowed into anyone's training record or a
/// commissioner's private decisions.
pub fn may(actor: &Actor, action: &Action) -> bool {
    match action {
        Action::UseOwnAccount => true,
        Action::Administer => actor.is_admin,
        Action::ViewOrganisation { organisation_id } => actor.is_admin || actor.is_member(*organisation_id),
        Action::ViewMemberContacts { organisation_id } => actor.is_admin || actor.leads(*organisation_id),
        Action::ManageMembers { organisation_id } => actor.leads(*organisation_id),
        Action::InviteFirstLead { has_lead, .. } => actor.is_admin && !has_lead,
        Action::ViewGroupActivity { organisation_id } => actor.is_member(*organisation_id),
        Action::Training(action) => training::may(actor, action),
        Action::Commissioning(action) => commissioning::may(actor, action),
        Action::Projects(action) => projects::may(actor, action),
        Action::Ethics(action) => ethics::may(actor, action),
        Action::Fieldwork(action) => fieldwork::may(actor, action),
        Action::Analysis(action) => analysis::may(actor, action),
        Action::Impact(action) => impact::may(actor, action),
        Action::Outputs(action) => outputs::may(actor, action),
        Action::Report(action) => report::may(actor, action),
        Action::Findings(action) => findings::may(actor, action),
    }
}

/// What to tell someone who is refused. A person who can see the thing but not change
/// it is told so plainly; one who may not even see it learns nothing more than "not found".
fn refusal(actor: &Actor, action: &Action) -> AppError {
    match action {
        Action::ViewOrganisation { .. } | Action::ViewMemberContacts { .. } | Action::ViewGroupActivity { .. } => AppError::NotFound,
        Action::ManageMembers { organisation_id } | Action::InviteFirstLead { organisation_id, .. }
            if !actor.is_member(*organisation_id) && !actor.is_admin =>
        {
            AppError::NotFound
        }
        Action::UseOwnAccount | Action::Administer | Action::ManageMembers { .. } | Action::InviteFirstLead { .. } => {
            AppError::NotAllowed
        }
        Action::Training(action) => training::refusal(actor, action),
        Action::Commissioning(action) => commissioning::refusal(actor, action),
        Action::Projects(action) => projects::refusal(actor, action),
        Action::Ethics(action) => ethics::refusal(actor, action),
        Action::Fieldwork(action) => fieldwork::refusal(actor, action),
        Action::Analysis(action) => analysis::refusal(actor, action),
        Action::Impact(action) => impact::refusal(actor, action),
        Action::Outputs(action) => outputs::refusal(actor, action),
        Action::Report(action) => report::refusal(actor, action),
        Action::Findings(action) => findings::refusal(actor, action),
    }
}

/// `Ok` when allowed; otherwise the answer to give: sign in, not found, or not allowed.
pub fn require(actor: Option<&Actor>, action: Action) -> Result<(), AppError> {
    let Some(actor) = actor else {
        return Err(AppError::NotSignedIn);
    };
    if may(actor, &action) {
        Ok(())
    } else {
        Err(refusal(actor, &action))
    }
}

/// People for the rules' unit tests.
#[cfg(test)]
pub(crate) mod test_people {
    use crate::identity::{Actor, MyMembership, OrgKind, Role};

    /// A person (user 7) with these memberships; coordinators lead their group.
    pub fn person(memberships: &[(i64, OrgKind, Role)]) -> Actor {
        Actor {
            user_id: 7,
            is_admin: false,
            memberships: memberships
                .iter()
                .map(|&(organisation_id, kind, role)| MyMembership {
                    organisation_id,
                    organisation_name: format!("Org {organisation_id}"),
                    organisation_slug: format!("org-{organisation_id}"),
                    kind,
                    role,
                    is_lead: role == Role::Coordinator,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{MyMembership, OrgKind, Role};

    const WHYNOT: i64 = 1;
    const SESURG: i64 = 2;

    fn membership(organisation_id: i64, role: Role, is_lead: bool) -> MyMembership {
        MyMembership {
            organisation_id,
            organisation_name: format!("Org {organisation_id}"),
            organisation_slug: format!("org-{organisation_id}"),
            kind: OrgKind::ResearchGroup,
            role,
            is_lead,
        }
    }

    fn person(memberships: Vec<MyMembership>) -> Actor {
        Actor { user_id: 10, is_admin: false, memberships }
    }

    #[test]
    fn a_member_sees_their_group_but_cannot_manage_it() {
        let member = person(vec![membership(WHYNOT, Role::Member, false)]);
        assert!(require(Some(&member), Action::ViewOrganisation { organisation_id: WHYNOT }).is_ok());
        assert_eq!(
            require(Some(&member), Action::ManageMembers { organisation_id: WHYNOT }),
            Err(AppError::NotAllowed)
        );
        assert_eq!(
            require(Some(&member), Action::ViewMemberContacts { organisation_id: WHYNOT }),
            Err(AppError::NotFound)
        );
    }

    #[test]
    fn a_coordinator_manages_only_their_own_group() {
        let coordinator = person(vec![membership(WHYNOT, Role::Coordinator, true)]);
        assert!(require(Some(&coordinator), Action::ManageMembers { organisation_id: WHYNOT }).is_ok());
        assert!(require(Some(&coordinator), Action::ViewMemberContacts { organisation_id: WHYNOT }).is_ok());
        assert_eq!(
            require(Some(&coordinator), Action::ViewOrganisation { organisation_id: SESURG }),
            Err(AppError::NotFound),
            "another group's page is not even acknowledged"
        );
        assert_eq!(
            require(Some(&coordinator), Action::ManageMembers { organisation_id: SESURG }),
            Err(AppError::NotFound)
        );
        assert_eq!(require(Some(&coordinator), Action::Administer), Err(AppError::NotAllowed));
    }

    #[test]
    fn a_lead_of_a_training_provider_manages_it() {
        let mut lead = membership(3, Role::Trainer, true);
        lead.kind = OrgKind::TrainingProvider;
        let trainer = person(vec![lead]);
        assert!(may(&trainer, &Action::ManageMembers { organisation_id: 3 }));
        let mut plain = membership(3, Role::Trainer, false);
        plain.kind = OrgKind::TrainingProvider;
        assert!(!may(&person(vec![plain]), &Action::ManageMembers { organisation_id: 3 }));
    }

    #[test]
    fn anyone_signed_in_uses_their_own_account_and_nobody_else_does() {
        assert!(require(Some(&person(vec![])), Action::UseOwnAccount).is_ok());
        assert_eq!(require(None, Action::UseOwnAccount), Err(AppError::NotSignedIn));
    }

    #[test]
    fn nobody_signed_in_is_asked_to_sign_in() {
        assert_eq!(
            require(None, Action::ViewOrganisation { organisation_id: WHYNOT }),
            Err(AppError::NotSignedIn)
        );
        assert_eq!(require(None, Action::Administer), Err(AppError::NotSignedIn));
    }

    #[test]
    fn an_administrator_creates_organisations_and_invites_only_their_first_lead() {
        let admin = Actor { user_id: 1, is_admin: true, memberships: vec![] };
        for action in [
            Action::Administer,
            Action::ViewOrganisation { organisation_id: SESURG },
            Action::ViewMemberContacts { organisation_id: SESURG },
            Action::InviteFirstLead { organisation_id: SESURG, has_lead: false },
        ] {
            assert!(may(&admin, &action), "{action:?}");
        }
        // Once an organisation has a lead, its people are the lead's business.
        assert_eq!(require(Some(&admin), Action::ManageMembers { organisation_id: WHYNOT }), Err(AppError::NotAllowed));
        assert_eq!(
            require(Some(&admin), Action::InviteFirstLead { organisation_id: WHYNOT, has_lead: true }),
            Err(AppError::NotAllowed)
        );
        // Nobody else invites a first lead.
        let coordinator = person(vec![membership(WHYNOT, Role::Coordinator, true)]);
        assert!(!may(&coordinator, &Action::InviteFirstLead { organisation_id: SESURG, has_lead: false }));
    }
}
