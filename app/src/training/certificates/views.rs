//! The view types for certificates: issued when someone meets the completion rule, issued or revoked by hand, verified publicly.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub holder: String,
    pub course_title: String,
    pub cohort_name: String,
    pub organisation_name: String,
    pub issued_on: String,
    pub code: String,
    pub revoked: bool,
    pub cohort_id: i64,
    /// Whether the viewer is the holder (only they may say they seek a group).
    pub is_holder: bool,
    /// Whether the holder has said they would like to join a research group.
    pub seeking_group: bool,
}

/// What the public verification page may say about a code: nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verification {
    Valid,
    Revoked,
    Unknown,
}
