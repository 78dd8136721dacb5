//! Ethics approval: one application per route (university committee, NHS, council research
//! governance), its numbered versions and documents, conditions with owners, and the
//! clearance that opens fieldwork: no participant, consent record or fieldwork session
//! before every application is approved and every condition closed.

#[cfg(feature = "ssr")]
pub mod clearance;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Route {
    University,
    Nhs,
    Council,
}

impl Route {
    pub const ALL: [Route; 3] = [Route::University, Route::Nhs, Route::Council];

    pub fn as_str(self) -> &'static str {
        match self {
            Route::University => "university",
            Route::Nhs => "nhs",
            Route::Council => "council",
        }
    }

    pub fn parse(value: &str) -> Option<Route> {
        Route::ALL.into_iter().find(|r| r.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Route::University => "University research ethics committee",
            Route::Nhs => "NHS research ethics (HRA)",
            Route::Council => "Council research governance",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApplicationState {
    Draft,
    Submitted,
    InformationRequested,
    ApprovedWithConditions,
    Approved,
    NotApproved,
    Withdrawn,
}

impl ApplicationState {
    pub const ALL: [ApplicationState; 7] = [
        ApplicationState::Draft,
        ApplicationState::Submitted,
        ApplicationState::InformationRequested,
        ApplicationState::ApprovedWithConditions,
        ApplicationState::Approved,
        ApplicationState::NotApproved,
        ApplicationState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationState::Draft => "draft",
            ApplicationState::Submitted => "submitted",
            ApplicationState::InformationRequested => "information_requested",
            ApplicationState::ApprovedWithConditions => "approved_with_conditions",
            ApplicationState::Approved => "approved",
            ApplicationState::NotApproved => "not_approved",
            ApplicationState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<ApplicationState> {
        ApplicationState::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            ApplicationState::Draft => "Draft",
            ApplicationState::Submitted => "Submitted",
            ApplicationState::InformationRequested => "Further information requested",
            ApplicationState::ApprovedWithConditions => "Approved with conditions",
            ApplicationState::Approved => "Approved",
            ApplicationState::NotApproved => "Not approved",
            ApplicationState::Withdrawn => "Withdrawn",
        }
    }

    /// Approved, with or without conditions: its documents are the approved versions.
    pub fn is_approved(self) -> bool {
        matches!(self, ApplicationState::Approved | ApplicationState::ApprovedWithConditions)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentKind {
    Protocol,
    InformationSheet,
    ConsentForm,
    TopicGuide,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] =
        [DocumentKind::Protocol, DocumentKind::InformationSheet, DocumentKind::ConsentForm, DocumentKind::TopicGuide];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Protocol => "protocol",
            DocumentKind::InformationSheet => "information_sheet",
            DocumentKind::ConsentForm => "consent_form",
            DocumentKind::TopicGuide => "topic_guide",
        }
    }

    pub fn parse(value: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Protocol => "Protocol",
            DocumentKind::InformationSheet => "Information sheet",
            DocumentKind::ConsentForm => "Consent form",
            DocumentKind::TopicGuide => "Interview or topic guide",
        }
    }
}
