//! The plan (server only): the page, research question versions, and the written parts
//! (methods and sampling, risk and lone working, data management). Every change to the
//! plan's content raises its revision, which undoes an earlier sign-off.

use crate::error::{is_unique_violation, AppError};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::projects::access::{self, Need};
use crate::projects::plan::*;
use crate::projects::TeamRole;
use crate::validate::{self, FormCheck};

pub(crate) const LONG_TEXT: usize = 8000;

#[derive(sqlx::FromRow)]
struct PlanRow {
    revision: i64,
    methods: String,
    inclusion: String,
    exclusion: String,
    risk_plan: String,
    data_collected: String,
    data_kept_where: String,
    data_who_sees: String,
    retain_until: Option<String>,
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: i64,
    version_no: i64,
    body: String,
    author: Option<String>,
    created_at: i64,
    agreed_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct TargetRow {
    id: i64,
    site: String,
    target: i64,
}

/// The plan's row, made when first needed, and its revision raised: called inside every
/// transaction that changes the plan's content.
pub(crate) async fn touch(tx: &mut sqlx::Transaction<'_, sqlx::Any>, project_id: i64, actor: &Actor) -> Result<(), AppError> {
    let at = now();
    sqlx::query("INSERT INTO project_plans (project_id, updated_at) VALUES ($1, $2) ON CONFLICT (project_id) DO NOTHING")
        .bind(project_id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE project_plans SET revision = revision + 1, updated_by = $1, updated_at = $2 WHERE project_id = $3")
        .bind(actor.user_id)
        .bind(at)
        .bind(project_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn plan_page(db: &Db, actor: &Actor, project_id: i64) -> Result<PlanPage, AppError> {
    let ctx = access::require(db, actor, project_id, Need::ViewWork).await?;
    let plan = sqlx::query_as::<_, PlanRow>(
        "SELECT revision, methods, inclusion, exclusion, risk_plan, data_collected, data_kept_where, data_who_sees, retain_until \
         FROM project_plans WHERE project_id = $1",
    )
    .bind(project_id)
    .fetch_optional(db)
    .await?;
    let versions = sqlx::query_as::<_, VersionRow>(
        "SELECT v.id, v.version_no, v.body, u.name AS author, v.created_at, v.agreed_at FROM project_question_versions v \
         LEFT JOIN users u ON u.id = v.author_id WHERE v.project_id = $1 ORDER BY v.version_no DESC",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let agreed_id: Option<(Option<i64>,)> = sqlx::query_as("SELECT agreed_questions_id FROM project_plans WHERE project_id = $1")
        .bind(project_id)
        .fetch_optional(db)
        .await?;
    let agreed_id = agreed_id.and_then(|(id,)| id);
    let targets = sqlx::query_as::<_, TargetRow>(
        "SELECT id, site, target FROM project_sampling_targets WHERE project_id = $1 ORDER BY id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let (has_supporter,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM project_team WHERE project_id = $1 AND role = 'academic_supporter'")
            .bind(project_id)
            .fetch_one(db)
            .await?;
    let revision = plan.as_ref().map(|p| p.revision).unwrap_or(0);
    let plan_text = |f: fn(&PlanRow) -> &String| plan.as_ref().map(|p| f(p).clone()).unwrap_or_default();
    Ok(PlanPage {
        project_id,
        title: ctx.title.clone(),
        can_manage: access::may(actor, &ctx, Need::Manage),
        can_review: access::may(actor, &ctx, Need::ReviewAsSupporter),
        can_reply: may_reply(actor, &ctx),
        has_supporter: has_supporter > 0,
        versions: versions
            .into_iter()
            .map(|v| QuestionVersionView {
                agreed: agreed_id == Some(v.id) && v.agreed_at.is_some(),
                id: v.id,
                version_no: v.version_no,
                body: v.body,
                author: v.author.unwrap_or_else(|| "Someone who has left".into()),
                saved_on: format_date(v.created_at),
            })
            .collect(),
        methods: plan_text(|p| &p.methods),
        inclusion: plan_text(|p| &p.inclusion),
        exclusion: plan_text(|p| &p.exclusion),
        targets: targets.into_iter().map(|t| TargetView { id: t.id, site: t.site, target: t.target }).collect(),
        milestones: crate::projects::plan::milestones::list(db, project_id).await?,
        risk_plan: plan_text(|p| &p.risk_plan),
        data_collected: plan_text(|p| &p.data_collected),
        data_kept_where: plan_text(|p| &p.data_kept_where),
        data_who_sees: plan_text(|p| &p.data_who_sees),
        retain_until: plan.as_ref().and_then(|p| p.retain_until.clone()).unwrap_or_default(),
        comments: crate::projects::plan::review::comments(db, project_id).await?,
        signoffs: crate::projects::plan::review::signoffs(db, project_id, revision).await?,
    })
}

/// The team answers the supporter's comments: its managers and researchers.
pub(crate) fn may_reply(actor: &Actor, ctx: &access::ProjectCtx) -> bool {
    access::may(actor, ctx, Need::Manage) || (ctx.team_role.is_some_and(TeamRole::is_researcher) && access::may(actor, ctx, Need::ViewWork))
}

/// Saves the research questions as a new version (never changing an older one).
pub async fn save_questions(db: &Db, actor: &Actor, project_id: i64, body: &str) -> Result<i64, AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let body = validate::text(body, "the research questions", LONG_TEXT, true).map_err(|m| {
        let mut check = FormCheck::new();
        check.keep("questions", body);
        check.fail("questions", m);
        check.into_error()
    })?;
    let mut tx = db.begin().await?;
    let (next,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(version_no), 0) + 1 FROM project_question_versions WHERE project_id = $1")
            .bind(project_id)
            .fetch_one(&mut *tx)
            .await?;
    let saved = sqlx::query_as::<_, (i64,)>(
        "INSERT INTO project_question_versions (project_id, version_no, body, author_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(project_id)
    .bind(next)
    .bind(&body)
    .bind(actor.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await;
    match saved {
        Ok(_) => {
            tx.commit().await?;
            Ok(next)
        }
        Err(e) if is_unique_violation(&e) => {
            Err(AppError::refused("Someone else saved a version at the same moment. Look at the page again, then save yours."))
        }
        Err(e) => Err(e.into()),
    }
}

/// Marks one version as the agreed one: the version ethics sees.
pub async fn agree_questions(db: &Db, actor: &Actor, project_id: i64, version_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let mut tx = db.begin().await?;
    let marked = sqlx::query(
        "UPDATE project_question_versions SET agreed_at = $1, agreed_by = $2 WHERE id = $3 AND project_id = $4",
    )
    .bind(now())
    .bind(actor.user_id)
    .bind(version_id)
    .bind(project_id)
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    touch(&mut tx, project_id, actor).await?;
    sqlx::query("UPDATE project_plans SET agreed_questions_id = $1 WHERE project_id = $2")
        .bind(version_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AgreedRow {
    version_no: i64,
    body: String,
    agreed_at: i64,
}

/// The research questions the team agreed, if any: what ethics applications show.
pub async fn agreed_questions(db: &Db, project_id: i64) -> Result<Option<AgreedQuestions>, AppError> {
    let row = sqlx::query_as::<_, AgreedRow>(
        "SELECT v.version_no, v.body, v.agreed_at FROM project_plans p JOIN project_question_versions v ON v.id = p.agreed_questions_id \
         WHERE p.project_id = $1 AND v.agreed_at IS NOT NULL",
    )
    .bind(project_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| AgreedQuestions { version_no: r.version_no, body: r.body, agreed_on: format_date(r.agreed_at) }))
}

pub async fn save_methods(db: &Db, actor: &Actor, project_id: i64, methods: &str, inclusion: &str, exclusion: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let mut check = FormCheck::new();
    let methods = check.field("methods", methods, |v| validate::text(v, "the methods", LONG_TEXT, false));
    let inclusion = check.field("inclusion", inclusion, |v| validate::text(v, "who can take part", LONG_TEXT, false));
    let exclusion = check.field("exclusion", exclusion, |v| validate::text(v, "who cannot take part", LONG_TEXT, false));
    let (methods, inclusion, exclusion) = check.finish((methods, inclusion, exclusion))?;
    let mut tx = db.begin().await?;
    touch(&mut tx, project_id, actor).await?;
    sqlx::query("UPDATE project_plans SET methods = $1, inclusion = $2, exclusion = $3 WHERE project_id = $4")
        .bind(&methods)
        .bind(&inclusion)
        .bind(&exclusion)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_target(db: &Db, actor: &Actor, project_id: i64, site: &str, target: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let mut check = FormCheck::new();
    let site = check.field("site", site, |v| validate::line(v, "the site or group", 200, true));
    let target = check.field("target", target, |v| match v.trim().parse::<i64>() {
        Ok(n) if (1..=10_000).contains(&n) => Ok(n),
        _ => Err("Enter how many people, as a whole number from 1 to 10000".to_string()),
    });
    let (site, target) = check.finish((site, target))?;
    let mut tx = db.begin().await?;
    touch(&mut tx, project_id, actor).await?;
    sqlx::query("INSERT INTO project_sampling_targets (project_id, site, target, created_at) VALUES ($1, $2, $3, $4)")
        .bind(project_id)
        .bind(&site)
        .bind(target)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_target(db: &Db, actor: &Actor, project_id: i64, target_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let mut tx = db.begin().await?;
    let gone = sqlx::query("DELETE FROM project_sampling_targets WHERE id = $1 AND project_id = $2")
        .bind(target_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    if gone.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    touch(&mut tx, project_id, actor).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn save_risk_plan(db: &Db, actor: &Actor, project_id: i64, risk_plan: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let mut check = FormCheck::new();
    let risk = check.field("risk_plan", risk_plan, |v| validate::text(v, "the risk and lone-working plan", LONG_TEXT, false));
    let (risk,) = check.finish((risk,))?;
    let mut tx = db.begin().await?;
    touch(&mut tx, project_id, actor).await?;
    sqlx::query("UPDATE project_plans SET risk_plan = $1 WHERE project_id = $2")
        .bind(&risk)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// What the data management plan form sends.
#[derive(Debug, Clone, Default)]
pub struct DataPlanInput {
    pub collected: String,
    pub kept_where: String,
    pub who_sees: String,
    pub retain_until: String,
}

pub async fn save_data_plan(db: &Db, actor: &Actor, project_id: i64, input: &DataPlanInput) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let mut check = FormCheck::new();
    let collected = check.field("data_collected", &input.collected, |v| validate::text(v, "what is collected", LONG_TEXT, false));
    let kept = check.field("data_kept_where", &input.kept_where, |v| validate::text(v, "where it is kept", LONG_TEXT, false));
    let who = check.field("data_who_sees", &input.who_sees, |v| validate::text(v, "who may see it", LONG_TEXT, false));
    let until = check.field("retain_until", &input.retain_until, |v| validate::date(v, "the date to delete the data by", false));
    let (collected, kept, who, until) = check.finish((collected, kept, who, until))?;
    let mut tx = db.begin().await?;
    touch(&mut tx, project_id, actor).await?;
    sqlx::query(
        "UPDATE project_plans SET data_collected = $1, data_kept_where = $2, data_who_sees = $3, retain_until = $4 WHERE project_id = $5",
    )
    .bind(&collected)
    .bind(&kept)
    .bind(&who)
    .bind(until)
    .bind(project_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
