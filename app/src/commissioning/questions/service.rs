//! Asking and answering questions about a brief (server only).

use crate::authz::commissioning::CommissioningAction as Act;
use crate::commissioning::records::{allow, load_brief, people_in, send_all, Person, MEDIUM_TEXT_MAX, SUMMARY_MAX};
use crate::commissioning::{BriefState, QuestionView};
use crate::error::AppError;
use crate::identity::{Actor, Role};
use crate::platform::db::Db;
use crate::platform::state::AppState;
use crate::platform::time::{format_date, now};
use crate::validate::{self, FormCheck};

#[derive(sqlx::FromRow)]
struct QuestionRow {
    id: i64,
    question: String,
    answer: Option<String>,
    created_at: i64,
    /// 1 when someone in one of the viewer's research groups (or the viewer) asked it.
    mine: i64,
}

impl QuestionRow {
    fn into_view(self) -> QuestionView {
        QuestionView {
            id: self.id,
            question: self.question,
            answer: self.answer,
            asked_on: format_date(self.created_at),
            asked_by_my_group: self.mine != 0,
        }
    }
}

/// A brief's questions in one query, each saying whether the viewer's own group asked it
/// (never which group it was). Callers have checked the person may see the brief.
pub async fn questions_on(db: &Db, actor: &Actor, brief_id: i64) -> Result<Vec<QuestionView>, AppError> {
    let rows = sqlx::query_as::<_, QuestionRow>(
        "SELECT q.id, q.question, q.answer, q.created_at, \
         CASE WHEN q.asked_by = $2 OR EXISTS (SELECT 1 FROM memberships a JOIN memberships b ON a.organisation_id = b.organisation_id \
             JOIN organisations o ON o.id = a.organisation_id \
             WHERE a.user_id = q.asked_by AND b.user_id = $2 AND o.kind = 'research_group') THEN 1 ELSE 0 END AS mine \
         FROM brief_questions q WHERE q.brief_id = $1 ORDER BY q.created_at, q.id",
    )
    .bind(brief_id)
    .bind(actor.user_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(QuestionRow::into_view).collect())
}

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
    let asked = sqlx::query_as::<_, AskedQuestion>("SELECT brief_id, asked_by, question FROM brief_questions WHERE id = $1")
        .bind(question_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let AskedQuestion { brief_id, asked_by, question } = asked;
    let brief = load_brief(db, brief_id).await?;
    allow(actor, brief.view_action())?;
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
        let person =
            sqlx::query_as::<_, Person>("SELECT name, email FROM users WHERE id = $1").bind(asker).fetch_optional(db).await?;
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


#[derive(sqlx::FromRow)]
struct AskedQuestion {
    brief_id: i64,
    asked_by: Option<i64>,
    question: String,
}
