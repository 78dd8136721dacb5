//! Decisions: the commissioner compares submitted responses side by side, shortlists,
//! asks for clarification (the group's coordinator answers) and awards the brief, which
//! creates the group's project.

pub mod api;
#[cfg(feature = "ssr")]
pub mod award;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::commissioning::{AttachmentView, BriefState, ResponseFields, ResponseState};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClarificationView {
    pub id: i64,
    pub question: String,
    pub answer: Option<String>,
    pub asked: String,
}

/// A submitted response as the commissioner compares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseForDecision {
    pub id: i64,
    pub group_name: String,
    pub fields: ResponseFields,
    pub total_pence: i64,
    pub state: ResponseState,
    pub shortlisted: bool,
    pub submitted: String,
    pub clarifications: Vec<ClarificationView>,
    pub attachments: Vec<AttachmentView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionsPage {
    pub brief_id: i64,
    pub title: String,
    pub state: BriefState,
    pub responses: Vec<ResponseForDecision>,
    pub project_id: Option<i64>,
}

