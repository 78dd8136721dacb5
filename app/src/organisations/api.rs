//! Organisation server functions: thin wrappers that find the caller and call the service.

use leptos::prelude::*;

use crate::error::AppError;
use crate::organisations::{InvitationView, OrganisationPage, OrganisationSummary};
use crate::ui::pagination::Paged;
#[cfg(feature = "ssr")]
use crate::ui::pagination::PageNumber;

#[cfg(feature = "ssr")]
mod server {
    pub use crate::organisations::service;
    pub use crate::accounts::session::{self, current_user, signed_in};
    pub use crate::platform::state::app_state;
    pub use leptos_axum::redirect;
}
#[cfg(feature = "ssr")]
use server::*;

#[server(endpoint = "organisations")]
pub async fn list_organisations(page: i64) -> Result<Paged<OrganisationSummary>, AppError> {
    let actor = signed_in()?;
    service::list_organisations(&app_state()?.db, &actor, PageNumber::parse(Some(&page.to_string()))).await
}

#[server(endpoint = "organisation")]
pub async fn organisation(slug: String, page: i64) -> Result<OrganisationPage, AppError> {
    let actor = signed_in()?;
    service::organisation_page(&app_state()?.db, &actor, &slug, PageNumber::parse(Some(&page.to_string()))).await
}

#[server(endpoint = "create-organisation")]
pub async fn create_organisation(name: String, kind: String, description: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let slug = service::create_organisation(&app_state()?.db, &actor, &name, &kind, &description).await?;
    redirect(&format!("/organisations/{slug}?done=created"));
    Ok(())
}

#[server(endpoint = "invite-member")]
pub async fn invite_member(
    organisation_id: i64,
    email: String,
    role: String,
    lead: Option<String>,
) -> Result<(), AppError> {
    let actor = signed_in()?;
    let inviter = current_user().map(|u| u.name).unwrap_or_default();
    let state = app_state()?;
    service::invite(&state, &actor, &inviter, organisation_id, &email, &role, crate::validate::ticked(&lead)).await?;
    let slug = service::slug_of(&state.db, organisation_id).await?;
    redirect(&format!("/organisations/{slug}?done=invited"));
    Ok(())
}

#[server(endpoint = "change-member-role")]
pub async fn change_member_role(membership_id: i64, role: String, lead: Option<String>) -> Result<(), AppError> {
    let actor = signed_in()?;
    let db = app_state()?.db;
    let organisation_id =
        service::change_role(&db, &actor, membership_id, &role, crate::validate::ticked(&lead)).await?;
    redirect(&format!("/organisations/{}?done=role", service::slug_of(&db, organisation_id).await?));
    Ok(())
}

#[server(endpoint = "remove-member")]
pub async fn remove_member(membership_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let db = app_state()?.db;
    let (organisation_id, left) = service::remove_member(&db, &actor, membership_id).await?;
    // Someone who left can no longer see the organisation's page.
    if left && !actor.is_admin {
        redirect("/organisations?done=left");
    } else {
        redirect(&format!("/organisations/{}?done=removed", service::slug_of(&db, organisation_id).await?));
    }
    Ok(())
}

#[server(endpoint = "withdraw-invitation")]
pub async fn withdraw_invitation(invitation_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    let db = app_state()?.db;
    let organisation_id = service::withdraw_invitation(&db, &actor, invitation_id).await?;
    redirect(&format!("/organisations/{}?done=withdrawn", service::slug_of(&db, organisation_id).await?));
    Ok(())
}

#[server(endpoint = "invitation")]
pub async fn invitation(token: String) -> Result<InvitationView, AppError> {
    let me = current_user();
    service::invitation_view(&app_state()?.db, &token, me.as_ref()).await
}

#[server(endpoint = "accept-invitation")]
pub async fn accept_invitation(token: String, name: Option<String>, password: Option<String>) -> Result<(), AppError> {
    let state = app_state()?;
    if !session::within_limit(&crate::platform::rate_limit::INVITATION, &token).await? {
        return Err(crate::platform::rate_limit::Allowed::refusal(60));
    }
    let me = current_user();
    let new_session =
        service::accept_invitation(&state.db, &token, me.as_ref(), name.as_deref(), password.as_deref()).await?;
    if let Some(token) = new_session {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(http::header::SET_COOKIE, session::session_cookie(&state.config, &token));
        }
    }
    redirect("/dashboard?joined=1");
    Ok(())
}

/// Every organisation, for platform administrators only.
#[server(endpoint = "admin-organisations")]
pub async fn admin_organisations(page: i64) -> Result<Paged<OrganisationSummary>, AppError> {
    let actor = signed_in()?;
    crate::authz::require(Some(&actor), crate::authz::Action::Administer)?;
    service::list_organisations(&app_state()?.db, &actor, PageNumber::parse(Some(&page.to_string()))).await
}
