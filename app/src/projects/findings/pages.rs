//! The findings page (the summary for participants, sending it, feedback events and the
//! reason when there was none, and the gate's line) and the printable letters page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::projects::findings::api::*;
use crate::projects::findings::rules::opening;
use crate::projects::findings::{FeedbackEventView, FindingsPage, LettersPage, SendingView, GATE_LINE};
use crate::ui::{error_of, field_id, id_param, project_breadcrumbs, query_value, with_data, ErrorSummary, Notice, TextArea, TextField};

fn done_message(done: &str, emailed: Option<String>, letters: Option<String>, posted: Option<String>) -> Option<String> {
    let n = |v: Option<String>| v.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    Some(match done {
        "summary-saved" => "The summary for participants is saved.".to_string(),
        "sent" => format!(
            "The summary is sent. {} e-mails went to participants. {} letters are waiting to be printed. The project lead has been told.",
            n(emailed),
            n(letters)
        ),
        "posted" => format!("{} letters are marked as printed and posted.", n(posted)),
        "event-recorded" => "The feedback event is recorded.".to_string(),
        "event-changed" => "The feedback event is corrected.".to_string(),
        "event-removed" => "The feedback event is removed.".to_string(),
        "reason-saved" => "The reason is saved.".to_string(),
        _ => return None,
    })
}

fn paragraphs(text: &str) -> impl IntoView {
    text.split("\n\n").filter(|p| !p.trim().is_empty()).map(|p| view! { <p class="pre-line">{p.trim().to_string()}</p> }).collect_view()
}

fn form_value(error: &Option<AppError>, name: &str) -> Option<(Option<String>, Option<String>)> {
    let f = error.as_ref().and_then(AppError::form_errors)?;
    Some((f.value_for(name).map(str::to_string), f.message_for(name).map(str::to_string)))
}

/// One text area per theme for what people said about it (`comments[i]`, `theme_ids[i]`),
/// each starting with the given comment; what was typed wins after a failed save.
pub(super) fn theme_comments(themes: Vec<(i64, String, String)>, error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <fieldset class="fieldset">
            <legend>"What people said about each theme (optional)"</legend>
            {if themes.is_empty() {
                view! { <p>"The project has no themes yet, so there is nothing to comment on. Add themes on the analysis pages."</p> }.into_any()
            } else {
                themes.into_iter().enumerate().map(|(i, (id, name, start))| {
                    let field = format!("comments[{i}]");
                    let control = field_id(&field);
                    let error_id = format!("{control}-error");
                    let typed = {
                        let field = field.clone();
                        move || error.with(|e| form_value(e, &field).and_then(|(v, _)| v)).unwrap_or_else(|| start.clone())
                    };
                    let message = {
                        let field = field.clone();
                        move || error.with(|e| form_value(e, &field).and_then(|(_, m)| m))
                    };
                    let has_error = message.clone();
                    let described = message.clone();
                    let error_id2 = error_id.clone();
                    view! {
                        <div class="field" class:field-error=move || has_error().is_some()>
                            <input type="hidden" name=format!("theme_ids[{i}]") value=id/>
                            <label for=control.clone()>"About the theme: " {name}</label>
                            {move || message().map(|m| view! { <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p> })}
                            <textarea id=control name=field rows=3 class="textarea"
                                aria-describedby=move || described().map(|_| error_id2.clone())
                                prop:value=typed.clone()>{typed.clone()}</textarea>
                        </div>
                    }
                }).collect_view().into_any()
            }}
        </fieldset>
    }
}

fn event_item(e: FeedbackEventView, project_id: i64, can_change: bool) -> impl IntoView {
    let change = can_change.then(|| {
        view! {
            <p><a href=format!("/projects/{project_id}/findings/events/{}", e.id)>"Change"<span class="visually-hidden">" the feedback event on " {e.held_on.clone()}</span></a></p>
        }
    });
    view! {
        <li class="card">
            <h3>"Feedback event on " {e.held_on.clone()}</h3>
            <p>{e.attendance} " people came. Recorded by " {e.recorded_by.clone()} "."</p>
            {(!e.note.is_empty()).then(|| view! { <div>{paragraphs(&e.note)}</div> })}
            {if e.comments.is_empty() {
                view! { <p>"No comments against themes were recorded."</p> }.into_any()
            } else {
                view! {
                    <dl class="facts">
                        {e.comments.into_iter().map(|(theme, comment)| view! { <dt>{theme}</dt><dd class="pre-line">{comment}</dd> }).collect_view()}
                    </dl>
                }.into_any()
            }}
            {change}
        </li>
    }
}

#[component]
fn SendingSection(project_id: i64, s: SendingView) -> impl IntoView {
    let send = ServerAction::<SendSummary>::new();
    let send_error = error_of(send);
    let posted = ServerAction::<LettersPosted>::new();
    let posted_error = error_of(posted);
    view! {
        <section aria-labelledby="sending-heading" id="sending">
            <h2 id="sending-heading">"Send the summary to participants"</h2>
            <p>"It goes only to participants who agreed to be contacted again and have not withdrawn: by e-mail, or as a printed letter for people without an e-mail address. Nobody gets the same version twice. If you change the summary after sending it, the people who had the earlier version get the updated one."</p>
            <ul>
                <li>{s.agreed} " participants agreed to be contacted again."</li>
                <li>{s.emailed} " have had it by e-mail; " {s.to_email} " are waiting for an e-mail."</li>
                <li>{s.posted} " letters have been posted; " {s.to_letter} " letters are waiting to be printed."</li>
                {(s.earlier > 0).then(|| view! {
                    <li>{s.earlier} " of the people waiting had an earlier version of the summary. They will get the updated one."</li>
                })}
            </ul>
            <ErrorSummary error=send_error/>
            <ActionForm action=send attr:class="form">
                <input type="hidden" name="project_id" value=project_id/>
                <button type="submit" class="button">"Send the saved summary to participants"</button>
            </ActionForm>
            <h3>"Letters"</h3>
            <p><a href=format!("/projects/{project_id}/findings/letters")>"Open the letters to print"</a> " (" {s.to_letter} " waiting). They carry names and addresses: keep printed copies safe."</p>
            <ErrorSummary error=posted_error/>
            <ActionForm action=posted attr:class="form">
                <input type="hidden" name="project_id" value=project_id/>
                <button type="submit" class="button button-secondary">"I have printed and posted the waiting letters"</button>
            </ActionForm>
            <details>
                <summary>"Who it goes to, by participant code"</summary>
                <table class="table">
                    <caption class="visually-hidden">"Participants and the summary"</caption>
                    <thead><tr><th scope="col">"Participant"</th><th scope="col">"The summary"</th></tr></thead>
                    <tbody>
                        {s.lines.into_iter().map(|(code, status)| view! { <tr><td>{code}</td><td>{status}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}

#[component]
pub fn FindingsView() -> impl IntoView {
    let id = id_param("id");
    let done = query_value("done");
    let emailed = query_value("emailed");
    let letters = query_value("letters");
    let posted_n = query_value("posted");
    let save = ServerAction::<SaveSummary>::new();
    let save_error = error_of(save);
    let event = ServerAction::<RecordEvent>::new();
    let event_error = error_of(event);
    let reason = ServerAction::<SaveNoEventReason>::new();
    let reason_error = error_of(reason);
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| findings(id));
    view! {
        {move || done.get().and_then(|d| done_message(&d, emailed.get(), letters.get(), posted_n.get())).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |f: FindingsPage| {
            let project_id = f.project_id;
            view! {
                <Title text=format!("Check findings with participants: {}", f.project_title)/>
                {project_breadcrumbs(project_id, f.project_title.clone())}
                {f.can_change.then(|| view! { <p><a href=format!("/projects/{project_id}/analysis")>"Back to the analysis"</a> " · " <a href=format!("/projects/{project_id}/analysis/themes")>"Themes and quotes"</a></p> })}
                <h1>"Check findings with participants"</h1>
                <p class="lead">"Tell the people who took part what you found, in plain words, and hear what they think of it."</p>
                <section aria-labelledby="gate-heading" class="panel">
                    <h2 id="gate-heading">"For the gate from analysis to reporting"</h2>
                    <ul class="checklist">
                        <li class=if f.gate_met { "check-met" } else { "check-unmet" }>
                            <span class="check-mark" aria-hidden="true">{if f.gate_met { "✓" } else { "✗" }}</span>
                            " " {GATE_LINE} " "
                            <span class="visually-hidden">{if f.gate_met { "(done)" } else { "(not done yet)" }}</span>
                        </li>
                    </ul>
                </section>
                <section aria-labelledby="summary-heading" id="summary">
                    <h2 id="summary-heading">"Summary for participants"</h2>
                    {f.summary_saved_on.clone().map(|on| view! { <p class="hint">"Last saved on " {on} "."</p> })}
                    {(f.summary_revision > 1).then(|| view! {
                        <p class="hint">"This is version " {f.summary_revision} " of the summary: it was changed after an earlier version was sent."</p>
                    })}
                    {if f.can_change {
                        view! {
                            <ErrorSummary error=save_error/>
                            <ActionForm action=save attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=project_id/>
                                <TextArea label="Summary for participants" name="summary" error=save_error rows=12 value=f.summary.clone()
                                    hint="Plain words, short sentences. It starts from the themes' names and descriptions: change it as you like. If you change it after it has been sent, the people who had it can be sent the updated version."/>
                                <button type="submit" class="button">"Save the summary"</button>
                            </ActionForm>
                        }.into_any()
                    } else if f.summary.is_empty() {
                        view! { <p class="empty-state">"No summary has been written yet."</p> }.into_any()
                    } else {
                        view! { <div class="panel">{paragraphs(&f.summary)}</div> }.into_any()
                    }}
                </section>
                {f.sending.clone().map(|s| view! { <SendingSection project_id=project_id s=s/> })}
                <section aria-labelledby="events-heading" id="events">
                    <h2 id="events-heading">"Feedback events"</h2>
                    <p>"Seminars or meetings where people heard the findings and said what they thought."</p>
                    {if f.events.is_empty() {
                        view! { <p class="empty-state">"No feedback event recorded yet."</p> }.into_any()
                    } else {
                        view! { <ul class="card-list">{f.events.clone().into_iter().map(|e| event_item(e, project_id, f.can_change)).collect_view()}</ul> }.into_any()
                    }}
                    {f.can_change.then(|| view! {
                        <h3 id="record-event-heading">"Record a feedback event"</h3>
                        <ErrorSummary error=event_error/>
                        <ActionForm action=event attr:class="form" attr:novalidate=true attr:aria-labelledby="record-event-heading">
                            <input type="hidden" name="project_id" value=project_id/>
                            <TextField label="Date of the event" name="held_on" error=event_error hint="For example 14/03/2027"/>
                            <TextField label="How many people came" name="attendance" error=event_error input_type="text" hint="A number, for example 12"/>
                            <TextArea label="Note (optional)" name="note" error=event_error rows=3/>
                            {theme_comments(f.themes.iter().map(|(id, name)| (*id, name.clone(), String::new())).collect(), event_error)}
                            <button type="submit" class="button">"Record the feedback event"</button>
                        </ActionForm>
                    })}
                </section>
                <section aria-labelledby="no-event-heading" id="no-event">
                    <h2 id="no-event-heading">"If there was no feedback event"</h2>
                    {if f.can_change {
                        view! {
                            <ErrorSummary error=reason_error/>
                            <ActionForm action=reason attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=project_id/>
                                <TextArea label="Why there was no feedback event" name="reason" error=reason_error rows=3 value=f.no_event_reason.clone()
                                    hint="Leave it empty if there was an event. Changing it is recorded in the audit trail."/>
                                <button type="submit" class="button button-secondary">"Save the reason"</button>
                            </ActionForm>
                        }.into_any()
                    } else if f.no_event_reason.is_empty() {
                        view! { <p>"No reason recorded."</p> }.into_any()
                    } else {
                        view! { <div>{paragraphs(&f.no_event_reason)}</div> }.into_any()
                    }}
                </section>
            }
        })}
    }
}

#[component]
pub fn LettersView() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(move || id.get(), findings_letters);
    view! {
        {with_data(data, |l: LettersPage| {
            let project_id = l.project_id;
            view! {
                <Title text=format!("Letters to print: {}", l.project_title)/>
                {project_breadcrumbs(project_id, l.project_title.clone())}
                <div class="no-print">
                    <p><a href=format!("/projects/{project_id}/findings")>"Back to checking findings with participants"</a></p>
                    <h1>"Letters to print"</h1>
                    <p>"One letter a page, for each participant who agreed to be contacted again and has no e-mail address. To print them, use your browser's Print command (Ctrl and P together, or Cmd and P on a Mac). They are laid out for A4 paper. Keep printed copies safe: they carry names and addresses."</p>
                    {l.summary.is_empty().then(|| view! { <p class="status-withdrawn"><strong>"The summary has not been saved yet: write it first."</strong></p> })}
                    {l.letters.is_empty().then(|| view! { <p class="empty-state">"No letters are waiting to be printed."</p> })}
                </div>
                <div class="letters">
                    {l.letters.iter().map(|letter| view! {
                        <article class="letter" aria-label=format!("Letter for {}", letter.code)>
                            <p class="letter-from">{l.group_name.clone()}</p>
                            <p class="letter-to pre-line">{letter.full_name.clone()} "\n" {letter.address.clone()}</p>
                            <p class="letter-date">{l.dated.clone()}</p>
                            <p>"Dear " {letter.full_name.clone()} ","</p>
                            <p>{opening(&l.project_title, letter.updated)}</p>
                            {paragraphs(&l.summary)}
                            <p>"With best wishes,"</p>
                            <p>{l.group_name.clone()}</p>
                            <p class="letter-ref">"Our reference: " {letter.code.clone()}</p>
                        </article>
                    }).collect_view()}
                </div>
            }
        })}
    }
}
