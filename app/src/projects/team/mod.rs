//! The project's team: group members with project roles, academic supporters from a
//! training provider (practitioner roles, a written agreement on boundaries, a review
//! date), the commissioner's contact; the level of involvement the team agreed; and an
//! optional advisory group with its meeting dates.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

use crate::projects::TeamRole;

/// The ladder of involvement from the sources, lowest rung first, each explained in a line.
pub const INVOLVEMENT: [(&str, &str, &str); 5] = [
    ("information", "Information", "People are told about the research, but do not shape it."),
    ("consultation", "Consultation", "People are asked for their views, and the researchers decide."),
    ("participation", "Participation", "People take part in doing the research alongside the researchers."),
    ("partnership", "Partnership", "People share decisions about the research with the researchers."),
    ("control", "Control", "People with lived experience lead the research and make the decisions."),
];

pub fn involvement_label(value: &str) -> Option<&'static str> {
    INVOLVEMENT.iter().find(|(v, ..)| *v == value).map(|(_, label, _)| *label)
}

/// The project roles a coordinator gives group members.
pub const GROUP_ROLES: [TeamRole; 4] = [TeamRole::Lead, TeamRole::PeerResearcher, TeamRole::CoCoder, TeamRole::Support];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMemberView {
    pub user_id: i64,
    pub name: String,
    pub role: TeamRole,
    /// For academic supporters: their practitioner roles (stored values), agreement and review date.
    pub practitioner_roles: Vec<String>,
    pub agreement: String,
    pub review_on: String,
    /// The review date as YYYY-MM-DD, for the form that changes it (empty when none).
    pub review_on_value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisorView {
    pub id: i64,
    pub name: String,
    pub affiliation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingView {
    pub id: i64,
    pub meets_on: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamPage {
    pub project_id: i64,
    pub title: String,
    pub members: Vec<TeamMemberView>,
    pub can_manage: bool,
    /// Group members not on the team yet: (user id, name).
    pub group_choices: Vec<(i64, String)>,
    /// Academic supporters and trainers of training providers not on the team: (user id, "name, organisation").
    pub supporter_choices: Vec<(i64, String)>,
    pub involvement: Option<String>,
    pub advisors: Vec<AdvisorView>,
    pub meetings: Vec<MeetingView>,
}
