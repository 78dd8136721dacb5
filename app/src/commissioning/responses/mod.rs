//! A group's response to a brief: the coordinator drafts, sends and may withdraw it; the
//! group's members read the draft and comment.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::commissioning::{AttachmentView, ClarificationView, Costs, ResponseState};

/// Everything typed into a response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseFields {
    pub approach: String,
    pub lived_experience: String,
    pub team: String,
    pub timeline: String,
    pub ethics_route: String,
    pub costs: Costs,
    pub other_note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub author: String,
    pub body: String,
    pub written: String,
}

/// A group's response as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsePage {
    pub id: i64,
    pub brief_id: i64,
    pub brief_title: String,
    pub commissioner: String,
    pub responses_due: String,
    pub brief_past_deadline: bool,
    pub group_id: i64,
    pub group_name: String,
    pub fields: ResponseFields,
    pub total_pence: i64,
    pub state: ResponseState,
    pub shortlisted: bool,
    pub feedback: String,
    pub submitted: Option<String>,
    pub comments: Vec<CommentView>,
    pub clarifications: Vec<ClarificationView>,
    pub attachments: Vec<AttachmentView>,
    /// The viewer is a member of the group (sees comments, may comment).
    pub is_member: bool,
    /// The viewer coordinates the group (may edit, submit, withdraw, answer clarifications).
    pub is_coordinator: bool,
    /// The viewer decides on the brief (commissioner of the owning body).
    pub is_commissioner: bool,
    pub project_id: Option<i64>,
}

