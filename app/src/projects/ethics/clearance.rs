//! Ethics clearance: whether fieldwork may begin, and if not, what is missing, in words a
//! team can act on. The fieldwork gate, recruitment, consent and sessions all ask here.
//! Also the approved documents: the versions consent records and fieldwork packs use.

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::today;
use crate::projects::ethics::{ApplicationState, DocumentKind, Route};
use crate::validate::readable_date;

/// Whether fieldwork may begin; `missing` says why not, one line per problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clearance {
    pub missing: Vec<String>,
}

impl Clearance {
    pub fn is_clear(&self) -> bool {
        self.missing.is_empty()
    }

    /// The refusal to give when something needs clearance that is not there.
    pub fn require(self) -> Result<(), AppError> {
        if self.is_clear() {
            Ok(())
        } else {
            Err(AppError::refused(format!(
                "Fieldwork cannot be recorded until ethics approval is complete. Still needed: {}.",
                self.missing.join("; ")
            )))
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApplicationFact {
    pub id: i64,
    pub title: String,
    pub route: String,
    pub state: String,
    pub expires_on: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenCondition {
    pub application_id: i64,
    pub text: String,
}

/// The rule, over facts: at least one application; every application that is not
/// withdrawn (or refused and followed by a new one for its route) is approved and in
/// date; no condition is open.
pub fn assess(applications: &[ApplicationFact], open_conditions: &[OpenCondition], today: &str) -> Clearance {
    let mut missing = Vec::new();
    // A withdrawn application no longer counts, nor a refused one followed by a newer
    // application for the same route.
    let superseded = |a: &ApplicationFact| {
        a.state == ApplicationState::NotApproved.as_str() && applications.iter().any(|b| b.route == a.route && b.id > a.id)
    };
    let live: Vec<&ApplicationFact> = applications
        .iter()
        .filter(|a| a.state != ApplicationState::Withdrawn.as_str() && !superseded(a))
        .collect();
    if live.is_empty() {
        missing.push("an approved ethics application (none has been made yet)".to_string());
    }
    for app in &live {
        let route = Route::parse(&app.route).map(Route::label).unwrap_or("ethics");
        let state = ApplicationState::parse(&app.state).unwrap_or(ApplicationState::Draft);
        if !state.is_approved() {
            missing.push(format!("approval of \"{}\" ({route}), which is {}", app.title, state.label().to_lowercase()));
        } else if let Some(expiry) = app.expires_on.as_deref().filter(|d| !d.is_empty() && *d < today) {
            missing.push(format!("a renewal of \"{}\" ({route}): its approval ended on {}", app.title, readable_date(expiry)));
        }
    }
    for condition in open_conditions {
        let title = applications.iter().find(|a| a.id == condition.application_id).map(|a| a.title.as_str()).unwrap_or("");
        missing.push(format!("the condition \"{}\" on \"{title}\" to be closed", condition.text));
    }
    Clearance { missing }
}

/// Whether this project's fieldwork may begin (or go on).
pub async fn fieldwork_clearance(db: &Db, project_id: i64) -> Result<Clearance, AppError> {
    let applications = sqlx::query_as::<_, ApplicationFact>(
        "SELECT id, title, route, state, expires_on FROM ethics_applications WHERE project_id = $1 ORDER BY id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let open = sqlx::query_as::<_, OpenCondition>(
        "SELECT c.application_id, c.text FROM ethics_conditions c JOIN ethics_applications a ON a.id = c.application_id \
         WHERE a.project_id = $1 AND a.state <> 'withdrawn' AND c.closed_at IS NULL ORDER BY c.id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(assess(&applications, &open, &today()))
}

/// A document version on an approved application.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApprovedDocument {
    pub id: i64,
    pub application_id: i64,
    pub kind: String,
    pub doc_version: i64,
    pub title: String,
    pub body: String,
}

/// The newest version of each kind of document on the project's approved applications:
/// what consent records and fieldwork packs use.
pub async fn approved_documents(db: &Db, project_id: i64) -> Result<Vec<ApprovedDocument>, AppError> {
    let rows = sqlx::query_as::<_, ApprovedDocument>(
        "SELECT d.id, d.application_id, d.kind, d.doc_version, d.title, d.body FROM ethics_documents d \
         JOIN ethics_applications a ON a.id = d.application_id \
         WHERE a.project_id = $1 AND a.state IN ('approved', 'approved_with_conditions') \
         AND NOT EXISTS (SELECT 1 FROM ethics_documents n JOIN ethics_applications na ON na.id = n.application_id \
           WHERE na.project_id = a.project_id AND na.state IN ('approved', 'approved_with_conditions') \
           AND n.kind = d.kind AND (n.created_at > d.created_at OR (n.created_at = d.created_at AND n.id > d.id))) \
         ORDER BY d.kind",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(rows)
}

/// The approved version of one kind of document, if there is one.
pub async fn approved_document(db: &Db, project_id: i64, kind: DocumentKind) -> Result<Option<ApprovedDocument>, AppError> {
    Ok(approved_documents(db, project_id).await?.into_iter().find(|d| d.kind == kind.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(id: i64, state: &str, expires_on: Option<&str>) -> ApplicationFact {
        ApplicationFact {
            id,
            title: format!("Application {id}"),
            route: "nhs".into(),
            state: state.into(),
            expires_on: expires_on.map(str::to_string),
        }
    }

    #[test]
    fn no_application_means_no_fieldwork() {
        let c = assess(&[], &[], "2027-01-01");
        assert!(!c.is_clear());
        assert!(c.missing[0].contains("none has been made"));
    }

    #[test]
    fn every_live_application_must_be_approved_and_in_date() {
        assert!(assess(&[app(1, "approved", Some("2028-01-01"))], &[], "2027-01-01").is_clear());
        assert!(assess(&[app(1, "approved_with_conditions", None)], &[], "2027-01-01").is_clear());
        assert!(assess(&[app(1, "approved", None), app(2, "withdrawn", None)], &[], "2027-01-01").is_clear());
        let waiting = assess(&[app(1, "approved", None), app(2, "information_requested", None)], &[], "2027-01-01");
        assert_eq!(waiting.missing.len(), 1);
        assert!(waiting.missing[0].contains("further information requested"));
        let expired = assess(&[app(1, "approved", Some("2026-12-31"))], &[], "2027-01-01");
        assert!(expired.missing[0].contains("ended on 31 December 2026"), "{:?}", expired.missing);
        // The expiry day itself is still covered.
        assert!(assess(&[app(1, "approved", Some("2027-01-01"))], &[], "2027-01-01").is_clear());
    }

    #[test]
    fn a_refused_application_counts_until_a_new_one_for_its_route() {
        let refused = assess(&[app(1, "not_approved", None)], &[], "2027-01-01");
        assert!(refused.missing[0].contains("which is not approved"), "{:?}", refused.missing);
        assert!(assess(&[app(1, "not_approved", None), app(2, "approved", None)], &[], "2027-01-01").is_clear());
        let waiting = assess(&[app(1, "not_approved", None), app(2, "submitted", None)], &[], "2027-01-01");
        assert_eq!(waiting.missing.len(), 1);
        assert!(waiting.missing[0].contains("Application 2"));
    }

    #[test]
    fn an_open_condition_blocks_fieldwork() {
        let open = [OpenCondition { application_id: 1, text: "Add the helpline number".into() }];
        let c = assess(&[app(1, "approved_with_conditions", None)], &open, "2027-01-01");
        assert_eq!(c.missing, vec!["the condition \"Add the helpline number\" on \"Application 1\" to be closed".to_string()]);
        assert!(c.require().is_err());
    }
}
