//! The work and its SQL (server only) for studying a module: reading it, its knowledge check, and moving on.

use std::collections::HashMap;

use crate::error::{AppError, FormErrors};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::markdown::to_safe_html;
use crate::platform::time::now;
use crate::training::*;
use crate::training::certificates::service::{cohorts_studying_course, refresh_certificate};
use crate::training::cohort_ctx::*;
use crate::platform::sql::values;
use crate::training::courses::service::{live_questions, module_record, ModuleRecord};
use crate::training::learning_log::service::reflections_of;

pub async fn module_in_cohort(db: &Db, ctx: &CohortCtx, module_id: i64) -> Result<ModuleRecord, AppError> {
    let module = module_record(db, module_id).await?;
    if module.course_id != ctx.course_id {
        return Err(AppError::NotFound);
    }
    Ok(module)
}

pub async fn module_page(db: &Db, actor: &Actor, cohort_id: i64, module_id: i64) -> Result<ModulePage, AppError> {
    let ctx = require_study(db, actor, cohort_id).await?;
    let module = module_in_cohort(db, &ctx, module_id).await?;
    let me = actor.user_id;
    let questions = live_questions(db, module_id).await?;
    let read: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM module_reads WHERE user_id = $1 AND module_id = $2")
        .bind(me)
        .bind(module_id)
        .fetch_optional(db)
        .await?;
    let passed: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM check_attempts WHERE user_id = $1 AND module_id = $2 AND passed = 1")
            .bind(me)
            .bind(module_id)
            .fetch_optional(db)
            .await?;
    let last: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, score, passed FROM check_attempts WHERE user_id = $1 AND module_id = $2 ORDER BY created_at DESC, id DESC",
    )
    .bind(me)
    .bind(module_id)
    .fetch_optional(db)
    .await?;
    let last_attempt = match last {
        Some((attempt_id, score, passed)) => {
            let answers: Vec<(i64, i64)> =
                sqlx::query_as("SELECT question_id, option_id FROM attempt_answers WHERE attempt_id = $1")
                    .bind(attempt_id)
                    .fetch_all(db)
                    .await?;
            Some(AttemptView {
                score,
                passed: passed != 0,
                answers: answers
                    .into_iter()
                    .filter_map(|(question_id, option_id)| {
                        let question = questions.iter().find(|q| q.id == question_id)?;
                        let option = question.options.iter().find(|o| o.id == option_id)?;
                        Some(AnswerFeedback { question_id, option_id, correct: option.is_right(), feedback: option.feedback.clone() })
                    })
                    .collect(),
            })
        }
        None => None,
    };
    let siblings: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, position FROM course_modules WHERE course_id = $1 ORDER BY position")
            .bind(ctx.course_id)
            .fetch_all(db)
            .await?;
    let index = siblings.iter().position(|(id, _)| *id == module_id).unwrap_or(0);
    let has_check = !questions.is_empty();
    Ok(ModulePage {
        cohort_id,
        cohort_name: ctx.name.clone(),
        course_title: ctx.course_title.clone(),
        id: module.id,
        position: module.position,
        module_count: siblings.len() as i64,
        title: module.title,
        minutes: module.minutes,
        outcomes: module.outcomes.lines().map(str::to_string).collect(),
        body_html: to_safe_html(&module.body),
        read: read.is_some(),
        questions: questions
            .iter()
            .map(|q| QuestionView {
                id: q.id,
                kind: q.kind.clone(),
                text: q.text.clone(),
                options: q.options.iter().map(|o| (o.id, o.text.clone())).collect(),
            })
            .collect(),
        pass_mark: module.pass_mark,
        last_attempt,
        passed: passed.is_some(),
        state: ModuleState::of(read.is_some(), has_check, passed.is_some()),
        reflection_prompt: module.reflection_prompt,
        reflections: reflections_of(db, me, cohort_id, Some(module_id)).await?,
        previous: index.checked_sub(1).and_then(|i| siblings.get(i)).map(|(id, _)| *id),
        next: siblings.get(index + 1).map(|(id, _)| *id),
    })
}

pub async fn after_progress(db: &Db, user_id: i64, course_id: i64) -> Result<(), AppError> {
    for cohort_id in cohorts_studying_course(db, user_id, course_id).await? {
        let ctx = cohort_ctx(db, cohort_id).await?;
        refresh_certificate(db, &ctx, user_id).await?;
    }
    Ok(())
}

pub async fn mark_read(db: &Db, actor: &Actor, cohort_id: i64, module_id: i64) -> Result<(), AppError> {
    let ctx = require_study(db, actor, cohort_id).await?;
    module_in_cohort(db, &ctx, module_id).await?;
    sqlx::query(
        "INSERT INTO module_reads (user_id, module_id, read_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, module_id) DO NOTHING",
    )
    .bind(actor.user_id)
    .bind(module_id)
    .bind(now())
    .execute(db)
    .await?;
    after_progress(db, actor.user_id, ctx.course_id).await
}

/// The form field for a question's answer; messages are shown beside it.
pub fn answer_field(question_id: i64) -> String {
    format!("q{question_id}")
}

/// Marks a knowledge check. Every question needs an answer; any number of tries is fine.
/// Returns the score and whether it passed.
pub async fn submit_check(
    db: &Db,
    actor: &Actor,
    cohort_id: i64,
    module_id: i64,
    answers: &HashMap<String, String>,
) -> Result<(i64, bool), AppError> {
    let ctx = require_study(db, actor, cohort_id).await?;
    let module = module_in_cohort(db, &ctx, module_id).await?;
    let questions = live_questions(db, module_id).await?;
    if questions.is_empty() {
        return Err(AppError::refused("This module has no knowledge check."));
    }
    let mut errors = FormErrors::default();
    let mut chosen = Vec::new();
    for (n, question) in questions.iter().enumerate() {
        let field = answer_field(question.id);
        let answer = answers.get(&field).or_else(|| answers.get(&question.id.to_string())).map(|s| s.trim().to_string());
        if let Some(answer) = &answer {
            errors.keep(&field, answer);
        }
        match answer.and_then(|a| a.parse::<i64>().ok()).and_then(|a| question.options.iter().find(|o| o.id == a)) {
            Some(option) => chosen.push((question.id, option.id, option.is_right())),
            None => errors.add(&field, format!("Choose an answer to question {}", n + 1)),
        }
    }
    errors.into_result()?;
    let correct = chosen.iter().filter(|(_, _, c)| *c).count();
    let (score, passed) = score(correct, questions.len(), module.pass_mark);
    let mut tx = db.begin().await?;
    let (attempt_id,): (i64,) = sqlx::query_as(
        "INSERT INTO check_attempts (user_id, module_id, module_version, score, passed, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(actor.user_id)
    .bind(module_id)
    .bind(module.version)
    .bind(score)
    .bind(passed as i64)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    // Every question has an answer (checked above), so there is at least one row.
    let sql = format!("INSERT INTO attempt_answers (attempt_id, question_id, option_id) VALUES {}", values(chosen.len(), 1, 2));
    let mut insert = sqlx::query(&sql).bind(attempt_id);
    for (question_id, option_id, _) in &chosen {
        insert = insert.bind(*question_id).bind(*option_id);
    }
    insert.execute(&mut *tx).await?;
    tx.commit().await?;
    after_progress(db, actor.user_id, ctx.course_id).await?;
    Ok((score, passed))
}
