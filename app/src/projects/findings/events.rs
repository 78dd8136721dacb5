//! Feedback events (server only): recording one, correcting or removing it, and the list the
//! findings page shows. Recording and correcting check what was typed in one place
//! (`check`). Only the project's researchers do any of it (`Want::Change`); each change is
//! on the audit trail (which event, never its words). Removing the last event, with no
//! reason recorded, leaves the gate's line unmet again (`service::feedback_checked`).

use std::collections::HashMap;

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::time::{now, today};
use crate::projects::access::audit_entry as entry;
use crate::projects::findings::service::{findings_row, require, Want};
use crate::projects::findings::{EventPage, FeedbackEventView};
use crate::validate::{self, readable_date, typed_date, FormCheck};

/// The most feedback events the findings page lists.
const MOST: i64 = 100;

/// What the feedback event form sends, as typed; `comments[i]` is about `theme_ids[i]`.
#[derive(Debug, Clone, Default)]
pub struct EventInput {
    pub held_on: String,
    pub attendance: String,
    pub note: String,
    pub theme_ids: Vec<String>,
    pub comments: Vec<String>,
}

/// A feedback event as it is stored: the checked form, or the saved row.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Checked {
    held_on: String,
    attendance: i64,
    note: String,
    /// (theme id, comment), one per theme, in theme id order; no empty comments.
    comments: Vec<(i64, String)>,
}

fn attendance(raw: &str) -> Result<i64, String> {
    match raw.trim().parse::<i64>() {
        Ok(n) if (0..=10_000).contains(&n) => Ok(n),
        _ if raw.trim().is_empty() => Err("Enter how many people came, as a number".into()),
        _ => Err("Enter how many people came as a whole number, for example 12".into()),
    }
}

/// What was typed, checked against the project's themes (a comment about any other theme is
/// dropped). Every message is beside its field, with everything typed kept.
fn check(input: &EventInput, project_themes: &[i64]) -> Result<Checked, AppError> {
    let mut check = FormCheck::new();
    let held_on = check.field("held_on", &input.held_on, |v| validate::date(v, "the date of the event", true));
    if let Some(Some(day)) = &held_on {
        if day.as_str() > today().as_str() {
            check.fail("held_on", "The date is in the future. Record the event once it has happened");
        }
    }
    let count = check.field("attendance", &input.attendance, attendance);
    let note = check.field("note", &input.note, |v| validate::text(v, "the note", 4000, false));
    let mut comments = Vec::new();
    for (i, raw) in input.comments.iter().enumerate() {
        let name = format!("comments[{i}]");
        if let Some(text) = check.field(&name, raw, |v| validate::text(v, "the comment", 4000, false)) {
            let theme = input.theme_ids.get(i).and_then(|t| t.trim().parse::<i64>().ok()).filter(|t| project_themes.contains(t));
            if let (Some(theme), false) = (theme, text.is_empty()) {
                comments.push((theme, text));
            }
        }
    }
    let (held_on, attendance, note) = check.finish((held_on, count, note))?;
    comments.sort_by_key(|(t, _)| *t);
    comments.dedup_by_key(|(t, _)| *t);
    Ok(Checked { held_on: held_on.unwrap_or_default(), attendance, note, comments })
}

async fn project_themes(db: &Db, project_id: i64) -> Result<Vec<i64>, AppError> {
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM analysis_themes WHERE project_id = $1").bind(project_id).fetch_all(db).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

async fn write_comments(tx: &mut sqlx::Transaction<'_, sqlx::Any>, event_id: i64, comments: &[(i64, String)]) -> Result<(), AppError> {
    for (theme, text) in comments {
        sqlx::query("INSERT INTO findings_feedback_comments (event_id, theme_id, comment) VALUES ($1, $2, $3)")
            .bind(event_id)
            .bind(theme)
            .bind(text)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A researcher records a feedback event with comments against the project's themes.
/// Returns its id. Nothing is saved when anything is wrong.
pub async fn record_event(db: &Db, actor: &Actor, project_id: i64, input: &EventInput) -> Result<i64, AppError> {
    require(db, actor, project_id, Want::Change).await?;
    let event = check(input, &project_themes(db, project_id).await?)?;
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO findings_feedback_events (project_id, held_on, attendance, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(project_id)
    .bind(&event.held_on)
    .bind(event.attendance)
    .bind(&event.note)
    .bind(actor.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    write_comments(&mut tx, id, &event.comments).await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::FeedbackEventRecorded, "feedback_event", id)).await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    held_on: String,
    attendance: i64,
    note: String,
    name: Option<String>,
}

impl EventRow {
    fn recorded_by(&self) -> String {
        self.name.clone().unwrap_or_else(|| "Someone who has left".into())
    }
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    event_id: i64,
    theme: String,
    comment: String,
}

/// The project's feedback events, newest first (capped), each with its comments.
pub(super) async fn events(db: &Db, project_id: i64) -> Result<Vec<FeedbackEventView>, AppError> {
    let rows = sqlx::query_as::<_, EventRow>(
        "SELECT e.id, e.held_on, e.attendance, e.note, u.name FROM findings_feedback_events e \
         LEFT JOIN users u ON u.id = e.recorded_by WHERE e.project_id = $1 ORDER BY e.held_on DESC, e.id DESC LIMIT $2",
    )
    .bind(project_id)
    .bind(MOST)
    .fetch_all(db)
    .await?;
    let comments = sqlx::query_as::<_, CommentRow>(
        "SELECT c.event_id, t.name AS theme, c.comment FROM findings_feedback_comments c \
         JOIN findings_feedback_events e ON e.id = c.event_id JOIN analysis_themes t ON t.id = c.theme_id \
         WHERE e.project_id = $1 ORDER BY LOWER(t.name), c.id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let mut by_event: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for c in comments {
        by_event.entry(c.event_id).or_default().push((c.theme, c.comment));
    }
    Ok(rows
        .into_iter()
        .map(|r| FeedbackEventView {
            comments: by_event.remove(&r.id).unwrap_or_default(),
            recorded_by: r.recorded_by(),
            id: r.id,
            held_on: readable_date(&r.held_on),
            attendance: r.attendance,
            note: r.note,
        })
        .collect())
}

/// One of this project's events; "not found" when it is another project's or gone.
async fn event_row(db: &Db, project_id: i64, event_id: i64) -> Result<EventRow, AppError> {
    sqlx::query_as::<_, EventRow>(
        "SELECT e.id, e.held_on, e.attendance, e.note, u.name FROM findings_feedback_events e \
         LEFT JOIN users u ON u.id = e.recorded_by WHERE e.id = $1 AND e.project_id = $2",
    )
    .bind(event_id)
    .bind(project_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

#[derive(sqlx::FromRow)]
struct ThemeCommentRow {
    id: i64,
    name: String,
    comment: Option<String>,
}

/// Every theme of the project with what was said about it at this event (empty if nothing).
async fn theme_comments(db: &Db, project_id: i64, event_id: i64) -> Result<Vec<ThemeCommentRow>, AppError> {
    Ok(sqlx::query_as::<_, ThemeCommentRow>(
        "SELECT t.id, t.name, c.comment FROM analysis_themes t \
         LEFT JOIN findings_feedback_comments c ON c.theme_id = t.id AND c.event_id = $2 \
         WHERE t.project_id = $1 ORDER BY LOWER(t.name), t.id",
    )
    .bind(project_id)
    .bind(event_id)
    .fetch_all(db)
    .await?)
}

/// The page to correct or remove one feedback event: for those who may record them.
pub async fn event_page(db: &Db, actor: &Actor, project_id: i64, event_id: i64) -> Result<EventPage, AppError> {
    let ctx = require(db, actor, project_id, Want::Change).await?;
    let row = event_row(db, project_id, event_id).await?;
    let (events,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM findings_feedback_events WHERE project_id = $1").bind(project_id).fetch_one(db).await?;
    let reason = findings_row(db, project_id).await?.map(|r| r.no_event_reason).unwrap_or_default();
    Ok(EventPage {
        project_id,
        project_title: ctx.title,
        id: row.id,
        recorded_by: row.recorded_by(),
        held_on: readable_date(&row.held_on),
        held_on_typed: typed_date(&row.held_on),
        attendance: row.attendance,
        note: row.note,
        comments: theme_comments(db, project_id, event_id).await?.into_iter().map(|t| (t.id, t.name, t.comment.unwrap_or_default())).collect(),
        only_one_for_gate: events == 1 && reason.trim().is_empty(),
    })
}

/// A researcher corrects a feedback event: its date, how many came, the note and what was
/// said about each theme (the comments are replaced by what the form sends). Nothing is
/// saved when anything is wrong; saving it unchanged changes nothing.
pub async fn change_event(db: &Db, actor: &Actor, project_id: i64, event_id: i64, input: &EventInput) -> Result<(), AppError> {
    require(db, actor, project_id, Want::Change).await?;
    let row = event_row(db, project_id, event_id).await?;
    let themes = project_themes(db, project_id).await?;
    let event = check(input, &themes)?;
    let before = Checked {
        held_on: row.held_on,
        attendance: row.attendance,
        note: row.note,
        comments: {
            let mut c: Vec<(i64, String)> =
                theme_comments(db, project_id, event_id).await?.into_iter().filter_map(|t| t.comment.map(|c| (t.id, c))).collect();
            c.sort_by_key(|(t, _)| *t);
            c
        },
    };
    if before == event {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    let changed = sqlx::query("UPDATE findings_feedback_events SET held_on = $1, attendance = $2, note = $3 WHERE id = $4 AND project_id = $5")
        .bind(&event.held_on)
        .bind(event.attendance)
        .bind(&event.note)
        .bind(event_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    sqlx::query("DELETE FROM findings_feedback_comments WHERE event_id = $1").bind(event_id).execute(&mut *tx).await?;
    write_comments(&mut tx, event_id, &event.comments).await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::FeedbackEventChanged, "feedback_event", event_id)).await?;
    tx.commit().await?;
    Ok(())
}

/// A researcher removes a feedback event recorded by mistake, with its comments, after
/// ticking the box to confirm.
pub async fn remove_event(db: &Db, actor: &Actor, project_id: i64, event_id: i64, confirmed: bool) -> Result<(), AppError> {
    require(db, actor, project_id, Want::Change).await?;
    event_row(db, project_id, event_id).await?;
    if !confirmed {
        return Err(AppError::field("confirm_remove", "Tick the box to say you want to remove this feedback event and what people said at it"));
    }
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM findings_feedback_comments WHERE event_id = $1").bind(event_id).execute(&mut *tx).await?;
    let gone = sqlx::query("DELETE FROM findings_feedback_events WHERE id = $1 AND project_id = $2")
        .bind(event_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    if gone.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut *tx, entry(actor, project_id, Audit::FeedbackEventRemoved, "feedback_event", event_id)).await?;
    tx.commit().await?;
    Ok(())
}
