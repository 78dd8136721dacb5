//! The work and its SQL (server only): the training home: what someone studies, the cohorts they run, the courses they teach.

use crate::authz::{self};
use crate::authz::training::TrainingAction;
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::training::*;
use crate::training::cohort_ctx::*;
use crate::training::progress::*;
use std::collections::HashSet;
use crate::training::certificates::service::active_certificate;

pub async fn training_home(db: &Db, actor: &Actor) -> Result<TrainingHome, AppError> {
    authz::require(Some(actor), training(TrainingAction::UseTraining))?;
    let mine: Vec<(i64,)> = sqlx::query_as(
        "SELECT e.cohort_id FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id WHERE e.user_id = $1 ORDER BY c.starts_on DESC",
    )
    .bind(actor.user_id)
    .fetch_all(db)
    .await?;
    let mut studying = Vec::new();
    for (cohort_id,) in mine {
        let ctx = cohort_ctx(db, cohort_id).await?;
        let progress = cohort_progress(db, &ctx).await?;
        let certificate = active_certificate(db, cohort_id, actor.user_id).await?;
        studying.push(StudyCard {
            cohort_id,
            cohort_name: ctx.name.clone(),
            course_title: ctx.course_title.clone(),
            done: progress.done(actor.user_id),
            total: progress.modules.len(),
            certificate_code: certificate.filter(|c| !c.revoked).map(|c| c.code),
        });
    }

    #[allow(clippy::type_complexity)]
    let cohorts: Vec<(i64, String, String, String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT c.id, c.name, k.title, c.starts_on, c.ends_on, c.capacity, k.organisation_id, \
         (SELECT COUNT(*) FROM enrolments e WHERE e.cohort_id = c.id) FROM cohorts c JOIN courses k ON k.id = c.course_id \
         ORDER BY c.starts_on DESC",
    )
    .fetch_all(db)
    .await?;
    let trains: Vec<(i64,)> = sqlx::query_as("SELECT cohort_id FROM cohort_trainers WHERE user_id = $1")
        .bind(actor.user_id)
        .fetch_all(db)
        .await?;
    let trains: HashSet<i64> = trains.into_iter().map(|(id,)| id).collect();
    let running = cohorts
        .into_iter()
        .filter(|(id, _, _, _, _, _, org, _)| {
            authz::may(
                actor,
                &training(TrainingAction::RunCohort { organisation_id: *org, is_cohort_trainer: trains.contains(id) }),
            )
        })
        .map(|(id, name, course_title, starts_on, ends_on, capacity, _, enrolled)| CohortCard {
            id,
            name,
            course_title,
            starts_on,
            ends_on,
            enrolled,
            capacity,
        })
        .collect();

    let courses: Vec<(i64, String, i64, String, i64)> = sqlx::query_as(
        "SELECT k.id, k.title, o.id, o.name, (SELECT COUNT(*) FROM course_modules m WHERE m.course_id = k.id) \
         FROM courses k JOIN organisations o ON o.id = k.organisation_id ORDER BY k.title",
    )
    .fetch_all(db)
    .await?;
    let courses = courses
        .into_iter()
        .filter(|(_, _, org, _, _)| authz::may(actor, &training(TrainingAction::AuthorCourses { organisation_id: *org })))
        .map(|(id, title, _, organisation_name, modules)| CourseCard { id, title, organisation_name, modules })
        .collect();
    let providers = actor
        .memberships
        .iter()
        .filter(|m| authz::may(actor, &training(TrainingAction::AuthorCourses { organisation_id: m.organisation_id })))
        .map(|m| (m.organisation_id, m.organisation_name.clone()))
        .collect();
    let finds_graduates = authz::may(actor, &training(TrainingAction::FindGraduates));
    Ok(TrainingHome { studying, running, courses, providers, finds_graduates })
}
