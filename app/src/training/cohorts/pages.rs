//! The pages for a cohort: starting one, its page for trainers and trainees, its completion rule and trainers.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::training::*;
use crate::training::attendance::api::SendApologies;
use crate::training::cohorts::trainer_pages::TrainerCohortView;
use crate::training::pages::*;
use crate::ui::{error_of, with_data, ErrorSummary, Notice};
use crate::validate::readable_date;
use super::api::*;

#[component]
pub fn CohortView() -> impl IntoView {
    let cohort_id = id_param("cohort_id");
    let done = query_value("done");
    let count = query_value("n");
    let data = Resource::new(move || (cohort_id.get(), done.get(), count.get()), |(id, ..)| cohort(id));
    view! {
        {move || done.get().map(|what| {
            let n = count.get().unwrap_or_default();
            let message = match what.as_str() {
                "created" => "The cohort is created. Add its sessions and invite trainees below.".to_string(),
                "invited" => format!("Invitations sent: {n}. Each works for 21 days."),
                "withdrawn" => "The invitation is withdrawn. Its link no longer works.".to_string(),
                "session" => "The session is added.".to_string(),
                "rule" => "The completion rule is saved.".to_string(),
                "attendance" => "Attendance is saved.".to_string(),
                "apologies" => "Your apologies are sent to your trainer.".to_string(),
                "joined" => "Welcome: you have a place on this course.".to_string(),
                "issued" => "The certificate is issued.".to_string(),
                "revoked" => "The certificate is revoked. Its code no longer verifies.".to_string(),
                "graduate" => "The invitation to join the group is sent.".to_string(),
                "trainer" => "The trainer is added. They can now run this cohort with you.".to_string(),
                "founded" => "The new group is created and its founders are invited as coordinators.".to_string(),
                _ => "Saved.".to_string(),
            };
            view! { <Notice><p>{message}</p></Notice> }
        })}
        {with_data(data, |page: CohortPage| match page {
            CohortPage::Trainer(cohort) => view! { <TrainerCohortView cohort=*cohort/> }.into_any(),
            CohortPage::Trainee(cohort) => view! { <TraineeCohortView cohort=*cohort/> }.into_any(),
        })}
    }
}

#[component]
pub fn CohortHeader(cohort: CohortFacts) -> impl IntoView {
    view! {
        <Title text=format!("{}: {}", cohort.course_title, cohort.name)/>
        <p class="breadcrumbs"><a href="/training">"Training"</a></p>
        <h1>{cohort.course_title.clone()} <span class="subtitle">{cohort.name.clone()}</span></h1>
        <dl class="facts">
            <dt>"Dates"</dt><dd>{readable_date(&cohort.starts_on)} " to " {readable_date(&cohort.ends_on)}</dd>
            {(!cohort.location.is_empty()).then(|| view! { <dt>"Where"</dt><dd>{cohort.location.clone()}</dd> })}
            <dt>"Run by"</dt><dd>{cohort.organisation_name.clone()}</dd>
            <dt>"Trainers"</dt><dd>{cohort.trainers.join(", ")}</dd>
        </dl>
    }
}

#[component]
pub fn TraineeCohortView(cohort: TraineeCohort) -> impl IntoView {
    let apologies = ServerAction::<SendApologies>::new();
    let apologies_error = error_of(apologies);
    let id = cohort.cohort.id;
    let catch_up: Vec<TraineeSession> = cohort.catch_up().into_iter().cloned().collect();
    let total = cohort.modules.len();
    let sessions_total = cohort.sessions.len();
    view! {
        <CohortHeader cohort=cohort.cohort.clone()/>
        <p class="lead">{cohort.summary.clone()}</p>
        <ProgressBar done=cohort.done total label="Your progress".to_string()/>
        {cohort.certificate_code.clone().map(|code| view! {
            <div class="notice">
                <p><strong>"Well done: you have completed the course."</strong></p>
                <p><a href=format!("/certificates/{code}")>"See and print your certificate"</a></p>
            </div>
        })}

        {(!catch_up.is_empty()).then(|| view! {
            <section aria-labelledby="catch-up-heading" class="panel">
                <h2 id="catch-up-heading">"Catching up"</h2>
                <p>"You missed these sessions. Nothing is lost: work through what they covered at your own pace."</p>
                <ul class="plain-list">
                    {catch_up.iter().map(|s| view! {
                        <li>
                            <strong>{session_when(&s.on_date, &s.at_time)}</strong> " covered:"
                            <ul>
                                {s.covers.iter().map(|(mid, title, state)| view! {
                                    <li><a href=format!("/training/cohorts/{id}/modules/{mid}")>{title.clone()}</a> " (" {state.label()} ")"</li>
                                }).collect_view()}
                            </ul>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}

        <section aria-labelledby="modules-heading">
            <h2 id="modules-heading">"Modules"</h2>
            <ol class="module-list">
                {cohort.modules.iter().map(|m| view! {
                    <li class=format!("module-item {}", m.state.class())>
                        <a href=format!("/training/cohorts/{id}/modules/{}", m.id)>{m.title.clone()}</a>
                        <span class="module-meta">{format!(" about {} minutes", m.minutes)}{(!m.required).then_some(", optional")}</span>
                        <span class="state-label">{m.state.label()}</span>
                    </li>
                }).collect_view()}
            </ol>
            <p class="hint">{format!(
                "For your certificate: complete the {} required modules ({} done so far) and come to at least {}% of the sessions (you have come to {} of {}).",
                cohort.required_total, cohort.required_done, cohort.cohort.min_attendance, cohort.attended, sessions_total
            )}</p>
            <p class="hint">{format!("{} of {} modules complete in all.", cohort.done, total)}</p>
        </section>

        <section aria-labelledby="sessions-heading" id="sessions">
            <h2 id="sessions-heading">"Sessions"</h2>
            <ErrorSummary error=apologies_error/>
            {if cohort.sessions.is_empty() {
                view! { <p>"Your trainer has not added any sessions yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {cohort.sessions.iter().map(|s| {
                            let note_id = format!("note-{}", s.id);
                            let session_id = s.id;
                            let when = session_when(&s.on_date, &s.at_time);
                            view! {
                                <li>
                                    <strong>{when.clone()}</strong> ", " {session_where(&s.place, s.online)}
                                    {(!s.covers.is_empty()).then(|| view! {
                                        <br/> "Covers: " {s.covers.iter().map(|(_, t, _)| t.clone()).collect::<Vec<_>>().join("; ")}
                                    })}
                                    <br/>
                                    {match (s.status, s.past) {
                                        (Some(status), _) => view! { <span>"You: " {status.label()}</span> }.into_any(),
                                        (None, true) => view! { <span>"Not marked yet"</span> }.into_any(),
                                        (None, false) => view! {
                                            <details>
                                                <summary>"I cannot come" <span class="visually-hidden">{format!(" on {when}")}</span></summary>
                                                <ActionForm action=apologies attr:class="form">
                                                    <input type="hidden" name="session_id" value=session_id/>
                                                    <label for=note_id.clone()>"A note for your trainer (optional)"</label>
                                                    <input class="input" id=note_id name="note"/>
                                                    <button type="submit" class="button button-small">"Send my apologies"</button>
                                                </ActionForm>
                                            </details>
                                        }.into_any(),
                                    }}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
