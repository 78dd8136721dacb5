//! Server functions for training: thin wrappers that find the caller, call the service
//! (which asks the authorisation rules) and redirect so forms work without JavaScript.
// A server function takes one argument per form field, and the browser-side stubs the
// macro writes do not carry attributes, so the lint is allowed for the whole file.
#![allow(clippy::too_many_arguments)]

use std::collections::HashMap;

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;

#[cfg(feature = "ssr")]
mod server {
    pub use crate::accounts::session::{self, current_user, signed_in};
    pub use crate::platform::state::app_state;
    pub use leptos_axum::redirect;

    pub fn my_name() -> String {
        current_user().map(|u| u.name).unwrap_or_default()
    }

    /// Ids ticked in a group of checkboxes named `group[<id>]`.
    pub fn ticked_ids(values: &Option<std::collections::HashMap<String, String>>) -> Vec<i64> {
        values
            .iter()
            .flatten()
            .filter(|(_, v)| crate::validate::ticked(&Some((*v).clone())))
            .filter_map(|(k, _)| k.trim_start_matches('m').parse().ok())
            .collect()
    }
}
#[cfg(feature = "ssr")]
use server::*;

#[server(endpoint = "training-home")]
pub async fn training_overview() -> Result<TrainingHome, AppError> {
    let actor = signed_in()?;
    service::training_home(&app_state()?.db, &actor).await
}

#[server(endpoint = "training-course")]
pub async fn course(course_id: i64) -> Result<CoursePage, AppError> {
    let actor = signed_in()?;
    service::course_page(&app_state()?.db, &actor, course_id).await
}

#[server(endpoint = "training-create-cohort")]
pub async fn create_cohort(
    course_id: i64,
    name: String,
    starts_on: String,
    ends_on: String,
    capacity: String,
    location: String,
    min_attendance: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let id = service::create_cohort(
        &app_state()?.db,
        &actor,
        course_id,
        &name,
        &starts_on,
        &ends_on,
        &capacity,
        &location,
        &min_attendance,
    )
    .await?;
    redirect(&format!("/training/cohorts/{id}?done=created"));
    Ok(())
}

#[server(endpoint = "training-cohort")]
pub async fn cohort(cohort_id: i64) -> Result<CohortPage, AppError> {
    let actor = signed_in()?;
    service::cohort_page(&app_state()?.db, &actor, cohort_id).await
}

#[server(endpoint = "training-add-session")]
pub async fn add_session(
    cohort_id: i64,
    on_date: String,
    at_time: String,
    place: String,
    online: Option<String>,
    covers: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let online = crate::validate::ticked(&online);
    service::add_session(&app_state()?.db, &actor, cohort_id, &on_date, &at_time, &place, online, &ticked_ids(&covers))
        .await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=session#sessions"));
    Ok(())
}

#[server(endpoint = "training-completion-rule")]
pub async fn set_completion_rule(
    cohort_id: i64,
    min_attendance: String,
    required: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::set_completion_rule(&app_state()?.db, &actor, cohort_id, &min_attendance, &ticked_ids(&required)).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=rule"));
    Ok(())
}

#[server(endpoint = "training-invite")]
pub async fn invite_trainees(cohort_id: i64, emails: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let n = service::invite_trainees(&app_state()?, &actor, &my_name(), cohort_id, &emails).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=invited&n={n}#people"));
    Ok(())
}

#[server(endpoint = "training-withdraw-invitation")]
pub async fn withdraw_cohort_invitation(invitation_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let cohort_id = service::withdraw_cohort_invitation(&app_state()?.db, &actor, invitation_id).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=withdrawn#people"));
    Ok(())
}

#[server(endpoint = "training-invitation")]
pub async fn cohort_invitation(token: String) -> Result<CohortInvitationView, AppError> {
    let me = current_user();
    service::cohort_invitation_view(&app_state()?.db, &token, me.as_ref()).await
}

#[server(endpoint = "training-accept")]
pub async fn accept_place(token: String, name: Option<String>, password: Option<String>) -> Result<(), AppError> {
    let state = app_state()?;
    let me = current_user();
    let (cohort_id, new_session) =
        service::accept_cohort_invitation(&state.db, &token, me.as_ref(), name.as_deref(), password.as_deref()).await?;
    if let Some(token) = new_session {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(http::header::SET_COOKIE, session::session_cookie(&state.config, &token));
        }
    }
    redirect(&format!("/training/cohorts/{cohort_id}?done=joined"));
    Ok(())
}

#[server(endpoint = "training-module")]
pub async fn module(cohort_id: i64, module_id: i64) -> Result<ModulePage, AppError> {
    let actor = signed_in()?;
    service::module_page(&app_state()?.db, &actor, cohort_id, module_id).await
}

#[server(endpoint = "training-mark-read")]
pub async fn mark_read(cohort_id: i64, module_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::mark_read(&app_state()?.db, &actor, cohort_id, module_id).await?;
    redirect(&format!("/training/cohorts/{cohort_id}/modules/{module_id}?done=read#check"));
    Ok(())
}

#[server(endpoint = "training-check")]
pub async fn submit_check(
    cohort_id: i64,
    module_id: i64,
    answers: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let answers = answers.unwrap_or_default();
    let (_, passed) = service::submit_check(&app_state()?.db, &actor, cohort_id, module_id, &answers).await?;
    let done = if passed { "passed" } else { "tryagain" };
    redirect(&format!("/training/cohorts/{cohort_id}/modules/{module_id}?done={done}#result"));
    Ok(())
}

#[server(endpoint = "training-reflect")]
pub async fn write_reflection(
    cohort_id: i64,
    module_id: i64,
    body: String,
    shared: Option<String>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let shared = crate::validate::ticked(&shared);
    service::write_reflection(&app_state()?.db, &actor, cohort_id, module_id, &body, shared).await?;
    redirect(&format!("/training/cohorts/{cohort_id}/modules/{module_id}?done=reflected#log"));
    Ok(())
}

#[server(endpoint = "training-reflection")]
pub async fn reflection(reflection_id: i64) -> Result<ReflectionPage, AppError> {
    let actor = signed_in()?;
    service::reflection_page(&app_state()?.db, &actor, reflection_id).await
}

#[server(endpoint = "training-reply")]
pub async fn reply_to_reflection(reflection_id: i64, body: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::reply_to_reflection(&app_state()?.db, &actor, reflection_id, &body).await?;
    redirect(&format!("/training/reflections/{reflection_id}?done=replied"));
    Ok(())
}

#[server(endpoint = "training-session")]
pub async fn attendance_sheet(session_id: i64) -> Result<SessionPage, AppError> {
    let actor = signed_in()?;
    service::session_page(&app_state()?.db, &actor, session_id).await
}

#[server(endpoint = "training-attendance")]
pub async fn mark_attendance(session_id: i64, marks: Option<HashMap<String, String>>) -> Result<(), AppError> {
    let actor = signed_in()?;
    let cohort_id = service::mark_attendance(&app_state()?.db, &actor, session_id, &marks.unwrap_or_default()).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=attendance#sessions"));
    Ok(())
}

#[server(endpoint = "training-apologies")]
pub async fn send_apologies(session_id: i64, note: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let cohort_id = service::send_apologies(&app_state()?.db, &actor, session_id, &note).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=apologies#sessions"));
    Ok(())
}

#[server(endpoint = "training-certificate")]
pub async fn certificate(code: String) -> Result<CertificateView, AppError> {
    let actor = signed_in()?;
    service::certificate_page(&app_state()?.db, &actor, &code).await
}

/// Public: anyone may check a code, signed in or not.
#[server(endpoint = "training-verify")]
pub async fn verify_certificate(code: String) -> Result<Verification, AppError> {
    if code.trim().is_empty() || code.len() > 40 {
        return Ok(Verification::Unknown);
    }
    service::verify_certificate(&app_state()?.db, &code).await
}

#[server(endpoint = "training-issue-certificate")]
pub async fn issue_certificate(cohort_id: i64, user_id: i64, reason: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::issue_certificate(&app_state()?.db, &actor, cohort_id, user_id, &reason).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=issued#certificates"));
    Ok(())
}

#[server(endpoint = "training-revoke-certificate")]
pub async fn revoke_certificate(certificate_id: i64, reason: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let cohort_id = service::revoke_certificate(&app_state()?.db, &actor, certificate_id, &reason).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=revoked#certificates"));
    Ok(())
}

#[server(endpoint = "training-invite-graduate")]
pub async fn invite_graduate(cohort_id: i64, user_id: i64, organisation_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::invite_graduate(&app_state()?, &actor, &my_name(), cohort_id, user_id, organisation_id).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=graduate#graduation"));
    Ok(())
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

#[server(endpoint = "training-found-group")]
pub async fn found_group(
    cohort_id: i64,
    group_name: String,
    group_description: String,
    founders: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::found_group(&app_state()?, &actor, &my_name(), cohort_id, &group_name, &group_description, &ticked_ids(&founders))
        .await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=founded#graduation"));
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

#[server(endpoint = "training-add-trainer")]
pub async fn add_cohort_trainer(cohort_id: i64, trainer_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::add_cohort_trainer(&app_state()?.db, &actor, cohort_id, trainer_id).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=trainer"));
    Ok(())
}

// ---- Graduates looking for a research group ----

/// The holder of a certificate says they would ("yes") or no longer would ("no") like to join a group.
#[server(endpoint = "training-seek-group")]
pub async fn seek_group(code: String, seeking: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let yes = seeking == "yes";
    let code = service::set_seeking_group(&app_state()?.db, &actor, &code, yes).await?;
    redirect(&format!("/certificates/{code}?done={}#group", if yes { "seeking" } else { "not-seeking" }));
    Ok(())
}

#[server(endpoint = "training-graduates")]
pub async fn seeking_graduates_page() -> Result<GraduatesPage, AppError> {
    let actor = signed_in()?;
    service::seeking_graduates(&app_state()?.db, &actor).await
}

#[server(endpoint = "training-invite-seeking-graduate")]
pub async fn invite_seeking_graduate(user_id: i64, organisation_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::invite_seeking_graduate(&app_state()?, &actor, &my_name(), user_id, organisation_id).await?;
    redirect("/training/graduates?done=invited");
    Ok(())
}
