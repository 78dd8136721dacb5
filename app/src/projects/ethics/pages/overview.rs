//! A project's ethics section: its applications, what still stops fieldwork, and
//! starting an application for a route.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{param_id, query_value, state_badge, still_needed_panel};
use crate::error::AppError;
use crate::projects::ethics::api::*;
use crate::projects::ethics::EthicsOverview;
use crate::ui::{error_of, with_data, ErrorSummary, Notice, SelectField, TextArea, TextField};

#[component]
pub fn EthicsPage() -> impl IntoView {
    let id = param_id("id");
    let done = query_value("done");
    let start = ServerAction::<StartApplication>::new();
    let error = error_of(start);
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| async move {
        match id {
            Some(id) => ethics_section(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        {with_data(data, move |o: EthicsOverview| {
            view! {
                <Title text=format!("Ethics approval: {}", o.project_title)/>
                {crate::ui::project_breadcrumbs(o.project_id, o.project_title.clone())}
                <h1>"Ethics approval"</h1>
                <p class="lead">"A project may need more than one approval: a university research ethics committee, the NHS route, or council research governance. Each has its own application here."</p>
                {still_needed_panel(o.still_needed.clone())}
                <section aria-labelledby="applications-heading">
                    <h2 id="applications-heading">"Applications"</h2>
                    {if o.applications.is_empty() {
                        view! { <p class="empty-state">"No ethics application yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="card-list">
                                {o.applications.iter().cloned().map(|a| view! {
                                    <li class="card">
                                        <h3><a href=format!("/projects/{}/ethics/{}", o.project_id, a.id)>{a.title.clone()}</a></h3>
                                        <p>{a.route.label()} ". " {a.version.clone()} "."</p>
                                        <p>{state_badge(a.state)} <span class="hint">" Last changed " {a.updated.clone()}</span></p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                {(o.can_manage && !o.open_routes.is_empty()).then(|| {
                    let routes = o.open_routes.clone();
                    view! {
                        <section class="panel" aria-labelledby="start-heading">
                            <h2 id="start-heading">"Start an ethics application"</h2>
                            <ErrorSummary error/>
                            <ActionForm action=start attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=o.project_id/>
                                <SelectField label="Which route" name="route" options=routes error
                                    hint="One application for each committee or body that must approve the project."/>
                                <TextField label="Title of the application" name="title" error
                                    hint="For example: Recovery college evaluation: NHS ethics application"/>
                                <TextArea label="Short summary (optional)" name="summary" rows=3 error
                                    hint="A few sentences on what the study is and who takes part."/>
                                <button type="submit" class="button">"Start the application"</button>
                            </ActionForm>
                        </section>
                    }
                })}
            }
        })}
        {move || done.get().map(|_| view! { <Notice><p>"Saved."</p></Notice> })}
    }
}
