//! Server functions for graduation: inviting graduates into research groups, graduates asking to be found, founding a new group.
//! Thin: find the caller, call the service, say where to go next.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;
#[cfg(feature = "ssr")]
use crate::identity::Actor;
#[cfg(feature = "ssr")]
use crate::platform::state::AppState;
#[cfg(feature = "ssr")]
use crate::ui::pagination::PageNumber;
#[cfg(feature = "ssr")]
use crate::training::api_support::*;
#[cfg(feature = "ssr")]
use super::service;

#[server(endpoint = "training-invite-graduate")]
pub async fn invite_graduate(cohort_id: i64, user_id: i64, organisation_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    invite_graduate_into_group(&app_state()?, &actor, &my_name(), cohort_id, user_id, organisation_id).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=graduate#graduation"));
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
    found_new_group(&app_state()?, &actor, &my_name(), cohort_id, &group_name, &group_description, &ticked_ids(&founders))
        .await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=founded#graduation"));
    Ok(())
}

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
pub async fn seeking_graduates_page(page: Option<String>) -> Result<GraduatesPage, AppError> {
    let actor = signed_in()?;
    service::seeking_graduates(&app_state()?.db, &actor, PageNumber::parse(page.as_deref())).await
}

#[server(endpoint = "training-invite-seeking-graduate")]
pub async fn invite_seeking_graduate(user_id: i64, organisation_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    invite_seeking_graduate_into_group(&app_state()?, &actor, &my_name(), user_id, organisation_id).await?;
    redirect("/training/graduates?done=invited");
    Ok(())
}

// ---- Where training meets organisations: the group invitation itself is theirs ----

/// Invites a graduate (someone holding a valid certificate from the cohort) into a
/// research group, through the organisations' own invitations.
/// Founding a group from a cohort's graduates: training checks who may found it and
/// which graduates, organisations creates the group and its invitations in one
/// transaction, and then the founders hear. Returns the new group's web address.
#[cfg(feature = "ssr")]
pub async fn found_new_group(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    cohort_id: i64,
    name: &str,
    description: &str,
    founders: &[i64],
) -> Result<String, AppError> {
    use super::found_group::{check_founding, tell_founders};
    use crate::identity::OrgKind;
    use crate::organisations::service::{found_group_with_coordinators, NewOrganisation};
    let founding = check_founding(&state.db, actor, cohort_id, name, description, founders).await?;
    let new = NewOrganisation { name: &founding.name, kind: OrgKind::ResearchGroup, description: &founding.description };
    let (group, tokens) =
        found_group_with_coordinators(&state.db, actor.user_id, &new, &founding.founder_emails, || founding.name_taken()).await?;
    tell_founders(state, inviter_name, &founding, &tokens).await;
    Ok(group.slug)
}

#[cfg(feature = "ssr")]
pub async fn invite_graduate_into_group(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    cohort_id: i64,
    user_id: i64,
    organisation_id: i64,
) -> Result<(), AppError> {
    let email = service::graduate_email(&state.db, actor, cohort_id, user_id).await?;
    crate::organisations::service::invite(state, actor, inviter_name, organisation_id, &email, "member", false).await
}

/// A coordinator invites a graduate who is looking for a group into a group they
/// coordinate, through the organisations' own invitations (as a member).
#[cfg(feature = "ssr")]
pub async fn invite_seeking_graduate_into_group(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    user_id: i64,
    organisation_id: i64,
) -> Result<(), AppError> {
    let email = service::seeking_graduate_email(&state.db, actor, user_id, organisation_id).await?;
    crate::organisations::service::invite(state, actor, inviter_name, organisation_id, &email, "member", false).await
}
