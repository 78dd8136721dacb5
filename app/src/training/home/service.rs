//! The work and its SQL (server only) for the training home: what someone studies, the
//! cohorts they run (filtered in SQL by their memberships, in pages) and the courses
//! they teach.

use std::collections::HashMap;

use crate::authz::training::TrainingAction;
use crate::authz;
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::training::*;
use crate::training::certificates::service::latest_certificates_of;
use crate::training::cohort_ctx::*;
use crate::ui::pagination::{PageNumber, Paged};

/// A cohort this person is enrolled in.
#[derive(sqlx::FromRow)]
struct StudyRow {
    cohort_id: i64,
    cohort_name: String,
    course_id: i64,
    course_title: String,
}

/// How far one person is through each course they study: modules, and modules complete
/// (read, and the knowledge check passed when there is one).
#[derive(sqlx::FromRow)]
struct CourseProgressRow {
    course_id: i64,
    total: i64,
    done: i64,
}

pub async fn training_home(db: &Db, actor: &Actor, page: PageNumber) -> Result<TrainingHome, AppError> {
    authz::require(Some(actor), training(TrainingAction::UseTraining))?;
    let studying = studying(db, actor.user_id).await?;
    let running = cohorts_run_by(db, actor, page).await?;
    let courses = courses_taught_by(db, actor).await?;
    let providers = actor
        .memberships
        .iter()
        .filter(|m| authz::may(actor, &training(TrainingAction::AuthorCourses { organisation_id: m.organisation_id })))
        .map(|m| (m.organisation_id, m.organisation_name.clone()))
        .collect();
    let finds_graduates = authz::may(actor, &training(TrainingAction::FindGraduates));
    Ok(TrainingHome { studying, running, courses, providers, finds_graduates })
}

/// The courses someone studies, with their progress and certificate: three queries in all,
/// however many courses.
async fn studying(db: &Db, user_id: i64) -> Result<Vec<StudyCard>, AppError> {
    let mine = sqlx::query_as::<_, StudyRow>(
        "SELECT c.id AS cohort_id, c.name AS cohort_name, k.id AS course_id, k.title AS course_title \
         FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id JOIN courses k ON k.id = c.course_id \
         WHERE e.user_id = $1 ORDER BY c.starts_on DESC",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    // Reading and passed checks belong to the person and the module, not the cohort.
    let progress: HashMap<i64, CourseProgressRow> = sqlx::query_as::<_, CourseProgressRow>(
        "SELECT m.course_id, COUNT(*) AS total, \
         SUM(CASE WHEN EXISTS (SELECT 1 FROM module_reads r WHERE r.user_id = $1 AND r.module_id = m.id) \
              AND (NOT EXISTS (SELECT 1 FROM module_questions q WHERE q.module_id = m.id AND q.retired_at IS NULL) \
                   OR EXISTS (SELECT 1 FROM check_attempts a WHERE a.user_id = $1 AND a.module_id = m.id AND a.passed = 1)) \
             THEN 1 ELSE 0 END) AS done \
         FROM course_modules m WHERE m.course_id IN \
         (SELECT c.course_id FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id WHERE e.user_id = $1) \
         GROUP BY m.course_id",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|row| (row.course_id, row))
    .collect();
    let certificates = latest_certificates_of(db, user_id).await?;
    Ok(mine
        .into_iter()
        .map(|row| {
            let course = progress.get(&row.course_id);
            StudyCard {
                cohort_id: row.cohort_id,
                done: course.map(|c| c.done as usize).unwrap_or(0),
                total: course.map(|c| c.total as usize).unwrap_or(0),
                certificate_code: certificates.get(&row.cohort_id).filter(|c| !c.revoked).map(|c| c.code.clone()),
                cohort_name: row.cohort_name,
                course_title: row.course_title,
            }
        })
        .collect())
}

/// One page of the cohorts this person runs, newest first, filtered in SQL by the rule
/// `TrainingAction::RunCohort`.
pub async fn cohorts_run_by(db: &Db, actor: &Actor, page: PageNumber) -> Result<Paged<CohortCard>, AppError> {
    let (runs, binds) = runs_cohort_condition(actor, 1);
    let from = format!("FROM cohorts c JOIN courses k ON k.id = c.course_id WHERE {runs}");
    let count_sql = format!("SELECT COUNT(*) {from}");
    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
    for value in &binds {
        count = count.bind(*value);
    }
    let (total,) = count.fetch_one(db).await?;
    let sql = format!(
        "SELECT c.id, c.name, k.title AS course_title, c.starts_on, c.ends_on, c.capacity, \
         (SELECT COUNT(*) FROM enrolments e WHERE e.cohort_id = c.id) AS enrolled {from} \
         ORDER BY c.starts_on DESC, c.id DESC LIMIT ${} OFFSET ${}",
        binds.len() + 1,
        binds.len() + 2
    );
    let mut rows = sqlx::query_as::<_, CohortCard>(&sql);
    for value in &binds {
        rows = rows.bind(*value);
    }
    let rows = rows.bind(page.limit()).bind(page.offset()).fetch_all(db).await?;
    Ok(Paged::new(rows, page, total))
}

/// The courses of the providers where this person is a trainer, filtered in SQL by the
/// rule `TrainingAction::AuthorCourses`.
async fn courses_taught_by(db: &Db, actor: &Actor) -> Result<Vec<CourseCard>, AppError> {
    let (teaches, binds) = authors_courses_condition(actor, 1);
    let sql = format!(
        "SELECT k.id, k.title, o.name AS organisation_name, \
         (SELECT COUNT(*) FROM course_modules m WHERE m.course_id = k.id) AS modules \
         FROM courses k JOIN organisations o ON o.id = k.organisation_id WHERE {teaches} ORDER BY k.title"
    );
    let mut rows = sqlx::query_as::<_, CourseCard>(&sql);
    for value in &binds {
        rows = rows.bind(*value);
    }
    Ok(rows.fetch_all(db).await?)
}
