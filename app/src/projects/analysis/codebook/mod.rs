//! The codebook: codes with a name and a description, at most two levels (a code and its
//! sub-codes, shown indented), added, changed and removed by the project's researchers.
//! A code in use (coded passages, or part of a theme) is removed only when the person ticks
//! to say they mean it; a code with sub-codes is not removed until they are moved or
//! removed. This part also has the analysis home page: the codebook, the transcripts to
//! code, and links to the comparison, the themes and the downloads.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// A code as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub parent_id: Option<i64>,
    /// Coded passages (highlights) with this code, including left-out ones.
    pub passages: i64,
    pub sub_codes: i64,
    /// Themes it belongs to.
    pub themes: i64,
}

/// A transcript that can be coded (or is marked as left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptItem {
    pub file_id: i64,
    pub participant: String,
    /// The participant has withdrawn: leave it out of analysis.
    pub withdrawn: bool,
    pub deleted: bool,
    pub uploaded_on: String,
    pub highlights: i64,
}

/// The analysis home page: everything for researchers, counts for other team and group
/// members who see the project's work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisHome {
    pub project_id: i64,
    pub project_title: String,
    pub is_researcher: bool,
    pub code_count: i64,
    pub highlight_count: i64,
    pub theme_count: i64,
    /// The codebook in order: each top-level code followed by its sub-codes.
    pub codes: Vec<CodeView>,
    pub transcripts: Vec<TranscriptItem>,
}

/// One code's page: change it or remove it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodePage {
    pub project_id: i64,
    pub project_title: String,
    pub code: CodeView,
    /// Codes it could sit under: top-level codes other than itself (none when it has sub-codes).
    pub parents: Vec<(i64, String)>,
}
