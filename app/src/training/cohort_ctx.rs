//! The cohort context loader and who runs or studies in a cohort: the one place every
//! sub-feature finds a cohort and asks whether the caller may run it or study in it.

use crate::authz::training::TrainingAction;
use crate::authz::{self, Action};
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;

pub fn training(action: TrainingAction) -> Action {
    Action::Training(action)
}

/// A cohort with its course and training provider: what every cohort page and rule needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CohortCtx {
    pub id: i64,
    pub name: String,
    pub course_id: i64,
    pub course_title: String,
    pub course_summary: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub capacity: i64,
    pub location: String,
    pub min_attendance: i64,
}

pub async fn cohort_ctx(db: &Db, cohort_id: i64) -> Result<CohortCtx, AppError> {
    sqlx::query_as::<_, CohortCtx>(
        "SELECT c.id, c.name, k.id AS course_id, k.title AS course_title, k.summary AS course_summary, \
         o.id AS organisation_id, o.name AS organisation_name, c.starts_on, c.ends_on, c.capacity, c.location, c.min_attendance \
         FROM cohorts c JOIN courses k ON k.id = c.course_id JOIN organisations o ON o.id = k.organisation_id WHERE c.id = $1",
    )
    .bind(cohort_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

pub async fn is_cohort_trainer(db: &Db, cohort_id: i64, user_id: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM cohort_trainers WHERE cohort_id = $1 AND user_id = $2")
        .bind(cohort_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some())
}

pub async fn is_enrolled(db: &Db, cohort_id: i64, user_id: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM enrolments WHERE cohort_id = $1 AND user_id = $2")
        .bind(cohort_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some())
}

pub fn run_action(ctx: &CohortCtx, is_cohort_trainer: bool) -> Action {
    training(TrainingAction::RunCohort { organisation_id: ctx.organisation_id, is_cohort_trainer })
}

/// Whether this person runs the cohort (without refusing).
pub async fn runs(db: &Db, actor: &Actor, ctx: &CohortCtx) -> Result<bool, AppError> {
    let trainer = is_cohort_trainer(db, ctx.id, actor.user_id).await?;
    Ok(authz::may(actor, &run_action(ctx, trainer)))
}

/// The cohort, if this person runs it; otherwise the refusal.
pub async fn require_run(db: &Db, actor: &Actor, cohort_id: i64) -> Result<CohortCtx, AppError> {
    let ctx = cohort_ctx(db, cohort_id).await?;
    let trainer = is_cohort_trainer(db, cohort_id, actor.user_id).await?;
    authz::require(Some(actor), run_action(&ctx, trainer))?;
    Ok(ctx)
}

/// The cohort, if this person studies in it; otherwise the refusal.
pub async fn require_study(db: &Db, actor: &Actor, cohort_id: i64) -> Result<CohortCtx, AppError> {
    let ctx = cohort_ctx(db, cohort_id).await?;
    let enrolled = is_enrolled(db, cohort_id, actor.user_id).await?;
    authz::require(Some(actor), training(TrainingAction::Study { is_enrolled: enrolled }))?;
    Ok(ctx)
}

/// A course with its training provider.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CourseOrg {
    pub id: i64,
    pub title: String,
    pub organisation_id: i64,
    pub organisation_name: String,
}

pub async fn course_org(db: &Db, course_id: i64) -> Result<CourseOrg, AppError> {
    sqlx::query_as::<_, CourseOrg>(
        "SELECT k.id, k.title, o.id AS organisation_id, o.name AS organisation_name \
         FROM courses k JOIN organisations o ON o.id = k.organisation_id WHERE k.id = $1",
    )
    .bind(course_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

/// The SQL condition "this person runs cohort `c` of a course `k`", built from their
/// memberships so the database filters the list (the same rule as
/// `TrainingAction::RunCohort`): a cohort trainer who is a member of the provider, or a
/// lead trainer of the provider. Placeholders are numbered from `first`; returns the
/// condition and the values to bind, in order.
pub fn runs_cohort_condition(actor: &Actor, first: usize) -> (String, Vec<i64>) {
    let member_of: Vec<i64> = actor.memberships.iter().map(|m| m.organisation_id).collect();
    let leads: Vec<i64> = actor
        .memberships
        .iter()
        .filter(|m| m.kind == crate::identity::OrgKind::TrainingProvider && m.is_lead)
        .map(|m| m.organisation_id)
        .collect();
    let mut binds = Vec::new();
    let mut next = first;
    let mut list = |ids: &[i64], binds: &mut Vec<i64>| {
        let marks: Vec<String> = ids.iter().map(|_| { let mark = format!("${next}"); next += 1; mark }).collect();
        binds.extend_from_slice(ids);
        marks.join(", ")
    };
    let mut parts = Vec::new();
    if !member_of.is_empty() {
        let me = list(&[actor.user_id], &mut binds);
        let orgs = list(&member_of, &mut binds);
        parts.push(format!(
            "(k.organisation_id IN ({orgs}) AND EXISTS (SELECT 1 FROM cohort_trainers t WHERE t.cohort_id = c.id AND t.user_id = {me}))"
        ));
    }
    if !leads.is_empty() {
        parts.push(format!("k.organisation_id IN ({})", list(&leads, &mut binds)));
    }
    if parts.is_empty() {
        return ("1 = 0".to_string(), binds);
    }
    (format!("({})", parts.join(" OR ")), binds)
}

/// The SQL condition "this person may write courses of provider `k`" (the rule of
/// `TrainingAction::AuthorCourses`: a trainer there). Placeholders from `first`.
pub fn authors_courses_condition(actor: &Actor, first: usize) -> (String, Vec<i64>) {
    let providers: Vec<i64> = actor
        .memberships
        .iter()
        .filter(|m| m.kind == crate::identity::OrgKind::TrainingProvider && m.role == crate::identity::Role::Trainer)
        .map(|m| m.organisation_id)
        .collect();
    if providers.is_empty() {
        return ("1 = 0".to_string(), providers);
    }
    let marks: Vec<String> = (0..providers.len()).map(|n| format!("${}", first + n)).collect();
    (format!("k.organisation_id IN ({})", marks.join(", ")), providers)
}
