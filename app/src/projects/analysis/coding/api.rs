//! Server functions for coding a transcript. The ticked paragraphs come as
//! `paragraphs[0]`, `paragraphs[1]`, ... (one tick box each; a form posts only the ticked
//! ones), each carrying its paragraph's number.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::analysis::coding::TranscriptPage;

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::signed_in,
    platform::state::app_state,
    projects::analysis::coding::service::{self, CodingInput},
};
#[cfg(feature = "ssr")]
use leptos_axum::redirect;

#[server(endpoint = "analysis-transcript")]
pub async fn analysis_transcript(project_id: i64, file_id: i64) -> Result<TranscriptPage, AppError> {
    let actor = signed_in()?;
    service::transcript_page(&app_state()?.db, &actor, project_id, file_id).await
}

#[server(endpoint = "analysis-code-passage")]
pub async fn code_passage(
    project_id: i64,
    file_id: i64,
    paragraphs: Option<Vec<String>>,
    code_id: Option<String>,
    memo: Option<String>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let input = CodingInput { paragraphs: paragraphs.unwrap_or_default(), code_id: code_id.unwrap_or_default(), memo: memo.unwrap_or_default() };
    service::code_passage(&app_state()?.db, &actor, project_id, file_id, &input).await?;
    redirect(&format!("/projects/{project_id}/analysis/transcripts/{file_id}?done=coded#coded"));
    Ok(())
}

#[server(endpoint = "analysis-remove-highlight")]
pub async fn remove_highlight(project_id: i64, highlight_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let file_id = service::remove_highlight(&app_state()?.db, &actor, project_id, highlight_id).await?;
    redirect(&format!("/projects/{project_id}/analysis/transcripts/{file_id}?done=removed#coded"));
    Ok(())
}
