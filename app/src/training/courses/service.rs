//! The work and its SQL (server only) for courses and their modules, written and edited by the provider's trainers, with knowledge checks.

use crate::authz::training::TrainingAction;
use crate::authz;
use crate::error::{AppError, FormErrors};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::markdown::to_safe_html;
use crate::platform::time::now;
use crate::training::*;
use crate::training::cohort_ctx::*;
use crate::validate::{self, FormCheck};

pub async fn course_page(db: &Db, actor: &Actor, course_id: i64) -> Result<CoursePage, AppError> {
    let CourseOrg { id, title, organisation_id, organisation_name } = course_org(db, course_id).await?;
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    let (summary, description): (String, String) =
        sqlx::query_as("SELECT summary, description FROM courses WHERE id = $1").bind(id).fetch_one(db).await?;
    let modules = sqlx::query_as::<_, ModuleRow>(
        "SELECT m.id, m.position, m.title, m.minutes, \
         (SELECT COUNT(*) FROM module_questions q WHERE q.module_id = m.id AND q.retired_at IS NULL) AS questions \
         FROM course_modules m WHERE m.course_id = $1 ORDER BY m.position",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let cohorts = sqlx::query_as::<_, CohortCard>(
        "SELECT c.id, c.name, k.title AS course_title, c.starts_on, c.ends_on, c.capacity, \
         (SELECT COUNT(*) FROM enrolments e WHERE e.cohort_id = c.id) AS enrolled \
         FROM cohorts c JOIN courses k ON k.id = c.course_id WHERE c.course_id = $1 ORDER BY c.starts_on DESC",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    Ok(CoursePage {
        id,
        title,
        summary,
        description_html: to_safe_html(&description),
        organisation_name,
        modules,
        cohorts,
    })
}

/// A module as stored.
#[derive(sqlx::FromRow)]
pub struct ModuleRecord {
    pub id: i64,
    pub course_id: i64,
    pub position: i64,
    pub title: String,
    pub minutes: i64,
    pub outcomes: String,
    pub body: String,
    pub reflection_prompt: String,
    pub pass_mark: i64,
    pub version: i64,
}

pub async fn module_record(db: &Db, module_id: i64) -> Result<ModuleRecord, AppError> {
    sqlx::query_as::<_, ModuleRecord>(
        "SELECT id, course_id, position, title, minutes, outcomes, body, reflection_prompt, pass_mark, version \
         FROM course_modules WHERE id = $1",
    )
    .bind(module_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

pub async fn module_editor(db: &Db, actor: &Actor, module_id: i64) -> Result<ModuleEditor, AppError> {
    let module = module_record(db, module_id).await?;
    let CourseOrg { title: course_title, organisation_id, .. } = course_org(db, module.course_id).await?;
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    let (questions,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM module_questions WHERE module_id = $1 AND retired_at IS NULL")
            .bind(module_id)
            .fetch_one(db)
            .await?;
    let draft = sqlx::query_as::<_, ModuleFields>(
        "SELECT title, minutes, outcomes, body, reflection_prompt, pass_mark FROM module_drafts WHERE module_id = $1 AND user_id = $2",
    )
    .bind(module_id)
    .bind(actor.user_id)
    .fetch_optional(db)
    .await?;
    let is_draft = draft.is_some();
    let ModuleFields { title, minutes, outcomes, body, reflection_prompt, pass_mark } = draft.unwrap_or(ModuleFields {
        title: module.title,
        minutes: module.minutes,
        outcomes: module.outcomes,
        body: module.body,
        reflection_prompt: module.reflection_prompt,
        pass_mark: module.pass_mark,
    });
    let check = live_questions(db, module_id)
        .await?
        .into_iter()
        .map(|q| EditorQuestion {
            id: q.id,
            kind: q.kind,
            text: q.text,
            options: q.options.into_iter().map(|o| (o.text.clone(), o.is_right(), o.feedback)).collect(),
        })
        .collect();
    Ok(ModuleEditor {
        check,
        course_id: module.course_id,
        course_title,
        id: module.id,
        position: module.position,
        preview_html: to_safe_html(&body),
        title,
        minutes,
        outcomes,
        body,
        reflection_prompt,
        pass_mark,
        version: module.version,
        questions,
        is_draft,
    })
}

/// A module's fields as a trainer types them (and as a draft keeps them).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ModuleFields {
    pub title: String,
    pub minutes: i64,
    pub outcomes: String,
    pub body: String,
    pub reflection_prompt: String,
    pub pass_mark: i64,
}

pub fn check_module_fields(
    title: &str,
    minutes: &str,
    outcomes: &str,
    body: &str,
    reflection_prompt: &str,
    pass_mark: &str,
) -> Result<ModuleFields, AppError> {
    let mut check = FormCheck::new();
    let title = check.field("title", title, |t| validate::line(t, "the module's title", 200, true));
    let minutes = check.field("minutes", minutes, |m| {
        m.trim().parse::<i64>().ok().filter(|m| (1..=600).contains(m)).ok_or_else(|| "Enter the time in minutes, from 1 to 600".to_string())
    });
    let outcomes = check.field("outcomes", outcomes, |o| validate::text(o, "the learning outcomes", 4_000, true));
    let body = check.field("body", body, |b| validate::text(b, "the module's content", MODULE_BODY_MAX, true));
    let reflection_prompt =
        check.field("reflection_prompt", reflection_prompt, |r| validate::text(r, "a reflection prompt", 1_000, false));
    let pass_mark = check.field("pass_mark", pass_mark, |p| {
        p.trim().parse::<i64>().ok().filter(|p| (0..=100).contains(p)).ok_or_else(|| "Enter a pass mark from 0 to 100".to_string())
    });
    let (title, minutes, outcomes, body, reflection_prompt, pass_mark) =
        check.finish((title, minutes, outcomes, body, reflection_prompt, pass_mark))?;
    let outcomes = outcomes.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
    Ok(ModuleFields { title, minutes, outcomes, body, reflection_prompt, pass_mark })
}

pub async fn require_author_of_module(db: &Db, actor: &Actor, module_id: i64) -> Result<ModuleRecord, AppError> {
    let module = module_record(db, module_id).await?;
    let organisation_id = course_org(db, module.course_id).await?.organisation_id;
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    Ok(module)
}

/// Keeps the trainer's unsaved changes so they can see the preview; trainees see nothing yet.
pub async fn preview_module(db: &Db, actor: &Actor, module_id: i64, fields: ModuleFields) -> Result<(), AppError> {
    require_author_of_module(db, actor, module_id).await?;
    sqlx::query("DELETE FROM module_drafts WHERE module_id = $1 AND user_id = $2")
        .bind(module_id)
        .bind(actor.user_id)
        .execute(db)
        .await?;
    sqlx::query(
        "INSERT INTO module_drafts (module_id, user_id, title, minutes, outcomes, body, reflection_prompt, pass_mark, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(module_id)
    .bind(actor.user_id)
    .bind(&fields.title)
    .bind(fields.minutes)
    .bind(&fields.outcomes)
    .bind(&fields.body)
    .bind(&fields.reflection_prompt)
    .bind(fields.pass_mark)
    .bind(now())
    .execute(db)
    .await?;
    Ok(())
}

/// Publishes changes to a module. Its id and its questions stay the same, so every
/// trainee's reading, answers and passed checks are kept; the version goes up.
pub async fn save_module(db: &Db, actor: &Actor, module_id: i64, fields: ModuleFields) -> Result<i64, AppError> {
    let module = require_author_of_module(db, actor, module_id).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE course_modules SET title = $1, minutes = $2, outcomes = $3, body = $4, reflection_prompt = $5, pass_mark = $6, \
         version = version + 1, updated_at = $7, updated_by = $8 WHERE id = $9",
    )
    .bind(&fields.title)
    .bind(fields.minutes)
    .bind(&fields.outcomes)
    .bind(&fields.body)
    .bind(&fields.reflection_prompt)
    .bind(fields.pass_mark)
    .bind(now())
    .bind(actor.user_id)
    .bind(module_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM module_drafts WHERE module_id = $1 AND user_id = $2")
        .bind(module_id)
        .bind(actor.user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(module.course_id)
}

pub async fn discard_draft(db: &Db, actor: &Actor, module_id: i64) -> Result<(), AppError> {
    require_author_of_module(db, actor, module_id).await?;
    sqlx::query("DELETE FROM module_drafts WHERE module_id = $1 AND user_id = $2")
        .bind(module_id)
        .bind(actor.user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// A trainer starts a new course for their training provider. Returns its id.
pub async fn create_course(
    db: &Db,
    actor: &Actor,
    organisation_id: i64,
    title: &str,
    summary: &str,
) -> Result<i64, AppError> {
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    let mut check = FormCheck::new();
    let title = check.field("course_title", title, |t| validate::line(t, "the course's title", 200, true));
    let summary = check.field("course_summary", summary, |s| validate::text(s, "a summary", validate::SHORT_TEXT_MAX, false));
    let (title, summary) = check.finish((title, summary))?;
    let base = crate::validate::slugify(&title);
    let mut slug = base.clone();
    let mut n = 1;
    while sqlx::query_as::<_, (i64,)>("SELECT id FROM courses WHERE organisation_id = $1 AND slug = $2")
        .bind(organisation_id)
        .bind(&slug)
        .fetch_optional(db)
        .await?
        .is_some()
    {
        n += 1;
        slug = format!("{base}-{n}");
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO courses (organisation_id, slug, title, summary, description, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, '', $5, $5) RETURNING id",
    )
    .bind(organisation_id)
    .bind(&slug)
    .bind(&title)
    .bind(&summary)
    .bind(now())
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// Adds a module at the end of a course, ready to write. Cohorts already running do not
/// have to complete it unless their trainers add it to their completion rule.
pub async fn add_module(db: &Db, actor: &Actor, course_id: i64, title: &str) -> Result<i64, AppError> {
    let organisation_id = course_org(db, course_id).await?.organisation_id;
    authz::require(Some(actor), training(TrainingAction::AuthorCourses { organisation_id }))?;
    let title = validate::line(title, "the module's title", 200, true).map_err(|m| {
        let mut errors = FormErrors::default();
        errors.keep("module_title", title);
        errors.add("module_title", m);
        AppError::Invalid(errors)
    })?;
    let (next,): (i64,) = sqlx::query_as("SELECT COUNT(*) + 1 FROM course_modules WHERE course_id = $1")
        .bind(course_id)
        .fetch_one(db)
        .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO course_modules (course_id, position, slug, title, minutes, outcomes, body, reflection_prompt, pass_mark, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, 30, '', $5, '', 60, $6, $7) RETURNING id",
    )
    .bind(course_id)
    .bind(next)
    .bind(format!("{next:02}-{}", crate::validate::slugify(&title)))
    .bind(&title)
    .bind("Write this module's content here.")
    .bind(now())
    .bind(actor.user_id)
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// Adds a question to a module's knowledge check.
pub async fn add_question(db: &Db, actor: &Actor, module_id: i64, kind: &str, text: &str, options: &str) -> Result<(), AppError> {
    require_author_of_module(db, actor, module_id).await?;
    let mut check = FormCheck::new();
    let kind = check.field("question_kind", kind, |k| match k {
        "multiple_choice" | "true_false" => Ok(k.to_string()),
        _ => Err("Choose the kind of question".to_string()),
    });
    let text = check.field("question_text", text, |t| validate::text(t, "the question", 1_000, true));
    let options = check.field("question_options", options, parse_options);
    let (kind, text, options) = check.finish((kind, text, options))?;
    let (next,): (i64,) = sqlx::query_as("SELECT COUNT(*) + 1 FROM module_questions WHERE module_id = $1")
        .bind(module_id)
        .fetch_one(db)
        .await?;
    let mut tx = db.begin().await?;
    let (question_id,): (i64,) =
        sqlx::query_as("INSERT INTO module_questions (module_id, position, kind, text) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(module_id)
            .bind(next)
            .bind(&kind)
            .bind(&text)
            .fetch_one(&mut *tx)
            .await?;
    for (n, (option, correct, feedback)) in options.iter().enumerate() {
        sqlx::query("INSERT INTO question_options (question_id, position, text, correct, feedback) VALUES ($1, $2, $3, $4, $5)")
            .bind(question_id)
            .bind(n as i64 + 1)
            .bind(option)
            .bind(*correct as i64)
            .bind(feedback)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE course_modules SET version = version + 1, updated_at = $1, updated_by = $2 WHERE id = $3")
        .bind(now())
        .bind(actor.user_id)
        .bind(module_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a question out of a module's check. It is kept, not deleted, so every earlier
/// answer still refers to the question as it was, and checks already passed stay passed.
pub async fn retire_question(db: &Db, actor: &Actor, question_id: i64) -> Result<i64, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT module_id FROM module_questions WHERE id = $1")
        .bind(question_id)
        .fetch_optional(db)
        .await?;
    let (module_id,) = row.ok_or(AppError::NotFound)?;
    require_author_of_module(db, actor, module_id).await?;
    let at = now();
    sqlx::query("UPDATE module_questions SET retired_at = $1 WHERE id = $2 AND retired_at IS NULL")
        .bind(at)
        .bind(question_id)
        .execute(db)
        .await?;
    sqlx::query("UPDATE course_modules SET version = version + 1, updated_at = $1, updated_by = $2 WHERE id = $3")
        .bind(at)
        .bind(actor.user_id)
        .bind(module_id)
        .execute(db)
        .await?;
    Ok(module_id)
}

pub struct QuestionRecord {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub options: Vec<OptionRecord>,
}

/// One answer to a knowledge-check question, with whether it is right and what to say.
#[derive(sqlx::FromRow)]
pub struct OptionRecord {
    pub question_id: i64,
    pub id: i64,
    pub text: String,
    /// 1 for the right answer (SQLite gives booleans back as integers).
    pub correct: i64,
    pub feedback: String,
}

impl OptionRecord {
    pub fn is_right(&self) -> bool {
        self.correct != 0
    }
}

pub async fn live_questions(db: &Db, module_id: i64) -> Result<Vec<QuestionRecord>, AppError> {
    let questions: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, kind, text FROM module_questions WHERE module_id = $1 AND retired_at IS NULL ORDER BY position, id",
    )
    .bind(module_id)
    .fetch_all(db)
    .await?;
    let mut options = sqlx::query_as::<_, OptionRecord>(
        "SELECT o.question_id, o.id, o.text, o.correct, o.feedback FROM question_options o \
         JOIN module_questions q ON q.id = o.question_id WHERE q.module_id = $1 ORDER BY o.position, o.id",
    )
    .bind(module_id)
    .fetch_all(db)
    .await?;
    Ok(questions
        .into_iter()
        .map(|(id, kind, text)| {
            let (mine, rest) = options.drain(..).partition(|o| o.question_id == id);
            options = rest;
            QuestionRecord { id, kind, text, options: mine }
        })
        .collect())
}

pub const MODULE_BODY_MAX: usize = 60_000;
