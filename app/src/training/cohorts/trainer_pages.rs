//! A cohort as its trainers see it: progress, the learning log, sessions, invitations,
//! the completion rule, certificates and graduation, one component per section.

use leptos::prelude::*;

use crate::training::*;
use crate::training::attendance::api::AddSession;
use crate::training::certificates::api::{IssueCertificate, RevokeCertificate};
use crate::training::cohorts::api::{AddCohortTrainer, SetCompletionRule};
use crate::training::cohorts::pages::CohortHeader;
use crate::training::enrolment::api::{InviteTrainees, WithdrawCohortInvitation};
use crate::training::graduation::api::{FoundGroup, InviteGraduate};
use crate::training::pages::{session_when, session_where};
use crate::ui::{error_of, field_id, Checkbox, ErrorSummary, TextArea, TextField};

#[component]
pub fn TrainerCohortView(cohort: TrainerCohort) -> impl IntoView {
    // Inviting a graduate reports its errors beside the certificates, as it always has.
    let graduate = ServerAction::<InviteGraduate>::new();
    let id = cohort.cohort.id;
    let facts = cohort.cohort.clone();
    let graduates: Vec<TraineeRow> =
        cohort.trainees.iter().filter(|t| t.certificate.as_ref().is_some_and(|c| !c.revoked)).cloned().collect();
    let taken = cohort.trainees.len() as i64;
    view! {
        <CohortHeader cohort=facts.clone()/>
        <p><a href=format!("/training/cohorts/{id}/export.csv") download="">"Download attendance and progress (CSV spreadsheet)"</a></p>
        <AddTrainer id other_trainers=cohort.other_trainers.clone()/>
        <ProgressGrid modules=cohort.modules.clone() trainees=cohort.trainees.clone()/>
        <WaitingForFeedback awaiting=cohort.awaiting_feedback.clone() answered=cohort.answered.clone()/>
        <Sessions id sessions=cohort.sessions.clone() modules=cohort.modules.clone() location=facts.location.clone()/>
        <InviteTraineesPanel id taken capacity=facts.capacity pending=cohort.pending_invitations.clone()/>
        <CompletionRule id min_attendance=facts.min_attendance modules=cohort.modules.clone()/>
        <Certificates id trainees=cohort.trainees.clone() graduate/>
        <Graduation id graduates groups=cohort.groups_led.clone() graduate/>
    }
}

/// Another of the provider's trainers may be added to run the cohort.
#[component]
fn AddTrainer(id: i64, other_trainers: Vec<(i64, String)>) -> impl IntoView {
    let add_trainer = ServerAction::<AddCohortTrainer>::new();
    let trainer_error = error_of(add_trainer);
    let other_trainers: Vec<(String, String)> = other_trainers.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
    view! {
    {(!other_trainers.is_empty()).then(|| view! {
        <details class="panel" open=move || trainer_error.with(Option::is_some)>
            <summary>"Add a trainer to this cohort"</summary>
            <ErrorSummary error=trainer_error/>
            <ActionForm action=add_trainer attr:class="form">
                <input type="hidden" name="cohort_id" value=id/>
                <crate::ui::SelectField label="Trainer" name="trainer_id" options=other_trainers error=trainer_error/>
                <button type="submit" class="button">"Add trainer"</button>
            </ActionForm>
        </details>
    })}
    }
}

/// Each trainee's progress, module by module.
#[component]
fn ProgressGrid(modules: Vec<ModuleHead>, trainees: Vec<TraineeRow>) -> impl IntoView {
    view! {
    <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">"Progress"</h2>
        {if trainees.is_empty() {
            view! { <p class="empty-state">"Nobody has accepted a place yet."</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label="Progress of each trainee, module by module">
                    <table class="table grid">
                        <thead><tr>
                            <th scope="col">"Trainee"</th>
                            {modules.iter().map(|m| view! {
                                <th scope="col"><abbr title=m.title.clone()>{m.position}</abbr><span class="visually-hidden">{format!(". {}", m.title)}</span></th>
                            }).collect_view()}
                            <th scope="col">"Required modules"</th>
                            <th scope="col">"Attendance"</th>
                            <th scope="col">"Certificate"</th>
                        </tr></thead>
                        <tbody>
                            {trainees.iter().map(|t| {
                                let required_total = modules.iter().filter(|m| m.required).count();
                                view! {
                                    <tr>
                                        <th scope="row">{t.name.clone()}</th>
                                        {t.states.iter().map(|s| view! { <td class=s.class() title=s.label()>{s.short()}</td> }).collect_view()}
                                        <td>{t.required_done} " of " {required_total}</td>
                                        <td>{t.attendance_percent.map(|p| format!("{p}% ({} attended)", t.attended)).unwrap_or_else(|| "No sessions yet".into())}</td>
                                        <td>{match &t.certificate {
                                            Some(c) if !c.revoked => view! { <a href=format!("/certificates/{}", c.code)>{c.code.clone()}</a> }.into_any(),
                                            Some(_) => view! { "Revoked" }.into_any(),
                                            None if t.meets_rule => view! { "Due" }.into_any(),
                                            None => view! { "Not yet" }.into_any(),
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p class="hint">"Done: read and check passed. Read: the knowledge check is still to do. –: not started."</p>
            }.into_any()
        }}
    </section>
    }
}

/// Shared learning-log entries waiting for feedback, and those already answered.
#[component]
fn WaitingForFeedback(awaiting: Vec<ReflectionHead>, answered: Vec<ReflectionHead>) -> impl IntoView {
    view! {
    <section aria-labelledby="feedback-heading">
        <h2 id="feedback-heading">"Learning log: waiting for your feedback"</h2>
        {if awaiting.is_empty() {
            view! { <p>"Nothing is waiting. Trainees' private entries are never shown here."</p> }.into_any()
        } else {
            view! {
                <ul class="plain-list">
                    {awaiting.iter().map(|r| view! {
                        <li><a href=format!("/training/reflections/{}", r.id)>{r.author.clone()} " on " {r.module_title.clone()}</a>
                            ", written " {r.written_on.clone()}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(!answered.is_empty()).then(|| view! {
            <details>
                <summary>{format!("Shared entries you have answered ({})", answered.len())}</summary>
                <ul class="plain-list">
                    {answered.iter().map(|r| view! {
                        <li><a href=format!("/training/reflections/{}", r.id)>{r.author.clone()} " on " {r.module_title.clone()}</a>
                            ", written " {r.written_on.clone()}</li>
                    }).collect_view()}
                </ul>
            </details>
        })}
    </section>
    }
}

/// The cohort's sessions, with a form to add one.
#[component]
fn Sessions(id: i64, sessions: Vec<SessionRow>, modules: Vec<ModuleHead>, location: String) -> impl IntoView {
    let add = ServerAction::<AddSession>::new();
    let add_error = error_of(add);
    view! {
    <section aria-labelledby="sessions-heading" id="sessions">
        <h2 id="sessions-heading">"Sessions"</h2>
        {if sessions.is_empty() {
            view! { <p>"No sessions yet."</p> }.into_any()
        } else {
            view! {
                <ul class="plain-list">
                    {sessions.iter().map(|s| view! {
                        <li>
                            <strong>{session_when(&s.on_date, &s.at_time)}</strong> ", " {session_where(&s.place, s.online)}
                            {(!s.covers.is_empty()).then(|| view! {
                                <br/> "Covers: " {s.covers.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>().join("; ")}
                            })}
                            <br/>
                            <a href=format!("/training/sessions/{}", s.id)>
                                "Mark attendance" <span class="visually-hidden">{format!(" for {}", session_when(&s.on_date, &s.at_time))}</span>
                            </a>
                            " (" {s.marked} " marked)"
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <details class="panel" open=move || add_error.with(Option::is_some)>
            <summary>"Add a session"</summary>
            <ErrorSummary error=add_error/>
            <ActionForm action=add attr:class="form" attr:novalidate=true>
                <input type="hidden" name="cohort_id" value=id/>
                <TextField label="Date" name="on_date" input_type="date" error=add_error/>
                <TextField label="Start time" name="at_time" hint="For example 10:30" error=add_error/>
                <TextField label="Where" name="place" value=location.clone() error=add_error/>
                <Checkbox label="People can join online" name="online"/>
                <fieldset>
                    <legend>"Modules this session covers"</legend>
                    {modules.iter().map(|m| {
                        let box_id = format!("covers-{}", m.id);
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=box_id.clone() name=format!("covers[m{}]", m.id) value="on"/>
                                <label for=box_id>{m.position} ". " {m.title.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button">"Add session"</button>
            </ActionForm>
        </details>
    </section>
    }
}

/// Inviting trainees by e-mail, and the invitations not yet accepted.
#[component]
fn InviteTraineesPanel(id: i64, taken: i64, capacity: i64, pending: Vec<(i64, String, String)>) -> impl IntoView {
    let invite = ServerAction::<InviteTrainees>::new();
    let withdraw = ServerAction::<WithdrawCohortInvitation>::new();
    let invite_error = error_of(invite);
    let places_left = capacity - taken;
    view! {
    <section aria-labelledby="people-heading" id="people" class="panel">
        <h2 id="people-heading">"Invite trainees"</h2>
        <p>{format!("{} of {} places taken, {} left.", taken, capacity, places_left.max(0))}</p>
        <ErrorSummary error=invite_error/>
        <ActionForm action=invite attr:class="form" attr:novalidate=true>
            <input type="hidden" name="cohort_id" value=id/>
            <TextArea label="E-mail addresses" name="emails" rows=4
                hint="One address, or paste a list: one on each line, or separated by commas." error=invite_error/>
            <button type="submit" class="button">"Send invitations"</button>
        </ActionForm>
        {(!pending.is_empty()).then(|| view! {
            <h3>"Invitations not yet accepted"</h3>
            <ul class="plain-list">
                {pending.iter().cloned().map(|(inv_id, email, until)| view! {
                    <li>
                        {email.clone()} ", until " {until}
                        <ActionForm action=withdraw attr:class="inline-form">
                            <input type="hidden" name="invitation_id" value=inv_id/>
                            <button type="submit" class="button button-small button-secondary">
                                "Withdraw" <span class="visually-hidden">{format!(" the invitation to {email}")}</span>
                            </button>
                        </ActionForm>
                    </li>
                }).collect_view()}
            </ul>
        })}
    </section>
    }
}

/// Which modules are required, and the minimum attendance.
#[component]
fn CompletionRule(id: i64, min_attendance: i64, modules: Vec<ModuleHead>) -> impl IntoView {
    let rule = ServerAction::<SetCompletionRule>::new();
    let rule_error = error_of(rule);
    view! {
    <section aria-labelledby="rule-heading" class="panel">
        <h2 id="rule-heading">"Completion rule"</h2>
        <p>"A trainee gets a certificate when they have completed every required module and attended at least the minimum share of sessions."</p>
        <ErrorSummary error=rule_error/>
        <ActionForm action=rule attr:class="form" attr:novalidate=true>
            <input type="hidden" name="cohort_id" value=id/>
            <TextField label="Minimum attendance, in per cent" name="min_attendance" input_type="number"
                value=min_attendance.to_string() error=rule_error/>
            <fieldset>
                <legend>"Required modules"</legend>
                {modules.iter().map(|m| {
                    let box_id = format!("required-{}", m.id);
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=box_id.clone() name=format!("required[m{}]", m.id) value="on" checked=m.required/>
                            <label for=box_id>{m.position} ". " {m.title.clone()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">"Save the completion rule"</button>
        </ActionForm>
    </section>
    }
}

/// Each trainee's certificate, to issue or revoke by hand with a reason.
#[component]
fn Certificates(id: i64, trainees: Vec<TraineeRow>, graduate: ServerAction<InviteGraduate>) -> impl IntoView {
    let issue = ServerAction::<IssueCertificate>::new();
    let revoke = ServerAction::<RevokeCertificate>::new();
    let cert_error = Signal::derive(move || error_of(issue).get().or_else(|| error_of(revoke).get()).or_else(|| error_of(graduate).get()));
    view! {
    <section aria-labelledby="certificates-heading" id="certificates">
        <h2 id="certificates-heading">"Certificates"</h2>
        <p>"Certificates are issued by themselves when someone meets the rule. You can also issue or revoke one; say why, so there is a record."</p>
        <ErrorSummary error=cert_error/>
        <ul class="plain-list">
            {trainees.iter().map(|t| {
                let reason_id = format!("reason-{}", t.user_id);
                let name = t.name.clone();
                let (name2, name3) = (t.name.clone(), t.name.clone());
                let user_id = t.user_id;
                match t.certificate.clone() {
                    Some(c) if !c.revoked => view! {
                        <li>
                            {name.clone()} ": certificate " <a href=format!("/certificates/{}", c.code)>{c.code.clone()}</a>
                            <details>
                                <summary>"Revoke" <span class="visually-hidden">{format!(" the certificate of {name}")}</span></summary>
                                <ActionForm action=revoke attr:class="form">
                                    <input type="hidden" name="certificate_id" value=c.id/>
                                    <label for=reason_id.clone()>"Why it is revoked"</label>
                                    <input class="input" id=reason_id name="reason" required=true/>
                                    <button type="submit" class="button button-small button-warning">{format!("Revoke the certificate of {name2}")}</button>
                                </ActionForm>
                            </details>
                        </li>
                    }.into_any(),
                    _ => view! {
                        <li>
                            {name.clone()} ": no certificate"
                            <details>
                                <summary>"Issue one" <span class="visually-hidden">{format!(" to {name}")}</span></summary>
                                <ActionForm action=issue attr:class="form">
                                    <input type="hidden" name="cohort_id" value=id/>
                                    <input type="hidden" name="user_id" value=user_id/>
                                    <label for=reason_id.clone()>"Why it is issued"</label>
                                    <input class="input" id=reason_id name="reason" required=true/>
                                    <button type="submit" class="button button-small">{format!("Issue a certificate to {name3}")}</button>
                                </ActionForm>
                            </details>
                        </li>
                    }.into_any(),
                }
            }).collect_view()}
        </ul>
    </section>
    }
}

/// Inviting graduates into a group the viewer coordinates, or founding a new one.
#[component]
fn Graduation(id: i64, graduates: Vec<TraineeRow>, groups: Vec<(i64, String)>, graduate: ServerAction<InviteGraduate>) -> impl IntoView {
    let found = ServerAction::<FoundGroup>::new();
    let found_error = error_of(found);
    view! {
    <section aria-labelledby="graduation-heading" id="graduation">
        <h2 id="graduation-heading">"Graduation"</h2>
        {if graduates.is_empty() {
            view! { <p>"When trainees have their certificates, you can invite them to join a citizen research group, or help them found a new one, here."</p> }.into_any()
        } else {
            let graduates_for_found = graduates.clone();
            view! {
                {if groups.is_empty() {
                    view! {
                        <p>"You do not coordinate a research group, so you cannot invite graduates into one. "
                           "Ask the group's coordinator to invite them, or help them found a new group below."</p>
                    }.into_any()
                } else {
                    view! {
                        <h3>"Invite a graduate into a group you coordinate"</h3>
                        <ul class="plain-list">
                            {graduates.iter().cloned().map(|g| {
                                let select_id = format!("group-{}", g.user_id);
                                let groups = groups.clone();
                                view! {
                                    <li>
                                        <ActionForm action=graduate attr:class="inline-form">
                                            <input type="hidden" name="cohort_id" value=id/>
                                            <input type="hidden" name="user_id" value=g.user_id/>
                                            <label for=select_id.clone()>{format!("Invite {} to join", g.name)}</label>" "
                                            <select id=select_id name="organisation_id" class="select select-small">
                                                {groups.iter().map(|(gid, gname)| view! { <option value=*gid>{gname.clone()}</option> }).collect_view()}
                                            </select>
                                            <button type="submit" class="button button-small">"Send invitation" <span class="visually-hidden">{format!(" to {}", g.name)}</span></button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <details class="panel" open=move || found_error.with(Option::is_some)>
                    <summary>"Help graduates found a new research group"</summary>
                    <p>"The group is created and the graduates you choose are invited as its first coordinators. You do not join it."</p>
                    <ErrorSummary error=found_error/>
                    <ActionForm action=found attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="cohort_id" value=id/>
                        <TextField label="Name of the new group" name="group_name" error=found_error/>
                        <TextArea label="What the group is about (optional)" name="group_description" rows=3 error=found_error/>
                        <fieldset id=field_id("founders")>
                            <legend>"Founders"</legend>
                            {graduates_for_found.iter().map(|g| {
                                let box_id = format!("founder-{}", g.user_id);
                                view! {
                                    <div class="checkbox">
                                        <input type="checkbox" id=box_id.clone() name=format!("founders[m{}]", g.user_id) value="on"/>
                                        <label for=box_id>{g.name.clone()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="button">"Create the group and invite its founders"</button>
                    </ActionForm>
                </details>
            }.into_any()
        }}
    </section>
    }
}
