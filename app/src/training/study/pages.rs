//! The pages for studying a module: reading it, its knowledge check, and moving on.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::training::*;
use crate::training::learning_log::api::WriteReflection;
use crate::training::learning_log::pages::ReflectionCard;
use crate::training::pages::*;
use crate::ui::{error_of, field_id, with_data, Checkbox, ErrorSummary, Notice, TextArea};
use super::api::*;

#[component]
pub fn ModuleView() -> impl IntoView {
    let cohort_id = id_param("cohort_id");
    let module_id = id_param("module_id");
    let done = query_value("done");
    let read = ServerAction::<MarkRead>::new();
    let check = ServerAction::<SubmitCheck>::new();
    let reflect = ServerAction::<WriteReflection>::new();
    let data = Resource::new(
        move || (cohort_id.get(), module_id.get(), done.get(), read.version().get(), check.version().get(), reflect.version().get()),
        |(c, m, ..)| module(c, m),
    );
    view! {
        {with_data(data, move |m: ModulePage| view! { <ModuleBody m done read check reflect/> })}
    }
}

#[component]
pub fn ModuleBody(
    m: ModulePage,
    done: Memo<Option<String>>,
    read: ServerAction<MarkRead>,
    check: ServerAction<SubmitCheck>,
    reflect: ServerAction<WriteReflection>,
) -> impl IntoView {
    let check_error = error_of(check);
    let read_error = error_of(read);
    let reflect_error = error_of(reflect);
    let cohort = m.cohort_id;
    let heading = format!("Module {} of {}: {}", m.position, m.module_count, m.title);
    let has_check = !m.questions.is_empty();
    let questions = m.questions.clone();
    let quiz_questions = m.questions.clone();
    let attempt = m.last_attempt.clone();
    let retry = m.last_attempt.is_some();
    let module_id = m.id;
    view! {
        <Title text=m.title.clone()/>
        <p class="breadcrumbs">
            <a href="/training">"Training"</a> " › "
            <a href=format!("/training/cohorts/{cohort}")>{m.course_title.clone()}</a>
        </p>
        <h1>{heading}</h1>
        <p class="module-meta">{format!("About {} minutes. ", m.minutes)} <strong>{m.state.label()}</strong></p>
        {move || done.get().and_then(|what| match what.as_str() {
            "read" => Some("Marked as read."),
            "reflected" => Some("Your reflection is saved in your learning log."),
            _ => None,
        }).map(|message| view! { <Notice><p>{message}</p></Notice> })}
        {(!m.outcomes.is_empty()).then(|| view! {
            <section aria-labelledby="outcomes-heading" class="panel">
                <h2 id="outcomes-heading">"By the end you will be able to"</h2>
                <ul>{m.outcomes.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
            </section>
        })}
        <div class="module-content" inner_html=m.body_html.clone()></div>

        <section aria-labelledby="read-heading" class="panel" id="read">
            <h2 id="read-heading">"Finished reading?"</h2>
            <ErrorSummary error=read_error/>
            {if m.read {
                view! { <p>"You have marked this module as read."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=read>
                        <input type="hidden" name="cohort_id" value=cohort/>
                        <input type="hidden" name="module_id" value=module_id/>
                        <button type="submit" class="button">"I have read this module"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>

        {has_check.then(|| view! {
            <section aria-labelledby="check-heading" id="check">
                <h2 id="check-heading">"Knowledge check"</h2>
                <p>{format!(
                    "{} questions. You pass with {}% or more. You can try as many times as you like; only you see your answers.",
                    questions.len(), m.pass_mark
                )}</p>
                {attempt.clone().map(|a| {
                    let questions = questions.clone();
                    view! {
                        <div id="result" class=if a.passed { "result result-pass" } else { "result result-fail" } role="status">
                            <h3>{if a.passed {
                                format!("You passed with {}%.", a.score)
                            } else {
                                format!("You scored {}%. You need {}% to pass: read the feedback and try again.", a.score, m.pass_mark)
                            }}</h3>
                            <ol>
                                {questions.iter().map(|q| {
                                    let answer = a.answers.iter().find(|x| x.question_id == q.id).cloned();
                                    let chosen = answer.as_ref().and_then(|x| q.options.iter().find(|o| o.0 == x.option_id)).map(|o| o.1.clone());
                                    view! {
                                        <li>
                                            <p>{q.text.clone()}</p>
                                            {answer.map(|x| view! {
                                                <p>"Your answer: " {chosen.unwrap_or_default()} " – "
                                                   <strong>{if x.correct { "right" } else { "not quite" }}</strong></p>
                                                <p class="feedback">{x.feedback.clone()}</p>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        </div>
                    }
                })}
                {(m.passed && !m.read).then(|| view! {
                    <p><strong>"You have passed the check. Mark the module as read above to complete it."</strong></p>
                })}
                <ErrorSummary error=check_error/>
                <ActionForm action=check attr:class="form quiz" attr:novalidate=true>
                    <input type="hidden" name="cohort_id" value=cohort/>
                    <input type="hidden" name="module_id" value=module_id/>
                    {quiz_questions.iter().enumerate().map(|(n, q)| {
                        let field = format!("q{}", q.id);
                        let field_for_message = field.clone();
                        let field_for_echo = field.clone();
                        let message = Signal::derive(move || check_error.with(|e| {
                            e.as_ref().and_then(AppError::form_errors).and_then(|f| f.message_for(&field_for_message)).map(str::to_string)
                        }));
                        let echo = Signal::derive(move || check_error.with(|e| {
                            e.as_ref().and_then(AppError::form_errors).and_then(|f| f.value_for(&field_for_echo)).map(str::to_string)
                        }));
                        let fieldset_id = field_id(&field);
                        view! {
                            <fieldset id=fieldset_id class="question" class:field-error=move || message.with(Option::is_some)>
                                <legend>{format!("{}. {}", n + 1, q.text)}</legend>
                                {move || message.get().map(|text| view! {
                                    <p class="error-message"><span class="visually-hidden">"Error: "</span>{text}</p>
                                })}
                                {q.options.iter().map(|(oid, text)| {
                                    let radio_id = format!("option-{oid}");
                                    let value = oid.to_string();
                                    let checked = {
                                        let value = value.clone();
                                        move || echo.with(|e| e.as_deref() == Some(value.as_str()))
                                    };
                                    view! {
                                        <div class="radio">
                                            <input type="radio" id=radio_id.clone() name=format!("answers[{field}]") value=value checked=checked/>
                                            <label for=radio_id>{text.clone()}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }
                    }).collect_view()}
                    <button type="submit" class="button">{if retry { "Check my answers again" } else { "Check my answers" }}</button>
                </ActionForm>
            </section>
        })}

        <section aria-labelledby="log-heading" id="log" class="panel">
            <h2 id="log-heading">"Your learning log"</h2>
            {(!m.reflection_prompt.is_empty()).then(|| view! { <p class="prompt">{m.reflection_prompt.clone()}</p> })}
            <ErrorSummary error=reflect_error/>
            <ActionForm action=reflect attr:class="form" attr:novalidate=true>
                <input type="hidden" name="cohort_id" value=cohort/>
                <input type="hidden" name="module_id" value=module_id/>
                <TextArea label="Your reflection" name="body" rows=6
                    hint="Write as much or as little as you like. It is private unless you choose to share it." error=reflect_error/>
                <Checkbox label="Share this with my trainers" name="shared"
                    hint="Shared entries can be read and answered by your trainers. Nobody else on the course sees them."/>
                <button type="submit" class="button">"Save to my learning log"</button>
            </ActionForm>
            {m.reflections.iter().map(|r| view! { <ReflectionCard r=r.clone()/> }).collect_view()}
        </section>

        <nav aria-label="Modules" class="pager">
            {m.previous.map(|p| view! { <a href=format!("/training/cohorts/{cohort}/modules/{p}")>"‹ Previous module"</a> })}
            " "
            <a href=format!("/training/cohorts/{cohort}")>"All modules"</a>
            " "
            {m.next.map(|n| view! { <a href=format!("/training/cohorts/{cohort}/modules/{n}")>"Next module ›"</a> })}
        </nav>
    }
}
