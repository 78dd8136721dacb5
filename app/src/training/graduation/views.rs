//! The view types for graduation: inviting graduates into research groups, graduates asking to be found, founding a new group.

use serde::{Deserialize, Serialize};

use crate::ui::pagination::Paged;

/// A graduate who said they would like to join a citizen research group. No e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeekingGraduate {
    pub user_id: i64,
    pub name: String,
    pub course_title: String,
    pub cohort_name: String,
    pub certified_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraduatesPage {
    /// One page of them.
    pub graduates: Paged<SeekingGraduate>,
    /// The research groups the viewer coordinates, to invite graduates into.
    pub groups: Vec<(i64, String)>,
}
