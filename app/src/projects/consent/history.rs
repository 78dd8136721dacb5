//! A simple history of changes to participants, their identities, consent and withdrawal:
//! who, what (a fixed word) and when, never any personal content. Written in the same
//! transaction as the change; [`record`] writes the platform's audit trail entry too, so every
//! special-category change here is in both.

use crate::platform::audit;
use crate::platform::time::{format_date_time, now};
use crate::projects::consent::ChangeView;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    ParticipantAdded,
    IdentityChanged,
    ConsentRecorded,
    Withdrawn,
    WithdrawalUndone,
    // Recordings and transcripts (fieldwork::files).
    FileUploaded,
    TranscriptPasted,
    FileDownloaded,
    RetentionChanged,
    FileDeleted,
    /// Added to a fieldwork session (`fieldwork::sessions::roster`).
    JoinedSession,
    /// An online consent link e-mailed to them (`consent::online`); a newer one replaces it.
    OnlineConsentSent,
    /// Taken off a planned fieldwork session (`fieldwork::sessions::roster`).
    LeftSession,
    /// They gave consent themselves on the online consent page (no user: `changed_by` is empty).
    ConsentGivenOnline,
}

impl Change {
    pub const ALL: [Change; 14] = [
        Change::ParticipantAdded,
        Change::IdentityChanged,
        Change::ConsentRecorded,
        Change::Withdrawn,
        Change::WithdrawalUndone,
        Change::FileUploaded,
        Change::TranscriptPasted,
        Change::FileDownloaded,
        Change::RetentionChanged,
        Change::FileDeleted,
        Change::JoinedSession,
        Change::OnlineConsentSent,
        Change::ConsentGivenOnline,
        Change::LeftSession,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Change::ParticipantAdded => "participant_added",
            Change::IdentityChanged => "identity_changed",
            Change::ConsentRecorded => "consent_recorded",
            Change::Withdrawn => "withdrawn",
            Change::WithdrawalUndone => "withdrawal_undone",
            Change::FileUploaded => "file_uploaded",
            Change::TranscriptPasted => "transcript_pasted",
            Change::FileDownloaded => "file_downloaded",
            Change::RetentionChanged => "retention_changed",
            Change::FileDeleted => "file_deleted",
            Change::JoinedSession => "joined_session",
            Change::OnlineConsentSent => "online_consent_sent",
            Change::ConsentGivenOnline => "consent_given_online",
            Change::LeftSession => "left_session",
        }
    }

    pub fn label(value: &str) -> &'static str {
        match Change::ALL.into_iter().find(|c| c.as_str() == value) {
            Some(Change::ParticipantAdded) => "Participant added",
            Some(Change::IdentityChanged) => "Name or contact details corrected",
            Some(Change::ConsentRecorded) => "Consent recorded",
            Some(Change::Withdrawn) => "Withdrawal recorded",
            Some(Change::WithdrawalUndone) => "Withdrawal undone",
            Some(Change::FileUploaded) => "Recording or transcript uploaded",
            Some(Change::TranscriptPasted) => "Transcript pasted in",
            Some(Change::FileDownloaded) => "Recording or transcript downloaded",
            Some(Change::RetentionChanged) => "Date to delete a data file changed",
            Some(Change::FileDeleted) => "Recording or transcript deleted",
            Some(Change::JoinedSession) => "Added to a fieldwork session",
            Some(Change::OnlineConsentSent) => "Online consent link e-mailed",
            Some(Change::ConsentGivenOnline) => "Consent given online by the participant",
            Some(Change::LeftSession) => "Taken off a planned fieldwork session",
            None => "Change",
        }
    }
}

/// Writes one change to the participant's history and to the audit trail. `changed_by` is
/// the user who made it, or `None` when the participant did it themselves (online consent).
pub async fn record(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    project_id: i64,
    participant_id: i64,
    change: Change,
    changed_by: impl Into<Option<i64>>,
) -> Result<(), sqlx::Error> {
    let changed_by: Option<i64> = changed_by.into();
    sqlx::query(
        "INSERT INTO participant_changes (project_id, participant_id, change, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(project_id)
    .bind(participant_id)
    .bind(change.as_str())
    .bind(changed_by)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    let action = match change {
        Change::ParticipantAdded => audit::Action::ParticipantAdded,
        Change::IdentityChanged => audit::Action::IdentityChanged,
        Change::ConsentRecorded => audit::Action::ConsentRecorded,
        Change::Withdrawn => audit::Action::Withdrawn,
        Change::WithdrawalUndone => audit::Action::WithdrawalUndone,
        Change::FileUploaded | Change::TranscriptPasted => audit::Action::DataFileAdded,
        Change::FileDownloaded => audit::Action::Downloaded,
        Change::RetentionChanged => audit::Action::RetentionChanged,
        Change::FileDeleted => audit::Action::DataFileDeleted,
        Change::JoinedSession => audit::Action::JoinedSession,
        Change::OnlineConsentSent => audit::Action::InvitationSent,
        Change::ConsentGivenOnline => audit::Action::ConsentRecorded,
        Change::LeftSession => audit::Action::LeftSession,
    };
    audit::record(&mut **tx, audit::Entry::new(changed_by, action, "participant", Some(participant_id)).in_project(project_id)).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    change: String,
    by_name: Option<String>,
    changed_at: i64,
}

/// The newest changes to one participant (callers have checked the person is a researcher).
pub async fn of_participant(db: &crate::platform::db::Db, participant_id: i64) -> Result<Vec<ChangeView>, sqlx::Error> {
    let rows = sqlx::query_as::<_, ChangeRow>(
        "SELECT c.change, u.name AS by_name, c.changed_at FROM participant_changes c LEFT JOIN users u ON u.id = c.changed_by \
         WHERE c.participant_id = $1 ORDER BY c.id DESC LIMIT 50",
    )
    .bind(participant_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ChangeView {
            change: Change::label(&r.change).to_string(),
            by: match r.by_name {
                Some(name) => name,
                None if r.change == Change::ConsentGivenOnline.as_str() => "The participant, online".into(),
                None => "A former user".into(),
            },
            at: format_date_time(r.changed_at),
        })
        .collect())
}
