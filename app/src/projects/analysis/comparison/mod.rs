//! Comparing two coders: for each code, the paragraphs each coded with it, the ones both
//! did, and their agreement (`overlap`, a pure function with a worked example). Passages
//! from withdrawn participants and deleted transcripts are left out by the SQL that reads
//! the coding.

pub mod api;
pub mod overlap;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

pub use overlap::{compare, OverlapRow, Passage};

/// The comparison page: the coders to choose from and, once two are chosen, the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonPage {
    pub project_id: i64,
    pub project_title: String,
    /// Everyone who has coded in this project: (user id, name).
    pub coders: Vec<(i64, String)>,
    /// The two chosen, with their names.
    pub chosen: Option<((i64, String), (i64, String))>,
    pub rows: Vec<OverlapRow>,
    pub overall: Option<u32>,
    /// Each transcript's participant code, to name passages: (file id, code).
    pub transcripts: Vec<(i64, String)>,
}

impl ComparisonPage {
    /// Passages as people read them: "P-01: paragraphs 3, 4; P-03: paragraph 2".
    pub fn passages_text(&self, passages: &[Passage]) -> String {
        if passages.is_empty() {
            return "None".into();
        }
        let mut parts: Vec<String> = Vec::new();
        let mut i = 0;
        while i < passages.len() {
            let file = passages[i].0;
            let numbers: Vec<String> = passages[i..].iter().take_while(|p| p.0 == file).map(|p| p.1.to_string()).collect();
            i += numbers.len();
            let who = self.transcripts.iter().find(|(id, _)| *id == file).map(|(_, c)| c.clone()).unwrap_or_else(|| "A transcript".into());
            let word = if numbers.len() == 1 { "paragraph" } else { "paragraphs" };
            parts.push(format!("{who}: {word} {}", numbers.join(", ")));
        }
        parts.join("; ")
    }
}
