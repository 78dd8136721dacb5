//! One session's page: details, researchers, participants by code (marked when withdrawn),
//! and for the project's researchers the forms to add a participant, mark it held or cancel
//! it, the notes (and the form to correct them once held), the pack and the calendar file;
//! for each researcher present, their debrief.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::projects::consent::pages::{breadcrumbs, clearance_notice, echo_of, id_param, message_for, query_value};
use crate::projects::fieldwork::sessions::api::*;
use crate::projects::fieldwork::sessions::pages::{shared_list, status_badge};
use crate::projects::fieldwork::sessions::*;
use crate::ui::{error_of, field_id, with_data, ErrorSummary, Notice, SelectField, TextArea, TextField};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "planned" => Some("The session is planned. Each researcher present has been e-mailed a calendar invitation."),
        "participant" => Some("The participant is added to the session."),
        "held" => Some("The session is marked held. Each researcher present can now write their debrief."),
        "cancelled" => Some("The session is cancelled."),
        "removed" => Some("The participant is taken off this session."),
        "debrief" => Some("Your debrief is saved. Thank you for taking a moment for yourself."),
        "corrected" => Some("The corrected length and notes are saved."),
        "unchanged" => Some("Nothing was changed: the length and notes were the same as before."),
        _ => None,
    }
}

#[component]
pub fn SessionView() -> impl IntoView {
    let id = id_param("id");
    let sid = id_param("sid");
    let done = query_value("done");
    let add = ServerAction::<AddSessionParticipant>::new();
    let add_error = error_of(add);
    let remove = ServerAction::<RemoveSessionParticipant>::new();
    let held = ServerAction::<MarkSessionHeld>::new();
    let held_error = error_of(held);
    let cancel = ServerAction::<CancelSession>::new();
    let cancel_error = error_of(cancel);
    let correct = ServerAction::<CorrectSessionNotes>::new();
    let correct_error = error_of(correct);
    let debrief = ServerAction::<SaveDebrief>::new();
    let debrief_error = error_of(debrief);
    let data = Resource::new(move || (id.get(), sid.get(), done.get()), |(id, sid, _)| fieldwork_session(id, sid));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |s: SessionPage| {
            let title = format!("{} on {}", s.kind_label, s.date);
            let base = format!("/projects/{}/fieldwork/{}", s.project_id, s.id);
            let status = SessionStatus::parse(&s.status).unwrap_or(SessionStatus::Planned);
            let access = access_words(s.step_free, s.near_transport, s.hearing_loop);
            view! {
                <Title text=title.clone()/>
                {breadcrumbs(s.project_id, s.project_title.clone())}
                <p><a href=format!("/projects/{}/fieldwork", s.project_id)>"All fieldwork sessions"</a></p>
                <h1>{title.clone()}</h1>
                <p>{status_badge(&s.status)}</p>
                <dl class="facts">
                    <dt>"Kind"</dt><dd>{s.kind_label.clone()}</dd>
                    <dt>"Date"</dt><dd>{s.date.clone()}</dd>
                    <dt>"Start time"</dt><dd>{s.starts_at.clone().unwrap_or_else(|| "Not set".into())}</dd>
                    <dt>"Where"</dt><dd>{s.venue.clone()}</dd>
                    <dt>"Access"</dt><dd>{if access.is_empty() { "Nothing recorded".to_string() } else { access.join(", ") }}</dd>
                    {s.duration_minutes.map(|m| view! { <dt>"Length"</dt><dd>{m} " minutes"</dd> })}
                    <dt>"Researchers"</dt><dd>{s.researchers.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", ")}</dd>
                    {(status == SessionStatus::Held).then(|| view! { <dt>"Debriefs"</dt><dd>{debriefs_line(s.debriefs_done, s.debriefs_expected)}</dd> })}
                </dl>
                {s.is_researcher.then(|| view! {
                    <ul class="inline-list no-print">
                        <li><a href=format!("{base}/pack")>"Print the fieldwork pack"</a></li>
                        <li><a href=format!("{base}/session.ics")>"Add to your calendar (.ics file)"</a></li>
                    </ul>
                })}
                // Lone working: the caller's check-in and its check-out button, between the
                // session's details and its participants (nothing for people with no part in it).
                <crate::projects::fieldwork::lonework::pages::LoneWorkingNow project_id=s.project_id/>
                {participants_section(&s, add, add_error, remove)}
                {s.notes.clone().filter(|_| status == SessionStatus::Held).map(|notes| view! {
                    <section aria-labelledby="notes-heading" id="notes">
                        <h2 id="notes-heading">"Notes"</h2>
                        <p class="hint">"Only the project's researchers see these notes. Use codes, never names."</p>
                        {if notes.is_empty() { view! { <p>"No notes."</p> }.into_any() } else { view! { <p class="pre-line">{notes}</p> }.into_any() }}
                    </section>
                })}
                {(s.is_researcher && status == SessionStatus::Held).then(|| correct_section(&s, correct, correct_error))}
                {(s.is_researcher && status == SessionStatus::Planned).then(|| held_section(&s, held, held_error, cancel, cancel_error))}
                {s.may_debrief.then(|| debrief_section(&s, debrief, debrief_error))}
                {shared_list(s.project_id, s.shared_with_me.clone())}
                {(!s.history.is_empty()).then(|| view! {
                    <section aria-labelledby="history-heading">
                        <h2 id="history-heading">"History of changes"</h2>
                        <ul>{s.history.iter().cloned().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
                    </section>
                })}
            }
        })}
    }
}

fn participants_section(
    s: &SessionPage,
    add: ServerAction<AddSessionParticipant>,
    error: Signal<Option<AppError>>,
    remove: ServerAction<RemoveSessionParticipant>,
) -> impl IntoView {
    let remove_error = error_of(remove);
    let status = SessionStatus::parse(&s.status).unwrap_or(SessionStatus::Planned);
    let choices: Vec<(String, String)> = std::iter::once((String::new(), "Choose a participant".to_string()))
        .chain(s.participant_choices.iter().map(|(id, label)| (id.to_string(), label.clone())))
        .collect();
    let (project_id, session_id) = (s.project_id, s.id);
    let (is_researcher, missing) = (s.is_researcher, s.clearance_missing.clone());
    // While the session is planned, a researcher can take someone off it again.
    let removable = is_researcher && status == SessionStatus::Planned;
    view! {
        <section aria-labelledby="participants-heading" id="participants">
            <h2 id="participants-heading">"Participants"</h2>
            <ErrorSummary error=remove_error/>
            {if s.participants.is_empty() {
                view! { <p>"No participants added yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="session-participants">
                        {s.participants.iter().map(|p| view! {
                            <li class:withdrawn=p.withdrawn_on.is_some()>
                                <strong>{p.code.clone()}</strong>
                                {p.withdrawn_on.clone().map(|on| view! { " " <span class="status-withdrawn">"Withdrawn " {on} ": their data is left out"</span> })}
                                {removable.then(|| {
                                    let (participant_id, label) = (p.id, format!("Take {} off this session", p.code));
                                    view! {
                                        <ActionForm action=remove attr:class="inline-form">
                                            <input type="hidden" name="project_id" value=project_id/>
                                            <input type="hidden" name="session_id" value=session_id/>
                                            <input type="hidden" name="participant_id" value=participant_id/>
                                            " "<button type="submit" class="link-button">{label}</button>
                                        </ActionForm>
                                    }
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(is_researcher && status.takes_participants()).then(move || {
                if missing.is_empty() {
                    view! {
                        <h3>"Add a participant"</h3>
                        <p class="hint">"Each participant is checked against their consent: it must cover this kind of session, and they must not have withdrawn."</p>
                        <ErrorSummary error=error/>
                        <ActionForm action=add attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="project_id" value=project_id/>
                            <input type="hidden" name="session_id" value=session_id/>
                            <SelectField label="Participant" name="participant_id" error=error options=choices/>
                            <button type="submit" class="button button-secondary">"Add to the session"</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    clearance_notice(&missing).into_any()
                }
            })}
        </section>
    }
}

fn held_section(
    s: &SessionPage,
    held: ServerAction<MarkSessionHeld>,
    held_error: Signal<Option<AppError>>,
    cancel: ServerAction<CancelSession>,
    cancel_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let due = s.held_on <= s.today;
    let (project_id, session_id) = (s.project_id, s.id);
    view! {
        <section aria-labelledby="held-heading" id="held">
            <h2 id="held-heading">"After the session"</h2>
            {if !s.clearance_missing.is_empty() {
                clearance_notice(&s.clearance_missing).into_any()
            } else if due {
                view! {
                    <p>"Once the session has happened, say how long it lasted and add any notes."</p>
                    <ErrorSummary error=held_error/>
                    <ActionForm action=held attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="session_id" value=session_id/>
                        <TextField label="How long it lasted, in minutes" name="duration_minutes" error=held_error class="input input-short" hint="For example 45"/>
                        <TextArea label="Notes (optional)" name="notes" error=held_error rows=6
                            hint="Use participants' codes, never names."/>
                        <button type="submit" class="button">"Mark as held"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p>"You can mark it held on the day, once it has happened."</p> }.into_any()
            }}
            <h3>"Cancel the session"</h3>
            <ErrorSummary error=cancel_error/>
            <ActionForm action=cancel attr:class="form" attr:novalidate=true>
                <input type="hidden" name="project_id" value=project_id/>
                <input type="hidden" name="session_id" value=session_id/>
                <button type="submit" class="button button-danger">"Cancel this session"</button>
            </ActionForm>
        </section>
    }
}

/// The form to correct a held session's length and notes, filled in with what is saved.
fn correct_section(s: &SessionPage, correct: ServerAction<CorrectSessionNotes>, error: Signal<Option<AppError>>) -> impl IntoView {
    let (project_id, session_id) = (s.project_id, s.id);
    let minutes = s.duration_minutes.map(|m| m.to_string()).unwrap_or_default();
    let notes = s.notes.clone().unwrap_or_default();
    view! {
        <section aria-labelledby="correct-heading" id="correct">
            <h2 id="correct-heading">"Correct the notes"</h2>
            <p>"If the length or the notes are wrong, change them here and save. The change is shown in the history of changes."</p>
            <ErrorSummary error=error/>
            <ActionForm action=correct attr:class="form" attr:novalidate=true>
                <input type="hidden" name="project_id" value=project_id/>
                <input type="hidden" name="session_id" value=session_id/>
                <TextField label="How long it lasted, in minutes" name="duration_minutes" error=error class="input input-short" value=minutes hint="For example 45"/>
                <TextArea label="Notes (optional)" name="notes" error=error rows=6 value=notes hint="Use participants' codes, never names."/>
                <button type="submit" class="button">"Save the corrected notes"</button>
            </ActionForm>
        </section>
    }
}

/// Radios with a starting choice (the saved answer), the choice kept after a failed save.
#[component]
fn Choice(
    legend: &'static str,
    name: &'static str,
    options: Vec<(&'static str, &'static str)>,
    chosen: String,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let message = message_for(error, name);
    let kept = echo_of(error, name);
    let error_id = format!("{}-error", field_id(name));
    view! {
        <fieldset class="fieldset" class:field-error=move || message.with(Option::is_some)>
            <legend>{legend}</legend>
            {move || message.get().map(|m| view! { <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p> })}
            {options.into_iter().enumerate().map(|(i, (value, label))| {
                let id = if i == 0 { field_id(name) } else { format!("{}-{value}", field_id(name)) };
                let chosen = chosen.clone();
                view! {
                    <div class="radio">
                        <input type="radio" id=id.clone() name=name value=value
                            checked=move || kept.get().unwrap_or_else(|| chosen.clone()) == value/>
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

fn debrief_section(s: &SessionPage, save: ServerAction<SaveDebrief>, error: Signal<Option<AppError>>) -> impl IntoView {
    let mine = s.my_debrief.clone();
    let feelings: Vec<(&'static str, &'static str)> = Feeling::ALL.iter().map(|f| (f.as_str(), f.label())).collect();
    let supporters: Vec<(String, String)> = std::iter::once((String::new(), "Nobody: keep it to myself".to_string()))
        .chain(s.supporter_choices.iter().map(|(id, name)| (id.to_string(), name.clone())))
        .collect();
    let wants = mine.as_ref().map(|d| if d.wants_support { "yes" } else { "no" }).unwrap_or("").to_string();
    let link = mine.as_ref().map(|d| format!("/projects/{}/fieldwork/{}/debriefs/{}", s.project_id, s.id, d.id));
    let (project_id, session_id) = (s.project_id, s.id);
    let feeling = mine.as_ref().map(|d| d.feeling.clone()).unwrap_or_default();
    let upsetting = mine.as_ref().map(|d| d.upsetting.clone()).unwrap_or_default();
    let supporter = mine.as_ref().and_then(|d| d.supporter_id).map(|i| i.to_string()).unwrap_or_default();
    view! {
        <section aria-labelledby="debrief-heading" id="debrief" class="panel debrief">
            <h2 id="debrief-heading">"Your debrief"</h2>
            <p>"Fieldwork can bring back difficult memories. Take a moment to say how you are. "
               <strong>"Only you, and the person you name below, can read this."</strong>
               " Not the project lead, not the coordinator, not the commissioner."</p>
            {mine.as_ref().map(|d| view! {
                <p>"You wrote your debrief on " {d.updated.clone()} ". "
                   <a href=link.clone().unwrap_or_default()>"Read your debrief"</a> ". You can change it below."</p>
            })}
            <ErrorSummary error=error/>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <input type="hidden" name="project_id" value=project_id/>
                <input type="hidden" name="session_id" value=session_id/>
                <Choice legend="How are you after this session?" name="feeling" options=feelings chosen=feeling error=error/>
                <TextArea label="Did anything upset you? (optional)" name="upsetting" error=error rows=4
                    value=upsetting
                    hint="Write as much or as little as you like. Use participants' codes, never names."/>
                <Choice legend="Would you like support?" name="wants_support" options=vec![("yes", "Yes, I would like support"), ("no", "No, not now")]
                    chosen=wants error=error/>
                <SelectField label="Who may read this and support you (optional)" name="supporter_id" error=error options=supporters
                    value=supporter
                    hint="The academic supporter or the project lead. If you would like support, they are e-mailed that you asked, with nothing of what you wrote."/>
                <button type="submit" class="button">"Save my debrief"</button>
            </ActionForm>
        </section>
    }
}
