//! The commissioner's decisions page, shortlisting and clarification (server only). The
//! award itself is in `award.rs`, where commissioning hands over to projects.

use std::collections::HashMap;

use crate::authz::commissioning::CommissioningAction as Act;
use crate::commissioning::records::{
    allow, load_brief, people_in, response_for_viewing, send_all, BriefRow, ResponseRecord, ResponseRow, MEDIUM_TEXT_MAX,
    RESPONSE_COLUMNS,
};
use crate::commissioning::{attachments, ClarificationView, DecisionsPage, ResponseForDecision, ResponseState};
use crate::error::AppError;
use crate::identity::{Actor, Role};
use crate::platform::db::Db;
use crate::platform::state::AppState;
use crate::platform::time::{format_date, format_date_time, now};
use crate::validate::{self, FormCheck};

#[derive(sqlx::FromRow)]
struct ClarificationRow {
    id: i64,
    response_id: i64,
    question: String,
    answer: Option<String>,
    created_at: i64,
}

impl ClarificationRow {
    fn into_view(self) -> ClarificationView {
        ClarificationView { id: self.id, question: self.question, answer: self.answer, asked: format_date(self.created_at) }
    }
}

const CLARIFICATION_SQL: &str =
    "SELECT c.id, c.response_id, c.question, c.answer, c.created_at FROM response_clarifications c";

/// One response's requests for clarification, oldest first.
pub async fn clarifications_of(db: &Db, response_id: i64) -> Result<Vec<ClarificationView>, AppError> {
    let rows = sqlx::query_as::<_, ClarificationRow>(&format!(
        "{CLARIFICATION_SQL} WHERE c.response_id = $1 ORDER BY c.created_at, c.id"
    ))
    .bind(response_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(ClarificationRow::into_view).collect())
}

/// The clarifications of every response to a brief, by response, in one query.
async fn clarifications_on_brief(db: &Db, brief_id: i64) -> Result<HashMap<i64, Vec<ClarificationView>>, AppError> {
    let rows = sqlx::query_as::<_, ClarificationRow>(&format!(
        "{CLARIFICATION_SQL} JOIN responses r ON r.id = c.response_id WHERE r.brief_id = $1 ORDER BY c.created_at, c.id"
    ))
    .bind(brief_id)
    .fetch_all(db)
    .await?;
    let mut by_response: HashMap<i64, Vec<ClarificationView>> = HashMap::new();
    for row in rows {
        by_response.entry(row.response_id).or_default().push(row.into_view());
    }
    Ok(by_response)
}

async fn brief_for_decision(db: &Db, actor: &Actor, brief_id: i64) -> Result<BriefRow, AppError> {
    let brief = load_brief(db, brief_id).await?;
    allow(actor, brief.view_action())?;
    allow(actor, Act::Decide { organisation_id: brief.organisation_id })?;
    Ok(brief)
}

/// Every submitted response side by side: one query each for the responses, their
/// clarifications and their files.
pub async fn decisions_page(db: &Db, actor: &Actor, brief_id: i64) -> Result<DecisionsPage, AppError> {
    let brief = brief_for_decision(db, actor, brief_id).await?;
    let records = sqlx::query_as::<_, ResponseRecord>(&format!(
        "SELECT {RESPONSE_COLUMNS} FROM responses r JOIN organisations o ON o.id = r.organisation_id \
         WHERE r.brief_id = $1 AND r.submitted_at IS NOT NULL AND r.state <> 'draft' ORDER BY r.submitted_at, r.id"
    ))
    .bind(brief_id)
    .fetch_all(db)
    .await?;
    let mut clarifications = clarifications_on_brief(db, brief_id).await?;
    let mut files = attachments::service::of_submitted_responses(db, brief_id).await?;
    let mut responses = Vec::new();
    for record in records {
        let r = record.into_row()?;
        responses.push(ResponseForDecision {
            id: r.id,
            group_name: r.group_name,
            total_pence: r.fields.costs.total_pence(),
            fields: r.fields,
            state: r.state,
            shortlisted: r.shortlisted,
            submitted: r.submitted_at.map(format_date_time).unwrap_or_default(),
            clarifications: clarifications.remove(&r.id).unwrap_or_default(),
            attachments: files.remove(&r.id).unwrap_or_default(),
        });
    }
    let project: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM projects WHERE brief_id = $1").bind(brief_id).fetch_optional(db).await?;
    Ok(DecisionsPage { brief_id, title: brief.fields.title, state: brief.state, responses, project_id: project.map(|(id,)| id) })
}

/// A response and its brief, for a commissioner who decides on the brief.
pub async fn response_for_decision(db: &Db, actor: &Actor, response_id: i64) -> Result<(ResponseRow, BriefRow), AppError> {
    let (response, brief) = response_for_viewing(db, actor, response_id).await?;
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
    let (response, brief) = response_for_viewing(db, actor, response_id).await?;
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

