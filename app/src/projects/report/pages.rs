//! The report page (for the team: the lay summary, the sections in order, the credits and
//! the saved versions; for the commissioner: the versions sent to them) and a section's
//! page (change it or remove it).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::report::api::*;
use crate::projects::report::{Naming, ReportPage, SectionPage, SectionView, VersionSummary};
use crate::ui::{error_of, field_id, id_param, message_for, project_breadcrumbs, query_value, with_data, ErrorSummary, Notice, TextArea, TextField};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "summary" => Some("The lay summary is saved."),
        "section-added" => Some("The section is added at the end of the draft."),
        "section-changed" => Some("The section is saved."),
        "section-moved" => Some("The section is moved."),
        "section-removed" => Some("The section is removed from the draft."),
        "credit" => Some("Your choice of how you are named is saved."),
        _ => None,
    }
}

pub(super) const MARKDOWN_HINT: &str =
    "Plain text is fine. For a heading start a line with ##, for a list start lines with - or 1., and put **two stars** around words for bold.";

fn version_list(project_id: i64, versions: Vec<VersionSummary>) -> impl IntoView {
    view! {
        <ul class="report-versions">
            {versions.into_iter().map(|v| view! {
                <li>
                    <a href=format!("/projects/{project_id}/report/versions/{}", v.id)>"Version " {v.number}</a>
                    " · saved on " {v.saved_on} " by " {v.saved_by} ". "
                    <strong>{v.status}</strong>
                </li>
            }).collect_view()}
        </ul>
    }
}

fn section_item(project_id: i64, s: SectionView, first: bool, last: bool, may_edit: bool, mover: ServerAction<MoveSection>) -> impl IntoView {
    let title = s.title.clone();
    let move_button = move |direction: &'static str, words: &'static str| {
        let title = title.clone();
        view! {
            <ActionForm action=mover attr:class="inline-form">
                <input type="hidden" name="project_id" value=project_id/>
                <input type="hidden" name="section_id" value=s.id/>
                <input type="hidden" name="direction" value=direction/>
                <button type="submit" class="button button-secondary">{words}<span class="visually-hidden">": " {title}</span></button>
            </ActionForm>
        }
    };
    view! {
        <li class="report-section">
            <h3>{s.title.clone()}</h3>
            <div class="module-content" inner_html=s.html.clone()></div>
            {may_edit.then(|| view! {
                // A <div>, not a <p>: a browser ends a paragraph where a form starts, so the
                // page it builds would not be the page that was sent (and an island inside
                // would fail to hydrate).
                <div class="report-section-actions">
                    <a class="button button-secondary" href=format!("/projects/{project_id}/report/sections/{}", s.id)>"Change"<span class="visually-hidden">": " {s.title.clone()}</span></a>
                    {(!first).then(|| move_button("up", "Move up"))}
                    {(!last).then(|| move_button("down", "Move down"))}
                </div>
            })}
        </li>
    }
}

fn credit_form(project_id: i64, chosen: String, action: ServerAction<ChooseCredit>) -> impl IntoView {
    let error = error_of(action);
    let message = message_for(error, "naming");
    view! {
        <ActionForm action=action attr:class="form">
            <input type="hidden" name="project_id" value=project_id/>
            <fieldset class="fieldset" class:field-error=move || message.with(Option::is_some)>
                <legend>"How would you like to be named in the credits?"</legend>
                <p class="hint">"Only you can choose this. A change shows in the next version the team saves."</p>
                {move || message.get().map(|m| view! { <p class="error-message"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                {Naming::ALL.into_iter().enumerate().map(|(i, n)| {
                    let id = if i == 0 { field_id("naming") } else { format!("{}-{}", field_id("naming"), n.as_str()) };
                    view! {
                        <div class="radio">
                            <input type="radio" id=id.clone() name="naming" value=n.as_str() checked=chosen == n.as_str()/>
                            <label for=id>{n.label()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">"Save my choice"</button>
        </ActionForm>
    }
}

#[component]
pub fn ReportView() -> impl IntoView {
    let id = id_param("id");
    let done = query_value("done");
    let summary = ServerAction::<SaveLaySummary>::new();
    let summary_error = error_of(summary);
    let add = ServerAction::<AddSection>::new();
    let add_error = error_of(add);
    let mover = ServerAction::<MoveSection>::new();
    let mover_error = error_of(mover);
    let credit = ServerAction::<ChooseCredit>::new();
    let save = ServerAction::<SaveVersion>::new();
    let save_error = error_of(save);
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| report_data(id));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |r: ReportPage| {
            let project_id = r.project_id;
            let count = r.sections.len();
            let has_versions = !r.versions.is_empty();
            view! {
                <Title text=format!("Report: {}", r.project_title)/>
                {project_breadcrumbs(project_id, r.project_title.clone())}
                <h1>"Report"</h1>
                {if !r.sees_draft {
                    view! {
                        <p class="lead">"The versions of the report the team has sent you. Open one to sign it off or ask for changes."</p>
                        {if has_versions {
                            view! {
                                {version_list(project_id, r.versions.clone())}
                                <p><a href=format!("/projects/{project_id}/report/print")>"Print-ready page of the report"</a></p>
                            }.into_any()
                        } else {
                            view! { <p class="empty-state">"The team has not sent you a version yet."</p> }.into_any()
                        }}
                    }.into_any()
                } else {
                    view! {
                        <p class="lead">"The team writes the report here in sections. Save a version when it is ready to share, then send it to the commissioner to sign off."</p>
                        <section aria-labelledby="lay-summary-heading" id="lay-summary">
                            <h2 id="lay-summary-heading">"Lay summary"</h2>
                            {if r.may_edit {
                                view! {
                                    <ErrorSummary error=summary_error/>
                                    <ActionForm action=summary attr:class="form" attr:novalidate=true>
                                        <input type="hidden" name="project_id" value=project_id/>
                                        <TextArea label="Lay summary" name="lay_summary" error=summary_error value=r.lay_summary.clone() rows=6
                                            hint="What you found and what should happen next, in plain English that anyone can read. It is needed before the report is sent for sign-off."/>
                                        <button type="submit" class="button">"Save the lay summary"</button>
                                    </ActionForm>
                                }.into_any()
                            } else if r.lay_summary.is_empty() {
                                view! { <p class="empty-state">"Not written yet."</p> }.into_any()
                            } else {
                                view! { <p class="pre-line">{r.lay_summary.clone()}</p> }.into_any()
                            }}
                        </section>
                        <section aria-labelledby="sections-heading" id="sections">
                            <h2 id="sections-heading">"Sections"</h2>
                            <ErrorSummary error=mover_error/>
                            {if r.sections.is_empty() {
                                view! { <p class="empty-state">"No sections yet."</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="report-sections">
                                        {r.sections.clone().into_iter().enumerate().map(|(i, s)| section_item(project_id, s, i == 0, i + 1 == count, r.may_edit, mover)).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                            {r.may_edit.then(|| view! {
                                <h3>"Add a section"</h3>
                                <ErrorSummary error=add_error/>
                                <ActionForm action=add attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="project_id" value=project_id/>
                                    <TextField label="Section title" name="title" error=add_error hint="For example: What we found"/>
                                    <TextArea label="Text of the section" name="body" error=add_error rows=8 hint=MARKDOWN_HINT/>
                                    <button type="submit" class="button">"Add the section"</button>
                                </ActionForm>
                            })}
                        </section>
                        <section aria-labelledby="credits-heading" id="credits">
                            <h2 id="credits-heading">"Credits"</h2>
                            <p>"The peer researchers on the team, named the way each of them chose."</p>
                            {if r.credits.is_empty() {
                                view! { <p class="empty-state">"There are no peer researchers on the team."</p> }.into_any()
                            } else {
                                view! {
                                    <ul>
                                        {r.credits.iter().map(|c| view! {
                                            <li>{c.shown_as.clone()}
                                                {c.mine.then_some(" (you)")}
                                                {(!c.chosen).then_some(" (not chosen yet, so not named)")}</li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                            {r.my_naming.clone().map(|chosen| credit_form(project_id, chosen, credit))}
                        </section>
                        <section aria-labelledby="versions-heading" id="versions">
                            <h2 id="versions-heading">"Saved versions"</h2>
                            {r.unsaved_changes.then(|| view! { <p><strong>"The draft has changes that are not in a saved version yet."</strong></p> })}
                            {if has_versions {
                                view! {
                                    {version_list(project_id, r.versions.clone())}
                                    <p>
                                        {(r.versions.len() > 1).then(|| view! { <a href=format!("/projects/{project_id}/report/compare")>"Compare two versions"</a> " · " })}
                                        <a href=format!("/projects/{project_id}/report/print")>"Print-ready page of the report"</a>
                                    </p>
                                }.into_any()
                            } else {
                                view! { <p class="empty-state">"No version saved yet."</p> }.into_any()
                            }}
                            {r.may_edit.then(|| view! {
                                <ErrorSummary error=save_error/>
                                <ActionForm action=save attr:class="form">
                                    <input type="hidden" name="project_id" value=project_id/>
                                    <input type="hidden" name="number" value=r.next_number/>
                                    <p class="hint">"Saving a version keeps a copy of the sections, the lay summary and the credits as they are now."</p>
                                    <button type="submit" class="button">"Save as version " {r.next_number}</button>
                                </ActionForm>
                            })}
                        </section>
                    }.into_any()
                }}
            }
        })}
    }
}

#[component]
pub fn SectionEditView() -> impl IntoView {
    let id = id_param("id");
    let sid = id_param("sid");
    let change = ServerAction::<ChangeSection>::new();
    let change_error = error_of(change);
    let remove = ServerAction::<RemoveSection>::new();
    let remove_error = error_of(remove);
    let data = Resource::new(move || (id.get(), sid.get()), |(id, sid)| section_data(id, sid));
    view! {
        {with_data(data, move |s: SectionPage| {
            let project_id = s.project_id;
            view! {
                <Title text=format!("Section: {}", s.title)/>
                {project_breadcrumbs(project_id, s.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/report#sections")>"Back to the report"</a></p>
                <h1>"Change the section: " {s.title.clone()}</h1>
                <ErrorSummary error=change_error/>
                <ActionForm action=change attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="project_id" value=project_id/>
                    <input type="hidden" name="section_id" value=s.id/>
                    <TextField label="Section title" name="title" error=change_error value=s.title.clone()/>
                    <TextArea label="Text of the section" name="body" error=change_error value=s.body.clone() rows=14 hint=MARKDOWN_HINT/>
                    <button type="submit" class="button">"Save the section"</button>
                </ActionForm>
                <section aria-labelledby="remove-heading">
                    <h2 id="remove-heading">"Remove this section"</h2>
                    <p>"Saved versions keep their copy of it."</p>
                    <ErrorSummary error=remove_error/>
                    <ActionForm action=remove attr:class="form">
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="section_id" value=s.id/>
                        <div class="checkbox">
                            <input type="checkbox" id=field_id("confirm_remove") name="confirm_remove" value="on"/>
                            <label for=field_id("confirm_remove")>"Yes, remove this section from the draft"</label>
                        </div>
                        <button type="submit" class="button button-danger">"Remove the section"</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}
