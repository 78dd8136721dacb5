//! Training: who may see and change courses, cohorts, attendance, learning logs and certificates.
//! Each action carries the facts its rule needs, loaded by the service beforehand.
//!
//! Trainees are not members of the training provider: they are enrolled in a cohort.
//! Trainers run the cohorts they are named on; a lead trainer of the provider runs all of
//! its cohorts. Administrators look after organisations, not people's training records.

use crate::identity::Actor;
use crate::error::AppError;
use crate::identity::{OrgKind, Role};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainingAction {
    /// See one's own training page (anyone signed in).
    UseTraining,
    /// Write and edit a provider's courses and start cohorts of them: its trainers.
    AuthorCourses { organisation_id: i64 },
    /// Run a cohort (invite, schedule, mark attendance, see progress, certificates,
    /// graduation, export): its own trainers, or a lead trainer of the provider.
    RunCohort { organisation_id: i64, is_cohort_trainer: bool },
    /// Study in a cohort: read modules, answer checks, write reflections, send apologies.
    Study { is_enrolled: bool },
    /// Read a learning-log entry: its author always; the cohort's trainers only when it is shared.
    ReadReflection { author_id: i64, shared: bool, runs_cohort: bool },
    /// Reply to a shared learning-log entry: the cohort's trainers.
    ReplyToReflection { shared: bool, runs_cohort: bool },
    /// Open a certificate's printable page: its holder, or the cohort's trainers.
    ViewCertificate { holder_id: i64, runs_cohort: bool },
    /// Say one would (or no longer would) like to join a research group, so that coordinators
    /// may see and invite one: only the holder of a valid certificate, for themself.
    SeekGroup { holder_id: i64, valid: bool },
    /// See the graduates looking for a group: coordinators (leads) of research groups.
    FindGraduates,
    /// Invite a graduate looking for a group into a research group: its coordinators.
    InviteGraduateToGroup { organisation_id: i64 },
}

fn is_trainer_of(actor: &Actor, organisation_id: i64) -> bool {
    actor
        .membership(organisation_id)
        .is_some_and(|m| m.kind == OrgKind::TrainingProvider && m.role == Role::Trainer)
}

/// A lead *trainer*: a lead whose role was lowered to academic supporter runs no cohort.
fn leads_provider(actor: &Actor, organisation_id: i64) -> bool {
    is_trainer_of(actor, organisation_id) && actor.membership(organisation_id).is_some_and(|m| m.is_lead)
}

fn coordinates_group(actor: &Actor, organisation_id: i64) -> bool {
    actor.membership(organisation_id).is_some_and(|m| m.kind == OrgKind::ResearchGroup && m.is_lead)
}

fn coordinates_any_group(actor: &Actor) -> bool {
    actor.memberships.iter().any(|m| m.kind == OrgKind::ResearchGroup && m.is_lead)
}

pub(super) fn may(actor: &Actor, action: &TrainingAction) -> bool {
    match *action {
        TrainingAction::UseTraining => true,
        TrainingAction::AuthorCourses { organisation_id } => is_trainer_of(actor, organisation_id),
        TrainingAction::RunCohort { organisation_id, is_cohort_trainer } => {
            // Named on the cohort is not enough: they must still be a trainer of the provider
            // (memberships are read afresh on every request, so a lowered or removed
            // trainer loses the cohort at once).
            (is_cohort_trainer && is_trainer_of(actor, organisation_id)) || leads_provider(actor, organisation_id)
        }
        TrainingAction::Study { is_enrolled } => is_enrolled,
        TrainingAction::ReadReflection { author_id, shared, runs_cohort } => {
            author_id == actor.user_id || (shared && runs_cohort)
        }
        TrainingAction::ReplyToReflection { shared, runs_cohort } => shared && runs_cohort,
        TrainingAction::ViewCertificate { holder_id, runs_cohort } => holder_id == actor.user_id || runs_cohort,
        TrainingAction::SeekGroup { holder_id, valid } => holder_id == actor.user_id && valid,
        TrainingAction::FindGraduates => coordinates_any_group(actor),
        TrainingAction::InviteGraduateToGroup { organisation_id } => coordinates_group(actor, organisation_id),
    }
}

/// People inside the provider are told they may not; everyone else learns nothing.
pub(super) fn refusal(actor: &Actor, action: &TrainingAction) -> AppError {
    match *action {
        TrainingAction::AuthorCourses { organisation_id } | TrainingAction::RunCohort { organisation_id, .. }
            if actor.is_member(organisation_id) =>
        {
            AppError::NotAllowed
        }
        TrainingAction::ReplyToReflection { runs_cohort: true, .. } => AppError::NotAllowed,
        TrainingAction::SeekGroup { holder_id, .. } if holder_id == actor.user_id => AppError::NotAllowed,
        TrainingAction::InviteGraduateToGroup { .. } if coordinates_any_group(actor) => AppError::NotAllowed,
        _ => AppError::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authz::{require, Action};
    use crate::identity::MyMembership;

    const ARU: i64 = 7;
    const OTHER_PROVIDER: i64 = 8;

    fn at(organisation_id: i64, kind: OrgKind, role: Role, is_lead: bool) -> MyMembership {
        MyMembership {
            organisation_id,
            organisation_name: "Org".into(),
            organisation_slug: "org".into(),
            kind,
            role,
            is_lead,
        }
    }

    fn person(user_id: i64, memberships: Vec<MyMembership>) -> Actor {
        Actor { user_id, is_admin: false, memberships }
    }

    fn trainer() -> Actor {
        person(1, vec![at(ARU, OrgKind::TrainingProvider, Role::Trainer, false)])
    }
    fn lead_trainer() -> Actor {
        person(2, vec![at(ARU, OrgKind::TrainingProvider, Role::Trainer, true)])
    }
    fn supporter() -> Actor {
        person(3, vec![at(ARU, OrgKind::TrainingProvider, Role::AcademicSupporter, false)])
    }
    fn trainee() -> Actor {
        person(4, vec![])
    }
    fn other_trainee() -> Actor {
        person(5, vec![])
    }
    fn outsider() -> Actor {
        person(6, vec![at(1, OrgKind::ResearchGroup, Role::Coordinator, true)])
    }
    fn admin() -> Actor {
        Actor { user_id: 9, is_admin: true, memberships: vec![] }
    }

    fn check(actor: &Actor, action: TrainingAction) -> Result<(), AppError> {
        require(Some(actor), Action::Training(action))
    }

    #[test]
    fn only_the_providers_trainers_author_its_courses() {
        assert!(check(&trainer(), TrainingAction::AuthorCourses { organisation_id: ARU }).is_ok());
        assert_eq!(check(&supporter(), TrainingAction::AuthorCourses { organisation_id: ARU }), Err(AppError::NotAllowed));
        assert_eq!(
            check(&trainer(), TrainingAction::AuthorCourses { organisation_id: OTHER_PROVIDER }),
            Err(AppError::NotFound)
        );
        assert_eq!(check(&trainee(), TrainingAction::AuthorCourses { organisation_id: ARU }), Err(AppError::NotFound));
        assert_eq!(check(&admin(), TrainingAction::AuthorCourses { organisation_id: ARU }), Err(AppError::NotFound));
    }

    #[test]
    fn a_trainer_runs_only_their_own_cohorts_unless_they_lead_the_provider() {
        let own = TrainingAction::RunCohort { organisation_id: ARU, is_cohort_trainer: true };
        let another = TrainingAction::RunCohort { organisation_id: ARU, is_cohort_trainer: false };
        assert!(check(&trainer(), own.clone()).is_ok());
        assert_eq!(check(&trainer(), another.clone()), Err(AppError::NotAllowed), "trainer of another cohort");
        assert!(check(&lead_trainer(), another.clone()).is_ok());
        assert_eq!(check(&trainee(), another.clone()), Err(AppError::NotFound));
        assert_eq!(check(&outsider(), another.clone()), Err(AppError::NotFound));
        assert_eq!(check(&admin(), another.clone()), Err(AppError::NotFound), "administrators do not see training records");
        assert_eq!(require(None, Action::Training(own.clone())), Err(AppError::NotSignedIn));
        // A trainer lowered to academic supporter, or a lead whose role was lowered, runs nothing.
        assert_eq!(check(&supporter(), own.clone()), Err(AppError::NotAllowed), "named on the cohort, no longer a trainer");
        let lowered_lead = person(7, vec![at(ARU, OrgKind::TrainingProvider, Role::AcademicSupporter, true)]);
        assert_eq!(check(&lowered_lead, own), Err(AppError::NotAllowed));
        assert_eq!(check(&lowered_lead, another), Err(AppError::NotAllowed));
    }

    #[test]
    fn only_enrolled_trainees_study() {
        assert!(check(&trainee(), TrainingAction::Study { is_enrolled: true }).is_ok());
        assert_eq!(check(&other_trainee(), TrainingAction::Study { is_enrolled: false }), Err(AppError::NotFound));
        assert_eq!(check(&trainer(), TrainingAction::Study { is_enrolled: false }), Err(AppError::NotFound));
    }

    #[test]
    fn private_reflections_are_private_even_from_trainers() {
        let private = |runs_cohort| TrainingAction::ReadReflection { author_id: 4, shared: false, runs_cohort };
        let shared = |runs_cohort| TrainingAction::ReadReflection { author_id: 4, shared: true, runs_cohort };
        assert!(check(&trainee(), private(false)).is_ok(), "the author reads their own");
        assert_eq!(check(&trainer(), private(true)), Err(AppError::NotFound), "the cohort's trainer cannot");
        assert_eq!(check(&lead_trainer(), private(true)), Err(AppError::NotFound));
        assert!(check(&trainer(), shared(true)).is_ok());
        assert_eq!(check(&trainer(), shared(false)), Err(AppError::NotFound), "trainer of another cohort");
        assert_eq!(check(&other_trainee(), shared(false)), Err(AppError::NotFound), "another trainee");
        assert_eq!(check(&admin(), shared(false)), Err(AppError::NotFound));
    }

    #[test]
    fn trainers_reply_only_to_shared_reflections_of_their_cohort() {
        assert!(check(&trainer(), TrainingAction::ReplyToReflection { shared: true, runs_cohort: true }).is_ok());
        assert_eq!(
            check(&trainer(), TrainingAction::ReplyToReflection { shared: false, runs_cohort: true }),
            Err(AppError::NotAllowed)
        );
        assert_eq!(
            check(&trainee(), TrainingAction::ReplyToReflection { shared: true, runs_cohort: false }),
            Err(AppError::NotFound)
        );
    }

    #[test]
    fn certificates_are_seen_by_their_holder_and_the_cohorts_trainers() {
        assert!(check(&trainee(), TrainingAction::ViewCertificate { holder_id: 4, runs_cohort: false }).is_ok());
        assert!(check(&trainer(), TrainingAction::ViewCertificate { holder_id: 4, runs_cohort: true }).is_ok());
        assert_eq!(
            check(&other_trainee(), TrainingAction::ViewCertificate { holder_id: 4, runs_cohort: false }),
            Err(AppError::NotFound)
        );
    }

    const GROUP: i64 = 1;
    const OTHER_GROUP: i64 = 2;

    fn group_member() -> Actor {
        person(10, vec![at(GROUP, OrgKind::ResearchGroup, Role::Member, false)])
    }
    fn commissioner() -> Actor {
        person(11, vec![at(20, OrgKind::Commissioner, Role::Commissioner, true)])
    }

    #[test]
    fn only_the_holder_of_a_valid_certificate_says_they_seek_a_group() {
        assert!(check(&trainee(), TrainingAction::SeekGroup { holder_id: 4, valid: true }).is_ok());
        assert_eq!(
            check(&trainee(), TrainingAction::SeekGroup { holder_id: 4, valid: false }),
            Err(AppError::NotAllowed),
            "a revoked certificate"
        );
        assert_eq!(check(&other_trainee(), TrainingAction::SeekGroup { holder_id: 4, valid: true }), Err(AppError::NotFound));
        assert_eq!(check(&trainer(), TrainingAction::SeekGroup { holder_id: 4, valid: true }), Err(AppError::NotFound));
        assert_eq!(check(&outsider(), TrainingAction::SeekGroup { holder_id: 4, valid: true }), Err(AppError::NotFound));
        assert_eq!(check(&admin(), TrainingAction::SeekGroup { holder_id: 4, valid: true }), Err(AppError::NotFound));
    }

    #[test]
    fn only_coordinators_of_research_groups_find_graduates() {
        // outsider() coordinates research group 1.
        assert!(check(&outsider(), TrainingAction::FindGraduates).is_ok());
        assert_eq!(check(&group_member(), TrainingAction::FindGraduates), Err(AppError::NotFound), "a plain member");
        assert_eq!(check(&trainee(), TrainingAction::FindGraduates), Err(AppError::NotFound));
        assert_eq!(check(&lead_trainer(), TrainingAction::FindGraduates), Err(AppError::NotFound));
        assert_eq!(check(&commissioner(), TrainingAction::FindGraduates), Err(AppError::NotFound));
        assert_eq!(check(&admin(), TrainingAction::FindGraduates), Err(AppError::NotFound));
        assert_eq!(require(None, Action::Training(TrainingAction::FindGraduates)), Err(AppError::NotSignedIn));
    }

    #[test]
    fn coordinators_invite_graduates_only_into_groups_they_coordinate() {
        let into = |organisation_id| TrainingAction::InviteGraduateToGroup { organisation_id };
        assert!(check(&outsider(), into(GROUP)).is_ok());
        assert_eq!(check(&outsider(), into(OTHER_GROUP)), Err(AppError::NotAllowed), "another group");
        assert_eq!(check(&group_member(), into(GROUP)), Err(AppError::NotFound), "a plain member");
        assert_eq!(check(&trainee(), into(GROUP)), Err(AppError::NotFound));
        assert_eq!(check(&commissioner(), into(GROUP)), Err(AppError::NotFound));
        assert_eq!(check(&admin(), into(GROUP)), Err(AppError::NotFound));
    }

    #[test]
    fn everyone_signed_in_has_a_training_page() {
        assert!(check(&outsider(), TrainingAction::UseTraining).is_ok());
        assert_eq!(require(None, Action::Training(TrainingAction::UseTraining)), Err(AppError::NotSignedIn));
    }
}
