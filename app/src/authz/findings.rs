//! Findings checked with participants: who may read and write the summary for
//! participants, send it, see who it goes to (and print their letters), and record
//! feedback events.
//!
//! The rules in words:
//! - the project's researchers (lead, peer researchers and co-coders on its team) write the
//!   summary, send it, record feedback events and the reason when there was none;
//! - only they see the participants it goes to and the letters: names and addresses are
//!   special-category data;
//! - the academic supporter on the team reads the summary and the feedback events with
//!   their comments, and changes nothing;
//! - group members who see the project's work but are not researchers are told they may
//!   not; the commissioner, other groups and everyone else learn only "not found".

use crate::authz::projects::{self, ProjectAction, ProjectFacts};
use crate::error::AppError;
use crate::identity::{Actor, TeamRole};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingsAction {
    /// Read the summary and the feedback events with their comments.
    ViewFindings(ProjectFacts),
    /// Write the summary, record feedback events, record why there was none.
    ChangeFindings(ProjectFacts),
    /// See the participants the summary goes to, send it, print and post their letters.
    ContactParticipants(ProjectFacts),
}

impl FindingsAction {
    fn facts(&self) -> &ProjectFacts {
        match self {
            FindingsAction::ViewFindings(f) | FindingsAction::ChangeFindings(f) | FindingsAction::ContactParticipants(f) => f,
        }
    }
}

fn researcher(f: &ProjectFacts) -> bool {
    f.team_role.is_some_and(TeamRole::is_researcher)
}

pub(super) fn may(_actor: &Actor, action: &FindingsAction) -> bool {
    match action {
        FindingsAction::ViewFindings(f) => researcher(f) || f.team_role == Some(TeamRole::AcademicSupporter),
        FindingsAction::ChangeFindings(f) | FindingsAction::ContactParticipants(f) => researcher(f),
    }
}

/// Someone who sees the project's work is told they may not; anyone else, "not found".
pub(super) fn refusal(actor: &Actor, action: &FindingsAction) -> AppError {
    let f = action.facts();
    let commissioner = f.team_role == Some(TeamRole::CommissionerContact);
    projects::refuse(!commissioner && projects::may(actor, &ProjectAction::ViewWork(*f)))
}

#[cfg(test)]
mod tests {
    use super::FindingsAction::*;
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

    fn check(actor: &Actor, action: FindingsAction) -> Result<(), AppError> {
        require(Some(actor), Action::Findings(action))
    }

    #[test]
    fn the_projects_researchers_do_everything() {
        let member = person(&[(SESURG, OrgKind::ResearchGroup, Role::Member)]);
        for role in [TeamRole::Lead, TeamRole::PeerResearcher, TeamRole::CoCoder] {
            let f = project(Some(role));
            for action in [ViewFindings(f), ChangeFindings(f), ContactParticipants(f)] {
                assert!(check(&member, action.clone()).is_ok(), "{role:?} {action:?}");
            }
        }
    }

    #[test]
    fn the_academic_supporter_reads_but_never_sees_participants() {
        let nadia = person(&[(ARU, OrgKind::TrainingProvider, Role::Trainer)]);
        let f = project(Some(TeamRole::AcademicSupporter));
        assert!(check(&nadia, ViewFindings(f)).is_ok());
        assert_eq!(check(&nadia, ChangeFindings(f)), Err(AppError::NotAllowed));
        assert_eq!(check(&nadia, ContactParticipants(f)), Err(AppError::NotAllowed));
    }

    #[test]
    fn the_commissioner_other_groups_and_outsiders_learn_nothing() {
        let sam = person(&[(NHS, OrgKind::Commissioner, Role::Commissioner)]);
        let other_group = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Coordinator)]);
        let coordinator = person(&[(SESURG, OrgKind::ResearchGroup, Role::Coordinator)]);
        for (who, role) in [(&sam, None), (&sam, Some(TeamRole::CommissionerContact)), (&other_group, None), (&person(&[]), None)] {
            let f = project(role);
            for action in [ViewFindings(f), ChangeFindings(f), ContactParticipants(f)] {
                assert_eq!(check(who, action.clone()), Err(AppError::NotFound), "{role:?} {action:?}");
            }
        }
        // The group's coordinator off the team sees the project's work but not this.
        assert_eq!(check(&coordinator, ViewFindings(project(None))), Err(AppError::NotAllowed));
        assert_eq!(require(None, Action::Findings(ViewFindings(project(None)))), Err(AppError::NotSignedIn));
    }
}
