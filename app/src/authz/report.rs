//! The report: who drafts it, comments on and reviews its versions, sends them to the
//! commissioner, and signs them off.
//!
//! The rules in words:
//! - the draft (sections, lay summary, credits) and every saved version are seen by those
//!   who see the project's work (the group and the team, not the commissioner);
//! - the project's researchers (lead, peer researchers, co-coders) write the draft and save
//!   versions; the lead (or a coordinator of the group) sends a version for sign-off;
//! - each peer researcher on the team chooses how they are credited, for themselves only;
//! - the researchers and the academic supporter comment on a version; only the academic
//!   supporter records a review;
//! - the commissioner (a commissioner of the commissioning body, or the team's commissioner
//!   contact) sees only the versions sent to them, and signs one off or asks for changes;
//! - everyone else learns "not found"; administrators get nothing extra here.

use crate::authz::projects::{self, commissioner_in, ProjectAction, ProjectFacts};
use crate::error::AppError;
use crate::identity::{Actor, TeamRole};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportAction {
    /// Open the report page (the draft for the team, sent versions for the commissioner).
    ViewReport(ProjectFacts),
    /// See the draft and versions not sent.
    ViewDraft(ProjectFacts),
    /// Write sections and the lay summary, save versions.
    EditDraft(ProjectFacts),
    /// Choose how one is credited.
    ChooseOwnCredit(ProjectFacts),
    /// Comment on a version.
    Comment(ProjectFacts),
    /// Record a review of a version.
    Review(ProjectFacts),
    /// Send a version to the commissioner.
    Send(ProjectFacts),
    /// Sign off a version sent, or ask for changes.
    Decide(ProjectFacts),
}

fn researcher(f: &ProjectFacts) -> bool {
    f.team_role.is_some_and(TeamRole::is_researcher)
}

/// The commissioner, for this project's report.
pub fn commissioner(actor: &Actor, f: &ProjectFacts) -> bool {
    commissioner_in(actor, f.commissioner_id) || f.team_role == Some(TeamRole::CommissionerContact)
}

fn facts(action: &ReportAction) -> &ProjectFacts {
    match action {
        ReportAction::ViewReport(f)
        | ReportAction::ViewDraft(f)
        | ReportAction::EditDraft(f)
        | ReportAction::ChooseOwnCredit(f)
        | ReportAction::Comment(f)
        | ReportAction::Review(f)
        | ReportAction::Send(f)
        | ReportAction::Decide(f) => f,
    }
}

pub(super) fn may(actor: &Actor, action: &ReportAction) -> bool {
    let views_work = |f: &ProjectFacts| projects::may(actor, &ProjectAction::ViewWork(*f));
    match action {
        ReportAction::ViewReport(f) => views_work(f) || commissioner(actor, f),
        ReportAction::ViewDraft(f) => views_work(f),
        ReportAction::EditDraft(f) => researcher(f),
        ReportAction::ChooseOwnCredit(f) => f.team_role == Some(TeamRole::PeerResearcher),
        ReportAction::Comment(f) => researcher(f) || f.team_role == Some(TeamRole::AcademicSupporter),
        ReportAction::Review(f) => f.team_role == Some(TeamRole::AcademicSupporter),
        ReportAction::Send(f) => projects::may(actor, &ProjectAction::ManageProject(*f)),
        ReportAction::Decide(f) => commissioner(actor, f),
    }
}

/// Someone who may open the report is told they may not; anyone else, "not found".
pub(super) fn refusal(actor: &Actor, action: &ReportAction) -> AppError {
    projects::refuse(may(actor, &ReportAction::ViewReport(*facts(action))))
}

#[cfg(test)]
mod tests {
    use super::ReportAction::*;
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

    fn check(actor: &Actor, action: ReportAction) -> Result<(), AppError> {
        require(Some(actor), Action::Report(action))
    }

    #[test]
    fn researchers_write_the_lead_sends_peers_choose_their_credit() {
        let member = person(&[(WHYNOT, OrgKind::ResearchGroup, Role::Member)]);
        let lead = project(Some(TeamRole::Lead));
        let peer = project(Some(TeamRole::PeerResearcher));
        for a in [ViewDraft(lead), EditDraft(lead), Send(lead), Comment(lead), EditDraft(peer), ChooseOwnCredit(peer), Comment(peer)] {
            assert!(check(&member, a.clone()).is_ok(), "{a:?}");
        }
        assert_eq!(check(&member, Send(peer)), Err(AppError::NotAllowed));
        assert_eq!(check(&member, ChooseOwnCredit(lead)), Err(AppError::NotAllowed));
        assert_eq!(check(&member, Decide(peer)), Err(AppError::NotAllowed), "a peer researcher cannot sign off");
        assert_eq!(check(&member, Review(lead)), Err(AppError::NotAllowed));
    }

    #[test]
    fn the_supporter_comments_and_reviews_but_does_not_write() {
        let nadia = person(&[(30, OrgKind::TrainingProvider, Role::Trainer)]);
        let f = project(Some(TeamRole::AcademicSupporter));
        assert!(check(&nadia, Review(f)).is_ok());
        assert!(check(&nadia, Comment(f)).is_ok());
        assert!(check(&nadia, ViewDraft(f)).is_ok());
        assert_eq!(check(&nadia, EditDraft(f)), Err(AppError::NotAllowed));
        assert_eq!(check(&nadia, Decide(f)), Err(AppError::NotAllowed));
    }

    #[test]
    fn the_commissioner_decides_but_never_sees_the_draft() {
        let helen = person(&[(ESSEX, OrgKind::Commissioner, Role::Commissioner)]);
        for f in [project(None), project(Some(TeamRole::CommissionerContact))] {
            assert!(check(&helen, ViewReport(f)).is_ok());
            assert!(check(&helen, Decide(f)).is_ok());
            for a in [ViewDraft(f), EditDraft(f), Comment(f), Send(f)] {
                assert_eq!(check(&helen, a.clone()), Err(AppError::NotAllowed), "{a:?}");
            }
        }
    }

    #[test]
    fn other_groups_and_outsiders_learn_nothing() {
        let other = person(&[(SESURG, OrgKind::ResearchGroup, Role::Coordinator)]);
        let admin = Actor { user_id: 1, is_admin: true, memberships: vec![] };
        for who in [&other, &admin, &person(&[])] {
            for a in [ViewReport(project(None)), ViewDraft(project(None)), Decide(project(None))] {
                assert_eq!(check(who, a.clone()), Err(AppError::NotFound), "{a:?}");
            }
        }
        assert_eq!(require(None, Action::Report(ViewReport(project(None)))), Err(AppError::NotSignedIn));
    }
}
