//! Demo fieldwork for SE-SURG's recovery college evaluation: six interviews and a focus
//! group held over the past few weeks (Priya Shah and Tom as researchers, at venues with
//! their access recorded), each with its researchers' debriefs (after one, Tom asked for
//! support and named Nadia Bell), and an interview planned for next week.
//!
//! Participants are the consent demo's P-01 to P-12, each added after their consent; P-09
//! took part in the focus group and withdrew afterwards, so the session shows them as
//! withdrawn. Without the participants (no consent demo) nothing is added. Loading twice
//! changes nothing.

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::consent::history::{self as participant_history, Change};
use crate::projects::fieldwork::sessions::history::{self, SessionChange};

const PROJECT_TITLE: &str = "Evaluation of the recovery college in south Essex";
const DAY: i64 = 24 * 60 * 60;

const PRIYA: &str = "priya@se-surg.example";
const TOM: &str = "tom@se-surg.example";
const NADIA: &str = "nadia.bell@aru.example";

struct DemoSession {
    kind: &'static str,
    /// Days from today: negative in the past.
    day: i64,
    start: &'static str,
    venue: &'static str,
    /// step-free, near public transport, hearing loop
    access: (bool, bool, bool),
    researchers: &'static [&'static str],
    /// Participants by their number (P-01 is 1).
    participants: &'static [i64],
    /// Minutes and notes once held; `None` while planned.
    held: Option<(i64, &'static str)>,
}

const SESSIONS: &[DemoSession] = &[
    DemoSession { kind: "interview", day: -16, start: "10:30", venue: "Recovery college, Southend campus, room 3", access: (true, true, true), researchers: &[TOM], participants: &[1],
        held: Some((50, "P-01 found the anxiety course helped most in the first three weeks. Liked having a peer trainer. Would like evening sessions.")) },
    DemoSession { kind: "interview", day: -15, start: "14:00", venue: "Basildon library, meeting room 2", access: (true, true, false), researchers: &[PRIYA], participants: &[2],
        held: Some((45, "P-02 prefers paper handouts in large print. Said the course made it easier to talk to the GP.")) },
    DemoSession { kind: "interview", day: -14, start: "11:00", venue: "Recovery college, Southend campus, room 3", access: (true, true, true), researchers: &[TOM], participants: &[3],
        held: Some((40, "P-03 talked about travel costs as the main barrier. Suggested a buddy scheme for the first session.")) },
    DemoSession { kind: "interview", day: -12, start: "10:00", venue: "Basildon community mental health team, interview room", access: (true, false, true), researchers: &[PRIYA, TOM], participants: &[5],
        held: Some((55, "P-05 compared the recovery college with day services. Wants the college to keep its friendly front desk.")) },
    DemoSession { kind: "interview", day: -10, start: "13:30", venue: "Southend library, quiet room", access: (true, true, true), researchers: &[TOM], participants: &[7],
        held: Some((60, "P-07 spoke at length about a hospital stay before the course. We took a break half-way. Ended on a positive note about the peer support group.")) },
    DemoSession { kind: "interview", day: -7, start: "10:30", venue: "Recovery college, Southend campus, room 3", access: (true, true, true), researchers: &[PRIYA], participants: &[10],
        held: Some((35, "P-10 short on time. Main point: the online booking form is hard to use.")) },
    DemoSession { kind: "focus_group", day: -6, start: "14:00", venue: "Recovery college, Southend campus, the hall", access: (true, true, true), researchers: &[PRIYA, TOM], participants: &[4, 6, 8, 9, 11],
        held: Some((110, "Five took part. Agreement that courses should run in Basildon as well as Southend. P-04 and P-11 both raised the booking form.")) },
    DemoSession { kind: "interview", day: 7, start: "10:30", venue: "Basildon library, meeting room 2", access: (true, true, false), researchers: &[TOM], participants: &[12], held: None },
];

struct DemoDebrief {
    /// Which of `SESSIONS`.
    session: usize,
    researcher: &'static str,
    feeling: &'static str,
    upsetting: &'static str,
    wants_support: bool,
    supporter: Option<&'static str>,
}

const fn debrief(session: usize, researcher: &'static str, feeling: &'static str, upsetting: &'static str, wants_support: bool, supporter: Option<&'static str>) -> DemoDebrief {
    DemoDebrief { session, researcher, feeling, upsetting, wants_support, supporter }
}

const DEBRIEFS: &[DemoDebrief] = &[
    debrief(0, TOM, "well", "", false, None),
    debrief(1, PRIYA, "very_well", "", false, None),
    debrief(2, TOM, "okay", "Hearing about the travel costs made me cross on their behalf.", false, None),
    debrief(3, PRIYA, "well", "", false, Some(NADIA)),
    debrief(3, TOM, "well", "", false, None),
    debrief(4, TOM, "not_so_good", "P-07 talked about a hospital stay that was a lot like mine. I felt shaky on the bus home and did not sleep well.", true, Some(NADIA)),
    debrief(5, PRIYA, "okay", "A rushed interview; I felt I had not done it justice.", false, None),
    debrief(6, PRIYA, "well", "", false, None),
    debrief(6, TOM, "okay", "Tired after a long afternoon, but it went well.", false, Some(NADIA)),
];

fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset)).to_string()
}

async fn user(db: &Db, email: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_as::<_, (i64,)>("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(db).await?.map(|(id,)| id))
}

pub async fn load(db: &Db) -> Result<(), AppError> {
    let Some((project_id,)) = sqlx::query_as::<_, (i64,)>(
        "SELECT p.id FROM projects p JOIN organisations o ON o.id = p.organisation_id WHERE o.slug = 'se-surg' AND p.title = $1",
    )
    .bind(PROJECT_TITLE)
    .fetch_optional(db)
    .await?
    else {
        return Ok(());
    };
    let (sessions,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM fieldwork_sessions WHERE project_id = $1").bind(project_id).fetch_one(db).await?;
    if sessions > 0 {
        return Ok(());
    }
    let participants: Vec<(i64, i64)> =
        sqlx::query_as("SELECT seq, id FROM participants WHERE project_id = $1 ORDER BY seq").bind(project_id).fetch_all(db).await?;
    if participants.len() < 12 {
        tracing::info!(project_id, "demo: the recovery college project has no participants yet, so no fieldwork sessions are added");
        return Ok(());
    }
    let (Some(priya), Some(tom)) = (user(db, PRIYA).await?, user(db, TOM).await?) else {
        return Ok(());
    };
    // Nadia is named only while she is on the team as its academic supporter.
    let nadia = sqlx::query_as::<_, (i64,)>(
        "SELECT t.user_id FROM project_team t JOIN users u ON u.id = t.user_id \
         WHERE t.project_id = $1 AND u.email = $2 AND t.role = 'academic_supporter'",
    )
    .bind(project_id)
    .bind(NADIA)
    .fetch_optional(db)
    .await?
    .map(|(id,)| id);
    let who = |email: &str| if email == PRIYA { priya } else { tom };
    let at = now();
    let mut tx = db.begin().await?;
    let mut ids = Vec::new();
    for s in SESSIONS {
        let created = at + s.day.min(-1) * DAY - 3 * DAY;
        let (status, minutes, notes) = match s.held {
            Some((m, n)) => ("held", Some(m), n),
            None => ("planned", None, ""),
        };
        let planner = who(s.researchers[0]);
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO fieldwork_sessions (project_id, kind, held_on, starts_at, venue, step_free, near_transport, hearing_loop, status, \
             duration_minutes, notes, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(project_id)
        .bind(s.kind)
        .bind(day(s.day))
        .bind(s.start)
        .bind(s.venue)
        .bind(i64::from(s.access.0))
        .bind(i64::from(s.access.1))
        .bind(i64::from(s.access.2))
        .bind(status)
        .bind(minutes)
        .bind(notes)
        .bind(planner)
        .bind(created)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        for r in s.researchers {
            sqlx::query("INSERT INTO fieldwork_session_researchers (session_id, user_id) VALUES ($1, $2)")
                .bind(id)
                .bind(who(r))
                .execute(&mut *tx)
                .await?;
        }
        history::record(&mut tx, project_id, id, SessionChange::Planned, planner).await?;
        for seq in s.participants {
            let Some((_, participant)) = participants.iter().find(|(n, _)| n == seq) else { continue };
            sqlx::query("INSERT INTO fieldwork_session_participants (session_id, participant_id, added_by, added_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(participant)
                .bind(planner)
                .bind(created)
                .execute(&mut *tx)
                .await?;
            history::record(&mut tx, project_id, id, SessionChange::ParticipantAdded, planner).await?;
            participant_history::record(&mut tx, project_id, *participant, Change::JoinedSession, planner).await?;
        }
        if s.held.is_some() {
            history::record(&mut tx, project_id, id, SessionChange::Held, planner).await?;
        }
        ids.push(id);
    }
    for d in DEBRIEFS {
        let supporter = d.supporter.and(nadia);
        let written = at + SESSIONS[d.session].day * DAY + 4 * 60 * 60;
        sqlx::query(
            "INSERT INTO fieldwork_debriefs (session_id, user_id, feeling, upsetting, wants_support, supporter_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(ids[d.session])
        .bind(who(d.researcher))
        .bind(d.feeling)
        .bind(d.upsetting)
        .bind(i64::from(d.wants_support))
        .bind(supporter)
        .bind(written)
        .execute(&mut *tx)
        .await?;
        history::record(&mut tx, project_id, ids[d.session], SessionChange::DebriefWritten, who(d.researcher)).await?;
    }
    tx.commit().await?;
    Ok(())
}
