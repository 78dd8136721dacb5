//! The trail for platform administrators.

use leptos::prelude::*;

use crate::audit::EntryView;
use crate::error::AppError;
use crate::ui::pagination::Paged;

#[server(endpoint = "audit-trail")]
pub async fn audit_trail(page: i64) -> Result<Paged<EntryView>, AppError> {
    use crate::platform::audit::{list, Scope};
    let actor = crate::accounts::session::signed_in()?;
    crate::authz::require(Some(&actor), crate::authz::Action::Administer)?;
    let db = crate::platform::state::app_state()?.db;
    let entries = list(&db, Scope::Everything, crate::ui::pagination::PageNumber::parse(Some(&page.to_string()))).await?;
    Ok(entries.map(EntryView::from))
}
