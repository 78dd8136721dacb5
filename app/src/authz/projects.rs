//! Projects: who may list, open and work on the projects that awards create.
//!
//! The rules in words:
//! - the project list is for research group members, commissioners, and anyone on a team;
//! - a project's overview (stage, timeline, milestones, progress counts) is seen by the group
//!   doing it, the commissioners of the body that commissioned it, and everyone on its team;
//! - its working material (team, plan, ethics applications, recruitment and sessions
//!   without names) by the group and the team, not by the commissioner;
//! - the group's coordinators and the project lead manage it (team, plan, gates, ethics);
//! - the project's researchers (lead, peer researchers, co-coders on the team) record
//!   participants, consent and fieldwork, and only they see participants' real names;
//! - academic supporters on the team review the plan and sign gates as supporters;
//!   the commissioning body's commissioners sign gates that need the commissioner;
//! - administrators get nothing extra here.

use crate::error::AppError;
use crate::identity::{Actor, OrgKind, Role};
use crate::identity::TeamRole;

/// What the rules need to know about one project and the person's place on its team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectFacts {
    pub group_id: i64,
    pub commissioner_id: i64,
    /// The person's role on this project's team, if they are on it.
    pub team_role: Option<TeamRole>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectAction {
    /// Open the list of projects.
    BrowseProjects,
    /// See a project's overview: stage, timeline, milestones, progress counts.
    ViewProject(ProjectFacts),
    /// See its working material: team, plan, ethics applications, recruitment and sessions
    /// without participants' names.
    ViewWork(ProjectFacts),
    /// Manage it: team, plan, gates, ethics applications, recruitment frame.
    ManageProject(ProjectFacts),
    /// Record participants, consent and fieldwork, and see participants' real names.
    DoFieldwork(ProjectFacts),
    /// Review the plan and sign gates as the academic supporter.
    ReviewAsSupporter(ProjectFacts),
    /// Sign gates as the commissioner.
    SignAsCommissioner(ProjectFacts),
}

/// In the research group that carries the project out.
pub fn in_group(actor: &Actor, group_id: i64) -> bool {
    actor.membership(group_id).is_some_and(|m| m.kind == OrgKind::ResearchGroup)
}

/// A commissioner in the body that commissioned the project.
pub fn commissioner_in(actor: &Actor, organisation_id: i64) -> bool {
    actor
        .membership(organisation_id)
        .is_some_and(|m| m.kind == OrgKind::Commissioner && m.role == Role::Commissioner)
}

fn views_work(actor: &Actor, f: &ProjectFacts) -> bool {
    in_group(actor, f.group_id) || f.team_role.is_some_and(|r| r != TeamRole::CommissionerContact)
}

fn manages(actor: &Actor, f: &ProjectFacts) -> bool {
    let coordinator = in_group(actor, f.group_id) && actor.leads(f.group_id);
    coordinator || f.team_role == Some(TeamRole::Lead)
}

pub(super) fn may(actor: &Actor, action: &ProjectAction) -> bool {
    match action {
        ProjectAction::BrowseProjects => {
            actor.belongs_to_kind(OrgKind::ResearchGroup)
                || actor.belongs_to_kind(OrgKind::Commissioner)
                || actor.belongs_to_kind(OrgKind::TrainingProvider)
        }
        ProjectAction::ViewProject(f) => {
            in_group(actor, f.group_id) || commissioner_in(actor, f.commissioner_id) || f.team_role.is_some()
        }
        ProjectAction::ViewWork(f) => views_work(actor, f),
        ProjectAction::ManageProject(f) => manages(actor, f),
        ProjectAction::DoFieldwork(f) => f.team_role.is_some_and(TeamRole::is_researcher),
        ProjectAction::ReviewAsSupporter(f) => f.team_role == Some(TeamRole::AcademicSupporter),
        ProjectAction::SignAsCommissioner(f) => commissioner_in(actor, f.commissioner_id),
    }
}

/// The one refusal rule for everything inside a project: someone who may see the part in
/// question (`sees`) is told they may not do this; anyone else learns only "not found", so
/// a project's existence is not given away.
pub(super) fn refuse(sees: bool) -> AppError {
    if sees {
        AppError::NotAllowed
    } else {
        AppError::NotFound
    }
}

/// `refuse`, for someone who may or may not take `seen` (usually seeing the project).
pub(super) fn refuse_unless(actor: &Actor, seen: ProjectAction) -> AppError {
    refuse(may(actor, &seen))
}

/// Someone who may not see a project learns only "not found"; someone who sees it but may
/// not do this is told so.
pub(super) fn refusal(actor: &Actor, action: &ProjectAction) -> AppError {
    match action {
        ProjectAction::BrowseProjects => AppError::NotAllowed,
        ProjectAction::ViewProject(_) => AppError::NotFound,
        ProjectAction::ViewWork(f)
        | ProjectAction::ManageProject(f)
        | ProjectAction::DoFieldwork(f)
        | ProjectAction::ReviewAsSupporter(f)
        | ProjectAction::SignAsCommissioner(f) => refuse_unless(actor, ProjectAction::ViewProject(*f)),
    }
}

#[cfg(test)]
mod tests {
    use super::ProjectAction::*;
    use super::*;
    use crate::authz::{require, Action};
    use crate::authz::test_people::person;

    const WHYNOT: i64 = 1;
    const SESURG: i64 = 2;
    const ESSEX: i64 = 10;
    const NHS: i64 = 11;


    fn facts(team_role: Option<TeamRole>) -> ProjectFacts {
        ProjectFacts { group_id: WHYNOT, commissioner_id: ESSEX, team_role }
    }

    fn check(actor: &Actor, action: ProjectAction) -> Result<(), AppError> {
        require(Some(actor), Action::Projects(action))
    }

    #[test]
    fn a_project_is_seen_by_its_group_and_its_commissioners() {
        let member = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        let commissioner = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        let project = ViewProject(facts(None));
        assert!(check(&member, project.clone()).is_ok());
        assert!(check(&commissioner, project.clone()).is_ok());
        for refused in [
            person(&[(SESURG, OrgKind::ResearchGroup, Role::Member)]),
            person(&[(NHS, OrgKind::Commissioner, Role::Commissioner)]),
            person(&[]),
        ] {
            assert_eq!(check(&refused, project.clone()), Err(AppError::NotFound));
        }
        let admin = Actor { user_id: 1, is_admin: true, memberships: vec![] };
        assert_eq!(check(&admin, project), Err(AppError::NotFound), "administrators are not in the project");
    }

    #[test]
    fn listing_projects_is_for_groups_and_commissioners() {
        assert!(check(&person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]), BrowseProjects).is_ok());
        assert!(check(&person(&[(NHS, OrgKind::Commissioner, Role::Commissioner)]), BrowseProjects).is_ok());
        assert_eq!(check(&person(&[]), BrowseProjects), Err(AppError::NotAllowed));
        assert!(check(&person(&[(30, OrgKind::TrainingProvider, Role::Trainer)]), BrowseProjects).is_ok());
        assert_eq!(check(&person(&[]), BrowseProjects), Err(AppError::NotAllowed));
    }

    #[test]
    fn coordinators_and_the_project_lead_manage_a_project() {
        let coordinator = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Coordinator)]);
        let member = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        assert!(check(&coordinator, ManageProject(facts(None))).is_ok());
        assert!(check(&member, ManageProject(facts(Some(TeamRole::Lead)))).is_ok());
        assert_eq!(check(&member, ManageProject(facts(Some(TeamRole::PeerResearcher)))), Err(AppError::NotAllowed));
        let other_coordinator = person(&[(SESURG, OrgKind::ResearchGroup, Role::Coordinator)]);
        assert_eq!(check(&other_coordinator, ManageProject(facts(None))), Err(AppError::NotFound));
        let commissioner = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        assert_eq!(check(&commissioner, ManageProject(facts(None))), Err(AppError::NotAllowed));
    }

    #[test]
    fn only_the_projects_researchers_do_fieldwork_and_see_names() {
        let member = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        for role in [TeamRole::Lead, TeamRole::PeerResearcher, TeamRole::CoCoder] {
            assert!(check(&member, DoFieldwork(facts(Some(role)))).is_ok(), "{role:?}");
        }
        for role in [TeamRole::Support, TeamRole::AcademicSupporter, TeamRole::CommissionerContact] {
            assert!(check(&member, DoFieldwork(facts(Some(role)))).is_err(), "{role:?}");
        }
        // A coordinator not on the team manages the project but does not see participants.
        let coordinator = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Coordinator)]);
        assert_eq!(check(&coordinator, DoFieldwork(facts(None))), Err(AppError::NotAllowed));
        let commissioner = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        assert_eq!(check(&commissioner, DoFieldwork(facts(Some(TeamRole::CommissionerContact)))), Err(AppError::NotAllowed));
        let outsider = person(&[(SESURG, OrgKind::ResearchGroup, Role::Member)]);
        assert_eq!(check(&outsider, DoFieldwork(facts(None))), Err(AppError::NotFound));
    }

    #[test]
    fn the_commissioner_sees_the_overview_but_not_the_work() {
        let commissioner = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        let contact = facts(Some(TeamRole::CommissionerContact));
        assert!(check(&commissioner, ViewProject(contact)).is_ok());
        assert_eq!(check(&commissioner, ViewWork(contact)), Err(AppError::NotAllowed));
        assert!(check(&commissioner, SignAsCommissioner(contact)).is_ok());
        let supporter = person(&[(30, OrgKind::TrainingProvider, Role::Trainer)]);
        let on_team = facts(Some(TeamRole::AcademicSupporter));
        assert!(check(&supporter, ViewWork(on_team)).is_ok());
        assert!(check(&supporter, ReviewAsSupporter(on_team)).is_ok());
        assert_eq!(check(&supporter, ReviewAsSupporter(facts(None))), Err(AppError::NotFound));
        assert_eq!(check(&supporter, SignAsCommissioner(on_team)), Err(AppError::NotAllowed));
    }
}
