//! "Your briefs and responses" (/briefs/mine): a commissioner's briefs, a group's responses
//! and commissions, each a page at a time, and the group's choice of e-mails about new briefs.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::commissioning::{BriefSummary, ResponseState};
use crate::projects::ProjectSummary;
use crate::ui::pagination::Paged;

/// One line of a group's tracking page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedResponse {
    pub response_id: i64,
    pub brief_id: i64,
    pub brief_title: String,
    pub commissioner: String,
    pub state: ResponseState,
    pub responses_due: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupTracking {
    pub organisation_id: i64,
    pub name: String,
    pub is_coordinator: bool,
    pub alerts_on: bool,
    /// This page of the group's responses, last changed first.
    pub responses: Paged<TrackedResponse>,
    /// This page of the group's commissions, newest first (filled by the server function,
    /// which asks projects: commissioning's service does not reach into projects').
    pub projects: Paged<ProjectSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommissionerTracking {
    pub organisation_id: i64,
    pub name: String,
    /// This page of the body's briefs, last changed first.
    pub briefs: Paged<BriefSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    pub groups: Vec<GroupTracking>,
    pub commissioners: Vec<CommissionerTracking>,
    /// Which page of every list this is, from 1: one page number moves them all together.
    pub page: i64,
    /// Draft responses across the person's groups, for the dashboard.
    pub draft_responses: i64,
    /// Responses waiting on the open or closed briefs of the person's bodies, for the dashboard.
    pub waiting_responses: i64,
}

impl Tracking {
    /// How many pages the longest list fills.
    pub fn pages(&self) -> i64 {
        let groups = self.groups.iter().flat_map(|g| [g.responses.pages(), g.projects.pages()]);
        let bodies = self.commissioners.iter().map(|c| c.briefs.pages());
        groups.chain(bodies).max().unwrap_or(1)
    }
}

