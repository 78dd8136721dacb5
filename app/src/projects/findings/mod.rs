//! Findings checked with participants: the team writes a plain-language summary of the
//! themes and sends it only to participants who agreed to be contacted again (by e-mail, or
//! as a printed letter for those without an e-mail address), records feedback events
//! (seminars) with comments against each theme, and records the reason when there was no
//! event. The gate from analysis to reporting needs one or the other. A feedback event can
//! be corrected or removed on its own page. When the summary's words change after it was
//! sent, it becomes a new revision, and those who had an earlier one get the updated one,
//! once.
//!
//! Parts: `rules` (who gets the summary, and how; its revisions; pure), `service` (the
//! page, the summary, the reason and the gate's fact), `events` (recording, changing and
//! removing feedback events), `sending` (e-mails, letters, posting), `api` (server
//! functions), `pages` (the findings page and the letters page), `event_pages` (one
//! feedback event's page), `demo`. Who may do what is in `authz::findings`.
//!
//! Participants' names, e-mail and postal addresses are special-category data: they stay
//! on the server except on the letters page, which only the project's researchers open;
//! they never go into addresses (URLs) or logs, and every send, every opening of the letters
//! and every letter marked posted is on the audit trail.

pub mod api;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod event_pages;
#[cfg(feature = "ssr")]
pub mod events;
pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod sending;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// The gate's checklist line this part answers (used by `gates::rules` and shown here).
pub const GATE_LINE: &str = "A feedback event with participants is recorded, or the reason why there was none";

/// A feedback event as shown: comments are there only for those who may read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackEventView {
    pub id: i64,
    pub held_on: String,
    pub attendance: i64,
    pub note: String,
    /// (theme name, comment)
    pub comments: Vec<(String, String)>,
    pub recorded_by: String,
}

/// Where the summary stands with participants (researchers only). Counts, never names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendingView {
    /// Participants who agreed to be contacted again and have not withdrawn.
    pub agreed: i64,
    /// Waiting for an e-mail (have an address, not yet sent).
    pub to_email: i64,
    /// Waiting for a letter to be printed and posted.
    pub to_letter: i64,
    pub emailed: i64,
    pub posted: i64,
    /// Of those waiting, how many had an earlier version of the summary.
    pub earlier: i64,
    /// Each participant's code and where they stand, in plain words.
    pub lines: Vec<(String, String)>,
}

/// The findings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingsPage {
    pub project_id: i64,
    pub project_title: String,
    pub can_change: bool,
    /// The summary as saved, or a starting text from the themes when none is saved yet.
    pub summary: String,
    pub summary_saved_on: Option<String>,
    /// The summary's revision: 1 until its words change after it was sent.
    pub summary_revision: i64,
    /// The project's themes: (id, name).
    pub themes: Vec<(i64, String)>,
    pub events: Vec<FeedbackEventView>,
    pub no_event_reason: String,
    /// The gate's line and whether it is met.
    pub gate_met: bool,
    /// Only for the project's researchers.
    pub sending: Option<SendingView>,
}

/// One letter, for the printable page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub code: String,
    pub full_name: String,
    pub address: String,
    /// They had an earlier version: the letter says this one is updated.
    pub updated: bool,
}

/// The printable letters page: one A4 letter a page for each participant waiting for one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LettersPage {
    pub project_id: i64,
    pub project_title: String,
    pub group_name: String,
    pub summary: String,
    pub letters: Vec<Letter>,
    pub dated: String,
}

/// One feedback event's page, to correct it or remove it (the project's researchers only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPage {
    pub project_id: i64,
    pub project_title: String,
    pub id: i64,
    /// As people read it, e.g. "3 November 2026".
    pub held_on: String,
    /// As the form shows it to be changed, e.g. "03/11/2026".
    pub held_on_typed: String,
    pub attendance: i64,
    pub note: String,
    /// Each of the project's themes: (id, name, what was said about it, or empty).
    pub comments: Vec<(i64, String, String)>,
    pub recorded_by: String,
    /// It is the only feedback event and no reason is recorded: removing it leaves the
    /// gate's line unmet.
    pub only_one_for_gate: bool,
}
