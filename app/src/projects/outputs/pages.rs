//! The outputs page (what the project produced, the form for another, and the public page's
//! agreement from each side) and the public page itself.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::outputs::api::*;
use crate::projects::outputs::{OutputView, OutputsPage, PublicProject, PublicationView, OUTPUT_KINDS};
use crate::ui::{error_of, id_param, project_breadcrumbs, query_value, with_data, Checkbox, ErrorSummary, Notice, SelectField, TextField};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "added" => Some("The output is added."),
        "removed" => Some("The output is taken off the list."),
        "agreed" => Some("Your agreement to the public page is recorded."),
        "withdrawn" => Some("Your agreement is withdrawn: the public page is not shown."),
        _ => None,
    }
}

/// An output's title, as a link when it has one (opened as a plain link: no HTML from users).
fn output_title(o: &OutputView) -> AnyView {
    if o.link.is_empty() {
        view! { <span>{o.title.clone()}</span> }.into_any()
    } else {
        view! { <a href=o.link.clone() rel="noopener noreferrer">{o.title.clone()}</a> }.into_any()
    }
}

fn agreement_form(project_id: i64, side: &'static str, agreed: bool, who: &'static str) -> impl IntoView {
    let agree = ServerAction::<AgreePublicPage>::new();
    let error = error_of(agree);
    view! {
        <ErrorSummary error/>
        <ActionForm action=agree attr:class="inline-form">
            <input type="hidden" name="project_id" value=project_id/>
            <input type="hidden" name="side" value=side/>
            <input type="hidden" name="agree" value=if agreed { "no" } else { "yes" }/>
            <button type="submit" class=if agreed { "button button-secondary" } else { "button" }>
                {if agreed { format!("Stop showing the public page ({who})") } else { format!("Agree to show the public page ({who})") }}
            </button>
        </ActionForm>
    }
}

fn publication_section(project_id: i64, p: PublicationView) -> impl IntoView {
    view! {
        <section aria-labelledby="public-heading" id="public-page">
            <h2 id="public-heading">"Public page"</h2>
            <p>{p.words.clone()}</p>
            {(p.group_agreed && p.commissioner_agreed).then(|| view! {
                <p><a href=format!("/research/{project_id}")>"Open the public page"</a></p>
            })}
            {if !p.finished && (p.may_agree_for_group || p.may_agree_for_commissioner) {
                view! { <p>"The public page can be agreed once the report is signed off and the project has reached dissemination."</p> }.into_any()
            } else {
                view! {
                    {p.may_agree_for_group.then(|| agreement_form(project_id, "group", p.group_agreed, "for the research group"))}
                    {p.may_agree_for_commissioner.then(|| agreement_form(project_id, "commissioner", p.commissioner_agreed, "for the commissioner"))}
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn OutputsView() -> impl IntoView {
    let id = id_param("id");
    let done = query_value("done");
    let add = ServerAction::<AddOutput>::new();
    let add_error = error_of(add);
    let remove = ServerAction::<RemoveOutput>::new();
    // Each save reloads the page's data, even when the address stays the same.
    let saved = move || add.version().get() + remove.version().get();
    let data = Resource::new(move || (id.get(), done.get(), saved()), |(id, _, _)| project_outputs(id));
    let kinds: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose a kind".to_string())).chain(OUTPUT_KINDS.iter().map(|(k, l)| (k.to_string(), l.to_string()))).collect();
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |p: OutputsPage| {
            let project_id = p.project_id;
            let kinds = kinds.clone();
            view! {
                <Title text=format!("Outputs: {}", p.project_title)/>
                {project_breadcrumbs(project_id, p.project_title.clone())}
                <h1>"Outputs and sharing the findings"</h1>
                <p class="lead">"What the project produced, for whom and when."</p>
                {if p.outputs.is_empty() {
                    view! { <p class="empty-state">"No outputs yet."</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <caption class="visually-hidden">"Outputs"</caption>
                            <thead><tr>
                                <th scope="col">"Output"</th><th scope="col">"Kind"</th><th scope="col">"For"</th>
                                <th scope="col">"Date"</th><th scope="col">"On the public page"</th>
                                {p.may_record.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                            </tr></thead>
                            <tbody>
                                {p.outputs.clone().into_iter().map(|o| view! {
                                    <tr>
                                        <td>{output_title(&o)}</td>
                                        <td>{o.kind_label.clone()}</td>
                                        <td>{o.audience.clone()}</td>
                                        <td>{o.produced_on.clone()}</td>
                                        <td>{if o.on_public_page { "Yes" } else { "No" }}</td>
                                        {p.may_record.then(|| view! {
                                            <td>
                                                <ActionForm action=remove attr:class="inline-form">
                                                    <input type="hidden" name="project_id" value=project_id/>
                                                    <input type="hidden" name="output_id" value=o.id/>
                                                    <button type="submit" class="button button-secondary">"Take off the list"<span class="visually-hidden">" (" {o.title.clone()} ")"</span></button>
                                                </ActionForm>
                                            </td>
                                        })}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                {p.may_record.then(|| view! {
                    <section aria-labelledby="add-output-heading">
                        <h2 id="add-output-heading">"Add an output"</h2>
                        <ErrorSummary error=add_error/>
                        <ActionForm action=add attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="project_id" value=project_id/>
                            <SelectField label="Kind of output" name="kind" options=kinds error=add_error/>
                            <TextField label="Title" name="title" error=add_error/>
                            <TextField label="Who it is for" name="audience" error=add_error hint="For example: the day services board, people who took part"/>
                            <TextField label="Date" name="produced_on" input_type="date" error=add_error/>
                            <TextField label="Web address (optional)" name="link" error=add_error hint="Needed for a link to a repository. Starts with https://"/>
                            <Checkbox label="Show it on the public page" name="on_public_page"/>
                            <button type="submit" class="button">"Add the output"</button>
                        </ActionForm>
                    </section>
                })}
                {publication_section(project_id, p.publication.clone())}
            }
        })}
    }
}

/// The public page of a finished project: its lay summary and the outputs both sides published.
#[component]
pub fn PublicProjectView() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(move || id.get(), public_project_page);
    view! {
        {with_data(data, |p: PublicProject| view! {
            <Title text=p.title.clone()/>
            <p class="brief-meta">"Research by " {p.group_name.clone()} " for " {p.commissioner_name.clone()}</p>
            <h1>{p.title.clone()}</h1>
            <section aria-labelledby="summary-heading">
                <h2 id="summary-heading">"What we found, in brief"</h2>
                {if p.lay_summary.is_empty() {
                    view! { <p>"The summary is not ready yet."</p> }.into_any()
                } else {
                    view! { <p class="pre-line">{p.lay_summary.clone()}</p> }.into_any()
                }}
            </section>
            <section aria-labelledby="outputs-heading">
                <h2 id="outputs-heading">"Read more"</h2>
                {if p.outputs.is_empty() {
                    view! { <p class="empty-state">"Nothing more has been published yet."</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {p.outputs.iter().map(|o| view! {
                                <li>{output_title(o)} " (" {o.kind_label.clone()} ", " {o.produced_on.clone()} ")"</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        })}
    }
}
