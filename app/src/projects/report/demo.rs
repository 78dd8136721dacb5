//! Demo report for WhyNot!'s finished study of day services in Tendring: four short
//! sections (one of them three recommendations), a lay summary, credits (Dennis by his full
//! name, Sheila by her initials), and two versions: the County Council asked for changes to
//! the first and Helen Carter signed off the second. SE-SURG's recovery college project is
//! still in analysis and gets nothing. Loading twice changes nothing.

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::finished_demo;
use crate::projects::report::{FrozenSection, Naming};

const DAY: i64 = 86_400;

const LAY_SUMMARY: &str = "We are older people from WhyNot! in Tendring. We talked with 24 people who use, or used to use, day services. \
They told us the best thing about a day centre is friendship, and a hot meal with other people. \
Transport decides who can go: with no bus or lift, people stop going. \
People want small groups run by older people themselves, in their own village. \
We ask the County Council to try peer-led groups in three villages, to fix transport first, and to ask people before changing services.";

const FINDINGS_V1: &str = "We talked with 24 people aged 68 to 91 in Clacton, Walton and five villages.\n\n\
- **Friendship** mattered most. \"It's the only day I talk to anyone.\"\n\
- **A hot meal** with other people was the second thing people named.";

const FINDINGS_V2: &str = "We talked with 24 people aged 68 to 91 in Clacton, Walton and five villages.\n\n\
- **Friendship** mattered most. \"It's the only day I talk to anyone.\"\n\
- **A hot meal** with other people was the second thing people named.\n\
- **Transport** decided who could go. Nine people had stopped going when the minibus route changed.";

fn sections(findings: &str, with_village_groups: bool) -> Vec<FrozenSection> {
    let s = |title: &str, body: &str| FrozenSection { title: title.into(), body: body.into() };
    let mut list = vec![
        s("Why we did this study", "Essex County Council asked WhyNot! to find out what older people in Tendring would choose if day services changed. Our peer researchers, all over 65, did the interviews."),
        s("What we found", findings),
    ];
    if with_village_groups {
        list.push(s(
            "What people want next",
            "People wanted groups run by older people themselves (peer-led groups), small enough to know everyone, in their own village hall or church room.",
        ));
    }
    list.push(s(
        "Recommendations",
        "1. Try peer-led groups in three villages for a year, with a small budget the group controls.\n\
         2. Sort out transport first: a booked minibus or volunteer drivers for every group.\n\
         3. Ask the people who use day services before changing them, and tell them what changed as a result.",
    ));
    list
}

async fn user(db: &Db, email: &str) -> Result<(i64, String), AppError> {
    Ok(sqlx::query_as("SELECT id, name FROM users WHERE email = $1").bind(email).fetch_one(db).await?)
}

pub async fn load(db: &Db) -> Result<(), AppError> {
    let Some(project) = finished_demo::project_id(db).await? else { return Ok(()) };
    let (versions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM report_versions WHERE project_id = $1").bind(project).fetch_one(db).await?;
    if versions > 0 {
        return Ok(());
    }
    let (margaret, _) = user(db, "margaret@whynot.example").await?;
    let (dennis, dennis_name) = user(db, "dennis@whynot.example").await?;
    let (sheila, sheila_name) = user(db, "sheila@whynot.example").await?;
    let (nadia, _) = user(db, "nadia.bell@aru.example").await?;
    let (helen, _) = user(db, "helen.carter@essex-council.example").await?;
    let at = now();
    let revision: i64 = 9;
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO report_drafts (project_id, lay_summary, revision, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(project)
        .bind(LAY_SUMMARY)
        .bind(revision)
        .bind(margaret)
        .bind(at - 231 * DAY)
        .execute(&mut *tx)
        .await?;
    for (i, s) in sections(FINDINGS_V2, true).iter().enumerate() {
        sqlx::query("INSERT INTO report_sections (project_id, position, title, body, updated_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(project)
            .bind(i as i64 + 1)
            .bind(&s.title)
            .bind(&s.body)
            .bind(at - 231 * DAY)
            .execute(&mut *tx)
            .await?;
    }
    for (who, naming) in [(dennis, Naming::FullName), (sheila, Naming::Initials)] {
        sqlx::query("INSERT INTO report_credits (project_id, user_id, naming, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(project)
            .bind(who)
            .bind(naming.as_str())
            .bind(at - 245 * DAY)
            .execute(&mut *tx)
            .await?;
    }
    let credits = serde_json::to_string(&[Naming::FullName.show(&dennis_name), Naming::Initials.show(&sheila_name)]).unwrap_or_default();
    // (number, sections, saved, decision, decided, draft revision)
    let versions = [
        (1_i64, sections(FINDINGS_V1, false), -240_i64, "changes_asked", -235_i64, revision - 3),
        (2, sections(FINDINGS_V2, true), -230, "signed_off", -226, revision),
    ];
    for (number, frozen, saved, decision, decided, draft_revision) in versions {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO report_versions (project_id, number, lay_summary, sections_json, credits_json, draft_revision, saved_by, saved_at, \
             sent_by, sent_at, decision, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9, $10, $11, $12) RETURNING id",
        )
        .bind(project)
        .bind(number)
        .bind(LAY_SUMMARY)
        .bind(serde_json::to_string(&frozen).unwrap_or_default())
        .bind(&credits)
        .bind(draft_revision)
        .bind(margaret)
        .bind(at + saved * DAY)
        .bind(at + (saved + 1) * DAY)
        .bind(decision)
        .bind(helen)
        .bind(at + decided * DAY)
        .fetch_one(&mut *tx)
        .await?;
        let notes: &[(i64, &str, &str, i64)] = if number == 1 {
            &[
                (nadia, "review", "Reviewed. The findings follow from the interviews. Say more about transport: it came up in most interviews.", saved + 2),
                (helen, "changes", "Thank you. Please add what you heard about transport, and what people want instead of the day centre.", decided),
            ]
        } else {
            &[(dennis, "comment", "The transport paragraph reads well now. Nine people is right: I checked my notes.", saved + 1)]
        };
        for (who, kind, body, day) in notes {
            sqlx::query("INSERT INTO report_comments (version_id, user_id, kind, body, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(*who)
                .bind(*kind)
                .bind(*body)
                .bind(at + day * DAY)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
