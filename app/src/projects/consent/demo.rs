//! Demo recruitment and consent for SE-SURG's recovery college evaluation: a sampling frame
//! (recovery college courses and two community mental health teams), invitations and
//! declines with reasons, and twelve participants (P-01 to P-12) with consent records taken
//! on the ethics-approved consent form (P-11 gave hers online), one of whom has withdrawn,
//! and a thirteenth (P-13) who has been e-mailed a consent link and not used it yet. The
//! names and contact details are made up (phone numbers from the range kept for drama,
//! example.org e-mail).
//!
//! Participants need the approved consent form, which the ethics demo adds; without it the
//! sampling frame is still loaded and the rest is skipped with a log line. Loading twice
//! changes nothing.

use crate::error::AppError;
use crate::platform::crypto::hash_token;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::consent::history::{self, Change};
use crate::projects::consent::participants::researchers;
use crate::projects::consent::pseudonym_code;
use crate::projects::ethics::clearance::approved_document;
use crate::projects::ethics::DocumentKind;

const PROJECT_TITLE: &str = "Evaluation of the recovery college in south Essex";

/// (name, kind, days ago approached, people reached)
const SITES: &[(&str, &str, i64, i64)] = &[
    ("Recovery college: Understanding anxiety course", "Recovery college course", 30, 18),
    ("Recovery college: Living well with voices course", "Recovery college course", 28, 12),
    ("Recovery college: Peer support in practice course", "Recovery college course", 27, 15),
    ("Basildon community mental health team", "Community mental health team", 25, 40),
    ("Southend community mental health team", "Community mental health team", 24, 35),
];

/// (site index, kind, people, reason, note, days ago)
const TALLIES: &[(usize, &str, i64, &str, &str, i64)] = &[
    (0, "invited", 10, "", "", 26),
    (1, "invited", 7, "", "", 26),
    (2, "invited", 8, "", "", 25),
    (3, "invited", 9, "", "", 22),
    (4, "invited", 6, "", "", 21),
    (0, "declined", 3, "no_time", "Two said the course clashed with work; one was moving away.", 20),
    (1, "declined", 2, "privacy", "Did not want to be recorded, even without their name.", 19),
    (2, "declined", 2, "not_interested", "", 19),
    (3, "declined", 4, "health", "Not well enough at the moment; happy to hear about the findings.", 17),
    (4, "declined", 2, "no_time", "", 16),
    (4, "declined", 1, "other", "Caring for a relative.", 15),
];

struct DemoParticipant {
    name: &'static str,
    phone: &'static str,
    email: &'static str,
    contact: &'static str,
    site: usize,
    days_ago: i64,
    method: &'static str,
    /// quotes, audio, recontact
    parts: (bool, bool, bool),
}

const PARTICIPANTS: &[DemoParticipant] = &[
    DemoParticipant { name: "Ada Pennington", phone: "07700 900101", email: "ada.pennington@example.org", contact: "Phone in the afternoon", site: 0, days_ago: 18, method: "paper", parts: (true, true, true) },
    DemoParticipant { name: "Benedict Orrow", phone: "07700 900102", email: "", contact: "Letters only, large print", site: 0, days_ago: 18, method: "read_aloud", parts: (true, false, true) },
    DemoParticipant { name: "Cleo Marchbanks", phone: "07700 900103", email: "cleo.m@example.org", contact: "Text first", site: 1, days_ago: 17, method: "paper", parts: (true, true, false) },
    DemoParticipant { name: "Desmond Quayle", phone: "07700 900104", email: "", contact: "Through his support worker", site: 3, days_ago: 16, method: "read_aloud", parts: (false, true, true) },
    DemoParticipant { name: "Esther Fairweather", phone: "07700 900105", email: "esther.fw@example.org", contact: "E-mail", site: 2, days_ago: 15, method: "paper", parts: (true, true, true) },
    DemoParticipant { name: "Felix Ambridge", phone: "07700 900106", email: "", contact: "Phone, mornings", site: 3, days_ago: 14, method: "paper", parts: (false, false, true) },
    DemoParticipant { name: "Gloria Tunstall", phone: "07700 900107", email: "gloria.t@example.org", contact: "E-mail", site: 4, days_ago: 13, method: "read_aloud", parts: (true, true, false) },
    DemoParticipant { name: "Hector Brambleby", phone: "07700 900108", email: "", contact: "Phone", site: 1, days_ago: 12, method: "paper", parts: (true, false, false) },
    DemoParticipant { name: "Iris Coldharbour", phone: "07700 900109", email: "iris.c@example.org", contact: "Text", site: 4, days_ago: 11, method: "paper", parts: (true, true, true) },
    DemoParticipant { name: "Jonah Whitlock", phone: "07700 900110", email: "", contact: "Phone, not Mondays", site: 2, days_ago: 10, method: "read_aloud", parts: (false, true, false) },
    DemoParticipant { name: "Kezia Harrowgate", phone: "07700 900111", email: "kezia.h@example.org", contact: "E-mail", site: 3, days_ago: 9, method: "online", parts: (true, true, true) },
    DemoParticipant { name: "Lionel Stourbridge", phone: "07700 900112", email: "", contact: "Letters", site: 0, days_ago: 8, method: "paper", parts: (true, false, true) },
];

/// P-13: joined two days ago and was e-mailed a consent link she has not used yet. The
/// link's token is fixed so that the start-up text can print it for trying the public page.
const WAITING: DemoParticipant =
    DemoParticipant { name: "Marnie Oakhurst", phone: "07700 900113", email: "marnie.o@example.org", contact: "E-mail", site: 1, days_ago: 2, method: "", parts: (false, false, false) };
pub const DEMO_CONSENT_TOKEN: &str = "demo-consent-link-for-p13";
const LINK_DAYS: i64 = crate::projects::consent::online::ONLINE_CONSENT_DAYS;

/// The participant who has withdrawn (P-09), with the reason they gave.
const WITHDRAWN: (usize, i64, &str) = (8, 3, "Said they no longer had the energy for it, and that was fine.");

fn days_ago(days: i64) -> String {
    (time::OffsetDateTime::now_utc().date() - time::Duration::days(days)).to_string()
}

async fn one(db: &Db, sql: &str, bind: i64) -> Result<i64, AppError> {
    Ok(sqlx::query_as::<_, (i64,)>(sql).bind(bind).fetch_one(db).await?.0)
}

pub async fn load(db: &Db) -> Result<(), AppError> {
    let project = sqlx::query_as::<_, (i64, Option<i64>)>(
        "SELECT p.id, p.lead_user_id FROM projects p JOIN organisations o ON o.id = p.organisation_id \
         WHERE o.slug = 'se-surg' AND p.title = $1",
    )
    .bind(PROJECT_TITLE)
    .fetch_optional(db)
    .await?;
    let Some((project_id, lead)) = project else {
        return Ok(());
    };
    let at = now();
    let mut site_ids = Vec::new();
    for (name, kind, ago, reached) in SITES {
        sqlx::query(
            "INSERT INTO recruitment_sites (project_id, name, kind, approached_on, people_reached, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (project_id, name) DO NOTHING",
        )
        .bind(project_id)
        .bind(name)
        .bind(kind)
        .bind(days_ago(*ago))
        .bind(reached)
        .bind(lead)
        .bind(at)
        .execute(db)
        .await?;
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM recruitment_sites WHERE project_id = $1 AND name = $2")
            .bind(project_id)
            .bind(name)
            .fetch_one(db)
            .await?;
        site_ids.push(id);
    }
    if one(db, "SELECT COUNT(*) FROM participants WHERE project_id = $1", project_id).await? > 0 {
        return Ok(());
    }
    let Some(form) = approved_document(db, project_id, DocumentKind::ConsentForm).await? else {
        tracing::info!(project_id, "demo: the recovery college project has no approved consent form yet, so no participants are added");
        return Ok(());
    };
    let team: Vec<i64> = researchers(db, project_id).await?.into_iter().map(|(id, _)| id).collect();
    let takers: Vec<Option<i64>> = if team.is_empty() { vec![lead] } else { team.into_iter().map(Some).collect() };
    let mut tx = db.begin().await?;
    for (site, kind, people, reason, note, ago) in TALLIES {
        sqlx::query(
            "INSERT INTO recruitment_tallies (project_id, site_id, kind, people, reason, note, recorded_on, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(project_id)
        .bind(site_ids[*site])
        .bind(kind)
        .bind(people)
        .bind(reason)
        .bind(note)
        .bind(days_ago(*ago))
        .bind(lead)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    for (n, p) in PARTICIPANTS.iter().enumerate() {
        let seq = n as i64 + 1;
        let taker = takers[n % takers.len()];
        let joined = days_ago(p.days_ago);
        let id = add_participant(&mut tx, project_id, seq, &site_ids, p, taker, at).await?;
        let online = p.method == "online";
        let consent: i64 = sqlx::query_scalar(
            "INSERT INTO consent_records (participant_id, document_id, consented_on, method, taken_by, agrees_quotes, agrees_audio, \
             agrees_recontact, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(id)
        .bind(form.id)
        .bind(&joined)
        .bind(p.method)
        .bind(taker)
        .bind(i64::from(p.parts.0))
        .bind(i64::from(p.parts.1))
        .bind(i64::from(p.parts.2))
        // Given online, nobody on the team recorded it: the participant did.
        .bind(if online { None } else { taker })
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        if let Some(by) = taker {
            history::record(&mut tx, project_id, id, Change::ParticipantAdded, by).await?;
            if online {
                history::record(&mut tx, project_id, id, Change::OnlineConsentSent, by).await?;
                history::record(&mut tx, project_id, id, Change::ConsentGivenOnline, None::<i64>).await?;
            } else {
                history::record(&mut tx, project_id, id, Change::ConsentRecorded, by).await?;
            }
        }
        if online {
            let sent = at - (p.days_ago + 1) * 24 * 3600;
            let used = Used { at: sent + 24 * 3600, consent_id: consent, signed_name: p.name };
            add_link(&mut tx, project_id, id, &format!("demo-used-link-{seq}"), taker, sent, Some(used)).await?;
        }
        if n == WITHDRAWN.0 {
            let on = days_ago(WITHDRAWN.1);
            sqlx::query("UPDATE participants SET withdrawn_on = $1 WHERE id = $2").bind(&on).bind(id).execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO participant_withdrawals (participant_id, withdrawn_on, reason, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(&on)
            .bind(WITHDRAWN.2)
            .bind(taker)
            .bind(at)
            .execute(&mut *tx)
            .await?;
            if let Some(by) = taker {
                history::record(&mut tx, project_id, id, Change::Withdrawn, by).await?;
            }
        }
    }
    let seq = PARTICIPANTS.len() as i64 + 1;
    let taker = takers[0];
    let id = add_participant(&mut tx, project_id, seq, &site_ids, &WAITING, taker, at).await?;
    add_link(&mut tx, project_id, id, DEMO_CONSENT_TOKEN, taker, at - 24 * 3600, None).await?;
    if let Some(by) = taker {
        history::record(&mut tx, project_id, id, Change::ParticipantAdded, by).await?;
        history::record(&mut tx, project_id, id, Change::OnlineConsentSent, by).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// How a demo consent link was used: when, for which consent record, and the name typed.
struct Used {
    at: i64,
    consent_id: i64,
    signed_name: &'static str,
}

/// A consent link e-mailed at `sent` (only its token's hash is kept), used or still waiting.
async fn add_link(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    project_id: i64,
    participant_id: i64,
    token: &str,
    sent_by: Option<i64>,
    sent: i64,
    used: Option<Used>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO consent_invitations (project_id, participant_id, token_hash, created_by, created_at, expires_at, used_at, \
         consent_record_id, signed_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(project_id)
    .bind(participant_id)
    .bind(hash_token(token))
    .bind(sent_by)
    .bind(sent)
    .bind(sent + LINK_DAYS * 24 * 3600)
    .bind(used.as_ref().map(|u| u.at))
    .bind(used.as_ref().map(|u| u.consent_id))
    .bind(used.as_ref().map(|u| u.signed_name))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A participant under their code, with their identity kept apart; returns their id.
async fn add_participant(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    project_id: i64,
    seq: i64,
    site_ids: &[i64],
    p: &DemoParticipant,
    taker: Option<i64>,
    at: i64,
) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO participants (project_id, seq, code, site_id, joined_on, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(project_id)
    .bind(seq)
    .bind(pseudonym_code(seq))
    .bind(site_ids[p.site])
    .bind(days_ago(p.days_ago))
    .bind(taker)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO participant_identities (participant_id, full_name, phone, email, address, contact_notes, updated_at) \
         VALUES ($1, $2, $3, $4, '', $5, $6)",
    )
    .bind(id)
    .bind(p.name)
    .bind(p.phone)
    .bind(p.email)
    .bind(p.contact)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}
