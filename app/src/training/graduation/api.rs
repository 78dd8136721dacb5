//! Server functions: graduation: inviting graduates into research groups, graduates asking to be found, founding a new group.
//! Thin: find the caller, call the service, say where to go next.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;
#[cfg(feature = "ssr")]
use crate::training::api_support::*;
#[cfg(feature = "ssr")]
use super::service;

#[server(endpoint = "training-invite-graduate")]
pub async fn invite_graduate(cohort_id: i64, user_id: i64, organisation_id: i64) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::invite_graduate(&app_state()?, &actor, &my_name(), cohort_id, user_id, organisation_id).await?;
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
    service::found_group(&app_state()?, &actor, &my_name(), cohort_id, &group_name, &group_description, &ticked_ids(&founders))
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
