//! Outputs and the public page.
//!
//! The rules in words:
//! - everyone who sees the project's overview (the group, its commissioners, the team) sees
//!   its outputs and whether its public page is shown;
//! - the project's researchers and the group's coordinators record outputs;
//! - the public page is shown only while both sides agree: the group's coordinators or the
//!   project lead agree for the group, the commissioning body's commissioners for it; either
//!   side may withdraw;
//! - everyone, signed in or not, reads a shown public page; nobody reads one that is not;
//! - administrators get nothing extra here.

use crate::authz::projects::{self, commissioner_in, in_group, ProjectAction, ProjectFacts};
use crate::error::AppError;
use crate::identity::{Actor, TeamRole};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputAction {
    /// See the outputs and the public page's state.
    ViewOutputs(ProjectFacts),
    /// Record an output, or take one off the list.
    RecordOutputs(ProjectFacts),
    /// Agree (or stop agreeing) to the public page for the research group.
    PublishForGroup(ProjectFacts),
    /// Agree (or stop agreeing) to the public page for the commissioner.
    PublishForCommissioner(ProjectFacts),
}

fn facts(action: &OutputAction) -> &ProjectFacts {
    match action {
        OutputAction::ViewOutputs(f)
        | OutputAction::RecordOutputs(f)
        | OutputAction::PublishForGroup(f)
        | OutputAction::PublishForCommissioner(f) => f,
    }
}

pub(super) fn may(actor: &Actor, action: &OutputAction) -> bool {
    let coordinator = |f: &ProjectFacts| in_group(actor, f.group_id) && actor.leads(f.group_id);
    match action {
        OutputAction::ViewOutputs(f) => projects::may(actor, &ProjectAction::ViewProject(*f)),
        OutputAction::RecordOutputs(f) => f.team_role.is_some_and(TeamRole::is_researcher) || coordinator(f),
        OutputAction::PublishForGroup(f) => f.team_role == Some(TeamRole::Lead) || coordinator(f),
        OutputAction::PublishForCommissioner(f) => commissioner_in(actor, f.commissioner_id),
    }
}

/// Someone who sees the project is told they may not; anyone else, "not found".
pub(super) fn refusal(actor: &Actor, action: &OutputAction) -> AppError {
    projects::refuse_unless(actor, ProjectAction::ViewProject(*facts(action)))
}

#[cfg(test)]
mod tests {
    use super::OutputAction::*;
    use super::*;
    use crate::authz::test_people::person;
    use crate::authz::{require, Action};
    use crate::identity::{OrgKind, Role};

    const WHYNOT: i64 = 1;
    const SESURG: i64 = 2;
    const ESSEX: i64 = 10;

    fn project(team_role: Option<TeamRole>) -> ProjectFacts {
        ProjectFacts { group_id: WHYNOT, commissioner_id: ESSEX, team_role }
    }

    fn check(actor: &Actor, action: OutputAction) -> Result<(), AppError> {
        require(Some(actor), Action::Outputs(action))
    }

    #[test]
    fn each_side_agrees_for_itself() {
        let coordinator = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Coordinator)]);
        let member = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        let commissioner = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        assert!(check(&coordinator, PublishForGroup(project(None))).is_ok());
        assert!(check(&member, PublishForGroup(project(Some(TeamRole::Lead)))).is_ok());
        assert_eq!(check(&member, PublishForGroup(project(Some(TeamRole::PeerResearcher)))), Err(AppError::NotAllowed));
        assert!(check(&commissioner, PublishForCommissioner(project(None))).is_ok());
        assert_eq!(check(&commissioner, PublishForGroup(project(None))), Err(AppError::NotAllowed));
        assert_eq!(check(&coordinator, PublishForCommissioner(project(None))), Err(AppError::NotAllowed));
    }

    #[test]
    fn researchers_record_outputs_and_outsiders_learn_nothing() {
        let member = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        assert!(check(&member, RecordOutputs(project(Some(TeamRole::PeerResearcher)))).is_ok());
        assert_eq!(check(&member, RecordOutputs(project(None))), Err(AppError::NotAllowed));
        assert!(check(&member, ViewOutputs(project(None))).is_ok());
        let outsider = person(&[(SESURG, OrgKind::ResearchGroup, Role::Coordinator)]);
        assert_eq!(check(&outsider, ViewOutputs(project(None))), Err(AppError::NotFound));
        assert_eq!(check(&outsider, RecordOutputs(project(None))), Err(AppError::NotFound));
    }
}
