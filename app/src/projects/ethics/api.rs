//! Server functions for ethics applications: find the caller, call the service, say
//! where to go next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::ethics::{ApplicationPage, EthicsOverview, ReviewInvitationView, ReviewSummary};
use crate::ui::pagination::Paged;

#[cfg(feature = "ssr")]
use crate::accounts::session::{self, current_user, signed_in};
#[cfg(feature = "ssr")]
use crate::platform::state::app_state;
#[cfg(feature = "ssr")]
use crate::projects::ethics::{applications, decisions, documents, reading, records, review};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[cfg(feature = "ssr")]
fn go_to(ctx: &records::ApplicationCtx, done: &str) {
    redirect(&format!("{}?done={done}", records::page_path(ctx)));
}

#[cfg(feature = "ssr")]
fn texts(protocol: String, information_sheet: String, consent_form: String, topic_guide: String) -> documents::DocumentTexts {
    documents::DocumentTexts { protocol, information_sheet, consent_form, topic_guide }
}

#[server(endpoint = "ethics-overview")]
pub async fn ethics_section(project_id: i64) -> Result<EthicsOverview, AppError> {
    let actor = signed_in()?;
    reading::overview(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "ethics-application")]
pub async fn ethics_application(project_id: i64, application_id: i64) -> Result<ApplicationPage, AppError> {
    let actor = signed_in()?;
    reading::application_page(&app_state()?.db, &actor, project_id, application_id).await
}

#[server(endpoint = "ethics-start")]
pub async fn start_application(project_id: i64, route: Option<String>, title: String, summary: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let id = applications::create(&app_state()?.db, &actor, project_id, &route.unwrap_or_default(), &title, &summary).await?;
    redirect(&format!("/projects/{project_id}/ethics/{id}?done=started"));
    Ok(())
}

#[server(endpoint = "ethics-save-draft")]
pub async fn save_draft(
    application_id: i64,
    title: String,
    summary: String,
    protocol: String,
    information_sheet: String,
    consent_form: String,
    topic_guide: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let texts = texts(protocol, information_sheet, consent_form, topic_guide);
    let ctx = applications::save_draft(&app_state()?.db, &actor, application_id, &title, &summary, &texts).await?;
    go_to(&ctx, "saved");
    Ok(())
}

#[server(endpoint = "ethics-submit")]
pub async fn submit_application(application_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let ctx = applications::submit(&app_state()?.db, &actor, application_id).await?;
    go_to(&ctx, "submitted");
    Ok(())
}

#[server(endpoint = "ethics-withdraw")]
pub async fn withdraw_application(application_id: i64, withdraw_reason: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let ctx = applications::withdraw(&app_state()?.db, &actor, application_id, &withdraw_reason).await?;
    go_to(&ctx, "withdrawn");
    Ok(())
}

#[server(endpoint = "ethics-answer")]
pub async fn answer_request(
    application_id: i64,
    answer: String,
    protocol: String,
    information_sheet: String,
    consent_form: String,
    topic_guide: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let texts = texts(protocol, information_sheet, consent_form, topic_guide);
    let ctx = applications::answer(&app_state()?, &actor, application_id, &answer, &texts).await?;
    go_to(&ctx, "answered");
    Ok(())
}

#[server(endpoint = "ethics-amend")]
pub async fn amend_application(
    application_id: i64,
    amendment: String,
    protocol: String,
    information_sheet: String,
    consent_form: String,
    topic_guide: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let texts = texts(protocol, information_sheet, consent_form, topic_guide);
    let (ctx, _) = applications::amend(&app_state()?.db, &actor, application_id, &amendment, &texts).await?;
    go_to(&ctx, "amended");
    Ok(())
}

#[server(endpoint = "ethics-fix-document")]
pub async fn fix_document(application_id: i64, fix_kind: Option<String>, fix_body: String, fix_note: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let (ctx, _) =
        documents::small_fix(&app_state()?.db, &actor, application_id, &fix_kind.unwrap_or_default(), &fix_body, &fix_note).await?;
    go_to(&ctx, "fixed");
    Ok(())
}

#[server(endpoint = "ethics-request-information")]
pub async fn request_information(application_id: i64, request: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let ctx = decisions::request_information(&app_state()?, &actor, application_id, &request).await?;
    go_to(&ctx, "requested");
    Ok(())
}

#[allow(clippy::too_many_arguments)]
#[server(endpoint = "ethics-decide")]
pub async fn record_decision(
    application_id: i64,
    outcome: Option<String>,
    reference: String,
    approved_on: String,
    expires_on: String,
    letter: String,
    condition_1: String,
    owner_1: String,
    condition_2: String,
    owner_2: String,
    condition_3: String,
    owner_3: String,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let form = decisions::DecisionForm {
        outcome: outcome.unwrap_or_default(),
        reference,
        approved_on,
        expires_on,
        letter,
        conditions: vec![(condition_1, owner_1), (condition_2, owner_2), (condition_3, owner_3)],
    };
    let ctx = decisions::record_decision(&app_state()?, &actor, application_id, &form).await?;
    go_to(&ctx, "decided");
    Ok(())
}

#[server(endpoint = "ethics-add-condition")]
pub async fn add_condition(application_id: i64, condition_1: String, owner_1: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let ctx = decisions::add_condition(&app_state()?, &actor, application_id, &condition_1, &owner_1).await?;
    go_to(&ctx, "condition");
    Ok(())
}

#[server(endpoint = "ethics-close-condition")]
pub async fn close_condition(condition_id: i64, closing_note: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let ctx = decisions::close_condition(&app_state()?.db, &actor, condition_id, &closing_note).await?;
    go_to(&ctx, "closed");
    Ok(())
}

#[server(endpoint = "ethics-invite-reviewer")]
pub async fn invite_reviewer(application_id: i64, reviewer_email: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let ctx = review::invite(&app_state()?, &actor, application_id, &reviewer_email).await?;
    go_to(&ctx, "invited");
    Ok(())
}

#[server(endpoint = "ethics-review-invitation")]
pub async fn review_invitation(token: String) -> Result<ReviewInvitationView, AppError> {
    let me = current_user();
    review::invitation_view(&app_state()?.db, &token, me.as_ref()).await
}

#[server(endpoint = "ethics-accept-review")]
pub async fn accept_review(token: String, name: Option<String>, password: Option<String>) -> Result<(), AppError> {
    let state = app_state()?;
    let me = current_user();
    let accepted = review::accept(&state.db, &token, me.as_ref(), name.as_deref(), password.as_deref()).await?;
    if let Some(token) = accepted.new_session {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(http::header::SET_COOKIE, session::session_cookie(&state.config, &token));
        }
    }
    redirect(&accepted.path);
    Ok(())
}

#[server(endpoint = "ethics-my-reviews")]
pub async fn my_reviews(page: i64) -> Result<Paged<ReviewSummary>, AppError> {
    let actor = signed_in()?;
    review::my_reviews(&app_state()?.db, &actor, crate::ui::pagination::PageNumber(page.max(1))).await
}
