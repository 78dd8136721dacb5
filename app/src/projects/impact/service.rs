//! The tracker's work and SQL (server only). Lists are capped (a report has a handful of
//! recommendations, not hundreds) and read in one query each. Every answer is one
//! transaction: the recommendation, its timeline entry, the audit line and the e-mail to
//! the team all land together or not at all.

use crate::authz::impact::ImpactAction;
use crate::authz::{self, Action};
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::platform::time::{format_date, now};
use crate::projects::access::{audit_entry as entry, require_to, ProjectCtx};
use crate::projects::impact::from_report;
use crate::projects::impact::rules::{self, Answer, Progress, Response};
use crate::projects::impact::{ImpactPage, ImpactView, OutcomeView, RecommendationPage, RecommendationView, UpdateView};
use crate::validate::{self, readable_date, FormCheck};

/// At most this many recommendations and impact records are shown on one project.
pub const LIST_CAP: i64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    View,
    Record,
    Respond,
    KeepOutcomes,
}

fn action(ctx: &ProjectCtx, want: Want) -> Action {
    let f = ctx.facts();
    Action::Impact(match want {
        Want::View => ImpactAction::ViewImpact(f),
        Want::Record => ImpactAction::RecordImpact(f),
        Want::Respond => ImpactAction::RespondToRecommendation(f),
        Want::KeepOutcomes => ImpactAction::KeepOwnOutcomes(f),
    })
}

async fn require(db: &Db, actor: &Actor, project_id: i64, want: Want) -> Result<ProjectCtx, AppError> {
    require_to(db, actor, project_id, |ctx| action(ctx, want)).await
}

/// The check for adding to the tracker, for the other ways in (taking from the report).
pub(super) async fn require_to_record(db: &Db, actor: &Actor, project_id: i64) -> Result<ProjectCtx, AppError> {
    require(db, actor, project_id, Want::Record).await
}

#[derive(sqlx::FromRow)]
struct RecommendationRow {
    id: i64,
    number: i64,
    body: String,
    response: String,
    action: String,
    owner: String,
    due_on: Option<String>,
    status: String,
    evidence: String,
    from_version: Option<i64>,
    updated_at: i64,
}

impl From<RecommendationRow> for RecommendationView {
    fn from(r: RecommendationRow) -> Self {
        let response = Response::parse(&r.response).unwrap_or(Response::Awaiting);
        let status = Progress::parse(&r.status).unwrap_or(Progress::NotStarted);
        RecommendationView {
            id: r.id,
            number: r.number,
            body: r.body,
            response_label: response.label().into(),
            response: r.response,
            action: r.action,
            owner: r.owner,
            due_on: r.due_on.unwrap_or_default(),
            status_label: status.label().into(),
            status: r.status,
            evidence: r.evidence,
            from_version: r.from_version,
            updated_on: format_date(r.updated_at),
        }
    }
}

/// The number is the recommendation's place among the project's, counted in SQL.
const RECOMMENDATION_SELECT: &str = "SELECT r.id, \
     (SELECT COUNT(*) FROM project_recommendations e WHERE e.project_id = r.project_id AND e.id <= r.id) AS number, \
     r.body, r.response, r.action, r.owner, r.due_on, r.status, r.evidence, r.from_version, r.updated_at FROM project_recommendations r";

#[derive(sqlx::FromRow)]
struct ImpactRow {
    id: i64,
    kind: String,
    summary: String,
    evidence: String,
    happened_on: Option<String>,
    statement: String,
    statement_by: String,
    statement_role: String,
    recorded_by: Option<String>,
}

#[derive(sqlx::FromRow)]
struct OutcomeRow {
    name: String,
    confidence: String,
    skills: String,
    roles: String,
    shared: i64,
}

impl From<OutcomeRow> for OutcomeView {
    fn from(r: OutcomeRow) -> Self {
        OutcomeView {
            name: r.name,
            confidence_label: rules::confidence_label(&r.confidence).into(),
            confidence: r.confidence,
            skills: r.skills,
            roles: r.roles,
            shared: r.shared != 0,
        }
    }
}

pub async fn impact_page(db: &Db, actor: &Actor, project_id: i64) -> Result<ImpactPage, AppError> {
    let ctx = require(db, actor, project_id, Want::View).await?;
    let recommendations: Vec<RecommendationView> =
        sqlx::query_as::<_, RecommendationRow>(&format!("{RECOMMENDATION_SELECT} WHERE r.project_id = $1 ORDER BY r.id LIMIT $2"))
            .bind(project_id)
            .bind(LIST_CAP)
            .fetch_all(db)
            .await?
            .into_iter()
            .map(Into::into)
            .collect();
    let states: Vec<(&str, &str)> = recommendations.iter().map(|r| (r.response.as_str(), r.status.as_str())).collect();
    let tally = rules::tally(&states);
    let impacts = sqlx::query_as::<_, ImpactRow>(
        "SELECT i.id, i.kind, i.summary, i.evidence, i.happened_on, i.statement, i.statement_by, i.statement_role, u.name AS recorded_by \
         FROM project_impacts i LEFT JOIN users u ON u.id = i.recorded_by WHERE i.project_id = $1 ORDER BY i.id DESC LIMIT $2",
    )
    .bind(project_id)
    .bind(LIST_CAP)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| ImpactView {
        id: r.id,
        kind_label: rules::impact_kind_label(&r.kind).into(),
        summary: r.summary,
        evidence: r.evidence,
        happened_on: r.happened_on.as_deref().map(readable_date).unwrap_or_default(),
        statement: r.statement,
        statement_by: r.statement_by,
        statement_role: r.statement_role,
        recorded_by: r.recorded_by.unwrap_or_else(|| "A former user".into()),
    })
    .collect();
    // Only outcomes their authors chose to show, and only while they are still on the team.
    let shared_outcomes = sqlx::query_as::<_, OutcomeRow>(
        "SELECT u.name, o.confidence, o.skills, o.roles, o.shared FROM peer_outcomes o JOIN users u ON u.id = o.user_id \
         JOIN project_team t ON t.project_id = o.project_id AND t.user_id = o.user_id \
         WHERE o.project_id = $1 AND o.shared = 1 ORDER BY LOWER(u.name) LIMIT $2",
    )
    .bind(project_id)
    .bind(LIST_CAP)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(Into::into)
    .collect();
    let my_outcome = if authz::may(actor, &action(&ctx, Want::KeepOutcomes)) {
        let mine = sqlx::query_as::<_, OutcomeRow>(
            "SELECT u.name, o.confidence, o.skills, o.roles, o.shared FROM peer_outcomes o JOIN users u ON u.id = o.user_id \
             WHERE o.project_id = $1 AND o.user_id = $2",
        )
        .bind(project_id)
        .bind(actor.user_id)
        .fetch_optional(db)
        .await?;
        Some(mine.map(Into::into).unwrap_or_default())
    } else {
        None
    };
    let may_record = authz::may(actor, &action(&ctx, Want::Record));
    // Only those who add to the tracker are offered the report's sections to take from.
    let report = if may_record { from_report::signed_off_report(db, project_id).await? } else { None };
    Ok(ImpactPage {
        project_id,
        project_title: ctx.title.clone(),
        report_version: report.as_ref().map(|r| r.number),
        report_sections: report.map(|r| r.sections.into_iter().map(|s| s.title).collect()).unwrap_or_default(),
        recommendations,
        tally,
        impacts,
        shared_outcomes,
        my_outcome,
        may_record,
        may_respond: authz::may(actor, &action(&ctx, Want::Respond)),
    })
}

async fn recommendation(db: &Db, project_id: i64, id: i64) -> Result<RecommendationView, AppError> {
    sqlx::query_as::<_, RecommendationRow>(&format!("{RECOMMENDATION_SELECT} WHERE r.id = $1 AND r.project_id = $2"))
        .bind(id)
        .bind(project_id)
        .fetch_optional(db)
        .await?
        .map(Into::into)
        .ok_or(AppError::NotFound)
}

#[derive(sqlx::FromRow)]
struct UpdateRow {
    created_at: i64,
    who: Option<String>,
    response: String,
    status: String,
    action: String,
    owner: String,
    due_on: Option<String>,
    evidence: String,
    note: String,
}

pub async fn recommendation_page(db: &Db, actor: &Actor, project_id: i64, id: i64) -> Result<RecommendationPage, AppError> {
    let ctx = require(db, actor, project_id, Want::View).await?;
    let recommendation = recommendation(db, project_id, id).await?;
    let timeline = sqlx::query_as::<_, UpdateRow>(
        "SELECT d.created_at, u.name AS who, d.response, d.status, d.action, d.owner, d.due_on, d.evidence, d.note \
         FROM project_recommendation_updates d LEFT JOIN users u ON u.id = d.user_id \
         WHERE d.recommendation_id = $1 ORDER BY d.id LIMIT 200",
    )
    .bind(id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|d| UpdateView {
        on: format_date(d.created_at),
        who: d.who.unwrap_or_else(|| "A former user".into()),
        response_label: Response::parse(&d.response).map(Response::label).unwrap_or_default().into(),
        status_label: Progress::parse(&d.status).map(Progress::label).unwrap_or_default().into(),
        action: d.action,
        owner: d.owner,
        due_on: d.due_on.as_deref().map(readable_date).unwrap_or_default(),
        evidence: d.evidence,
        note: d.note,
    })
    .collect();
    let may_record = authz::may(actor, &action(&ctx, Want::Record));
    Ok(RecommendationPage {
        project_id,
        project_title: ctx.title.clone(),
        may_reword: may_record && recommendation.response == Response::Awaiting.as_str(),
        recommendation,
        timeline,
        may_respond: authz::may(actor, &action(&ctx, Want::Respond)),
    })
}

fn wording(raw: &str) -> Result<String, AppError> {
    validate::text(raw, "the recommendation", 2000, true).map_err(|m| AppError::field("body", m))
}

/// One new recommendation, waiting for the commissioner's answer, with its audit line, in
/// the caller's transaction; `from_version` is the report version it was taken from.
pub(super) async fn insert_recommendation(
    conn: &mut sqlx::AnyConnection,
    actor: &Actor,
    project_id: i64,
    body: &str,
    from_version: Option<i64>,
    at: i64,
) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO project_recommendations (project_id, body, from_version, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(project_id)
    .bind(body)
    .bind(from_version)
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    audit::record(&mut *conn, entry(actor, project_id, Audit::RecommendationAdded, "recommendation", id)).await?;
    Ok(id)
}

/// Adds a recommendation (waiting for the commissioner's answer); returns its id.
pub async fn add_recommendation(db: &Db, actor: &Actor, project_id: i64, body: &str) -> Result<i64, AppError> {
    require(db, actor, project_id, Want::Record).await?;
    let body = wording(body)?;
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM project_recommendations WHERE project_id = $1").bind(project_id).fetch_one(db).await?;
    if count >= LIST_CAP {
        return Err(AppError::field("body", format!("A project can track at most {LIST_CAP} recommendations")));
    }
    let mut tx = db.begin().await?;
    let id = insert_recommendation(&mut tx, actor, project_id, &body, None, now()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Rewords a recommendation; refused once the commissioner has answered it, since the
/// answer was given to the words as they were.
pub async fn reword_recommendation(db: &Db, actor: &Actor, project_id: i64, id: i64, body: &str) -> Result<(), AppError> {
    require(db, actor, project_id, Want::Record).await?;
    recommendation(db, project_id, id).await?;
    let body = wording(body)?;
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE project_recommendations SET body = $1, updated_at = $2 WHERE id = $3 AND project_id = $4 AND response = 'awaiting'",
    )
    .bind(&body)
    .bind(now())
    .bind(id)
    .bind(project_id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::refused(
            "The commissioner has already answered this recommendation, so its wording can no longer change. Add a new one instead.",
        ));
    }
    audit::record(&mut *tx, entry(actor, project_id, Audit::RecommendationChanged, "recommendation", id)).await?;
    tx.commit().await?;
    Ok(())
}

/// What the commissioner's answer form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct AnswerInput {
    pub response: String,
    pub action: String,
    pub owner: String,
    pub due_on: String,
    pub status: String,
    pub evidence: String,
    pub note: String,
}

/// Records the commissioner's answer or an update to it: the recommendation takes the new
/// values and the timeline keeps them, dated. When the status changes the team hears by
/// e-mail.
pub async fn answer(state: &AppState, actor: &Actor, project_id: i64, id: i64, input: &AnswerInput) -> Result<(), AppError> {
    let db = &state.db;
    let ctx = require(db, actor, project_id, Want::Respond).await?;
    let before = recommendation(db, project_id, id).await?;
    let mut check = FormCheck::new();
    check.keep("response", &input.response);
    check.keep("status", &input.status);
    let action_text = check.field("action", &input.action, |v| validate::text(v, "what will be done", 2000, false));
    let owner = check.field("owner", &input.owner, |v| validate::line(v, "who owns it", 200, false));
    let due_on = check.field("due_on", &input.due_on, |v| validate::date(v, "the date it is due", false));
    let evidence = check.field("evidence", &input.evidence, |v| validate::text(v, "the evidence", 2000, false));
    let note = check.field("note", &input.note, |v| validate::text(v, "a note", 2000, false));
    if let (Some(action_text), Some(evidence), Some(note)) = (&action_text, &evidence, &note) {
        let answer = Answer { response: &input.response, status: &input.status, action: action_text, evidence, note };
        for (field, message) in rules::answer_problems(&answer) {
            check.fail(field, message);
        }
    }
    let (action_text, owner, due_on, evidence, note) = check.finish((action_text, owner, due_on, evidence, note))?;
    let at = now();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE project_recommendations SET response = $1, action = $2, owner = $3, due_on = $4, status = $5, evidence = $6, \
         updated_at = $7 WHERE id = $8 AND project_id = $9",
    )
    .bind(&input.response)
    .bind(&action_text)
    .bind(&owner)
    .bind(&due_on)
    .bind(&input.status)
    .bind(&evidence)
    .bind(at)
    .bind(id)
    .bind(project_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO project_recommendation_updates (recommendation_id, user_id, response, status, action, owner, due_on, evidence, note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id)
    .bind(actor.user_id)
    .bind(&input.response)
    .bind(&input.status)
    .bind(&action_text)
    .bind(&owner)
    .bind(&due_on)
    .bind(&evidence)
    .bind(&note)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::RecommendationAnswered, "recommendation", id)).await?;
    let changed = before.status != input.status || before.response != input.response;
    for person in team_researchers(&mut tx, project_id).await? {
        let email = status_email(state, &ctx, &before, &input.response, &input.status, &note, person);
        state.mailer.queue_in(&mut tx, email, Vec::new(), changed).await.map_err(|error| {
            tracing::error!(kind = error.kind(), "could not queue a recommendation's e-mail");
            AppError::Internal
        })?;
    }
    tx.commit().await?;
    state.mailer.wake().await;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Recipient {
    name: String,
    email: String,
}

async fn team_researchers(tx: &mut sqlx::Transaction<'_, sqlx::Any>, project_id: i64) -> Result<Vec<Recipient>, AppError> {
    Ok(sqlx::query_as::<_, Recipient>(
        "SELECT u.name, u.email FROM project_team t JOIN users u ON u.id = t.user_id \
         WHERE t.project_id = $1 AND t.role IN ('lead', 'peer_researcher', 'co_coder') ORDER BY u.id LIMIT 50",
    )
    .bind(project_id)
    .fetch_all(&mut **tx)
    .await?)
}

fn status_email(
    state: &AppState,
    ctx: &ProjectCtx,
    rec: &RecommendationView,
    response: &str,
    status: &str,
    note: &str,
    to: Recipient,
) -> Email {
    let response = Response::parse(response).map(Response::label).unwrap_or_default();
    let status = Progress::parse(status).map(Progress::label).unwrap_or_default();
    let link = state.config.link(&format!("/projects/{}/impact/{}", ctx.id, rec.id));
    let note = if note.is_empty() { String::new() } else { format!("\n\nTheir note:\n\n{note}") };
    Email {
        to_name: to.name,
        to_address: to.email,
        subject: format!("{}: recommendation {} is now \"{}\"", ctx.title, rec.number, status.to_lowercase()),
        body: format!(
            "The commissioner has updated recommendation {} of \"{}\":\n\n{}\n\nTheir answer: {response}.\nHow it is going: {status}.{note}\n\n\
             See the whole timeline here:\n\n{link}",
            rec.number, ctx.title, rec.body
        ),
        why: "You are getting this e-mail because you are a researcher on this project's team.".into(),
    }
}

/// What the impact record form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct ImpactInput {
    pub kind: String,
    pub summary: String,
    pub evidence: String,
    pub happened_on: String,
    pub statement: String,
    pub statement_by: String,
    pub statement_role: String,
}

/// Records an impact; returns its id.
pub async fn add_impact(db: &Db, actor: &Actor, project_id: i64, input: &ImpactInput) -> Result<i64, AppError> {
    require(db, actor, project_id, Want::Record).await?;
    let mut check = FormCheck::new();
    let kind = check.field("kind", &input.kind, |v| {
        rules::IMPACT_KINDS.iter().find(|(k, _)| *k == v).map(|(k, _)| *k).ok_or_else(|| "Choose the kind of change".to_string())
    });
    let summary = check.field("summary", &input.summary, |v| validate::text(v, "what changed", 2000, true));
    let evidence = check.field("evidence", &input.evidence, |v| validate::text(v, "the evidence", 2000, true));
    let happened_on = check.field("happened_on", &input.happened_on, |v| validate::date(v, "when it happened", false));
    let statement = check.field("statement", &input.statement, |v| validate::text(v, "the statement", 2000, false));
    let statement_by = check.field("statement_by", &input.statement_by, |v| validate::line(v, "who said it", 200, false));
    let statement_role = check.field("statement_role", &input.statement_role, |v| validate::line(v, "their role", 200, false));
    if let (Some(statement), Some(by), Some(role)) = (&statement, &statement_by, &statement_role) {
        if !statement.is_empty() && (by.is_empty() || role.is_empty()) {
            if by.is_empty() {
                check.fail("statement_by", "Say who made the statement");
            }
            if role.is_empty() {
                check.fail("statement_role", "Say what their role is, for example: Head of adult social care");
            }
        }
    }
    let (kind, summary, evidence, happened_on, statement, statement_by, statement_role) =
        check.finish((kind, summary, evidence, happened_on, statement, statement_by, statement_role))?;
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO project_impacts (project_id, kind, summary, evidence, happened_on, statement, statement_by, statement_role, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(project_id)
    .bind(kind)
    .bind(&summary)
    .bind(&evidence)
    .bind(&happened_on)
    .bind(&statement)
    .bind(&statement_by)
    .bind(&statement_role)
    .bind(actor.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::ImpactRecorded, "impact", id)).await?;
    tx.commit().await?;
    Ok(id)
}

/// What the outcomes form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct OutcomeInput {
    pub confidence: String,
    pub skills: String,
    pub roles: String,
    pub shared: bool,
}

/// Saves the caller's own outcomes from this project (one record each, replaced).
pub async fn save_outcome(db: &Db, actor: &Actor, project_id: i64, input: &OutcomeInput) -> Result<(), AppError> {
    require(db, actor, project_id, Want::KeepOutcomes).await?;
    let mut check = FormCheck::new();
    let confidence = check.field("confidence", &input.confidence, |v| {
        rules::CONFIDENCE.iter().find(|(k, _)| *k == v).map(|(k, _)| *k).ok_or_else(|| "Choose one of the answers".to_string())
    });
    let skills = check.field("skills", &input.skills, |v| validate::text(v, "your new skills", 2000, false));
    let roles = check.field("roles", &input.roles, |v| validate::text(v, "the roles you took on", 2000, false));
    let (confidence, skills, roles) = check.finish((confidence, skills, roles))?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO peer_outcomes (project_id, user_id, confidence, skills, roles, shared, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (project_id, user_id) DO UPDATE SET confidence = excluded.confidence, skills = excluded.skills, \
         roles = excluded.roles, shared = excluded.shared, updated_at = excluded.updated_at",
    )
    .bind(project_id)
    .bind(actor.user_id)
    .bind(confidence)
    .bind(&skills)
    .bind(&roles)
    .bind(input.shared as i64)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::OutcomesSaved, "peer_outcomes", actor.user_id)).await?;
    tx.commit().await?;
    Ok(())
}
