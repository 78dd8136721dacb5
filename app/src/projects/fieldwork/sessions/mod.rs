//! Fieldwork sessions and researchers' debriefs.
//!
//! A session (interview, focus group, survey or observation) is planned with its date, an
//! optional start time, its venue and the venue's access, and the researchers who will be
//! there; each researcher present is e-mailed a calendar invitation. Participants are added
//! by pseudonym code, each checked against their consent for that kind of session. Once it
//! has happened it is marked held, with its length and notes (both can be corrected
//! afterwards); or it is cancelled.
//! Recording a session or adding a participant needs ethics clearance.
//!
//! Who sees what: the project's researchers (lead, peer researchers, co-coders on the team)
//! plan and record sessions, read the notes and print the fieldwork pack; everyone else who
//! sees the project's work sees the sessions with codes only (never names, never notes) and
//! how many debriefs were done; the commissioner sees only the count of sessions held, on the
//! project page. A debrief is read only by its researcher and the supporter they named
//! (`authz::fieldwork`).
//!
//! Parts: `service` (plan, list, page, held, cancelled, notes corrected), `roster`
//! (participants added), `debriefs` (also the list on a supporter's dashboard), `notify`
//! (e-mails with calendar invitations), `calendar` (the .ics download), `pack` (the
//! printable fieldwork pack), `history` (every change, without content), `demo`.

pub mod api;
#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod debriefs;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod history;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod pack;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod roster;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::projects::consent::Activity;
use crate::ui::pagination::Paged;

/// The kinds of fieldwork session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionKind {
    Interview,
    FocusGroup,
    Survey,
    Observation,
}

impl SessionKind {
    pub const ALL: [SessionKind; 4] = [SessionKind::Interview, SessionKind::FocusGroup, SessionKind::Survey, SessionKind::Observation];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Interview => "interview",
            SessionKind::FocusGroup => "focus_group",
            SessionKind::Survey => "survey",
            SessionKind::Observation => "observation",
        }
    }

    pub fn parse(value: &str) -> Option<SessionKind> {
        SessionKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionKind::Interview => "Interview",
            SessionKind::FocusGroup => "Focus group",
            SessionKind::Survey => "Survey",
            SessionKind::Observation => "Observation",
        }
    }

    /// What a participant's consent must cover to take part.
    pub fn activity(self) -> Activity {
        match self {
            SessionKind::Interview => Activity::Interview,
            SessionKind::FocusGroup => Activity::FocusGroup,
            SessionKind::Survey => Activity::Survey,
            SessionKind::Observation => Activity::Observation,
        }
    }

    /// How long a calendar invitation blocks out before the real length is known.
    pub fn usual_minutes(self) -> i64 {
        match self {
            SessionKind::FocusGroup => 120,
            _ => 60,
        }
    }
}

/// Where a session is in its short life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionStatus {
    Planned,
    Held,
    Cancelled,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 3] = [SessionStatus::Planned, SessionStatus::Held, SessionStatus::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Planned => "planned",
            SessionStatus::Held => "held",
            SessionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<SessionStatus> {
        SessionStatus::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionStatus::Planned => "Planned",
            SessionStatus::Held => "Held",
            SessionStatus::Cancelled => "Cancelled",
        }
    }

    /// Participants may be added while it is planned, and to a held session (recording who
    /// came), never to a cancelled one.
    pub fn takes_participants(self) -> bool {
        self != SessionStatus::Cancelled
    }
}

/// What someone wants to do to a session's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    MarkHeld,
    Cancel,
}

/// The rule for a session's status: only a planned session is marked held (not before its
/// date) or cancelled; the message says why not, in words for the team.
pub fn next_status(current: SessionStatus, step: Step, held_on: &str, today: &str) -> Result<SessionStatus, String> {
    match (current, step) {
        (SessionStatus::Planned, Step::MarkHeld) if held_on > today => {
            Err("This session's date has not come yet. Mark it held on the day or after.".into())
        }
        (SessionStatus::Planned, Step::MarkHeld) => Ok(SessionStatus::Held),
        (SessionStatus::Planned, Step::Cancel) => Ok(SessionStatus::Cancelled),
        (SessionStatus::Held, _) => Err("This session has already been marked held.".into()),
        (SessionStatus::Cancelled, _) => Err("This session was cancelled.".into()),
    }
}

/// "2 of 2 debriefs done", for everyone who sees the project's work.
pub fn debriefs_line(done: i64, expected: i64) -> String {
    match expected {
        0 => "No researchers recorded, so no debriefs".to_string(),
        1 => format!("{done} of 1 debrief done"),
        n => format!("{done} of {n} debriefs done"),
    }
}

/// How a researcher is after a session, in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Feeling {
    VeryWell,
    Well,
    Okay,
    NotSoGood,
    Struggling,
}

impl Feeling {
    pub const ALL: [Feeling; 5] = [Feeling::VeryWell, Feeling::Well, Feeling::Okay, Feeling::NotSoGood, Feeling::Struggling];

    pub fn as_str(self) -> &'static str {
        match self {
            Feeling::VeryWell => "very_well",
            Feeling::Well => "well",
            Feeling::Okay => "okay",
            Feeling::NotSoGood => "not_so_good",
            Feeling::Struggling => "struggling",
        }
    }

    pub fn parse(value: &str) -> Option<Feeling> {
        Feeling::ALL.into_iter().find(|f| f.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Feeling::VeryWell => "Very well",
            Feeling::Well => "Well",
            Feeling::Okay => "Okay",
            Feeling::NotSoGood => "Not so good",
            Feeling::Struggling => "I am struggling",
        }
    }
}

/// A session in the list: no names, no notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: i64,
    pub kind: String,
    /// Readable date, e.g. "14 March 2027".
    pub date: String,
    pub starts_at: Option<String>,
    pub venue: String,
    pub status: String,
    pub researchers: Vec<String>,
    pub participants: i64,
    pub debriefs_done: i64,
    pub debriefs_expected: i64,
}

/// A debrief shared with its reader, as a line in a list (no content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedDebrief {
    pub id: i64,
    pub session_id: i64,
    pub author: String,
    pub session_kind: String,
    pub session_date: String,
    pub wants_support: bool,
    pub updated: String,
}

/// A debrief shared with a supporter, as a line on their dashboard: which project and
/// session, whose, and whether they asked for support. Never what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportedDebrief {
    pub id: i64,
    pub project_id: i64,
    pub project_title: String,
    pub session_id: i64,
    pub session_kind: String,
    pub session_date: String,
    pub author: String,
    pub wants_support: bool,
}

/// The newest debriefs shared with a supporter across their projects, and how many more
/// there are (those are on each project's fieldwork page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebriefsForSupporter {
    pub items: Vec<SupportedDebrief>,
    pub more: i64,
}

/// The fieldwork page: the sessions (newest first) and, for researchers, the form to plan one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldworkPage {
    pub today: String,
    pub project_id: i64,
    pub project_title: String,
    pub is_researcher: bool,
    /// Why sessions cannot be recorded yet (empty once ethics approval is complete).
    pub clearance_missing: Vec<String>,
    /// The project's researchers who may be present: (user id, name).
    pub researchers: Vec<(i64, String)>,
    pub me: i64,
    pub held: i64,
    pub list: Paged<SessionSummary>,
    /// Debriefs whose authors named the caller as their supporter.
    pub shared_with_me: Vec<SharedDebrief>,
}

/// A participant on a session, by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionParticipant {
    pub id: i64,
    pub code: String,
    pub withdrawn_on: Option<String>,
}

/// One debrief, for its author or the supporter they named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebriefView {
    pub id: i64,
    pub author: String,
    pub feeling: String,
    pub feeling_label: String,
    pub upsetting: String,
    pub wants_support: bool,
    pub supporter_id: Option<i64>,
    pub supporter: Option<String>,
    pub updated: String,
}

/// A session's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPage {
    pub today: String,
    pub project_id: i64,
    pub project_title: String,
    pub id: i64,
    pub kind: String,
    pub kind_label: String,
    /// YYYY-MM-DD, and as people read it.
    pub held_on: String,
    pub date: String,
    pub starts_at: Option<String>,
    pub venue: String,
    pub step_free: bool,
    pub near_transport: bool,
    pub hearing_loop: bool,
    pub status: String,
    pub duration_minutes: Option<i64>,
    /// The notes: for the project's researchers only (`None` for everyone else).
    pub notes: Option<String>,
    pub researchers: Vec<(i64, String)>,
    pub participants: Vec<SessionParticipant>,
    /// The caller may record: plan, add participants, mark held, cancel, print the pack.
    pub is_researcher: bool,
    pub clearance_missing: Vec<String>,
    /// Participants who could be added: (id, code and status). Researchers only.
    pub participant_choices: Vec<(i64, String)>,
    pub debriefs_done: i64,
    pub debriefs_expected: i64,
    /// The caller was present at this held session and may write (or change) a debrief.
    pub may_debrief: bool,
    pub my_debrief: Option<DebriefView>,
    /// Who the caller may name as supporter: (user id, name and role).
    pub supporter_choices: Vec<(i64, String)>,
    /// Debriefs on this session shared with the caller as the named supporter.
    pub shared_with_me: Vec<SharedDebrief>,
    /// Every change, as "what, who, when" lines: researchers only.
    pub history: Vec<String>,
}

/// One debrief's own page, for its author or the supporter they named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DebriefPage {
    pub project_id: i64,
    pub project_title: String,
    pub session_id: i64,
    pub session_kind: String,
    pub session_date: String,
    pub is_author: bool,
    pub debrief: DebriefView,
}

/// One approved document in the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackDocument {
    pub kind_label: String,
    pub title: String,
    pub version_no: i64,
    pub body_html: String,
}

/// The printable fieldwork pack of a session (researchers only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackPage {
    pub project_id: i64,
    pub project_title: String,
    pub group_name: String,
    pub session_id: i64,
    pub kind_label: String,
    pub date: String,
    pub starts_at: Option<String>,
    pub venue: String,
    pub access: Vec<String>,
    pub researchers: Vec<String>,
    pub information_sheet: Option<PackDocument>,
    pub topic_guide: Option<PackDocument>,
    pub consent_form: Option<PackDocument>,
    /// A consent form is printed for each of these codes (participants not withdrawn);
    /// one with a blank code when there are none yet.
    pub codes: Vec<String>,
    /// Participants on the session who have withdrawn: no form is printed for them.
    pub withdrawn_codes: Vec<String>,
}

/// The venue's access, in words.
pub fn access_words(step_free: bool, near_transport: bool, hearing_loop: bool) -> Vec<String> {
    let mut words = Vec::new();
    if step_free {
        words.push("Step-free access".to_string());
    }
    if near_transport {
        words.push("Near public transport".to_string());
    }
    if hearing_loop {
        words.push("Hearing loop".to_string());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_statuses_round_trip() {
        for kind in SessionKind::ALL {
            assert_eq!(SessionKind::parse(kind.as_str()), Some(kind));
        }
        for status in SessionStatus::ALL {
            assert_eq!(SessionStatus::parse(status.as_str()), Some(status));
        }
        for feeling in Feeling::ALL {
            assert_eq!(Feeling::parse(feeling.as_str()), Some(feeling));
        }
        assert_eq!(SessionKind::parse("party"), None);
        assert_eq!(Feeling::parse(""), None);
    }

    #[test]
    fn each_kind_needs_consent_to_its_own_activity() {
        assert_eq!(SessionKind::Interview.activity(), Activity::Interview);
        assert_eq!(SessionKind::FocusGroup.activity(), Activity::FocusGroup);
        assert_eq!(SessionKind::Survey.activity(), Activity::Survey);
        assert_eq!(SessionKind::Observation.activity(), Activity::Observation);
    }

    #[test]
    fn a_planned_session_is_held_or_cancelled_and_nothing_else() {
        let today = "2027-01-10";
        assert_eq!(next_status(SessionStatus::Planned, Step::MarkHeld, "2027-01-10", today), Ok(SessionStatus::Held));
        assert_eq!(next_status(SessionStatus::Planned, Step::MarkHeld, "2027-01-03", today), Ok(SessionStatus::Held));
        assert!(next_status(SessionStatus::Planned, Step::MarkHeld, "2027-01-11", today).unwrap_err().contains("not come yet"));
        assert_eq!(next_status(SessionStatus::Planned, Step::Cancel, "2027-01-11", today), Ok(SessionStatus::Cancelled));
        for step in [Step::MarkHeld, Step::Cancel] {
            assert!(next_status(SessionStatus::Held, step, "2027-01-03", today).unwrap_err().contains("already been marked held"));
            assert!(next_status(SessionStatus::Cancelled, step, "2027-01-03", today).unwrap_err().contains("cancelled"));
        }
    }

    #[test]
    fn participants_join_planned_and_held_sessions_only() {
        assert!(SessionStatus::Planned.takes_participants());
        assert!(SessionStatus::Held.takes_participants());
        assert!(!SessionStatus::Cancelled.takes_participants());
    }

    #[test]
    fn debriefs_are_counted_in_words() {
        assert_eq!(debriefs_line(2, 2), "2 of 2 debriefs done");
        assert_eq!(debriefs_line(0, 1), "0 of 1 debrief done");
        assert_eq!(debriefs_line(0, 0), "No researchers recorded, so no debriefs");
    }

    #[test]
    fn access_is_listed_in_words() {
        assert_eq!(access_words(true, false, true), vec!["Step-free access", "Hearing loop"]);
        assert!(access_words(false, false, false).is_empty());
        assert_eq!(SessionKind::FocusGroup.usual_minutes(), 120);
    }
}
