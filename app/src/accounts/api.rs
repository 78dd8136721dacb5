//! Account server functions: each checks who is calling, calls the service, and says
//! where the browser goes next. Forms post here with or without JavaScript.

use leptos::prelude::*;

use crate::identity::CurrentUser;
use crate::error::AppError;

#[cfg(feature = "ssr")]
mod server {
    pub use crate::accounts::service;
    pub use crate::accounts::session::{self, client_address, current_session, require_user};
    pub use crate::platform::state::app_state;
    pub use http::header::SET_COOKIE;
    pub use leptos_axum::{redirect, ResponseOptions};

    pub fn set_cookie(value: http::HeaderValue) {
        if let Some(response) = leptos::prelude::use_context::<ResponseOptions>() {
            response.append_header(SET_COOKIE, value);
        }
    }
}
#[cfg(feature = "ssr")]
use server::*;

/// The signed-in person, if any (for the header and display preferences).
#[server(endpoint = "current-user")]
pub async fn signed_in_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(crate::accounts::session::current_user())
}

/// Whether anyone may create an account, for the register page.
#[server(endpoint = "registration-open")]
pub async fn registration_open() -> Result<bool, AppError> {
    Ok(app_state()?.config.registration_open)
}

#[server(endpoint = "register")]
pub async fn register(name: String, email: String, password: String) -> Result<(), AppError> {
    let state = app_state()?;
    // Too many for one mailbox: answer as usual, but send nothing more to it.
    if session::within_limit(&crate::platform::rate_limit::REGISTER, &email).await? {
        service::register(&state, &name, &email, &password).await?;
    }
    redirect("/register/check-email");
    Ok(())
}

#[server(endpoint = "verify-email")]
pub async fn verify_email(token: String, password: String) -> Result<(), AppError> {
    let state = app_state()?;
    service::verify_email(&state.db, &token, &password).await?;
    redirect("/sign-in?confirmed=1");
    Ok(())
}

/// Whether a one-time link can still be used, so its page can say so before any typing.
#[server(endpoint = "check-link")]
pub async fn check_link(token: String, purpose: String) -> Result<(), AppError> {
    let state = app_state()?;
    let purpose = match purpose.as_str() {
        "verify_email" => service::LinkPurpose::VerifyEmail,
        "reset_password" => service::LinkPurpose::ResetPassword,
        "change_email" => service::LinkPurpose::ChangeEmail,
        _ => return Err(AppError::NotFound),
    };
    service::check_link(&state.db, &token, purpose).await.map(|_| ())
}

#[server(endpoint = "sign-in")]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let state = app_state()?;
    let token = service::sign_in(&state, &email, &password, &client_address()).await?;
    set_cookie(session::session_cookie(&state.config, &token));
    redirect(&crate::accounts::safe_next_path(next.as_deref()));
    Ok(())
}

#[server(endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = app_state()?;
    if let Some(current) = current_session() {
        session::end(&state.db, &current.id_hash).await?;
    }
    set_cookie(session::clearing_cookie(&state.config));
    redirect("/?signed_out=1");
    Ok(())
}

#[server(endpoint = "forgot-password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    let state = app_state()?;
    if session::within_limit(&crate::platform::rate_limit::PASSWORD_RESET, &email).await? {
        service::request_password_reset(&state, &email).await?;
    }
    redirect("/forgot-password?sent=1");
    Ok(())
}

#[server(endpoint = "reset-password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    let state = app_state()?;
    service::reset_password(&state, &token, &password).await?;
    // Any session this browser had was ended with the others.
    set_cookie(session::clearing_cookie(&state.config));
    redirect("/sign-in?reset=1");
    Ok(())
}

#[server(endpoint = "update-name")]
pub async fn update_name(name: String) -> Result<(), AppError> {
    let user = require_user()?;
    service::update_name(&app_state()?.db, user.id, &name).await?;
    redirect("/account?saved=name");
    Ok(())
}

#[server(endpoint = "change-email")]
pub async fn change_email(new_email: String, email_password: String) -> Result<(), AppError> {
    let user = require_user()?;
    let state = app_state()?;
    service::request_email_change(&state, &user, &new_email, &email_password).await?;
    redirect("/account?saved=email-sent");
    Ok(())
}

#[server(endpoint = "confirm-email-change")]
pub async fn confirm_email_change(token: String) -> Result<(), AppError> {
    let state = app_state()?;
    service::confirm_email_change(&state, &token, current_session().as_ref()).await?;
    redirect("/account?saved=email");
    Ok(())
}

#[server(endpoint = "change-password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    let user = require_user()?;
    let state = app_state()?;
    let token = service::change_password(&state, &user, &current_password, &new_password).await?;
    set_cookie(session::session_cookie(&state.config, &token));
    redirect("/account?saved=password");
    Ok(())
}

#[server(endpoint = "update-preferences")]
pub async fn update_preferences(large_text: Option<String>, high_contrast: Option<String>) -> Result<(), AppError> {
    let user = require_user()?;
    let state = app_state()?;
    service::update_preferences(
        &state.db,
        user.id,
        crate::validate::ticked(&large_text),
        crate::validate::ticked(&high_contrast),
    )
    .await?;
    redirect("/account?saved=preferences");
    Ok(())
}
