//! Questions about a published brief: any research group may ask, the commissioner answers,
//! and every group sees the answer without being told who asked.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: i64,
    pub question: String,
    pub answer: Option<String>,
    pub asked_on: String,
    /// The viewer's own group asked it (never says which group otherwise).
    pub asked_by_my_group: bool,
}

