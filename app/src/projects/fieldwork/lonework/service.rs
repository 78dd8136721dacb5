//! Lone working (server only): checking in and out, and the page's lists. The alert for a
//! missed check-out is in `sweep`.

use crate::error::{is_unique_violation, AppError};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::state::AppState;
use crate::platform::time::{format_date_time, now, today, uk_offset};
use crate::projects::access::{self, Need};
use crate::projects::fieldwork::lonework::*;
use crate::validate::{self, readable_date, FormCheck};

/// How many of a researcher's own check-ins the page lists.
const RECENT: i64 = 10;

/// A UK date (YYYY-MM-DD) and time (HH:MM) as seconds since 1970. Around the hour the
/// clocks change the answer may be an hour out; fieldwork is rarely planned then.
pub fn uk_local_to_unix(date: &str, clock: &str) -> Option<i64> {
    let mut d = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (h, min) = clock.split_once(':')?;
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    let date = time::Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(day).ok()?).ok()?;
    let clock = time::Time::from_hms(h.parse().ok()?, min.parse().ok()?, 0).ok()?;
    let as_if_utc = date.with_time(clock).assume_utc();
    let offset = uk_offset(as_if_utc);
    Some(as_if_utc.unix_timestamp() - i64::from(offset.whole_seconds()))
}

/// A moment as the UK date (YYYY-MM-DD) and time (HH:MM) a form shows.
pub fn uk_date_and_time(unix: i64) -> (String, String) {
    let moment = time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let local = moment.to_offset(uk_offset(moment));
    (
        format!("{:04}-{:02}-{:02}", local.year(), u8::from(local.month()), local.day()),
        format!("{:02}:{:02}", local.hour(), local.minute()),
    )
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "interview" => "Interview",
        "focus_group" => "Focus group",
        "survey" => "Survey",
        "observation" => "Observation",
        _ => "Session",
    }
}

fn session_label(kind: &str, held_on: &str, starts_at: Option<&str>) -> String {
    let at = starts_at.map(|t| format!(" at {t}")).unwrap_or_default();
    format!("{} on {}{at}", kind_label(kind), readable_date(held_on))
}

/// A planned session a researcher may be checking in for.
#[derive(sqlx::FromRow)]
struct PlannedSession {
    id: i64,
    kind: String,
    held_on: String,
    starts_at: Option<String>,
}

/// What the check-in form sends.
#[derive(Debug, Clone, Default)]
pub struct CheckInInput {
    pub place: String,
    pub phone: String,
    pub session_id: String,
    pub back_on: String,
    pub back_at: String,
}

/// Checks the caller in (the project's researchers only). One open check-in per person
/// per project: a second is refused, and a double click checks in once.
pub async fn check_in(db: &Db, actor: &Actor, project_id: i64, input: &CheckInInput) -> Result<i64, AppError> {
    check_in_at(db, actor, project_id, input, now()).await
}

/// [`check_in`] at a given moment (for tests).
pub async fn check_in_at(db: &Db, actor: &Actor, project_id: i64, input: &CheckInInput, at: i64) -> Result<i64, AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let mut check = FormCheck::new();
    let place = check.field("place", &input.place, |v| validate::line(v, "where you are going", 200, true));
    let phone = check.field("phone", &input.phone, |v| validate::line(v, "the phone number", 40, false));
    let back_on = check.field("back_on", &input.back_on, |v| validate::date(v, "the day you expect to be back", true));
    let back_at = check.field("back_at", &input.back_at, |v| validate::time_of_day(v, "the time you expect to be back", true));
    check.keep("session_id", &input.session_id);
    let session = match input.session_id.trim() {
        "" => Some(None),
        raw => match raw.parse::<i64>() {
            Ok(id) if session_in(db, project_id, id).await? => Some(Some(id)),
            _ => {
                check.fail("session_id", "Choose one of this project's fieldwork sessions, or none");
                None
            }
        },
    };
    let due = match (&back_on, &back_at) {
        (Some(Some(day)), Some(Some(clock))) => match uk_local_to_unix(day, clock) {
            Some(due) => match check_due_back(due, at) {
                Ok(()) => Some(due),
                Err(message) => {
                    check.fail("back_at", message);
                    None
                }
            },
            None => {
                check.fail("back_at", "Enter the time you expect to be back as a time, for example 16:30");
                None
            }
        },
        _ => None,
    };
    let (place, phone, session, due) = check.finish((place, phone, session, due))?;
    let inserted = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO lone_working_check_ins (project_id, user_id, session_id, place, phone, checked_in_at, due_back_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(project_id)
    .bind(actor.user_id)
    .bind(session)
    .bind(&place)
    .bind(&phone)
    .bind(at)
    .bind(due)
    .fetch_one(db)
    .await;
    match inserted {
        Ok((id,)) => Ok(id),
        Err(e) if is_unique_violation(&e) => {
            Err(AppError::refused("You are already checked in on this project. Check out first, then check in again."))
        }
        Err(e) => Err(e.into()),
    }
}

async fn session_in(db: &Db, project_id: i64, session_id: i64) -> Result<bool, AppError> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM fieldwork_sessions WHERE id = $1 AND project_id = $2")
        .bind(session_id)
        .bind(project_id)
        .fetch_optional(db)
        .await?;
    Ok(found.is_some())
}

/// What a check-out did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckOut {
    /// Checked out in time (or late, before anyone was told).
    Safe,
    /// Checked out after the lead was e-mailed: they have now been told this person is safe.
    SafeAfterAlert,
    /// Already checked out: nothing changed.
    AlreadyOut,
}

/// Checks out. Only the person who checked in may: checking out says "I am safe", which
/// nobody can say for someone else. (Being taken off the team while out does not stop it.)
pub async fn check_out(state: &AppState, actor: &Actor, project_id: i64, check_in_id: i64) -> Result<CheckOut, AppError> {
    check_out_at(state, actor, project_id, check_in_id, now()).await
}

/// [`check_out`] at a given moment (for tests).
pub async fn check_out_at(state: &AppState, actor: &Actor, project_id: i64, check_in_id: i64, at: i64) -> Result<CheckOut, AppError> {
    let closed = sqlx::query_as::<_, (Option<i64>,)>(
        "UPDATE lone_working_check_ins SET checked_out_at = $1 \
         WHERE id = $2 AND project_id = $3 AND user_id = $4 AND checked_out_at IS NULL RETURNING alerted_at",
    )
    .bind(at)
    .bind(check_in_id)
    .bind(project_id)
    .bind(actor.user_id)
    .fetch_optional(&state.db)
    .await?;
    match closed {
        Some((None,)) => Ok(CheckOut::Safe),
        Some((Some(_),)) => {
            super::sweep::tell_safe(&state.db, &state.mailer, &state.config, check_in_id, at).await?;
            Ok(CheckOut::SafeAfterAlert)
        }
        None => {
            let mine: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM lone_working_check_ins WHERE id = $1 AND project_id = $2 AND user_id = $3",
            )
            .bind(check_in_id)
            .bind(project_id)
            .bind(actor.user_id)
            .fetch_optional(&state.db)
            .await?;
            // Someone else's check-in is not theirs to close: "not found".
            mine.map(|_| CheckOut::AlreadyOut).ok_or(AppError::NotFound)
        }
    }
}

#[derive(sqlx::FromRow)]
struct CheckInRow {
    id: i64,
    name: String,
    place: String,
    phone: String,
    session_kind: Option<String>,
    session_on: Option<String>,
    session_at: Option<String>,
    checked_in_at: i64,
    due_back_at: i64,
    checked_out_at: Option<i64>,
    alerted_at: Option<i64>,
}

const ROW_SQL: &str = "SELECT c.id, u.name, c.place, c.phone, s.kind AS session_kind, s.held_on AS session_on, \
     s.starts_at AS session_at, c.checked_in_at, c.due_back_at, c.checked_out_at, c.alerted_at \
     FROM lone_working_check_ins c JOIN users u ON u.id = c.user_id \
     LEFT JOIN fieldwork_sessions s ON s.id = c.session_id";

impl CheckInRow {
    fn session(&self) -> Option<String> {
        match (&self.session_kind, &self.session_on) {
            (Some(kind), Some(on)) => Some(session_label(kind, on, self.session_at.as_deref())),
            _ => None,
        }
    }

    fn overdue(&self, at: i64) -> bool {
        self.checked_out_at.is_none() && at > self.due_back_at
    }

    fn view(self, at: i64) -> CheckInView {
        CheckInView {
            id: self.id,
            session: self.session(),
            overdue: self.overdue(at),
            alerted: self.alerted_at.is_some(),
            checked_in: format_date_time(self.checked_in_at),
            due_back: format_date_time(self.due_back_at),
            checked_out: self.checked_out_at.map(format_date_time),
            place: self.place,
        }
    }

    fn out_now(self, at: i64) -> OutNowView {
        OutNowView {
            id: self.id,
            session: self.session(),
            overdue: self.overdue(at),
            alerted: self.alerted_at.is_some(),
            checked_in: format_date_time(self.checked_in_at),
            due_back: format_date_time(self.due_back_at),
            name: self.name,
            place: self.place,
            phone: self.phone,
        }
    }
}

/// Where the caller stands: researcher, lead or coordinator, and their open check-in.
/// Someone who is none of these and has nothing open is refused as `DoFieldwork` refuses.
struct Standing {
    ctx: access::ProjectCtx,
    is_researcher: bool,
    sees_team: bool,
}

async fn standing(db: &Db, actor: &Actor, project_id: i64) -> Result<(Standing, Vec<CheckInRow>), AppError> {
    let ctx = access::project_ctx(db, actor, project_id).await?;
    let is_researcher = access::may(actor, &ctx, Need::DoFieldwork);
    let sees_team = access::may(actor, &ctx, Need::Manage);
    let mine = sqlx::query_as::<_, CheckInRow>(&format!(
        "{ROW_SQL} WHERE c.project_id = $1 AND c.user_id = $2 ORDER BY c.checked_in_at DESC, c.id DESC LIMIT {RECENT}"
    ))
    .bind(project_id)
    .bind(actor.user_id)
    .fetch_all(db)
    .await?;
    let has_open = mine.iter().any(|r| r.checked_out_at.is_none());
    if !is_researcher && !sees_team && !has_open {
        access::require(db, actor, project_id, Need::DoFieldwork).await?;
    }
    Ok((Standing { ctx, is_researcher, sees_team }, mine))
}

async fn out_now(db: &Db, project_id: i64) -> Result<Vec<CheckInRow>, AppError> {
    Ok(sqlx::query_as::<_, CheckInRow>(&format!(
        "{ROW_SQL} WHERE c.project_id = $1 AND c.checked_out_at IS NULL ORDER BY c.due_back_at, c.id"
    ))
    .bind(project_id)
    .fetch_all(db)
    .await?)
}

/// The lone-working page: the caller's open check-in and recent ones, the form, and (for
/// the lead and coordinators) who is out now.
pub async fn page(state: &AppState, actor: &Actor, project_id: i64) -> Result<LoneWorkingPage, AppError> {
    let db = &state.db;
    let (standing, mine) = standing(db, actor, project_id).await?;
    let at = now();
    let sessions = if standing.is_researcher {
        sqlx::query_as::<_, PlannedSession>(
            "SELECT id, kind, held_on, starts_at FROM fieldwork_sessions \
             WHERE project_id = $1 AND status = 'planned' AND held_on >= $2 ORDER BY held_on, id LIMIT 30",
        )
        .bind(project_id)
        .bind(today())
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, session_label(&s.kind, &s.held_on, s.starts_at.as_deref())))
        .collect()
    } else {
        Vec::new()
    };
    let out_now = if standing.sees_team {
        out_now(db, project_id).await?.into_iter().map(|r| r.out_now(at)).collect()
    } else {
        Vec::new()
    };
    let recent: Vec<CheckInView> = mine.into_iter().map(|r| r.view(at)).collect();
    Ok(LoneWorkingPage {
        project_id,
        project_title: standing.ctx.title,
        today: today(),
        is_researcher: standing.is_researcher,
        sees_team: standing.sees_team,
        grace_minutes: state.config.lone_working_grace_seconds / 60,
        open: recent.iter().find(|c| c.checked_out.is_none()).cloned(),
        recent,
        sessions,
        out_now,
    })
}

/// The small panel: the caller's open check-in, and for the lead and coordinators how many
/// are out and overdue. `None` for people with no part in lone working (no refusal: the
/// panel is simply not shown).
pub async fn summary(db: &Db, actor: &Actor, project_id: i64) -> Result<Option<LoneWorkingSummary>, AppError> {
    let (standing, mine) = match standing(db, actor, project_id).await {
        Ok(found) => found,
        // Someone who sees the project but has no part in its lone working gets no panel;
        // anyone else is refused, as for the project itself.
        Err(AppError::NotAllowed) => {
            access::require(db, actor, project_id, Need::View).await?;
            return Ok(None);
        }
        Err(other) => return Err(other),
    };
    let at = now();
    let (out, overdue) = if standing.sees_team {
        let rows = out_now(db, project_id).await?;
        (rows.len() as i64, rows.iter().filter(|r| r.overdue(at)).count() as i64)
    } else {
        (0, 0)
    };
    Ok(Some(LoneWorkingSummary {
        project_id,
        is_researcher: standing.is_researcher,
        sees_team: standing.sees_team,
        open: mine.into_iter().find(|r| r.checked_out_at.is_none()).map(|r| r.view(at)),
        out_now: out,
        overdue,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_times_become_utc_in_winter_and_summer() {
        // 3 March 2026 12:00 in the UK is 12:00 UTC; 1 July 2026 13:00 BST is 12:00 UTC.
        assert_eq!(uk_local_to_unix("2026-03-03", "12:00"), Some(1_772_539_200));
        assert_eq!(uk_local_to_unix("2026-07-01", "13:00"), Some(1_782_907_200));
        assert_eq!(uk_date_and_time(1_782_907_200), ("2026-07-01".to_string(), "13:00".to_string()));
        assert_eq!(uk_date_and_time(1_772_539_200), ("2026-03-03".to_string(), "12:00".to_string()));
        assert_eq!(uk_local_to_unix("2026-02-30", "12:00"), None);
        assert_eq!(uk_local_to_unix("2026-03-03", "25:00"), None);
    }

    #[test]
    fn sessions_are_named_without_people() {
        assert_eq!(session_label("focus_group", "2026-12-03", Some("10:30")), "Focus group on 3 December 2026 at 10:30");
        assert_eq!(session_label("interview", "2026-12-04", None), "Interview on 4 December 2026");
    }
}
