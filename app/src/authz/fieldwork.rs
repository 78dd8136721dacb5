//! Fieldwork debriefs: who may write and read a researcher's wellbeing check after a session.
//!
//! The rules in words:
//! - after a held session, each researcher present (lead, peer researcher or co-coder on the
//!   team who was at it) writes their own debrief;
//! - a debrief is read by the researcher who wrote it and by the supporter they named, while
//!   that supporter is on the team as its academic supporter or its lead; nobody else reads
//!   it: not the lead (unless named), not the group's coordinators, not the commissioner;
//! - only the researcher who wrote it changes it;
//! - everyone who sees the project's work may know that a debrief was done, never what it says
//!   (that needs no rule here: the counts carry no content).

use crate::authz::projects::{self, ProjectAction, ProjectFacts};
use crate::error::AppError;
use crate::identity::{Actor, TeamRole};

/// Who may be named as a researcher's supporter: the academic supporter or the lead.
pub fn may_support(role: Option<TeamRole>) -> bool {
    matches!(role, Some(TeamRole::AcademicSupporter | TeamRole::Lead))
}

/// The project's facts and the person's place on this one debrief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DebriefFacts {
    pub project: ProjectFacts,
    /// The person wrote this debrief.
    pub is_author: bool,
    /// The person is the supporter its author named.
    pub is_named_supporter: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DebriefAction {
    /// Write one's own debrief after a session: a researcher on the team who was present.
    WriteDebrief { project: ProjectFacts, present: bool },
    /// Read a debrief: its author, or the supporter they named (while on the team as its
    /// academic supporter or lead).
    ReadDebrief(DebriefFacts),
    /// Change a debrief: its author only.
    EditDebrief(DebriefFacts),
}

fn reads(f: &DebriefFacts) -> bool {
    f.is_author || (f.is_named_supporter && may_support(f.project.team_role))
}

pub(super) fn may(_actor: &Actor, action: &DebriefAction) -> bool {
    match action {
        DebriefAction::WriteDebrief { project, present } => *present && project.team_role.is_some_and(TeamRole::is_researcher),
        DebriefAction::ReadDebrief(f) => reads(f),
        DebriefAction::EditDebrief(f) => f.is_author,
    }
}

/// Someone who sees the project's work (and so may know a debrief was done) is told they
/// may not; anyone else learns only "not found".
pub(super) fn refusal(actor: &Actor, action: &DebriefAction) -> AppError {
    let (project, author) = match action {
        DebriefAction::WriteDebrief { project, .. } => (project, false),
        DebriefAction::ReadDebrief(f) | DebriefAction::EditDebrief(f) => (&f.project, f.is_author || reads(f)),
    };
    projects::refuse(author || projects::may(actor, &ProjectAction::ViewWork(*project)))
}

#[cfg(test)]
mod tests {
    use super::DebriefAction::*;
    use super::*;
    use crate::authz::test_people::person;
    use crate::authz::{require, Action};
    use crate::identity::{OrgKind, Role};

    const SESURG: i64 = 2;
    const WHYNOT: i64 = 1;
    const NHS: i64 = 11;
    const ARU: i64 = 30;

    fn project(team_role: Option<TeamRole>) -> ProjectFacts {
        ProjectFacts { group_id: SESURG, commissioner_id: NHS, team_role }
    }

    fn debrief(team_role: Option<TeamRole>, is_author: bool, is_named_supporter: bool) -> DebriefFacts {
        DebriefFacts { project: project(team_role), is_author, is_named_supporter }
    }

    fn check(actor: &Actor, action: DebriefAction) -> Result<(), AppError> {
        require(Some(actor), Action::Fieldwork(action))
    }

    #[test]
    fn researchers_present_write_their_own_debrief() {
        let member = person(&[(SESURG, OrgKind::ResearchGroup, Role::Member)]);
        for role in [TeamRole::Lead, TeamRole::PeerResearcher, TeamRole::CoCoder] {
            assert!(check(&member, WriteDebrief { project: project(Some(role)), present: true }).is_ok(), "{role:?}");
            assert_eq!(
                check(&member, WriteDebrief { project: project(Some(role)), present: false }),
                Err(AppError::NotAllowed),
                "{role:?} was not at the session"
            );
        }
        let supporter = person(&[(ARU, OrgKind::TrainingProvider, Role::Trainer)]);
        assert_eq!(
            check(&supporter, WriteDebrief { project: project(Some(TeamRole::AcademicSupporter)), present: true }),
            Err(AppError::NotAllowed)
        );
    }

    #[test]
    fn the_author_and_the_named_supporter_read_it() {
        let tom = person(&[(SESURG, OrgKind::ResearchGroup, Role::Member)]);
        assert!(check(&tom, ReadDebrief(debrief(Some(TeamRole::PeerResearcher), true, false))).is_ok());
        assert!(check(&tom, EditDebrief(debrief(Some(TeamRole::PeerResearcher), true, false))).is_ok());
        let nadia = person(&[(ARU, OrgKind::TrainingProvider, Role::Trainer)]);
        let named = debrief(Some(TeamRole::AcademicSupporter), false, true);
        assert!(check(&nadia, ReadDebrief(named)).is_ok());
        assert_eq!(check(&nadia, EditDebrief(named)), Err(AppError::NotAllowed), "the supporter reads, never changes");
        // A lead who was named reads it too.
        let priya = person(&[(SESURG, OrgKind::ResearchGroup, Role::Coordinator)]);
        assert!(check(&priya, ReadDebrief(debrief(Some(TeamRole::Lead), false, true))).is_ok());
        // A supporter who has left the team no longer reads it.
        assert_eq!(check(&nadia, ReadDebrief(debrief(None, false, true))), Err(AppError::NotFound));
    }

    #[test]
    fn nobody_else_reads_it_not_even_the_lead_or_a_coordinator() {
        let priya = person(&[(SESURG, OrgKind::ResearchGroup, Role::Coordinator)]);
        let lead = debrief(Some(TeamRole::Lead), false, false);
        assert_eq!(check(&priya, ReadDebrief(lead)), Err(AppError::NotAllowed), "the lead knows it was done, not what it says");
        assert_eq!(check(&priya, EditDebrief(lead)), Err(AppError::NotAllowed));
        let coordinator = person(&[(SESURG, OrgKind::ResearchGroup, Role::Coordinator)]);
        assert_eq!(check(&coordinator, ReadDebrief(debrief(None, false, false))), Err(AppError::NotAllowed));
        let nadia = person(&[(ARU, OrgKind::TrainingProvider, Role::Trainer)]);
        assert_eq!(
            check(&nadia, ReadDebrief(debrief(Some(TeamRole::AcademicSupporter), false, false))),
            Err(AppError::NotAllowed),
            "a supporter who was not named"
        );
        let peer = person(&[(SESURG, OrgKind::ResearchGroup, Role::Member)]);
        assert_eq!(check(&peer, ReadDebrief(debrief(Some(TeamRole::PeerResearcher), false, false))), Err(AppError::NotAllowed));
        // A support worker named by mistake is not a supporter the rule accepts.
        assert_eq!(check(&peer, ReadDebrief(debrief(Some(TeamRole::Support), false, true))), Err(AppError::NotAllowed));
    }

    #[test]
    fn the_commissioner_and_outsiders_learn_nothing() {
        let sam = person(&[(NHS, OrgKind::Commissioner, Role::Commissioner)]);
        let contact = debrief(Some(TeamRole::CommissionerContact), false, false);
        assert_eq!(check(&sam, ReadDebrief(contact)), Err(AppError::NotFound));
        assert_eq!(check(&sam, WriteDebrief { project: project(Some(TeamRole::CommissionerContact)), present: true }), Err(AppError::NotFound));
        let other_group = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Coordinator)]);
        assert_eq!(check(&other_group, ReadDebrief(debrief(None, false, false))), Err(AppError::NotFound));
        assert_eq!(check(&person(&[]), EditDebrief(debrief(None, false, false))), Err(AppError::NotFound));
        let admin = Actor { user_id: 1, is_admin: true, memberships: vec![] };
        assert_eq!(check(&admin, ReadDebrief(debrief(None, false, false))), Err(AppError::NotFound));
    }

    #[test]
    fn only_the_academic_supporter_or_the_lead_may_be_named() {
        assert!(may_support(Some(TeamRole::AcademicSupporter)));
        assert!(may_support(Some(TeamRole::Lead)));
        for role in [TeamRole::PeerResearcher, TeamRole::CoCoder, TeamRole::Support, TeamRole::CommissionerContact] {
            assert!(!may_support(Some(role)), "{role:?}");
        }
        assert!(!may_support(None));
    }
}
