//! Pages for briefs: the filtered list (a page at a time), writing and changing a draft,
//! and one brief with what its commissioners and the viewer's groups may do.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::commissioning::briefs::api::*;
use crate::commissioning::pages::{brief_badge, paragraphs, param_id, query_value};
use crate::commissioning::questions::api::{AnswerQuestion, AskQuestion};
use crate::commissioning::questions::pages::QuestionsSection;
use crate::commissioning::responses::api::StartResponse;
use crate::commissioning::responses::pages::GroupActions;
use crate::commissioning::*;
use crate::error::AppError;
use crate::ui::pagination::{PageNumber, Pagination, showing_line};
use crate::ui::{error_of, with_data, ErrorSummary, Notice, SelectField, TextArea, TextField};
use crate::validate::readable_date;

// ---------------------------------------------------------------- list

#[component]
pub fn BriefsPage() -> impl IntoView {
    let status = query_value("status");
    let about = query_value("about");
    let closing = query_value("closing_before");
    let page = query_value("page");
    let data = Resource::new(
        move || (status.get(), about.get(), closing.get(), page.get()),
        |(status, about, closing_before, page)| {
            list_briefs(BriefFilter {
                status: status.unwrap_or_default(),
                about: about.unwrap_or_default(),
                closing_before: closing_before.unwrap_or_default(),
                page: PageNumber::parse(page.as_deref()).0,
            })
        },
    );
    // Page links keep the filters as typed.
    let filters = move || {
        vec![
            ("status", status.get().unwrap_or_default()),
            ("about", about.get().unwrap_or_default()),
            ("closing_before", closing.get().unwrap_or_default()),
        ]
    };
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
        {with_data(data, move |list: BriefList| {
            let briefs = list.briefs;
            let pages = briefs.pages();
            view! {
                {list.filter_problem.map(|m| view! { <div class="error-summary" role="alert"><p>{m}</p></div> })}
                <h2>{format!("{} {}", briefs.total, if briefs.total == 1 { "brief" } else { "briefs" })}</h2>
                {showing_line(&briefs, "briefs")}
                {if briefs.items.is_empty() {
                    view! { <p class="empty-state">"No briefs match. Try another status or clear the filters."</p> }.into_any()
                } else {
                    view! { <ul class="card-list">{briefs.items.into_iter().map(|b| view! { <BriefCard brief=b/> }).collect_view()}</ul> }.into_any()
                }}
                <Pagination page=briefs.page pages path="/briefs" filters=filters()/>
            }
        })}
    }
}

#[component]
pub fn BriefCard(brief: BriefSummary) -> impl IntoView {
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
pub fn BriefFormFields(error: Signal<Option<AppError>>, #[prop(optional)] values: Option<BriefFields>) -> impl IntoView {
    let v = values.unwrap_or_default();
    let money_value = |pence: i64| if pence == 0 { String::new() } else { money(pence).replace(['£', ','], "") };
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
pub fn NewBriefPage() -> impl IntoView {
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
pub fn EditBriefPage() -> impl IntoView {
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
pub fn BriefView() -> impl IntoView {
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

                <QuestionsSection brief=b.clone() ask answer ask_error answer_error/>
            }
        })}
    }
}


#[component]
pub fn OwnerActions(
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

