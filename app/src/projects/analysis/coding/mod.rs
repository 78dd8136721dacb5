//! Coding a transcript without JavaScript: the transcript as numbered paragraphs, each with
//! a tick box; the coder ticks one or more, chooses a code, adds a memo if they wish, and
//! saves. That makes a highlight: who coded it, when, the code, the memo, and each
//! paragraph's number and text (`analysis::anchor` finds it again if the transcript
//! changes, and flags it when its text is gone). Saving is a plain insert, so two coders
//! saving at once both keep their work. A highlight is removed by its coder or the lead.
//! A withdrawn participant's (or a deleted) transcript is shown marked and cannot be coded.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// One paragraph of the transcript, with the codes on it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParagraphView {
    /// From 1.
    pub number: i64,
    pub text: String,
    /// "Code (coder)" for each highlight on it.
    pub coded: Vec<String>,
}

/// One coded paragraph of a highlight: its number when coded, its text then, and a note
/// when the transcript has changed since.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodedParagraph {
    pub number: i64,
    pub text: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HighlightView {
    pub id: i64,
    pub code: String,
    pub coder: String,
    pub coded_on: String,
    pub memo: String,
    pub paragraphs: Vec<CodedParagraph>,
    /// The caller may remove it (its coder, or the lead).
    pub may_remove: bool,
}

/// A transcript's coding page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptPage {
    pub project_id: i64,
    pub project_title: String,
    pub file_id: i64,
    pub participant: String,
    pub withdrawn: bool,
    pub deleted: bool,
    pub paragraphs: Vec<ParagraphView>,
    /// The codebook for the form: (id, name as listed, sub-codes marked).
    pub codes: Vec<(i64, String)>,
    pub highlights: Vec<HighlightView>,
}

impl TranscriptPage {
    /// Coding is open: the participant has not withdrawn and the transcript is kept.
    pub fn open(&self) -> bool {
        !self.withdrawn && !self.deleted
    }
}
