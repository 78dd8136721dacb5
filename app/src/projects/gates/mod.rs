//! Stages and gates: a gate leads from each stage to the next. It shows its checklist,
//! who must sign, records each signature, and is passed only when every criterion is met
//! and every signature is there. The project page shows the stage history as a timeline.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// Who signs a gate, and in which capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Signer {
    Lead,
    Supporter,
    Commissioner,
}

impl Signer {
    pub const ALL: [Signer; 3] = [Signer::Lead, Signer::Supporter, Signer::Commissioner];

    pub fn as_str(self) -> &'static str {
        match self {
            Signer::Lead => "lead",
            Signer::Supporter => "supporter",
            Signer::Commissioner => "commissioner",
        }
    }

    pub fn parse(value: &str) -> Option<Signer> {
        Signer::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// "as the project lead", for the signature lines.
    pub fn label(self) -> &'static str {
        match self {
            Signer::Lead => "Project lead",
            Signer::Supporter => "Academic supporter",
            Signer::Commissioner => "Commissioner",
        }
    }

    /// Who this is, in a sentence: "the signature of the project lead".
    pub fn who(self) -> &'static str {
        match self {
            Signer::Lead => "the project lead",
            Signer::Supporter => "the academic supporter",
            Signer::Commissioner => "the commissioner",
        }
    }
}

/// One line of a checklist, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionView {
    pub text: String,
    pub met: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureView {
    pub signed_as: Signer,
    pub name: String,
    pub signed_on: String,
    /// False when the team, involvement or plan changed, or something done was undone,
    /// after it was given: it no longer counts and is asked for again.
    pub stands: bool,
}

/// One gate passed, for the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassView {
    pub from: String,
    pub to: String,
    pub passed_by: String,
    pub passed_on: String,
    pub note: String,
    pub signatures: Vec<SignatureView>,
}

/// The gate out of the current stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentGate {
    pub from: String,
    pub to: String,
    pub criteria: Vec<CriterionView>,
    /// Each required signer, and the signature if it is there.
    pub signers: Vec<(Signer, Option<SignatureView>)>,
    /// Required signers the viewer may sign as, with no signature that still stands.
    pub can_sign_as: Vec<Signer>,
    pub can_pass: bool,
    pub ready: bool,
}

/// The stage history and the current gate, for the project page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateOverview {
    pub project_id: i64,
    pub stage: String,
    pub timeline: Vec<PassView>,
    pub gate: Option<CurrentGate>,
    /// Milestones: how many, how many complete (progress counts for everyone who sees the project).
    pub milestones_total: i64,
    pub milestones_done: i64,
    pub milestones: Vec<MilestoneLine>,
}

/// A milestone as the overview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneLine {
    pub id: i64,
    pub title: String,
    pub due_on: String,
    pub stage: String,
    pub done: bool,
}
