//! Pages for commissioning: finding briefs, writing and publishing them, questions and
//! answers, a group's response with its comments, the commissioner's decisions, and the
//! tracking page. Every form is an `ActionForm`, so it works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Outlet, ParentRoute, Route};
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::{path, MatchNestedRoutes, SsrMode};

use crate::commissioning::api::*;
use crate::commissioning::*;
use crate::error::AppError;
use crate::ui::{error_of, with_data, ErrorSummary, Notice, SelectField, TextArea, TextField};
use crate::validate::readable_date;

/// Every page under /briefs, plugged into the app's routes.
#[component(transparent)]
pub fn BriefRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/briefs") view=Outlet ssr=SsrMode::Async>
            <Route path=path!("") view=BriefsPage ssr=SsrMode::Async/>
            <Route path=path!("new") view=NewBriefPage ssr=SsrMode::Async/>
            <Route path=path!("mine") view=TrackingPage ssr=SsrMode::Async/>
            <Route path=path!(":id") view=BriefView ssr=SsrMode::Async/>
            <Route path=path!(":id/edit") view=EditBriefPage ssr=SsrMode::Async/>
            <Route path=path!(":id/decisions") view=DecisionsView ssr=SsrMode::Async/>
            <Route path=path!(":id/responses/:rid") view=ResponseView ssr=SsrMode::Async/>
        </ParentRoute>
    }
    .into_inner()
}

fn query_value(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name)))
}

fn param_id(name: &'static str) -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).and_then(|v| v.parse::<i64>().ok())))
}

fn state_badge(label: &'static str, class: &'static str) -> impl IntoView {
    view! { <span class=format!("badge {class}")>{label}</span> }
}

fn brief_badge(state: BriefState, past_deadline: bool) -> impl IntoView {
    if past_deadline {
        return state_badge("Closing date passed", "badge-closed");
    }
    let class = match state {
        BriefState::Published => "badge-open",
        BriefState::Awarded => "badge-awarded",
        BriefState::Draft => "badge-draft",
        _ => "badge-closed",
    };
    state_badge(state.label(), class)
}

fn response_badge(state: ResponseState) -> impl IntoView {
    let class = match state {
        ResponseState::Draft => "badge-draft",
        ResponseState::Submitted => "badge-open",
        ResponseState::Awarded => "badge-awarded",
        _ => "badge-closed",
    };
    state_badge(state.label(), class)
}

/// Multi-line text shown as paragraphs (not Markdown).
fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| view! { <p class="pre-line">{p.trim().to_string()}</p> })
        .collect_view()
}

// ---------------------------------------------------------------- list

#[component]
fn BriefsPage() -> impl IntoView {
    let status = query_value("status");
    let about = query_value("about");
    let closing = query_value("closing_before");
    let data = Resource::new(
        move || (status.get(), about.get(), closing.get()),
        |(status, about, closing_before)| {
            list_briefs(BriefFilter {
                status: status.unwrap_or_default(),
                about: about.unwrap_or_default(),
                closing_before: closing_before.unwrap_or_default(),
            })
        },
    );
    let bodies = Resource::new(|| (), |_| brief_bodies());
    let statuses = [("open", "Open for responses"), ("closed", "Closed for responses"), ("awarded", "Awarded"), ("all", "All")];
    view! {
        <Title text="Research briefs"/>
        <h1>"Research briefs"</h1>
        <p class="lead">"Councils, the NHS and charities ask citizen research groups to find things out for them. Here are their briefs."</p>
        <p><a href="/briefs/mine">"Your briefs and responses"</a></p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                bodies.await.ok().map(|_| view! {
                    <p><a class="button" href="/briefs/new">"Write a new brief"</a></p>
                })
            })}
        </Suspense>
        <form method="get" action="/briefs" class="form filters" aria-labelledby="filter-heading">
            <h2 id="filter-heading">"Filter the briefs"</h2>
            <div class="filter-row">
                <div class="field">
                    <label for="filter-status">"Status"</label>
                    <select id="filter-status" name="status" class="select">
                        {statuses.into_iter().map(|(value, label)| {
                            let selected = move || status.get().unwrap_or_else(|| "open".into()) == value;
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-about">"Who the research is about"</label>
                    <select id="filter-about" name="about" class="select">
                        <option value="">"Anyone"</option>
                        {ABOUT_WHOM.iter().map(|(value, label)| {
                            let selected = move || about.get().as_deref() == Some(*value);
                            view! { <option value=*value selected=selected>{*label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-closing">"Closing on or before"</label>
                    <p class="hint" id="filter-closing-hint">"For example 31/03/2027. Leave empty for any date."</p>
                    <input id="filter-closing" name="closing_before" type="text" class="input input-short"
                        aria-describedby="filter-closing-hint" value=move || closing.get().unwrap_or_default()/>
                </div>
            </div>
            <button type="submit" class="button button-secondary">"Show briefs"</button>
        </form>
        {with_data(data, |list: BriefList| view! {
            {list.filter_problem.map(|m| view! { <div class="error-summary" role="alert"><p>{m}</p></div> })}
            <h2>{format!("{} {}", list.briefs.len(), if list.briefs.len() == 1 { "brief" } else { "briefs" })}</h2>
            {if list.briefs.is_empty() {
                view! { <p class="empty-state">"No briefs match. Try another status or clear the filters."</p> }.into_any()
            } else {
                view! { <ul class="card-list">{list.briefs.into_iter().map(|b| view! { <BriefCard brief=b/> }).collect_view()}</ul> }.into_any()
            }}
        })}
    }
}

#[component]
fn BriefCard(brief: BriefSummary) -> impl IntoView {
    view! {
        <li class="card brief-card">
            <h3><a href=format!("/briefs/{}", brief.id)>{brief.title.clone()}</a></h3>
            <p class="brief-meta">{brief.commissioner.clone()} " · " {brief.about_whom.clone()} " · " {brief.budget.clone()}</p>
            <p>{brief_badge(brief.state, brief.past_deadline)}
               {(!brief.time_left.is_empty()).then(|| view! { " " <strong class="time-left">{brief.time_left.clone()}</strong> })}
            </p>
            <p>{brief.summary.clone()}</p>
            <p class="hint">"Responses due by " {brief.responses_due.clone()}</p>
        </li>
    }
}

// ---------------------------------------------------------------- brief form

#[component]
fn BriefFormFields(error: Signal<Option<AppError>>, #[prop(optional)] values: Option<BriefFields>) -> impl IntoView {
    let v = values.unwrap_or_default();
    let money_value = |pence: i64| if pence == 0 { String::new() } else { money(pence).replace('£', "").replace(',', "") };
    let about_options: Vec<(String, String)> = std::iter::once((String::new(), "Choose one".to_string()))
        .chain(ABOUT_WHOM.iter().map(|(c, l)| (c.to_string(), l.to_string())))
        .collect();
    view! {
        <TextField label="Title" name="title" value=v.title.clone() error
            hint="A short name for the research, for example: Loneliness among older people in rural Essex."/>
        <TextArea label="Summary in plain language" name="summary" value=v.summary.clone() rows=4 error
            hint="Two or three sentences anyone could understand: what you want to find out and why."/>
        <TextArea label="Background (optional)" name="background" value=v.background.clone() rows=8 error
            hint="What is already known. You can use Markdown: **bold**, - lists, ## headings and [links](https://…)."/>
        <TextArea label="Questions the research should answer" name="questions" value=v.questions.clone() rows=5 error/>
        <SelectField label="Who the research is about" name="about_whom" options=about_options value=v.about_whom.clone() error/>
        <TextArea label="Suggested methods (optional)" name="methods" value=v.methods.clone() rows=4 error
            hint="For example interviews, focus groups or a survey. Groups may suggest others."/>
        <TextArea label="Expected outputs" name="outputs" value=v.outputs.clone() rows=4 error
            hint="For example a written report, a summary for the public, a presentation to a committee."/>
        <fieldset class="fieldset">
            <legend>"Budget range, in pounds"</legend>
            <TextField label="From" name="budget_min" value=money_value(v.budget_min_pence) class="input input-short" error/>
            <TextField label="To" name="budget_max" value=money_value(v.budget_max_pence) class="input input-short" error/>
        </fieldset>
        <fieldset class="fieldset">
            <legend>"Key dates"</legend>
            <p class="hint">"Write dates like 14/03/2027."</p>
            <TextField label="Responses due by" name="responses_due" value=v.responses_due.clone() class="input input-short" error/>
            <TextField label="Expected start" name="start_date" value=v.start_date.clone() class="input input-short" error/>
            <TextField label="Report due by" name="report_due" value=v.report_due.clone() class="input input-short" error/>
        </fieldset>
        <fieldset class="fieldset">
            <legend>"Who groups can contact about this brief"</legend>
            <TextField label="Contact name" name="contact_name" value=v.contact_name.clone() autocomplete="name" error/>
            <TextField label="Contact e-mail address" name="contact_email" input_type="email" value=v.contact_email.clone() error/>
        </fieldset>
    }
}

#[component]
fn NewBriefPage() -> impl IntoView {
    let create = ServerAction::<CreateBrief>::new();
    let error = error_of(create);
    let bodies = Resource::new(|| (), |_| brief_bodies());
    view! {
        <Title text="Write a new brief"/>
        <h1>"Write a new brief"</h1>
        <p>"Save it as a draft first. Only people in your commissioning body see drafts. Groups see the brief once you publish it."</p>
        <ErrorSummary error/>
        {with_data(bodies, move |bodies: Vec<(i64, String)>| {
            let single = bodies.len() == 1;
            let options: Vec<(String, String)> = bodies.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
            let first = bodies[0].0;
            view! {
                <ActionForm action=create attr:class="form" attr:novalidate=true>
                    {if single {
                        view! { <input type="hidden" name="organisation_id" value=first/> }.into_any()
                    } else {
                        view! { <SelectField label="Commissioning body" name="organisation_id" options=options error/> }.into_any()
                    }}
                    <BriefFormFields error/>
                    <button type="submit" class="button">"Save draft brief"</button>
                </ActionForm>
            }
        })}
    }
}

#[component]
fn EditBriefPage() -> impl IntoView {
    let id = param_id("id");
    let update = ServerAction::<UpdateBrief>::new();
    let error = error_of(update);
    let data = Resource::new(move || id.get(), |id| async move {
        match id {
            Some(id) => brief_for_editing(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text="Change the draft brief"/>
        <h1>"Change the draft brief"</h1>
        <ErrorSummary error/>
        {with_data(data, move |brief: BriefPage| view! {
            <ActionForm action=update attr:class="form" attr:novalidate=true>
                <input type="hidden" name="brief_id" value=brief.id/>
                <BriefFormFields error values=brief.fields.clone()/>
                <button type="submit" class="button">"Save changes"</button>
                " " <a href=format!("/briefs/{}", brief.id)>"Cancel"</a>
            </ActionForm>
        })}
    }
}

// ---------------------------------------------------------------- one brief

#[component]
fn BriefView() -> impl IntoView {
    let id = param_id("id");
    let done = query_value("done");
    let publish = ServerAction::<PublishBrief>::new();
    let close = ServerAction::<CloseBrief>::new();
    let withdraw = ServerAction::<WithdrawBrief>::new();
    let ask = ServerAction::<AskQuestion>::new();
    let answer = ServerAction::<AnswerQuestion>::new();
    let start = ServerAction::<StartResponse>::new();
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| async move {
        match id {
            Some(id) => brief(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let manage_error = Signal::derive(move || {
        error_of(publish).get().or_else(|| error_of(close).get()).or_else(|| error_of(withdraw).get()).or_else(|| error_of(start).get())
    });
    let ask_error = error_of(ask);
    let answer_error = error_of(answer);

    view! {
        {move || done.get().map(|what| {
            let message = match what.as_str() {
                "drafted" => "Your draft brief is saved. Check it, then publish it when it is ready.",
                "saved" => "Your changes are saved.",
                "published" => "The brief is published. Citizen research groups can now read it and respond.",
                "closed" => "The brief is closed for responses.",
                "withdrawn" => "The brief is withdrawn.",
                "asked" => "Your question is sent. The answer will appear below, and you will get an e-mail.",
                "answered" => "Your answer is published. Every group can see it.",
                _ => "Saved.",
            };
            view! { <Notice><p>{message}</p></Notice> }
        })}
        <ErrorSummary error=manage_error/>
        {with_data(data, move |b: BriefPage| {
            let f = b.fields.clone();
            let brief_id = b.id;
            view! {
                <Title text=f.title.clone()/>
                <p class="brief-meta">{b.commissioner.clone()}</p>
                <h1>{f.title.clone()}</h1>
                <p>{brief_badge(b.state, b.past_deadline)}
                   {(!b.time_left.is_empty()).then(|| view! { " " <strong class="time-left">{b.time_left.clone()}</strong> })}
                </p>
                <p class="lead">{f.summary.clone()}</p>

                {b.is_owner.then(|| view! { <OwnerActions brief=b.clone() publish close withdraw/> })}
                <GroupActions brief=b.clone() start/>

                <dl class="facts">
                    <dt>"Who the research is about"</dt><dd>{about_label(&f.about_whom)}</dd>
                    <dt>"Budget"</dt><dd>{budget_text(&f)}</dd>
                    <dt>"Responses due by"</dt><dd>{readable_date(&f.responses_due)}</dd>
                    <dt>"Expected start"</dt><dd>{readable_date(&f.start_date)}</dd>
                    <dt>"Report due by"</dt><dd>{readable_date(&f.report_due)}</dd>
                    <dt>"Contact"</dt><dd>{f.contact_name.clone()} " (" <a href=format!("mailto:{}", f.contact_email)>{f.contact_email.clone()}</a> ")"</dd>
                </dl>
                {(!f.background.is_empty()).then(|| view! {
                    <section aria-labelledby="background-heading">
                        <h2 id="background-heading">"Background"</h2>
                        <div class="prose" inner_html=b.background_html.clone()></div>
                    </section>
                })}
                <section aria-labelledby="questions-to-answer">
                    <h2 id="questions-to-answer">"Questions the research should answer"</h2>
                    {paragraphs(&f.questions)}
                </section>
                {(!f.methods.is_empty()).then(|| view! {
                    <section aria-labelledby="methods-heading">
                        <h2 id="methods-heading">"Suggested methods"</h2>
                        {paragraphs(&f.methods)}
                    </section>
                })}
                <section aria-labelledby="outputs-heading">
                    <h2 id="outputs-heading">"Expected outputs"</h2>
                    {paragraphs(&f.outputs)}
                </section>

                <section id="questions" aria-labelledby="qa-heading">
                    <h2 id="qa-heading">"Questions and answers"</h2>
                    <p class="hint">"Every group sees the questions and answers. Nobody is told who asked."</p>
                    <ErrorSummary error=answer_error/>
                    {if b.questions.is_empty() {
                        view! { <p>"No questions yet."</p> }.into_any()
                    } else {
                        view! {
                            <ol class="qa-list">
                                {b.questions.iter().cloned().map(|q| {
                                    let field = format!("answer-{}", q.id);
                                    view! {
                                        <li class="qa">
                                            <p class="qa-question"><strong>"Question: "</strong>{q.question.clone()}
                                                {q.asked_by_my_group.then(|| view! { " " <span class="hint">"(asked by your group)"</span> })}
                                            </p>
                                            {match q.answer.clone() {
                                                Some(a) => view! { <p class="qa-answer"><strong>"Answer: "</strong><span class="pre-line">{a}</span></p> }.into_any(),
                                                None if b.is_owner => view! {
                                                    <ActionForm action=answer attr:class="form form-compact">
                                                        <input type="hidden" name="question_id" value=q.id/>
                                                        <div class="field">
                                                            <label for=field.clone()>"Your answer to: " {q.question.clone()}</label>
                                                            <textarea id=field.clone() name="answer" rows="3" class="textarea"></textarea>
                                                        </div>
                                                        <button type="submit" class="button button-small">"Publish answer"</button>
                                                    </ActionForm>
                                                }.into_any(),
                                                None => view! { <p class="hint">"Not answered yet."</p> }.into_any(),
                                            }}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                    {b.can_ask.then(|| view! {
                        <div class="panel">
                            <h3>"Ask a question"</h3>
                            <ErrorSummary error=ask_error/>
                            <ActionForm action=ask attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="brief_id" value=brief_id/>
                                <TextArea label="Your question" name="question" rows=3 error=ask_error
                                    hint="Your name and group are not shown to other groups."/>
                                <button type="submit" class="button">"Send question"</button>
                            </ActionForm>
                        </div>
                    })}
                </section>
            }
        })}
    }
}


#[component]
fn OwnerActions(
    brief: BriefPage,
    publish: ServerAction<PublishBrief>,
    close: ServerAction<CloseBrief>,
    withdraw: ServerAction<WithdrawBrief>,
) -> impl IntoView {
    let id = brief.id;
    let state = brief.state;
    view! {
        <section class="panel owner-panel" aria-labelledby="owner-heading">
            <h2 id="owner-heading">"For your commissioning body"</h2>
            {(state != BriefState::Draft).then(|| view! {
                <p>{brief.submitted_count} " submitted " {if brief.submitted_count == 1 { "response" } else { "responses" }} ". "
                   <a href=format!("/briefs/{id}/decisions")>"See the responses and decide"</a></p>
            })}
            <div class="actions">
                {state.after(BriefStep::Edit).is_ok().then(|| view! {
                    <a class="button button-secondary" href=format!("/briefs/{id}/edit")>"Change the draft"</a>
                })}
                {state.after(BriefStep::Publish).is_ok().then(|| view! {
                    <ActionForm action=publish attr:class="inline-form">
                        <input type="hidden" name="brief_id" value=id/>
                        <button type="submit" class="button">"Publish to research groups"</button>
                    </ActionForm>
                })}
                {state.after(BriefStep::Close).is_ok().then(|| view! {
                    <ActionForm action=close attr:class="inline-form">
                        <input type="hidden" name="brief_id" value=id/>
                        <button type="submit" class="button button-secondary">"Close for responses now"</button>
                    </ActionForm>
                })}
            </div>
            {state.after(BriefStep::Withdraw).is_ok().then(|| view! {
                <details class="danger-zone">
                    <summary>"Withdraw this brief"</summary>
                    <p>"Groups will no longer be able to respond, and the brief cannot be awarded."</p>
                    <ActionForm action=withdraw>
                        <input type="hidden" name="brief_id" value=id/>
                        <button type="submit" class="button button-warning">"Yes, withdraw the brief"</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn GroupActions(brief: BriefPage, start: ServerAction<StartResponse>) -> impl IntoView {
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

// ---------------------------------------------------------------- a response

#[component]
fn ResponseView() -> impl IntoView {
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
fn Attachments(
    response_id: i64,
    attachments: Vec<AttachmentView>,
    editable: bool,
    remove: ServerAction<RemoveAttachment>,
    attach_error: Memo<Option<String>>,
) -> impl IntoView {
    (editable || !attachments.is_empty()).then(|| view! {
        <section id="attachments" aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">"Attached files"</h2>
            {if attachments.is_empty() {
                view! { <p>"No files attached."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {attachments.into_iter().map(|a| {
                            let name = a.file_name.clone();
                            view! {
                                <li>
                                    <a href=format!("/brief-files/{}", a.id) download>{a.file_name.clone()}</a> " (" {a.size.clone()} ")"
                                    {editable.then(|| view! {
                                        <ActionForm action=remove attr:class="inline-form">
                                            <input type="hidden" name="attachment_id" value=a.id/>
                                            <button type="submit" class="button button-small button-secondary">
                                                "Remove" <span class="visually-hidden">" " {name}</span>
                                            </button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {editable.then(|| view! {
                <form method="post" action=format!("/brief-files/responses/{response_id}") enctype="multipart/form-data" class="form">
                    <div class="field" class:field-error=move || attach_error.get().is_some()>
                        <label for="field-file">"Attach a file"</label>
                        <p class="hint" id="field-file-hint">"PDF, Word, OpenDocument, Excel, text, PNG or JPEG, up to 5 MB."</p>
                        {move || attach_error.get().map(|code| view! {
                            <p class="error-message" id="field-file-error" role="alert"><span class="visually-hidden">"Error: "</span>{upload_problem_text(&code)}</p>
                        })}
                        <input type="file" id="field-file" name="file" class="input"
                            accept=".pdf,.docx,.odt,.xlsx,.txt,.png,.jpg,.jpeg"
                            aria-describedby=move || if attach_error.get().is_some() { "field-file-hint field-file-error" } else { "field-file-hint" }/>
                    </div>
                    <button type="submit" class="button button-secondary">"Attach file"</button>
                </form>
            })}
        </section>
    })
}

#[component]
fn ResponseDetails(fields: ResponseFields, total: i64) -> impl IntoView {
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
fn CostsTable(costs: Costs, other_note: String, total: i64) -> impl IntoView {
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

// ---------------------------------------------------------------- decisions

#[component]
fn DecisionsView() -> impl IntoView {
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
                            {d.responses.iter().cloned().map(|r| {
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

// ---------------------------------------------------------------- tracking

#[component]
fn TrackingPage() -> impl IntoView {
    let done = query_value("done");
    let alerts = ServerAction::<SetBriefAlerts>::new();
    let alerts_error = error_of(alerts);
    let data = Resource::new(move || done.get(), |_| my_briefs());
    view! {
        <Title text="Your briefs and responses"/>
        <h1>"Your briefs and responses"</h1>
        {move || (done.get().as_deref() == Some("alerts")).then(|| view! { <Notice><p>"Your e-mail choice is saved."</p></Notice> })}
        <ErrorSummary error=alerts_error/>
        {with_data(data, move |t: Tracking| view! {
            {t.commissioners.into_iter().map(|c| {
                let heading = format!("body-{}", c.organisation_id);
                let heading_ref = heading.clone();
                view! {
                    <section aria-labelledby=heading_ref>
                        <h2 id=heading>{c.name.clone()} ": your briefs"</h2>
                        <p><a class="button" href="/briefs/new">"Write a new brief"</a></p>
                        {if c.briefs.is_empty() {
                            view! { <p class="empty-state">"No briefs yet."</p> }.into_any()
                        } else {
                            view! {
                                <table class="table">
                                    <thead><tr><th scope="col">"Brief"</th><th scope="col">"State"</th><th scope="col">"Responses due"</th><th scope="col">"Responses"</th></tr></thead>
                                    <tbody>
                                        {c.briefs.into_iter().map(|b| view! {
                                            <tr>
                                                <td><a href=format!("/briefs/{}", b.id)>{b.title.clone()}</a></td>
                                                <td>{brief_badge(b.state, b.past_deadline)}</td>
                                                <td>{b.responses_due.clone()}</td>
                                                <td>{(b.state != BriefState::Draft).then(|| view! {
                                                    <a href=format!("/briefs/{}/decisions", b.id)>{b.response_count} <span class="visually-hidden">{if b.response_count == 1 { " response to " } else { " responses to " }} {b.title.clone()}</span></a>
                                                })}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>
                }
            }).collect_view()}
            {t.groups.into_iter().map(|g| {
                let heading = format!("group-{}", g.organisation_id);
                let heading_ref = heading.clone();
                let alerts_id = format!("alerts-{}", g.organisation_id);
                let next_alerts = if g.alerts_on { "off" } else { "on" };
                view! {
                    <section aria-labelledby=heading_ref>
                        <h2 id=heading>{g.name.clone()}</h2>
                        <h3>"Responses"</h3>
                        {if g.responses.is_empty() {
                            view! { <p class="empty-state">"No responses yet. " <a href="/briefs">"Find an open brief"</a></p> }.into_any()
                        } else {
                            view! {
                                <table class="table">
                                    <thead><tr><th scope="col">"Brief"</th><th scope="col">"Commissioner"</th><th scope="col">"State"</th><th scope="col">"Due"</th></tr></thead>
                                    <tbody>
                                        {g.responses.into_iter().map(|r| view! {
                                            <tr>
                                                <td><a href=format!("/briefs/{}/responses/{}", r.brief_id, r.response_id)>{r.brief_title.clone()}</a></td>
                                                <td>{r.commissioner.clone()}</td>
                                                <td>{response_badge(r.state)}</td>
                                                <td>{r.responses_due.clone()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                        <h3>"Commissions"</h3>
                        {if g.projects.is_empty() {
                            view! { <p>"No commissions yet."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {g.projects.into_iter().map(|p| view! {
                                        <li><a href=format!("/projects/{}", p.id)>{p.title.clone()}</a> " for " {p.commissioner.clone()}
                                            " · " {crate::projects::stage_label(&p.stage)}</li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        {g.is_coordinator.then(|| view! {
                            <ActionForm action=alerts attr:class="inline-form">
                                <input type="hidden" name="group_id" value=g.organisation_id/>
                                <input type="hidden" name="alerts" value=next_alerts/>
                                <p id=alerts_id.clone()>{if g.alerts_on {
                                    "Everyone in the group gets an e-mail when a new brief is published."
                                } else {
                                    "Nobody in the group gets an e-mail when a new brief is published."
                                }}</p>
                                <button type="submit" class="button button-small button-secondary" aria-describedby=alerts_id>
                                    {if g.alerts_on { "Stop e-mails about new briefs" } else { "E-mail the group about new briefs" }}
                                </button>
                            </ActionForm>
                        })}
                    </section>
                }
            }).collect_view()}
        })}
    }
}

/// This feature's part of each person's dashboard.
#[component]
pub fn BriefsOnDashboard() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_briefs());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().map(|t| {
                    let drafts = t.groups.iter().flat_map(|g| g.responses.iter()).filter(|r| r.state == ResponseState::Draft).count();
                    let waiting: i64 = t.commissioners.iter().flat_map(|c| c.briefs.iter())
                        .filter(|b| matches!(b.state, BriefState::Published | BriefState::Closed))
                        .map(|b| b.response_count).sum();
                    view! {
                        <section aria-labelledby="briefs-dash-heading">
                            <h2 id="briefs-dash-heading">"Research briefs"</h2>
                            {(!t.groups.is_empty()).then(|| view! {
                                <p>"Find briefs your group could respond to: " <a href="/briefs">"open briefs"</a> "."
                                   {(drafts > 0).then(|| format!(" Your group has {drafts} draft {} in progress.", if drafts == 1 { "response" } else { "responses" }))}</p>
                            })}
                            {(!t.commissioners.is_empty()).then(|| view! {
                                <p>{format!("{waiting} {} waiting on your open briefs. ", if waiting == 1 { "response is" } else { "responses are" })}
                                   <a href="/briefs/new">"Write a new brief"</a> "."</p>
                            })}
                            <p><a href="/briefs/mine">"Your briefs and responses"</a></p>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}
