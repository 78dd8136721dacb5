//! Impact: "you said, we did", impact records and peer researchers' own outcomes.
//!
//! The rules in words:
//! - everyone who sees the project's overview (the group, its commissioners, the team) sees
//!   its recommendations with their responses and timelines, and its impact records;
//! - the project's researchers and the group's coordinators add recommendations and impact
//!   records; a recommendation's wording can be changed only until the commissioner answers;
//! - only the commissioning body's commissioners answer a recommendation and update it;
//! - each researcher on the team keeps their own outcomes; nobody else sees them unless
//!   they choose to show them on the project's impact page;
//! - administrators get nothing extra here.

use crate::authz::projects::{self, commissioner_in, in_group, ProjectAction, ProjectFacts};
use crate::error::AppError;
use crate::identity::{Actor, TeamRole};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImpactAction {
    /// See the recommendations, their timelines, impact records and shared outcomes.
    ViewImpact(ProjectFacts),
    /// Add or reword recommendations; add impact records.
    RecordImpact(ProjectFacts),
    /// Answer a recommendation and record what was done.
    RespondToRecommendation(ProjectFacts),
    /// Keep one's own outcomes from taking part.
    KeepOwnOutcomes(ProjectFacts),
}

fn facts(action: &ImpactAction) -> &ProjectFacts {
    match action {
        ImpactAction::ViewImpact(f)
        | ImpactAction::RecordImpact(f)
        | ImpactAction::RespondToRecommendation(f)
        | ImpactAction::KeepOwnOutcomes(f) => f,
    }
}

pub(super) fn may(actor: &Actor, action: &ImpactAction) -> bool {
    let researcher = |f: &ProjectFacts| f.team_role.is_some_and(TeamRole::is_researcher);
    match action {
        ImpactAction::ViewImpact(f) => projects::may(actor, &ProjectAction::ViewProject(*f)),
        ImpactAction::RecordImpact(f) => researcher(f) || (in_group(actor, f.group_id) && actor.leads(f.group_id)),
        ImpactAction::RespondToRecommendation(f) => commissioner_in(actor, f.commissioner_id),
        ImpactAction::KeepOwnOutcomes(f) => researcher(f),
    }
}

/// Someone who sees the project is told they may not; anyone else, "not found".
pub(super) fn refusal(actor: &Actor, action: &ImpactAction) -> AppError {
    projects::refuse_unless(actor, ProjectAction::ViewProject(*facts(action)))
}

#[cfg(test)]
mod tests {
    use super::ImpactAction::*;
    use super::*;
    use crate::authz::test_people::person;
    use crate::authz::{require, Action};
    use crate::identity::{OrgKind, Role};

    const WHYNOT: i64 = 1;
    const SESURG: i64 = 2;
    const ESSEX: i64 = 10;
    const NHS: i64 = 11;

    fn project(team_role: Option<TeamRole>) -> ProjectFacts {
        ProjectFacts { group_id: WHYNOT, commissioner_id: ESSEX, team_role }
    }

    fn check(actor: &Actor, action: ImpactAction) -> Result<(), AppError> {
        require(Some(actor), Action::Impact(action))
    }

    #[test]
    fn the_group_the_commissioner_and_the_team_see_the_tracker() {
        let member = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        let commissioner = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        let supporter = person(&[]);
        assert!(check(&member, ViewImpact(project(None))).is_ok());
        assert!(check(&commissioner, ViewImpact(project(None))).is_ok());
        assert!(check(&supporter, ViewImpact(project(Some(TeamRole::AcademicSupporter)))).is_ok());
        let other_group = person(&[(SESURG, OrgKind::ResearchGroup, Role::Coordinator)]);
        let other_body = person(&[(NHS, OrgKind::Commissioner, Role::Commissioner)]);
        assert_eq!(check(&other_group, ViewImpact(project(None))), Err(AppError::NotFound));
        assert_eq!(check(&other_body, ViewImpact(project(None))), Err(AppError::NotFound));
        let admin = crate::identity::Actor { is_admin: true, ..person(&[]) };
        assert_eq!(check(&admin, ViewImpact(project(None))), Err(AppError::NotFound));
    }

    #[test]
    fn researchers_and_coordinators_record_and_only_the_commissioner_answers() {
        let peer = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        assert!(check(&peer, RecordImpact(project(Some(TeamRole::PeerResearcher)))).is_ok());
        let coordinator = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Coordinator)]);
        assert!(check(&coordinator, RecordImpact(project(None))).is_ok());
        assert_eq!(check(&peer, RecordImpact(project(None))), Err(AppError::NotAllowed));
        assert_eq!(
            check(&person(&[]), RecordImpact(project(Some(TeamRole::AcademicSupporter)))),
            Err(AppError::NotAllowed)
        );
        let commissioner = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        assert!(check(&commissioner, RespondToRecommendation(project(None))).is_ok());
        assert_eq!(check(&commissioner, RecordImpact(project(None))), Err(AppError::NotAllowed));
        assert_eq!(check(&coordinator, RespondToRecommendation(project(None))), Err(AppError::NotAllowed));
        assert_eq!(
            check(&peer, RespondToRecommendation(project(Some(TeamRole::Lead)))),
            Err(AppError::NotAllowed)
        );
    }

    #[test]
    fn only_researchers_on_the_team_keep_outcomes() {
        let peer = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        assert!(check(&peer, KeepOwnOutcomes(project(Some(TeamRole::PeerResearcher)))).is_ok());
        assert_eq!(check(&peer, KeepOwnOutcomes(project(None))), Err(AppError::NotAllowed));
        let commissioner = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        assert_eq!(
            check(&commissioner, KeepOwnOutcomes(project(Some(TeamRole::CommissionerContact)))),
            Err(AppError::NotAllowed)
        );
    }
}
