//! The view types for the training home: what someone studies, the cohorts they run, the courses they teach.

use serde::{Deserialize, Serialize};

use crate::ui::pagination::Paged;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingHome {
    pub studying: Vec<StudyCard>,
    /// One page of the cohorts this person runs.
    pub running: Paged<CohortCard>,
    pub courses: Vec<CourseCard>,
    /// Training providers where this person may write courses.
    pub providers: Vec<(i64, String)>,
    /// Whether this person coordinates a research group, so may look for graduates.
    pub finds_graduates: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudyCard {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub course_title: String,
    pub done: usize,
    pub total: usize,
    pub certificate_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CohortCard {
    pub id: i64,
    pub name: String,
    pub course_title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub enrolled: i64,
    pub capacity: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct CourseCard {
    pub id: i64,
    pub title: String,
    pub organisation_name: String,
    pub modules: i64,
}
