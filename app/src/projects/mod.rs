//! Projects: the commissioned work a group carries out, starting from an awarded brief.
//! An award creates the project at the 'agreed' stage (commissioning calls
//! `service::create_from_award` inside its award); the project lifecycle adds the rest.
//! Projects never look back into commissioning: a project keeps its own copy of the terms.
//!
//! The lifecycle: `stage` (the stages in order), `team_role` (who plays which part),
//! `access` (the one loader of a project and the caller's place on it, for every rule),
//! `ethics` (applications, and the clearance that opens fieldwork), `recruitment` (the
//! sampling frame, invitations and declines, progress counts), `consent` (participants
//! under pseudonym codes, consent records, withdrawal), `fieldwork` (sessions, debriefs,
//! lone working, recordings and transcripts).

#[cfg(feature = "ssr")]
pub mod access;
pub mod analysis;
pub mod api;
pub mod audit;
pub mod consent;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod ethics;
pub mod fieldwork;
pub mod findings;
#[cfg(feature = "ssr")]
pub mod finished_demo;
pub mod gates;
pub mod impact;
pub mod outputs;
pub mod pages;
pub mod plan;
pub mod recruitment;
pub mod report;
#[cfg(feature = "ssr")]
pub mod service;
pub mod stage;
pub mod team;
pub mod terms;

use serde::{Deserialize, Serialize};

pub use stage::{stage_label, Stage};
pub use crate::identity::team_role::{self, TeamRole};
pub use terms::{money, AgreedWork, AwardTerms, Costs};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub id: i64,
    pub title: String,
    pub group_name: String,
    pub commissioner: String,
    pub stage: String,
    pub started: String,
}

/// A project's page: what was agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectPage {
    pub id: i64,
    pub title: String,
    pub stage: String,
    pub agreed_on: String,
    pub group_name: String,
    pub group_slug: String,
    pub commissioner: String,
    pub brief_id: i64,
    pub brief_summary: String,
    pub brief_questions: String,
    pub brief_outputs: String,
    pub start_date: String,
    pub report_due: String,
    pub response_id: i64,
    pub response: AgreedWork,
    pub total_pence: i64,
    /// The commissioner who awarded it: the project's contact.
    pub contact_name: String,
    pub contact_email: String,
    /// The group coordinator who leads it.
    pub lead_name: String,
    /// Whether the person sees the working material (team, plan, ethics, recruitment):
    /// the group and the team do; the commissioner sees the overview only.
    pub sees_work: bool,
    /// Whether the person manages it (the lead, the group's coordinators): they also see
    /// its audit trail.
    pub manages: bool,
}
