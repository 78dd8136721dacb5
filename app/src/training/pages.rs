//! Pages for training, plugged into the app's routes, and the small helpers the
//! sub-features' pages share. Every form is an `ActionForm` whose server function
//! redirects, so all of it works without JavaScript.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::{path, MatchNestedRoutes, SsrMode};

use crate::training::attendance::pages::SessionView;
use crate::training::certificates::pages::{CertificatePageView, VerifyView};
use crate::training::cohorts::pages::CohortView;
use crate::training::courses::pages::{CourseView, ModuleEditView};
use crate::training::enrolment::pages::JoinView;
use crate::training::graduation::pages::GraduatesView;
use crate::training::home::pages::Home;
use crate::training::learning_log::pages::ReflectionPageView;
use crate::training::percent;
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

pub fn id_param(name: &'static str) -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).and_then(|v| v.parse().ok()).unwrap_or(0)))
}

pub fn query_value(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name)))
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A labelled bar showing how far someone is through a course.
#[component]
pub fn ProgressBar(done: usize, total: usize, label: String) -> impl IntoView {
    let percent = percent(done, total).unwrap_or(0);
    view! {
        <div class="progress-wrap">
            <div class="progress" role="progressbar" aria-label=label aria-valuemin="0" aria-valuemax=total.to_string()
                aria-valuenow=done.to_string() aria-valuetext=format!("{done} of {total} modules complete")>
                <div class="progress-fill" style=format!("width: {percent}%")></div>
            </div>
            <p class="progress-text">{format!("{done} of {total} modules complete")}</p>
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
