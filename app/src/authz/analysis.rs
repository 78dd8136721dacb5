//! Analysis: who may read transcripts for coding, keep the codebook, code passages, build
//! themes and download what analysis produces.
//!
//! The rules in words:
//! - analysis is done by the project's researchers (lead, peer researchers and co-coders on
//!   its team): only they see the codebook, the coded passages, the themes and their quotes,
//!   and only they change them or download exports;
//! - a highlight is removed by the researcher who coded it, or by the project lead;
//! - group members who see the project's work but are not researchers may know analysis
//!   is under way (counts only), never what was coded; they are told they may not;
//! - the commissioner, other groups and everyone else learn only "not found";
//! - administrators get nothing extra here.

use crate::authz::projects::{self, ProjectAction, ProjectFacts};
use crate::error::AppError;
use crate::identity::{Actor, TeamRole};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalysisAction {
    /// See the codebook, the transcripts to code, the coded passages, comparisons and themes.
    ViewAnalysis(ProjectFacts),
    /// Add, change or remove codes and themes; code passages; pick quotes.
    DoAnalysis(ProjectFacts),
    /// Remove a highlight: the researcher who coded it, or the project lead.
    RemoveHighlight { project: ProjectFacts, is_coder: bool },
    /// Download a codebook, coded extracts or the themes page.
    ExportAnalysis(ProjectFacts),
}

fn researcher(f: &ProjectFacts) -> bool {
    f.team_role.is_some_and(TeamRole::is_researcher)
}

pub(super) fn may(_actor: &Actor, action: &AnalysisAction) -> bool {
    match action {
        AnalysisAction::ViewAnalysis(f) | AnalysisAction::DoAnalysis(f) | AnalysisAction::ExportAnalysis(f) => researcher(f),
        AnalysisAction::RemoveHighlight { project, is_coder } => {
            researcher(project) && (*is_coder || project.team_role == Some(TeamRole::Lead))
        }
    }
}

/// Someone who sees the project's work is told they may not; anyone else, "not found".
pub(super) fn refusal(actor: &Actor, action: &AnalysisAction) -> AppError {
    let project = match action {
        AnalysisAction::ViewAnalysis(f) | AnalysisAction::DoAnalysis(f) | AnalysisAction::ExportAnalysis(f) => f,
        AnalysisAction::RemoveHighlight { project, .. } => project,
    };
    projects::refuse_unless(actor, ProjectAction::ViewWork(*project))
}

#[cfg(test)]
mod tests {
    use super::AnalysisAction::*;
    use super::*;
    use crate::authz::test_people::person;
    use crate::authz::{require, Action};
    use crate::identity::{OrgKind, Role};

    const WHYNOT: i64 = 1;
    const SESURG: i64 = 2;
    const NHS: i64 = 11;
    const ARU: i64 = 30;

    fn project(team_role: Option<TeamRole>) -> ProjectFacts {
        ProjectFacts { group_id: SESURG, commissioner_id: NHS, team_role }
    }

    fn check(actor: &Actor, action: AnalysisAction) -> Result<(), AppError> {
        require(Some(actor), Action::Analysis(action))
    }

    fn every_action(f: ProjectFacts) -> [AnalysisAction; 4] {
        [ViewAnalysis(f), DoAnalysis(f), ExportAnalysis(f), RemoveHighlight { project: f, is_coder: true }]
    }

    #[test]
    fn the_projects_researchers_do_the_analysis() {
        let member = person(&[(SESURG, OrgKind::ResearchGroup, Role::Member)]);
        for role in [TeamRole::Lead, TeamRole::PeerResearcher, TeamRole::CoCoder] {
            for action in every_action(project(Some(role))) {
                assert!(check(&member, action.clone()).is_ok(), "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn a_highlight_is_removed_by_its_coder_or_the_lead() {
        let member = person(&[(SESURG, OrgKind::ResearchGroup, Role::Member)]);
        assert!(check(&member, RemoveHighlight { project: project(Some(TeamRole::Lead)), is_coder: false }).is_ok());
        for role in [TeamRole::PeerResearcher, TeamRole::CoCoder] {
            assert_eq!(
                check(&member, RemoveHighlight { project: project(Some(role)), is_coder: false }),
                Err(AppError::NotAllowed),
                "{role:?} removing another coder's highlight"
            );
        }
    }

    #[test]
    fn group_members_and_supporters_who_are_not_researchers_are_told_no() {
        let coordinator = person(&[(SESURG, OrgKind::ResearchGroup, Role::Coordinator)]);
        let off_team = person(&[(SESURG, OrgKind::ResearchGroup, Role::Member)]);
        let nadia = person(&[(ARU, OrgKind::TrainingProvider, Role::Trainer)]);
        for (who, role) in [
            (&coordinator, None),
            (&off_team, None),
            (&nadia, Some(TeamRole::AcademicSupporter)),
            (&off_team, Some(TeamRole::Support)),
        ] {
            for action in every_action(project(role)) {
                assert_eq!(check(who, action.clone()), Err(AppError::NotAllowed), "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn the_commissioner_other_groups_and_outsiders_learn_nothing() {
        let sam = person(&[(NHS, OrgKind::Commissioner, Role::Commissioner)]);
        let other_group = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Coordinator)]);
        let admin = Actor { user_id: 1, is_admin: true, memberships: vec![] };
        for (who, role) in [
            (&sam, None),
            (&sam, Some(TeamRole::CommissionerContact)),
            (&other_group, None),
            (&person(&[]), None),
            (&admin, None),
        ] {
            for action in every_action(project(role)) {
                assert_eq!(check(who, action.clone()), Err(AppError::NotFound), "{role:?} {action:?}");
            }
        }
        assert_eq!(require(None, Action::Analysis(ViewAnalysis(project(None)))), Err(AppError::NotSignedIn));
    }
}
