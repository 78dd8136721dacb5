//! Pages for a group's response: starting one from the brief, writing and sending it,
//! its comments, files and clarifications; and how a response's details and costs read.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::commissioning::attachments::api::RemoveAttachment;
use crate::commissioning::attachments::pages::Attachments;
use crate::commissioning::decisions::api::AnswerClarification;
use crate::commissioning::pages::{paragraphs, param_id, query_value, response_badge};
use crate::commissioning::responses::api::*;
use crate::commissioning::*;
use crate::error::AppError;
use crate::ui::{error_of, with_data, ErrorSummary, Notice, TextArea, TextField};

/// On a brief's page: the viewer's groups, each with its response or a way to start one.
#[component]
pub fn GroupActions(brief: BriefPage, start: ServerAction<StartResponse>) -> impl IntoView {
    let open = brief.state == BriefState::Published && !brief.past_deadline;
    let id = brief.id;
    (!brief.my_groups.is_empty()).then(|| view! {
        <section class="panel" aria-labelledby="respond-heading">
            <h2 id="respond-heading">"Your group's response"</h2>
            <ul class="plain-list">
                {brief.my_groups.into_iter().map(|g| {
                    let name = g.organisation_name.clone();
                    match (g.response_id, g.response_state) {
                        (Some(rid), Some(state)) => view! {
                            <li>{name.clone()} ": " {response_badge(state)} " "
                                <a href=format!("/briefs/{id}/responses/{rid}")>"Open " {name.clone()} "'s response"</a></li>
                        }.into_any(),
                        _ if open && g.is_coordinator => view! {
                            <li>
                                <ActionForm action=start attr:class="inline-form">
                                    <input type="hidden" name="brief_id" value=id/>
                                    <input type="hidden" name="group_id" value=g.organisation_id/>
                                    <button type="submit" class="button">"Start a response for " {name.clone()}</button>
                                </ActionForm>
                            </li>
                        }.into_any(),
                        _ if open => view! {
                            <li>{name.clone()} " has not started a response. Your coordinator can start one; you can then comment on it."</li>
                        }.into_any(),
                        _ => view! { <li>{name.clone()} " did not respond."</li> }.into_any(),
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}


#[component]
pub fn ResponseView() -> impl IntoView {
    let id = param_id("rid");
    let done = query_value("done");
    let save = ServerAction::<SaveResponse>::new();
    let submit = ServerAction::<SubmitResponse>::new();
    let withdraw = ServerAction::<WithdrawResponse>::new();
    let comment = ServerAction::<CommentOnResponse>::new();
    let clarify = ServerAction::<AnswerClarification>::new();
    let remove = ServerAction::<RemoveAttachment>::new();
    let attach_error = query_value("attach_error");
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| async move {
        match id {
            Some(id) => response(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let save_error = error_of(save);
    let comment_error = error_of(comment);
    let state_error = Signal::derive(move || {
        error_of(submit).get().or_else(|| error_of(withdraw).get()).or_else(|| error_of(clarify).get()).or_else(|| error_of(remove).get())
    });
    view! {
        {move || done.get().map(|what| {
            let message = match what.as_str() {
                "saved" => "Your draft is saved. Members of your group can read it and comment.",
                "submitted" => "Your response is sent to the commissioner. You will get an e-mail when they decide.",
                "withdrawn" => "Your response is withdrawn.",
                "commented" => "Your comment is added.",
                "clarified" => "Your answer is sent to the commissioner.",
                "attached" => "The file is attached.",
                "removed" => "The file is removed.",
                _ => "Saved.",
            };
            view! { <Notice><p>{message}</p></Notice> }
        })}
        <ErrorSummary error=state_error/>
        {with_data(data, move |r: ResponsePage| {
            let title = format!("{}'s response to {}", r.group_name, r.brief_title);
            let editable = r.is_coordinator && r.state == ResponseState::Draft;
            let f = r.fields.clone();
            let c = f.costs;
            let hours_value = if c.peer_hours == 0 { String::new() } else { c.peer_hours.to_string() };
            let pounds = |pence: i64| if pence == 0 { String::new() } else { money(pence).replace(['£', ','], "") };
            view! {
                <Title text=title.clone()/>
                <p class="brief-meta"><a href=format!("/briefs/{}", r.brief_id)>{r.brief_title.clone()}</a> " · " {r.commissioner.clone()}</p>
                <h1>{title.clone()}</h1>
                <p>{response_badge(r.state)} " "
                   {r.submitted.clone().map(|s| view! { <span>"Sent " {s}</span> })}
                   " Responses due by " {r.responses_due.clone()} "."</p>
                {r.project_id.map(|p| view! { <p><a class="button" href=format!("/projects/{p}")>"Open the project"</a></p> })}
                {(!r.feedback.is_empty()).then(|| view! {
                    <section class="panel" aria-labelledby="feedback-heading">
                        <h2 id="feedback-heading">"Feedback from the commissioner"</h2>
                        <p class="pre-line">{r.feedback.clone()}</p>
                    </section>
                })}

                {if editable {
                    view! {
                        <section aria-labelledby="edit-heading">
                            <h2 id="edit-heading">"Write the response"</h2>
                            <p>"Save as often as you like. Members of your group can read the draft and comment below."</p>
                            <ErrorSummary error=save_error/>
                            <ActionForm action=save attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="response_id" value=r.id/>
                                <TextArea label="Proposed approach and methods" name="approach" value=f.approach.clone() rows=6 error=save_error/>
                                <TextArea label="How people with lived experience lead and take part" name="lived_experience"
                                    value=f.lived_experience.clone() rows=5 error=save_error/>
                                <TextArea label="The team" name="team" value=f.team.clone() rows=4 error=save_error
                                    hint="Who will do the work, and what each person brings."/>
                                <TextArea label="Timeline" name="timeline" value=f.timeline.clone() rows=4 error=save_error/>
                                <TextArea label="Planned ethics route" name="ethics_route" value=f.ethics_route.clone() rows=3 error=save_error
                                    hint="For example a university research ethics committee, or the council's research governance."/>
                                <fieldset class="fieldset">
                                    <legend>"Costs, in pounds"</legend>
                                    <TextField label="Peer researcher hours" name="peer_hours" class="input input-short"
                                        value=hours_value error=save_error/>
                                    <TextField label="Hourly rate for peer researchers" name="peer_rate" class="input input-short"
                                        value=pounds(c.peer_rate_pence) error=save_error/>
                                    <TextField label="Expenses" name="expenses" class="input input-short" value=pounds(c.expenses_pence)
                                        hint="Travel, refreshments, venues, thank-you payments." error=save_error/>
                                    <TextField label="Academic support" name="academic" class="input input-short" value=pounds(c.academic_pence) error=save_error/>
                                    <TextField label="Other costs" name="other" class="input input-short" value=pounds(c.other_pence) error=save_error/>
                                    <TextField label="What the other costs are for" name="other_note" value=f.other_note.clone() error=save_error/>
                                </fieldset>
                                <p>"Total so far: " <strong>{money(r.total_pence)}</strong> " (worked out when you save)"</p>
                                <button type="submit" class="button button-secondary">"Save draft"</button>
                            </ActionForm>
                        </section>
                        <section class="panel" aria-labelledby="send-heading">
                            <h2 id="send-heading">"Send to the commissioner"</h2>
                            {if r.brief_past_deadline {
                                view! { <p>"Responses to this brief have closed, so it can no longer be sent."</p> }.into_any()
                            } else {
                                view! {
                                    <p>"Save your latest changes first. Once sent, the response cannot be changed, but you can withdraw it until a decision is made."</p>
                                    <ActionForm action=submit attr:class="inline-form">
                                        <input type="hidden" name="response_id" value=r.id/>
                                        <button type="submit" class="button">"Send the response"</button>
                                    </ActionForm>
                                }.into_any()
                            }}
                        </section>
                    }.into_any()
                } else {
                    view! { <ResponseDetails fields=f.clone() total=r.total_pence/> }.into_any()
                }}

                <Attachments response_id=r.id attachments=r.attachments.clone() editable remove attach_error/>

                {(!r.clarifications.is_empty()).then(|| view! {
                    <section aria-labelledby="clarify-heading">
                        <h2 id="clarify-heading">"Clarification asked by the commissioner"</h2>
                        <ul class="plain-list">
                            {r.clarifications.iter().cloned().map(|q| {
                                let field = format!("clarification-answer-{}", q.id);
                                view! {
                                    <li class="qa">
                                        <p><strong>"Asked " {q.asked.clone()} ": "</strong><span class="pre-line">{q.question.clone()}</span></p>
                                        {match q.answer.clone() {
                                            Some(a) => view! { <p><strong>"Your group's answer: "</strong><span class="pre-line">{a}</span></p> }.into_any(),
                                            None if r.is_coordinator => view! {
                                                <ActionForm action=clarify attr:class="form form-compact">
                                                    <input type="hidden" name="clarification_id" value=q.id/>
                                                    <div class="field">
                                                        <label for=field.clone()>"Your answer"</label>
                                                        <textarea id=field.clone() name="clarification_answer" rows="3" class="textarea"></textarea>
                                                    </div>
                                                    <button type="submit" class="button button-small">"Send answer"</button>
                                                </ActionForm>
                                            }.into_any(),
                                            None => view! { <p class="hint">"Not answered yet."</p> }.into_any(),
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })}

                {r.is_coordinator.then(|| {
                    let withdrawable = r.state.after(ResponseStep::Withdraw).is_ok();
                    withdrawable.then(|| view! {
                        <details class="danger-zone">
                            <summary>"Withdraw this response"</summary>
                            <p>"The commissioner will no longer consider it. This cannot be undone."</p>
                            <ActionForm action=withdraw>
                                <input type="hidden" name="response_id" value=r.id/>
                                <button type="submit" class="button button-warning">"Yes, withdraw the response"</button>
                            </ActionForm>
                        </details>
                    })
                })}

                {r.is_member.then(|| view! {
                    <section id="comments" aria-labelledby="comments-heading">
                        <h2 id="comments-heading">"Comments from your group"</h2>
                        <p class="hint">"Only people in " {r.group_name.clone()} " see these."</p>
                        {if r.comments.is_empty() {
                            view! { <p>"No comments yet."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list comments">
                                    {r.comments.iter().cloned().map(|c| view! {
                                        <li class="comment"><p><strong>{c.author}</strong> " · " {c.written}</p><p class="pre-line">{c.body}</p></li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <ErrorSummary error=comment_error/>
                        <ActionForm action=comment attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="response_id" value=r.id/>
                            <TextArea label="Add a comment" name="comment" rows=3 error=comment_error/>
                            <button type="submit" class="button button-secondary">"Add comment"</button>
                        </ActionForm>
                    </section>
                })}
            }
        })}
    }
}


#[component]
pub fn ResponseDetails(fields: ResponseFields, total: i64) -> impl IntoView {
    let c = fields.costs;
    view! {
        <section aria-labelledby="approach-heading">
            <h2 id="approach-heading">"Proposed approach and methods"</h2>
            {paragraphs(&fields.approach)}
            <h2>"How people with lived experience lead and take part"</h2>
            {paragraphs(&fields.lived_experience)}
            <h2>"The team"</h2>
            {paragraphs(&fields.team)}
            <h2>"Timeline"</h2>
            {paragraphs(&fields.timeline)}
            <h2>"Planned ethics route"</h2>
            {paragraphs(&fields.ethics_route)}
            <h2>"Costs"</h2>
            <CostsTable costs=c other_note=fields.other_note.clone() total/>
        </section>
    }
}

#[component]
pub fn CostsTable(costs: Costs, other_note: String, total: i64) -> impl IntoView {
    view! {
        <table class="table costs">
            <tbody>
                <tr><th scope="row">"Peer researchers: " {costs.peer_hours} " hours at " {money(costs.peer_rate_pence)}</th><td>{money(costs.peer_pence())}</td></tr>
                <tr><th scope="row">"Expenses"</th><td>{money(costs.expenses_pence)}</td></tr>
                <tr><th scope="row">"Academic support"</th><td>{money(costs.academic_pence)}</td></tr>
                <tr><th scope="row">"Other" {(!other_note.is_empty()).then(|| format!(": {other_note}"))}</th><td>{money(costs.other_pence)}</td></tr>
                <tr class="total"><th scope="row">"Total"</th><td>{money(total)}</td></tr>
            </tbody>
        </table>
    }
}

