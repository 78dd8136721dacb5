//! Demo data for "you said, we did" on WhyNot!'s finished day services study: three
//! recommendations with the County Council's answers and their dated timelines (one done,
//! one under way, one accepted but not started), an impact record with a statement from
//! the council, and Dennis's outcomes, which he chose to show. Loading twice changes nothing.

use crate::error::AppError;
use crate::platform::db::{user_id_by_email as user, Db};
use crate::platform::time::{date_in, now};
use crate::projects::finished_demo;

const DAY: i64 = 86_400;

/// One step of a recommendation's timeline: days from today, answer, status, action,
/// owner, due (days from today), evidence, note.
type Step = (i64, &'static str, &'static str, &'static str, &'static str, Option<i64>, &'static str, &'static str);

pub async fn load(db: &Db) -> Result<(), AppError> {
    let Some(project) = finished_demo::project_id(db).await? else { return Ok(()) };
    let (done,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM project_recommendations WHERE project_id = $1").bind(project).fetch_one(db).await?;
    if done > 0 {
        return Ok(());
    }
    let margaret = user(db, "margaret@whynot.example").await?;
    let dennis = user(db, "dennis@whynot.example").await?;
    let helen = user(db, "helen.carter@essex-council.example").await?;
    let at = now();
    let clubs = "Fund peer-led groups in Brightlingsea, St Osyth and Great Bentley for a year, each with a budget the group controls.";
    let owner = "Day services manager, Tendring";
    let recommendations: [(&str, &[Step]); 3] = [
        (
            "Try peer-led groups in three villages for a year, with a small budget the group controls.",
            &[
                (-200, "accepted", "not_started", clubs, owner, Some(-60), "", "The board agreed this at its March meeting."),
                (-150, "accepted", "under_way", clubs, owner, Some(-60), "", "Two groups have found a village hall."),
                (
                    -45,
                    "accepted",
                    "done",
                    clubs,
                    owner,
                    Some(-60),
                    "Peer-led groups meet weekly in Brightlingsea, St Osyth and Great Bentley. About 45 people go each month.",
                    "",
                ),
            ],
        ),
        (
            "Sort out transport first: a booked minibus or volunteer drivers for every group.",
            &[
                (-200, "partly", "not_started", "Volunteer drivers for the three village groups now; a booked minibus when the transport contract is renewed.", "Transport commissioning lead", Some(60), "", "We can fund drivers' expenses now; the minibus must wait for the new contract."),
                (-90, "partly", "under_way", "Volunteer drivers for the three village groups now; a booked minibus when the transport contract is renewed.", "Transport commissioning lead", Some(60), "", "Volunteer drivers now take 14 people to the groups each week."),
            ],
        ),
        (
            "Ask the people who use day services before changing them, and tell them what changed as a result.",
            &[(-200, "accepted", "not_started", "Hold a listening meeting at each day centre before any change, and send everyone a letter saying what changed.", "Day services manager, Tendring", Some(30), "", "")],
        ),
    ];
    let mut tx = db.begin().await?;
    for (body, steps) in recommendations {
        let last = steps[steps.len() - 1];
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO project_recommendations (project_id, body, response, action, owner, due_on, status, evidence, created_by, created_at, updated_at, from_version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
             (SELECT MAX(number) FROM report_versions WHERE project_id = $1 AND decision = 'signed_off')) RETURNING id",
        )
        .bind(project)
        .bind(body)
        .bind(last.1)
        .bind(last.3)
        .bind(last.4)
        .bind(last.5.map(date_in))
        .bind(last.2)
        .bind(last.6)
        .bind(margaret)
        .bind(at - 220 * DAY)
        .bind(at + last.0 * DAY)
        .fetch_one(&mut *tx)
        .await?;
        for (days, response, status, action, owner, due, evidence, note) in steps.iter().copied() {
            sqlx::query(
                "INSERT INTO project_recommendation_updates (recommendation_id, user_id, response, status, action, owner, due_on, evidence, note, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(id)
            .bind(helen)
            .bind(response)
            .bind(status)
            .bind(action)
            .bind(owner)
            .bind(due.map(date_in))
            .bind(evidence)
            .bind(note)
            .bind(at + days * DAY)
            .execute(&mut *tx)
            .await?;
        }
    }
    sqlx::query(
        "INSERT INTO project_impacts (project_id, kind, summary, evidence, happened_on, statement, statement_by, statement_role, recorded_by, created_at) \
         VALUES ($1, 'service', $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(project)
    .bind("Day services in Tendring moved towards peer support: the council now funds groups run by older people in three villages.")
    .bind("Cabinet member decision on day opportunities for older people; the three groups' attendance figures.")
    .bind(date_in(-45))
    .bind(
        "WhyNot!'s interviews showed us that friendship and getting there mattered more than the activities we planned. \
         We changed how we spend the day services budget because of it.",
    )
    .bind("Helen Carter")
    .bind("Commissioning manager for older people, Essex County Council")
    .bind(margaret)
    .bind(at - 40 * DAY)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO peer_outcomes (project_id, user_id, confidence, skills, roles, shared, updated_at) VALUES ($1, $2, 'much_more', $3, $4, 1, $5) \
         ON CONFLICT (project_id, user_id) DO NOTHING",
    )
    .bind(project)
    .bind(dennis)
    .bind("Interviewing in pairs; writing up themes; speaking to a room full of councillors.")
    .bind("Presented the findings to the day services board.")
    .bind(at - 100 * DAY)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
