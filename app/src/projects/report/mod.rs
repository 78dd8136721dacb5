//! The report: drafted by the team in Markdown sections with a lay summary in plain English
//! and credits that name each peer researcher the way they choose; saved as numbered
//! versions (frozen copies), compared line by line, commented on by the team and the
//! academic supporter, reviewed by the supporter, and sent to the commissioner, who signs
//! off one specific version or asks for changes. An edit after sign-off needs a new version
//! and a new sign-off: the gate out of reporting looks at the latest version (`rules`).
//!
//! Parts: `rules` (sign-off rules, pure), `diff` (line differences), `service` (SQL),
//! `api` (server functions), `pages`, `version_pages` (a version, comparing two),
//! `print` (the print-ready page), `demo`. Who may do what: `authz::report`.

pub mod api;
pub mod diff;
pub mod pages;
pub mod print;
pub mod rules;
pub mod version_pages;
#[cfg(feature = "ssr")]
pub mod decisions;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

pub use diff::{DiffLine, FrozenSection, LineKind, SectionDiff};

/// How a peer researcher is named in the report's credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Naming {
    FullName,
    Initials,
    Anonymous,
}

impl Naming {
    pub const ALL: [Naming; 3] = [Naming::FullName, Naming::Initials, Naming::Anonymous];

    pub fn as_str(self) -> &'static str {
        match self {
            Naming::FullName => "full_name",
            Naming::Initials => "initials",
            Naming::Anonymous => "anonymous",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Naming::ALL.into_iter().find(|n| n.as_str() == word)
    }

    pub fn label(self) -> &'static str {
        match self {
            Naming::FullName => "My full name",
            Naming::Initials => "My initials only",
            Naming::Anonymous => "Not named (\"a peer researcher\")",
        }
    }

    /// The name as the credits show it.
    pub fn show(self, name: &str) -> String {
        match self {
            Naming::FullName => name.to_string(),
            Naming::Initials => {
                name.split_whitespace().filter_map(|w| w.chars().next()).map(|c| format!("{}.", c.to_uppercase())).collect::<Vec<_>>().join(" ")
            }
            Naming::Anonymous => "A peer researcher".into(),
        }
    }
}

/// A section of the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionView {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// The body as safe HTML.
    pub html: String,
}

/// One peer researcher's line in the credits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditView {
    pub shown_as: String,
    /// Whether they have chosen yet (until they do, they are not named).
    pub chosen: bool,
    pub mine: bool,
}

/// A saved version in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub id: i64,
    pub number: i64,
    pub saved_on: String,
    pub saved_by: String,
    pub status: String,
}

/// The report page: for the team, the draft and every version; for the commissioner, only
/// the versions sent to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPage {
    pub project_id: i64,
    pub project_title: String,
    pub sees_draft: bool,
    pub may_edit: bool,
    pub lay_summary: String,
    pub sections: Vec<SectionView>,
    pub credits: Vec<CreditView>,
    /// The caller's own credit choice, when they are a peer researcher on the team.
    pub my_naming: Option<String>,
    pub versions: Vec<VersionSummary>,
    pub next_number: i64,
    /// The draft has changed since the latest version was saved (or none is saved yet).
    pub unsaved_changes: bool,
}

/// One section of the draft, for its edit page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionPage {
    pub project_id: i64,
    pub project_title: String,
    pub id: i64,
    pub title: String,
    pub body: String,
}

/// A comment, review or request for changes on a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub who: String,
    pub kind: String,
    pub body: String,
    pub on: String,
}

/// A frozen section, rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownSection {
    pub title: String,
    pub html: String,
}

/// One saved version's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionPage {
    pub project_id: i64,
    pub project_title: String,
    pub id: i64,
    pub number: i64,
    pub latest_number: i64,
    pub status: String,
    pub saved_on: String,
    pub saved_by: String,
    pub lay_summary: String,
    pub sections: Vec<ShownSection>,
    pub credits: Vec<String>,
    pub comments: Vec<CommentView>,
    /// The other versions the caller may compare with: (id, number).
    pub others: Vec<(i64, i64)>,
    pub may_comment: bool,
    pub may_review: bool,
    pub may_send: bool,
    pub may_decide: bool,
}

/// Two versions compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparePage {
    pub project_id: i64,
    pub project_title: String,
    /// Every version the caller may see: (id, number).
    pub versions: Vec<(i64, i64)>,
    pub old_id: i64,
    pub new_id: i64,
    pub old_number: i64,
    pub new_number: i64,
    pub sections: Vec<SectionDiff>,
}

/// The print-ready report: the signed-off version, else the latest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintPage {
    pub project_id: i64,
    pub project_title: String,
    pub group_name: String,
    pub commissioner_name: String,
    pub number: i64,
    pub saved_on: String,
    pub lay_summary: String,
    pub sections: Vec<ShownSection>,
    pub credits: Vec<String>,
    /// "Signed off by ... for ... on ...", or why it is not signed off yet.
    pub sign_off: String,
    pub signed_off: bool,
}

#[cfg(test)]
mod tests {
    use super::Naming;

    #[test]
    fn names_are_shown_as_each_person_chose() {
        assert_eq!(Naming::FullName.show("Dennis Walker"), "Dennis Walker");
        assert_eq!(Naming::Initials.show("sheila  mary price"), "S. M. P.");
        assert_eq!(Naming::Anonymous.show("Dennis Walker"), "A peer researcher");
        assert_eq!(Naming::parse("initials"), Some(Naming::Initials));
        assert_eq!(Naming::parse("nickname"), None);
    }
}
