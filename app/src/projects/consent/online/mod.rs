//! Online consent: a researcher e-mails a participant a single-use link (only its hash is
//! stored; it expires, and sending a new one replaces it); behind it, without signing in,
//! the participant reads the approved information sheet and consent form, ticks each
//! statement, chooses the optional parts, and types their name as a signature. That makes a
//! consent record with method "online" through the same code as the researchers' records
//! (`records::write_consent`).
//!
//! The participant's e-mail address and name never go into a link, a log or an address the
//! form comes back through: the link holds only the random token.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::projects::consent::{PART_AUDIO, PART_QUOTES, PART_RECONTACT};

/// How long an online consent link works.
pub const ONLINE_CONSENT_DAYS: i64 = 14;

/// The statement every participant ticks last, whatever the form says.
pub const TAKE_PART: &str = "I agree to take part in this research.";

/// The optional parts as the participant reads them (the same three the paper flow records).
pub const MY_QUOTES: &str = "My words may be quoted in reports, without my name.";
pub const MY_AUDIO: &str = "My interview may be audio recorded.";
pub const MY_RECONTACT: &str = "I may be contacted again about the findings.";

/// Which optional part a line of a consent form is about, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionalPart {
    Quotes,
    Audio,
    Recontact,
}

impl OptionalPart {
    pub const ALL: [OptionalPart; 3] = [OptionalPart::Quotes, OptionalPart::Audio, OptionalPart::Recontact];

    /// The form field's name, as the researchers' form uses it too.
    pub fn field(self) -> &'static str {
        match self {
            OptionalPart::Quotes => "quotes",
            OptionalPart::Audio => "audio",
            OptionalPart::Recontact => "recontact",
        }
    }

    /// In the participant's own words, for the online form.
    pub fn first_person(self) -> &'static str {
        match self {
            OptionalPart::Quotes => MY_QUOTES,
            OptionalPart::Audio => MY_AUDIO,
            OptionalPart::Recontact => MY_RECONTACT,
        }
    }

    /// As the researchers' pages say it.
    pub fn label(self) -> &'static str {
        match self {
            OptionalPart::Quotes => PART_QUOTES,
            OptionalPart::Audio => PART_AUDIO,
            OptionalPart::Recontact => PART_RECONTACT,
        }
    }

    /// The optional part a statement of a consent form is about: audio recording, quoting,
    /// or hearing about the findings. Those are asked as choices, not as statements that
    /// must be ticked.
    pub fn of_statement(statement: &str) -> Option<OptionalPart> {
        let s = statement.to_lowercase();
        if s.contains("audio") || s.contains("recorded") || s.contains("recording") {
            Some(OptionalPart::Audio)
        } else if s.contains("quote") || s.contains("quoting") {
            Some(OptionalPart::Quotes)
        } else if s.contains("findings") || s.contains("contacted again") || s.contains("contact me again") {
            Some(OptionalPart::Recontact)
        } else {
            None
        }
    }
}

/// The statements a participant must tick to consent online: each list item of the consent
/// form ("- ", "* ", "1. ") that is not one of the optional parts, then [`TAKE_PART`].
pub fn required_statements(form_body: &str) -> Vec<String> {
    let mut statements: Vec<String> = form_body
        .lines()
        .filter_map(list_item)
        .filter(|item| OptionalPart::of_statement(item).is_none())
        .collect();
    statements.push(TAKE_PART.to_string());
    statements
}

/// The text of a Markdown list item, without its marker and emphasis; `None` for other lines.
fn list_item(line: &str) -> Option<String> {
    let line = line.trim();
    let rest = if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")).or_else(|| line.strip_prefix("+ ")) {
        rest
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        line[digits..].strip_prefix(". ").or_else(|| line[digits..].strip_prefix(") "))?
    };
    let text = rest.replace("**", "").replace("__", "").replace("[ ] ", "").trim().to_string();
    (!text.is_empty()).then_some(text)
}

/// The name of the tick box for the n-th required statement.
pub fn statement_field(index: usize) -> String {
    format!("ticked[{index}]")
}

/// Where an online consent link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkState {
    /// Sent, not yet used, still working.
    Waiting,
    /// The participant used it to give consent.
    Used,
    /// A newer link replaced it, or the participant withdrew.
    Replaced,
    Expired,
}

impl LinkState {
    pub fn of(used_at: Option<i64>, revoked_at: Option<i64>, expires_at: i64, now: i64) -> LinkState {
        if used_at.is_some() {
            LinkState::Used
        } else if revoked_at.is_some() {
            LinkState::Replaced
        } else if expires_at <= now {
            LinkState::Expired
        } else {
            LinkState::Waiting
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LinkState::Waiting => "Waiting for the participant",
            LinkState::Used => "Used: the participant gave consent online",
            LinkState::Replaced => "No longer works: replaced by a newer link, or the participant withdrew",
            LinkState::Expired => "Expired without being used",
        }
    }
}

/// The newest online consent link for a participant, as their page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkView {
    pub sent_on: String,
    pub sent_by: String,
    pub expires_on: String,
    pub used_on: Option<String>,
    /// The full name the participant typed as their signature (researchers only).
    pub signed_name: Option<String>,
    pub state: LinkState,
}

/// The online consent part of a participant's page (the project's researchers only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineConsentPanel {
    pub project_id: i64,
    pub participant_id: i64,
    pub code: String,
    /// An e-mail address is held in their identity record (the address itself is not sent).
    pub has_email: bool,
    /// Why a link cannot be sent now (withdrawn, no approved form, ...); `None` when it can.
    pub cannot_send: Option<String>,
    pub latest: Option<LinkView>,
}

/// A document as the participant reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentText {
    pub version_no: i64,
    pub title: String,
    pub body_html: String,
}

/// The public page behind a working link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineConsentForm {
    pub project_title: String,
    pub group_name: String,
    pub invited_by: String,
    /// Today's date in words: the date of the consent.
    pub today: String,
    pub information_sheet: Option<DocumentText>,
    pub form: DocumentText,
    pub document_id: i64,
    pub statements: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO_FORM: &str = "Please tick each box you agree with.\n\n\
- I have read the information sheet and had the chance to ask questions.\n- I know I can stop at any time without giving a reason.\n\
- I agree to the interview being audio recorded.\n- I agree to my words being quoted without my name.\n\
- I would like to hear about the findings.\n\n\
If you need support straight away, call NHS 111.";

    #[test]
    fn statements_are_the_forms_list_items_without_the_optional_parts() {
        assert_eq!(
            required_statements(DEMO_FORM),
            vec![
                "I have read the information sheet and had the chance to ask questions.".to_string(),
                "I know I can stop at any time without giving a reason.".to_string(),
                TAKE_PART.to_string(),
            ]
        );
    }

    #[test]
    fn numbered_and_starred_items_count_and_prose_does_not() {
        let body = "Intro line.\n1. **I have read** the sheet.\n2) I know I can stop.\n* I agree to notes being taken.\n2027 was a year.\n-not a list";
        assert_eq!(
            required_statements(body),
            vec!["I have read the sheet.".to_string(), "I know I can stop.".into(), "I agree to notes being taken.".into(), TAKE_PART.into()]
        );
    }

    #[test]
    fn a_form_without_a_list_still_asks_for_agreement() {
        assert_eq!(required_statements("I agree to take part. **Form text 1.**"), vec![TAKE_PART.to_string()]);
    }

    #[test]
    fn optional_parts_are_recognised_in_the_forms_words() {
        assert_eq!(OptionalPart::of_statement("I agree to the interview being audio recorded."), Some(OptionalPart::Audio));
        assert_eq!(OptionalPart::of_statement("I agree to my words being quoted"), Some(OptionalPart::Quotes));
        assert_eq!(OptionalPart::of_statement("I would like to hear about the findings."), Some(OptionalPart::Recontact));
        assert_eq!(OptionalPart::of_statement("I know I can stop at any time."), None);
        assert_eq!(statement_field(2), "ticked[2]");
    }

    #[test]
    fn a_link_is_used_replaced_expired_or_waiting() {
        assert_eq!(LinkState::of(Some(5), None, 100, 50), LinkState::Used);
        assert_eq!(LinkState::of(Some(5), Some(6), 10, 50), LinkState::Used, "a used link stays used");
        assert_eq!(LinkState::of(None, Some(6), 100, 50), LinkState::Replaced);
        assert_eq!(LinkState::of(None, None, 50, 50), LinkState::Expired);
        assert_eq!(LinkState::of(None, None, 51, 50), LinkState::Waiting);
    }
}
