//! The advisory group on the team page: its members (no account needed) and meeting dates.

use leptos::prelude::*;

use crate::projects::team::api::*;
use crate::projects::team::TeamPage;
use crate::ui::{error_of, ErrorSummary, TextField};

#[component]
pub fn AdvisorySection(team: TeamPage) -> impl IntoView {
    let t = team;
    let add = ServerAction::<AddAdvisor>::new();
    let remove = ServerAction::<RemoveAdvisor>::new();
    let meet = ServerAction::<AddAdvisoryMeeting>::new();
    let unmeet = ServerAction::<RemoveAdvisoryMeeting>::new();
    let add_error = error_of(add);
    let meet_error = error_of(meet);
    let remove_error = Signal::derive(move || error_of(remove).get().or_else(|| error_of(unmeet).get()));
    let id = t.project_id;
    view! {
        <section id="advisory" aria-labelledby="advisory-heading">
            <h2 id="advisory-heading">"Advisory group (optional)"</h2>
            <p>"People who advise the project: service users, carers, staff. They do not need an account. In the groups we learned from, the advisory group met every four months."</p>
            <ErrorSummary error=remove_error/>
            <h3>"Members"</h3>
            {if t.advisors.is_empty() {
                view! { <p>"No advisory group members yet."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {t.advisors.iter().cloned().map(|a| view! {
                            <li>{a.name.clone()} {(!a.affiliation.is_empty()).then(|| format!(" ({})", a.affiliation))}
                                {t.can_manage.then(|| view! {
                                    " "
                                    <ActionForm action=remove attr:class="inline-form">
                                        <input type="hidden" name="project_id" value=id/>
                                        <input type="hidden" name="advisor_id" value=a.id/>
                                        <button type="submit" class="button button-small button-secondary">{format!("Remove {}", a.name)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>"Meetings"</h3>
            {if t.meetings.is_empty() {
                view! { <p>"No meetings planned yet."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {t.meetings.iter().cloned().map(|m| view! {
                            <li>{m.meets_on.clone()} {(!m.note.is_empty()).then(|| format!(": {}", m.note))}
                                " " <a href=format!("/projects/{id}/calendar.ics?item=meeting-{}", m.id) download="">"Add to your calendar"</a>
                                {t.can_manage.then(|| view! {
                                    " "
                                    <ActionForm action=unmeet attr:class="inline-form">
                                        <input type="hidden" name="project_id" value=id/>
                                        <input type="hidden" name="meeting_id" value=m.id/>
                                        <button type="submit" class="button button-small button-secondary">{format!("Remove the meeting on {}", m.meets_on)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {t.can_manage.then(|| view! {
                <div class="panel">
                    <h3>"Add an advisory group member"</h3>
                    <ErrorSummary error=add_error/>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=id/>
                        <TextField label="Their name" name="advisor_name" error=add_error/>
                        <TextField label="Where they are from (optional)" name="affiliation" error=add_error
                            hint="For example: carer, or Mind in Mid Essex."/>
                        <button type="submit" class="button">"Add to the advisory group"</button>
                    </ActionForm>
                </div>
                <div class="panel">
                    <h3>"Plan a meeting"</h3>
                    <ErrorSummary error=meet_error/>
                    <ActionForm action=meet attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=id/>
                        <TextField label="Date" name="meets_on" error=meet_error hint="For example 14/03/2027. Every four months works well."/>
                        <TextField label="Time and place (optional)" name="meeting_note" error=meet_error/>
                        <button type="submit" class="button">"Add the meeting"</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
}
