//! The questions and answers on a brief's page: every group sees them, nobody is told
//! who asked; the brief's commissioners answer, group members ask.

use leptos::prelude::*;

use crate::commissioning::questions::api::{AnswerQuestion, AskQuestion};
use crate::commissioning::BriefPage;
use crate::error::AppError;
use crate::ui::{ErrorSummary, TextArea};

#[component]
pub fn QuestionsSection(
    brief: BriefPage,
    ask: ServerAction<AskQuestion>,
    answer: ServerAction<AnswerQuestion>,
    ask_error: Signal<Option<AppError>>,
    answer_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let b = brief;
    let brief_id = b.id;
    view! {
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
}
