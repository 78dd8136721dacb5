//! Commissioning: who may see and change briefs, questions, responses and decisions.
//! (The projects that awards create have their own rules in [`super::projects`].)
//! Each action carries the facts its rule needs, loaded by the service beforehand.
//!
//! The rules in words:
//! - commissioners write, publish and decide on their own body's briefs, and nobody
//!   outside that body sees its drafts or the responses sent to it;
//! - every member of a citizen research group sees published briefs and may ask questions;
//! - a group's coordinator drafts, submits and withdraws the group's response, and its
//!   members see it and comment; no other group ever sees it;
//!
//! Platform administrators get nothing extra here: a commissioner's decisions and a
//! group's bid are not theirs to read.

use crate::identity::Actor;
use crate::error::AppError;
use crate::identity::{OrgKind, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommissioningAction {
    /// Open the list of briefs (research group members and commissioners).
    BrowseBriefs,
    /// Write a new brief for a commissioning body.
    DraftBrief { organisation_id: i64 },
    /// See one brief. Groups see it only once it has been published.
    ViewBrief { organisation_id: i64, seen_by_groups: bool },
    /// Edit, publish, close, withdraw a brief and answer its questions.
    ManageBrief { organisation_id: i64 },
    /// Ask a question about a published brief.
    AskQuestion { organisation_id: i64, seen_by_groups: bool },
    /// See the submitted responses, shortlist, ask for clarification and award.
    Decide { organisation_id: i64 },
    /// Start, edit, submit and withdraw a group's response, and answer clarifications.
    WriteResponse { group_id: i64 },
    /// See a group's response. The commissioner sees it only once it has been submitted.
    ViewResponse { group_id: i64, brief_organisation_id: i64, ever_submitted: bool },
    /// Comment on the group's response.
    CommentOnResponse { group_id: i64 },
    /// Turn e-mails about newly published briefs on or off for a group.
    ManageAlerts { group_id: i64 },
}

fn commissioner_in(actor: &Actor, organisation_id: i64) -> bool {
    actor
        .membership(organisation_id)
        .is_some_and(|m| m.kind == OrgKind::Commissioner && m.role == Role::Commissioner)
}

fn in_group(actor: &Actor, group_id: i64) -> bool {
    actor.membership(group_id).is_some_and(|m| m.kind == OrgKind::ResearchGroup)
}

fn coordinates(actor: &Actor, group_id: i64) -> bool {
    actor.membership(group_id).is_some_and(|m| m.kind == OrgKind::ResearchGroup && m.role == Role::Coordinator)
}

fn in_any_group(actor: &Actor) -> bool {
    actor.belongs_to_kind(OrgKind::ResearchGroup)
}

pub(super) fn may(actor: &Actor, action: &CommissioningAction) -> bool {
    use CommissioningAction::*;
    match *action {
        BrowseBriefs => in_any_group(actor) || actor.belongs_to_kind(OrgKind::Commissioner),
        DraftBrief { organisation_id } | ManageBrief { organisation_id } | Decide { organisation_id } => {
            commissioner_in(actor, organisation_id)
        }
        ViewBrief { organisation_id, seen_by_groups } => {
            commissioner_in(actor, organisation_id) || (seen_by_groups && in_any_group(actor))
        }
        AskQuestion { seen_by_groups, .. } => seen_by_groups && in_any_group(actor),
        WriteResponse { group_id } | ManageAlerts { group_id } => coordinates(actor, group_id),
        ViewResponse { group_id, brief_organisation_id, ever_submitted } => {
            in_group(actor, group_id) || (ever_submitted && commissioner_in(actor, brief_organisation_id))
        }
        CommentOnResponse { group_id } => in_group(actor, group_id),
    }
}

/// Someone who cannot see the thing learns only "not found"; someone who can see it
/// but not change it is told so.
pub(super) fn refusal(actor: &Actor, action: &CommissioningAction) -> AppError {
    use CommissioningAction::*;
    let sees_brief = |organisation_id: i64, seen_by_groups: bool| {
        may(actor, &ViewBrief { organisation_id, seen_by_groups })
    };
    match *action {
        BrowseBriefs | DraftBrief { .. } => AppError::NotAllowed,
        ViewBrief { .. } | ViewResponse { .. } => AppError::NotFound,
        ManageBrief { organisation_id } | Decide { organisation_id } => {
            if sees_brief(organisation_id, true) { AppError::NotAllowed } else { AppError::NotFound }
        }
        AskQuestion { organisation_id, seen_by_groups } => {
            if sees_brief(organisation_id, seen_by_groups) { AppError::NotAllowed } else { AppError::NotFound }
        }
        WriteResponse { group_id } | CommentOnResponse { group_id } | ManageAlerts { group_id } => {
            if in_group(actor, group_id) { AppError::NotAllowed } else { AppError::NotFound }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CommissioningAction::*;
    use super::*;
    use crate::authz::{require, Action};
    use crate::authz::test_people::person;

    const WHYNOT: i64 = 1;
    const SESURG: i64 = 2;
    const ESSEX: i64 = 10;
    const NHS: i64 = 11;


    fn commissioner(org: i64) -> Actor {
        person(&[(org, OrgKind::Commissioner, Role::Commissioner)])
    }
    fn coordinator(group: i64) -> Actor {
        person(&[(group, OrgKind::ResearchGroup, Role::Coordinator)])
    }
    fn member(group: i64) -> Actor {
        person(&[(group, OrgKind::ResearchGroup, Role::Member)])
    }
    fn trainee() -> Actor {
        person(&[])
    }
    fn trainer() -> Actor {
        person(&[(30, OrgKind::TrainingProvider, Role::Trainer)])
    }

    fn check(actor: &Actor, action: CommissioningAction) -> Result<(), AppError> {
        require(Some(actor), Action::Commissioning(action))
    }

    #[test]
    fn drafts_stay_inside_the_commissioning_body() {
        let draft = ViewBrief { organisation_id: ESSEX, seen_by_groups: false };
        assert!(check(&commissioner(ESSEX), draft.clone()).is_ok());
        for outsider in [commissioner(NHS), coordinator(WHYNOT), member(SESURG), trainee(), trainer()] {
            assert_eq!(check(&outsider, draft.clone()), Err(AppError::NotFound));
        }
        let admin = Actor { user_id: 1, is_admin: true, memberships: vec![] };
        assert_eq!(check(&admin, draft), Err(AppError::NotFound), "administrators are not commissioners");
    }

    #[test]
    fn published_briefs_are_for_every_group_member_but_not_other_bodies() {
        let published = ViewBrief { organisation_id: ESSEX, seen_by_groups: true };
        for allowed in [commissioner(ESSEX), coordinator(WHYNOT), member(SESURG)] {
            assert!(check(&allowed, published.clone()).is_ok());
        }
        for refused in [commissioner(NHS), trainee(), trainer()] {
            assert_eq!(check(&refused, published.clone()), Err(AppError::NotFound));
        }
        assert!(check(&member(WHYNOT), AskQuestion { organisation_id: ESSEX, seen_by_groups: true }).is_ok());
        assert_eq!(
            check(&member(WHYNOT), AskQuestion { organisation_id: ESSEX, seen_by_groups: false }),
            Err(AppError::NotFound)
        );
        assert_eq!(
            check(&commissioner(ESSEX), AskQuestion { organisation_id: ESSEX, seen_by_groups: true }),
            Err(AppError::NotAllowed),
            "commissioners answer questions; they do not ask them"
        );
    }

    #[test]
    fn only_the_bodys_commissioners_manage_and_decide() {
        for action in [DraftBrief { organisation_id: ESSEX }, ManageBrief { organisation_id: ESSEX }, Decide { organisation_id: ESSEX }] {
            assert!(check(&commissioner(ESSEX), action.clone()).is_ok());
            assert!(check(&commissioner(NHS), action.clone()).is_err());
            assert!(check(&coordinator(WHYNOT), action.clone()).is_err());
            assert!(check(&trainee(), action.clone()).is_err());
        }
        assert_eq!(check(&coordinator(WHYNOT), Decide { organisation_id: ESSEX }), Err(AppError::NotAllowed));
        assert_eq!(check(&commissioner(NHS), Decide { organisation_id: ESSEX }), Err(AppError::NotFound));
        assert_eq!(require(None, Action::Commissioning(Decide { organisation_id: ESSEX })), Err(AppError::NotSignedIn));
    }

    #[test]
    fn a_groups_response_is_its_own() {
        assert!(check(&coordinator(WHYNOT), WriteResponse { group_id: WHYNOT }).is_ok());
        assert_eq!(check(&member(WHYNOT), WriteResponse { group_id: WHYNOT }), Err(AppError::NotAllowed));
        assert_eq!(check(&coordinator(SESURG), WriteResponse { group_id: WHYNOT }), Err(AppError::NotFound));
        assert_eq!(check(&commissioner(ESSEX), WriteResponse { group_id: WHYNOT }), Err(AppError::NotFound));
        assert!(check(&member(WHYNOT), CommentOnResponse { group_id: WHYNOT }).is_ok());
        assert_eq!(check(&member(SESURG), CommentOnResponse { group_id: WHYNOT }), Err(AppError::NotFound));

        let draft = ViewResponse { group_id: WHYNOT, brief_organisation_id: ESSEX, ever_submitted: false };
        let sent = ViewResponse { group_id: WHYNOT, brief_organisation_id: ESSEX, ever_submitted: true };
        assert!(check(&member(WHYNOT), draft.clone()).is_ok());
        assert_eq!(check(&commissioner(ESSEX), draft), Err(AppError::NotFound), "drafts are the group's own");
        assert!(check(&commissioner(ESSEX), sent.clone()).is_ok());
        for refused in [member(SESURG), coordinator(SESURG), commissioner(NHS), trainee(), trainer()] {
            assert_eq!(check(&refused, sent.clone()), Err(AppError::NotFound));
        }
    }

    #[test]
    fn alerts_are_for_coordinators() {
        // (Who sees a project is a projects rule: see authz/projects.rs.)
        assert!(check(&coordinator(WHYNOT), ManageAlerts { group_id: WHYNOT }).is_ok());
        assert_eq!(check(&member(WHYNOT), ManageAlerts { group_id: WHYNOT }), Err(AppError::NotAllowed));
    }

    #[test]
    fn browsing_is_for_groups_and_commissioners() {
        assert!(check(&member(WHYNOT), BrowseBriefs).is_ok());
        assert!(check(&commissioner(NHS), BrowseBriefs).is_ok());
        assert_eq!(check(&trainee(), BrowseBriefs), Err(AppError::NotAllowed));
        assert_eq!(check(&trainer(), BrowseBriefs), Err(AppError::NotAllowed));
    }
}
