//! The view types for courses and their modules, written and edited by the provider's trainers, with knowledge checks.

use serde::{Deserialize, Serialize};

use crate::training::CohortCard;

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
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ModuleRow {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub minutes: i64,
    pub questions: i64,
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
