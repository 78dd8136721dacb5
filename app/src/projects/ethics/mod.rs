//! Ethics approval: one application per route (university committee, NHS, council research
//! governance), its numbered versions and documents, conditions with owners, and the
//! clearance that opens fieldwork: no participant, consent record or fieldwork session
//! before every application is approved and every condition closed.

pub mod api;
#[cfg(feature = "ssr")]
pub mod applications;
#[cfg(feature = "ssr")]
pub mod clearance;
#[cfg(feature = "ssr")]
pub mod decisions;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod documents;
pub mod flow;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod reading;
#[cfg(feature = "ssr")]
pub mod records;
#[cfg(feature = "ssr")]
pub mod review;

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

/// The ethics section of a project: its applications and what still stops fieldwork.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EthicsOverview {
    pub project_id: i64,
    pub project_title: String,
    pub can_manage: bool,
    pub applications: Vec<ApplicationSummary>,
    /// What still stops fieldwork, in words a team can act on; empty when it may begin.
    pub still_needed: Vec<String>,
    /// Routes with no application in progress or approved: (value, label).
    pub open_routes: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: i64,
    pub title: String,
    pub route: Route,
    pub state: ApplicationState,
    pub version: String,
    pub updated: String,
}

/// One version of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    pub id: i64,
    pub kind: DocumentKind,
    pub doc_version: i64,
    pub application_version: i64,
    pub title: String,
    /// The Markdown as written, to edit.
    pub body: String,
    /// The same, as safe HTML.
    pub html: String,
    pub note: String,
    pub by: String,
    pub when: String,
}

/// A line of the application's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub what: String,
    pub text: String,
    pub by: String,
    pub when: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConditionView {
    pub id: i64,
    pub text: String,
    pub owner: String,
    /// "Closed by … on …", when closed.
    pub closed: Option<String>,
    pub closing_note: String,
    pub may_close: bool,
}

/// What the person looking may do here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EthicsPermissions {
    pub manage: bool,
    pub decide: bool,
    pub is_reviewer: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationPage {
    pub project_id: i64,
    pub project_title: String,
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub route: Route,
    pub state: ApplicationState,
    pub version_no: i64,
    pub version: String,
    pub reference: String,
    pub approved_on: String,
    pub expires_on: String,
    pub decision_letter_html: String,
    pub decided: String,
    /// The research questions the team agreed in its plan: what the committee reviews.
    pub agreed_questions: Option<crate::projects::plan::AgreedQuestions>,
    /// The newest version of each kind of document.
    pub documents: Vec<DocumentView>,
    /// Every earlier version, newest first.
    pub earlier_documents: Vec<DocumentView>,
    pub events: Vec<EventView>,
    pub conditions: Vec<ConditionView>,
    /// Team members who may own a condition: (user id, name).
    pub team: Vec<(String, String)>,
    /// Who reviews it from outside, and invitations not yet taken up.
    pub reviewers: Vec<String>,
    pub may: EthicsPermissions,
    /// What still stops fieldwork on the project (not shown to outside reviewers).
    pub still_needed: Option<Vec<String>>,
}

/// What the holder of a review invitation link sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewInvitationView {
    pub application_title: String,
    pub route: Route,
    pub group_name: String,
    pub email: String,
    pub invited_by: Option<String>,
    pub account_exists: bool,
    pub signed_in_as: Option<String>,
}

/// An application an outside reviewer reviews, for their list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSummary {
    pub project_id: i64,
    pub application_id: i64,
    pub title: String,
    pub group_name: String,
    pub state: ApplicationState,
}
