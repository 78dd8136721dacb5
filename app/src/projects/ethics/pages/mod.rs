//! Pages for ethics approval: a project's ethics section, one application (what the team,
//! and an outside reviewer, see and do there), and the reviewer's invitation and list.
//! Every form is an `ActionForm`, so it works without JavaScript.

mod application;
mod decide;
mod overview;
mod review;
mod write;

pub use review::ReviewsOnDashboard;

use leptos::prelude::*;
use leptos_router::components::Route;

use leptos_router::{path, MatchNestedRoutes, SsrMode};

use crate::error::AppError;
use crate::projects::ethics::ApplicationState;
use crate::ui::field_id;

/// The ethics pages, plugged into the app's routes.
#[component(transparent)]
pub fn EthicsRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/projects/:id/ethics") view=overview::EthicsPage ssr=SsrMode::Async/>
        <Route path=path!("/projects/:id/ethics/:aid") view=application::ApplicationView ssr=SsrMode::Async/>
        <Route path=path!("/ethics-reviews") view=review::MyReviewsPage ssr=SsrMode::Async/>
        <Route path=path!("/ethics-reviews/:token") view=review::ReviewInvitationPage ssr=SsrMode::Async/>
    }
    .into_inner()
}

use crate::ui::{param_id, query_value};

pub fn state_badge(state: ApplicationState) -> impl IntoView {
    let class = match state {
        ApplicationState::Approved | ApplicationState::ApprovedWithConditions => "badge badge-open",
        ApplicationState::Draft | ApplicationState::InformationRequested => "badge badge-draft",
        ApplicationState::Submitted => "badge badge-awarded",
        ApplicationState::NotApproved | ApplicationState::Withdrawn => "badge badge-closed",
    };
    view! { <span class=class>{state.label()}</span> }
}

/// What still stops fieldwork, said plainly; or that it may begin.
pub fn still_needed_panel(still_needed: Vec<String>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="fieldwork-heading">
            <h2 id="fieldwork-heading">"Can fieldwork begin?"</h2>
            {if still_needed.is_empty() {
                view! { <p><strong>"Yes. Ethics approval is complete: fieldwork may begin."</strong></p> }.into_any()
            } else {
                view! {
                    <p><strong>"Not yet."</strong> " Nobody can record a participant, a consent record or a fieldwork session until these are done:"</p>
                    <ul>{still_needed.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                }.into_any()
            }}
        </section>
    }
}

/// A group of radio buttons with a legend, its message beside it and the choice kept.
#[component]
fn RadioGroup(
    legend: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let message = Signal::derive(move || {
        error.with(|e| e.as_ref().and_then(AppError::form_errors).and_then(|f| f.message_for(name)).map(str::to_string))
    });
    let kept = Signal::derive(move || {
        error.with(|e| e.as_ref().and_then(AppError::form_errors).and_then(|f| f.value_for(name)).map(str::to_string))
    });
    let error_id = format!("{}-error", field_id(name));
    let error_id_for_message = error_id.clone();
    view! {
        <fieldset class="fieldset" id=field_id(name)
            aria-describedby=move || message.with(Option::is_some).then(|| error_id.clone())>
            <legend>{legend}</legend>
            {move || message.get().map(|m| view! {
                <p class="error-message" id=error_id_for_message.clone()><span class="visually-hidden">"Error: "</span>{m}</p>
            })}
            {options.into_iter().map(|(value, label)| {
                let id = format!("{name}-{value}");
                let checked = {
                    let value = value.clone();
                    move || kept.with(|k| k.as_deref() == Some(value.as_str()))
                };
                view! {
                    <div class="radio">
                        <input type="radio" id=id.clone() name=name value=value checked=checked/>
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
