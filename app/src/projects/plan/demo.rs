//! Demo data for the SE-SURG recovery college evaluation: its team (Priya leads, Tom is a
//! peer researcher, Nadia Bell is the academic supporter), the involvement level, agreed
//! research questions (two versions), the plan, a signed-off peer review, an advisory
//! group, and its stage history agreed → planning → ethics → fieldwork with signatures.
//! The history is written straight into the tables: the gate into fieldwork needs the
//! ethics approval that the ethics part's demo adds. Loading twice changes nothing.

use crate::error::AppError;
use crate::platform::db::{user_id_by_email as user, Db};
use crate::platform::time::{date_in, now};

const DAY: i64 = 86_400;
const TITLE: &str = "Evaluation of the recovery college in south Essex";

pub async fn load(db: &Db) -> Result<(), AppError> {
    let project: Option<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM projects p JOIN organisations o ON o.id = p.organisation_id WHERE o.slug = 'se-surg' AND p.title = $1",
    )
    .bind(TITLE)
    .fetch_optional(db)
    .await?;
    let Some((project,)) = project else { return Ok(()) };
    let (planned,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM project_plans WHERE project_id = $1").bind(project).fetch_one(db).await?;
    if planned > 0 {
        return Ok(());
    }
    let priya = user(db, "priya@se-surg.example").await?;
    let tom = user(db, "tom@se-surg.example").await?;
    let nadia = user(db, "nadia.bell@aru.example").await?;
    let sam = user(db, "sam.okafor@msenhs.example").await?;
    let at = now();
    let mut tx = db.begin().await?;

    // The team: Priya leads (from the award), Tom and Nadia join; Sam is the contact.
    sqlx::query(
        "INSERT INTO project_team (project_id, user_id, role, added_by, added_at) VALUES ($1, $2, 'peer_researcher', $3, $4) \
         ON CONFLICT (project_id, user_id) DO NOTHING",
    )
    .bind(project)
    .bind(tom)
    .bind(priya)
    .bind(at - 9 * DAY)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO project_team (project_id, user_id, role, practitioner_roles, agreement, review_on, added_by, added_at) \
         VALUES ($1, $2, 'academic_supporter', 'capacity_builder,facilitator,bridge_builder', $3, $4, $5, $6) \
         ON CONFLICT (project_id, user_id) DO NOTHING",
    )
    .bind(project)
    .bind(nadia)
    .bind(
        "Nadia helps with the interview guide and the analysis workshops, and introduces the team to the trust's research office. \
         She does not interview participants or decide what the findings are: the team does. \
         She answers e-mails within a week, and the team can ask for a call at any time.",
    )
    .bind(date_in(90))
    .bind(priya)
    .bind(at - 9 * DAY)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE projects SET involvement = 'control', stage = 'fieldwork', updated_at = $1 WHERE id = $2")
        .bind(at - DAY)
        .bind(project)
        .execute(&mut *tx)
        .await?;

    // Research questions: two versions, the second agreed.
    let versions = [
        (1, "Does the recovery college help students in their recovery?\n\nWhat could be better?", at - 9 * DAY),
        (
            2,
            "1. How do students describe the difference the recovery college made to their recovery?\n\n\
             2. What helped them keep coming, and what got in the way?\n\n\
             3. What would students change about the courses and how they are run?",
            at - 8 * DAY,
        ),
    ];
    let mut agreed = 0;
    for (no, body, when) in versions {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO project_question_versions (project_id, version_no, body, author_id, created_at, agreed_at, agreed_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(project)
        .bind(no)
        .bind(body)
        .bind(if no == 1 { tom } else { priya })
        .bind(when)
        .bind((no == 2).then_some(when))
        .bind((no == 2).then_some(priya))
        .fetch_one(&mut *tx)
        .await?;
        agreed = id;
    }
    sqlx::query(
        "INSERT INTO project_plans (project_id, revision, agreed_questions_id, methods, inclusion, exclusion, risk_plan, \
         data_collected, data_kept_where, data_who_sees, retain_until, updated_by, updated_at) \
         VALUES ($1, 6, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(project)
    .bind(agreed)
    .bind(
        "Peer interviews with 20 past students, in pairs of peer researchers, using a topic guide the team wrote. \
         One focus group with current students. A short survey using the Recovery Assessment Scale.",
    )
    .bind("Adults who took at least one recovery college course in the last two years.")
    .bind("People currently in hospital or in crisis; staff of the recovery college.")
    .bind(
        "Interviews happen in the recovery college or a public place, never at home. Two researchers go together, \
         or one researcher checks in with Priya by text before and after. If a participant is upset, the researcher \
         stops, offers the support leaflet and the crisis line, and tells Priya. Researchers have a debrief after each \
         interview and can talk to Nadia.",
    )
    .bind("Consent forms, audio recordings of interviews, anonymised transcripts, survey answers.")
    .bind("The trust's secure drive and CoResearch. Paper consent forms in the locked cabinet at the recovery college.")
    .bind("Only the project's peer researchers. Nadia sees anonymised transcripts. The trust sees the report only.")
    .bind(date_in(5 * 365))
    .bind(priya)
    .bind(at - 7 * DAY)
    .execute(&mut *tx)
    .await?;
    // i64, as plan::add_target binds: PostgreSQL connections keep this statement prepared
    // with the first call's parameter types, and an i32 here made a later i64 fail (22P03).
    for (site, target) in [("Basildon recovery college students", 12_i64), ("Southend recovery college students", 8)] {
        sqlx::query("INSERT INTO project_sampling_targets (project_id, site, target, created_at) VALUES ($1, $2, $3, $4)")
            .bind(project)
            .bind(site)
            .bind(target)
            .bind(at - 8 * DAY)
            .execute(&mut *tx)
            .await?;
    }
    let milestones = [
        ("Ethics application submitted", -6, "ethics", true),
        ("Ethics approval received", -2, "ethics", true),
        ("Interviews finished", 45, "fieldwork", false),
        ("Focus group with current students", 50, "fieldwork", false),
        ("Analysis workshop with Nadia", 70, "analysis", false),
        ("Draft report to the trust", 110, "reporting", false),
    ];
    for (title, days, stage, done) in milestones {
        sqlx::query(
            "INSERT INTO project_milestones (project_id, title, due_on, stage, completed_at, completed_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(project)
        .bind(title)
        .bind(date_in(days))
        .bind(stage)
        .bind(done.then_some(at + days * DAY))
        .bind(done.then_some(priya))
        .bind(at - 8 * DAY)
        .execute(&mut *tx)
        .await?;
    }

    // Peer review: Nadia's comment, Priya's reply, and the sign-off of the plan as it is.
    let (comment,): (i64,) = sqlx::query_as(
        "INSERT INTO project_plan_comments (project_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(project)
    .bind(nadia)
    .bind("Question 1 could lead people towards a good answer. Could it ask what difference the college made, if any?")
    .bind(at - 8 * DAY)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO project_plan_comments (project_id, reply_to, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(project)
        .bind(comment)
        .bind(priya)
        .bind("Good point. We rewrote it in version 2 and agreed it at our meeting.")
        .bind(at - 8 * DAY + 3600)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO project_plan_signoffs (project_id, user_id, revision, signed_at) VALUES ($1, $2, 6, $3)")
        .bind(project)
        .bind(nadia)
        .bind(at - 7 * DAY)
        .execute(&mut *tx)
        .await?;

    // The advisory group and its meetings, every four months.
    for (name, affiliation) in [("Grace Adeyemi", "Former recovery college student"), ("Martin Cole", "Carer, Southend Carers")] {
        sqlx::query("INSERT INTO project_advisors (project_id, name, affiliation, added_at) VALUES ($1, $2, $3, $4)")
            .bind(project)
            .bind(name)
            .bind(affiliation)
            .bind(at - 9 * DAY)
            .execute(&mut *tx)
            .await?;
    }
    for (days, note) in [(-7, "2pm, Basildon recovery college"), (113, "2pm, Basildon recovery college")] {
        sqlx::query("INSERT INTO project_advisory_meetings (project_id, meets_on, note, created_at) VALUES ($1, $2, $3, $4)")
            .bind(project)
            .bind(date_in(days))
            .bind(note)
            .bind(at - 9 * DAY)
            .execute(&mut *tx)
            .await?;
    }

    // The stage history with its signatures.
    let gates = [
        ("agreed", "planning", at - 9 * DAY, &[("lead", priya), ("commissioner", sam)][..], "Team and involvement agreed at our first meeting."),
        ("planning", "ethics", at - 7 * DAY, &[("lead", priya), ("supporter", nadia)][..], ""),
        ("ethics", "fieldwork", at - DAY, &[("lead", priya)][..], "NHS approval received and its condition closed."),
    ];
    for (from, to, when, signers, note) in gates {
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
        .bind(priya)
        .bind(when)
        .bind(note)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
