//! Participants and their consent. Each participant joins a project under a pseudonym code
//! (P-01, P-02, ...); their real name and contact details are kept apart and read only by
//! the project's researchers (`participants::identity`, guarded by `Need::DoFieldwork`).
//! A consent record points at the exact ethics-approved consent-form version it was taken
//! on, and says how, when, by whom, and which optional parts were agreed.
//!
//! For the parts that come later (sessions, data files, analysis, exports):
//! - [`covers`] is the rule "does this consent cover this activity"; `records::coverage`
//!   applies it to a participant's newest consent record and their withdrawal;
//! - [`NOT_WITHDRAWN`] is the SQL condition that leaves withdrawn participants' data out,
//!   and `participants::is_withdrawn` answers for one participant.
//!
//! Who sees what: the project's researchers (lead, peer researchers, co-coders on the
//! team) record participants, consent and withdrawals, and alone see names, contact
//! details and consent records. Everyone else who sees the project's work (group members,
//! coordinators not on the team as researchers, supporters) sees only the codes, each
//! participant's status and the counts. The commissioner sees only the progress counts on
//! the project page; outside ethics reviewers see nothing here.

pub mod api;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod history;
pub mod online;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod participants;
pub mod print;
#[cfg(feature = "ssr")]
pub mod records;

use serde::{Deserialize, Serialize};

use crate::projects::recruitment::ProgressCounts;
use crate::ui::pagination::Paged;

/// The SQL condition, over a `participants` table aliased `p`, for participants who have
/// not withdrawn: the one filter sessions, exports and analysis use to leave data out.
pub const NOT_WITHDRAWN: &str = "p.withdrawn_on IS NULL";

/// The pseudonym code for the n-th participant of a project: P-01 ... P-99, P-100 ...
/// It comes from the order of joining only, never from anything about the person.
pub fn pseudonym_code(seq: i64) -> String {
    format!("P-{seq:02}")
}

/// How consent was given. A researcher records paper and read-aloud consent; online consent
/// is only ever given by the participant on the page behind their link (`online`): a
/// researcher saying that someone consented online is not enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentMethod {
    /// Signed on paper; the researcher records it.
    Paper,
    /// Read aloud to the participant, who agreed; the researcher records it.
    ReadAloud,
    /// Given by the participant on the online consent page, from a link a researcher e-mailed.
    Online,
}

impl ConsentMethod {
    pub const ALL: [ConsentMethod; 3] = [ConsentMethod::Paper, ConsentMethod::ReadAloud, ConsentMethod::Online];
    /// The ways a researcher may record consent on the participant's page.
    pub const RECORDED_BY_RESEARCHER: [ConsentMethod; 2] = [ConsentMethod::Paper, ConsentMethod::ReadAloud];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentMethod::Paper => "paper",
            ConsentMethod::ReadAloud => "read_aloud",
            ConsentMethod::Online => "online",
        }
    }

    pub fn parse(value: &str) -> Option<ConsentMethod> {
        ConsentMethod::ALL.into_iter().find(|m| m.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsentMethod::Paper => "Signed on paper, recorded by a researcher",
            ConsentMethod::ReadAloud => "Read aloud and agreed, recorded by a researcher",
            ConsentMethod::Online => "Given online by the participant, on a link e-mailed by a researcher",
        }
    }
}

/// The optional parts of a consent form a participant may agree to or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OptionalParts {
    pub quotes: bool,
    pub audio: bool,
    pub recontact: bool,
}

impl OptionalParts {
    /// The parts agreed to, in words, for pages and the printed record.
    pub fn agreed(self) -> Vec<&'static str> {
        let mut parts = Vec::new();
        if self.quotes {
            parts.push(PART_QUOTES);
        }
        if self.audio {
            parts.push(PART_AUDIO);
        }
        if self.recontact {
            parts.push(PART_RECONTACT);
        }
        parts
    }
}

pub const PART_QUOTES: &str = "Their words may be quoted in reports, without their name";
pub const PART_AUDIO: &str = "Interviews may be audio recorded";
pub const PART_RECONTACT: &str = "They may be contacted again about the findings";

/// What a consent record says, as the coverage rule needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentTerms {
    pub parts: OptionalParts,
    pub withdrawn: bool,
}

/// Something the project may want to do with a participant or their data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Interview,
    FocusGroup,
    Survey,
    Observation,
    AudioRecording,
    Quotes,
    ContactAboutFindings,
}

impl Activity {
    pub fn label(self) -> &'static str {
        match self {
            Activity::Interview => "an interview",
            Activity::FocusGroup => "a focus group",
            Activity::Survey => "a survey",
            Activity::Observation => "an observation",
            Activity::AudioRecording => "audio recording",
            Activity::Quotes => "quoting their words",
            Activity::ContactAboutFindings => "contact about the findings",
        }
    }
}

/// The coverage rule: taking part at all needs a consent record and no withdrawal; audio
/// recording, quotes and contact about findings each need that optional part agreed.
/// `None` means there is no consent record. The error says why, in words for the team.
pub fn covers(consent: Option<ConsentTerms>, activity: Activity) -> Result<(), String> {
    let Some(terms) = consent else {
        return Err(format!("There is no consent record, so {} is not covered.", activity.label()));
    };
    if terms.withdrawn {
        return Err("This participant has withdrawn, so nothing more may be done with them or their data.".into());
    }
    let part = match activity {
        Activity::Interview | Activity::FocusGroup | Activity::Survey | Activity::Observation => return Ok(()),
        Activity::AudioRecording => terms.parts.audio,
        Activity::Quotes => terms.parts.quotes,
        Activity::ContactAboutFindings => terms.parts.recontact,
    };
    if part {
        Ok(())
    } else {
        Err(format!("The participant did not agree to {}.", activity.label()))
    }
}

/// What a withdrawal does, decided from the participant's state: the first withdrawal
/// records the date; a second changes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WithdrawalStep {
    Withdraw,
    AlreadyWithdrawn { since: String },
}

pub fn withdrawal_step(withdrawn_on: Option<&str>) -> WithdrawalStep {
    match withdrawn_on {
        Some(since) => WithdrawalStep::AlreadyWithdrawn { since: since.to_string() },
        None => WithdrawalStep::Withdraw,
    }
}

/// A participant as the list shows them: code and status, never a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantSummary {
    pub id: i64,
    pub code: String,
    pub site: Option<String>,
    pub joined_on: String,
    /// The version number of the consent form on their newest consent record.
    pub consent_version: Option<i64>,
    pub withdrawn_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantsPage {
    /// Today's date (YYYY-MM-DD), the forms' default.
    pub today: String,
    pub project_id: i64,
    pub project_title: String,
    /// The caller is one of the project's researchers: may add participants and open them.
    pub is_researcher: bool,
    /// Why participants cannot be recorded yet (empty when ethics approval is complete).
    pub clearance_missing: Vec<String>,
    /// The sampling frame, to say where someone was recruited: (id, name).
    pub sites: Vec<(i64, String)>,
    pub counts: ProgressCounts,
    pub list: Paged<ParticipantSummary>,
}

/// The real name and contact details: only ever sent to the project's researchers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityView {
    pub full_name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub contact_notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentView {
    pub id: i64,
    pub document_id: i64,
    pub version_no: i64,
    pub document_title: String,
    pub consented_on: String,
    pub method: String,
    pub taken_by: String,
    pub parts: Vec<String>,
    pub recorded_on: String,
}

/// The approved consent form a new record will be taken on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormVersion {
    pub document_id: i64,
    pub version_no: i64,
    pub title: String,
    pub body_html: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalView {
    pub withdrawn_on: String,
    pub reason: String,
    pub recorded_by: String,
    /// When it was undone, by whom and why; `None` while it stands.
    pub undone: Option<(String, String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeView {
    pub change: String,
    pub by: String,
    pub at: String,
}

/// One participant's page: for the project's researchers only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantPage {
    /// Today's date (YYYY-MM-DD), the forms' default.
    pub today: String,
    pub project_id: i64,
    pub project_title: String,
    pub id: i64,
    pub code: String,
    pub site: Option<String>,
    pub joined_on: String,
    pub withdrawn_on: Option<String>,
    pub identity: IdentityView,
    pub consents: Vec<ConsentView>,
    /// The approved consent form, or what is missing before consent can be recorded.
    pub form: Option<FormVersion>,
    pub clearance_missing: Vec<String>,
    /// The project's researchers, who may have taken consent: (user id, name).
    pub researchers: Vec<(i64, String)>,
    pub me: i64,
    pub withdrawals: Vec<WithdrawalView>,
    pub history: Vec<ChangeView>,
}

/// One consent record as printed on A4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentPrint {
    pub project_id: i64,
    pub project_title: String,
    pub group_name: String,
    pub participant_id: i64,
    pub code: String,
    pub full_name: String,
    /// Given online: the full name the participant typed as their signature.
    pub signed_name: Option<String>,
    pub consent: ConsentView,
    pub form_body_html: String,
    pub withdrawn_on: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(quotes: bool, audio: bool, recontact: bool) -> Option<ConsentTerms> {
        Some(ConsentTerms { parts: OptionalParts { quotes, audio, recontact }, withdrawn: false })
    }

    #[test]
    fn codes_are_numbered_with_two_digits_at_least() {
        assert_eq!(pseudonym_code(1), "P-01");
        assert_eq!(pseudonym_code(7), "P-07");
        assert_eq!(pseudonym_code(12), "P-12");
        assert_eq!(pseudonym_code(123), "P-123");
    }

    #[test]
    fn taking_part_needs_a_consent_record() {
        assert!(covers(None, Activity::Interview).unwrap_err().contains("no consent record"));
        for activity in [Activity::Interview, Activity::FocusGroup, Activity::Survey, Activity::Observation] {
            assert_eq!(covers(terms(false, false, false), activity), Ok(()), "{activity:?}");
        }
    }

    #[test]
    fn optional_activities_need_their_part() {
        assert!(covers(terms(false, false, false), Activity::AudioRecording).unwrap_err().contains("audio recording"));
        assert_eq!(covers(terms(false, true, false), Activity::AudioRecording), Ok(()));
        assert!(covers(terms(false, true, true), Activity::Quotes).is_err());
        assert_eq!(covers(terms(true, false, false), Activity::Quotes), Ok(()));
        assert!(covers(terms(true, true, false), Activity::ContactAboutFindings).is_err());
        assert_eq!(covers(terms(false, false, true), Activity::ContactAboutFindings), Ok(()));
    }

    #[test]
    fn a_withdrawal_covers_nothing() {
        let withdrawn = Some(ConsentTerms { parts: OptionalParts { quotes: true, audio: true, recontact: true }, withdrawn: true });
        for activity in [Activity::Interview, Activity::AudioRecording, Activity::Quotes, Activity::ContactAboutFindings] {
            assert!(covers(withdrawn, activity).unwrap_err().contains("withdrawn"), "{activity:?}");
        }
    }

    #[test]
    fn withdrawing_twice_changes_nothing_the_second_time() {
        assert_eq!(withdrawal_step(None), WithdrawalStep::Withdraw);
        assert_eq!(withdrawal_step(Some("2027-01-05")), WithdrawalStep::AlreadyWithdrawn { since: "2027-01-05".into() });
    }

    #[test]
    fn parts_agreed_are_listed_in_words() {
        assert!(OptionalParts::default().agreed().is_empty());
        assert_eq!(OptionalParts { quotes: true, audio: false, recontact: true }.agreed(), vec![PART_QUOTES, PART_RECONTACT]);
        assert_eq!(ConsentMethod::parse("read_aloud"), Some(ConsentMethod::ReadAloud));
        assert_eq!(ConsentMethod::parse("online"), Some(ConsentMethod::Online));
        assert!(!ConsentMethod::RECORDED_BY_RESEARCHER.contains(&ConsentMethod::Online), "only the participant gives online consent");
    }
}
