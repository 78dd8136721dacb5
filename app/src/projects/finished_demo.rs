//! Demo data for WhyNot!'s finished study of day services in Tendring: its team (Margaret
//! leads, Dennis and Sheila are peer researchers, Nadia Bell is the academic supporter),
//! its milestones, all complete, and its stage history from agreed through to impact
//! follow-up with the signatures each gate needed. The later parts of the lifecycle (the
//! feedback event, the report, outputs and impact) add their examples to this project.
//! Loading twice changes nothing.

use crate::error::AppError;
use crate::platform::db::{user_id_by_email as user, Db};
use crate::platform::time::{date_in, now};

const DAY: i64 = 86_400;
pub const TITLE: &str = "Day services for older people in Tendring: what would people choose?";

/// The finished project's id, once the commissioning demo has made it.
pub async fn project_id(db: &Db) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM projects p JOIN organisations o ON o.id = p.organisation_id WHERE o.slug = 'whynot' AND p.title = $1",
    )
    .bind(TITLE)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id,)| id))
}

pub async fn load(db: &Db) -> Result<(), AppError> {
    let Some(project) = project_id(db).await? else { return Ok(()) };
    let (passed,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM project_gate_passes WHERE project_id = $1").bind(project).fetch_one(db).await?;
    if passed > 0 {
        return Ok(());
    }
    let margaret = user(db, "margaret@whynot.example").await?;
    let dennis = user(db, "dennis@whynot.example").await?;
    let sheila = user(db, "sheila@whynot.example").await?;
    let nadia = user(db, "nadia.bell@aru.example").await?;
    let helen = user(db, "helen.carter@essex-council.example").await?;
    let at = now();
    let mut tx = db.begin().await?;

    for peer in [dennis, sheila] {
        sqlx::query(
            "INSERT INTO project_team (project_id, user_id, role, added_by, added_at) VALUES ($1, $2, 'peer_researcher', $3, $4) \
             ON CONFLICT (project_id, user_id) DO NOTHING",
        )
        .bind(project)
        .bind(peer)
        .bind(margaret)
        .bind(at - 405 * DAY)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO project_team (project_id, user_id, role, practitioner_roles, agreement, review_on, added_by, added_at) \
         VALUES ($1, $2, 'academic_supporter', 'capacity_builder,facilitator', $3, $4, $5, $6) \
         ON CONFLICT (project_id, user_id) DO NOTHING",
    )
    .bind(project)
    .bind(nadia)
    .bind("Nadia ran the analysis workshops and reviewed the report. The team decided what the findings were.")
    .bind(date_in(-200))
    .bind(margaret)
    .bind(at - 405 * DAY)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE projects SET involvement = 'control', stage = 'impact_follow_up', updated_at = $1 WHERE id = $2")
        .bind(at - 120 * DAY)
        .bind(project)
        .execute(&mut *tx)
        .await?;

    // One milestone per stage, each completed on time.
    let milestones = [
        ("Ethics application sent", -395, "planning"),
        ("Ethics approval received", -375, "ethics"),
        ("All 24 interviews done", -300, "fieldwork"),
        ("Themes agreed at the analysis workshop", -270, "analysis"),
        ("Final report signed off by the County Council", -225, "reporting"),
        ("Findings presented to the day services board", -200, "dissemination"),
        ("Six-month check on the recommendations", -40, "impact_follow_up"),
    ];
    for (title, days, stage) in milestones {
        sqlx::query(
            "INSERT INTO project_milestones (project_id, title, due_on, stage, completed_at, completed_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(project)
        .bind(title)
        .bind(date_in(days))
        .bind(stage)
        .bind(at + days * DAY)
        .bind(margaret)
        .bind(at - 405 * DAY)
        .execute(&mut *tx)
        .await?;
    }

    // The stage history with its signatures.
    let lead = ("lead", margaret);
    let gates = [
        ("agreed", "planning", -404, &[lead, ("commissioner", helen)][..], "Team agreed at our first meeting in the library."),
        ("planning", "ethics", -394, &[lead, ("supporter", nadia)][..], ""),
        ("ethics", "fieldwork", -374, &[lead][..], "Approved by the university's ethics committee."),
        ("fieldwork", "analysis", -299, &[lead][..], "Twenty-four interviews done."),
        ("analysis", "reporting", -250, &[lead][..], "Themes checked with participants at the feedback seminar."),
        ("reporting", "dissemination", -224, &[lead, ("commissioner", helen)][..], "Report signed off."),
        ("dissemination", "impact_follow_up", -120, &[lead][..], "Presented to the board; the public page is up."),
    ];
    for (from, to, days, signers, note) in gates {
        let when = at + days * DAY;
        for (signed_as, who) in signers {
            sqlx::query(
                "INSERT INTO project_gate_signatures (project_id, from_stage, signed_as, user_id, signed_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(project)
            .bind(from)
            .bind(*signed_as)
            .bind(*who)
            .bind(when - 3600)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO project_gate_passes (project_id, from_stage, to_stage, passed_by, passed_at, note) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(project)
        .bind(from)
        .bind(to)
        .bind(margaret)
        .bind(when)
        .bind(note)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
