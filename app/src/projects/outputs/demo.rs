//! Demo data for outputs on WhyNot!'s finished day services study: the final report, its lay
//! summary, an easy-read version, the presentation to the day services board and a toolkit,
//! and a public page both WhyNot! and the County Council agreed to. Loading twice changes nothing.

use crate::error::AppError;
use crate::platform::db::{user_id_by_email as user, Db};
use crate::platform::time::{date_in, now};
use crate::projects::finished_demo;

const DAY: i64 = 86_400;

pub async fn load(db: &Db) -> Result<(), AppError> {
    let Some(project) = finished_demo::project_id(db).await? else { return Ok(()) };
    let (done,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM project_outputs WHERE project_id = $1").bind(project).fetch_one(db).await?;
    if done > 0 {
        return Ok(());
    }
    let margaret = user(db, "margaret@whynot.example").await?;
    let helen = user(db, "helen.carter@essex-council.example").await?;
    let at = now();
    let outputs = [
        ("final_report", "Day services in Tendring: what older people would choose", "Essex County Council", -224, "", true),
        ("lay_summary", "What we found, in two pages", "People who took part, and the public", -220, "", true),
        ("easy_read", "What we found: easy-read version", "People who took part", -210, "", true),
        ("presentation", "Presentation to the day services board", "The day services board", -200, "", false),
        ("toolkit", "Starting a peer-led group in your village: a short guide", "Older people and village halls", -150, "", true),
    ];
    let mut tx = db.begin().await?;
    for (kind, title, audience, days, link, public) in outputs {
        sqlx::query(
            "INSERT INTO project_outputs (project_id, kind, title, audience, produced_on, link, on_public_page, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(project)
        .bind(kind)
        .bind(title)
        .bind(audience)
        .bind(date_in(days))
        .bind(link)
        .bind(public as i64)
        .bind(margaret)
        .bind(at + days * DAY)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO project_publication (project_id, group_agreed_by, group_agreed_at, commissioner_agreed_by, commissioner_agreed_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (project_id) DO NOTHING",
    )
    .bind(project)
    .bind(margaret)
    .bind(at - 130 * DAY)
    .bind(helen)
    .bind(at - 125 * DAY)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
