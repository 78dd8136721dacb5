//! Demo lone working on SE-SURG's recovery college evaluation: Tom, a peer researcher, went
//! out alone to a recovery college course last week, checked in and checked out in time.
//! Loading twice changes nothing.

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::now;

const PROJECT_TITLE: &str = "Evaluation of the recovery college in south Essex";

pub async fn load(db: &Db) -> Result<(), AppError> {
    let found = sqlx::query_as::<_, (i64, i64)>(
        "SELECT p.id, t.user_id FROM projects p JOIN organisations o ON o.id = p.organisation_id \
         JOIN project_team t ON t.project_id = p.id JOIN users u ON u.id = t.user_id \
         WHERE o.slug = 'se-surg' AND p.title = $1 AND u.email = 'tom@se-surg.example'",
    )
    .bind(PROJECT_TITLE)
    .fetch_optional(db)
    .await?;
    let Some((project_id, tom)) = found else {
        return Ok(());
    };
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM lone_working_check_ins WHERE project_id = $1")
        .bind(project_id)
        .fetch_one(db)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    // Six days ago: checked in at about 10:00, due back three hours later, back 20 minutes early.
    let day = 24 * 3600;
    let checked_in = (now() / day - 6) * day + 10 * 3600;
    sqlx::query(
        "INSERT INTO lone_working_check_ins (project_id, user_id, session_id, place, phone, checked_in_at, due_back_at, checked_out_at) \
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7)",
    )
    .bind(project_id)
    .bind(tom)
    .bind("Basildon recovery college, the small group room on the first floor")
    .bind("07700 900201")
    .bind(checked_in)
    .bind(checked_in + 3 * 3600)
    .bind(checked_in + 3 * 3600 - 20 * 60)
    .execute(db)
    .await?;
    Ok(())
}
