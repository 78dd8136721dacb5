//! Pages for participants: the list by pseudonym code (everyone who sees the project's
//! work), and one participant's page with their identity, consent records and withdrawal
//! (the project's researchers only). Names never appear in a list or a URL.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::projects::consent::api::*;
use crate::projects::consent::*;
use crate::projects::consent::online::pages::OnlineConsentSection;
use crate::projects::fieldwork::files::pages::ParticipantFilesSection;
use crate::ui::pagination::{showing_line, Pagination};
use crate::ui::{error_of, field_id, with_data, ErrorSummary, Notice, SelectField, TextArea, TextField};

pub use crate::ui::{id_param, project_breadcrumbs as breadcrumbs, query_value};

pub use crate::ui::message_for;

/// What was typed (or chosen) in one field of a failed form.
pub fn echo_of(error: Signal<Option<AppError>>, name: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.with(|e| e.as_ref().and_then(AppError::form_errors).and_then(|f| f.value_for(name)).map(str::to_string)))
}

/// A radio group in a fieldset with its legend, its message, and the choice kept after a
/// failed save. The first radio carries the field's id, so the error summary links to it.
#[component]
pub fn RadioGroup(
    legend: &'static str,
    name: &'static str,
    options: Vec<(&'static str, &'static str)>,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let message = message_for(error, name);
    let chosen = echo_of(error, name);
    let error_id = format!("{}-error", field_id(name));
    view! {
        <fieldset class="fieldset" class:field-error=move || message.with(Option::is_some)>
            <legend>{legend}</legend>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {move || message.get().map(|m| view! { <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p> })}
            {options.into_iter().enumerate().map(|(i, (value, label))| {
                let id = if i == 0 { field_id(name) } else { format!("{}-{value}", field_id(name)) };
                view! {
                    <div class="radio">
                        <input type="radio" id=id.clone() name=name value=value
                            checked=move || chosen.with(|c| c.as_deref() == Some(value))/>
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// What is missing before fieldwork can be recorded, as the page says it.
pub fn clearance_notice(missing: &[String]) -> impl IntoView {
    (!missing.is_empty()).then(|| view! {
        <div class="panel clearance" role="note">
            <h2>"Not yet: ethics approval comes first"</h2>
            <p>"Nobody can be recruited, and no participant or consent record can be recorded, until ethics approval is complete. Still needed:"</p>
            <ul>{missing.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
        </div>
    })
}

pub fn counts_list(c: crate::projects::recruitment::ProgressCounts) -> impl IntoView {
    view! {
        <dl class="facts counts">
            <dt>"Invited"</dt><dd>{c.invited}</dd>
            <dt>"Said no"</dt><dd>{c.declined}</dd>
            <dt>"Joined"</dt><dd>{c.joined}</dd>
            <dt>"Consent recorded"</dt><dd>{c.consented}</dd>
            <dt>"Withdrawn"</dt><dd>{c.withdrawn}</dd>
            {(c.target > 0).then(|| view! { <dt>"Aim (from the sampling plan)"</dt><dd>{c.target}</dd> })}
            <dt>"Sessions held"</dt><dd>{c.sessions_held}</dd>
        </dl>
    }
}

#[component]
pub fn ParticipantsView() -> impl IntoView {
    let id = id_param("id");
    let page = crate::ui::pagination::page_asked();
    let add = ServerAction::<AddParticipant>::new();
    let add_error = error_of(add);
    let data = Resource::new(move || (id.get(), page.get()), |(id, page)| participants_list(id, page));
    view! {
        {with_data(data, move |p: ParticipantsPage| {
            let path = format!("/projects/{}/participants", p.project_id);
            let pages = p.list.pages();
            let project_id = p.project_id;
            let today = p.today.clone();
            let sites: Vec<(String, String)> = std::iter::once((String::new(), "Not from the sampling frame".to_string()))
                .chain(p.sites.iter().map(|(id, name)| (id.to_string(), name.clone())))
                .collect();
            view! {
                <Title text=format!("Participants: {}", p.project_title)/>
                {breadcrumbs(p.project_id, p.project_title.clone())}
                <h1>"Participants" <span class="subtitle">{p.project_title.clone()}</span></h1>
                <p class="lead">"Each participant is known here by a code, like P-07. Their name and contact details are kept apart, and only the project's researchers can see them."</p>
                {counts_list(p.counts)}
                <p><a href=format!("/projects/{}/recruitment", p.project_id)>"Recruitment: places approached, invitations and declines"</a></p>
                {if p.list.total == 0 {
                    view! { <p class="empty-state">"No participants yet."</p> }.into_any()
                } else {
                    let is_researcher = p.is_researcher;
                    view! {
                        {showing_line(&p.list, "participants")}
                        <table class="table participants">
                            <caption class="visually-hidden">"Participants by code"</caption>
                            <thead><tr><th scope="col">"Code"</th><th scope="col">"Joined"</th><th scope="col">"Recruited at"</th><th scope="col">"Consent"</th><th scope="col">"Status"</th></tr></thead>
                            <tbody>
                                {p.list.items.iter().map(|s| {
                                    let href = format!("/projects/{project_id}/participants/{}", s.id);
                                    view! {
                                        <tr class:withdrawn=s.withdrawn_on.is_some()>
                                            <th scope="row">{if is_researcher { view! { <a href=href>{s.code.clone()}</a> }.into_any() } else { view! { {s.code.clone()} }.into_any() }}</th>
                                            <td>{s.joined_on.clone()}</td>
                                            <td>{s.site.clone().unwrap_or_else(|| "Not recorded".into())}</td>
                                            <td>{s.consent_version.map(|v| format!("Consent form version {v}")).unwrap_or_else(|| "Not yet recorded".into())}</td>
                                            <td>{match s.withdrawn_on.clone() {
                                                Some(on) => view! { <strong class="status-withdrawn">"Withdrawn " {on}</strong> }.into_any(),
                                                None => view! { "Taking part" }.into_any(),
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <Pagination page=p.list.page pages path=path.clone()/>
                    }.into_any()
                }}
                {p.is_researcher.then(|| view! {
                    <section aria-labelledby="add-heading" id="add">
                        <h2 id="add-heading">"Add a participant"</h2>
                        {if p.clearance_missing.is_empty() {
                            view! {
                                <p>"They get the next code. Their name and contact details are only seen by the project's researchers."</p>
                                <ErrorSummary error=add_error/>
                                <ActionForm action=add attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="project_id" value=project_id/>
                                    <TextField label="Full name" name="full_name" error=add_error autocomplete="off" required=true/>
                                    <TextField label="Phone number (optional)" name="phone" error=add_error input_type="tel" autocomplete="off"/>
                                    <TextField label="E-mail address (optional)" name="email" error=add_error input_type="email" autocomplete="off"/>
                                    <TextArea label="Address (optional)" name="address" error=add_error rows=3/>
                                    <TextArea label="How they like to be contacted (optional)" name="contact_notes" error=add_error rows=2
                                        hint="For example: phone in the afternoon; large print letters."/>
                                    <SelectField label="Where they were recruited" name="site_id" error=add_error options=sites.clone()/>
                                    <TextField label="Date they joined" name="joined_on" error=add_error input_type="date" value=today.clone()
                                        hint="For example 14/03/2027"/>
                                    <button type="submit" class="button">"Add participant"</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            clearance_notice(&p.clearance_missing).into_any()
                        }}
                    </section>
                })}
            }
        })}
    }
}

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "added" => Some("The participant is added. Record their consent below."),
        "identity" => Some("The name and contact details are corrected."),
        "consent" => Some("The consent record is saved."),
        "withdrawn" => Some("The withdrawal is recorded. From now on this participant's data is left out everywhere."),
        "already" => Some("This participant had already withdrawn. Nothing has changed."),
        "reinstated" => Some("The withdrawal is undone, and the reason is kept."),
        "link-sent" => Some("The consent link is e-mailed to the participant. When they give consent, it shows here."),
        _ => None,
    }
}

#[component]
pub fn ParticipantView() -> impl IntoView {
    let id = id_param("id");
    let pid = id_param("pid");
    let done = query_value("done");
    let consent = ServerAction::<RecordConsent>::new();
    let consent_error = error_of(consent);
    let withdraw = ServerAction::<WithdrawParticipant>::new();
    let withdraw_error = error_of(withdraw);
    let undo = ServerAction::<UndoWithdrawal>::new();
    let undo_error = error_of(undo);
    let correct = ServerAction::<UpdateIdentity>::new();
    let correct_error = error_of(correct);
    let data = Resource::new(move || (id.get(), pid.get(), done.get()), |(id, pid, _)| participant(id, pid));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |p: ParticipantPage| {
            let me = p.me.to_string();
            let takers: Vec<(String, String)> = p.researchers.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
            let list = format!("/projects/{}/participants", p.project_id);
            let withdrawn = p.withdrawn_on.is_some();
            let (form_shown, missing, today, project_id, participant_id) =
                (p.form.clone(), p.clearance_missing.clone(), p.today.clone(), p.project_id, p.id);
            view! {
                <Title text=format!("Participant {}", p.code)/>
                {breadcrumbs(p.project_id, p.project_title.clone())}
                <p class="no-print"><a href=list>"All participants"</a></p>
                <h1>"Participant " {p.code.clone()}</h1>
                {p.withdrawn_on.clone().map(|on| view! {
                    <div class="panel status-withdrawn" role="note">
                        <h2>"Withdrawn on " {on}</h2>
                        <p>"This participant has withdrawn. Their data is marked as withdrawn and is left out of analysis and exports. Nothing more may be done with them."</p>
                    </div>
                })}
                <dl class="facts">
                    <dt>"Code"</dt><dd>{p.code.clone()}</dd>
                    <dt>"Joined"</dt><dd>{p.joined_on.clone()}</dd>
                    <dt>"Recruited at"</dt><dd>{p.site.clone().unwrap_or_else(|| "Not recorded".into())}</dd>
                </dl>
                <section aria-labelledby="identity-heading" class="identity">
                    <h2 id="identity-heading">"Name and contact details"</h2>
                    <p class="hint">"Only the project's researchers see this. Do not copy it into notes, e-mails or reports: use the code."</p>
                    <dl class="facts">
                        <dt>"Name"</dt><dd>{p.identity.full_name.clone()}</dd>
                        <dt>"Phone"</dt><dd>{p.identity.phone.clone()}</dd>
                        <dt>"E-mail"</dt><dd>{p.identity.email.clone()}</dd>
                        <dt>"Address"</dt><dd class="pre-line">{p.identity.address.clone()}</dd>
                        <dt>"Contact"</dt><dd>{p.identity.contact_notes.clone()}</dd>
                    </dl>
                    <ErrorSummary error=correct_error/>
                    <details class="form-text" open=move || correct_error.with(Option::is_some)>
                        <summary>"Correct the name or contact details"</summary>
                        <ActionForm action=correct attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="project_id" value=p.project_id/>
                            <input type="hidden" name="participant_id" value=p.id/>
                            <TextField label="Full name" name="full_name" error=correct_error autocomplete="off" value=p.identity.full_name.clone()/>
                            <TextField label="Phone number (optional)" name="phone" error=correct_error input_type="tel" autocomplete="off" value=p.identity.phone.clone()/>
                            <TextField label="E-mail address (optional)" name="email" error=correct_error input_type="email" autocomplete="off" value=p.identity.email.clone()/>
                            <TextArea label="Address (optional)" name="address" error=correct_error rows=3 value=p.identity.address.clone()/>
                            <TextArea label="How they like to be contacted (optional)" name="contact_notes" error=correct_error rows=2 value=p.identity.contact_notes.clone()/>
                            <button type="submit" class="button button-secondary">"Save the corrections"</button>
                        </ActionForm>
                    </details>
                </section>
                <section aria-labelledby="consent-heading" id="consent">
                    <h2 id="consent-heading">"Consent"</h2>
                    {if p.consents.is_empty() {
                        view! { <p>"No consent recorded yet."</p> }.into_any()
                    } else {
                        let project_id = p.project_id;
                        let participant_id = p.id;
                        view! {
                            <ul class="card-list">
                                {p.consents.iter().map(|c| view! {
                                    <li class="card">
                                        <h3>"Consent form version " {c.version_no} ", given on " {c.consented_on.clone()}</h3>
                                        <p>{c.method.clone()} ". Taken by " {c.taken_by.clone()} "."</p>
                                        {if c.parts.is_empty() {
                                            view! { <p>"No optional parts agreed."</p> }.into_any()
                                        } else {
                                            view! { <p>"Also agreed:"</p><ul>{c.parts.iter().map(|part| view! { <li>{part.clone()}</li> }).collect_view()}</ul> }.into_any()
                                        }}
                                        <p><a href=format!("/projects/{project_id}/participants/{participant_id}/consent/{}", c.id)>
                                            "Printable consent record (version " {c.version_no} ", " {c.consented_on.clone()} ")"</a></p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {(!withdrawn).then(move || match form_shown {
                        Some(form) if missing.is_empty() => view! {
                            <h3>"Record consent"</h3>
                            <p>"Consent is taken on the ethics-approved form: " <strong>"Consent form version " {form.version_no}</strong> " (" {form.title.clone()} ")."</p>
                            <details class="form-text">
                                <summary>"Read consent form version " {form.version_no}</summary>
                                <div class="module-content" inner_html=form.body_html.clone()></div>
                            </details>
                            <ErrorSummary error=consent_error/>
                            <ActionForm action=consent attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=project_id/>
                                <input type="hidden" name="participant_id" value=participant_id/>
                                <input type="hidden" name="document_id" value=form.document_id/>
                                <TextField label="Date consent was given" name="consented_on" error=consent_error input_type="date" value=today.clone()/>
                                <RadioGroup legend="How was consent given?" name="method" error=consent_error
                                    options=ConsentMethod::RECORDED_BY_RESEARCHER.iter().map(|m| (m.as_str(), m.label())).collect()
                                    hint="For consent online, send the participant a link below: they give it themselves."/>
                                <SelectField label="Who took consent" name="taken_by" error=consent_error options=takers.clone() value=me.clone()/>
                                <fieldset class="fieldset">
                                    <legend>"Optional parts the participant agreed to"</legend>
                                    <p class="hint">"Tick only what they agreed to. Leave the others empty."</p>
                                    <OptionalBox name="quotes" label=PART_QUOTES error=consent_error/>
                                    <OptionalBox name="audio" label=PART_AUDIO error=consent_error/>
                                    <OptionalBox name="recontact" label=PART_RECONTACT error=consent_error/>
                                </fieldset>
                                <div class="field" class:field-error=move || message_for(consent_error, "confirmed").with(Option::is_some)>
                                    {move || message_for(consent_error, "confirmed").get().map(|m| view! { <p class="error-message" id="field-confirmed-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                                    <div class="checkbox">
                                        <input type="checkbox" id="field-confirmed" name="confirmed" value="on"/>
                                        <label for="field-confirmed">"I confirm the participant saw consent form version " {form.version_no} " and agreed"</label>
                                    </div>
                                </div>
                                <button type="submit" class="button">"Save consent record"</button>
                            </ActionForm>
                        }.into_any(),
                        _ => view! {
                            {clearance_notice(&missing)}
                            {missing.is_empty().then(|| view! { <p class="panel">"Consent cannot be recorded yet: there is no ethics-approved consent form."</p> })}
                        }.into_any(),
                    })}
                </section>
                {(!withdrawn).then(|| view! { <OnlineConsentSection project_id=p.project_id participant_id=p.id/> })}
                <section aria-labelledby="withdrawal-heading" id="withdrawal">
                    <h2 id="withdrawal-heading">"Withdrawal"</h2>
                    {if withdrawn {
                        view! {
                            <p>"If the withdrawal was recorded by mistake, you can undo it. Say why: the reason is kept."</p>
                            <ErrorSummary error=undo_error/>
                            <ActionForm action=undo attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=p.project_id/>
                                <input type="hidden" name="participant_id" value=p.id/>
                                <TextArea label="Why is the withdrawal being undone?" name="undo_reason" error=undo_error rows=3 required=true/>
                                <button type="submit" class="button button-secondary">"Undo the withdrawal"</button>
                            </ActionForm>
                        }.into_any()
                    } else {
                        view! {
                            <p>"A participant can withdraw at any time, without giving a reason. Once recorded, their data is left out of analysis and exports."</p>
                            <ErrorSummary error=withdraw_error/>
                            <ActionForm action=withdraw attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=p.project_id/>
                                <input type="hidden" name="participant_id" value=p.id/>
                                <TextField label="Date they withdrew" name="withdrawn_on" error=withdraw_error input_type="date" value=p.today.clone()/>
                                <TextArea label="Reason (optional)" name="reason" error=withdraw_error rows=2
                                    hint="Only if they gave one and are happy for it to be written down."/>
                                <button type="submit" class="button button-danger">"Withdraw " {p.code.clone()}</button>
                            </ActionForm>
                        }.into_any()
                    }}
                    {(!p.withdrawals.is_empty()).then(|| view! {
                        <h3>"Past withdrawals"</h3>
                        <ul>{p.withdrawals.iter().map(|w| view! {
                            <li>"Withdrew on " {w.withdrawn_on.clone()} " (recorded by " {w.recorded_by.clone()} ")"
                                {(!w.reason.is_empty()).then(|| format!(". Reason: {}", w.reason))}
                                {w.undone.clone().map(|(at, by, why)| format!(". Undone on {at} by {by}: {why}"))}
                            </li>
                        }).collect_view()}</ul>
                    })}
                </section>
                <ParticipantFilesSection project_id=p.project_id participant_id=p.id/>
                <section aria-labelledby="history-heading">
                    <h2 id="history-heading">"History of changes"</h2>
                    <ul>{p.history.iter().cloned().map(|h| view! { <li>{h.change} ", " {h.by} ", " {h.at}</li> }).collect_view()}</ul>
                </section>
            }
        })}
    }
}

/// One optional part as a tick box, kept ticked after a failed save.
#[component]
fn OptionalBox(name: &'static str, label: &'static str, #[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let kept = echo_of(error, name);
    let id = field_id(name);
    view! {
        <div class="checkbox">
            <input type="checkbox" id=id.clone() name=name value="on" checked=move || kept.with(Option::is_some)/>
            <label for=id>{label}</label>
        </div>
    }
}
