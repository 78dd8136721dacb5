//! Pages for commissioning: the routes under /briefs, and what the parts' pages share.
//! Each part (briefs, questions, responses, attachments, decisions, tracking) has its own
//! pages; every form is an `ActionForm`, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};

use leptos_router::{path, MatchNestedRoutes, SsrMode};

use crate::commissioning::briefs::pages::{BriefView, BriefsPage, EditBriefPage, NewBriefPage};
use crate::commissioning::decisions::pages::DecisionsView;
use crate::commissioning::responses::pages::ResponseView;
use crate::commissioning::tracking::pages::TrackingPage;
use crate::commissioning::{BriefState, ResponseState};

pub use crate::commissioning::tracking::pages::BriefsOnDashboard;

/// Every page under /briefs, plugged into the app's routes.
#[component(transparent)]
pub fn BriefRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/briefs") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=BriefsPage ssr=SsrMode::Async/>
            <Route path=path!("new") view=NewBriefPage ssr=SsrMode::Async/>
            <Route path=path!("mine") view=TrackingPage ssr=SsrMode::Async/>
            <Route path=path!(":id") view=BriefView ssr=SsrMode::Async/>
            <Route path=path!(":id/edit") view=EditBriefPage ssr=SsrMode::Async/>
            <Route path=path!(":id/decisions") view=DecisionsView ssr=SsrMode::Async/>
            <Route path=path!(":id/responses/:rid") view=ResponseView ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}

pub use crate::ui::{param_id, query_value};

pub fn state_badge(label: &'static str, class: &'static str) -> impl IntoView {
    view! { <span class=format!("badge {class}")>{label}</span> }
}

pub fn brief_badge(state: BriefState, past_deadline: bool) -> impl IntoView {
    if past_deadline {
        return state_badge("Closing date passed", "badge-closed");
    }
    let class = match state {
        BriefState::Published => "badge-open",
        BriefState::Awarded => "badge-awarded",
        BriefState::Draft => "badge-draft",
        _ => "badge-closed",
    };
    state_badge(state.label(), class)
}

pub fn response_badge(state: ResponseState) -> impl IntoView {
    let class = match state {
        ResponseState::Draft => "badge-draft",
        ResponseState::Submitted => "badge-open",
        ResponseState::Awarded => "badge-awarded",
        _ => "badge-closed",
    };
    state_badge(state.label(), class)
}

/// Multi-line text shown as paragraphs (not Markdown).
pub fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| view! { <p class="pre-line">{p.trim().to_string()}</p> })
        .collect_view()
}
