//! Demo findings for WhyNot!'s finished study of day services in Tendring: two themes (the
//! project had none; added the way `analysis::themes` stores them), the summary for
//! participants, and the feedback event held in Clacton with comments against each theme.
//! The project has no participants in the demo, so the summary was not sent to anyone here;
//! SE-SURG's recovery college project has participants to try sending with.
//! Loading twice changes nothing.

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::finished_demo;

const DAY: i64 = 86_400;

const THEMES: &[(&str, &str)] = &[
    (
        "Friendship matters more than the activities",
        "People came for the company: seeing friends and making new ones mattered more than what was on offer that day.",
    ),
    (
        "Transport decides who can go",
        "Whether someone could get there, and back, decided whether they went at all, more than anything about the service.",
    ),
];

const SUMMARY: &str = "Thank you for taking part in our research about day services in Tendring. This is what we found, in short.\n\n\
Friendship matters more than the activities. Most people told us they come to see friends and to make new ones. What is on offer that day matters less.\n\n\
Transport decides who can go. If there is no lift or bus that suits, people stay at home, however good the service is.\n\n\
We told Essex County Council what you said. We would like to hear what you think of it.";

const COMMENTS: [&str; 2] = [
    "Everyone agreed. Several said the lunch club was the only place they saw anyone all week. One asked that friends be kept together when groups change.",
    "People said the community bus was the lifeline, and that its times do not suit afternoon sessions. Two people had stopped going when their lift moved away.",
];

fn date_in(days: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(days)).to_string()
}

pub async fn load(db: &Db) -> Result<(), AppError> {
    let Some(project) = finished_demo::project_id(db).await? else { return Ok(()) };
    let (events,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM findings_feedback_events WHERE project_id = $1").bind(project).fetch_one(db).await?;
    if events > 0 {
        return Ok(());
    }
    let margaret: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = 'margaret@whynot.example'").fetch_optional(db).await?;
    let sheila: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = 'sheila@whynot.example'").fetch_optional(db).await?;
    let (margaret, sheila) = (margaret.map(|(id,)| id), sheila.map(|(id,)| id));
    let at = now();
    let mut tx = db.begin().await?;
    let mut theme_ids = Vec::new();
    for (name, description) in THEMES {
        sqlx::query(
            "INSERT INTO analysis_themes (project_id, name, description, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) \
             ON CONFLICT (project_id, name) DO NOTHING",
        )
        .bind(project)
        .bind(name)
        .bind(description)
        .bind(margaret)
        .bind(at - 300 * DAY)
        .execute(&mut *tx)
        .await?;
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM analysis_themes WHERE project_id = $1 AND name = $2")
            .bind(project)
            .bind(name)
            .fetch_one(&mut *tx)
            .await?;
        theme_ids.push(id);
    }
    sqlx::query(
        "INSERT INTO findings_projects (project_id, summary, summary_by, summary_at) VALUES ($1, $2, $3, $4) ON CONFLICT (project_id) DO NOTHING",
    )
    .bind(project)
    .bind(SUMMARY)
    .bind(margaret)
    .bind(at - 290 * DAY)
    .execute(&mut *tx)
    .await?;
    let (event,): (i64,) = sqlx::query_as(
        "INSERT INTO findings_feedback_events (project_id, held_on, attendance, note, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(project)
    .bind(date_in(-280))
    .bind(23_i64)
    .bind("A seminar at Clacton library: tea, the findings read out in large print, and time to talk in small groups.")
    .bind(sheila)
    .bind(at - 280 * DAY)
    .fetch_one(&mut *tx)
    .await?;
    for (theme, comment) in theme_ids.iter().zip(COMMENTS) {
        sqlx::query("INSERT INTO findings_feedback_comments (event_id, theme_id, comment) VALUES ($1, $2, $3)")
            .bind(event)
            .bind(theme)
            .bind(comment)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
