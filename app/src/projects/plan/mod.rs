//! The plan: research questions co-defined by the team (each save a new version; one
//! agreed version, which ethics sees), methods, the sampling plan with target numbers,
//! milestones, a risk and lone-working plan, a data management plan, and peer review by
//! an academic supporter on the team (comments, the team's replies, sign-off).
//!
//! A sign-off is of the plan as it was: agreeing other questions or changing the methods,
//! sampling, risk or data plan raises the plan's revision, and the supporter signs again.
//! Milestones are dates the team moves as it goes, so they leave a sign-off standing.

pub mod api;
#[cfg(feature = "ssr")]
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod ics;
#[cfg(feature = "ssr")]
pub mod invitations;
#[cfg(feature = "ssr")]
pub mod milestones;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod review;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// The agreed research questions: what ethics applications show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedQuestions {
    pub version_no: i64,
    pub body: String,
    pub agreed_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionVersionView {
    pub id: i64,
    pub version_no: i64,
    pub body: String,
    pub author: String,
    pub saved_on: String,
    pub agreed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetView {
    pub id: i64,
    pub site: String,
    pub target: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneView {
    pub id: i64,
    pub title: String,
    /// As stored (YYYY-MM-DD), for the edit form.
    pub due_on: String,
    pub due_text: String,
    pub stage: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyView {
    pub author: String,
    pub body: String,
    pub on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub on: String,
    pub replies: Vec<ReplyView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignoffView {
    pub name: String,
    pub on: String,
    /// Of the plan as it is now (a change since undoes it).
    pub current: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPage {
    pub project_id: i64,
    pub title: String,
    pub can_manage: bool,
    pub can_review: bool,
    pub can_reply: bool,
    pub has_supporter: bool,
    pub versions: Vec<QuestionVersionView>,
    pub methods: String,
    pub inclusion: String,
    pub exclusion: String,
    pub targets: Vec<TargetView>,
    pub milestones: Vec<MilestoneView>,
    pub risk_plan: String,
    pub data_collected: String,
    pub data_kept_where: String,
    pub data_who_sees: String,
    /// As stored (YYYY-MM-DD) or empty.
    pub retain_until: String,
    pub comments: Vec<CommentView>,
    pub signoffs: Vec<SignoffView>,
}

/// The stages a milestone can belong to: the working stages.
pub fn milestone_stages() -> Vec<crate::projects::Stage> {
    use crate::projects::Stage;
    Stage::ALL.into_iter().filter(|s| !matches!(s, Stage::Agreed | Stage::Closed)).collect()
}
