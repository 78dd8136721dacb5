//! The view types for sessions and attendance: adding sessions, marking who came, sending apologies.

use serde::{Deserialize, Serialize};

use crate::training::{Attendance, SessionRow};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub user_id: i64,
    pub name: String,
    pub status: Option<Attendance>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPage {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub session: SessionRow,
    pub rows: Vec<AttendanceRow>,
}
