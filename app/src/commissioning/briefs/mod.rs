//! Briefs: a commissioner writes one as a draft, publishes it to research groups, closes
//! or withdraws it; groups find published briefs in a filtered list, a page at a time.

pub mod api;
#[cfg(feature = "ssr")]
pub mod listing;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::commissioning::{money, BriefState, QuestionView, ResponseState};
use crate::ui::pagination::Paged;

/// A brief's budget range as people read it: "£5,000 to £8,000", or one amount.
pub fn budget_text(fields: &BriefFields) -> String {
    budget_range(fields.budget_min_pence, fields.budget_max_pence)
}

pub fn budget_range(min_pence: i64, max_pence: i64) -> String {
    if min_pence == max_pence {
        money(max_pence)
    } else {
        format!("{} to {}", money(min_pence), money(max_pence))
    }
}

/// A brief as listed in search results and tracking pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefSummary {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub commissioner: String,
    pub about_whom: String,
    pub state: BriefState,
    /// Published, but the closing date has passed.
    pub past_deadline: bool,
    pub responses_due: String,
    pub budget: String,
    pub time_left: String,
    /// Submitted responses (for the commissioner's own briefs only; 0 otherwise).
    pub response_count: i64,
}

/// Filters for the list of briefs, taken from the address so they work without JavaScript.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefFilter {
    /// "open" (the default), "closed", "awarded" or "all".
    pub status: String,
    pub about: String,
    /// Only briefs closing on or before this date (YYYY-MM-DD or DD/MM/YYYY).
    pub closing_before: String,
    /// Which page of the list, from 1 (0 is read as 1).
    pub page: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefList {
    /// One page of the briefs that match, newest published first.
    pub briefs: Paged<BriefSummary>,
    /// A message when the closing date filter could not be read.
    pub filter_problem: Option<String>,
}

/// Everything typed into a brief, as stored (money in pence, dates as YYYY-MM-DD).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefFields {
    pub title: String,
    pub summary: String,
    pub background: String,
    pub questions: String,
    pub about_whom: String,
    pub methods: String,
    pub outputs: String,
    pub budget_min_pence: i64,
    pub budget_max_pence: i64,
    pub responses_due: String,
    pub start_date: String,
    pub report_due: String,
    pub contact_name: String,
    pub contact_email: String,
}

/// One brief as its page shows it, with what the viewer may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefPage {
    pub id: i64,
    pub organisation_id: i64,
    pub commissioner: String,
    pub fields: BriefFields,
    /// The background as safe HTML.
    pub background_html: String,
    pub state: BriefState,
    pub past_deadline: bool,
    pub time_left: String,
    pub questions: Vec<QuestionView>,
    /// The viewer is a commissioner in the body that owns the brief.
    pub is_owner: bool,
    pub can_ask: bool,
    /// The viewer's groups that may respond (id, name), with their response if any.
    pub my_groups: Vec<MyGroupResponse>,
    pub submitted_count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyGroupResponse {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub response_id: Option<i64>,
    pub response_state: Option<ResponseState>,
    /// The viewer coordinates this group, so may start and send its response.
    pub is_coordinator: bool,
}

