//! Demo ethics applications; loading twice changes nothing the second time.
//!
//! - SE-SURG's recovery college evaluation: NHS ethics approved with one condition (the
//!   crisis helpline on the information sheet and consent form), now closed; the consent
//!   form is at version 2 after that fix.
//! - WhyNot!'s assistive technology study: waiting in ethics, with further information
//!   requested by the university committee's secretary, Carol Jennings, who reviews it
//!   from outside the project.

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::{date_in, now};
use crate::projects::ethics::records::{log, EventKind};
use crate::projects::ethics::DocumentKind;

const DAY: i64 = 86_400;

const RECOVERY_PROTOCOL: &str = "## What the study is\n\n\
An evaluation of the south Essex recovery college, led by SE-SURG, a group of people who use mental health services.\n\n\
## What we want to find out\n\n- Does the recovery college help students in their recovery?\n- What could be better?\n\n\
## How\n\n- Interviews with up to 20 past students, each about an hour, in a place they choose.\n\
- A survey of past students using the Recovery Assessment Scale.\n- Two feedback seminars on what we find.\n\n\
## Keeping people safe\n\nEvery interviewer is a trained peer researcher. They can stop an interview at any time. \
After each interview the interviewer has a debrief with the project lead.\n\n\
## Keeping information safe\n\nNames are kept apart from what people say. Recordings are deleted once typed up. \
Everything is deleted five years after the report.";

const RECOVERY_SHEET: &str = "## Would you like to take part?\n\n\
We are SE-SURG, a group of people who use mental health services. The NHS trust has asked us to find out what students think of the recovery college.\n\n\
## What would I do?\n\nTalk with one of us for about an hour, about your time at the college. You choose where we meet.\n\n\
## Do I have to?\n\nNo. Saying no will not change your care in any way. You can stop at any time, and ask us to remove what you said up to the day we start writing the report.\n\n\
## Will people know it was me?\n\nNo. We use a code instead of your name. We may quote your words, but only if you agree.\n\n\
## If talking brings up difficult feelings\n\nYou can pause or stop. If you need support straight away, call NHS 111 and choose the mental health option, or call Samaritans free on 116 123, any time.";

const RECOVERY_CONSENT_V1: &str = "Please tick each box you agree with.\n\n\
- I have read the information sheet and had the chance to ask questions.\n- I know I can stop at any time without giving a reason.\n\
- I agree to the interview being audio recorded.\n- I agree to my words being quoted without my name.\n\
- I would like to hear about the findings.";

const RECOVERY_CONSENT_V2: &str = "Please tick each box you agree with.\n\n\
- I have read the information sheet and had the chance to ask questions.\n- I know I can stop at any time without giving a reason.\n\
- I agree to the interview being audio recorded.\n- I agree to my words being quoted without my name.\n\
- I would like to hear about the findings.\n\n\
If you need support straight away, call NHS 111 and choose the mental health option, or call Samaritans free on 116 123.";

const RECOVERY_GUIDE: &str = "## Before we start\n\nCheck the person has read the information sheet and signed the consent form. Remind them they can stop at any time.\n\n\
## Questions\n\n1. How did you first hear about the recovery college?\n2. Which courses did you go to? What were they like?\n\
3. Has anything changed for you since? Tell me about that.\n4. What would make the college better?\n\n\
## Closing\n\nThank them. Ask how they are feeling. Give them the support numbers card.";

const ASSISTIVE_PROTOCOL: &str = "## What the study is\n\n\
WhyNot!, a group of older people trained as researchers, will find out which equipment at home helps older people stay independent, and why some is never used.\n\n\
## How\n\n- Sixteen interviews in people's own homes, done in pairs.\n- One group discussion with people who gave equipment back.\n\n\
## Safety\n\nInterviewers always go in pairs and ring the coordinator before and after each visit.";

const ASSISTIVE_SHEET: &str = "## Would you like to take part?\n\n\
We are WhyNot!, a group of older people in Essex. The County Council has asked us to find out what helps people stay independent at home.\n\n\
Two of us would visit you at home for about an hour to talk about any equipment you have, such as a pendant alarm or a grab rail. Taking part is up to you.";

const ASSISTIVE_CONSENT: &str = "- I have read the information sheet.\n- I know I can stop at any time.\n- I agree to notes being taken during the visit.";

const ASSISTIVE_GUIDE: &str = "1. What equipment do you have at home?\n2. Which of it do you use? Which do you not use, and why?\n3. How did you get it? Did anyone show you how to use it?";

async fn id_of(db: &Db, sql: &str, key: &str) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> = sqlx::query_as(sql).bind(key).fetch_optional(db).await?;
    Ok(row.map(|(id,)| id))
}

async fn user(db: &Db, email: &str) -> Result<i64, AppError> {
    id_of(db, "SELECT id FROM users WHERE email = $1", email).await?.ok_or(AppError::Internal)
}

async fn document(
    conn: &mut sqlx::AnyConnection,
    application_id: i64,
    kind: DocumentKind,
    doc_version: i64,
    body: &str,
    note: &str,
    by: i64,
    at: i64,
) -> Result<(), AppError> {
    crate::projects::ethics::documents::insert_version(conn, application_id, 1, kind, doc_version, body, note, by, at).await
}

pub async fn load(db: &Db) -> Result<(), AppError> {
    let recovery = id_of(db, "SELECT id FROM projects WHERE title = $1", "Evaluation of the recovery college in south Essex").await?;
    let assistive =
        id_of(db, "SELECT id FROM projects WHERE title = $1", "Assistive technology at home: what helps older people stay independent").await?;
    if let Some(project) = recovery {
        recovery_college(db, project).await?;
    }
    if let Some(project) = assistive {
        assistive_technology(db, project).await?;
    }
    Ok(())
}

async fn has_application(db: &Db, project_id: i64) -> Result<bool, AppError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM ethics_applications WHERE project_id = $1").bind(project_id).fetch_one(db).await?;
    Ok(n > 0)
}

async fn recovery_college(db: &Db, project: i64) -> Result<(), AppError> {
    if has_application(db, project).await? {
        return Ok(());
    }
    let priya = user(db, "priya@se-surg.example").await?;
    let at = now();
    let started = at - 9 * DAY;
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_applications (project_id, route, title, summary, state, version_no, reference, decided_at, decided_by, \
         approved_on, expires_on, decision_letter, created_by, created_at, updated_at) \
         VALUES ($1, 'nhs', $2, $3, 'approved_with_conditions', 1, '26/EE/0187', $4, $5, $6, $7, $8, $5, $9, $10) RETURNING id",
    )
    .bind(project)
    .bind("Recovery college evaluation: NHS ethics application")
    .bind("Interviews with past students of the recovery college, and a survey, led by peer researchers from SE-SURG.")
    .bind(at - 4 * DAY)
    .bind(priya)
    .bind(date_in(-4))
    .bind(date_in(361))
    .bind("Dear Ms Shah,\n\nThe committee gave a **favourable opinion** to this study, on one condition:\n\n\
           - Add a crisis helpline number to the information sheet and the consent form.\n\n\
           Please confirm to the committee when this is done.\n\nYours sincerely,\n\nEast of England Research Ethics Committee")
    .bind(started)
    .bind(at - 2 * DAY)
    .fetch_one(&mut *tx)
    .await?;
    document(&mut tx, id, DocumentKind::Protocol, 1, RECOVERY_PROTOCOL, "", priya, started).await?;
    document(&mut tx, id, DocumentKind::InformationSheet, 1, RECOVERY_SHEET, "", priya, started).await?;
    document(&mut tx, id, DocumentKind::ConsentForm, 1, RECOVERY_CONSENT_V1, "", priya, started).await?;
    document(&mut tx, id, DocumentKind::TopicGuide, 1, RECOVERY_GUIDE, "", priya, started).await?;
    document(&mut tx, id, DocumentKind::ConsentForm, 2, RECOVERY_CONSENT_V2, "Added the NHS 111 and Samaritans numbers, as the committee asked.", priya, at - 3 * DAY)
        .await?;
    sqlx::query(
        "INSERT INTO ethics_conditions (application_id, text, owner_user_id, created_at, closed_at, closed_by, closing_note) \
         VALUES ($1, $2, $3, $4, $5, $3, $6)",
    )
    .bind(id)
    .bind("Add a crisis helpline number to the information sheet and the consent form.")
    .bind(priya)
    .bind(at - 4 * DAY)
    .bind(at - 2 * DAY)
    .bind("The information sheet already had NHS 111 and Samaritans; the consent form now has them too (version 2). The committee confirmed by e-mail.")
    .execute(&mut *tx)
    .await?;
    log(&mut tx, id, 1, EventKind::Created, "", priya, started).await?;
    log(&mut tx, id, 1, EventKind::Submitted, "", priya, started + DAY).await?;
    log(&mut tx, id, 1, EventKind::Decided, "Approved with conditions (reference 26/EE/0187)", priya, at - 4 * DAY).await?;
    log(&mut tx, id, 1, EventKind::DocumentFixed, "Consent form version 2: Added the NHS 111 and Samaritans numbers, as the committee asked.", priya, at - 3 * DAY).await?;
    log(&mut tx, id, 1, EventKind::ConditionClosed, "The consent form now has the helpline numbers (version 2).", priya, at - 2 * DAY).await?;
    tx.commit().await?;
    Ok(())
}

async fn assistive_technology(db: &Db, project: i64) -> Result<(), AppError> {
    if has_application(db, project).await? {
        return Ok(());
    }
    let margaret = user(db, "margaret@whynot.example").await?;
    let carol = user(db, "ethics.secretary@anglia.example").await?;
    let at = now();
    let started = at - 6 * DAY;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE projects SET stage = 'ethics', updated_at = $1 WHERE id = $2 AND stage = 'agreed'")
        .bind(at)
        .bind(project)
        .execute(&mut *tx)
        .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_applications (project_id, route, title, summary, state, version_no, created_by, created_at, updated_at) \
         VALUES ($1, 'university', $2, $3, 'information_requested', 1, $4, $5, $6) RETURNING id",
    )
    .bind(project)
    .bind("Assistive technology at home: university ethics application")
    .bind("Home interviews with older people about the equipment they use, done in pairs by WhyNot! peer researchers.")
    .bind(margaret)
    .bind(started)
    .bind(at - DAY)
    .fetch_one(&mut *tx)
    .await?;
    document(&mut tx, id, DocumentKind::Protocol, 1, ASSISTIVE_PROTOCOL, "", margaret, started).await?;
    document(&mut tx, id, DocumentKind::InformationSheet, 1, ASSISTIVE_SHEET, "", margaret, started).await?;
    document(&mut tx, id, DocumentKind::ConsentForm, 1, ASSISTIVE_CONSENT, "", margaret, started).await?;
    document(&mut tx, id, DocumentKind::TopicGuide, 1, ASSISTIVE_GUIDE, "", margaret, started).await?;
    sqlx::query("INSERT INTO ethics_reviewers (application_id, user_id, added_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(carol)
        .bind(at - 4 * DAY)
        .execute(&mut *tx)
        .await?;
    log(&mut tx, id, 1, EventKind::Created, "", margaret, started).await?;
    log(&mut tx, id, 1, EventKind::Submitted, "", margaret, at - 5 * DAY).await?;
    log(&mut tx, id, 1, EventKind::ReviewerInvited, "ethics.secretary@anglia.example", margaret, at - 5 * DAY).await?;
    log(
        &mut tx,
        id,
        1,
        EventKind::InformationRequested,
        "The committee would like to know:\n\n1. What will interviewers do if they are worried about someone's safety at home?\n\
         2. The information sheet should say how long notes are kept, and who to contact with a complaint.",
        carol,
        at - DAY,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
