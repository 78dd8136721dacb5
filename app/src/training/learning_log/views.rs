//! The view types for the learning log: trainees' reflections and their trainers' feedback.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyView {
    pub author: String,
    pub body_html: String,
    pub written_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionView {
    pub id: i64,
    pub author: String,
    pub module_title: String,
    pub body_html: String,
    pub shared: bool,
    pub written_on: String,
    pub replies: Vec<ReplyView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionPage {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub reflection: ReflectionView,
    pub can_reply: bool,
}
