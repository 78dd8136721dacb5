//! Restricted research data files: recordings and transcripts. Each belongs to one
//! participant (and, if wanted, the fieldwork session it came from), has a date to delete it
//! by (the data management plan's date unless changed), and is kept in the database.
//!
//! Who sees what: only the project's researchers (`Need::DoFieldwork`) upload, list, read a
//! transcript's text and download; group members who see the project's work but are not
//! researchers see only how many there are; the commissioner and everyone else nothing.
//! Every upload, paste, download, change of date and deletion goes into the participant's
//! history (a fixed word, never the content). File names and participant codes never go
//! into an address (pages and downloads are addressed by ids) or a log.
//!
//! Uploads are a plain multipart form (`routes`, works without JavaScript), checked by size,
//! by name and by content (`checks`); a transcript can also be pasted (`api::PasteTranscript`).

pub mod api;
pub mod checks;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod listing;
pub mod pages;
#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub mod store;

#[cfg(feature = "ssr")]
pub use routes::routes;

use serde::{Deserialize, Serialize};

use crate::ui::pagination::Paged;

pub use checks::{UploadProblem, MAX_PASTED_CHARS, MAX_RECORDING_BYTES, MAX_TRANSCRIPT_BYTES};

/// A recording or a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Recording,
    Transcript,
}

impl FileKind {
    pub const ALL: [FileKind; 2] = [FileKind::Recording, FileKind::Transcript];

    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Recording => "recording",
            FileKind::Transcript => "transcript",
        }
    }

    pub fn parse(value: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.as_str() == value.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            FileKind::Recording => "Recording",
            FileKind::Transcript => "Transcript",
        }
    }
}

/// How many files the project holds (not counting deleted ones): all that group members
/// who are not researchers see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct FileCounts {
    pub recordings: i64,
    pub transcripts: i64,
}

/// One file in the list: never its content, nor its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    pub id: i64,
    pub participant_id: i64,
    pub code: String,
    /// The participant has withdrawn: leave this out of analysis.
    pub withdrawn: bool,
    pub kind: FileKind,
    /// The session's kind and date, when linked to one.
    pub session: Option<String>,
    pub size: String,
    /// The date to delete it by, as people read it.
    pub retain_until: String,
    /// Past its date and not yet deleted.
    pub overdue: bool,
    pub uploaded_on: String,
    /// When it was deleted (the row stays as a record).
    pub deleted_on: Option<String>,
}

/// A participant a file can be linked to: (id, code, withdrawn).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantChoice {
    pub id: i64,
    pub code: String,
    pub withdrawn: bool,
}

/// The data page: everything for the project's researchers, counts for the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataPage {
    pub project_id: i64,
    pub project_title: String,
    /// Today's date (YYYY-MM-DD).
    pub today: String,
    pub is_researcher: bool,
    pub counts: FileCounts,
    /// Why nothing can be uploaded yet (empty when ethics approval is complete).
    pub clearance_missing: Vec<String>,
    /// The data management plan's date to delete data by (YYYY-MM-DD), the forms' default.
    pub plan_retain_until: Option<String>,
    pub participants: Vec<ParticipantChoice>,
    /// The project's fieldwork sessions: (id, kind and date).
    pub sessions: Vec<(i64, String)>,
    /// The list is for one participant only: (id, code).
    pub only_participant: Option<(i64, String)>,
    pub list: Paged<FileSummary>,
}

/// One file's page, for the project's researchers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilePage {
    pub project_id: i64,
    pub project_title: String,
    pub today: String,
    pub id: i64,
    pub participant_id: i64,
    pub code: String,
    pub withdrawn: bool,
    pub kind: FileKind,
    pub pasted: bool,
    pub file_name: String,
    pub size: String,
    pub session: Option<String>,
    /// YYYY-MM-DD, for the form.
    pub retain_until: String,
    pub retain_until_text: String,
    pub overdue: bool,
    pub uploaded_by: String,
    pub uploaded_on: String,
    /// (when, by whom) once deleted.
    pub deleted: Option<(String, String)>,
    /// A transcript's text (None for recordings and once deleted).
    pub text: Option<String>,
}

/// A participant's files, for the link list on their page: (id, what it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantFiles {
    pub project_id: i64,
    pub participant_id: i64,
    pub files: Vec<(i64, String)>,
}
