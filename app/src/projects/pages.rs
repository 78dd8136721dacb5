//! Pages for projects.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::{path, MatchNestedRoutes, SsrMode};

/// Every page under /projects, plugged into the app's routes.
#[component(transparent)]
pub fn ProjectRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/projects") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=Home ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}

#[component]
fn Home() -> impl IntoView {
    view! {
        <Title text="Projects"/>
        <h1>"Projects"</h1>
    }
}

/// This feature's part of each person's dashboard.
#[component]
pub fn ProjectsOnDashboard() -> impl IntoView {}
