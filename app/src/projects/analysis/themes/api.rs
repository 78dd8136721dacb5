//! Server functions for themes and quotes. A theme's codes come as `codes[0]`, `codes[1]`,
//! ... (one tick box each; a form posts only the ticked ones).

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::analysis::themes::{ThemePage, ThemesPage};

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::signed_in,
    platform::state::app_state,
    projects::analysis::themes::service::{self, ThemeInput},
    validate::ticked,
};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[cfg(feature = "ssr")]
fn theme_path(project_id: i64, theme_id: i64) -> String {
    format!("/projects/{project_id}/analysis/themes/{theme_id}")
}

#[server(endpoint = "analysis-themes")]
pub async fn analysis_themes(project_id: i64) -> Result<ThemesPage, AppError> {
    let actor = signed_in()?;
    service::themes_page(&app_state()?.db, &actor, project_id).await
}

#[server(endpoint = "analysis-theme")]
pub async fn analysis_theme(project_id: i64, theme_id: i64) -> Result<ThemePage, AppError> {
    let actor = signed_in()?;
    service::theme_page(&app_state()?.db, &actor, project_id, theme_id).await
}

#[server(endpoint = "analysis-add-theme")]
pub async fn add_theme(project_id: i64, name: String, description: String, codes: Option<Vec<String>>) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = ThemeInput { name, description, codes: codes.unwrap_or_default() };
    let id = service::add_theme(&app_state()?.db, &actor, project_id, &input).await?;
    redirect(&format!("{}?done=added", theme_path(project_id, id)));
    Ok(())
}

#[server(endpoint = "analysis-change-theme")]
pub async fn change_theme(project_id: i64, theme_id: i64, name: String, description: String, codes: Option<Vec<String>>) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = ThemeInput { name, description, codes: codes.unwrap_or_default() };
    service::change_theme(&app_state()?.db, &actor, project_id, theme_id, &input).await?;
    redirect(&format!("{}?done=changed", theme_path(project_id, theme_id)));
    Ok(())
}

#[server(endpoint = "analysis-remove-theme")]
pub async fn remove_theme(project_id: i64, theme_id: i64, confirm_remove: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::remove_theme(&app_state()?.db, &actor, project_id, theme_id, ticked(&confirm_remove)).await?;
    redirect(&format!("/projects/{project_id}/analysis/themes?done=removed"));
    Ok(())
}

#[server(endpoint = "analysis-add-quote")]
pub async fn add_quote(project_id: i64, theme_id: i64, highlight_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::add_quote(&app_state()?.db, &actor, project_id, theme_id, highlight_id).await?;
    redirect(&format!("{}?done=quote-added#quotes", theme_path(project_id, theme_id)));
    Ok(())
}

#[server(endpoint = "analysis-remove-quote")]
pub async fn remove_quote(project_id: i64, theme_id: i64, highlight_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::remove_quote(&app_state()?.db, &actor, project_id, theme_id, highlight_id).await?;
    redirect(&format!("{}?done=quote-removed#quotes", theme_path(project_id, theme_id)));
    Ok(())
}
