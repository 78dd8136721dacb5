//! Themes: codes grouped under a name and a description, each theme with supporting quotes
//! picked from coded passages with its codes. A quote from a participant who has since
//! withdrawn (or a deleted transcript) is left out automatically wherever quotes are read:
//! the page counts how many were left out, never shows them.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// A theme in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeSummary {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub codes: Vec<String>,
    /// Quotes that count (not from withdrawn participants).
    pub quotes: i64,
}

/// A coded passage as a quote (or a passage that could become one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteView {
    pub highlight_id: i64,
    pub code: String,
    pub participant: String,
    /// The paragraphs' text as coded, joined.
    pub text: String,
    pub coder: String,
}

/// The themes page: every theme and the form for a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemesPage {
    pub project_id: i64,
    pub project_title: String,
    pub themes: Vec<ThemeSummary>,
    /// The codebook, for the new theme's tick boxes: (id, name).
    pub codes: Vec<(i64, String)>,
}

/// One theme's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemePage {
    pub project_id: i64,
    pub project_title: String,
    pub id: i64,
    pub name: String,
    pub description: String,
    /// The codebook with the theme's codes ticked: (id, name, in the theme).
    pub codes: Vec<(i64, String, bool)>,
    pub quotes: Vec<QuoteView>,
    /// Quotes left out because the participant withdrew or the transcript was deleted.
    pub left_out: i64,
    /// Passages coded with the theme's codes, not yet quotes, to pick from.
    pub candidates: Vec<QuoteView>,
}
