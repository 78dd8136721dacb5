//! The parts people play on a project's team, and the practitioner roles of academic
//! supporters (the five roles the sources name). Here rather than in projects because the
//! project rules in authz read them, and authz imports no feature.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TeamRole {
    /// Leads the project day to day (a member of the group).
    Lead,
    /// Does fieldwork: recruitment, consent, interviews.
    PeerResearcher,
    /// Codes and analyses transcripts with the team.
    CoCoder,
    /// Supports the team (travel, rooms, wellbeing) without handling research data.
    Support,
    /// From a training provider, backing the team in one or more practitioner roles.
    AcademicSupporter,
    /// The commissioner's contact for the project.
    CommissionerContact,
}

impl TeamRole {
    pub const ALL: [TeamRole; 6] = [
        TeamRole::Lead,
        TeamRole::PeerResearcher,
        TeamRole::CoCoder,
        TeamRole::Support,
        TeamRole::AcademicSupporter,
        TeamRole::CommissionerContact,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TeamRole::Lead => "lead",
            TeamRole::PeerResearcher => "peer_researcher",
            TeamRole::CoCoder => "co_coder",
            TeamRole::Support => "support",
            TeamRole::AcademicSupporter => "academic_supporter",
            TeamRole::CommissionerContact => "commissioner_contact",
        }
    }

    pub fn parse(value: &str) -> Option<TeamRole> {
        TeamRole::ALL.into_iter().find(|r| r.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            TeamRole::Lead => "Project lead",
            TeamRole::PeerResearcher => "Peer researcher",
            TeamRole::CoCoder => "Co-coder",
            TeamRole::Support => "Support",
            TeamRole::AcademicSupporter => "Academic supporter",
            TeamRole::CommissionerContact => "Commissioner's contact",
        }
    }

    /// The project's researchers: the people who recruit, take consent, hold interviews and
    /// so may see participants' real names and contact details.
    pub fn is_researcher(self) -> bool {
        matches!(self, TeamRole::Lead | TeamRole::PeerResearcher | TeamRole::CoCoder)
    }
}

/// The five practitioner roles of academic supporters.
pub const PRACTITIONER_ROLES: [(&str, &str); 5] = [
    ("resource_builder", "Resource-builder"),
    ("capacity_builder", "Capacity-builder"),
    ("facilitator", "Facilitator"),
    ("bridge_builder", "Bridge-builder"),
    ("co_educator", "Co-educator"),
];

pub fn practitioner_role_label(value: &str) -> Option<&'static str> {
    PRACTITIONER_ROLES.iter().find(|(v, _)| *v == value).map(|(_, label)| *label)
}
