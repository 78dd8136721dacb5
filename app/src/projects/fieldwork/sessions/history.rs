//! Every change to a fieldwork session: who, what (a fixed word) and when, never any
//! content (no notes, no debrief words). Written in the same transaction as the change.
//! Adding a participant is also written to the participant's own history
//! (`consent::history`), so their record shows every session they joined. Changes to what
//! the session records (held, cancelled, notes corrected) also go into the audit trail.

use crate::platform::audit;
use crate::platform::time::{format_date_time, now};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionChange {
    Planned,
    Held,
    Cancelled,
    ParticipantAdded,
    DebriefWritten,
    DebriefChanged,
    ParticipantRemoved,
    NotesCorrected,
}

impl SessionChange {
    pub const ALL: [SessionChange; 8] = [
        SessionChange::Planned,
        SessionChange::Held,
        SessionChange::Cancelled,
        SessionChange::ParticipantAdded,
        SessionChange::DebriefWritten,
        SessionChange::DebriefChanged,
        SessionChange::ParticipantRemoved,
        SessionChange::NotesCorrected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionChange::Planned => "planned",
            SessionChange::Held => "held",
            SessionChange::Cancelled => "cancelled",
            SessionChange::ParticipantAdded => "participant_added",
            SessionChange::DebriefWritten => "debrief_written",
            SessionChange::DebriefChanged => "debrief_changed",
            SessionChange::ParticipantRemoved => "participant_removed",
            SessionChange::NotesCorrected => "notes_corrected",
        }
    }

    pub fn label(value: &str) -> &'static str {
        match SessionChange::ALL.into_iter().find(|c| c.as_str() == value) {
            Some(SessionChange::Planned) => "Session planned",
            Some(SessionChange::Held) => "Marked held",
            Some(SessionChange::Cancelled) => "Cancelled",
            Some(SessionChange::ParticipantAdded) => "Participant added",
            Some(SessionChange::DebriefWritten) => "Debrief written",
            Some(SessionChange::DebriefChanged) => "Debrief changed",
            Some(SessionChange::ParticipantRemoved) => "Participant taken off",
            Some(SessionChange::NotesCorrected) => "Length and notes corrected",
            None => "Change",
        }
    }
}

/// Writes one change to the session's history and, for a change to what the session
/// records (held, cancelled, its notes corrected), to the audit trail. The other changes go
/// to the history only; participants joining or leaving are audited through their own history.
pub async fn record(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    project_id: i64,
    session_id: i64,
    change: SessionChange,
    changed_by: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO fieldwork_session_changes (project_id, session_id, change, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(project_id)
    .bind(session_id)
    .bind(change.as_str())
    .bind(changed_by)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    let action = match change {
        SessionChange::Held => audit::Action::SessionHeld,
        SessionChange::Cancelled => audit::Action::SessionCancelled,
        SessionChange::NotesCorrected => audit::Action::SessionNotesCorrected,
        _ => return Ok(()),
    };
    audit::record(&mut **tx, audit::Entry::new(Some(changed_by), action, "fieldwork_session", Some(session_id)).in_project(project_id)).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    change: String,
    by_name: Option<String>,
    changed_at: i64,
}

/// The newest changes to one session, as "what, who, when" lines (callers have checked the
/// person is one of the project's researchers).
pub async fn of_session(db: &crate::platform::db::Db, session_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query_as::<_, ChangeRow>(
        "SELECT c.change, u.name AS by_name, c.changed_at FROM fieldwork_session_changes c \
         LEFT JOIN users u ON u.id = c.changed_by WHERE c.session_id = $1 ORDER BY c.id DESC LIMIT 50",
    )
    .bind(session_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            format!(
                "{}, {}, {}",
                SessionChange::label(&r.change),
                r.by_name.unwrap_or_else(|| "A former user".into()),
                format_date_time(r.changed_at)
            )
        })
        .collect())
}
