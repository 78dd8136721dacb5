//! Recruitment: the sampling frame (places and organisations approached, with how many
//! people each reached), invitations sent and declines with their reasons, as counts (a
//! decline needs no identity), and the progress counts the commissioner may see.
//!
//! `service::progress_counts` holds no identities: it is what the project overview shows
//! to everyone who sees the project, the commissioner included.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::ui::pagination::Paged;

/// Recruitment so far, as numbers only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProgressCounts {
    /// People invited (the sum of the invitations recorded).
    pub invited: i64,
    /// People who said no (the sum of the declines recorded).
    pub declined: i64,
    /// Participants who have joined, withdrawn or not.
    pub joined: i64,
    /// Participants with a consent record who have not withdrawn.
    pub consented: i64,
    /// Participants who have withdrawn.
    pub withdrawn: i64,
    /// How many people the sampling plan aims for, all sites together (0 when none is set).
    pub target: i64,
    /// Fieldwork sessions marked held (`fieldwork::sessions`).
    pub sessions_held: i64,
}

/// Why people said no, in categories (with a free-text note beside).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeclineReason {
    NotInterested,
    NoTime,
    Health,
    Privacy,
    Other,
}

impl DeclineReason {
    pub const ALL: [DeclineReason; 5] =
        [DeclineReason::NotInterested, DeclineReason::NoTime, DeclineReason::Health, DeclineReason::Privacy, DeclineReason::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            DeclineReason::NotInterested => "not_interested",
            DeclineReason::NoTime => "no_time",
            DeclineReason::Health => "health",
            DeclineReason::Privacy => "privacy",
            DeclineReason::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<DeclineReason> {
        DeclineReason::ALL.into_iter().find(|r| r.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeclineReason::NotInterested => "Not interested",
            DeclineReason::NoTime => "No time, or the dates did not suit",
            DeclineReason::Health => "Not well enough at the moment",
            DeclineReason::Privacy => "Worried about privacy or being recorded",
            DeclineReason::Other => "Another reason",
        }
    }
}

/// One place or organisation in the sampling frame, with what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub approached_on: Option<String>,
    pub people_reached: i64,
    pub notes: String,
    pub invited: i64,
    pub declined: i64,
    pub joined: i64,
}

/// Declines of one reason, counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonCount {
    pub reason: String,
    pub people: i64,
}

/// A note written with a decline (never a name: the form says so).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclineNote {
    pub recorded_on: String,
    pub reason: String,
    pub people: i64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecruitmentPage {
    /// Today's date (YYYY-MM-DD), the forms' default.
    pub today: String,
    pub project_id: i64,
    pub project_title: String,
    pub counts: ProgressCounts,
    /// May add to the sampling frame and record invitations and declines.
    pub may_record: bool,
    /// Why invitations and declines cannot be recorded yet (empty once ethics approval is complete).
    pub clearance_missing: Vec<String>,
    /// One page of the sampling frame, by name.
    pub sites: Paged<SiteView>,
    /// Every place, (id, name), for the "Where" choice when counting invitations and declines.
    pub site_choices: Vec<(i64, String)>,
    pub reasons: Vec<ReasonCount>,
    pub notes: Vec<DeclineNote>,
}

/// What the project page shows about recruitment: the counts, and which pages the
/// person may open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecruitmentSummary {
    pub project_id: i64,
    pub counts: ProgressCounts,
    /// May open Recruitment and Participants (everyone who sees the project's work).
    pub sees_work: bool,
}
