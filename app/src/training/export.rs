//! A cohort's attendance and progress as a CSV file, for trainers' own records and
//! funders' returns. Served at `/training/cohorts/{id}/export.csv`.

use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::identity::Actor;
use crate::error::AppError;
use crate::platform::db::Db;
use crate::accounts::session::Session;
use crate::platform::state::AppState;
use crate::training::cohort_ctx::require_run;
use crate::training::progress::cohort_progress;
use crate::training::Attendance;

pub fn routes() -> Router<AppState> {
    Router::new().route("/training/cohorts/{id}/export.csv", get(export))
}

use crate::platform::csv::line;

pub async fn cohort_csv(db: &Db, actor: &Actor, cohort_id: i64) -> Result<(String, String), AppError> {
    let ctx = require_run(db, actor, cohort_id).await?;
    crate::platform::audit::record_or_log(
        db,
        crate::platform::audit::Entry::new(Some(actor.user_id), crate::platform::audit::Action::Exported, "cohort", Some(cohort_id)),
    )
    .await;
    let progress = cohort_progress(db, &ctx).await?;
    let people: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.name, u.email FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = $1 ORDER BY u.name",
    )
    .bind(cohort_id)
    .fetch_all(db)
    .await?;
    let mut header = vec!["Name".to_string(), "E-mail".to_string()];
    for module in &progress.modules {
        header.push(format!("Module {}: {}", module.position, module.title));
    }
    for session in &progress.sessions {
        header.push(format!("Session {} {}", session.on_date, session.at_time));
    }
    header.extend(["Modules complete", "Sessions attended", "Attendance %", "Meets completion rule"].map(String::from));
    let mut csv = line(&header);
    for (user_id, name, email) in people {
        let mut row = vec![name, email];
        for module in &progress.modules {
            row.push(progress.state(user_id, module).label().to_string());
        }
        for session in &progress.sessions {
            row.push(progress.status(user_id, session.id).map(Attendance::label).unwrap_or("Not marked").to_string());
        }
        let attended = progress.attended(user_id);
        row.push(format!("{} of {}", progress.done(user_id), progress.modules.len()));
        row.push(format!("{} of {}", attended, progress.sessions.len()));
        row.push(crate::training::percent(attended, progress.sessions.len()).map(|p| p.to_string()).unwrap_or_default());
        row.push(if progress.meets_rule(user_id) { "Yes" } else { "No" }.to_string());
        csv.push_str(&line(&row));
    }
    let slug = crate::validate::slugify(&ctx.name);
    Ok((format!("{slug}-progress.csv"), csv))
}

async fn export(State(state): State<AppState>, Path(id): Path<i64>, request: Request) -> Response {
    let Some(actor) = request.extensions().get::<Session>().map(|s| s.user.actor()) else {
        let next = crate::ui::encode_query_value(request.uri().path());
        return (StatusCode::SEE_OTHER, [(header::LOCATION, format!("/sign-in?next={next}"))]).into_response();
    };
    match cohort_csv(&state.db, &actor, id).await {
        Ok((filename, csv)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            csv,
        )
            .into_response(),
        Err(error) => {
            let status = match error {
                AppError::NotFound => StatusCode::NOT_FOUND,
                AppError::NotAllowed => StatusCode::FORBIDDEN,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], error.to_string()).into_response()
        }
    }
}
