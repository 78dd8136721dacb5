//! Gathering a person's data: one query per section, each filtered by their id ($1).
//! Every column is read as text, and times (seconds) are written as dates.

use sqlx::{Column, Row};

use crate::error::AppError;
use crate::identity::Actor;
use crate::my_data::{MyData, Section};
use crate::platform::audit::{self, Entry};
use crate::platform::db::Db;
use crate::platform::time::{format_date_time, now};

/// (section title, query). Columns ending in `_at` hold times in seconds.
const SECTIONS: &[(&str, &str)] = &[
    ("Your account",
     "SELECT name, email, CAST(created_at AS TEXT) AS created_at, CAST(email_verified_at AS TEXT) AS confirmed_at \
      FROM users WHERE id = $1"),
    ("Your sign-ins now open",
     "SELECT browser, CAST(created_at AS TEXT) AS started_at, CAST(last_seen_at AS TEXT) AS last_used_at \
      FROM sessions WHERE user_id = $1 ORDER BY created_at"),
    ("Groups and organisations",
     "SELECT o.name AS organisation, m.role, CASE WHEN m.is_lead = 1 THEN 'yes' ELSE 'no' END AS lead \
      FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = $1 ORDER BY o.name"),
    ("Training courses you joined",
     "SELECT c.name AS cohort, c.starts_on, c.ends_on FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id \
      WHERE e.user_id = $1 ORDER BY c.starts_on"),
    ("Attendance",
     "SELECT c.name AS cohort, s.on_date AS session_date, s.at_time AS session_time, a.status, a.note FROM attendance a \
      JOIN cohort_sessions s ON s.id = a.session_id JOIN cohorts c ON c.id = s.cohort_id WHERE a.user_id = $1 ORDER BY s.on_date"),
    ("Knowledge checks",
     "SELECT m.title AS module, CAST(k.score AS TEXT) AS score, CASE WHEN k.passed = 1 THEN 'yes' ELSE 'no' END AS passed, \
      CAST(k.created_at AS TEXT) AS taken_at FROM check_attempts k JOIN course_modules m ON m.id = k.module_id \
      WHERE k.user_id = $1 ORDER BY k.created_at"),
    ("Your learning log",
     "SELECT m.title AS module, r.body AS entry, CASE WHEN r.shared = 1 THEN 'shared with your cohort' ELSE 'private' END AS seen_by, \
      CAST(r.created_at AS TEXT) AS written_at FROM reflections r JOIN course_modules m ON m.id = r.module_id \
      WHERE r.user_id = $1 ORDER BY r.created_at"),
    ("Certificates",
     "SELECT c.name AS cohort, t.code, CAST(t.issued_at AS TEXT) AS issued_at, CAST(t.revoked_at AS TEXT) AS revoked_at \
      FROM certificates t JOIN cohorts c ON c.id = t.cohort_id WHERE t.user_id = $1 ORDER BY t.issued_at"),
    ("Projects you are on",
     "SELECT p.title AS project, t.role FROM project_team t JOIN projects p ON p.id = t.project_id \
      WHERE t.user_id = $1 ORDER BY p.title"),
    ("Lone working check-ins",
     "SELECT p.title AS project, l.place, CAST(l.checked_in_at AS TEXT) AS checked_in_at, \
      CAST(l.checked_out_at AS TEXT) AS checked_out_at FROM lone_working_check_ins l JOIN projects p ON p.id = l.project_id \
      WHERE l.user_id = $1 ORDER BY l.checked_in_at"),
    ("Your debriefs after fieldwork sessions",
     "SELECT p.title AS project, s.held_on AS session_date, d.feeling, d.upsetting AS what_upset_you, \
      CASE WHEN d.wants_support = 1 THEN 'yes' ELSE 'no' END AS wanted_support FROM fieldwork_debriefs d \
      JOIN fieldwork_sessions s ON s.id = d.session_id JOIN projects p ON p.id = s.project_id \
      WHERE d.user_id = $1 ORDER BY s.held_on"),
    ("Passages you coded in analysis",
     "SELECT p.title AS project, c.name AS code, h.memo, CAST(h.coded_at AS TEXT) AS coded_at FROM analysis_highlights h \
      JOIN analysis_codes c ON c.id = h.code_id JOIN projects p ON p.id = h.project_id \
      WHERE h.coded_by = $1 ORDER BY h.coded_at"),
    ("Record of your actions",
     "SELECT action, record_kind AS record, from_address, CAST(at AS TEXT) AS done_at FROM audit_events \
      WHERE actor_id = $1 ORDER BY at DESC LIMIT 500"),
];

fn readable(column: &str, value: Option<String>) -> String {
    let Some(value) = value else { return String::new() };
    if column.ends_with("_at") {
        if let Ok(seconds) = value.parse::<i64>() {
            return format_date_time(seconds);
        }
    }
    if column == "action" {
        return audit::Action::label(&value).to_string();
    }
    value
}

fn label(column: &str) -> String {
    let words = column.replace('_', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Everything held about the signed-in person. Recorded in the audit trail as an export.
pub async fn gather(db: &Db, actor: &Actor) -> Result<MyData, AppError> {
    let mut sections = Vec::with_capacity(SECTIONS.len());
    for (title, sql) in SECTIONS {
        let rows = sqlx::query(sql).bind(actor.user_id).fetch_all(db).await?;
        let rows = rows
            .iter()
            .map(|row| {
                row.columns()
                    .iter()
                    .enumerate()
                    .map(|(i, column)| {
                        let value: Option<String> = row.try_get(i).ok().flatten();
                        (label(column.name()), readable(column.name(), value))
                    })
                    .collect()
            })
            .collect();
        sections.push(Section { title: title.to_string(), rows });
    }
    let name = sections[0].rows.first().and_then(|r| r.first()).map(|(_, v)| v.clone()).unwrap_or_default();
    audit::record_or_log(db, Entry::new(Some(actor.user_id), audit::Action::Exported, "account", Some(actor.user_id))).await;
    Ok(MyData { name, made_on: format_date_time(now()), sections })
}

/// The JSON download, plus its route (merged by `http_routes`).
pub mod download {
    use axum::extract::{Request, State};
    use axum::http::header;
    use axum::response::{IntoResponse, Redirect, Response};
    use axum::routing::get;
    use axum::Router;

    use crate::accounts::session::Session;
    use crate::platform::state::AppState;

    async fn json(State(state): State<AppState>, request: Request) -> Response {
        let Some(actor) = request.extensions().get::<Session>().map(|s| s.user.actor()) else {
            return Redirect::to("/sign-in?next=/account/my-data").into_response();
        };
        match super::gather(&state.db, &actor).await {
            Ok(data) => (
                [
                    (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                    (header::CONTENT_DISPOSITION, "attachment; filename=\"my-coresearch-data.json\""),
                    (header::CACHE_CONTROL, "private, no-store"),
                ],
                serde_json::to_string_pretty(&data).unwrap_or_default(),
            )
                .into_response(),
            Err(error) => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
        }
    }

    pub fn routes() -> Router<AppState> {
        Router::new().route("/account/my-data.json", get(json))
    }
}
