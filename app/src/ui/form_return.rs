//! Showing a failed form's messages, and what was typed, after a post without JavaScript.
//!
//! Leptos sends such an answer back to the form's page in the address (`__err`). The server
//! keeps it out of the address instead (`platform::form_return`) and hands it to the page
//! being rendered; here the page gives it to its `ServerAction`s exactly as Leptos would
//! have from the address, and writes it into the page so the browser's code, when it
//! takes over, shows the same thing.

use leptos::prelude::*;
use leptos::server::ServerActionError;

/// A failed form's answer: which server function, and its error as Leptos encodes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Returned {
    pub function_path: String,
    pub error: String,
}

const ELEMENT_ID: &str = "form-return";

/// The answer handed to this page, if any: from the request on the server, from the page
/// itself in the browser.
fn returned() -> Option<Returned> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<Returned>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        let element = document().get_element_by_id(ELEMENT_ID)?;
        Some(Returned { function_path: element.get_attribute("data-path")?, error: element.get_attribute("data-error")? })
    }
}

/// Called once by the layout, inside the router: provides the answer to the page's server
/// actions and renders the hidden element that carries it to the browser. After the
/// person moves to another page, the answer is dropped, so it never shows twice.
pub fn provide_returned_error() -> impl IntoView {
    let returned = returned();
    if let Some(answer) = &returned {
        provide_context(ServerActionError::new(&answer.function_path, &answer.error));
        let owner = Owner::current();
        let location = leptos_router::hooks::use_location();
        Effect::new(move |seen: Option<()>| {
            location.pathname.track();
            location.search.track();
            if seen.is_some() {
                if let Some(owner) = &owner {
                    owner.with(take_context::<ServerActionError>);
                }
            }
        });
    }
    returned.map(|answer| {
        view! { <span hidden id=ELEMENT_ID data-path=answer.function_path data-error=answer.error></span> }
    })
}
