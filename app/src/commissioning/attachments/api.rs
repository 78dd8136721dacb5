//! Server function for removing a file (uploads and downloads are plain HTTP routes).

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{
    accounts::session::signed_in, commissioning::attachments::service, commissioning::records::load_response,
    platform::state::app_state,
};

#[server(endpoint = "remove-attachment")]
pub async fn remove_attachment(attachment_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let db = app_state()?.db;
    let response_id = service::remove(&db, &actor, attachment_id).await?;
    let brief_id = load_response(&db, response_id).await?.brief_id;
    leptos_axum::redirect(&format!("/briefs/{brief_id}/responses/{response_id}?done=removed#attachments"));
    Ok(())
}
