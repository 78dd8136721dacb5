//! Ethics applications: who may read, write and decide them.
//!
//! The rules in words:
//! - an application is read by the people who see the project's working material (the
//!   group and the team, not the commissioner) and by the outside reviewers invited to
//!   that one application; a reviewer sees nothing else of the project;
//! - the project's managers (group coordinators, the project lead) write applications and
//!   their documents, submit, answer requests, amend, withdraw, invite reviewers, and
//!   record a decision that came by letter;
//! - an outside reviewer of the application asks for further information, sets conditions
//!   and records the decision (managers may copy these from a committee's letter);
//! - a condition is closed by a manager or by the team member who owns it.

use crate::authz::projects::{self, ProjectAction, ProjectFacts};
use crate::error::AppError;
use crate::identity::Actor;

/// The project's facts and the person's place on this one application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EthicsFacts {
    pub project: ProjectFacts,
    /// Invited to review this application from outside the project.
    pub is_reviewer: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EthicsAction {
    /// Read the application: its documents, history, decision and conditions.
    ViewApplication(EthicsFacts),
    /// Write and submit it, answer requests, amend, withdraw, invite a reviewer.
    ManageApplication(EthicsFacts),
    /// Record the committee's word: a request for further information, the decision and
    /// its conditions. The outside reviewer, or a manager copying it from a letter.
    RecordDecision(EthicsFacts),
    /// Close a condition: a manager, or the condition's owner.
    CloseCondition { facts: EthicsFacts, owns_condition: bool },
}

fn on_project(actor: &Actor, action: ProjectAction) -> bool {
    projects::may(actor, &action)
}

fn views(actor: &Actor, f: &EthicsFacts) -> bool {
    f.is_reviewer || on_project(actor, ProjectAction::ViewWork(f.project))
}

fn manages(actor: &Actor, f: &EthicsFacts) -> bool {
    on_project(actor, ProjectAction::ManageProject(f.project))
}

pub(super) fn may(actor: &Actor, action: &EthicsAction) -> bool {
    match action {
        EthicsAction::ViewApplication(f) => views(actor, f),
        EthicsAction::ManageApplication(f) => manages(actor, f),
        EthicsAction::RecordDecision(f) => f.is_reviewer || manages(actor, f),
        EthicsAction::CloseCondition { facts, owns_condition } => {
            manages(actor, facts) || (*owns_condition && facts.project.team_role.is_some())
        }
    }
}

/// Someone who may not read the application learns only "not found".
pub(super) fn refusal(actor: &Actor, action: &EthicsAction) -> AppError {
    let facts = match action {
        EthicsAction::ViewApplication(f)
        | EthicsAction::ManageApplication(f)
        | EthicsAction::RecordDecision(f) => f,
        EthicsAction::CloseCondition { facts, .. } => facts,
    };
    projects::refuse(views(actor, facts))
}

#[cfg(test)]
mod tests {
    use super::EthicsAction::*;
    use super::*;
    use crate::authz::test_people::person;
    use crate::authz::{require, Action};
    use crate::identity::{OrgKind, Role};
    use crate::identity::TeamRole;

    const WHYNOT: i64 = 1;
    const SESURG: i64 = 2;
    const ESSEX: i64 = 10;

    fn facts(team_role: Option<TeamRole>, is_reviewer: bool) -> EthicsFacts {
        EthicsFacts { project: ProjectFacts { group_id: WHYNOT, commissioner_id: ESSEX, team_role }, is_reviewer }
    }

    fn check(actor: &Actor, action: EthicsAction) -> Result<(), AppError> {
        require(Some(actor), Action::Ethics(action))
    }

    #[test]
    fn the_group_and_team_read_applications_and_managers_write_them() {
        let coordinator = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Coordinator)]);
        let member = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        assert!(check(&coordinator, ManageApplication(facts(None, false))).is_ok());
        assert!(check(&member, ViewApplication(facts(None, false))).is_ok());
        assert_eq!(check(&member, ManageApplication(facts(Some(TeamRole::PeerResearcher), false))), Err(AppError::NotAllowed));
        assert!(check(&member, ManageApplication(facts(Some(TeamRole::Lead), false))).is_ok());
        assert!(check(&member, RecordDecision(facts(Some(TeamRole::Lead), false))).is_ok(), "a lead records a decision that came by letter");
        assert_eq!(check(&member, RecordDecision(facts(None, false))), Err(AppError::NotAllowed));
    }

    #[test]
    fn outsiders_other_groups_and_the_commissioner_are_refused() {
        let other_group = person(&[(SESURG, OrgKind::ResearchGroup, Role::Coordinator)]);
        let nobody = person(&[]);
        for refused in [&other_group, &nobody] {
            assert_eq!(check(refused, ViewApplication(facts(None, false))), Err(AppError::NotFound));
            assert_eq!(check(refused, RecordDecision(facts(None, false))), Err(AppError::NotFound));
        }
        let commissioner = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        let contact = facts(Some(TeamRole::CommissionerContact), false);
        assert_eq!(check(&commissioner, ViewApplication(contact)), Err(AppError::NotFound));
        assert_eq!(check(&commissioner, RecordDecision(contact)), Err(AppError::NotFound));
    }

    #[test]
    fn an_outside_reviewer_reads_and_decides_only_their_application() {
        let secretary = person(&[]);
        let theirs = facts(None, true);
        assert!(check(&secretary, ViewApplication(theirs)).is_ok());
        assert!(check(&secretary, RecordDecision(theirs)).is_ok());
        assert_eq!(check(&secretary, ManageApplication(theirs)), Err(AppError::NotAllowed));
        assert_eq!(
            check(&secretary, CloseCondition { facts: theirs, owns_condition: false }),
            Err(AppError::NotAllowed)
        );
        // Another application, even of the same project: nothing.
        let another = facts(None, false);
        assert_eq!(check(&secretary, ViewApplication(another)), Err(AppError::NotFound));
        assert_eq!(check(&secretary, RecordDecision(another)), Err(AppError::NotFound));
        // And the project itself stays closed to them.
        let project = Action::Projects(ProjectAction::ViewProject(theirs.project));
        assert_eq!(require(Some(&secretary), project), Err(AppError::NotFound));
    }

    #[test]
    fn a_condition_is_closed_by_a_manager_or_its_owner_on_the_team() {
        let member = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        let on_team = facts(Some(TeamRole::PeerResearcher), false);
        assert!(check(&member, CloseCondition { facts: on_team, owns_condition: true }).is_ok());
        assert_eq!(check(&member, CloseCondition { facts: on_team, owns_condition: false }), Err(AppError::NotAllowed));
        let coordinator = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Coordinator)]);
        assert!(check(&coordinator, CloseCondition { facts: facts(None, false), owns_condition: false }).is_ok());
        let outsider = person(&[(SESURG, OrgKind::ResearchGroup, Role::Member)]);
        assert_eq!(check(&outsider, CloseCondition { facts: facts(None, false), owns_condition: true }), Err(AppError::NotFound));
    }
}
