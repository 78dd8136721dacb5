//! The view types for studying a module: reading it, its knowledge check, and moving on.

use serde::{Deserialize, Serialize};

use crate::training::{ModuleState, ReflectionView};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub options: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerFeedback {
    pub question_id: i64,
    pub option_id: i64,
    pub correct: bool,
    pub feedback: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptView {
    pub score: i64,
    pub passed: bool,
    pub answers: Vec<AnswerFeedback>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModulePage {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub course_title: String,
    pub id: i64,
    pub position: i64,
    pub module_count: i64,
    pub title: String,
    pub minutes: i64,
    pub outcomes: Vec<String>,
    pub body_html: String,
    pub read: bool,
    pub questions: Vec<QuestionView>,
    pub pass_mark: i64,
    pub last_attempt: Option<AttemptView>,
    pub passed: bool,
    pub state: ModuleState,
    pub reflection_prompt: String,
    pub reflections: Vec<ReflectionView>,
    pub previous: Option<i64>,
    pub next: Option<i64>,
}
