//! Pages for training, plugged into the app's routes, and the small helpers the
//! sub-features' pages share. Every form is an `ActionForm` whose server function
//! redirects, so all of it works without JavaScript.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};

use leptos_router::{path, MatchNestedRoutes, SsrMode};

use crate::training::attendance::pages::SessionView;
use crate::training::certificates::pages::{CertificatePageView, VerifyView};
use crate::training::cohorts::pages::CohortView;
use crate::training::courses::pages::{CourseView, ModuleEditView};
use crate::training::enrolment::pages::JoinView;
use crate::training::graduation::pages::GraduatesView;
use crate::training::home::pages::Home;
use crate::training::learning_log::pages::ReflectionPageView;
use crate::training::study::pages::ModuleView;
use crate::validate::readable_date;

/// This feature's part of each person's dashboard.
pub use crate::training::home::pages::TrainingOnDashboard;

/// Every page under /training and /certificates, plugged into the app's routes.
#[component(transparent)]
pub fn TrainingRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/training") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=Home ssr=SsrMode::Async/>
            <Route path=path!("courses/:course_id") view=CourseView ssr=SsrMode::Async/>
            <Route path=path!("modules/:module_id/edit") view=ModuleEditView ssr=SsrMode::Async/>
            <Route path=path!("cohorts/:cohort_id") view=CohortView ssr=SsrMode::Async/>
            <Route path=path!("cohorts/:cohort_id/modules/:module_id") view=ModuleView ssr=SsrMode::Async/>
            <Route path=path!("sessions/:session_id") view=SessionView ssr=SsrMode::Async/>
            <Route path=path!("reflections/:reflection_id") view=ReflectionPageView ssr=SsrMode::Async/>
            <Route path=path!("join/:token") view=JoinView ssr=SsrMode::Async/>
            <Route path=path!("graduates") view=GraduatesView ssr=SsrMode::Async/>
        </ParentRoute>
        <ParentRoute path=path!("/certificates") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("verify") view=VerifyView ssr=SsrMode::Async/>
            <Route path=path!(":code") view=CertificatePageView ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}

pub use crate::ui::{id_param, query_value};

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A labelled bar showing how far someone is through a course: the browser's own
/// progress bar, so no inline style is needed (the Content-Security-Policy allows none).
#[component]
pub fn ProgressBar(done: usize, total: usize, label: String) -> impl IntoView {
    let text = format!("{done} of {total} modules complete");
    view! {
        <div class="progress-wrap">
            <progress class="progress" aria-label=label max=total.max(1).to_string() value=done.min(total).to_string()
                aria-valuetext=text.clone()>{text.clone()}</progress>
            <p class="progress-text">{text}</p>
        </div>
    }
}

pub fn session_when(on_date: &str, at_time: &str) -> String {
    format!("{} at {}", readable_date(on_date), at_time)
}

pub fn session_where(place: &str, online: bool) -> String {
    match (place.is_empty(), online) {
        (true, true) => "Online".into(),
        (false, true) => format!("{place} (or join online)"),
        (_, false) => place.to_string(),
    }
}
