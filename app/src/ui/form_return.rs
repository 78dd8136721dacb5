//! Showing a failed form's messages, and what was typed, after the form was posted.
//!
//! Leptos sends such an answer back to the form's page in the address (`__err`). The server
//! keeps it out of the address instead (`platform::form_return`) and hands it to the page
//! being rendered; here the page gives it to its `ServerAction`s exactly as Leptos would
//! have from the address.

use leptos::prelude::*;
use leptos::server::ServerActionError;

/// A failed form's answer: which server function, and its error as Leptos encodes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Returned {
    pub function_path: String,
    pub error: String,
}

/// The answer handed to this page by the server, if any.
#[cfg(feature = "ssr")]
fn returned() -> Option<Returned> {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<Returned>().cloned())
}

#[cfg(not(feature = "ssr"))]
fn returned() -> Option<Returned> {
    None
}

/// Called once by the layout, inside the router: gives the answer to the page's server
/// actions. Pages are rendered only on the server (islands), and each is rendered once,
/// so the answer shows on the page it was sent back to and never again.
pub fn provide_returned_error() {
    if let Some(answer) = returned() {
        provide_context(ServerActionError::new(&answer.function_path, &answer.error));
    }
}
