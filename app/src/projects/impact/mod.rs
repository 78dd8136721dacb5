//! Impact: "you said, we did". Each recommendation from the report gets the commissioner's
//! tracked answer (accepted, partly or not; the action, who owns it, when it is due, how it
//! is going and the evidence), and every answer or change is kept as a dated update so the
//! timeline shows what was promised and what was done. Impact records use the sources'
//! types, each with evidence and an optional statement from a named role. Peer researchers
//! may keep their own outcomes, private unless they choose to show them.

pub mod api;
pub mod pages;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod from_report;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// A recommendation as the tracker shows it; labels already in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationView {
    pub id: i64,
    /// Its number in the project's list (1, 2, 3...).
    pub number: i64,
    pub body: String,
    /// The stored answer (`awaiting`, `accepted`, `partly`, `not_accepted`) and its words.
    pub response: String,
    pub response_label: String,
    pub action: String,
    pub owner: String,
    /// YYYY-MM-DD, or empty.
    pub due_on: String,
    pub status: String,
    pub status_label: String,
    pub evidence: String,
    /// The signed-off version of the report it was taken from; None when typed in.
    pub from_version: Option<i64>,
    pub updated_on: String,
}

/// One dated step in a recommendation's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateView {
    pub on: String,
    pub who: String,
    pub response_label: String,
    pub status_label: String,
    pub action: String,
    pub owner: String,
    pub due_on: String,
    pub evidence: String,
    pub note: String,
}

/// An impact record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactView {
    pub id: i64,
    pub kind_label: String,
    pub summary: String,
    pub evidence: String,
    pub happened_on: String,
    pub statement: String,
    pub statement_by: String,
    pub statement_role: String,
    pub recorded_by: String,
}

/// A peer researcher's outcomes, as they wrote them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeView {
    pub name: String,
    pub confidence: String,
    pub confidence_label: String,
    pub skills: String,
    pub roles: String,
    pub shared: bool,
}

/// The project's impact page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactPage {
    pub project_id: i64,
    pub project_title: String,
    /// The latest signed-off version of the report and its section titles, offered to
    /// those who add recommendations (None and empty otherwise).
    pub report_version: Option<i64>,
    pub report_sections: Vec<String>,
    pub recommendations: Vec<RecommendationView>,
    /// "3 recommendations: 1 done, ..." in words.
    pub tally: String,
    pub impacts: Vec<ImpactView>,
    /// Outcomes their authors chose to show here.
    pub shared_outcomes: Vec<OutcomeView>,
    /// The caller's own outcomes, when they may keep them (None otherwise).
    pub my_outcome: Option<OutcomeView>,
    pub may_record: bool,
    pub may_respond: bool,
}

/// One recommendation with its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendationPage {
    pub project_id: i64,
    pub project_title: String,
    pub recommendation: RecommendationView,
    pub timeline: Vec<UpdateView>,
    pub may_respond: bool,
    /// The wording may still change: the caller records impact and there is no answer yet.
    pub may_reword: bool,
}
