//! Pages for fieldwork sessions: the project's list with the form to plan one
//! (`/projects/:id/fieldwork`), one session (`session`), a debrief (`debrief`) and the
//! printable pack (`pack`). Codes only, never names; notes and debriefs only for those
//! allowed to read them.

pub mod debrief;
pub mod pack;
pub mod session;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::projects::consent::pages::{breadcrumbs, clearance_notice, echo_of, id_param, message_for, RadioGroup};
use crate::projects::fieldwork::sessions::api::*;
use crate::projects::fieldwork::sessions::*;
use crate::ui::pagination::{showing_line, Pagination};
use crate::ui::{error_of, field_id, with_data, ErrorSummary, TextField};

pub use debrief::DebriefPageView;
pub use pack::PackView;
pub use session::SessionView;

/// "Held", "Planned" or "Cancelled", as a badge.
pub fn status_badge(status: &str) -> impl IntoView {
    let s = SessionStatus::parse(status).unwrap_or(SessionStatus::Planned);
    let class = match s {
        SessionStatus::Planned => "badge badge-draft",
        SessionStatus::Held => "badge badge-open",
        SessionStatus::Cancelled => "badge badge-closed",
    };
    view! { <span class=class>{s.label()}</span> }
}

/// Debriefs shared with the caller, as links (no content in the list).
pub fn shared_list(project_id: i64, shared: Vec<SharedDebrief>) -> impl IntoView {
    (!shared.is_empty()).then(|| view! {
        <section aria-labelledby="shared-heading" id="shared" class="panel">
            <h2 id="shared-heading">"Debriefs shared with you"</h2>
            <p>"These researchers named you as the person who may read their debrief and support them."</p>
            <ul>
                {shared.into_iter().map(|d| view! {
                    <li>
                        <a href=format!("/projects/{project_id}/fieldwork/{}/debriefs/{}", d.session_id, d.id)>
                            {d.author.clone()} ", after the " {d.session_kind.to_lowercase()} " on " {d.session_date.clone()}
                        </a>
                        {d.wants_support.then(|| view! { " " <strong>"Asked for support"</strong> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}

/// Debriefs shared with a supporter across their projects, on their dashboard (nothing when
/// there are none): who, after which session, on which project, and whether they asked for
/// support. Never what a debrief says.
#[component]
pub fn DebriefsOnDashboard(shared: DebriefsForSupporter) -> impl IntoView {
    let more = shared.more;
    (!shared.items.is_empty()).then(|| view! {
        <section aria-labelledby="debriefs-dash-heading" class="panel">
            <h2 id="debriefs-dash-heading">"Debriefs shared with you"</h2>
            <p>"These researchers named you as the person who may read their debrief after a fieldwork session and support them."</p>
            <ul>
                {shared.items.into_iter().map(|d| view! {
                    <li>
                        <a href=format!("/projects/{}/fieldwork/{}/debriefs/{}", d.project_id, d.session_id, d.id)>
                            {d.author.clone()} ", after the " {d.session_kind.to_lowercase()} " on " {d.session_date.clone()}
                        </a>
                        {d.wants_support.then(|| view! { " " <strong>"Asked for support"</strong> })}
                        <br/>
                        <span class="hint">"Project: " {d.project_title.clone()}</span>
                    </li>
                }).collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p>"And " {more} " more on the projects' fieldwork pages."</p> })}
        </section>
    })
}

#[component]
pub fn FieldworkView() -> impl IntoView {
    let id = id_param("id");
    let page = crate::ui::pagination::page_asked();
    let plan = ServerAction::<PlanSession>::new();
    let plan_error = error_of(plan);
    let data = Resource::new(move || (id.get(), page.get()), |(id, page)| fieldwork_sessions(id, page));
    view! {
        {with_data(data, move |p: FieldworkPage| {
            let path = format!("/projects/{}/fieldwork", p.project_id);
            let pages = p.list.pages();
            let project_id = p.project_id;
            view! {
                <Title text=format!("Fieldwork: {}", p.project_title)/>
                {breadcrumbs(p.project_id, p.project_title.clone())}
                <h1>"Fieldwork" <span class="subtitle">{p.project_title.clone()}</span></h1>
                <p class="lead">"Interviews, focus groups, surveys and observations. Participants are shown by code only."</p>
                <p>{p.held} {if p.held == 1 { " session held so far." } else { " sessions held so far." }}</p>
                {shared_list(project_id, p.shared_with_me.clone())}
                <section aria-labelledby="sessions-heading">
                    <h2 id="sessions-heading">"Sessions"</h2>
                    {if p.list.total == 0 {
                        view! { <p class="empty-state">"No sessions yet."</p> }.into_any()
                    } else {
                        view! {
                            {showing_line(&p.list, "sessions")}
                            <table class="table sessions">
                                <caption class="visually-hidden">"Fieldwork sessions, newest first"</caption>
                                <thead><tr>
                                    <th scope="col">"Session"</th><th scope="col">"Where"</th><th scope="col">"Researchers"</th>
                                    <th scope="col">"Participants"</th><th scope="col">"Status"</th><th scope="col">"Debriefs"</th>
                                </tr></thead>
                                <tbody>
                                    {p.list.items.iter().map(|s| {
                                        let time = s.starts_at.clone().map(|t| format!(" at {t}")).unwrap_or_default();
                                        let held = s.status == SessionStatus::Held.as_str();
                                        view! {
                                            <tr>
                                                <th scope="row"><a href=format!("/projects/{project_id}/fieldwork/{}", s.id)>{s.kind.clone()} " on " {s.date.clone()} {time}</a></th>
                                                <td>{s.venue.clone()}</td>
                                                <td>{s.researchers.join(", ")}</td>
                                                <td>{s.participants}</td>
                                                <td>{status_badge(&s.status)}</td>
                                                <td>{if held { debriefs_line(s.debriefs_done, s.debriefs_expected) } else { "After the session".to_string() }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <Pagination page=p.list.page pages path=path.clone()/>
                        }.into_any()
                    }}
                </section>
                {p.is_researcher.then(|| view! {
                    <section aria-labelledby="plan-heading" id="plan">
                        <h2 id="plan-heading">"Plan a session"</h2>
                        {if p.clearance_missing.is_empty() {
                            plan_form(plan, plan_error, &p).into_any()
                        } else {
                            clearance_notice(&p.clearance_missing).into_any()
                        }}
                    </section>
                })}
            }
        })}
    }
}

fn plan_form(plan: ServerAction<PlanSession>, error: Signal<Option<AppError>>, p: &FieldworkPage) -> impl IntoView {
    let kinds: Vec<(&'static str, &'static str)> = SessionKind::ALL.iter().map(|k| (k.as_str(), k.label())).collect();
    let me = p.me;
    let researchers_message = message_for(error, "researchers");
    let kept = echo_of(error, "researchers");
    let (project_id, today) = (p.project_id, p.today.clone());
    let researchers = p.researchers.clone();
    view! {
        <p>"Each researcher you tick is e-mailed a calendar invitation. The e-mail says the kind of session, the date and the place, never who the participants are."</p>
        <ErrorSummary error=error/>
        <ActionForm action=plan attr:class="form" attr:novalidate=true>
            <input type="hidden" name="project_id" value=project_id/>
            <RadioGroup legend="What kind of session?" name="kind" error=error options=kinds/>
            <TextField label="Date" name="held_on" error=error input_type="date" value=today hint="For example 14/03/2027"/>
            <TextField label="Start time (optional)" name="starts_at" error=error input_type="time" hint="For example 10:30" class="input input-short"/>
            <TextField label="Where it happens" name="venue" error=error hint="For example: Basildon library, meeting room 2. Or: by telephone."/>
            <fieldset class="fieldset">
                <legend>"Access at the venue"</legend>
                <p class="hint">"Tick what the venue has."</p>
                <KeptBox name="step_free" label="Step-free access" error=error/>
                <KeptBox name="near_transport" label="Near public transport" error=error/>
                <KeptBox name="hearing_loop" label="Hearing loop" error=error/>
            </fieldset>
            <fieldset class="fieldset" class:field-error=move || researchers_message.with(Option::is_some)>
                <legend>"Researchers who will be there"</legend>
                {move || researchers_message.get().map(|m| view! { <p class="error-message" id="field-researchers-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                {researchers.into_iter().enumerate().map(|(i, (uid, name))| {
                    let id = if i == 0 { field_id("researchers") } else { format!("field-researchers-{uid}") };
                    let checked = move || match kept.get() {
                        Some(list) => list.split(',').any(|v| v == uid.to_string()),
                        None => uid == me,
                    };
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=id.clone() name=format!("researchers[{i}]") value=uid.to_string() checked=checked/>
                            <label for=id>{name}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button">"Plan the session"</button>
        </ActionForm>
    }
}

/// A tick box kept ticked after a failed save.
#[component]
pub fn KeptBox(name: &'static str, label: &'static str, #[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let kept = echo_of(error, name);
    let id = field_id(name);
    view! {
        <div class="checkbox">
            <input type="checkbox" id=id.clone() name=name value="on" checked=move || kept.with(Option::is_some)/>
            <label for=id>{label}</label>
        </div>
    }
}
