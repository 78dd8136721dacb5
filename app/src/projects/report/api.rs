//! Server functions for the report: find the caller, call the service, say where to go next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::report::{ComparePage, PrintPage, ReportPage, SectionPage, VersionPage};

#[cfg(feature = "ssr")]
use crate::{accounts::session::signed_in, platform::state::app_state, projects::report::service, validate::ticked};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[cfg(feature = "ssr")]
fn report_path(project_id: i64) -> String {
    format!("/projects/{project_id}/report")
}

#[cfg(feature = "ssr")]
fn version_path(project_id: i64, version_id: i64) -> String {
    format!("/projects/{project_id}/report/versions/{version_id}")
}

#[server(endpoint = "report")]
pub async fn report_data(project_id: i64) -> Result<ReportPage, AppError> {
    let actor = signed_in()?;
    service::report_page(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "report-lay-summary")]
pub async fn save_lay_summary(project_id: i64, lay_summary: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::save_lay_summary(&app_state()?.db, &actor, project_id, &lay_summary).await?;
    redirect(&format!("{}?done=summary#lay-summary", report_path(project_id)));
    Ok(())
}

#[server(endpoint = "report-add-section")]
pub async fn add_section(project_id: i64, title: String, body: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::add_section(&app_state()?.db, &actor, project_id, &title, &body).await?;
    redirect(&format!("{}?done=section-added#sections", report_path(project_id)));
    Ok(())
}

#[server(endpoint = "report-section")]
pub async fn section_data(project_id: i64, section_id: i64) -> Result<SectionPage, AppError> {
    let actor = signed_in()?;
    service::section_page(&app_state()?.db, &actor, project_id, section_id).await
}

#[server(endpoint = "report-change-section")]
pub async fn change_section(project_id: i64, section_id: i64, title: String, body: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::change_section(&app_state()?.db, &actor, project_id, section_id, &title, &body).await?;
    redirect(&format!("{}?done=section-changed#sections", report_path(project_id)));
    Ok(())
}

#[server(endpoint = "report-move-section")]
pub async fn move_section(project_id: i64, section_id: i64, direction: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let up = match direction.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::Refused("Choose whether to move the section up or down.".into())),
    };
    service::move_section(&app_state()?.db, &actor, project_id, section_id, up).await?;
    redirect(&format!("{}?done=section-moved#sections", report_path(project_id)));
    Ok(())
}

#[server(endpoint = "report-remove-section")]
pub async fn remove_section(project_id: i64, section_id: i64, confirm_remove: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::remove_section(&app_state()?.db, &actor, project_id, section_id, ticked(&confirm_remove)).await?;
    redirect(&format!("{}?done=section-removed#sections", report_path(project_id)));
    Ok(())
}

#[server(endpoint = "report-credit")]
pub async fn choose_credit(project_id: i64, naming: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::choose_credit(&app_state()?.db, &actor, project_id, naming.as_deref().unwrap_or("")).await?;
    redirect(&format!("{}?done=credit#credits", report_path(project_id)));
    Ok(())
}

#[server(endpoint = "report-save-version")]
pub async fn save_version(project_id: i64, number: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let id = service::save_version(&app_state()?.db, &actor, project_id, number).await?;
    redirect(&format!("{}?done=saved", version_path(project_id, id)));
    Ok(())
}

#[server(endpoint = "report-version")]
pub async fn version_data(project_id: i64, version_id: i64) -> Result<VersionPage, AppError> {
    let actor = signed_in()?;
    service::version_page(&app_state()?.db, &actor, project_id, version_id).await
}

#[server(endpoint = "report-compare")]
pub async fn compare_data(project_id: i64, old: i64, new: i64) -> Result<ComparePage, AppError> {
    let actor = signed_in()?;
    service::compare(&app_state()?.db, &actor, project_id, old, new).await
}

#[server(endpoint = "report-comment")]
pub async fn comment_on_version(project_id: i64, version_id: i64, comment: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::comment(&app_state()?.db, &actor, project_id, version_id, &comment).await?;
    redirect(&format!("{}?done=comment#comments", version_path(project_id, version_id)));
    Ok(())
}

#[server(endpoint = "report-review")]
pub async fn review_version(project_id: i64, version_id: i64, note: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::review(&app_state()?.db, &actor, project_id, version_id, &note).await?;
    redirect(&format!("{}?done=review#comments", version_path(project_id, version_id)));
    Ok(())
}

#[server(endpoint = "report-send")]
pub async fn send_version(project_id: i64, version_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::send(&app_state()?, &actor, project_id, version_id).await?;
    redirect(&format!("{}?done=sent", version_path(project_id, version_id)));
    Ok(())
}

#[server(endpoint = "report-sign-off")]
pub async fn sign_off_version(project_id: i64, version_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::sign_off(&app_state()?, &actor, project_id, version_id).await?;
    redirect(&format!("{}?done=signed-off", version_path(project_id, version_id)));
    Ok(())
}

#[server(endpoint = "report-ask-for-changes")]
pub async fn ask_for_changes(project_id: i64, version_id: i64, changes: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::ask_for_changes(&app_state()?, &actor, project_id, version_id, &changes).await?;
    redirect(&format!("{}?done=changes-asked#comments", version_path(project_id, version_id)));
    Ok(())
}

#[server(endpoint = "report-print")]
pub async fn print_data(project_id: i64) -> Result<PrintPage, AppError> {
    let actor = signed_in()?;
    service::print_page(&app_state()?.db, &actor, project_id).await
}
