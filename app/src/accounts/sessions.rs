//! The account page's list of where a person is signed in: each browser and when it was
//! last used, a button to sign out of any other one, and "Sign out everywhere" (for a
//! shared computer in a day centre or library that was left signed in).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::ui::{error_of, with_data, ErrorSummary};

/// One place the person is signed in, as the account page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    /// Empty for this browser's own session, which is ended by signing out.
    pub public_id: String,
    pub browser: String,
    pub last_used: String,
    pub started: String,
    pub this_one: bool,
}

#[cfg(feature = "ssr")]
mod server {
    pub use crate::accounts::session::{self, current_session};
    pub use crate::platform::state::app_state;
    pub use crate::platform::time::format_date_time;
    pub use http::header::SET_COOKIE;
    pub use leptos_axum::{redirect, ResponseOptions};

    /// The signed-in person's session, going through the rules like every other check.
    pub fn own_session() -> Result<session::Session, crate::error::AppError> {
        crate::accounts::session::require_user()?;
        current_session().ok_or(crate::error::AppError::NotSignedIn)
    }
}
#[cfg(feature = "ssr")]
use server::*;

#[server(endpoint = "my-sessions")]
pub async fn my_sessions() -> Result<Vec<SessionView>, AppError> {
    let current = own_session()?;
    let state = app_state()?;
    let live = session::live_sessions(&state.db, &state.config, current.user.id).await?;
    Ok(live
        .into_iter()
        .map(|row| {
            let this_one = row.id_hash == current.id_hash;
            SessionView {
                public_id: if this_one { String::new() } else { row.public_id },
                browser: if row.browser.is_empty() { "Unknown browser".into() } else { row.browser },
                last_used: format_date_time(row.last_seen_at),
                started: format_date_time(row.created_at),
                this_one,
            }
        })
        .collect())
}

#[server(endpoint = "end-session")]
pub async fn end_session(session_id: String) -> Result<(), AppError> {
    let current = own_session()?;
    let state = app_state()?;
    session::end_other(&state.db, current.user.id, &session_id, &current.id_hash).await?;
    redirect("/account?saved=session-ended#sessions");
    Ok(())
}

#[server(endpoint = "sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    let current = own_session()?;
    let state = app_state()?;
    session::end_all(&state.db, current.user.id).await?;
    if let Some(response) = use_context::<ResponseOptions>() {
        response.append_header(SET_COOKIE, session::clearing_cookie(&state.config));
    }
    redirect("/?signed_out=everywhere");
    Ok(())
}

/// The "Where you are signed in" part of the account page.
#[component]
pub fn SessionsPanel(#[prop(into)] refresh: Signal<Option<String>>) -> impl IntoView {
    let end_action = ServerAction::<EndSession>::new();
    let everywhere_action = ServerAction::<SignOutEverywhere>::new();
    let end_error = error_of(end_action);
    let everywhere_error = error_of(everywhere_action);
    let sessions = Resource::new(
        move || (refresh.get(), end_action.version().get()),
        |_| my_sessions(),
    );
    view! {
        <section aria-labelledby="sessions-heading" class="panel" id="sessions">
            <h2 id="sessions-heading">"Where you are signed in"</h2>
            <p>"If you used a shared computer, in a library or a day centre say, and did not sign out, you can sign it out from here."</p>
            <ErrorSummary error=end_error/>
            {with_data(sessions, move |sessions| view! {
                <ul class="session-list">
                    {sessions.into_iter().map(|s| {
                        // The visible words start the button's name (as speech software users say them).
                        let which = format!(": {}, last used {}", s.browser, s.last_used);
                        view! {
                            <li>
                                <p>
                                    <strong>{s.browser.clone()}</strong>
                                    {s.this_one.then_some(" (this browser)")}
                                    <br/>
                                    {format!("Last used {}. Signed in {}.", s.last_used, s.started)}
                                </p>
                                {(!s.this_one).then(|| view! {
                                    <ActionForm action=end_action attr:class="form">
                                        <input type="hidden" name="session_id" value=s.public_id.clone()/>
                                        <button type="submit" class="button button-secondary">"Sign out there"<span class="visually-hidden">{which}</span></button>
                                    </ActionForm>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <ErrorSummary error=everywhere_error/>
            <ActionForm action=everywhere_action attr:class="form">
                <button type="submit" class="button">"Sign out everywhere"</button>
            </ActionForm>
            <p>"This signs you out on every computer and phone, this one too."</p>
        </section>
    }
}
