//! Projects: who may list and open the projects that awards create.
//!
//! The rules in words:
//! - the project list is for research group members and commissioners;
//! - a project is seen by the group doing it and the commissioners of the body that
//!   commissioned it, and by nobody else (administrators get nothing extra here).

use crate::error::AppError;
use crate::identity::{Actor, OrgKind, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectAction {
    /// Open the list of projects (research group members and commissioners).
    BrowseProjects,
    /// See a project that an award created.
    ViewProject { group_id: i64, commissioner_id: i64 },
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

pub(super) fn may(actor: &Actor, action: &ProjectAction) -> bool {
    match *action {
        ProjectAction::BrowseProjects => {
            actor.belongs_to_kind(OrgKind::ResearchGroup) || actor.belongs_to_kind(OrgKind::Commissioner)
        }
        ProjectAction::ViewProject { group_id, commissioner_id } => {
            in_group(actor, group_id) || commissioner_in(actor, commissioner_id)
        }
    }
}

/// Someone who may not see a project learns only "not found".
pub(super) fn refusal(_actor: &Actor, action: &ProjectAction) -> AppError {
    match action {
        ProjectAction::BrowseProjects => AppError::NotAllowed,
        ProjectAction::ViewProject { .. } => AppError::NotFound,
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


    fn check(actor: &Actor, action: ProjectAction) -> Result<(), AppError> {
        require(Some(actor), Action::Projects(action))
    }

    #[test]
    fn a_project_is_seen_by_its_group_and_its_commissioners() {
        let member = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        let commissioner = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        let project = ViewProject { group_id: WHYNOT, commissioner_id: ESSEX };
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
        assert_eq!(check(&person(&[(30, OrgKind::TrainingProvider, Role::Trainer)]), BrowseProjects), Err(AppError::NotAllowed));
    }
}
