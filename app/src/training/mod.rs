//! Training: research-skills courses and modules, cohorts and their sessions,
//! attendance, progress, knowledge checks, the learning log, certificates and graduation.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod curriculum;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

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

// ---- What the pages show ----

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingHome {
    pub studying: Vec<StudyCard>,
    pub running: Vec<CohortCard>,
    pub courses: Vec<CourseCard>,
    /// Training providers where this person may write courses.
    pub providers: Vec<(i64, String)>,
    /// Whether this person coordinates a research group, so may look for graduates.
    pub finds_graduates: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudyCard {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub course_title: String,
    pub done: usize,
    pub total: usize,
    pub certificate_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortCard {
    pub id: i64,
    pub name: String,
    pub course_title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub enrolled: i64,
    pub capacity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseCard {
    pub id: i64,
    pub title: String,
    pub organisation_name: String,
    pub modules: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoursePage {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub description_html: String,
    pub organisation_name: String,
    pub modules: Vec<ModuleRow>,
    pub cohorts: Vec<CohortCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleRow {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub minutes: i64,
    pub questions: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CohortPage {
    Trainer(Box<TrainerCohort>),
    Trainee(Box<TraineeCohort>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortFacts {
    pub id: i64,
    pub name: String,
    pub course_id: i64,
    pub course_title: String,
    pub organisation_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: i64,
    pub location: String,
    pub min_attendance: i64,
    pub trainers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleHead {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: i64,
    pub on_date: String,
    pub at_time: String,
    pub place: String,
    pub online: bool,
    pub covers: Vec<(i64, String)>,
    pub past: bool,
    pub marked: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRow {
    pub id: i64,
    pub code: String,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub states: Vec<ModuleState>,
    pub required_done: usize,
    pub attended: usize,
    pub attendance_percent: Option<u32>,
    pub meets_rule: bool,
    pub certificate: Option<CertificateRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionHead {
    pub id: i64,
    pub author: String,
    pub module_title: String,
    pub written_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerCohort {
    pub cohort: CohortFacts,
    pub modules: Vec<ModuleHead>,
    pub trainees: Vec<TraineeRow>,
    pub sessions: Vec<SessionRow>,
    pub pending_invitations: Vec<(i64, String, String)>,
    pub awaiting_feedback: Vec<ReflectionHead>,
    /// Shared entries that already have feedback.
    pub answered: Vec<ReflectionHead>,
    /// Research groups the viewer leads, to invite graduates into.
    pub groups_led: Vec<(i64, String)>,
    /// The provider's other trainers, who could be added to this cohort.
    pub other_trainers: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeModule {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub minutes: i64,
    pub state: ModuleState,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeSession {
    pub id: i64,
    pub on_date: String,
    pub at_time: String,
    pub place: String,
    pub online: bool,
    pub covers: Vec<(i64, String, ModuleState)>,
    pub past: bool,
    pub status: Option<Attendance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeCohort {
    pub cohort: CohortFacts,
    pub summary: String,
    pub modules: Vec<TraineeModule>,
    pub done: usize,
    pub sessions: Vec<TraineeSession>,
    pub attended: usize,
    pub required_total: usize,
    pub required_done: usize,
    pub certificate_code: Option<String>,
}

impl TraineeCohort {
    /// Sessions already held that this trainee missed, with the modules still to catch up.
    pub fn catch_up(&self) -> Vec<&TraineeSession> {
        self.sessions
            .iter()
            .filter(|s| s.past && !s.status.is_some_and(Attendance::attended))
            .filter(|s| s.covers.iter().any(|(_, _, state)| *state != ModuleState::Complete))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub options: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerFeedback {
    pub question_id: i64,
    pub option_id: i64,
    pub correct: bool,
    pub feedback: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub score: i64,
    pub passed: bool,
    pub answers: Vec<AnswerFeedback>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyView {
    pub author: String,
    pub body_html: String,
    pub written_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionView {
    pub id: i64,
    pub author: String,
    pub module_title: String,
    pub body_html: String,
    pub shared: bool,
    pub written_on: String,
    pub replies: Vec<ReplyView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModulePage {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub course_title: String,
    pub id: i64,
    pub position: i64,
    pub module_count: i64,
    pub title: String,
    pub minutes: i64,
    pub outcomes: Vec<String>,
    pub body_html: String,
    pub read: bool,
    pub questions: Vec<QuestionView>,
    pub pass_mark: i64,
    pub last_attempt: Option<AttemptView>,
    pub passed: bool,
    pub state: ModuleState,
    pub reflection_prompt: String,
    pub reflections: Vec<ReflectionView>,
    pub previous: Option<i64>,
    pub next: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionPage {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub reflection: ReflectionView,
    pub can_reply: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub user_id: i64,
    pub name: String,
    pub status: Option<Attendance>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPage {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub session: SessionRow,
    pub rows: Vec<AttendanceRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortInvitationView {
    pub cohort_name: String,
    pub course_title: String,
    pub organisation_name: String,
    pub email: String,
    pub invited_by: Option<String>,
    pub account_exists: bool,
    pub signed_in_as: Option<String>,
    pub places_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub holder: String,
    pub course_title: String,
    pub cohort_name: String,
    pub organisation_name: String,
    pub issued_on: String,
    pub code: String,
    pub revoked: bool,
    pub cohort_id: i64,
    /// Whether the viewer is the holder (only they may say they seek a group).
    pub is_holder: bool,
    /// Whether the holder has said they would like to join a research group.
    pub seeking_group: bool,
}

/// A graduate who said they would like to join a citizen research group. No e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeekingGraduate {
    pub user_id: i64,
    pub name: String,
    pub course_title: String,
    pub cohort_name: String,
    pub certified_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraduatesPage {
    pub graduates: Vec<SeekingGraduate>,
    /// The research groups the viewer coordinates, to invite graduates into.
    pub groups: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorQuestion {
    pub id: i64,
    pub kind: String,
    pub text: String,
    /// (text, correct, feedback)
    pub options: Vec<(String, bool, String)>,
}

/// Options typed one to a line as `answer | feedback`, the right one starting with `*`.
/// Returns (text, correct, feedback) for each, or a message for the person.
pub fn parse_options(raw: &str) -> Result<Vec<(String, bool, String)>, String> {
    let options: Vec<(String, bool, String)> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (correct, line) = match line.strip_prefix('*') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let (text, feedback) = line.split_once('|').unwrap_or((line, ""));
            (text.trim().to_string(), correct, feedback.trim().to_string())
        })
        .collect();
    if options.len() < 2 {
        return Err("Give at least two answers, one on each line".into());
    }
    if options.len() > 8 {
        return Err("Give at most eight answers".into());
    }
    if options.iter().any(|(text, ..)| text.is_empty() || text.chars().count() > 500) {
        return Err("Each answer needs some words before the |, and at most 500 characters".into());
    }
    if options.iter().filter(|(_, correct, _)| *correct).count() != 1 {
        return Err("Mark exactly one answer as right by starting its line with *".into());
    }
    Ok(options)
}

/// What the public verification page may say about a code: nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verification {
    Valid,
    Revoked,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleEditor {
    pub course_id: i64,
    pub course_title: String,
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub minutes: i64,
    pub outcomes: String,
    pub body: String,
    pub reflection_prompt: String,
    pub pass_mark: i64,
    pub version: i64,
    pub questions: i64,
    pub check: Vec<EditorQuestion>,
    /// The preview, from the unsaved draft when there is one.
    pub preview_html: String,
    pub is_draft: bool,
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
