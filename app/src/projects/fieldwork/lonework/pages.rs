//! Lone working pages: `/projects/:id/lone-working` (check in, the big check-out button,
//! the caller's recent check-ins, and for the lead and coordinators who is out now), and
//! [`LoneWorkingNow`], a small panel other pages can embed (the project page does).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::consent::pages::{breadcrumbs, id_param, query_value};
use crate::projects::fieldwork::lonework::api::*;
use crate::projects::fieldwork::lonework::*;
use crate::ui::{error_of, with_data, ErrorSummary, Notice, SelectField, TextField};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "in" => Some("You are checked in. When you are back safely, come back to this page and check out."),
        "out" => Some("You are checked out. Thank you, and well done."),
        "out-told" => Some("You are checked out. You were late, so the project lead had been e-mailed; they have now been told you are safe."),
        "already" => Some("That check-in was already closed. Nothing has changed."),
        _ => None,
    }
}

/// The check-out form: one big button that works without JavaScript.
#[component]
fn CheckOutButton(project_id: i64, check_in_id: i64) -> impl IntoView {
    let out = ServerAction::<CheckOut>::new();
    let out_error = error_of(out);
    view! {
        <ErrorSummary error=out_error/>
        <ActionForm action=out attr:class="form check-out-form">
            <input type="hidden" name="project_id" value=project_id/>
            <input type="hidden" name="check_in_id" value=check_in_id/>
            <button type="submit" class="button button-large check-out">"I am back safely — check out"</button>
        </ActionForm>
    }
}

fn open_panel(project_id: i64, open: CheckInView) -> impl IntoView {
    view! {
        <section class="panel lone-open" class:lone-overdue=open.overdue aria-labelledby="open-heading">
            <h2 id="open-heading">"You are checked in"</h2>
            {open.overdue.then(|| view! {
                <p class="lone-warning"><strong>"You are past the time you said you would be back."</strong>
                    {if open.alerted { " The project lead has been e-mailed. Check out now if you are safe." } else { " Check out now if you are safe." }}</p>
            })}
            <dl class="facts">
                <dt>"Where"</dt><dd>{open.place.clone()}</dd>
                {open.session.clone().map(|s| view! { <dt>"Session"</dt><dd>{s}</dd> })}
                <dt>"Checked in"</dt><dd>{open.checked_in.clone()}</dd>
                <dt>"Back by"</dt><dd>{open.due_back.clone()}</dd>
            </dl>
            <CheckOutButton project_id check_in_id=open.id/>
        </section>
    }
}

fn team_table(out_now: Vec<OutNowView>) -> impl IntoView {
    view! {
        <section aria-labelledby="team-heading">
            <h2 id="team-heading">"Who is out now"</h2>
            <p>"Only you and the group's coordinators see this. If someone is overdue, phone them; if you cannot reach them, follow the project's risk and lone-working plan."</p>
            {if out_now.is_empty() {
                view! { <p class="empty-state">"Nobody is checked in at the moment."</p> }.into_any()
            } else {
                view! {
                    <table class="table lone-team">
                        <caption class="visually-hidden">"Researchers checked in now"</caption>
                        <thead><tr>
                            <th scope="col">"Who"</th><th scope="col">"Where"</th><th scope="col">"Back by"</th>
                            <th scope="col">"Phone"</th><th scope="col">"Status"</th>
                        </tr></thead>
                        <tbody>
                            {out_now.into_iter().map(|o| view! {
                                <tr class:lone-overdue=o.overdue>
                                    <th scope="row">{o.name.clone()}</th>
                                    <td>{o.place.clone()}{o.session.clone().map(|s| view! { <br/><span class="hint">{s}</span> })}</td>
                                    <td>{o.due_back.clone()}</td>
                                    <td>{if o.phone.is_empty() { view! { "Not given" }.into_any() } else {
                                        view! { <a href=format!("tel:{}", o.phone.replace(' ', ""))>{o.phone.clone()}</a> }.into_any()
                                    }}</td>
                                    <td>{match (o.overdue, o.alerted) {
                                        (_, true) => view! { <strong class="lone-warning">"Overdue: the lead was e-mailed"</strong> }.into_any(),
                                        (true, false) => view! { <strong class="lone-warning">"Overdue"</strong> }.into_any(),
                                        _ => view! { "Out, not yet due back" }.into_any(),
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn LoneWorkingView() -> impl IntoView {
    let id = id_param("id");
    let done = query_value("done");
    let check_in = ServerAction::<CheckIn>::new();
    let in_error = error_of(check_in);
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| load_lone_working(id));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |p: LoneWorkingPage| {
            let project_id = p.project_id;
            let sessions: Vec<(String, String)> = std::iter::once((String::new(), "None, or not listed".to_string()))
                .chain(p.sessions.iter().map(|(id, label)| (id.to_string(), label.clone())))
                .collect();
            let grace = p.grace_minutes;
            view! {
                <Title text=format!("Lone working: {}", p.project_title)/>
                {breadcrumbs(p.project_id, p.project_title.clone())}
                <h1>"Lone working" <span class="subtitle">{p.project_title.clone()}</span></h1>
                <p class="lead">"When you go out on fieldwork on your own, check in here first and check out when you are back safely. If you have not checked out "
                    {grace} " minutes after the time you gave, the project lead is e-mailed so they can phone you."</p>
                {p.open.clone().map(|open| open_panel(project_id, open))}
                {(p.is_researcher && p.open.is_none()).then(|| view! {
                    <section aria-labelledby="check-in-heading">
                        <h2 id="check-in-heading">"Check in"</h2>
                        <ErrorSummary error=in_error/>
                        <ActionForm action=check_in attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="project_id" value=project_id/>
                            <TextField label="Where you are going" name="place" error=in_error autocomplete="off" required=true
                                hint="A short description of the place, such as: Basildon library, meeting room 2. Do not write a participant's name: say the place, not who you are meeting."/>
                            <SelectField label="Which fieldwork session (optional)" name="session_id" error=in_error options=sessions.clone()/>
                            <TextField label="A mobile number you will have with you (optional)" name="phone" error=in_error input_type="tel" autocomplete="tel"
                                hint="The project lead rings this number if you miss your check-out."/>
                            <TextField label="The day you expect to be back" name="back_on" error=in_error input_type="date" value=p.today.clone()
                                hint="For example 14/03/2027"/>
                            <TextField label="The time you expect to be back" name="back_at" error=in_error input_type="time" required=true
                                hint="For example 16:30 (UK time)"/>
                            <button type="submit" class="button">"Check in"</button>
                        </ActionForm>
                    </section>
                })}
                {p.sees_team.then(|| team_table(p.out_now.clone()))}
                {(!p.recent.is_empty()).then(|| view! {
                    <section aria-labelledby="recent-heading">
                        <h2 id="recent-heading">"Your recent check-ins"</h2>
                        <ul class="card-list">
                            {p.recent.iter().map(|c| view! {
                                <li class="card">
                                    <p><strong>{c.place.clone()}</strong>{c.session.clone().map(|s| format!(" ({s})"))}</p>
                                    <p>"Checked in " {c.checked_in.clone()} ". Back by " {c.due_back.clone()} ". "
                                        {match c.checked_out.clone() {
                                            Some(out) => format!("Checked out {out}."),
                                            None => "Not checked out yet.".to_string(),
                                        }}
                                        {c.alerted.then_some(" The project lead was e-mailed because the check-out was late.")}
                                    </p>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })}
            }
        })}
    }
}

/// A small panel for other pages: the caller's open check-in with its check-out button, or
/// (for the lead and coordinators) how many are out and overdue, with a link to the page.
/// Shows nothing to people with no part in lone working.
#[component]
pub fn LoneWorkingNow(project_id: i64) -> impl IntoView {
    let data = Resource::new(move || project_id, load_lone_working_summary);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().flatten().filter(|s| s.is_researcher || s.sees_team || s.open.is_some()).map(|s: LoneWorkingSummary| {
                    let href = format!("/projects/{}/lone-working", s.project_id);
                    let warn = s.overdue > 0;
                    view! {
                        <section aria-labelledby="lone-now-heading" id="lone-working" class="lone-now">
                            <h2 id="lone-now-heading">"Lone working"</h2>
                            {s.open.clone().map(|open| view! {
                                <p>"You are checked in at " <strong>{open.place.clone()}</strong> ", back by " {open.due_back.clone()} "."</p>
                                <CheckOutButton project_id=s.project_id check_in_id=open.id/>
                            })}
                            {s.sees_team.then(|| view! {
                                <p class:lone-warning=warn>
                                    {match s.out_now { 0 => "Nobody is out on lone fieldwork now.".to_string(), 1 => "1 researcher is out now".to_string(), n => format!("{n} researchers are out now") }}
                                    {(s.out_now > 0).then(|| if s.overdue > 0 { format!(", {} overdue.", s.overdue) } else { ", none overdue.".to_string() })}
                                </p>
                            })}
                            <p><a href=href>{if s.is_researcher && s.open.is_none() { "Check in before lone fieldwork" } else { "Lone working: check-ins" }}</a></p>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}
