//! Writing, publishing, closing and withdrawing briefs, and one brief's page (server only).
//! Every function that acts for a person loads the facts, asks authz, then changes
//! anything. State changes are conditional updates (`... WHERE state = 'x'`), so two
//! people acting at once cannot both succeed where only one should.

use crate::authz::commissioning::CommissioningAction as Act;
use crate::commissioning::records::{
    allow, load_brief, may, send_all, BriefRow, Person, LONG_TEXT_MAX, MEDIUM_TEXT_MAX, SUMMARY_MAX, TITLE_MAX,
};
use crate::commissioning::{questions, responses};
use crate::commissioning::{parse_money, time_left, BriefFields, BriefPage, BriefState, BriefStep, ABOUT_WHOM};
use crate::error::AppError;
use crate::identity::{Actor, OrgKind};
use crate::platform::db::Db;
use crate::platform::markdown::to_safe_html;
use crate::platform::state::AppState;
use crate::platform::time::{now, today};
use crate::validate::{self, FormCheck};

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
            allow(actor, brief.view_action())?;
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

/// Publish, close or withdraw a brief.
pub async fn brief_step(state: &AppState, actor: &Actor, brief_id: i64, step: BriefStep) -> Result<(), AppError> {
    let db = &state.db;
    let brief = load_brief(db, brief_id).await?;
    allow(actor, brief.view_action())?;
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
    // Everyone in every group that asked, in one query; each e-mail names the person's group.
    let people = sqlx::query_as::<_, AlertedPerson>(
        "SELECT o.name AS group_name, u.name, u.email FROM brief_alerts a JOIN organisations o ON o.id = a.organisation_id \
         JOIN memberships m ON m.organisation_id = o.id JOIN users u ON u.id = m.user_id WHERE o.kind = $1 ORDER BY o.id, u.name",
    )
    .bind(OrgKind::ResearchGroup.as_str())
    .fetch_all(&state.db)
    .await?;
    let link = state.config.link(&format!("/briefs/{}", brief.id));
    for person in people {
        send_all(
            state,
            vec![Person { name: person.name, email: person.email }],
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
                "You are getting this e-mail because {} asked to hear about new briefs. \
                 Your coordinator can turn these e-mails off on the \"Your briefs and responses\" page.",
                person.group_name
            ),
        )
        .await;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AlertedPerson {
    group_name: String,
    name: String,
    email: String,
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

pub async fn brief_page(db: &Db, actor: &Actor, brief_id: i64) -> Result<BriefPage, AppError> {
    let brief = load_brief(db, brief_id).await?;
    let seen_by_groups = brief.seen_by_groups();
    allow(actor, brief.view_action())?;
    let today = today();
    let is_owner = may(actor, Act::ManageBrief { organisation_id: brief.organisation_id });
    // One query per kind: the questions, then the viewer's groups' responses.
    let questions = questions::service::questions_on(db, actor, brief_id).await?;
    let my_groups =
        if seen_by_groups { responses::service::my_groups_responses(db, actor, brief_id).await? } else { Vec::new() };
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
