//! Sessions (server only): planning one (researchers present are e-mailed an invitation),
//! the project's list, one session's page, marking it held or cancelled, correcting a held
//! session's length and notes.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::state::AppState;
use crate::platform::time::{now, today};
use crate::projects::access::{self, Need};
use crate::projects::consent::participants::researchers;
use crate::projects::ethics::clearance::fieldwork_clearance;
use crate::projects::fieldwork::sessions::history::{self, SessionChange};
use crate::projects::fieldwork::sessions::*;
use crate::projects::fieldwork::sessions::{debriefs, notify};
use crate::ui::pagination::{PageNumber, Paged};
use crate::validate::{self, readable_date, FormCheck};

pub const VENUE_MAX: usize = 200;
pub const NOTES_MAX: usize = 10_000;
/// The longest session, in minutes: a whole day.
pub const MINUTES_MAX: i64 = 24 * 60;

/// A session row, as every part of this feature reads it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: i64,
    pub project_id: i64,
    pub kind: String,
    pub held_on: String,
    pub starts_at: Option<String>,
    pub venue: String,
    pub step_free: i64,
    pub near_transport: i64,
    pub hearing_loop: i64,
    pub status: String,
    pub duration_minutes: Option<i64>,
    pub notes: String,
}

impl SessionRow {
    pub fn kind(&self) -> SessionKind {
        SessionKind::parse(&self.kind).unwrap_or(SessionKind::Interview)
    }

    pub fn status(&self) -> SessionStatus {
        SessionStatus::parse(&self.status).unwrap_or(SessionStatus::Planned)
    }

    pub fn access(&self) -> Vec<String> {
        access_words(self.step_free != 0, self.near_transport != 0, self.hearing_loop != 0)
    }
}

const SESSION_SQL: &str = "SELECT id, project_id, kind, held_on, starts_at, venue, step_free, near_transport, hearing_loop, \
     status, duration_minutes, notes FROM fieldwork_sessions";

/// A session of this project ("not found" for one of another project).
pub async fn session_in(db: &Db, project_id: i64, session_id: i64) -> Result<SessionRow, AppError> {
    sqlx::query_as::<_, SessionRow>(&format!("{SESSION_SQL} WHERE project_id = $1 AND id = $2"))
        .bind(project_id)
        .bind(session_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A researcher at a session.
#[derive(sqlx::FromRow)]
struct ResearcherRow {
    user_id: i64,
    name: String,
}

/// The researchers present at a session: (user id, name).
pub async fn present(db: &Db, session_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query_as::<_, ResearcherRow>(
        "SELECT u.id AS user_id, u.name FROM fieldwork_session_researchers r JOIN users u ON u.id = r.user_id \
         WHERE r.session_id = $1 ORDER BY u.name, u.id",
    )
    .bind(session_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.user_id, r.name)).collect())
}

#[derive(Debug, Clone, Default)]
pub struct PlanInput {
    pub kind: String,
    pub held_on: String,
    pub starts_at: String,
    pub venue: String,
    pub step_free: bool,
    pub near_transport: bool,
    pub hearing_loop: bool,
    /// The user ids ticked as present.
    pub researchers: Vec<String>,
}

/// Plans a session: the project's researchers only, once ethics approval is complete. Each
/// researcher present is e-mailed a calendar invitation (kind, date, venue: no participant).
pub async fn plan_session(state: &AppState, actor: &Actor, project_id: i64, input: &PlanInput) -> Result<i64, AppError> {
    let db = &state.db;
    let ctx = access::require(db, actor, project_id, Need::DoFieldwork).await?;
    fieldwork_clearance(db, project_id).await?.require()?;
    let team = researchers(db, project_id).await?;
    let mut check = FormCheck::new();
    check.keep("kind", &input.kind);
    let kind = SessionKind::parse(&input.kind);
    if kind.is_none() {
        check.fail("kind", "Choose the kind of session");
    }
    let held_on = check.field("held_on", &input.held_on, |v| validate::date(v, "the date", true).map(Option::unwrap_or_default));
    let starts_at = check.field("starts_at", &input.starts_at, |v| validate::time_of_day(v, "the start time", false));
    let venue = check.field("venue", &input.venue, |v| validate::line(v, "where it happens", VENUE_MAX, true));
    for (name, on) in [("step_free", input.step_free), ("near_transport", input.near_transport), ("hearing_loop", input.hearing_loop)] {
        if on {
            check.keep(name, "on");
        }
    }
    let mut chosen: Vec<i64> = Vec::new();
    let mut stranger = false;
    for raw in input.researchers.iter().filter(|r| !r.trim().is_empty()) {
        match raw.trim().parse::<i64>().ok().filter(|id| team.iter().any(|(u, _)| u == id)) {
            Some(id) if !chosen.contains(&id) => chosen.push(id),
            Some(_) => {}
            None => stranger = true,
        }
    }
    check.keep("researchers", &chosen.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
    if stranger {
        check.fail("researchers", "Choose researchers from the project's team");
    } else if chosen.is_empty() {
        check.fail("researchers", "Tick at least one researcher who will be there");
    }
    let (kind, held_on, starts_at, venue) = check.finish((kind, held_on, starts_at, venue))?;
    let at = now();
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO fieldwork_sessions (project_id, kind, held_on, starts_at, venue, step_free, near_transport, hearing_loop, \
         created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(project_id)
    .bind(kind.as_str())
    .bind(&held_on)
    .bind(&starts_at)
    .bind(&venue)
    .bind(i64::from(input.step_free))
    .bind(i64::from(input.near_transport))
    .bind(i64::from(input.hearing_loop))
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    for user in &chosen {
        sqlx::query("INSERT INTO fieldwork_session_researchers (session_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(user)
            .execute(&mut *tx)
            .await?;
    }
    history::record(&mut tx, project_id, id, SessionChange::Planned, actor.user_id).await?;
    tx.commit().await?;
    let session = session_in(db, project_id, id).await?;
    notify::invite_researchers(state, &ctx, &session).await?;
    Ok(id)
}

/// How many sessions a project has, and how many were held.
#[derive(sqlx::FromRow)]
struct SessionCounts {
    total: i64,
    held: i64,
}

/// The name of a researcher at one of the sessions listed.
#[derive(sqlx::FromRow)]
struct NameAtSession {
    session_id: i64,
    name: String,
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    kind: String,
    held_on: String,
    starts_at: Option<String>,
    venue: String,
    status: String,
    participants: i64,
    present: i64,
    debriefs: i64,
}

/// One page of a project's sessions, newest first, for everyone who sees its work: codes
/// and counts, never names or notes. Researchers also get the planning form's choices.
pub async fn fieldwork_page(db: &Db, actor: &Actor, project_id: i64, page: PageNumber) -> Result<FieldworkPage, AppError> {
    let ctx = access::require(db, actor, project_id, Need::ViewWork).await?;
    let SessionCounts { total, held } = sqlx::query_as::<_, SessionCounts>(
        "SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN status = 'held' THEN 1 ELSE 0 END), 0) AS held \
         FROM fieldwork_sessions WHERE project_id = $1",
    )
    .bind(project_id)
    .fetch_one(db)
    .await?;
    let rows = sqlx::query_as::<_, SummaryRow>(
        "SELECT s.id, s.kind, s.held_on, s.starts_at, s.venue, s.status, \
         (SELECT COUNT(*) FROM fieldwork_session_participants sp WHERE sp.session_id = s.id) AS participants, \
         (SELECT COUNT(*) FROM fieldwork_session_researchers r WHERE r.session_id = s.id) AS present, \
         (SELECT COUNT(*) FROM fieldwork_debriefs d JOIN fieldwork_session_researchers r ON r.session_id = d.session_id AND r.user_id = d.user_id \
            WHERE d.session_id = s.id) AS debriefs \
         FROM fieldwork_sessions s WHERE s.project_id = $1 ORDER BY s.held_on DESC, s.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(project_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let names = sqlx::query_as::<_, NameAtSession>(
        "SELECT r.session_id, u.name FROM fieldwork_session_researchers r JOIN users u ON u.id = r.user_id \
         WHERE r.session_id IN (SELECT s.id FROM fieldwork_sessions s WHERE s.project_id = $1 ORDER BY s.held_on DESC, s.id DESC LIMIT $2 OFFSET $3) \
         ORDER BY u.name, u.id",
    )
    .bind(project_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let list = rows
        .into_iter()
        .map(|r| SessionSummary {
            id: r.id,
            kind: SessionKind::parse(&r.kind).map(SessionKind::label).unwrap_or("Session").to_string(),
            date: readable_date(&r.held_on),
            starts_at: r.starts_at,
            venue: r.venue,
            status: r.status,
            researchers: names.iter().filter(|n| n.session_id == r.id).map(|n| n.name.clone()).collect(),
            participants: r.participants,
            debriefs_done: r.debriefs,
            debriefs_expected: r.present,
        })
        .collect();
    let is_researcher = access::may(actor, &ctx, Need::DoFieldwork);
    Ok(FieldworkPage {
        today: today(),
        project_id,
        is_researcher,
        clearance_missing: fieldwork_clearance(db, project_id).await?.missing,
        researchers: if is_researcher { researchers(db, project_id).await? } else { Vec::new() },
        me: actor.user_id,
        held,
        list: Paged::new(list, page, total),
        shared_with_me: debriefs::shared_with(db, actor, project_id, None).await?,
        project_title: ctx.title,
    })
}

#[derive(sqlx::FromRow)]
struct RosterRow {
    id: i64,
    code: String,
    withdrawn_on: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ChoiceRow {
    id: i64,
    code: String,
    withdrawn_on: Option<String>,
    consented: i64,
}

/// A session's page: details, researchers and participants (codes) for everyone who sees
/// the project's work; notes, the forms and the history for its researchers; the caller's
/// own debrief when they were present.
pub async fn session_page(db: &Db, actor: &Actor, project_id: i64, session_id: i64) -> Result<SessionPage, AppError> {
    let ctx = access::require(db, actor, project_id, Need::ViewWork).await?;
    let s = session_in(db, project_id, session_id).await?;
    let is_researcher = access::may(actor, &ctx, Need::DoFieldwork);
    let present = present(db, session_id).await?;
    let participants = sqlx::query_as::<_, RosterRow>(
        "SELECT p.id, p.code, p.withdrawn_on FROM fieldwork_session_participants sp JOIN participants p ON p.id = sp.participant_id \
         WHERE sp.session_id = $1 ORDER BY p.seq",
    )
    .bind(session_id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| SessionParticipant { id: r.id, code: r.code, withdrawn_on: r.withdrawn_on.as_deref().map(readable_date) })
    .collect();
    let participant_choices = if is_researcher && s.status().takes_participants() {
        choices(db, project_id, session_id).await?
    } else {
        Vec::new()
    };
    let (done,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM fieldwork_debriefs d JOIN fieldwork_session_researchers r ON r.session_id = d.session_id AND r.user_id = d.user_id \
         WHERE d.session_id = $1",
    )
    .bind(session_id)
    .fetch_one(db)
    .await?;
    let was_present = present.iter().any(|(u, _)| *u == actor.user_id);
    let may_debrief = s.status() == SessionStatus::Held && debriefs::may_write(actor, &ctx, was_present);
    Ok(SessionPage {
        today: today(),
        project_id,
        id: s.id,
        kind: s.kind.clone(),
        kind_label: s.kind().label().to_string(),
        date: readable_date(&s.held_on),
        held_on: s.held_on.clone(),
        starts_at: s.starts_at.clone(),
        venue: s.venue.clone(),
        step_free: s.step_free != 0,
        near_transport: s.near_transport != 0,
        hearing_loop: s.hearing_loop != 0,
        status: s.status.clone(),
        duration_minutes: s.duration_minutes,
        notes: is_researcher.then(|| s.notes.clone()),
        debriefs_expected: present.len() as i64,
        researchers: present,
        participants,
        is_researcher,
        clearance_missing: fieldwork_clearance(db, project_id).await?.missing,
        participant_choices,
        debriefs_done: done,
        may_debrief,
        my_debrief: if was_present { debriefs::own(db, session_id, actor.user_id).await? } else { None },
        supporter_choices: if may_debrief { debriefs::supporter_choices(db, project_id, actor.user_id).await? } else { Vec::new() },
        shared_with_me: debriefs::shared_with(db, actor, project_id, Some(session_id)).await?,
        history: if is_researcher { history::of_session(db, session_id).await? } else { Vec::new() },
        project_title: ctx.title,
    })
}

/// The project's participants not yet on this session, each with a word on their state.
async fn choices(db: &Db, project_id: i64, session_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query_as::<_, ChoiceRow>(
        "SELECT p.id, p.code, p.withdrawn_on, \
         CASE WHEN EXISTS (SELECT 1 FROM consent_records c WHERE c.participant_id = p.id) THEN 1 ELSE 0 END AS consented \
         FROM participants p WHERE p.project_id = $1 \
         AND NOT EXISTS (SELECT 1 FROM fieldwork_session_participants sp WHERE sp.session_id = $2 AND sp.participant_id = p.id) \
         ORDER BY p.seq",
    )
    .bind(project_id)
    .bind(session_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let label = match (r.withdrawn_on.is_some(), r.consented != 0) {
                (true, _) => format!("{} (withdrawn)", r.code),
                (false, false) => format!("{} (no consent recorded)", r.code),
                (false, true) => r.code,
            };
            (r.id, label)
        })
        .collect())
}

/// Marks a planned session held, with its length and notes (the project's researchers,
/// once ethics approval is complete). Notes are never echoed back into a form's address.
pub async fn mark_held(db: &Db, actor: &Actor, project_id: i64, session_id: i64, minutes: &str, notes: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let s = session_in(db, project_id, session_id).await?;
    fieldwork_clearance(db, project_id).await?.require()?;
    next_status(s.status(), Step::MarkHeld, &s.held_on, &today()).map_err(AppError::refused)?;
    let mut check = FormCheck::new();
    let (minutes, notes) = held_details(&mut check, minutes, notes);
    let (minutes, notes) = check.finish((minutes, notes))?;
    change_status(db, actor, &s, SessionStatus::Held, Some((minutes, notes))).await
}

/// The length and notes of a held session as typed, checked alike when it is marked held
/// and when they are corrected; both are kept for the form if something is wrong (in the
/// database for one read, never in an address: `platform::form_return`).
fn held_details(check: &mut FormCheck, minutes: &str, notes: &str) -> (Option<i64>, Option<String>) {
    let minutes = check.field("duration_minutes", minutes, duration);
    let notes = check.field("notes", notes, |v| validate::text(v, "the notes", NOTES_MAX, false));
    (minutes, notes)
}

/// Corrects a held session's length and notes (the project's researchers, as for marking it
/// held). Ethics clearance is not asked again: taking a mistake (or a name) out of the notes
/// must stay possible while an approval is being renewed. Returns whether anything changed
/// (an unchanged save writes no history).
pub async fn correct_notes(db: &Db, actor: &Actor, project_id: i64, session_id: i64, minutes: &str, notes: &str) -> Result<bool, AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let s = session_in(db, project_id, session_id).await?;
    match s.status() {
        SessionStatus::Held => {}
        SessionStatus::Planned => {
            return Err(AppError::refused("This session has not been marked held yet. Mark it held first, with its length and notes."));
        }
        SessionStatus::Cancelled => return Err(AppError::refused("This session was cancelled, so it has no notes to correct.")),
    }
    let mut check = FormCheck::new();
    let (minutes, notes) = held_details(&mut check, minutes, notes);
    let (minutes, notes) = check.finish((minutes, notes))?;
    if s.duration_minutes == Some(minutes) && s.notes == notes {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE fieldwork_sessions SET duration_minutes = $1, notes = $2, updated_at = $3 WHERE id = $4 AND status = 'held'")
        .bind(minutes)
        .bind(&notes)
        .bind(now())
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
    history::record(&mut tx, project_id, s.id, SessionChange::NotesCorrected, actor.user_id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Cancels a planned session (the project's researchers).
pub async fn cancel(db: &Db, actor: &Actor, project_id: i64, session_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let s = session_in(db, project_id, session_id).await?;
    next_status(s.status(), Step::Cancel, &s.held_on, &today()).map_err(AppError::refused)?;
    change_status(db, actor, &s, SessionStatus::Cancelled, None).await
}

/// A length in minutes people type: a whole number from 1 to a day.
pub fn duration(raw: &str) -> Result<i64, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("Enter how long the session lasted, in minutes".into());
    }
    match value.parse::<i64>() {
        Ok(n) if (1..=MINUTES_MAX).contains(&n) => Ok(n),
        Ok(_) => Err(format!("Enter a length from 1 to {MINUTES_MAX} minutes")),
        Err(_) => Err("Enter the length as a whole number of minutes, for example 45".into()),
    }
}

/// The status change, only from planned: of two people at once, one wins and the other is told.
async fn change_status(db: &Db, actor: &Actor, s: &SessionRow, to: SessionStatus, held: Option<(i64, String)>) -> Result<(), AppError> {
    let (minutes, notes) = held.map(|(m, n)| (Some(m), n)).unwrap_or((None, String::new()));
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE fieldwork_sessions SET status = $1, duration_minutes = $2, notes = $3, updated_at = $4 WHERE id = $5 AND status = 'planned'",
    )
    .bind(to.as_str())
    .bind(minutes)
    .bind(&notes)
    .bind(now())
    .bind(s.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        tx.rollback().await?;
        return Err(AppError::refused("Someone else has just marked this session held or cancelled it. Open the page again to see it."));
    }
    let change = if to == SessionStatus::Held { SessionChange::Held } else { SessionChange::Cancelled };
    history::record(&mut tx, s.project_id, s.id, change, actor.user_id).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn a_length_is_whole_minutes_up_to_a_day() {
        assert_eq!(duration(" 45 "), Ok(45));
        assert!(duration("").unwrap_err().contains("how long"));
        assert!(duration("0").unwrap_err().contains("from 1"));
        assert!(duration("1441").is_err());
        assert!(duration("an hour").unwrap_err().contains("whole number"));
    }
}
