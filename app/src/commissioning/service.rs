//! Briefs, questions, responses, decisions and awards (server only). Every function that
//! acts for a person loads the facts, asks [`authz::require`], then changes anything.
//! State changes are conditional updates (`... WHERE state = 'x'`), so two people acting
//! at once cannot both succeed where only one should.

use sqlx::Row;

use crate::authz::{self, commissioning::CommissioningAction as Act, Action};
use crate::identity::Actor;
use crate::commissioning::*;
use crate::error::AppError;
use crate::identity::{OrgKind, Role};
use crate::platform::db::Db;
use crate::platform::time::{today, format_date, format_date_time, now};
use crate::platform::mail::Email;
use crate::platform::markdown::to_safe_html;
use crate::platform::state::AppState;
use crate::validate::{self, FormCheck};

pub const TITLE_MAX: usize = 150;
pub const SUMMARY_MAX: usize = 1_000;
pub const LONG_TEXT_MAX: usize = 20_000;
pub const MEDIUM_TEXT_MAX: usize = 5_000;

fn allow(actor: &Actor, action: Act) -> Result<(), AppError> {
    authz::require(Some(actor), Action::Commissioning(action))
}

fn may(actor: &Actor, action: Act) -> bool {
    authz::may(actor, &Action::Commissioning(action))
}

// ---------------------------------------------------------------- briefs

/// A brief as stored, with the facts the rules need.
#[derive(Debug, Clone)]
pub struct BriefRow {
    pub id: i64,
    pub organisation_id: i64,
    pub commissioner: String,
    pub fields: BriefFields,
    pub state: BriefState,
    pub published_at: Option<i64>,
}

impl BriefRow {
    fn seen_by_groups(&self) -> bool {
        self.state.seen_by_groups(self.published_at.is_some())
    }

    fn past_deadline(&self, today: &str) -> bool {
        self.fields.responses_due.as_str() < today
    }
}

const BRIEF_COLUMNS: &str = "b.id, b.organisation_id, o.name AS commissioner, b.title, b.summary, b.background, b.questions, \
    b.about_whom, b.methods, b.outputs, b.budget_min_pence, b.budget_max_pence, b.responses_due, b.start_date, \
    b.report_due, b.contact_name, b.contact_email, b.state, b.published_at";

fn brief_from_row(row: &sqlx::any::AnyRow) -> Result<BriefRow, AppError> {
    let state: String = row.try_get("state")?;
    Ok(BriefRow {
        id: row.try_get("id")?,
        organisation_id: row.try_get("organisation_id")?,
        commissioner: row.try_get("commissioner")?,
        fields: BriefFields {
            title: row.try_get("title")?,
            summary: row.try_get("summary")?,
            background: row.try_get("background")?,
            questions: row.try_get("questions")?,
            about_whom: row.try_get("about_whom")?,
            methods: row.try_get("methods")?,
            outputs: row.try_get("outputs")?,
            budget_min_pence: row.try_get("budget_min_pence")?,
            budget_max_pence: row.try_get("budget_max_pence")?,
            responses_due: row.try_get("responses_due")?,
            start_date: row.try_get("start_date")?,
            report_due: row.try_get("report_due")?,
            contact_name: row.try_get("contact_name")?,
            contact_email: row.try_get("contact_email")?,
        },
        state: BriefState::parse(&state).ok_or(AppError::Internal)?,
        published_at: row.try_get("published_at")?,
    })
}

pub async fn load_brief(db: &Db, brief_id: i64) -> Result<BriefRow, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {BRIEF_COLUMNS} FROM briefs b JOIN organisations o ON o.id = b.organisation_id WHERE b.id = $1"
    ))
    .bind(brief_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    brief_from_row(&row)
}

/// What a commissioner types into the brief form.
#[derive(Debug, Clone, Default)]
pub struct BriefInput {
    pub title: String,
    pub summary: String,
    pub background: String,
    pub questions: String,
    pub about_whom: String,
    pub methods: String,
    pub outputs: String,
    pub budget_min: String,
    pub budget_max: String,
    pub responses_due: String,
    pub start_date: String,
    pub report_due: String,
    pub contact_name: String,
    pub contact_email: String,
}

/// Checks a brief form; every message sits beside its field and everything typed is kept.
pub fn check_brief(input: &BriefInput) -> Result<BriefFields, AppError> {
    let mut check = FormCheck::new();
    let title = check.field("title", &input.title, |v| validate::line(v, "a title", TITLE_MAX, true));
    let summary =
        check.field("summary", &input.summary, |v| validate::text(v, "a plain-language summary", SUMMARY_MAX, true));
    let background =
        check.field("background", &input.background, |v| validate::text(v, "the background", LONG_TEXT_MAX, false));
    let questions = check.field("questions", &input.questions, |v| {
        validate::text(v, "the questions the research should answer", MEDIUM_TEXT_MAX, true)
    });
    let about_whom = check.field("about_whom", &input.about_whom, |v| {
        ABOUT_WHOM
            .iter()
            .find(|(code, _)| *code == v)
            .map(|(code, _)| code.to_string())
            .ok_or_else(|| "Choose who the research is about".to_string())
    });
    let methods =
        check.field("methods", &input.methods, |v| validate::text(v, "the suggested methods", MEDIUM_TEXT_MAX, false));
    let outputs =
        check.field("outputs", &input.outputs, |v| validate::text(v, "the expected outputs", MEDIUM_TEXT_MAX, true));
    let budget_min = check.field("budget_min", &input.budget_min, |v| parse_money(v, "the lowest budget", true));
    let budget_max = check.field("budget_max", &input.budget_max, |v| parse_money(v, "the highest budget", true));
    let responses_due =
        check.field("responses_due", &input.responses_due, |v| validate::date(v, "the closing date for responses", true));
    let start_date = check.field("start_date", &input.start_date, |v| validate::date(v, "the expected start date", true));
    let report_due = check.field("report_due", &input.report_due, |v| validate::date(v, "the date the report is due", true));
    let contact_name =
        check.field("contact_name", &input.contact_name, |v| validate::line(v, "the contact's name", validate::NAME_MAX, true));
    let contact_email = check.field("contact_email", &input.contact_email, validate::email);

    if let (Some(low), Some(high)) = (budget_min, budget_max) {
        if high < low {
            check.fail("budget_max", "The highest budget must be at least the lowest budget");
        }
    }
    if let (Some(Some(due)), Some(Some(start))) = (&responses_due, &start_date) {
        if start < due {
            check.fail("start_date", "The expected start must be on or after the closing date for responses");
        }
    }
    if let (Some(Some(start)), Some(Some(report))) = (&start_date, &report_due) {
        if report <= start {
            check.fail("report_due", "The report must be due after the expected start");
        }
    }
    let budget = budget_min.zip(budget_max);
    let contact = contact_name.zip(contact_email);
    let (title, summary, background, questions, about_whom, methods, outputs, (budget_min, budget_max), due, start, report, (contact_name, contact_email)) =
        check.finish((
            title,
            summary,
            background,
            questions,
            about_whom,
            methods,
            outputs,
            budget,
            responses_due.flatten(),
            start_date.flatten(),
            report_due.flatten(),
            contact,
        ))?;
    Ok(BriefFields {
        title,
        summary,
        background,
        questions,
        about_whom,
        methods,
        outputs,
        budget_min_pence: budget_min,
        budget_max_pence: budget_max,
        responses_due: due,
        start_date: start,
        report_due: report,
        contact_name,
        contact_email,
    })
}

/// Saves a new draft brief for a commissioning body, or changes a draft. Returns its id.
pub async fn save_brief(
    db: &Db,
    actor: &Actor,
    organisation_id: i64,
    brief_id: Option<i64>,
    input: &BriefInput,
) -> Result<i64, AppError> {
    let organisation_id = match brief_id {
        Some(id) => {
            let brief = load_brief(db, id).await?;
            allow(actor, Act::ViewBrief { organisation_id: brief.organisation_id, seen_by_groups: brief.seen_by_groups() })?;
            allow(actor, Act::ManageBrief { organisation_id: brief.organisation_id })?;
            brief.state.after(BriefStep::Edit).map_err(AppError::refused)?;
            brief.organisation_id
        }
        None => {
            allow(actor, Act::DraftBrief { organisation_id })?;
            organisation_id
        }
    };
    let f = check_brief(input)?;
    let at = now();
    match brief_id {
        Some(id) => {
            let changed = sqlx::query(
                "UPDATE briefs SET title = $1, summary = $2, background = $3, questions = $4, about_whom = $5, methods = $6, \
                 outputs = $7, budget_min_pence = $8, budget_max_pence = $9, responses_due = $10, start_date = $11, \
                 report_due = $12, contact_name = $13, contact_email = $14, updated_at = $15 WHERE id = $16 AND state = 'draft'",
            )
            .bind(&f.title)
            .bind(&f.summary)
            .bind(&f.background)
            .bind(&f.questions)
            .bind(&f.about_whom)
            .bind(&f.methods)
            .bind(&f.outputs)
            .bind(f.budget_min_pence)
            .bind(f.budget_max_pence)
            .bind(&f.responses_due)
            .bind(&f.start_date)
            .bind(&f.report_due)
            .bind(&f.contact_name)
            .bind(&f.contact_email)
            .bind(at)
            .bind(id)
            .execute(db)
            .await?;
            if changed.rows_affected() != 1 {
                return Err(AppError::refused("Only a draft can be changed, and this brief is no longer a draft."));
            }
            Ok(id)
        }
        None => {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO briefs (organisation_id, created_by, title, summary, background, questions, about_whom, methods, \
                 outputs, budget_min_pence, budget_max_pence, responses_due, start_date, report_due, contact_name, contact_email, \
                 state, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'draft', $17, $17) RETURNING id",
            )
            .bind(organisation_id)
            .bind(actor.user_id)
            .bind(&f.title)
            .bind(&f.summary)
            .bind(&f.background)
            .bind(&f.questions)
            .bind(&f.about_whom)
            .bind(&f.methods)
            .bind(&f.outputs)
            .bind(f.budget_min_pence)
            .bind(f.budget_max_pence)
            .bind(&f.responses_due)
            .bind(&f.start_date)
            .bind(&f.report_due)
            .bind(&f.contact_name)
            .bind(&f.contact_email)
            .bind(at)
            .fetch_one(db)
            .await?;
            Ok(id)
        }
    }
}

/// The brief's form values, for the edit page.
pub async fn brief_for_editing(db: &Db, actor: &Actor, brief_id: i64) -> Result<BriefPage, AppError> {
    let page = brief_page(db, actor, brief_id).await?;
    allow(actor, Act::ManageBrief { organisation_id: page.organisation_id })?;
    Ok(page)
}

async fn people_in(db: &Db, organisation_id: i64, only_role: Option<Role>) -> Result<Vec<(String, String)>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 ORDER BY u.name",
    )
    .bind(organisation_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, role)| only_role.is_none_or(|r| r.as_str() == role))
        .map(|(name, email, _)| (name, email))
        .collect())
}

async fn send_all(state: &AppState, people: Vec<(String, String)>, subject: &str, body: &str, why: &str) {
    for (name, email) in people {
        state
            .mailer
            .send_or_log(Email {
                to_name: name,
                to_address: email,
                subject: subject.to_string(),
                body: body.to_string(),
                why: why.to_string(),
            })
            .await;
    }
}

/// Publish, close or withdraw a brief.
pub async fn brief_step(state: &AppState, actor: &Actor, brief_id: i64, step: BriefStep) -> Result<(), AppError> {
    let db = &state.db;
    let brief = load_brief(db, brief_id).await?;
    allow(actor, Act::ViewBrief { organisation_id: brief.organisation_id, seen_by_groups: brief.seen_by_groups() })?;
    allow(actor, Act::ManageBrief { organisation_id: brief.organisation_id })?;
    let next = brief.state.after(step).map_err(AppError::refused)?;
    if matches!(step, BriefStep::Award | BriefStep::Edit) {
        return Err(AppError::Internal);
    }
    let today = today();
    if step == BriefStep::Publish && brief.past_deadline(&today) {
        return Err(AppError::refused(
            "The closing date for responses has already passed. Change it to a later date, then publish.",
        ));
    }
    let at = now();
    let changed = sqlx::query(
        "UPDATE briefs SET state = $1, updated_at = $2, published_at = CASE WHEN $3 = 1 THEN $2 ELSE published_at END \
         WHERE id = $4 AND state = $5",
    )
    .bind(next.as_str())
    .bind(at)
    .bind((step == BriefStep::Publish) as i64)
    .bind(brief_id)
    .bind(brief.state.as_str())
    .execute(db)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::refused("Someone else changed this brief a moment ago. Look at it again before going on."));
    }
    if step == BriefStep::Publish {
        notify_published(state, &brief).await?;
    }
    Ok(())
}

/// Groups that asked for them get an e-mail when a brief is published.
async fn notify_published(state: &AppState, brief: &BriefRow) -> Result<(), AppError> {
    let groups: Vec<(i64, String)> = sqlx::query_as(
        "SELECT o.id, o.name FROM brief_alerts a JOIN organisations o ON o.id = a.organisation_id WHERE o.kind = $1",
    )
    .bind(OrgKind::ResearchGroup.as_str())
    .fetch_all(&state.db)
    .await?;
    let link = state.config.link(&format!("/briefs/{}", brief.id));
    for (group_id, group_name) in groups {
        let people = people_in(&state.db, group_id, None).await?;
        send_all(
            state,
            people,
            &format!("New research brief: {}", brief.fields.title),
            &format!(
                "{} has published a research brief that groups can respond to:\n\n{}\n\n{}\n\n\
                 Responses are due by {}. Read it, and ask questions, here:\n\n{link}",
                brief.commissioner,
                brief.fields.title,
                brief.fields.summary,
                validate::readable_date(&brief.fields.responses_due)
            ),
            &format!(
                "You are getting this e-mail because {group_name} asked to hear about new briefs. \
                 Your coordinator can turn these e-mails off on the \"Your briefs and responses\" page."
            ),
        )
        .await;
    }
    Ok(())
}

pub async fn list_briefs(db: &Db, actor: &Actor, filter: &BriefFilter) -> Result<BriefList, AppError> {
    allow(actor, Act::BrowseBriefs)?;
    let today = today();
    let mut filter_problem = None;
    let closing_before = match validate::date(&filter.closing_before, "the closing date", false) {
        Ok(date) => date,
        Err(message) => {
            filter_problem = Some(message);
            None
        }
    };
    let status_sql = match filter.status.as_str() {
        "closed" => "(b.state = 'closed' OR (b.state = 'published' AND b.responses_due < $1))",
        "awarded" => "b.state = 'awarded'",
        "all" => "b.state IN ('published', 'closed', 'awarded')",
        _ => "(b.state = 'published' AND b.responses_due >= $1)",
    };
    let sql = format!(
        "SELECT {BRIEF_COLUMNS} FROM briefs b JOIN organisations o ON o.id = b.organisation_id \
         WHERE {status_sql} AND ($2 = '' OR b.about_whom = $2) AND ($3 = '' OR b.responses_due <= $3) \
         AND b.published_at IS NOT NULL ORDER BY b.published_at DESC, b.id DESC"
    );
    let rows = sqlx::query(&sql)
        .bind(&today)
        .bind(&filter.about)
        .bind(closing_before.clone().unwrap_or_default())
        .fetch_all(db)
        .await?;
    let mut briefs = Vec::new();
    for row in rows {
        let brief = brief_from_row(&row)?;
        if !may(actor, Act::ViewBrief { organisation_id: brief.organisation_id, seen_by_groups: brief.seen_by_groups() }) {
            continue;
        }
        briefs.push(summary_of(db, actor, &brief, &today).await?);
    }
    Ok(BriefList { briefs, filter_problem })
}

async fn submitted_count(db: &Db, brief_id: i64) -> Result<i64, AppError> {
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM responses WHERE brief_id = $1 AND state IN ('submitted', 'awarded', 'declined')",
    )
    .bind(brief_id)
    .fetch_one(db)
    .await?;
    Ok(count)
}

async fn summary_of(db: &Db, actor: &Actor, brief: &BriefRow, today: &str) -> Result<BriefSummary, AppError> {
    let owner = may(actor, Act::Decide { organisation_id: brief.organisation_id });
    Ok(BriefSummary {
        id: brief.id,
        title: brief.fields.title.clone(),
        summary: brief.fields.summary.clone(),
        commissioner: brief.commissioner.clone(),
        about_whom: about_label(&brief.fields.about_whom).to_string(),
        state: brief.state,
        past_deadline: brief.state == BriefState::Published && brief.past_deadline(today),
        responses_due: validate::readable_date(&brief.fields.responses_due),
        budget: budget_text(&brief.fields),
        time_left: if brief.state == BriefState::Published { time_left(today, &brief.fields.responses_due) } else { String::new() },
        response_count: if owner { submitted_count(db, brief.id).await? } else { 0 },
    })
}


pub async fn brief_page(db: &Db, actor: &Actor, brief_id: i64) -> Result<BriefPage, AppError> {
    let brief = load_brief(db, brief_id).await?;
    let seen_by_groups = brief.seen_by_groups();
    allow(actor, Act::ViewBrief { organisation_id: brief.organisation_id, seen_by_groups })?;
    let today = today();
    let is_owner = may(actor, Act::ManageBrief { organisation_id: brief.organisation_id });
    let my_group_ids: Vec<i64> =
        actor.memberships.iter().filter(|m| m.kind == OrgKind::ResearchGroup).map(|m| m.organisation_id).collect();

    let rows: Vec<(i64, String, Option<String>, i64, Option<i64>)> = sqlx::query_as(
        "SELECT q.id, q.question, q.answer, q.created_at, q.asked_by FROM brief_questions q WHERE q.brief_id = $1 ORDER BY q.created_at, q.id",
    )
    .bind(brief_id)
    .fetch_all(db)
    .await?;
    let mut questions = Vec::new();
    for (id, question, answer, created, asked_by) in rows {
        // Whether someone in one of the viewer's groups asked it; never which group it was.
        let mine = match asked_by {
            Some(user) if user == actor.user_id => true,
            Some(user) if !my_group_ids.is_empty() => {
                let (shared,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM memberships a JOIN memberships b ON a.organisation_id = b.organisation_id \
                     WHERE a.user_id = $1 AND b.user_id = $2 AND a.organisation_id IN (SELECT id FROM organisations WHERE kind = 'research_group')",
                )
                .bind(user)
                .bind(actor.user_id)
                .fetch_one(db)
                .await?;
                shared > 0
            }
            _ => false,
        };
        questions.push(QuestionView { id, question, answer, asked_on: format_date(created), asked_by_my_group: mine });
    }

    let mut my_groups = Vec::new();
    if seen_by_groups {
        for m in actor.memberships.iter().filter(|m| m.kind == OrgKind::ResearchGroup) {
            let existing: Option<(i64, String)> =
                sqlx::query_as("SELECT id, state FROM responses WHERE brief_id = $1 AND organisation_id = $2")
                    .bind(brief_id)
                    .bind(m.organisation_id)
                    .fetch_optional(db)
                    .await?;
            my_groups.push(MyGroupResponse {
                organisation_id: m.organisation_id,
                organisation_name: m.organisation_name.clone(),
                response_id: existing.as_ref().map(|(id, _)| *id),
                response_state: existing.and_then(|(_, s)| ResponseState::parse(&s)),
                is_coordinator: m.role == Role::Coordinator,
            });
        }
    }

    Ok(BriefPage {
        id: brief.id,
        organisation_id: brief.organisation_id,
        commissioner: brief.commissioner.clone(),
        background_html: to_safe_html(&brief.fields.background),
        state: brief.state,
        past_deadline: brief.state == BriefState::Published && brief.past_deadline(&today),
        time_left: if brief.state == BriefState::Published { time_left(&today, &brief.fields.responses_due) } else { String::new() },
        questions,
        is_owner,
        can_ask: brief.state == BriefState::Published
            && may(actor, Act::AskQuestion { organisation_id: brief.organisation_id, seen_by_groups }),
        my_groups,
        submitted_count: if is_owner { submitted_count(db, brief.id).await? } else { 0 },
        fields: brief.fields,
    })
}

// ---------------------------------------------------------------- questions

pub async fn ask_question(state: &AppState, actor: &Actor, brief_id: i64, question: &str) -> Result<(), AppError> {
    let db = &state.db;
    let brief = load_brief(db, brief_id).await?;
    allow(actor, Act::AskQuestion { organisation_id: brief.organisation_id, seen_by_groups: brief.seen_by_groups() })?;
    if brief.state != BriefState::Published {
        return Err(AppError::refused("Questions can only be asked while the brief is open for responses."));
    }
    let mut check = FormCheck::new();
    let question = check.field("question", question, |v| validate::text(v, "your question", SUMMARY_MAX, true));
    let (question,) = check.finish((question,))?;
    sqlx::query("INSERT INTO brief_questions (brief_id, asked_by, question, created_at) VALUES ($1, $2, $3, $4)")
        .bind(brief_id)
        .bind(actor.user_id)
        .bind(&question)
        .bind(now())
        .execute(db)
        .await?;
    let link = state.config.link(&format!("/briefs/{brief_id}#questions"));
    send_all(
        state,
        people_in(db, brief.organisation_id, Some(Role::Commissioner)).await?,
        &format!("A question about your brief: {}", brief.fields.title),
        &format!("A citizen research group asked a question about \"{}\":\n\n{question}\n\nAnswer it here:\n\n{link}", brief.fields.title),
        "You are getting this e-mail because you are a commissioner at the body that published this brief.",
    )
    .await;
    Ok(())
}

pub async fn answer_question(state: &AppState, actor: &Actor, question_id: i64, answer: &str) -> Result<i64, AppError> {
    let db = &state.db;
    let row: Option<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT brief_id, asked_by, question FROM brief_questions WHERE id = $1")
            .bind(question_id)
            .fetch_optional(db)
            .await?;
    let (brief_id, asked_by, question) = row.ok_or(AppError::NotFound)?;
    let brief = load_brief(db, brief_id).await?;
    allow(actor, Act::ViewBrief { organisation_id: brief.organisation_id, seen_by_groups: brief.seen_by_groups() })?;
    allow(actor, Act::ManageBrief { organisation_id: brief.organisation_id })?;
    let mut check = FormCheck::new();
    let answer = check.field("answer", answer, |v| validate::text(v, "an answer", MEDIUM_TEXT_MAX, true));
    let (answer,) = check.finish((answer,))?;
    sqlx::query("UPDATE brief_questions SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4")
        .bind(&answer)
        .bind(actor.user_id)
        .bind(now())
        .bind(question_id)
        .execute(db)
        .await?;
    if let Some(asker) = asked_by {
        let person: Option<(String, String)> =
            sqlx::query_as("SELECT name, email FROM users WHERE id = $1").bind(asker).fetch_optional(db).await?;
        let link = state.config.link(&format!("/briefs/{brief_id}#questions"));
        send_all(
            state,
            person.into_iter().collect(),
            &format!("Your question about \"{}\" has been answered", brief.fields.title),
            &format!("You asked:\n\n{question}\n\n{} answered:\n\n{answer}\n\nEvery group can see the answer, without your name, here:\n\n{link}", brief.commissioner),
            "You are getting this e-mail because you asked this question on CoResearch.",
        )
        .await;
    }
    Ok(brief_id)
}

// ---------------------------------------------------------------- responses

#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub id: i64,
    pub brief_id: i64,
    pub group_id: i64,
    pub group_name: String,
    pub group_slug: String,
    pub fields: ResponseFields,
    pub total_pence: i64,
    pub state: ResponseState,
    pub shortlisted: bool,
    pub feedback: String,
    pub submitted_at: Option<i64>,
    pub submitted_by: Option<i64>,
}

pub async fn load_response(db: &Db, response_id: i64) -> Result<ResponseRow, AppError> {
    let row = sqlx::query(
        "SELECT r.id, r.brief_id, r.organisation_id, o.name AS group_name, o.slug AS group_slug, r.approach, r.lived_experience, \
         r.team, r.timeline, r.ethics_route, r.peer_hours, r.peer_rate_pence, r.expenses_pence, r.academic_pence, r.other_pence, \
         r.other_note, r.total_pence, r.state, r.shortlisted, r.feedback, r.submitted_at, r.submitted_by \
         FROM responses r JOIN organisations o ON o.id = r.organisation_id WHERE r.id = $1",
    )
    .bind(response_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    let state: String = row.try_get("state")?;
    let shortlisted: i64 = row.try_get("shortlisted")?;
    Ok(ResponseRow {
        id: row.try_get("id")?,
        brief_id: row.try_get("brief_id")?,
        group_id: row.try_get("organisation_id")?,
        group_name: row.try_get("group_name")?,
        group_slug: row.try_get("group_slug")?,
        fields: ResponseFields {
            approach: row.try_get("approach")?,
            lived_experience: row.try_get("lived_experience")?,
            team: row.try_get("team")?,
            timeline: row.try_get("timeline")?,
            ethics_route: row.try_get("ethics_route")?,
            costs: Costs {
                peer_hours: row.try_get("peer_hours")?,
                peer_rate_pence: row.try_get("peer_rate_pence")?,
                expenses_pence: row.try_get("expenses_pence")?,
                academic_pence: row.try_get("academic_pence")?,
                other_pence: row.try_get("other_pence")?,
            },
            other_note: row.try_get("other_note")?,
        },
        total_pence: row.try_get("total_pence")?,
        state: ResponseState::parse(&state).ok_or(AppError::Internal)?,
        shortlisted: shortlisted != 0,
        feedback: row.try_get("feedback")?,
        submitted_at: row.try_get("submitted_at")?,
        submitted_by: row.try_get("submitted_by")?,
    })
}

/// The coordinator starts the group's response (or opens the one already started).
pub async fn start_response(db: &Db, actor: &Actor, brief_id: i64, group_id: i64) -> Result<i64, AppError> {
    let brief = load_brief(db, brief_id).await?;
    allow(actor, Act::ViewBrief { organisation_id: brief.organisation_id, seen_by_groups: brief.seen_by_groups() })?;
    allow(actor, Act::WriteResponse { group_id })?;
    let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM responses WHERE brief_id = $1 AND organisation_id = $2")
        .bind(brief_id)
        .bind(group_id)
        .fetch_optional(db)
        .await?;
    if let Some((id,)) = existing {
        return Ok(id);
    }
    if brief.state != BriefState::Published || brief.past_deadline(&today()) {
        return Err(AppError::refused("This brief is no longer open for responses."));
    }
    let at = now();
    let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO responses (brief_id, organisation_id, created_by, state, created_at, updated_at) \
         VALUES ($1, $2, $3, 'draft', $4, $4) RETURNING id",
    )
    .bind(brief_id)
    .bind(group_id)
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(db)
    .await;
    match inserted {
        Ok((id,)) => Ok(id),
        // Two clicks at once: the other one made it.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            let (id,): (i64,) = sqlx::query_as("SELECT id FROM responses WHERE brief_id = $1 AND organisation_id = $2")
                .bind(brief_id)
                .bind(group_id)
                .fetch_one(db)
                .await?;
            Ok(id)
        }
        Err(other) => Err(other.into()),
    }
}

/// What a coordinator types into the response form.
#[derive(Debug, Clone, Default)]
pub struct ResponseInput {
    pub approach: String,
    pub lived_experience: String,
    pub team: String,
    pub timeline: String,
    pub ethics_route: String,
    pub peer_hours: String,
    pub peer_rate: String,
    pub expenses: String,
    pub academic: String,
    pub other: String,
    pub other_note: String,
}

fn parse_hours(raw: &str) -> Result<i64, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(0);
    }
    match value.parse::<i64>() {
        Ok(hours) if (0..=100_000).contains(&hours) => Ok(hours),
        Ok(_) => Err("Enter the peer researcher hours as a number from 0 to 100,000".into()),
        Err(_) => Err("Enter the peer researcher hours as a whole number, like 120".into()),
    }
}

pub fn check_response(input: &ResponseInput) -> Result<ResponseFields, AppError> {
    let mut check = FormCheck::new();
    let approach = check.field("approach", &input.approach, |v| validate::text(v, "the approach", LONG_TEXT_MAX, false));
    let lived = check.field("lived_experience", &input.lived_experience, |v| {
        validate::text(v, "how people with lived experience lead and take part", LONG_TEXT_MAX, false)
    });
    let team = check.field("team", &input.team, |v| validate::text(v, "the team", MEDIUM_TEXT_MAX, false));
    let timeline = check.field("timeline", &input.timeline, |v| validate::text(v, "the timeline", MEDIUM_TEXT_MAX, false));
    let ethics =
        check.field("ethics_route", &input.ethics_route, |v| validate::text(v, "the ethics route", MEDIUM_TEXT_MAX, false));
    let hours = check.field("peer_hours", &input.peer_hours, parse_hours);
    let rate = check.field("peer_rate", &input.peer_rate, |v| parse_money(v, "the hourly rate", false));
    let expenses = check.field("expenses", &input.expenses, |v| parse_money(v, "the expenses", false));
    let academic = check.field("academic", &input.academic, |v| parse_money(v, "the academic support cost", false));
    let other = check.field("other", &input.other, |v| parse_money(v, "the other costs", false));
    let note = check.field("other_note", &input.other_note, |v| validate::line(v, "what the other costs are for", 300, false));
    if let (Some(o), Some(n)) = (other, &note) {
        if o > 0 && n.is_empty() {
            check.fail("other_note", "Say what the other costs are for");
        }
    }
    let (approach, lived_experience, team, timeline, ethics_route, peer_hours, peer_rate_pence, expenses_pence, academic_pence, other_pence, other_note) =
        check.finish((approach, lived, team, timeline, ethics, hours, rate, expenses, academic, other, note))?;
    Ok(ResponseFields {
        approach,
        lived_experience,
        team,
        timeline,
        ethics_route,
        costs: Costs { peer_hours, peer_rate_pence, expenses_pence, academic_pence, other_pence },
        other_note,
    })
}

/// What is still missing before a response can be sent.
pub fn missing_for_submission(fields: &ResponseFields) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if fields.approach.is_empty() {
        missing.push("the proposed approach and methods");
    }
    if fields.lived_experience.is_empty() {
        missing.push("how people with lived experience lead and take part");
    }
    if fields.team.is_empty() {
        missing.push("the team");
    }
    if fields.timeline.is_empty() {
        missing.push("the timeline");
    }
    if fields.ethics_route.is_empty() {
        missing.push("the planned ethics route");
    }
    if fields.costs.total_pence() == 0 {
        missing.push("the costs");
    }
    missing
}

async fn response_for_writing(db: &Db, actor: &Actor, response_id: i64) -> Result<(ResponseRow, BriefRow), AppError> {
    let response = load_response(db, response_id).await?;
    let brief = load_brief(db, response.brief_id).await?;
    allow(
        actor,
        Act::ViewResponse {
            group_id: response.group_id,
            brief_organisation_id: brief.organisation_id,
            ever_submitted: response.submitted_at.is_some(),
        },
    )?;
    Ok((response, brief))
}

pub async fn save_response(db: &Db, actor: &Actor, response_id: i64, input: &ResponseInput) -> Result<(), AppError> {
    let (response, _) = response_for_writing(db, actor, response_id).await?;
    allow(actor, Act::WriteResponse { group_id: response.group_id })?;
    response.state.after(ResponseStep::Edit).map_err(AppError::refused)?;
    let f = check_response(input)?;
    let changed = sqlx::query(
        "UPDATE responses SET approach = $1, lived_experience = $2, team = $3, timeline = $4, ethics_route = $5, peer_hours = $6, \
         peer_rate_pence = $7, expenses_pence = $8, academic_pence = $9, other_pence = $10, other_note = $11, total_pence = $12, \
         updated_at = $13 WHERE id = $14 AND state = 'draft'",
    )
    .bind(&f.approach)
    .bind(&f.lived_experience)
    .bind(&f.team)
    .bind(&f.timeline)
    .bind(&f.ethics_route)
    .bind(f.costs.peer_hours)
    .bind(f.costs.peer_rate_pence)
    .bind(f.costs.expenses_pence)
    .bind(f.costs.academic_pence)
    .bind(f.costs.other_pence)
    .bind(&f.other_note)
    .bind(f.costs.total_pence())
    .bind(now())
    .bind(response_id)
    .execute(db)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::refused("This response is no longer a draft, so it cannot be changed."));
    }
    Ok(())
}

/// Sends the response to the commissioner. The closing date is checked here, on the
/// server, in the same statement that changes the state.
pub async fn submit_response(state: &AppState, actor: &Actor, response_id: i64) -> Result<(), AppError> {
    let db = &state.db;
    let (response, brief) = response_for_writing(db, actor, response_id).await?;
    allow(actor, Act::WriteResponse { group_id: response.group_id })?;
    response.state.after(ResponseStep::Submit).map_err(AppError::refused)?;
    let today = today();
    if brief.state != BriefState::Published || brief.past_deadline(&today) {
        return Err(AppError::refused(format!(
            "Responses to this brief closed on {}. It can no longer be sent.",
            validate::readable_date(&brief.fields.responses_due)
        )));
    }
    let missing = missing_for_submission(&response.fields);
    if !missing.is_empty() {
        return Err(AppError::refused(format!(
            "Before sending, fill in: {}. Use \"Save draft\" above, then send.",
            missing.join("; ")
        )));
    }
    let at = now();
    let changed = sqlx::query(
        "UPDATE responses SET state = 'submitted', submitted_at = $1, submitted_by = $2, updated_at = $1 \
         WHERE id = $3 AND state = 'draft' AND EXISTS \
         (SELECT 1 FROM briefs b WHERE b.id = responses.brief_id AND b.state = 'published' AND b.responses_due >= $4)",
    )
    .bind(at)
    .bind(actor.user_id)
    .bind(response_id)
    .bind(&today)
    .execute(db)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::refused("This response could not be sent: the brief closed or the response changed a moment ago."));
    }
    let link = state.config.link(&format!("/briefs/{}/decisions", brief.id));
    send_all(
        state,
        people_in(db, brief.organisation_id, Some(Role::Commissioner)).await?,
        &format!("{} responded to \"{}\"", response.group_name, brief.fields.title),
        &format!(
            "{} has sent a response to your brief \"{}\", asking for {}.\n\nSee every response side by side here:\n\n{link}",
            response.group_name,
            brief.fields.title,
            money(response.total_pence)
        ),
        "You are getting this e-mail because you are a commissioner at the body that published this brief.",
    )
    .await;
    let page = state.config.link(&format!("/briefs/{}/responses/{response_id}", brief.id));
    send_all(
        state,
        people_in(db, response.group_id, None).await?,
        &format!("{}'s response to \"{}\" has been sent", response.group_name, brief.fields.title),
        &format!(
            "{}'s response to \"{}\" has been sent to {}. You will hear when they decide. \
             Until then, your coordinator can withdraw it if needed:\n\n{page}",
            response.group_name, brief.fields.title, brief.commissioner
        ),
        &format!("You are getting this e-mail because you are in {}.", response.group_name),
    )
    .await;
    Ok(())
}

/// The coordinator withdraws the response, at any time until a decision.
pub async fn withdraw_response(db: &Db, actor: &Actor, response_id: i64) -> Result<i64, AppError> {
    let (response, brief) = response_for_writing(db, actor, response_id).await?;
    allow(actor, Act::WriteResponse { group_id: response.group_id })?;
    response.state.after(ResponseStep::Withdraw).map_err(AppError::refused)?;
    let changed = sqlx::query(
        "UPDATE responses SET state = 'withdrawn', shortlisted = 0, updated_at = $1 WHERE id = $2 AND state IN ('draft', 'submitted')",
    )
    .bind(now())
    .bind(response_id)
    .execute(db)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::refused("A decision was made on this response a moment ago, so it can no longer be withdrawn."));
    }
    Ok(brief.id)
}

pub async fn comment_on_response(db: &Db, actor: &Actor, response_id: i64, body: &str) -> Result<(), AppError> {
    let (response, _) = response_for_writing(db, actor, response_id).await?;
    allow(actor, Act::CommentOnResponse { group_id: response.group_id })?;
    let mut check = FormCheck::new();
    let body = check.field("comment", body, |v| validate::text(v, "your comment", MEDIUM_TEXT_MAX, true));
    let (body,) = check.finish((body,))?;
    sqlx::query("INSERT INTO response_comments (response_id, user_id, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(response_id)
        .bind(actor.user_id)
        .bind(&body)
        .bind(now())
        .execute(db)
        .await?;
    Ok(())
}

async fn clarifications_of(db: &Db, response_id: i64) -> Result<Vec<ClarificationView>, AppError> {
    let rows: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT id, question, answer, created_at FROM response_clarifications WHERE response_id = $1 ORDER BY created_at, id",
    )
    .bind(response_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, question, answer, at)| ClarificationView { id, question, answer, asked: format_date(at) })
        .collect())
}

async fn project_of_response(db: &Db, response_id: i64) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM projects WHERE response_id = $1").bind(response_id).fetch_optional(db).await?;
    Ok(row.map(|(id,)| id))
}

pub async fn response_page(db: &Db, actor: &Actor, response_id: i64) -> Result<ResponsePage, AppError> {
    let (response, brief) = response_for_writing(db, actor, response_id).await?;
    let is_member = may(actor, Act::CommentOnResponse { group_id: response.group_id });
    let is_coordinator = may(actor, Act::WriteResponse { group_id: response.group_id });
    let is_commissioner = may(actor, Act::Decide { organisation_id: brief.organisation_id });
    let comments = if is_member {
        let rows: Vec<(Option<String>, String, i64)> = sqlx::query_as(
            "SELECT u.name, c.body, c.created_at FROM response_comments c LEFT JOIN users u ON u.id = c.user_id \
             WHERE c.response_id = $1 ORDER BY c.created_at, c.id",
        )
        .bind(response_id)
        .fetch_all(db)
        .await?;
        rows.into_iter()
            .map(|(author, body, at)| CommentView {
                author: author.unwrap_or_else(|| "A former member".into()),
                body,
                written: format_date_time(at),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(ResponsePage {
        id: response.id,
        brief_id: brief.id,
        brief_title: brief.fields.title.clone(),
        commissioner: brief.commissioner.clone(),
        responses_due: validate::readable_date(&brief.fields.responses_due),
        brief_past_deadline: brief.state != BriefState::Published || brief.past_deadline(&today()),
        group_id: response.group_id,
        group_name: response.group_name,
        total_pence: response.fields.costs.total_pence(),
        fields: response.fields,
        state: response.state,
        shortlisted: response.shortlisted && is_commissioner,
        feedback: response.feedback,
        submitted: response.submitted_at.map(format_date_time),
        comments,
        clarifications: clarifications_of(db, response_id).await?,
        attachments: crate::commissioning::attachments::list(db, response_id).await?,
        is_member,
        is_coordinator,
        is_commissioner,
        project_id: project_of_response(db, response_id).await?,
    })
}

// ---------------------------------------------------------------- decisions

async fn brief_for_decision(db: &Db, actor: &Actor, brief_id: i64) -> Result<BriefRow, AppError> {
    let brief = load_brief(db, brief_id).await?;
    allow(actor, Act::ViewBrief { organisation_id: brief.organisation_id, seen_by_groups: brief.seen_by_groups() })?;
    allow(actor, Act::Decide { organisation_id: brief.organisation_id })?;
    Ok(brief)
}

pub async fn decisions_page(db: &Db, actor: &Actor, brief_id: i64) -> Result<DecisionsPage, AppError> {
    let brief = brief_for_decision(db, actor, brief_id).await?;
    let ids: Vec<(i64,)> = sqlx::query_as(
        "SELECT id FROM responses WHERE brief_id = $1 AND submitted_at IS NOT NULL AND state <> 'draft' ORDER BY submitted_at, id",
    )
    .bind(brief_id)
    .fetch_all(db)
    .await?;
    let mut responses = Vec::new();
    for (id,) in ids {
        let r = load_response(db, id).await?;
        responses.push(ResponseForDecision {
            id,
            group_name: r.group_name,
            total_pence: r.fields.costs.total_pence(),
            fields: r.fields,
            state: r.state,
            shortlisted: r.shortlisted,
            submitted: r.submitted_at.map(format_date_time).unwrap_or_default(),
            clarifications: clarifications_of(db, id).await?,
            attachments: crate::commissioning::attachments::list(db, id).await?,
        });
    }
    let project: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM projects WHERE brief_id = $1").bind(brief_id).fetch_optional(db).await?;
    Ok(DecisionsPage { brief_id, title: brief.fields.title, state: brief.state, responses, project_id: project.map(|(id,)| id) })
}

async fn response_for_decision(db: &Db, actor: &Actor, response_id: i64) -> Result<(ResponseRow, BriefRow), AppError> {
    let response = load_response(db, response_id).await?;
    let brief = load_brief(db, response.brief_id).await?;
    allow(
        actor,
        Act::ViewResponse {
            group_id: response.group_id,
            brief_organisation_id: brief.organisation_id,
            ever_submitted: response.submitted_at.is_some(),
        },
    )?;
    allow(actor, Act::Decide { organisation_id: brief.organisation_id })?;
    Ok((response, brief))
}

pub async fn set_shortlisted(db: &Db, actor: &Actor, response_id: i64, on: bool) -> Result<i64, AppError> {
    let (response, brief) = response_for_decision(db, actor, response_id).await?;
    let changed = sqlx::query("UPDATE responses SET shortlisted = $1, updated_at = $2 WHERE id = $3 AND state = 'submitted'")
        .bind(on as i64)
        .bind(now())
        .bind(response.id)
        .execute(db)
        .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::refused("Only a submitted response waiting for a decision can be shortlisted."));
    }
    Ok(brief.id)
}

pub async fn ask_clarification(state: &AppState, actor: &Actor, response_id: i64, question: &str) -> Result<i64, AppError> {
    let db = &state.db;
    let (response, brief) = response_for_decision(db, actor, response_id).await?;
    if response.state != ResponseState::Submitted {
        return Err(AppError::refused("You can ask for clarification only on a response waiting for a decision."));
    }
    let mut check = FormCheck::new();
    let question = check.field("clarification", question, |v| validate::text(v, "what you would like clarified", MEDIUM_TEXT_MAX, true));
    let (question,) = check.finish((question,))?;
    sqlx::query("INSERT INTO response_clarifications (response_id, asked_by, question, created_at) VALUES ($1, $2, $3, $4)")
        .bind(response_id)
        .bind(actor.user_id)
        .bind(&question)
        .bind(now())
        .execute(db)
        .await?;
    let link = state.config.link(&format!("/briefs/{}/responses/{response_id}", brief.id));
    send_all(
        state,
        people_in(db, response.group_id, Some(Role::Coordinator)).await?,
        &format!("{} asks for clarification on your response", brief.commissioner),
        &format!(
            "{} would like something clarified in {}'s response to \"{}\":\n\n{question}\n\nAnswer it here:\n\n{link}",
            brief.commissioner, response.group_name, brief.fields.title
        ),
        &format!("You are getting this e-mail because you coordinate {}.", response.group_name),
    )
    .await;
    Ok(brief.id)
}

pub async fn answer_clarification(
    state: &AppState,
    actor: &Actor,
    clarification_id: i64,
    answer: &str,
) -> Result<(i64, i64), AppError> {
    let db = &state.db;
    let row: Option<(i64,)> = sqlx::query_as("SELECT response_id FROM response_clarifications WHERE id = $1")
        .bind(clarification_id)
        .fetch_optional(db)
        .await?;
    let (response_id,) = row.ok_or(AppError::NotFound)?;
    let (response, brief) = response_for_writing(db, actor, response_id).await?;
    allow(actor, Act::WriteResponse { group_id: response.group_id })?;
    let mut check = FormCheck::new();
    let answer = check.field("clarification_answer", answer, |v| validate::text(v, "your answer", MEDIUM_TEXT_MAX, true));
    let (answer,) = check.finish((answer,))?;
    sqlx::query("UPDATE response_clarifications SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4")
        .bind(&answer)
        .bind(actor.user_id)
        .bind(now())
        .bind(clarification_id)
        .execute(db)
        .await?;
    let link = state.config.link(&format!("/briefs/{}/decisions", brief.id));
    send_all(
        state,
        people_in(db, brief.organisation_id, Some(Role::Commissioner)).await?,
        &format!("{} answered your request for clarification", response.group_name),
        &format!("{} answered:\n\n{answer}\n\nSee it beside the other responses here:\n\n{link}", response.group_name),
        "You are getting this e-mail because you are a commissioner at the body that published this brief.",
    )
    .await;
    Ok((brief.id, response_id))
}

/// Awards the brief to one submitted response, declines the others with the feedback,
/// and creates the project. Only one award per brief, even when two people click at once:
/// the brief's state changes only if it is still open, and that is checked in the same
/// statement inside the transaction.
pub async fn award(state: &AppState, actor: &Actor, response_id: i64, feedback: &str) -> Result<i64, AppError> {
    let db = &state.db;
    let (response, brief) = response_for_decision(db, actor, response_id).await?;
    brief.state.after(BriefStep::Award).map_err(AppError::refused)?;
    response.state.after(ResponseStep::Decide).map_err(|_| {
        AppError::refused(match response.state {
            ResponseState::Withdrawn => "This response was withdrawn by the group, so it cannot be awarded.",
            _ => "Only a submitted response can be awarded.",
        })
    })?;
    let mut check = FormCheck::new();
    let feedback = check.field("feedback", feedback, |v| {
        validate::text(v, "feedback for the groups not chosen", MEDIUM_TEXT_MAX, false)
    });
    let (feedback,) = check.finish((feedback,))?;
    let (others,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM responses WHERE brief_id = $1 AND state = 'submitted' AND id <> $2")
            .bind(brief.id)
            .bind(response_id)
            .fetch_one(db)
            .await?;
    if others > 0 && feedback.is_empty() {
        return Err(AppError::field("feedback", "Write some feedback for the groups not chosen: it helps them next time"));
    }

    let at = now();
    let mut tx = db.begin().await?;
    let claimed =
        sqlx::query("UPDATE briefs SET state = 'awarded', updated_at = $1 WHERE id = $2 AND state IN ('published', 'closed')")
            .bind(at)
            .bind(brief.id)
            .execute(&mut *tx)
            .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::refused("This brief has just been awarded or withdrawn by someone else. Look at it again."));
    }
    let won = sqlx::query(
        "UPDATE responses SET state = 'awarded', decided_at = $1, updated_at = $1 WHERE id = $2 AND brief_id = $3 AND state = 'submitted'",
    )
    .bind(at)
    .bind(response_id)
    .bind(brief.id)
    .execute(&mut *tx)
    .await?;
    if won.rows_affected() != 1 {
        return Err(AppError::refused("This response was withdrawn a moment ago, so it cannot be awarded."));
    }
    sqlx::query(
        "UPDATE responses SET state = 'declined', feedback = $1, decided_at = $2, updated_at = $2, shortlisted = 0 \
         WHERE brief_id = $3 AND state = 'submitted'",
    )
    .bind(&feedback)
    .bind(at)
    .bind(brief.id)
    .execute(&mut *tx)
    .await?;
    let (project_id,): (i64,) = sqlx::query_as(
        "INSERT INTO projects (title, brief_id, response_id, organisation_id, commissioner_organisation_id, contact_user_id, \
         lead_user_id, stage, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'agreed', $8, $8) RETURNING id",
    )
    .bind(&brief.fields.title)
    .bind(brief.id)
    .bind(response_id)
    .bind(response.group_id)
    .bind(brief.organisation_id)
    .bind(actor.user_id)
    .bind(response.submitted_by)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;

    // Tell every group that sent a response what was decided.
    let decided: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT r.organisation_id, o.name, r.state FROM responses r JOIN organisations o ON o.id = r.organisation_id \
         WHERE r.brief_id = $1 AND r.state IN ('awarded', 'declined')",
    )
    .bind(brief.id)
    .fetch_all(db)
    .await?;
    for (group_id, group_name, outcome) in decided {
        let people = people_in(db, group_id, None).await?;
        if outcome == "awarded" {
            let link = state.config.link(&format!("/projects/{project_id}"));
            send_all(
                state,
                people,
                &format!("{group_name} has been awarded \"{}\"", brief.fields.title),
                &format!(
                    "Good news: {} has chosen {group_name}'s response to \"{}\". A project has been set up with what was agreed:\n\n{link}",
                    brief.commissioner, brief.fields.title
                ),
                &format!("You are getting this e-mail because you are in {group_name}."),
            )
            .await;
        } else {
            let link = state.config.link(&format!("/briefs/{}", brief.id));
            send_all(
                state,
                people,
                &format!("Decision on \"{}\"", brief.fields.title),
                &format!(
                    "{} has chosen another group's response to \"{}\". Thank you for responding.\n\nTheir feedback:\n\n{feedback}\n\n{link}",
                    brief.commissioner, brief.fields.title
                ),
                &format!("You are getting this e-mail because you are in {group_name}."),
            )
            .await;
        }
    }
    Ok(project_id)
}

// ---------------------------------------------------------------- tracking and alerts

pub async fn set_alerts(db: &Db, actor: &Actor, group_id: i64, on: bool) -> Result<(), AppError> {
    allow(actor, Act::ManageAlerts { group_id })?;
    if on {
        sqlx::query("INSERT INTO brief_alerts (organisation_id, created_at) VALUES ($1, $2) ON CONFLICT (organisation_id) DO NOTHING")
            .bind(group_id)
            .bind(now())
            .execute(db)
            .await?;
    } else {
        sqlx::query("DELETE FROM brief_alerts WHERE organisation_id = $1").bind(group_id).execute(db).await?;
    }
    Ok(())
}

pub async fn tracking(db: &Db, actor: &Actor) -> Result<Tracking, AppError> {
    allow(actor, Act::BrowseBriefs)?;
    let today = today();
    let mut groups = Vec::new();
    for m in actor.memberships.iter().filter(|m| m.kind == OrgKind::ResearchGroup) {
        let rows: Vec<(i64, i64, String, String, String, String)> = sqlx::query_as(
            "SELECT r.id, b.id, b.title, o.name, r.state, b.responses_due FROM responses r JOIN briefs b ON b.id = r.brief_id \
             JOIN organisations o ON o.id = b.organisation_id WHERE r.organisation_id = $1 ORDER BY r.updated_at DESC, r.id DESC",
        )
        .bind(m.organisation_id)
        .fetch_all(db)
        .await?;
        let responses = rows
            .into_iter()
            .filter_map(|(response_id, brief_id, brief_title, commissioner, state, due)| {
                Some(TrackedResponse {
                    response_id,
                    brief_id,
                    brief_title,
                    commissioner,
                    state: ResponseState::parse(&state)?,
                    responses_due: validate::readable_date(&due),
                })
            })
            .collect();
        let (alerts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM brief_alerts WHERE organisation_id = $1")
            .bind(m.organisation_id)
            .fetch_one(db)
            .await?;
        groups.push(GroupTracking {
            organisation_id: m.organisation_id,
            name: m.organisation_name.clone(),
            is_coordinator: m.role == Role::Coordinator,
            alerts_on: alerts > 0,
            responses,
            projects: crate::projects::service::projects_of_group(db, m.organisation_id).await?,
        });
    }
    let mut commissioners = Vec::new();
    for m in actor.memberships.iter().filter(|m| m.kind == OrgKind::Commissioner && m.role == Role::Commissioner) {
        let rows = sqlx::query(&format!(
            "SELECT {BRIEF_COLUMNS} FROM briefs b JOIN organisations o ON o.id = b.organisation_id \
             WHERE b.organisation_id = $1 ORDER BY b.updated_at DESC, b.id DESC"
        ))
        .bind(m.organisation_id)
        .fetch_all(db)
        .await?;
        let mut briefs = Vec::new();
        for row in rows {
            briefs.push(summary_of(db, actor, &brief_from_row(&row)?, &today).await?);
        }
        commissioners.push(CommissionerTracking { organisation_id: m.organisation_id, name: m.organisation_name.clone(), briefs });
    }
    Ok(Tracking { groups, commissioners })
}
