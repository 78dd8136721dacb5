//! The view types for a cohort: starting one, its page for trainers and trainees, its completion rule and trainers.

use serde::{Deserialize, Serialize};

use crate::training::{Attendance, ModuleState};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CohortPage {
    Trainer(Box<TrainerCohort>),
    Trainee(Box<TraineeCohort>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortFacts {
    pub id: i64,
    pub name: String,
    pub course_id: i64,
    pub course_title: String,
    pub organisation_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: i64,
    pub location: String,
    pub min_attendance: i64,
    pub trainers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleHead {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: i64,
    pub on_date: String,
    pub at_time: String,
    pub place: String,
    pub online: bool,
    pub covers: Vec<(i64, String)>,
    pub past: bool,
    pub marked: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRow {
    pub id: i64,
    pub code: String,
    pub revoked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub states: Vec<ModuleState>,
    pub required_done: usize,
    pub attended: usize,
    pub attendance_percent: Option<u32>,
    pub meets_rule: bool,
    pub certificate: Option<CertificateRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionHead {
    pub id: i64,
    pub author: String,
    pub module_title: String,
    pub written_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainerCohort {
    pub cohort: CohortFacts,
    pub modules: Vec<ModuleHead>,
    pub trainees: Vec<TraineeRow>,
    pub sessions: Vec<SessionRow>,
    pub pending_invitations: Vec<(i64, String, String)>,
    pub awaiting_feedback: Vec<ReflectionHead>,
    /// Shared entries that already have feedback.
    pub answered: Vec<ReflectionHead>,
    /// Research groups the viewer leads, to invite graduates into.
    pub groups_led: Vec<(i64, String)>,
    /// The provider's other trainers, who could be added to this cohort.
    pub other_trainers: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeModule {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub minutes: i64,
    pub state: ModuleState,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeSession {
    pub id: i64,
    pub on_date: String,
    pub at_time: String,
    pub place: String,
    pub online: bool,
    pub covers: Vec<(i64, String, ModuleState)>,
    pub past: bool,
    pub status: Option<Attendance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeCohort {
    pub cohort: CohortFacts,
    pub summary: String,
    pub modules: Vec<TraineeModule>,
    pub done: usize,
    pub sessions: Vec<TraineeSession>,
    pub attended: usize,
    pub required_total: usize,
    pub required_done: usize,
    pub certificate_code: Option<String>,
}

impl TraineeCohort {
    /// Sessions already held that this trainee missed, with the modules still to catch up.
    pub fn catch_up(&self) -> Vec<&TraineeSession> {
        self.sessions
            .iter()
            .filter(|s| s.past && !s.status.is_some_and(Attendance::attended))
            .filter(|s| s.covers.iter().any(|(_, _, state)| *state != ModuleState::Complete))
            .collect()
    }
}
