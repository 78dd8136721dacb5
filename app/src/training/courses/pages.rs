//! The pages for courses and their modules, written and edited by the provider's trainers, with knowledge checks.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::training::*;
use crate::training::cohorts::api::CreateCohort;
use crate::training::pages::*;
use crate::ui::{error_of, with_data, ErrorSummary, Notice, TextArea, TextField};
use crate::validate::readable_date;
use super::api::*;

#[component]
pub fn CourseView() -> impl IntoView {
    let course_id = id_param("course_id");
    let done = query_value("done");
    let create = ServerAction::<CreateCohort>::new();
    let error = error_of(create);
    let add = ServerAction::<AddModule>::new();
    let add_error = error_of(add);
    let data = Resource::new(move || (course_id.get(), done.get()), |(id, _)| course(id));
    view! {
        {move || done.get().and_then(|what| match what.as_str() {
            "saved" => Some("The module is saved. Trainees see the new version straight away; their progress and answers are kept."),
            "created" => Some("The course is created. Add its first module below."),
            _ => None,
        }).map(|message| view! { <Notice><p>{message}</p></Notice> })}
        {with_data(data, move |course: CoursePage| { let course_id = course.id; view! {
            <Title text=course.title.clone()/>
            <p class="breadcrumbs"><a href="/training">"Training"</a></p>
            <h1>{course.title.clone()}</h1>
            <p class="lead">{course.summary.clone()}</p>
            <p>"Run by " {course.organisation_name.clone()} "."</p>
            <div class="module-content" inner_html=course.description_html.clone()></div>

            <section aria-labelledby="modules-heading">
                <h2 id="modules-heading">"Modules"</h2>
                <table class="table">
                    <thead><tr>
                        <th scope="col">"Module"</th><th scope="col">"Time"</th>
                        <th scope="col">"Questions"</th><th scope="col">"Change"</th>
                    </tr></thead>
                    <tbody>
                        {course.modules.iter().map(|m| view! {
                            <tr>
                                <td>{m.position} ". " {m.title.clone()}</td>
                                <td>{m.minutes} " minutes"</td>
                                <td>{m.questions}</td>
                                <td><a href=format!("/training/modules/{}/edit", m.id)>"Edit"<span class="visually-hidden">" " {m.title.clone()}</span></a></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <details class="panel" open=move || add_error.with(Option::is_some)>
                    <summary>"Add a module"</summary>
                    <ErrorSummary error=add_error/>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="course_id" value=course_id/>
                        <TextField label="Title of the new module" name="module_title" error=add_error/>
                        <button type="submit" class="button">"Add module and write it"</button>
                    </ActionForm>
                </details>
            </section>

            {(!course.cohorts.is_empty()).then(|| view! {
                <section aria-labelledby="cohorts-heading">
                    <h2 id="cohorts-heading">"Cohorts of this course"</h2>
                    <ul class="plain-list">
                        {course.cohorts.iter().map(|c| view! {
                            <li>
                                <a href=format!("/training/cohorts/{}", c.id)>{c.name.clone()}</a>
                                ", from " {readable_date(&c.starts_on)} ", " {c.enrolled} " of " {c.capacity} " places taken"
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}

            <section aria-labelledby="new-cohort-heading" class="panel">
                <h2 id="new-cohort-heading">"Start a new cohort"</h2>
                <p>"A cohort is one run of this course, with its own dates, people and sessions. You will be its trainer."</p>
                <ErrorSummary error/>
                <ActionForm action=create attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="course_id" value=course_id/>
                    <TextField label="Name of the cohort" name="name" hint="For example: Chelmsford, spring 2027" error/>
                    <TextField label="First date" name="starts_on" input_type="date" hint="For example 14/03/2027" error/>
                    <TextField label="Last date" name="ends_on" input_type="date" error/>
                    <TextField label="Number of places" name="capacity" input_type="number" value="12".to_string() error/>
                    <TextField label="Where it meets (optional)" name="location" hint="For example: Chelmsford Library, meeting room 2" error/>
                    <TextField label="Minimum attendance for a certificate, in per cent" name="min_attendance" input_type="number"
                        value="75".to_string() error/>
                    <button type="submit" class="button">"Create cohort"</button>
                </ActionForm>
            </section>
        }})}
    }
}

#[component]
pub fn ModuleEditView() -> impl IntoView {
    let module_id = id_param("module_id");
    let done = query_value("done");
    let save = ServerAction::<SaveModule>::new();
    let discard = ServerAction::<DiscardDraft>::new();
    let add_question = ServerAction::<AddQuestion>::new();
    let retire = ServerAction::<RetireQuestion>::new();
    let question_error = Signal::derive(move || error_of(add_question).get().or_else(|| error_of(retire).get()));
    let error = error_of(save);
    let data = Resource::new(
        move || (module_id.get(), save.version().get(), discard.version().get(), done.get(), add_question.version().get(), retire.version().get()),
        |(id, ..)| module_editor_page(id),
    );
    view! {
        {with_data(data, move |m: ModuleEditor| {
            let title = format!("Edit module {}: {}", m.position, m.title);
            let module_id = m.id;
            let (t, minutes, outcomes, body, prompt, pass) =
                (m.title.clone(), m.minutes.to_string(), m.outcomes.clone(), m.body.clone(), m.reflection_prompt.clone(), m.pass_mark.to_string());
            view! {
                <Title text=title.clone()/>
                <p class="breadcrumbs">
                    <a href="/training">"Training"</a> " › "
                    <a href=format!("/training/courses/{}", m.course_id)>{m.course_title.clone()}</a>
                </p>
                <h1>{title}</h1>
                {move || done.get().and_then(|what| match what.as_str() {
                    "discarded" => Some("Your draft is thrown away."),
                    "added" => Some("The module is added. Write its content, then save it."),
                    "question" => Some("The question is added to the knowledge check."),
                    "retired" => Some("The question is taken out of the check. Answers already given to it are kept."),
                    _ => None,
                }).map(|message| view! { <Notice><p>{message}</p></Notice> })}
                {m.is_draft.then(|| view! {
                    <Notice>
                        <p>"You are looking at your unsaved draft. Trainees still see the published version until you save."</p>
                    </Notice>
                    <ActionForm action=discard>
                        <input type="hidden" name="module_id" value=module_id/>
                        <button type="submit" class="button button-warning">"Throw away my draft"</button>
                    </ActionForm>
                })}
                <p>"Write in Markdown: ## for a heading, **bold**, - for a list. Choose Preview to see how it looks before you save."</p>
                <p class="hint">{format!(
                    "This module has {} knowledge-check questions. Saving changes the text only: the questions, and every trainee's \
                     reading, answers and progress, stay as they are. This is version {}.",
                    m.questions, m.version
                )}</p>
                <ErrorSummary error/>
                <ActionForm action=save attr:class="form form-wide" attr:novalidate=true>
                    <input type="hidden" name="module_id" value=module_id/>
                    <TextField label="Title" name="title" value=t error/>
                    <TextField label="Time it takes, in minutes" name="minutes" input_type="number" value=minutes error/>
                    <TextArea label="What trainees will learn" name="outcomes" rows=5 hint="One outcome on each line."
                        value=outcomes error/>
                    <TextArea label="Content" name="body" rows=20 value=body error/>
                    <TextArea label="Reflection prompt for the learning log" name="reflection_prompt" rows=3
                        value=prompt error/>
                    <TextField label="Pass mark for the knowledge check, in per cent" name="pass_mark" input_type="number"
                        value=pass error/>
                    <div class="actions">
                        <button type="submit" name="intent" value="preview" class="button button-secondary">"Preview"</button>
                        " "
                        <button type="submit" name="intent" value="save" class="button">"Save and publish"</button>
                    </div>
                </ActionForm>
                <section aria-labelledby="preview-heading" id="preview" class="preview">
                    <h2 id="preview-heading">{if m.is_draft { "Preview of your draft" } else { "How trainees see it now" }}</h2>
                    <div class="module-content" inner_html=m.preview_html.clone()></div>
                </section>
                <section aria-labelledby="check-heading" id="check">
                    <h2 id="check-heading">"Knowledge check"</h2>
                    <p>"Questions are never changed in place: to change one, add the new wording and take the old one out. "
                       "Trainees' earlier answers and passed checks are kept either way."</p>
                    <ErrorSummary error=question_error/>
                    {if m.check.is_empty() {
                        view! { <p>"This module has no knowledge check yet. Trainees complete it by reading it."</p> }.into_any()
                    } else {
                        view! {
                            <ol>
                                {m.check.clone().into_iter().map(|q| {
                                    let question_id = q.id;
                                    let short = q.text.chars().take(60).collect::<String>();
                                    view! {
                                        <li class="question-edit">
                                            <p><strong>{q.text.clone()}</strong></p>
                                            <ul>
                                                {q.options.iter().map(|(text, correct, feedback)| view! {
                                                    <li>{text.clone()} {correct.then_some(" (right answer)")}
                                                        {(!feedback.is_empty()).then(|| view! { <br/><span class="hint">"Feedback: " {feedback.clone()}</span> })}
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                            <ActionForm action=retire>
                                                <input type="hidden" name="question_id" value=question_id/>
                                                <button type="submit" class="button button-warning">
                                                    "Take this question out" <span class="visually-hidden">{format!(": {short}")}</span>
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }}
                    <details class="panel" open=move || question_error.with(Option::is_some)>
                        <summary>"Add a question"</summary>
                        <ActionForm action=add_question attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="module_id" value=module_id/>
                            <crate::ui::SelectField label="Kind of question" name="question_kind" error=question_error
                                options=vec![("multiple_choice".to_string(), "Multiple choice".to_string()), ("true_false".to_string(), "True or false".to_string())]/>
                            <TextArea label="The question" name="question_text" rows=2 error=question_error/>
                            <TextArea label="Answers" name="question_options" rows=5 error=question_error
                                hint="One answer on each line, then | and the feedback to show. Start the right answer with *. For example: * True | Yes, that is right"/>
                            <button type="submit" class="button">"Add question"</button>
                        </ActionForm>
                    </details>
                </section>
            }
        })}
    }
}
