//! Outputs and dissemination: what a project produced (its kind, audience and date, with a
//! link where there is one), and the project's public page with its lay summary and the
//! outputs the team marked for it, shown only while both the research group and the
//! commissioner agree.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// The kinds of output the groups produce.
pub const OUTPUT_KINDS: [(&str, &str); 7] = [
    ("final_report", "Final report"),
    ("lay_summary", "Lay summary"),
    ("easy_read", "Easy-read version"),
    ("presentation", "Presentation"),
    ("toolkit", "Toolkit"),
    ("repository", "Link to a repository"),
    ("other", "Something else"),
];

pub fn output_kind_label(kind: &str) -> &'static str {
    OUTPUT_KINDS.iter().find(|(k, _)| *k == kind).map(|(_, l)| *l).unwrap_or("Something else")
}

/// Whether the public page is shown, in words, from each side's agreement.
pub fn publication_words(group: bool, commissioner: bool) -> &'static str {
    match (group, commissioner) {
        (true, true) => "The public page is shown: both the research group and the commissioner agreed.",
        (true, false) => "The public page is not shown yet: the research group agreed; waiting for the commissioner.",
        (false, true) => "The public page is not shown yet: the commissioner agreed; waiting for the research group.",
        (false, false) => "The public page is not shown. It is shown once both the research group and the commissioner agree.",
    }
}

/// A web address for an output: empty, or http(s) with no spaces.
pub fn check_link(raw: &str, required: bool) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return if required { Err("Enter the address of the repository, starting with https://".into()) } else { Ok(String::new()) };
    }
    let lower = value.to_ascii_lowercase();
    let has_host = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).is_some_and(|rest| rest.len() > 2 && rest.contains('.'));
    if !has_host || value.chars().any(|c| c.is_whitespace() || c.is_control()) || value.len() > 500 {
        return Err("Enter a web address starting with https://, for example https://zenodo.org/records/123".into());
    }
    Ok(value.to_string())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputView {
    pub id: i64,
    pub kind_label: String,
    pub title: String,
    pub audience: String,
    pub produced_on: String,
    pub link: String,
    pub on_public_page: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationView {
    pub group_agreed: bool,
    pub commissioner_agreed: bool,
    pub words: String,
    /// The project has reached dissemination, so the page may be agreed.
    pub finished: bool,
    pub may_agree_for_group: bool,
    pub may_agree_for_commissioner: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputsPage {
    pub project_id: i64,
    pub project_title: String,
    pub outputs: Vec<OutputView>,
    pub may_record: bool,
    pub publication: PublicationView,
}

/// What the public sees of a finished project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicProject {
    pub title: String,
    pub group_name: String,
    pub commissioner_name: String,
    pub lay_summary: String,
    pub outputs: Vec<OutputView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_must_be_web_addresses() {
        assert_eq!(check_link("  ", false), Ok(String::new()));
        assert!(check_link("", true).is_err());
        assert_eq!(check_link(" https://zenodo.org/records/1 ", true), Ok("https://zenodo.org/records/1".into()));
        for bad in ["javascript:alert(1)", "zenodo.org", "https://", "https://a b.org", "ftp://x.org", "http://x"] {
            assert!(check_link(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_page_is_shown_only_when_both_sides_agree() {
        assert!(publication_words(true, true).starts_with("The public page is shown"));
        for (g, c) in [(true, false), (false, true), (false, false)] {
            assert!(publication_words(g, c).contains("not shown"), "{g} {c}");
        }
        assert!(publication_words(true, false).contains("waiting for the commissioner"));
        assert_eq!(output_kind_label("easy_read"), "Easy-read version");
        assert_eq!(output_kind_label("poster"), "Something else");
    }
}
