//! A group's response: starting, saving, sending, withdrawing, commenting, and its page
//! (server only).

use crate::authz::commissioning::CommissioningAction as Act;
use crate::commissioning::decisions::service::clarifications_of;
use crate::commissioning::records::{
    allow, load_brief, may, people_in, response_for_viewing, send_all, LONG_TEXT_MAX, MEDIUM_TEXT_MAX,
};
use crate::commissioning::{attachments, money, parse_money};
use crate::commissioning::{
    BriefState, CommentView, Costs, MyGroupResponse, ResponseFields, ResponsePage, ResponseState, ResponseStep,
};
use crate::error::{is_unique_violation, AppError};
use crate::identity::{Actor, OrgKind, Role};
use crate::platform::db::Db;
use crate::platform::state::AppState;
use crate::platform::time::{format_date_time, now, today};
use crate::validate::{self, FormCheck};

#[derive(sqlx::FromRow)]
struct GroupResponseRow {
    id: i64,
    organisation_id: i64,
    state: String,
}

/// The viewer's research groups, each with its response to the brief if it has one: one
/// query for all of them. Callers have checked the person may see the brief.
pub async fn my_groups_responses(db: &Db, actor: &Actor, brief_id: i64) -> Result<Vec<MyGroupResponse>, AppError> {
    let groups: Vec<_> = actor.memberships.iter().filter(|m| m.kind == OrgKind::ResearchGroup).collect();
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let list = (2..2 + groups.len()).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT id, organisation_id, state FROM responses WHERE brief_id = $1 AND organisation_id IN ({list})");
    let mut query = sqlx::query_as::<_, GroupResponseRow>(&sql).bind(brief_id);
    for m in &groups {
        query = query.bind(m.organisation_id);
    }
    let responses = query.fetch_all(db).await?;
    Ok(groups
        .into_iter()
        .map(|m| {
            let existing = responses.iter().find(|r| r.organisation_id == m.organisation_id);
            MyGroupResponse {
                organisation_id: m.organisation_id,
                organisation_name: m.organisation_name.clone(),
                response_id: existing.map(|r| r.id),
                response_state: existing.and_then(|r| ResponseState::parse(&r.state)),
                is_coordinator: m.role == Role::Coordinator,
            }
        })
        .collect())
}

/// The coordinator starts the group's response (or opens the one already started).
pub async fn start_response(db: &Db, actor: &Actor, brief_id: i64, group_id: i64) -> Result<i64, AppError> {
    let brief = load_brief(db, brief_id).await?;
    allow(actor, brief.view_action())?;
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
        // Two clicks at once: the UNIQUE (brief, group) constraint let the other one make it.
        Err(e) if is_unique_violation(&e) => {
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

pub async fn save_response(db: &Db, actor: &Actor, response_id: i64, input: &ResponseInput) -> Result<(), AppError> {
    let (response, _) = response_for_viewing(db, actor, response_id).await?;
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
    let (response, brief) = response_for_viewing(db, actor, response_id).await?;
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
    let (response, brief) = response_for_viewing(db, actor, response_id).await?;
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
    let (response, _) = response_for_viewing(db, actor, response_id).await?;
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

async fn project_of_response(db: &Db, response_id: i64) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM projects WHERE response_id = $1").bind(response_id).fetch_optional(db).await?;
    Ok(row.map(|(id,)| id))
}

pub async fn response_page(db: &Db, actor: &Actor, response_id: i64) -> Result<ResponsePage, AppError> {
    let (response, brief) = response_for_viewing(db, actor, response_id).await?;
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
        attachments: attachments::service::list(db, response_id).await?,
        is_member,
        is_coordinator,
        is_commissioner,
        project_id: project_of_response(db, response_id).await?,
    })
}

