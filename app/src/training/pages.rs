//! Pages for training.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::{path, MatchNestedRoutes, SsrMode};

/// Every page under /training, plugged into the app's routes.
#[component(transparent)]
pub fn TrainingRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/training") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=Home ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}

#[component]
fn Home() -> impl IntoView {
    view! {
        <Title text="Training"/>
        <h1>"Training"</h1>
    }
}

/// This feature's part of each person's dashboard.
#[component]
pub fn TrainingOnDashboard() -> impl IntoView {}
