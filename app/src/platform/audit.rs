//! The audit trail: an append-only record of security- and research-relevant changes.
//! Each entry holds who, what (a fixed word), which record, the project or organisation,
//! when and from where, and never any personal content. Written in the same transaction as
//! the change where there is one, so a change and its entry land together or not at all.
//! The database refuses to change or delete an entry (triggers in migration 0018).

use std::future::Future;

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::{format_date_time, now};
use crate::ui::pagination::{PageNumber, Paged};

tokio::task_local! {
    /// The network address of the request being served, set once per request by the
    /// session middleware, so entries say where a change came from without every service
    /// being handed it.
    static FROM: String;
}

/// Runs a request with its network address known to the audit trail.
pub async fn from_address<F: Future>(address: String, request: F) -> F::Output {
    FROM.scope(address, request).await
}

fn from_where() -> String {
    FROM.try_with(Clone::clone).unwrap_or_else(|_| "the server itself".into())
}

/// What happened: fixed words, each with a plain label for the trail's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SignedIn,
    SignInFailed,
    RoleChanged,
    MemberRemoved,
    InvitationSent,
    InvitationAccepted,
    CertificateIssued,
    CertificateRevoked,
    Exported,
    Downloaded,
    EthicsDecision,
    ParticipantAdded,
    IdentityChanged,
    ConsentRecorded,
    Withdrawn,
    WithdrawalUndone,
    GateSigned,
    GatePassed,
    AccountErased,
    DataFileAdded,
    RetentionChanged,
    DataFileDeleted,
    JoinedSession,
    LeftSession,
    CodeAdded,
    CodeChanged,
    CodeRemoved,
    PassageCoded,
    HighlightRemoved,
    ThemeAdded,
    ThemeChanged,
    ThemeRemoved,
    AnalysisExported,
    RecommendationAdded,
    RecommendationChanged,
    RecommendationAnswered,
    ImpactRecorded,
    OutcomesSaved,
    ReportVersionSaved,
    ReportSent,
    ReportSignedOff,
    ReportChangesAsked,
    OutputAdded,
    OutputRemoved,
    PublicPageAgreed,
    PublicPageWithdrawn,
    SummaryChanged,
    SummarySent,
    LettersPosted,
    LettersOpened,
    FeedbackEventRecorded,
    NoFeedbackReasonChanged,
    FeedbackEventChanged,
    FeedbackEventRemoved,
    SessionNotesCorrected,
    SessionHeld,
    SessionCancelled,
}

impl Action {
    pub const ALL: [Action; 57] = [
        Action::SignedIn,
        Action::SignInFailed,
        Action::RoleChanged,
        Action::MemberRemoved,
        Action::InvitationSent,
        Action::InvitationAccepted,
        Action::CertificateIssued,
        Action::CertificateRevoked,
        Action::Exported,
        Action::Downloaded,
        Action::EthicsDecision,
        Action::ParticipantAdded,
        Action::IdentityChanged,
        Action::ConsentRecorded,
        Action::Withdrawn,
        Action::WithdrawalUndone,
        Action::GateSigned,
        Action::GatePassed,
        Action::AccountErased,
        Action::DataFileAdded,
        Action::RetentionChanged,
        Action::DataFileDeleted,
        Action::JoinedSession,
        Action::LeftSession,
        Action::CodeAdded,
        Action::CodeChanged,
        Action::CodeRemoved,
        Action::PassageCoded,
        Action::HighlightRemoved,
        Action::ThemeAdded,
        Action::ThemeChanged,
        Action::ThemeRemoved,
        Action::AnalysisExported,
        Action::RecommendationAdded,
        Action::RecommendationChanged,
        Action::RecommendationAnswered,
        Action::ImpactRecorded,
        Action::OutcomesSaved,
        Action::ReportVersionSaved,
        Action::ReportSent,
        Action::ReportSignedOff,
        Action::ReportChangesAsked,
        Action::OutputAdded,
        Action::OutputRemoved,
        Action::PublicPageAgreed,
        Action::PublicPageWithdrawn,
        Action::SummaryChanged,
        Action::SummarySent,
        Action::LettersPosted,
        Action::LettersOpened,
        Action::FeedbackEventRecorded,
        Action::NoFeedbackReasonChanged,
        Action::FeedbackEventChanged,
        Action::FeedbackEventRemoved,
        Action::SessionNotesCorrected,
        Action::SessionHeld,
        Action::SessionCancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::SignedIn => "signed_in",
            Action::SignInFailed => "sign_in_failed",
            Action::RoleChanged => "role_changed",
            Action::MemberRemoved => "member_removed",
            Action::InvitationSent => "invitation_sent",
            Action::InvitationAccepted => "invitation_accepted",
            Action::CertificateIssued => "certificate_issued",
            Action::CertificateRevoked => "certificate_revoked",
            Action::Exported => "exported",
            Action::Downloaded => "downloaded",
            Action::EthicsDecision => "ethics_decision",
            Action::ParticipantAdded => "participant_added",
            Action::IdentityChanged => "identity_changed",
            Action::ConsentRecorded => "consent_recorded",
            Action::Withdrawn => "withdrawn",
            Action::WithdrawalUndone => "withdrawal_undone",
            Action::GateSigned => "gate_signed",
            Action::GatePassed => "gate_passed",
            Action::AccountErased => "account_erased",
            Action::DataFileAdded => "data_file_added",
            Action::RetentionChanged => "retention_changed",
            Action::DataFileDeleted => "data_file_deleted",
            Action::JoinedSession => "joined_session",
            Action::LeftSession => "left_session",
            Action::CodeAdded => "code_added",
            Action::CodeChanged => "code_changed",
            Action::CodeRemoved => "code_removed",
            Action::PassageCoded => "passage_coded",
            Action::HighlightRemoved => "highlight_removed",
            Action::ThemeAdded => "theme_added",
            Action::ThemeChanged => "theme_changed",
            Action::ThemeRemoved => "theme_removed",
            Action::AnalysisExported => "analysis_exported",
            Action::RecommendationAdded => "recommendation_added",
            Action::RecommendationChanged => "recommendation_changed",
            Action::RecommendationAnswered => "recommendation_answered",
            Action::ImpactRecorded => "impact_recorded",
            Action::OutcomesSaved => "outcomes_saved",
            Action::ReportVersionSaved => "report_version_saved",
            Action::ReportSent => "report_sent",
            Action::ReportSignedOff => "report_signed_off",
            Action::ReportChangesAsked => "report_changes_asked",
            Action::OutputAdded => "output_added",
            Action::OutputRemoved => "output_removed",
            Action::PublicPageAgreed => "public_page_agreed",
            Action::PublicPageWithdrawn => "public_page_withdrawn",
            Action::SummaryChanged => "summary_changed",
            Action::SummarySent => "summary_sent",
            Action::LettersPosted => "letters_posted",
            Action::LettersOpened => "letters_opened",
            Action::FeedbackEventRecorded => "feedback_event_recorded",
            Action::NoFeedbackReasonChanged => "no_feedback_reason_changed",
            Action::FeedbackEventChanged => "feedback_event_changed",
            Action::FeedbackEventRemoved => "feedback_event_removed",
            Action::SessionNotesCorrected => "session_notes_corrected",
            Action::SessionHeld => "session_held",
            Action::SessionCancelled => "session_cancelled",
        }
    }

    pub fn label(word: &str) -> &'static str {
        match Action::ALL.into_iter().find(|a| a.as_str() == word) {
            Some(Action::SignedIn) => "Signed in",
            Some(Action::SignInFailed) => "Sign-in failed",
            Some(Action::RoleChanged) => "Role changed",
            Some(Action::MemberRemoved) => "Member removed",
            Some(Action::InvitationSent) => "Invitation sent",
            Some(Action::InvitationAccepted) => "Invitation accepted",
            Some(Action::CertificateIssued) => "Certificate issued",
            Some(Action::CertificateRevoked) => "Certificate revoked",
            Some(Action::Exported) => "Data exported",
            Some(Action::Downloaded) => "File downloaded",
            Some(Action::EthicsDecision) => "Ethics decision recorded",
            Some(Action::ParticipantAdded) => "Participant added",
            Some(Action::IdentityChanged) => "Participant's contact details changed",
            Some(Action::ConsentRecorded) => "Consent recorded",
            Some(Action::Withdrawn) => "Withdrawal recorded",
            Some(Action::WithdrawalUndone) => "Withdrawal undone",
            Some(Action::GateSigned) => "Stage gate signed",
            Some(Action::GatePassed) => "Stage gate passed",
            Some(Action::AccountErased) => "Account erased",
            Some(Action::DataFileAdded) => "Recording or transcript added",
            Some(Action::RetentionChanged) => "Date to delete by changed",
            Some(Action::DataFileDeleted) => "Recording or transcript deleted",
            Some(Action::JoinedSession) => "Participant added to a fieldwork session",
            Some(Action::LeftSession) => "Participant taken off a planned fieldwork session",
            Some(Action::CodeAdded) => "Code added to the codebook",
            Some(Action::CodeChanged) => "Code changed",
            Some(Action::CodeRemoved) => "Code removed",
            Some(Action::PassageCoded) => "Passage coded",
            Some(Action::HighlightRemoved) => "Coded passage removed",
            Some(Action::ThemeAdded) => "Theme added",
            Some(Action::ThemeChanged) => "Theme changed",
            Some(Action::ThemeRemoved) => "Theme removed",
            Some(Action::AnalysisExported) => "Analysis exported",
            Some(Action::RecommendationAdded) => "Recommendation added",
            Some(Action::RecommendationChanged) => "Recommendation reworded",
            Some(Action::RecommendationAnswered) => "Recommendation answered or updated",
            Some(Action::ImpactRecorded) => "Impact recorded",
            Some(Action::OutcomesSaved) => "Peer researcher's outcomes saved",
            Some(Action::ReportVersionSaved) => "Report version saved",
            Some(Action::ReportSent) => "Report sent for sign-off",
            Some(Action::ReportSignedOff) => "Report signed off",
            Some(Action::ReportChangesAsked) => "Changes asked for in the report",
            Some(Action::OutputAdded) => "Output added",
            Some(Action::OutputRemoved) => "Output removed",
            Some(Action::PublicPageAgreed) => "Agreed to the public page",
            Some(Action::PublicPageWithdrawn) => "Withdrew agreement to the public page",
            Some(Action::SummaryChanged) => "Summary for participants changed",
            Some(Action::SummarySent) => "Summary sent to participants",
            Some(Action::LettersPosted) => "Summary letters marked as posted",
            Some(Action::LettersOpened) => "Summary letters opened for printing",
            Some(Action::FeedbackEventRecorded) => "Feedback event recorded",
            Some(Action::NoFeedbackReasonChanged) => "Reason for no feedback event changed",
            Some(Action::FeedbackEventChanged) => "Feedback event corrected",
            Some(Action::FeedbackEventRemoved) => "Feedback event removed",
            Some(Action::SessionNotesCorrected) => "Fieldwork session's length and notes corrected",
            Some(Action::SessionHeld) => "Fieldwork session marked held, with its length and notes",
            Some(Action::SessionCancelled) => "Fieldwork session cancelled",
            None => "Change",
        }
    }
}

/// One entry, before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Who did it; `None` for an anonymous visitor (a failed sign-in).
    pub actor: Option<i64>,
    pub action: Action,
    /// Which kind of record: "account", "membership", "certificate", "participant", ...
    pub record_kind: &'static str,
    pub record_id: Option<i64>,
    pub project_id: Option<i64>,
    pub organisation_id: Option<i64>,
}

impl Entry {
    pub fn new(actor: Option<i64>, action: Action, record_kind: &'static str, record_id: Option<i64>) -> Self {
        Self { actor, action, record_kind, record_id, project_id: None, organisation_id: None }
    }

    pub fn in_project(mut self, project_id: i64) -> Self {
        self.project_id = Some(project_id);
        self
    }

    pub fn in_organisation(mut self, organisation_id: i64) -> Self {
        self.organisation_id = Some(organisation_id);
        self
    }
}

/// Writes an entry, in the caller's transaction or straight to the database.
pub async fn record<'e>(executor: impl sqlx::Executor<'e, Database = sqlx::Any>, entry: Entry) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_events (at, actor_id, action, record_kind, record_id, project_id, organisation_id, from_address) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now())
    .bind(entry.actor)
    .bind(entry.action.as_str())
    .bind(entry.record_kind)
    .bind(entry.record_id)
    .bind(entry.project_id)
    .bind(entry.organisation_id)
    .bind(from_where())
    .execute(executor)
    .await?;
    Ok(())
}

/// Writes an entry for something already done (a download, a sign-in): a failure is
/// logged, not shown, since the person's request has already succeeded.
pub async fn record_or_log(db: &Db, entry: Entry) {
    if let Err(error) = record(db, entry).await {
        tracing::error!(%error, "could not write to the audit trail");
    }
}

/// An entry as the trail's pages show it (the `audit` feature sends it to the browser).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: i64,
    pub when: String,
    pub who: String,
    pub what: String,
    pub record: String,
    pub from_address: String,
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    at: i64,
    actor_id: Option<i64>,
    actor_name: Option<String>,
    action: String,
    record_kind: String,
    record_id: Option<i64>,
    from_address: String,
}

/// Whose entries a page lists: every entry (platform administrators) or one project's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Everything,
    Project(i64),
}

/// A page of entries, newest first. Callers check who may see the scope.
pub async fn list(db: &Db, scope: Scope, page: PageNumber) -> Result<Paged<Listed>, AppError> {
    let (filter, project) = match scope {
        Scope::Everything => ("", None),
        Scope::Project(id) => ("WHERE a.project_id = $3", Some(id)),
    };
    let count_sql = match scope {
        Scope::Everything => "SELECT COUNT(*) FROM audit_events".to_string(),
        Scope::Project(_) => "SELECT COUNT(*) FROM audit_events WHERE project_id = $1".to_string(),
    };
    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
    if let Some(id) = project {
        count = count.bind(id);
    }
    let (total,) = count.fetch_one(db).await?;
    let list_sql = format!(
        "SELECT a.id, a.at, a.actor_id, u.name AS actor_name, a.action, a.record_kind, a.record_id, a.from_address \
         FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id {filter} ORDER BY a.at DESC, a.id DESC LIMIT $1 OFFSET $2"
    );
    let mut list = sqlx::query_as::<_, EntryRow>(&list_sql).bind(page.limit()).bind(page.offset());
    if let Some(id) = project {
        list = list.bind(id);
    }
    let rows = list.fetch_all(db).await?;
    let items = rows
        .into_iter()
        .map(|r| Listed {
            id: r.id,
            when: format_date_time(r.at),
            who: match (r.actor_id, r.actor_name) {
                (_, Some(name)) => name,
                (Some(_), None) => "An erased account".into(),
                (None, None) => "Someone not signed in".into(),
            },
            what: Action::label(&r.action).to_string(),
            record: match r.record_id {
                Some(id) => format!("{} {id}", r.record_kind.replace('_', " ")),
                None => r.record_kind.replace('_', " "),
            },
            from_address: r.from_address,
        })
        .collect();
    Ok(Paged::new(items, page, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_word_and_label() {
        let words: std::collections::HashSet<_> = Action::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(words.len(), Action::ALL.len());
        for action in Action::ALL {
            assert_ne!(Action::label(action.as_str()), "Change", "{action:?}");
        }
        assert_eq!(Action::label("something_new"), "Change");
    }

    #[tokio::test]
    async fn the_request_address_is_known_inside_its_scope_only() {
        assert_eq!(from_where(), "the server itself");
        let inside = from_address("203.0.113.5".into(), async { from_where() }).await;
        assert_eq!(inside, "203.0.113.5");
    }
}
