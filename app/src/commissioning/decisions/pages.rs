//! The commissioner's decisions page: submitted responses side by side, shortlisting,
//! clarification and the award.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::commissioning::decisions::api::*;
use crate::commissioning::pages::{brief_badge, paragraphs, param_id, query_value, response_badge};
use crate::commissioning::responses::pages::CostsTable;
use crate::commissioning::*;
use crate::error::AppError;
use crate::ui::{error_of, with_data, ErrorSummary, Notice, SelectField, TextArea};

#[component]
pub fn DecisionsView() -> impl IntoView {
    let id = param_id("id");
    let done = query_value("done");
    let shortlist = ServerAction::<ShortlistResponse>::new();
    let clarify = ServerAction::<AskClarification>::new();
    let award = ServerAction::<AwardBrief>::new();
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| async move {
        match id {
            Some(id) => decisions(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let award_error = error_of(award);
    let other_error = Signal::derive(move || error_of(shortlist).get().or_else(|| error_of(clarify).get()));
    view! {
        {move || done.get().map(|what| {
            let message = match what.as_str() {
                "shortlist" => "The shortlist is changed.",
                "clarification" => "Your request is sent to the group's coordinator.",
                _ => "Saved.",
            };
            view! { <Notice><p>{message}</p></Notice> }
        })}
        <ErrorSummary error=other_error/>
        {with_data(data, move |d: DecisionsPage| {
            let deciding = matches!(d.state, BriefState::Published | BriefState::Closed);
            let waiting: Vec<(String, String)> = d.responses.iter()
                .filter(|r| r.state == ResponseState::Submitted)
                .map(|r| (r.id.to_string(), format!("{} ({})", r.group_name, money(r.total_pence))))
                .collect();
            view! {
                <Title text=format!("Responses to {}", d.title)/>
                <p class="brief-meta"><a href=format!("/briefs/{}", d.brief_id)>{d.title.clone()}</a></p>
                <h1>"Responses to " {d.title.clone()}</h1>
                <p>{brief_badge(d.state, false)}</p>
                {d.project_id.map(|p| view! { <p><a class="button" href=format!("/projects/{p}")>"Open the project"</a></p> })}
                {if d.responses.is_empty() {
                    view! { <p class="empty-state">"No group has sent a response yet."</p> }.into_any()
                } else {
                    view! {
                        <div class="side-by-side">
                            {d.responses.into_iter().map(|r| {
                                let field = format!("clarification-{}", r.id);
                                let next_shortlist = if r.shortlisted { "off" } else { "on" };
                                let heading = format!("response-{}-heading", r.id);
                                let heading_ref = heading.clone();
                                let group_for_button = r.group_name.clone();
                                let group_for_label = r.group_name.clone();
                                view! {
                                    <article class="card response-column" aria-labelledby=heading_ref>
                                        <h2 id=heading>{r.group_name.clone()}</h2>
                                        <p>{response_badge(r.state)} {r.shortlisted.then(|| view! { " " <span class="badge badge-open">"Shortlisted"</span> })}</p>
                                        <p class="hint">"Sent " {r.submitted.clone()}</p>
                                        <h3>"Approach and methods"</h3>{paragraphs(&r.fields.approach)}
                                        <h3>"Lived experience"</h3>{paragraphs(&r.fields.lived_experience)}
                                        <h3>"Team"</h3>{paragraphs(&r.fields.team)}
                                        <h3>"Timeline"</h3>{paragraphs(&r.fields.timeline)}
                                        <h3>"Ethics route"</h3>{paragraphs(&r.fields.ethics_route)}
                                        <h3>"Costs"</h3>
                                        <CostsTable costs=r.fields.costs other_note=r.fields.other_note.clone() total=r.total_pence/>
                                        {(!r.attachments.is_empty()).then(|| view! {
                                            <h3>"Attached files"</h3>
                                            <ul class="plain-list">
                                                {r.attachments.iter().cloned().map(|a| view! {
                                                    <li><a href=format!("/brief-files/{}", a.id) download>{a.file_name}</a> " (" {a.size} ")"</li>
                                                }).collect_view()}
                                            </ul>
                                        })}
                                        {(!r.clarifications.is_empty()).then(|| view! {
                                            <h3>"Clarification"</h3>
                                            <ul class="plain-list">
                                                {r.clarifications.iter().cloned().map(|q| view! {
                                                    <li class="qa">
                                                        <p><strong>"You asked: "</strong>{q.question}</p>
                                                        <p><strong>"Answer: "</strong>{q.answer.unwrap_or_else(|| "Not answered yet.".into())}</p>
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                        })}
                                        {(deciding && r.state == ResponseState::Submitted).then(|| view! {
                                            <ActionForm action=shortlist attr:class="inline-form">
                                                <input type="hidden" name="response_id" value=r.id/>
                                                <input type="hidden" name="shortlist" value=next_shortlist/>
                                                <button type="submit" class="button button-small button-secondary">
                                                    {if r.shortlisted { "Take off the shortlist" } else { "Shortlist" }}
                                                    <span class="visually-hidden">" " {group_for_button}</span>
                                                </button>
                                            </ActionForm>
                                            <ActionForm action=clarify attr:class="form form-compact">
                                                <input type="hidden" name="response_id" value=r.id/>
                                                <div class="field">
                                                    <label for=field.clone()>"Ask " {group_for_label} " to clarify"</label>
                                                    <textarea id=field.clone() name="clarification" rows="3" class="textarea"></textarea>
                                                </div>
                                                <button type="submit" class="button button-small">"Ask for clarification"</button>
                                            </ActionForm>
                                        })}
                                    </article>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any()
                }}
                {(deciding && !waiting.is_empty()).then(|| view! {
                    <section class="panel" aria-labelledby="award-heading">
                        <h2 id="award-heading">"Award the brief"</h2>
                        <p>"Choose one response. The other groups are told your decision, with the feedback below. This cannot be undone."</p>
                        <ErrorSummary error=award_error/>
                        <ActionForm action=award attr:class="form" attr:novalidate=true>
                            <SelectField label="Which response wins" name="response_id" options=waiting.clone() error=award_error/>
                            <TextArea label="Feedback for the groups not chosen" name="feedback" rows=4 error=award_error
                                hint="What was good, and what would have made their response stronger."/>
                            <button type="submit" class="button">"Award the brief"</button>
                        </ActionForm>
                    </section>
                })}
            }
        })}
    }
}

