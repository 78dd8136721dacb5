//! The analysis home page (the codebook, the transcripts to code, the other parts and the
//! downloads) and one code's page (change or remove it).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::analysis::codebook::api::*;
use crate::projects::analysis::codebook::{AnalysisHome, CodePage, CodeView};
use crate::ui::{error_of, id_param, message_for, project_breadcrumbs, query_value, with_data, ErrorSummary, Notice, SelectField, TextArea, TextField};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "code-added" => Some("The code is added to the codebook."),
        "code-changed" => Some("The code is changed."),
        "code-removed" => Some("The code is removed, with any passages coded with it."),
        _ => None,
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// The codebook as a table: sub-codes indented under their code.
fn codebook_table(project_id: i64, codes: &[CodeView]) -> impl IntoView {
    let parent_name = |id: Option<i64>| id.and_then(|id| codes.iter().find(|c| c.id == id)).map(|c| c.name.clone());
    view! {
        <table class="table codebook">
            <caption class="visually-hidden">"The codebook"</caption>
            <thead><tr><th scope="col">"Code"</th><th scope="col">"Description"</th><th scope="col">"Coded passages"</th><th scope="col">"Change"</th></tr></thead>
            <tbody>
                {codes.iter().map(|c| {
                    let under = parent_name(c.parent_id);
                    view! {
                        <tr class:code-sub=c.parent_id.is_some()>
                            <th scope="row">
                                {under.clone().map(|_| view! { <span aria-hidden="true">"↳ "</span> })}
                                {c.name.clone()}
                                {under.clone().map(|p| view! { <span class="visually-hidden">", a sub-code of " {p}</span> })}
                            </th>
                            <td>{c.description.clone()}</td>
                            <td>{c.passages}</td>
                            <td><a href=format!("/projects/{project_id}/analysis/codes/{}", c.id)>"Change or remove"<span class="visually-hidden">" " {c.name.clone()}</span></a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The choices for a code's place: top level, or under one of these codes.
pub fn parent_options(parents: &[(i64, String)]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "None: a top-level code".to_string()))
        .chain(parents.iter().map(|(id, name)| (id.to_string(), format!("Under {name}"))))
        .collect()
}

#[component]
pub fn AnalysisView() -> impl IntoView {
    let id = id_param("id");
    let done = query_value("done");
    let add = ServerAction::<AddCode>::new();
    let add_error = error_of(add);
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| analysis_home_page(id));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |h: AnalysisHome| {
            let project_id = h.project_id;
            let base = format!("/projects/{project_id}/analysis");
            let top: Vec<(i64, String)> = h.codes.iter().filter(|c| c.parent_id.is_none()).map(|c| (c.id, c.name.clone())).collect();
            view! {
                <Title text=format!("Analysis: {}", h.project_title)/>
                {project_breadcrumbs(project_id, h.project_title.clone())}
                <h1>"Analysis" <span class="subtitle">{h.project_title.clone()}</span></h1>
                <p class="lead">"Code what people said, compare how two of you coded it, and group codes into themes with quotes."</p>
                <p>"So far: " {plural(h.code_count, "code", "codes")} ", " {plural(h.highlight_count, "coded passage", "coded passages")} " and " {plural(h.theme_count, "theme", "themes")} "."</p>
                {if !h.is_researcher {
                    view! { <p>"Only the project's researchers see the codebook, the coded passages and the themes."</p> }.into_any()
                } else {
                    view! {
                        <nav aria-label="Parts of the analysis">
                            <ul class="inline-list">
                                <li><a href=format!("{base}/compare")>"Compare two coders"</a></li>
                                <li><a href=format!("{base}/themes")>"Themes and quotes"</a></li>
                                <li><a href=format!("/projects/{project_id}/findings")>"Check findings with participants"</a></li>
                                <li><a href="#downloads">"Downloads"</a></li>
                            </ul>
                        </nav>
                        <section aria-labelledby="transcripts-heading" id="transcripts">
                            <h2 id="transcripts-heading">"Transcripts to code"</h2>
                            {if h.transcripts.is_empty() {
                                view! { <p class="empty-state">"No transcripts yet. Researchers add them under " <a href=format!("/projects/{project_id}/data")>"Recordings and transcripts"</a> "."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="transcript-list">
                                        {h.transcripts.iter().map(|t| {
                                            view! {
                                                <li>
                                                    <a href=format!("{base}/transcripts/{}", t.file_id)>"Transcript of " {t.participant.clone()}</a>
                                                    ", added " {t.uploaded_on.clone()} ", " {plural(t.highlights, "coded passage", "coded passages")}
                                                    {t.withdrawn.then(|| view! { " " <strong class="status-withdrawn">"Withdrawn — left out of analysis"</strong> })}
                                                    {(t.deleted && !t.withdrawn).then(|| view! { " " <strong class="status-withdrawn">"Deleted — left out of analysis"</strong> })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        <section aria-labelledby="codebook-heading" id="codebook">
                            <h2 id="codebook-heading">"Codebook"</h2>
                            {if h.codes.is_empty() {
                                view! { <p class="empty-state">"No codes yet. Add the first one below."</p> }.into_any()
                            } else {
                                codebook_table(project_id, &h.codes).into_any()
                            }}
                            <h3 id="add-code">"Add a code"</h3>
                            <ErrorSummary error=add_error/>
                            <ActionForm action=add attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=project_id/>
                                <TextField label="Name of the code" name="name" error=add_error hint="A few words, for example: Getting there"/>
                                <TextArea label="What it means (optional)" name="description" error=add_error rows=3
                                    hint="When to use this code, so every coder uses it the same way."/>
                                <SelectField label="Where it goes" name="parent_id" error=add_error options=parent_options(&top)
                                    hint="A code can sit under a top-level code, as a sub-code."/>
                                <button type="submit" class="button">"Add the code"</button>
                            </ActionForm>
                        </section>
                        <section aria-labelledby="downloads-heading" id="downloads">
                            <h2 id="downloads-heading">"Downloads"</h2>
                            <p>"Passages from participants who have withdrawn are left out of every download."</p>
                            <ul>
                                <li><a href=format!("/project-analysis/{project_id}/codebook.csv")>"The codebook (CSV, for a spreadsheet)"</a></li>
                                <li><a href=format!("/project-analysis/{project_id}/codebook.qdc")>"The codebook for NVivo, ATLAS.ti or Taguette (REFI-QDA .qdc)"</a></li>
                                <li><a href=format!("/project-analysis/{project_id}/extracts-by-code.csv")>"Coded passages by code (CSV)"</a></li>
                                <li><a href=format!("/project-analysis/{project_id}/extracts-by-theme.csv")>"Quotes by theme (CSV)"</a></li>
                                <li><a href=format!("/project-analysis/{project_id}/themes.html")>"Themes with quotes (a page to read or print)"</a></li>
                            </ul>
                        </section>
                    }.into_any()
                }}
            }
        })}
    }
}

#[component]
pub fn CodeEditView() -> impl IntoView {
    let id = id_param("id");
    let cid = id_param("cid");
    let change = ServerAction::<ChangeCode>::new();
    let change_error = error_of(change);
    let remove = ServerAction::<RemoveCode>::new();
    let remove_error = error_of(remove);
    let data = Resource::new(move || (id.get(), cid.get()), |(id, cid)| analysis_code(id, cid));
    view! {
        {with_data(data, move |p: CodePage| {
            let project_id = p.project_id;
            let c = p.code.clone();
            view! {
                <Title text=format!("Code: {}", c.name)/>
                {project_breadcrumbs(project_id, p.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/analysis#codebook")>"Back to the codebook"</a></p>
                <h1>"Code: " {c.name.clone()}</h1>
                <p>"Used in " {plural(c.passages, "coded passage", "coded passages")} " and " {plural(c.themes, "theme", "themes")}
                   {(c.sub_codes > 0).then(|| format!(", with {}", plural(c.sub_codes, "sub-code", "sub-codes")))} "."</p>
                <section aria-labelledby="change-heading">
                    <h2 id="change-heading">"Change it"</h2>
                    <ErrorSummary error=change_error/>
                    <ActionForm action=change attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="code_id" value=c.id/>
                        <TextField label="Name of the code" name="name" error=change_error value=c.name.clone()/>
                        <TextArea label="What it means (optional)" name="description" error=change_error rows=3 value=c.description.clone()/>
                        {if c.sub_codes > 0 {
                            view! { <input type="hidden" name="parent_id" value=""/><p>"It has sub-codes, so it stays at the top level."</p> }.into_any()
                        } else {
                            view! { <SelectField label="Where it goes" name="parent_id" error=change_error options=parent_options(&p.parents)
                                value=c.parent_id.map(|id| id.to_string()).unwrap_or_default()/> }.into_any()
                        }}
                        <button type="submit" class="button">"Save the code"</button>
                    </ActionForm>
                </section>
                <section aria-labelledby="remove-heading">
                    <h2 id="remove-heading">"Remove it"</h2>
                    {if c.sub_codes > 0 {
                        view! { <p>"Move its sub-codes to another code, or remove them, before removing this code."</p> }.into_any()
                    } else {
                        let in_use = c.passages > 0 || c.themes > 0;
                        view! {
                            {in_use.then(|| view! { <p>"This code is in use. Removing it also removes the passages coded with it and takes it out of its themes."</p> })}
                            <ErrorSummary error=remove_error/>
                            <ActionForm action=remove attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=project_id/>
                                <input type="hidden" name="code_id" value=c.id/>
                                {in_use.then(|| view! {
                                    <div class="field" class:field-error=move || message_for(remove_error, "confirm_remove").with(Option::is_some)>
                                        {move || message_for(remove_error, "confirm_remove").get().map(|m| view! { <p class="error-message" id="field-confirm_remove-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                                        <div class="checkbox">
                                            <input type="checkbox" id="field-confirm_remove" name="confirm_remove" value="on"/>
                                            <label for="field-confirm_remove">"I understand its coded passages will be removed too"</label>
                                        </div>
                                    </div>
                                })}
                                <button type="submit" class="button button-danger">"Remove the code"</button>
                            </ActionForm>
                        }.into_any()
                    }}
                </section>
            }
        })}
    }
}
