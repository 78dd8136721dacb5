//! Plain HTTP endpoints that are neither pages nor server functions (file downloads
//! such as CSV exports, and multipart uploads), gathered for the server's router. They
//! sit behind the same session middleware, so handlers read the person with
//! `accounts::session::actor()`-style helpers from the request extensions.

use axum::Router;

use crate::platform::state::AppState;

/// Each feature merges its own routes here.
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(crate::training::export::routes())
        .merge(crate::commissioning::attachments::routes())
        .merge(crate::projects::plan::calendar::routes())
        .merge(crate::my_data::service::download::routes())
        .merge(crate::projects::fieldwork::files::routes())
        .merge(crate::projects::fieldwork::sessions::calendar::routes())
        .merge(crate::projects::analysis::export::routes())
        .merge(crate::activity::routes())
}
