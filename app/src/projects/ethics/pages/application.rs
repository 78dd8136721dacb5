//! One ethics application: where it stands, the committee's requests and decision, the
//! conditions, the documents with their versions, the history, and the forms the person
//! may use. An outside reviewer sees this page only, for their application.

use leptos::prelude::*;
use leptos_meta::Title;

use super::decide::{ConditionsList, DecisionForms};
use super::write::ManagerForms;
use super::{param_id, query_value, state_badge, still_needed_panel};
use crate::error::AppError;
use crate::projects::ethics::api::*;
use crate::projects::ethics::{ApplicationPage, ApplicationState, DocumentView};
use crate::ui::{with_data, Notice};

fn done_message(what: &str) -> &'static str {
    match what {
        "started" => "The application is started. Write its documents below, then send it.",
        "saved" => "The draft is saved.",
        "submitted" => "The application is sent for review.",
        "withdrawn" => "The application is withdrawn.",
        "answered" => "Your answer is sent, and the application is back with the reviewers.",
        "amended" => "The amendment is sent for review as a new version.",
        "fixed" => "The small fix is saved as a new version of the document.",
        "requested" => "Your request is sent to the team.",
        "decided" => "The decision is recorded, and the team has been told.",
        "condition" => "The condition is added, and its owner has been told.",
        "closed" => "The condition is closed.",
        "invited" => "The invitation to review is sent.",
        "reviewer" => "You can now review this application. You see this application only.",
        _ => "Saved.",
    }
}

fn document_version_line(d: &DocumentView) -> String {
    let mut line = format!("Version {} of this document, with application version {}. By {} on {}.", d.doc_version, d.application_version, d.by, d.when);
    if !d.note.is_empty() {
        line.push_str(&format!(" Note: {}", d.note));
    }
    line
}

#[component]
pub fn ApplicationView() -> impl IntoView {
    let project_id = param_id("id");
    let application_id = param_id("aid");
    let done = query_value("done");
    let data = Resource::new(move || (project_id.get(), application_id.get(), done.get()), |(p, a, _)| async move {
        match (p, a) {
            (Some(p), Some(a)) => ethics_application(p, a).await,
            _ => Err(AppError::NotFound),
        }
    });
    view! {
        {move || done.get().map(|what| view! { <Notice><p>{done_message(&what)}</p></Notice> })}
        {with_data(data, move |a: ApplicationPage| {
            let request = (a.state == ApplicationState::InformationRequested)
                .then(|| a.events.iter().rev().find(|e| e.what == "Further information requested").map(|e| e.text.clone()))
                .flatten();
            let decided = a.state.is_approved() || a.state == ApplicationState::NotApproved;
            view! {
                <Title text=a.title.clone()/>
                <p class="brief-meta">
                    {if a.may.is_reviewer && a.still_needed.is_none() {
                        view! { {a.project_title.clone()} " · " <a href="/ethics-reviews">"Applications you review"</a> }.into_any()
                    } else {
                        view! { <a href=format!("/projects/{}", a.project_id)>{a.project_title.clone()}</a> " · "
                            <a href=format!("/projects/{}/ethics", a.project_id)>"Ethics approval"</a> }.into_any()
                    }}
                </p>
                <h1>{a.title.clone()}</h1>
                <p>{state_badge(a.state)} " " {a.route.label()} ". " {a.version.clone()} "."</p>
                {a.may.is_reviewer.then(|| view! {
                    <p class="hint">"You are reviewing this application for the committee. You see this application, its documents and its history only."</p>
                })}
                {a.still_needed.clone().map(still_needed_panel)}
                {(!a.summary.is_empty()).then(|| view! { <p class="pre-line">{a.summary.clone()}</p> })}
                {match a.agreed_questions.clone() {
                    Some(q) => view! {
                        <section aria-labelledby="questions-heading">
                            <h2 id="questions-heading">"The research questions"</h2>
                            <p class="hint">"Version " {q.version_no} ", agreed by the team on " {q.agreed_on} "."</p>
                            <p class="pre-line">{q.body}</p>
                        </section>
                    }.into_any(),
                    None => view! {
                        <p class="hint">"The team has not yet agreed its research questions in the project plan."</p>
                    }.into_any(),
                }}
                {request.map(|text| view! {
                    <section class="result" aria-labelledby="request-heading">
                        <h2 id="request-heading">"Further information requested"</h2>
                        <p class="pre-line">{text}</p>
                    </section>
                })}
                {decided.then(|| view! {
                    <section aria-labelledby="decision-heading">
                        <h2 id="decision-heading">"Decision"</h2>
                        <dl class="facts">
                            <dt>"Decision"</dt><dd>{a.state.label()}</dd>
                            {(!a.reference.is_empty()).then(|| view! { <dt>"Reference"</dt><dd>{a.reference.clone()}</dd> })}
                            {(!a.approved_on.is_empty()).then(|| view! { <dt>"Approved on"</dt><dd>{a.approved_on.clone()}</dd> })}
                            {(!a.expires_on.is_empty()).then(|| view! { <dt>"Approval ends on"</dt><dd>{a.expires_on.clone()}</dd> })}
                            <dt>"Recorded"</dt><dd>{a.decided.clone()}</dd>
                        </dl>
                        {(!a.decision_letter_html.is_empty()).then(|| view! {
                            <h3>"Decision letter"</h3>
                            <div class="module-content" inner_html=a.decision_letter_html.clone()></div>
                        })}
                    </section>
                })}
                <ConditionsList app=a.clone()/>
                <section aria-labelledby="documents-heading">
                    <h2 id="documents-heading">"Documents"</h2>
                    {if a.documents.is_empty() {
                        view! { <p class="empty-state">"No document written yet."</p> }.into_any()
                    } else {
                        a.documents.iter().cloned().map(|d| {
                            let heading = format!("document-{}-heading", d.id);
                            let line = document_version_line(&d);
                            view! {
                                <article class="card" aria-labelledby=heading.clone()>
                                    <h3 id=heading.clone()>{d.kind.label()} ", version " {d.doc_version}</h3>
                                    <p class="hint">{line}</p>
                                    <div class="module-content" inner_html=d.html.clone()></div>
                                </article>
                            }
                        }).collect_view().into_any()
                    }}
                    {(!a.earlier_documents.is_empty()).then(|| view! {
                        <details class="panel">
                            <summary>"Earlier versions of the documents (" {a.earlier_documents.len()} ")"</summary>
                            {a.earlier_documents.iter().cloned().map(|d| {
                                let line = document_version_line(&d);
                                view! {
                                    <h3>{d.kind.label()} ", version " {d.doc_version}</h3>
                                    <p class="hint">{line}</p>
                                    <div class="module-content" inner_html=d.html.clone()></div>
                                }
                            }).collect_view()}
                        </details>
                    })}
                </section>
                <section aria-labelledby="history-heading">
                    <h2 id="history-heading">"History"</h2>
                    <div class="table-scroll">
                        <table class="table">
                            <thead><tr><th scope="col">"When"</th><th scope="col">"What"</th><th scope="col">"Who"</th><th scope="col">"Version"</th><th scope="col">"Details"</th></tr></thead>
                            <tbody>
                                {a.events.iter().cloned().map(|e| view! {
                                    <tr><td>{e.when}</td><td>{e.what}</td><td>{e.by}</td><td>{e.version}</td><td class="pre-line">{e.text}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
                {(!a.reviewers.is_empty() && a.may.manage).then(|| view! {
                    <section aria-labelledby="reviewers-heading">
                        <h2 id="reviewers-heading">"Outside reviewers"</h2>
                        <ul>{a.reviewers.iter().cloned().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                    </section>
                })}
                {a.may.decide.then(|| view! { <DecisionForms app=a.clone()/> })}
                {a.may.manage.then(|| view! { <ManagerForms app=a.clone()/> })}
            }
        })}
    }
}
