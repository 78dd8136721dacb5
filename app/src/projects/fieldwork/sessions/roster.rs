//! The participants of a session (server only): added by the project's researchers once
//! ethics approval is complete, each checked against their consent for that kind of session.
//! A participant who has withdrawn is refused; one who withdraws later stays on the sessions
//! they took part in, marked as withdrawn. While a session is still planned, a participant
//! can be taken off it again (once held, who took part is a record and stays).

use crate::error::{is_unique_violation, AppError};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::access::{self, Need};
use crate::projects::consent::history::{self as participant_history, Change};
use crate::projects::consent::participants::participant_in;
use crate::projects::consent::records::require_coverage;
use crate::projects::ethics::clearance::fieldwork_clearance;
use crate::projects::fieldwork::sessions::history::{self, SessionChange};
use crate::projects::fieldwork::sessions::service::session_in;
use crate::projects::fieldwork::sessions::SessionStatus;

/// The form's field: its message is shown beside the choice of participant.
pub const FIELD: &str = "participant_id";

/// Adds a participant to a session. Refusals about the participant (not chosen, already on
/// it, consent not covering it, withdrawn) come back beside the field; nothing is written.
pub async fn add_participant(db: &Db, actor: &Actor, project_id: i64, session_id: i64, participant: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let session = session_in(db, project_id, session_id).await?;
    fieldwork_clearance(db, project_id).await?.require()?;
    if !session.status().takes_participants() {
        return Err(AppError::refused("This session was cancelled, so nobody can be added to it."));
    }
    let Some(participant_id) = participant.trim().parse::<i64>().ok() else {
        return Err(AppError::field(FIELD, "Choose a participant"));
    };
    let p = match participant_in(db, project_id, participant_id).await {
        Ok(p) => p,
        Err(AppError::NotFound) => return Err(AppError::field(FIELD, "Choose a participant of this project")),
        Err(other) => return Err(other),
    };
    let kind = session.kind();
    require_coverage(db, participant_id, kind.activity()).await.map_err(|e| match e {
        AppError::Refused(why) => AppError::field(FIELD, format!("{} cannot join this {}: {why}", p.code, kind.label().to_lowercase())),
        other => other,
    })?;
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO fieldwork_session_participants (session_id, participant_id, added_by, added_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(session_id)
    .bind(participant_id)
    .bind(actor.user_id)
    .bind(now())
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {
            tx.rollback().await?;
            return Err(AppError::field(FIELD, format!("{} is already on this session", p.code)));
        }
        Err(e) => return Err(e.into()),
    }
    history::record(&mut tx, project_id, session_id, SessionChange::ParticipantAdded, actor.user_id).await?;
    participant_history::record(&mut tx, project_id, participant_id, Change::JoinedSession, actor.user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a participant off a session that is still planned (the project's researchers only),
/// with the session's and the participant's history. Returns their code.
pub async fn remove_participant(db: &Db, actor: &Actor, project_id: i64, session_id: i64, participant_id: i64) -> Result<String, AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let session = session_in(db, project_id, session_id).await?;
    if session.status() != SessionStatus::Planned {
        return Err(AppError::refused(
            "Only a planned session's participants can be changed. Once a session is held or cancelled, who was on it stays on record.",
        ));
    }
    let p = participant_in(db, project_id, participant_id).await?;
    let mut tx = db.begin().await?;
    // Only while the session is still planned, checked again in the same statement: a session
    // marked held a moment ago keeps its participants.
    let removed = sqlx::query(
        "DELETE FROM fieldwork_session_participants WHERE session_id = $1 AND participant_id = $2 \
         AND EXISTS (SELECT 1 FROM fieldwork_sessions s WHERE s.id = $1 AND s.status = 'planned')",
    )
    .bind(session_id)
    .bind(participant_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if removed == 0 {
        tx.rollback().await?;
        return Err(AppError::refused(format!("{} is not on this planned session.", p.code)));
    }
    history::record(&mut tx, project_id, session_id, SessionChange::ParticipantRemoved, actor.user_id).await?;
    participant_history::record(&mut tx, project_id, participant_id, Change::LeftSession, actor.user_id).await?;
    tx.commit().await?;
    Ok(p.code)
}
