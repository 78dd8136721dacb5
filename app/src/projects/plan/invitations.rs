//! Calendar invitations e-mailed to the team (everyone on `project_team` with an e-mail
//! address) when a milestone or an advisory group meeting is added or its date changes.
//! The attached `.ics` is the calendar download's own item, with the same UID, so a
//! calendar that already holds it moves it instead of adding a second one.

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::mail::{Attachment, Email};
use crate::platform::state::AppState;
use crate::projects::plan::calendar::calendar_text;
use crate::validate::readable_date;

#[derive(sqlx::FromRow)]
struct MilestoneRow {
    title: String,
    due_on: String,
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    meets_on: String,
    note: String,
}

/// Someone on the team who gets the invitation.
#[derive(sqlx::FromRow)]
struct Recipient {
    name: String,
    email: String,
}

/// A milestone's date now (before a change, to tell whether it moved).
pub async fn milestone_date(db: &Db, project_id: i64, milestone_id: i64) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_as::<_, (String,)>("SELECT due_on FROM project_milestones WHERE id = $1 AND project_id = $2")
        .bind(milestone_id)
        .bind(project_id)
        .fetch_optional(db)
        .await?
        .map(|(d,)| d))
}

/// After a milestone was added (`before` is `None`) or saved: e-mails the team its
/// invitation unless the date stayed the same. Returns how many were sent.
pub async fn milestone_saved(state: &AppState, project_id: i64, milestone_id: i64, before: Option<&str>) -> Result<usize, AppError> {
    let Some(MilestoneRow { title, due_on }) = sqlx::query_as::<_, MilestoneRow>(
        "SELECT title, due_on FROM project_milestones WHERE id = $1 AND project_id = $2",
    )
    .bind(milestone_id)
    .bind(project_id)
    .fetch_optional(&state.db)
    .await?
    else {
        return Ok(0);
    };
    if before == Some(due_on.as_str()) {
        return Ok(0);
    }
    let when = readable_date(&due_on);
    let what = if before.is_some() { format!("has moved to {when}") } else { format!("is set for {when}") };
    let item = format!("milestone-{milestone_id}");
    send(state, project_id, &item, &format!("milestone on {when}"), &format!("The milestone \"{title}\" {what}."))
        .await
}

/// After an advisory group meeting was added: e-mails the team its invitation.
pub async fn meeting_added(state: &AppState, project_id: i64, meeting_id: i64) -> Result<usize, AppError> {
    let Some(MeetingRow { meets_on, note }) = sqlx::query_as::<_, MeetingRow>(
        "SELECT meets_on, note FROM project_advisory_meetings WHERE id = $1 AND project_id = $2",
    )
    .bind(meeting_id)
    .bind(project_id)
    .fetch_optional(&state.db)
    .await?
    else {
        return Ok(0);
    };
    let when = readable_date(&meets_on);
    let detail = if note.is_empty() { String::new() } else { format!(" ({note})") };
    let item = format!("meeting-{meeting_id}");
    send(state, project_id, &item, &format!("advisory group meeting on {when}"), &format!("The advisory group meets on {when}{detail}."))
        .await
}

async fn send(state: &AppState, project_id: i64, item: &str, subject: &str, line: &str) -> Result<usize, AppError> {
    let (title,): (String,) = sqlx::query_as("SELECT title FROM projects WHERE id = $1").bind(project_id).fetch_one(&state.db).await?;
    let ics = calendar_text(state, project_id, &title, Some(item)).await?;
    let team = sqlx::query_as::<_, Recipient>(
        "SELECT u.name, u.email FROM project_team t JOIN users u ON u.id = t.user_id \
         WHERE t.project_id = $1 AND u.email <> '' ORDER BY u.id",
    )
    .bind(project_id)
    .fetch_all(&state.db)
    .await?;
    let link = state.config.link(&format!("/projects/{project_id}/plan"));
    for Recipient { name, email } in &team {
        state
            .mailer
            .send_with_or_log(
                Email {
                    to_name: name.clone(),
                    to_address: email.clone(),
                    subject: format!("{title}: {subject}"),
                    body: format!(
                        "{line}\n\nThe calendar invitation is attached: open it to put the date in your calendar \
                         (if it is there already, it moves to the new date).\n\nSee the project's milestones and meetings:\n\n{link}"
                    ),
                    why: "You are getting this e-mail because you are on this project's team.".into(),
                },
                vec![Attachment::calendar(&format!("project-{project_id}-{item}.ics"), ics.clone())],
            )
            .await;
    }
    Ok(team.len())
}
