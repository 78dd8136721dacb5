//! Server functions for certificates: issued when someone meets the completion rule, issued or revoked by hand, verified publicly.
//! Thin: find the caller, call the service, say where to go next.

use leptos::prelude::*;

use crate::error::AppError;
use crate::training::*;
#[cfg(feature = "ssr")]
use crate::training::api_support::*;
#[cfg(feature = "ssr")]
use super::service;

#[server(endpoint = "training-certificate")]
pub async fn certificate(code: String) -> Result<CertificateView, AppError> {
    let actor = signed_in()?;
    service::certificate_page(&app_state()?.db, &actor, &code).await
}

/// Public: anyone may check a code, signed in or not.
#[server(endpoint = "training-verify")]
pub async fn verify_certificate(code: String) -> Result<Verification, AppError> {
    if code.trim().is_empty() || code.len() > 40 {
        return Ok(Verification::Unknown);
    }
    if !session::within_limit(&crate::platform::rate_limit::CERTIFICATE_CHECK, &code).await? {
        return Err(crate::platform::rate_limit::Allowed::refusal(10));
    }
    service::verify_certificate(&app_state()?.db, &code).await
}

#[server(endpoint = "training-issue-certificate")]
pub async fn issue_certificate(cohort_id: i64, user_id: i64, reason: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    service::issue_certificate(&app_state()?.db, &actor, cohort_id, user_id, &reason).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=issued#certificates"));
    Ok(())
}

#[server(endpoint = "training-revoke-certificate")]
pub async fn revoke_certificate(certificate_id: i64, reason: String) -> Result<(), AppError> {
    let actor = signed_in()?;
    let cohort_id = service::revoke_certificate(&app_state()?.db, &actor, certificate_id, &reason).await?;
    redirect(&format!("/training/cohorts/{cohort_id}?done=revoked#certificates"));
    Ok(())
}
