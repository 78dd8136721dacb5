//! Training: research-skills courses and modules, cohorts and their sessions,
//! attendance, progress, knowledge checks, the learning log, certificates and graduation.
//!
//! One folder per sub-feature, each with its pages, server functions (api), service and
//! the view types its pages show. The cohort context loader (`cohort_ctx`) and the
//! progress facts (`progress`) are shared by all of them.

pub mod attendance;
pub mod certificates;
pub mod cohorts;
pub mod courses;
pub mod enrolment;
pub mod graduation;
pub mod home;
pub mod learning_log;
pub mod pages;
pub mod study;
#[cfg(feature = "ssr")]
pub mod api_support;
#[cfg(feature = "ssr")]
pub mod cohort_ctx;
#[cfg(feature = "ssr")]
pub mod curriculum;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod progress;

use serde::{Deserialize, Serialize};

// The view types, by sub-feature, so pages and tests can name them as `training::X`.
pub use attendance::views::*;
pub use certificates::views::*;
pub use cohorts::views::*;
pub use courses::views::*;
pub use enrolment::views::*;
pub use graduation::views::*;
pub use home::views::*;
pub use learning_log::views::*;
pub use study::views::*;

/// How a trainee took part in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attendance {
    Present,
    Remote,
    Apologies,
    Absent,
}

impl Attendance {
    pub const ALL: [Attendance; 4] = [Attendance::Present, Attendance::Remote, Attendance::Apologies, Attendance::Absent];

    pub fn as_str(self) -> &'static str {
        match self {
            Attendance::Present => "present",
            Attendance::Remote => "remote",
            Attendance::Apologies => "apologies",
            Attendance::Absent => "absent",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Attendance::Present => "Present",
            Attendance::Remote => "Joined online",
            Attendance::Apologies => "Sent apologies",
            Attendance::Absent => "Absent",
        }
    }

    /// Present in the room or online counts as attending.
    pub fn attended(self) -> bool {
        matches!(self, Attendance::Present | Attendance::Remote)
    }
}

/// Where a trainee is with one module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModuleState {
    NotStarted,
    /// Read, but its knowledge check is not yet passed.
    CheckToDo,
    Complete,
}

impl ModuleState {
    pub fn of(read: bool, has_check: bool, passed: bool) -> Self {
        match (read, has_check, passed) {
            (true, false, _) | (true, true, true) => ModuleState::Complete,
            (true, true, false) => ModuleState::CheckToDo,
            // Passing the check before marking it read still needs the reading.
            (false, ..) => ModuleState::NotStarted,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ModuleState::NotStarted => "Not started",
            ModuleState::CheckToDo => "Read: knowledge check to do",
            ModuleState::Complete => "Complete",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            ModuleState::NotStarted => "–",
            ModuleState::CheckToDo => "Read",
            ModuleState::Complete => "Done",
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            ModuleState::NotStarted => "state-not-started",
            ModuleState::CheckToDo => "state-check",
            ModuleState::Complete => "state-complete",
        }
    }
}

/// The completion rule: every required module complete, and attendance at or above the
/// cohort's minimum (a percentage of its sessions). A cohort without sessions asks for none.
pub fn meets_completion_rule(required_done: usize, required_total: usize, attended: usize, sessions: usize, min_attendance: i64) -> bool {
    required_done >= required_total && attendance_met(attended, sessions, min_attendance)
}

pub fn attendance_met(attended: usize, sessions: usize, min_attendance: i64) -> bool {
    sessions == 0 || (attended as i64) * 100 >= min_attendance * sessions as i64
}

/// A whole-number percentage, rounded down; `None` when there is nothing to count.
pub fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| (part * 100 / whole) as u32)
}

/// A knowledge check's score and whether it passes (at or above the pass mark).
pub fn score(correct: usize, questions: usize, pass_mark: i64) -> (i64, bool) {
    if questions == 0 {
        return (100, true);
    }
    let score = (correct * 100 / questions) as i64;
    (score, score >= pass_mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_is_complete_when_read_and_its_check_passed() {
        assert_eq!(ModuleState::of(false, false, false), ModuleState::NotStarted);
        assert_eq!(ModuleState::of(true, false, false), ModuleState::Complete);
        assert_eq!(ModuleState::of(true, true, false), ModuleState::CheckToDo);
        assert_eq!(ModuleState::of(true, true, true), ModuleState::Complete);
        assert_eq!(ModuleState::of(false, true, true), ModuleState::NotStarted, "passing without reading is not enough");
    }

    #[test]
    fn attendance_exactly_at_the_threshold_counts() {
        assert!(attendance_met(3, 4, 75));
        assert!(!attendance_met(2, 4, 75));
        assert!(attendance_met(0, 0, 75), "no sessions, nothing to attend");
        assert!(meets_completion_rule(12, 12, 3, 4, 75));
        assert!(!meets_completion_rule(11, 12, 4, 4, 75));
        assert!(!meets_completion_rule(12, 12, 2, 4, 75));
    }

    #[test]
    fn scores_round_down_and_pass_at_the_mark() {
        assert_eq!(score(3, 5, 60), (60, true));
        assert_eq!(score(2, 3, 67), (66, false));
        assert_eq!(score(0, 0, 60), (100, true));
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn options_are_typed_one_to_a_line() {
        let options = parse_options("* True | Yes, that is right\nFalse | Not quite\n\n").unwrap();
        assert_eq!(options.len(), 2);
        assert_eq!(options[0], ("True".into(), true, "Yes, that is right".into()));
        assert_eq!(options[1], ("False".into(), false, "Not quite".into()));
        assert!(parse_options("* One").unwrap_err().contains("at least two"));
        assert!(parse_options("One\nTwo").unwrap_err().contains("exactly one"));
        assert!(parse_options("* One\n* Two").unwrap_err().contains("exactly one"));
        assert!(parse_options("* | feedback only\nTwo").is_err());
    }

    #[test]
    fn attendance_labels_round_trip() {
        for a in Attendance::ALL {
            assert_eq!(Attendance::parse(a.as_str()), Some(a));
        }
        assert!(Attendance::Remote.attended());
        assert!(!Attendance::Apologies.attended());
        assert_eq!(Attendance::parse("late"), None);
    }
}
