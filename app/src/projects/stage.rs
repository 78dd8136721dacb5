//! The stages a project moves through, in order. A project leaves a stage only through
//! that stage's gate (a recorded decision with its checklist met), never by a date.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stage {
    Agreed,
    Planning,
    Ethics,
    Fieldwork,
    Analysis,
    Reporting,
    Dissemination,
    ImpactFollowUp,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 9] = [
        Stage::Agreed,
        Stage::Planning,
        Stage::Ethics,
        Stage::Fieldwork,
        Stage::Analysis,
        Stage::Reporting,
        Stage::Dissemination,
        Stage::ImpactFollowUp,
        Stage::Closed,
    ];

    /// The value stored in `projects.stage`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Agreed => "agreed",
            Stage::Planning => "planning",
            Stage::Ethics => "ethics",
            Stage::Fieldwork => "fieldwork",
            Stage::Analysis => "analysis",
            Stage::Reporting => "reporting",
            Stage::Dissemination => "dissemination",
            Stage::ImpactFollowUp => "impact_follow_up",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// A short name for the stage, as people say it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Agreed => "Agreed",
            Stage::Planning => "Planning",
            Stage::Ethics => "Ethics approval",
            Stage::Fieldwork => "Fieldwork",
            Stage::Analysis => "Analysis",
            Stage::Reporting => "Reporting",
            Stage::Dissemination => "Dissemination",
            Stage::ImpactFollowUp => "Impact follow-up",
            Stage::Closed => "Closed",
        }
    }

    /// What is happening at this stage, in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Agreed => "Agreed: the commission has been awarded",
            Stage::Planning => "Planning: research questions, methods and the plan",
            Stage::Ethics => "Ethics approval: waiting for the ethics decision",
            Stage::Fieldwork => "Fieldwork: recruitment, consent and interviews",
            Stage::Analysis => "Analysis: making sense of what people said",
            Stage::Reporting => "Reporting: writing the final report",
            Stage::Dissemination => "Dissemination: sharing the findings",
            Stage::ImpactFollowUp => "Impact follow-up: what changed because of the research",
            Stage::Closed => "Closed",
        }
    }

    /// The stage after this one, if any: where this stage's gate leads.
    pub fn next(self) -> Option<Stage> {
        let i = Stage::ALL.iter().position(|s| *s == self)?;
        Stage::ALL.get(i + 1).copied()
    }

    /// Whether participants, consent records and fieldwork sessions may exist at this stage
    /// (they still need ethics clearance: see `projects::ethics::clearance`).
    pub fn fieldwork_open(self) -> bool {
        self >= Stage::Fieldwork
    }
}

/// How a stored stage reads to people; an unknown value reads as "In progress".
pub fn stage_label(stage: &str) -> &'static str {
    Stage::parse(stage).map(Stage::label).unwrap_or("In progress")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_run_in_order_and_end_at_closed() {
        assert_eq!(Stage::Agreed.next(), Some(Stage::Planning));
        assert_eq!(Stage::Ethics.next(), Some(Stage::Fieldwork));
        assert_eq!(Stage::ImpactFollowUp.next(), Some(Stage::Closed));
        assert_eq!(Stage::Closed.next(), None);
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(Stage::parse("nonsense"), None);
        assert_eq!(stage_label("nonsense"), "In progress");
        assert!(!Stage::Ethics.fieldwork_open() && Stage::Fieldwork.fieldwork_open());
    }
}
