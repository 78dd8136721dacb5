//! How an application moves between states, as a rule over states only (the services
//! apply it with a conditional UPDATE, so of two people acting at once one wins).
//!
//! draft → submitted → further information requested → (answered) submitted →
//! approved with conditions / approved / not approved; withdrawn by the managers any
//! time before a decision; an amendment of an approved application is a new numbered
//! version that goes back to submitted.

use crate::projects::ethics::ApplicationState;
use ApplicationState::*;

/// Something that moves an application on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submit,
    RequestInformation,
    Answer,
    Decide(Outcome),
    Withdraw,
    Amend,
}

/// What a committee decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Approved,
    ApprovedWithConditions,
    NotApproved,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Approved, Outcome::ApprovedWithConditions, Outcome::NotApproved];

    pub fn state(self) -> ApplicationState {
        match self {
            Outcome::Approved => Approved,
            Outcome::ApprovedWithConditions => ApprovedWithConditions,
            Outcome::NotApproved => NotApproved,
        }
    }

    pub fn parse(value: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.state().as_str() == value)
    }
}

impl Step {
    /// The states this step may start from.
    pub fn from_states(self) -> &'static [ApplicationState] {
        match self {
            Step::Submit => &[Draft],
            Step::RequestInformation | Step::Decide(_) => &[Submitted],
            Step::Answer => &[InformationRequested],
            Step::Withdraw => &[Draft, Submitted, InformationRequested],
            Step::Amend => &[Approved, ApprovedWithConditions],
        }
    }

    /// The state after the step.
    pub fn to_state(self) -> ApplicationState {
        match self {
            Step::Submit | Step::Answer | Step::Amend => Submitted,
            Step::RequestInformation => InformationRequested,
            Step::Decide(outcome) => outcome.state(),
            Step::Withdraw => Withdrawn,
        }
    }

    /// What it is called in "cannot ..." messages.
    fn doing(self) -> &'static str {
        match self {
            Step::Submit => "send an application that is not a draft",
            Step::RequestInformation => "ask for further information unless the application is waiting for review",
            Step::Answer => "answer unless further information was asked for",
            Step::Decide(_) => "record a decision unless the application is waiting for review",
            Step::Withdraw => "withdraw an application once it has been decided",
            Step::Amend => "amend an application until it is approved",
        }
    }
}

/// The state after `step`, or why it cannot happen from `from`.
pub fn next(from: ApplicationState, step: Step) -> Result<ApplicationState, String> {
    if step.from_states().contains(&from) {
        Ok(step.to_state())
    } else {
        Err(format!("This application is {}. You cannot {}.", from.label().to_lowercase(), step.doing()))
    }
}

/// Whether a document may be changed by a small fix with a note (after sending, and not
/// once the application is closed).
pub fn allows_small_fix(state: ApplicationState) -> bool {
    matches!(state, Submitted | InformationRequested | Approved | ApprovedWithConditions)
}

/// The version an amendment makes.
pub fn amendment_version(current: i64) -> i64 {
    current + 1
}

/// "Version 1", then "Version 2 (amendment)" and so on.
pub fn version_label(version_no: i64) -> String {
    if version_no > 1 {
        format!("Version {version_no} (amendment)")
    } else {
        format!("Version {version_no}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_way_through() {
        let submitted = next(Draft, Step::Submit).unwrap();
        assert_eq!(submitted, Submitted);
        let asked = next(submitted, Step::RequestInformation).unwrap();
        assert_eq!(asked, InformationRequested);
        let answered = next(asked, Step::Answer).unwrap();
        assert_eq!(answered, Submitted);
        assert_eq!(next(answered, Step::Decide(Outcome::ApprovedWithConditions)), Ok(ApprovedWithConditions));
        assert_eq!(next(Submitted, Step::Decide(Outcome::NotApproved)), Ok(NotApproved));
    }

    #[test]
    fn no_decision_without_a_submission_and_none_twice() {
        for from in [Draft, InformationRequested, Approved, ApprovedWithConditions, NotApproved, Withdrawn] {
            assert!(next(from, Step::Decide(Outcome::Approved)).is_err(), "{from:?}");
        }
        assert!(next(Draft, Step::RequestInformation).is_err());
        assert!(next(Submitted, Step::Answer).is_err());
        assert!(next(Submitted, Step::Submit).is_err());
    }

    #[test]
    fn withdrawal_only_before_a_decision() {
        for from in [Draft, Submitted, InformationRequested] {
            assert_eq!(next(from, Step::Withdraw), Ok(Withdrawn));
        }
        for from in [Approved, ApprovedWithConditions, NotApproved, Withdrawn] {
            let refused = next(from, Step::Withdraw).unwrap_err();
            assert!(refused.contains("once it has been decided"), "{refused}");
        }
    }

    #[test]
    fn an_amendment_goes_back_to_submitted_as_the_next_version() {
        assert_eq!(next(Approved, Step::Amend), Ok(Submitted));
        assert_eq!(next(ApprovedWithConditions, Step::Amend), Ok(Submitted));
        assert!(next(Submitted, Step::Amend).is_err());
        assert!(next(NotApproved, Step::Amend).is_err());
        assert_eq!(amendment_version(1), 2);
        assert_eq!(amendment_version(amendment_version(1)), 3);
        assert_eq!(version_label(1), "Version 1");
        assert_eq!(version_label(2), "Version 2 (amendment)");
    }

    #[test]
    fn small_fixes_after_sending_until_closed() {
        assert!(!allows_small_fix(Draft));
        assert!(allows_small_fix(Submitted));
        assert!(allows_small_fix(ApprovedWithConditions));
        assert!(!allows_small_fix(Withdrawn));
        assert!(!allows_small_fix(NotApproved));
    }

    #[test]
    fn outcomes_read_from_forms() {
        assert_eq!(Outcome::parse("approved_with_conditions"), Some(Outcome::ApprovedWithConditions));
        assert_eq!(Outcome::parse("withdrawn"), None);
    }
}
