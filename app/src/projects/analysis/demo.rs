//! Demo analysis for SE-SURG's recovery college evaluation: coding under way. A small
//! codebook (five codes, three sub-codes), Tom's and Priya's highlights on the P-01 and P-03
//! transcripts the fieldwork demo pasted in (so the comparison has something to show), and
//! two themes with quotes. Needs the transcripts; loading twice changes nothing.

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::analysis::anchor::paragraphs;
use crate::projects::analysis::export::qdc::new_guid;

const PROJECT_TITLE: &str = "Evaluation of the recovery college in south Essex";

/// (name, parent, description)
const CODES: [(&str, Option<&str>, &str); 8] = [
    ("Getting there", None, "Travel, distance and getting into the building."),
    ("Buses and distance", Some("Getting there"), "How far the college is and how people travel to it."),
    ("Building access", Some("Getting there"), "Stairs, lifts and rooms people cannot reach."),
    ("Peer support", None, "Support from people with lived experience: fellow students and friends."),
    ("Peer tutors", Some("Peer support"), "Tutors who have been through it themselves."),
    ("Feeling safe to take part", None, "Being able to speak without being judged."),
    ("Accessible materials", None, "Handouts, print size, reading aloud."),
    ("Changes since the course", None, "What is different for the person now."),
];

/// (coder, participant, paragraph numbers, code, memo)
const HIGHLIGHTS: [(&str, &str, &[usize], &str, &str); 12] = [
    ("tom", "P-01", &[9], "Buses and distance", "Two buses on a bad day: a real barrier."),
    ("tom", "P-01", &[9], "Building access", ""),
    ("tom", "P-01", &[7], "Peer tutors", ""),
    ("tom", "P-01", &[5], "Peer support", "Walking in with a friend."),
    ("tom", "P-01", &[11], "Buses and distance", ""),
    ("tom", "P-03", &[5], "Feeling safe to take part", ""),
    ("priya", "P-01", &[9], "Buses and distance", ""),
    ("priya", "P-01", &[7], "Peer tutors", "Check with Tom: also feeling safe?"),
    ("priya", "P-01", &[7], "Feeling safe to take part", ""),
    ("priya", "P-01", &[11, 13], "Peer tutors", ""),
    ("priya", "P-03", &[9], "Accessible materials", "Suggests reading handouts aloud."),
    ("priya", "P-03", &[7], "Peer support", ""),
];

/// (name, description, codes, quotes as (coder, participant, code))
type ThemeSeed = (&'static str, &'static str, &'static [&'static str], &'static [(&'static str, &'static str, &'static str)]);
const THEMES: [ThemeSeed; 2] = [
    (
        "Getting there is half the battle",
        "Distance, buses and buildings decide who can come, before any course begins.",
        &["Getting there", "Buses and distance", "Building access"],
        &[("tom", "P-01", "Buses and distance")],
    ),
    (
        "Peers make it feel possible",
        "Tutors and fellow students with lived experience make people feel safe to take part.",
        &["Peer support", "Peer tutors", "Feeling safe to take part"],
        &[("tom", "P-01", "Peer tutors"), ("priya", "P-03", "Peer support")],
    ),
];

async fn user(db: &Db, email: &str) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_as::<_, (i64,)>("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(db).await?.map(|(id,)| id))
}

pub async fn load(db: &Db) -> Result<(), AppError> {
    let project: Option<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM projects p JOIN organisations o ON o.id = p.organisation_id WHERE o.slug = 'se-surg' AND p.title = $1",
    )
    .bind(PROJECT_TITLE)
    .fetch_optional(db)
    .await?;
    let Some((project_id,)) = project else { return Ok(()) };
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM analysis_codes WHERE project_id = $1").bind(project_id).fetch_one(db).await?;
    if existing > 0 {
        return Ok(());
    }
    let (Some(tom), Some(priya)) = (user(db, "tom@se-surg.example").await?, user(db, "priya@se-surg.example").await?) else { return Ok(()) };
    let coder = |who: &str| if who == "tom" { tom } else { priya };
    // The transcripts: (participant code, file id, paragraphs).
    let rows: Vec<(String, i64, Option<String>)> = sqlx::query_as(
        "SELECT p.code, f.id, f.transcript_text FROM fieldwork_files f JOIN participants p ON p.id = f.participant_id \
         WHERE f.project_id = $1 AND f.kind = 'transcript' AND f.deleted_at IS NULL ORDER BY f.id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let transcripts: Vec<(String, i64, Vec<String>)> = rows.into_iter().map(|(code, id, text)| (code, id, paragraphs(&text.unwrap_or_default()))).collect();
    if !["P-01", "P-03"].iter().all(|c| transcripts.iter().any(|(code, ..)| code == c)) {
        return Ok(());
    }
    let at = now() - 6 * 3600;
    let mut tx = db.begin().await?;
    let mut code_ids: Vec<(&str, i64)> = Vec::new();
    for (name, parent, description) in CODES {
        let parent_id = parent.and_then(|p| code_ids.iter().find(|(n, _)| *n == p).map(|(_, id)| *id));
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO analysis_codes (project_id, parent_id, guid, name, description, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        )
        .bind(project_id)
        .bind(parent_id)
        .bind(new_guid())
        .bind(name)
        .bind(description)
        .bind(priya)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        code_ids.push((name, id));
    }
    let code_id = |name: &str| code_ids.iter().find(|(n, _)| *n == name).map(|(_, id)| *id).expect("a demo code");
    let mut highlight_ids: Vec<((&str, &str, &str), i64)> = Vec::new();
    for (i, (who, participant, numbers, code, memo)) in HIGHLIGHTS.into_iter().enumerate() {
        let (_, file_id, paras) = transcripts.iter().find(|(c, ..)| c == participant).expect("a demo transcript");
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO analysis_highlights (project_id, file_id, code_id, memo, coded_by, coded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(project_id)
        .bind(*file_id)
        .bind(code_id(code))
        .bind(memo)
        .bind(coder(who))
        .bind(at + i as i64 * 60)
        .fetch_one(&mut *tx)
        .await?;
        for &n in numbers {
            sqlx::query("INSERT INTO analysis_highlight_paragraphs (highlight_id, paragraph, paragraph_text) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(n as i64)
                .bind(paras.get(n - 1).cloned().unwrap_or_default())
                .execute(&mut *tx)
                .await?;
        }
        highlight_ids.push(((who, participant, code), id));
    }
    for (name, description, codes, quotes) in THEMES {
        let (theme_id,): (i64,) = sqlx::query_as(
            "INSERT INTO analysis_themes (project_id, name, description, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(project_id)
        .bind(name)
        .bind(description)
        .bind(priya)
        .bind(at + 3600)
        .fetch_one(&mut *tx)
        .await?;
        for code in codes {
            sqlx::query("INSERT INTO analysis_theme_codes (theme_id, code_id) VALUES ($1, $2)").bind(theme_id).bind(code_id(code)).execute(&mut *tx).await?;
        }
        for (n, key) in quotes.iter().enumerate() {
            let highlight = highlight_ids.iter().find(|(k, _)| k == key).map(|(_, id)| *id).expect("a demo highlight");
            sqlx::query("INSERT INTO analysis_theme_quotes (theme_id, highlight_id, added_by, added_at) VALUES ($1, $2, $3, $4)")
                .bind(theme_id)
                .bind(highlight)
                .bind(priya)
                .bind(at + 3600 + n as i64)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
