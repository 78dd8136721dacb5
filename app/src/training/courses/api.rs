//! Server functions for courses and their modules, written and edited by the provider's trainers, with knowledge checks.
//! Thin: find the caller, call the service, say where to go next.
// A server function takes one argument per form field, and the browser-side stubs the
// macro writes do not carry attributes, so the lint is allowed for the whole file.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;
#[cfg(feature = "ssr")]
use crate::training::api_support::*;
#[cfg(feature = "ssr")]
use super::service;

#[server(endpoint = "training-course")]
pub async fn course(course_id: i64) -> Result<CoursePage, AppError> {
    let actor = signed_in()?;
    service::course_page(&app_state()?.db, &actor, course_id).await
}

#[server(endpoint = "training-module-editor")]
pub async fn module_editor_page(module_id: i64) -> Result<ModuleEditor, AppError> {
    let actor = signed_in()?;
    service::module_editor(&app_state()?.db, &actor, module_id).await
}

/// "Preview" keeps the changes as the trainer's draft; "Save" publishes them.
#[server(endpoint = "training-save-module")]
pub async fn save_module(
    module_id: i64,
    title: String,
    minutes: String,
    outcomes: String,
    body: String,
    reflection_prompt: String,
    pass_mark: String,
    intent: Option<String>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let db = app_state()?.db;
    // Who may edit the module first, then what was typed: anyone else is refused, as for
    // every other server function, before any message about the form.
    service::require_author_of_module(&db, &actor, module_id).await?;
    let fields = service::check_module_fields(&title, &minutes, &outcomes, &body, &reflection_prompt, &pass_mark)?;
    if intent.as_deref() == Some("preview") {
        service::preview_module(&db, &actor, module_id, fields).await?;
        redirect(&format!("/training/modules/{module_id}/edit?done=preview#preview"));
    } else {
        let course_id = service::save_module(&db, &actor, module_id, fields).await?;
        redirect(&format!("/training/courses/{course_id}?done=saved"));
    }
    Ok(())
}

#[server(endpoint = "training-discard-draft")]
pub async fn discard_draft(module_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::discard_draft(&app_state()?.db, &actor, module_id).await?;
    redirect(&format!("/training/modules/{module_id}/edit?done=discarded"));
    Ok(())
}

#[server(endpoint = "training-create-course")]
pub async fn create_course(organisation_id: i64, course_title: String, course_summary: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let id = service::create_course(&app_state()?.db, &actor, organisation_id, &course_title, &course_summary).await?;
    redirect(&format!("/training/courses/{id}?done=created"));
    Ok(())
}

#[server(endpoint = "training-add-module")]
pub async fn add_module(course_id: i64, module_title: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let id = service::add_module(&app_state()?.db, &actor, course_id, &module_title).await?;
    redirect(&format!("/training/modules/{id}/edit?done=added"));
    Ok(())
}

#[server(endpoint = "training-add-question")]
pub async fn add_question(
    module_id: i64,
    question_kind: String,
    question_text: String,
    question_options: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::add_question(&app_state()?.db, &actor, module_id, &question_kind, &question_text, &question_options).await?;
    redirect(&format!("/training/modules/{module_id}/edit?done=question#check"));
    Ok(())
}

#[server(endpoint = "training-retire-question")]
pub async fn retire_question(question_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let module_id = service::retire_question(&app_state()?.db, &actor, question_id).await?;
    redirect(&format!("/training/modules/{module_id}/edit?done=retired#check"));
    Ok(())
}
