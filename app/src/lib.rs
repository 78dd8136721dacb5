#![recursion_limit = "512"]
//! CoResearch: training, commissioning and project management for citizen research
//! groups. Pages and server functions are shared by the server and the browser; the
//! service and data code behind the `ssr` feature runs only on the server.

pub mod accounts;
pub mod activity;
pub mod app;
pub mod audit;
pub mod commissioning;
pub mod dashboard;
pub mod error;
pub mod identity;
pub mod my_data;
pub mod organisations;
pub mod projects;
pub mod training;
pub mod ui;
pub mod validate;

#[cfg(feature = "ssr")]
pub mod authz;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod housekeeping;
#[cfg(feature = "ssr")]
pub mod http_routes;
#[cfg(feature = "ssr")]
pub mod invitations;
#[cfg(feature = "ssr")]
pub mod platform;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Every page is whole without JavaScript; only #[island] components are hydrated.
    leptos::mount::hydrate_islands();
    // Marks the page as ready: the browser tests wait for this before clicking.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
