//! The view types for places on a cohort: inviting trainees by e-mail, withdrawing invitations, accepting a place.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CohortInvitationView {
    pub cohort_name: String,
    pub course_title: String,
    pub organisation_name: String,
    pub email: String,
    pub invited_by: Option<String>,
    pub account_exists: bool,
    pub signed_in_as: Option<String>,
    pub places_left: i64,
}
