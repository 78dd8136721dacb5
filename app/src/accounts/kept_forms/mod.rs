//! A form sent after its sender's session ended is not lost.
//!
//! Someone writes a long learning-log entry, goes for lunch, and presses Save after the
//! session has ended (2 hours idle). Without this, they are told to sign in and what they
//! typed is gone. Instead, what they sent is kept for them (and only them: the ended
//! session says who they were) for 30 minutes; they sign in again and press "Send it now",
//! and the form is sent as if nothing had happened, then they are back on its page.
//! Works without JavaScript: the whole journey is plain form posts and redirects.

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::ui::{error_of, query_value, with_data, ErrorSummary};

/// The page a kept form is sent from; its address carries the reference as `kept=`.
pub const CONTINUE_PATH: &str = "/continue-form";

/// What the "Send it now" page needs: where the form goes, its fields as typed, and the
/// page it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptForm {
    pub function_path: String,
    pub fields: Vec<(String, String)>,
    pub back_to: String,
    pub kept_until: String,
}

#[cfg(feature = "ssr")]
pub mod store;

#[server(endpoint = "kept-form")]
pub async fn load_kept_form(kept: String) -> Result<KeptForm, AppError> {
    let user = crate::accounts::session::require_user()?;
    let state = crate::platform::state::app_state()?;
    store::for_person(&state.db, &kept, user.id, crate::platform::time::now()).await
}

#[server(endpoint = "discard-kept-form")]
pub async fn discard_kept_form(kept: String) -> Result<(), AppError> {
    let user = crate::accounts::session::require_user()?;
    let state = crate::platform::state::app_state()?;
    let back_to = store::discard(&state.db, &kept, user.id).await?;
    leptos_axum::redirect(&back_to.unwrap_or_else(|| "/dashboard".into()));
    Ok(())
}

#[component]
pub fn ContinueFormPage() -> impl IntoView {
    let kept = query_value("kept");
    let form = Resource::new(move || kept.get(), |kept| load_kept_form(kept.unwrap_or_default()));
    let discard = ServerAction::<DiscardKeptForm>::new();
    let discard_error = error_of(discard);
    view! {
        <Title text="Send your form"/>
        <h1>"Send your form"</h1>
        <ErrorSummary error=discard_error/>
        {with_data(form, move |form| {
            let fields = form
                .fields
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
                .collect_view();
            view! {
                <p class="lead">"You were signed out before your form was sent, so it was not saved then. We kept what you typed."</p>
                <p>"Press " <strong>"Send it now"</strong> " to finish. You will then be back on the page you were using. "
                   "We keep it only until " {form.kept_until} ", and only for you."</p>
                // A plain form (not an ActionForm): it goes to the same place the original
                // form went, with the same fields, with or without JavaScript.
                <form method="post" action=form.function_path class="form">
                    {fields}
                    <button type="submit" class="button">"Send it now"</button>
                </form>
                <ActionForm action=discard attr:class="form">
                    <input type="hidden" name="kept" value=move || kept.get().unwrap_or_default()/>
                    <button type="submit" class="button button-secondary">"Do not send it"</button>
                </ActionForm>
                <p><a href=form.back_to>"Go back to the page without sending"</a></p>
            }
        })}
    }
}
