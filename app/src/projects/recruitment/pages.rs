//! Pages for recruitment: the sampling frame, invitations and declines as counts, and the
//! progress counts on the project page (for everyone who sees the project, commissioner
//! included: numbers only).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::consent::pages::{breadcrumbs, clearance_notice, counts_list, id_param, query_value, RadioGroup};
use crate::projects::recruitment::api::*;
use crate::projects::recruitment::{DeclineReason, RecruitmentPage, RecruitmentSummary};
use crate::ui::pagination::{page_asked, showing_line, Pagination};
use crate::ui::{error_of, with_data, ErrorSummary, Notice, SelectField, TextArea, TextField};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "site" => Some("The place is added to the sampling frame."),
        "invited" => Some("The invitations are counted."),
        "declined" => Some("The declines are counted."),
        _ => None,
    }
}

#[component]
pub fn RecruitmentView() -> impl IntoView {
    let id = id_param("id");
    let done = query_value("done");
    let site = ServerAction::<AddSite>::new();
    let site_error = error_of(site);
    let tally = ServerAction::<RecordTally>::new();
    let tally_error = error_of(tally);
    let page = page_asked();
    let data = Resource::new(move || (id.get(), page.get(), done.get()), |(id, page, _)| recruitment(id, page));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |r: RecruitmentPage| {
            let project_id = r.project_id;
            let sites: Vec<(String, String)> = std::iter::once((String::new(), "Not one place in particular".to_string()))
                .chain(r.site_choices.iter().map(|(id, name)| (id.to_string(), name.clone())))
                .collect();
            let reasons: Vec<(&'static str, &'static str)> = DeclineReason::ALL.iter().map(|r| (r.as_str(), r.label())).collect();
            view! {
                <Title text=format!("Recruitment: {}", r.project_title)/>
                {breadcrumbs(r.project_id, r.project_title.clone())}
                <h1>"Recruitment" <span class="subtitle">{r.project_title.clone()}</span></h1>
                <section aria-labelledby="counts-heading" id="counts">
                    <h2 id="counts-heading">"Progress"</h2>
                    {counts_list(r.counts)}
                    <p><a href=format!("/projects/{project_id}/participants")>"Participants, by code"</a></p>
                </section>
                <section aria-labelledby="frame-heading" id="frame">
                    <h2 id="frame-heading">"Sampling frame: places and organisations approached"</h2>
                    {if r.sites.items.is_empty() {
                        view! { <p class="empty-state">"No places yet."</p> }.into_any()
                    } else {
                        let pages = r.sites.pages();
                        view! {
                            {showing_line(&r.sites, "places")}
                            <table class="table">
                                <caption class="visually-hidden">"Places and organisations approached, with counts"</caption>
                                <thead><tr>
                                    <th scope="col">"Place or organisation"</th><th scope="col">"Approached"</th><th scope="col">"People reached"</th>
                                    <th scope="col">"Invited"</th><th scope="col">"Said no"</th><th scope="col">"Joined"</th>
                                </tr></thead>
                                <tbody>
                                    {r.sites.items.iter().map(|s| view! {
                                        <tr>
                                            <th scope="row">{s.name.clone()}
                                                {(!s.kind.is_empty()).then(|| view! { <span class="hint">" (" {s.kind.clone()} ")"</span> })}
                                                {(!s.notes.is_empty()).then(|| view! { <p class="hint">{s.notes.clone()}</p> })}
                                            </th>
                                            <td>{s.approached_on.clone().unwrap_or_else(|| "Not yet".into())}</td>
                                            <td>{s.people_reached}</td>
                                            <td>{s.invited}</td>
                                            <td>{s.declined}</td>
                                            <td>{s.joined}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <Pagination page=r.sites.page pages path=format!("/projects/{project_id}/recruitment")/>
                        }.into_any()
                    }}
                    {r.may_record.then(|| view! {
                        <h3>"Add a place or organisation"</h3>
                        <ErrorSummary error=site_error/>
                        <ActionForm action=site attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="project_id" value=project_id/>
                            <TextField label="Name of the place or organisation" name="name" error=site_error required=true/>
                            <TextField label="What kind of place it is (optional)" name="place_kind" error=site_error
                                hint="For example: recovery college course, community mental health team, day centre."/>
                            <TextField label="Date you approached them (optional)" name="approached_on" error=site_error input_type="date"/>
                            <TextField label="How many people it reached (optional)" name="people_reached" error=site_error input_type="number"
                                hint="For example, how many students on the course were told about the project."/>
                            <TextArea label="Notes (optional)" name="notes" error=site_error rows=2/>
                            <button type="submit" class="button">"Add to the sampling frame"</button>
                        </ActionForm>
                    })}
                </section>
                <section aria-labelledby="declines-heading">
                    <h2 id="declines-heading">"Why people said no"</h2>
                    {if r.reasons.is_empty() {
                        view! { <p>"No declines recorded."</p> }.into_any()
                    } else {
                        view! {
                            <dl class="facts">{r.reasons.iter().cloned().map(|c| view! { <dt>{c.reason}</dt><dd>{c.people}</dd> }).collect_view()}</dl>
                        }.into_any()
                    }}
                    {(!r.notes.is_empty()).then(|| view! {
                        <h3>"Notes on declines"</h3>
                        <ul>{r.notes.iter().cloned().map(|n| view! {
                            <li>{n.recorded_on} ", " {n.reason} " (" {n.people} "): " {n.note}</li>
                        }).collect_view()}</ul>
                    })}
                </section>
                {r.may_record.then(|| view! {
                    <section aria-labelledby="tally-heading" id="tally">
                        <h2 id="tally-heading">"Count invitations or declines"</h2>
                        {if r.clearance_missing.is_empty() {
                            view! {
                                <p>"Count people, not names: nobody who says no is named here."</p>
                                <ErrorSummary error=tally_error/>
                                <ActionForm action=tally attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="project_id" value=project_id/>
                                    <RadioGroup legend="What are you counting?" name="kind" error=tally_error
                                        options=vec![("invited", "Invitations sent"), ("declined", "People who said no")]/>
                                    <TextField label="How many people" name="people" error=tally_error input_type="number"/>
                                    <SelectField label="Where" name="site_id" error=tally_error options=sites.clone()/>
                                    <RadioGroup legend="If they said no: the main reason they gave" name="reason" error=tally_error
                                        options=reasons.clone() hint="Only for people who said no."/>
                                    <TextArea label="Note (optional)" name="note" error=tally_error rows=2
                                        hint="In general words. Do not write anyone's name."/>
                                    <TextField label="Date" name="recorded_on" error=tally_error input_type="date" value=r.today.clone()/>
                                    <button type="submit" class="button">"Save the count"</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            clearance_notice(&r.clearance_missing).into_any()
                        }}
                    </section>
                })}
            }
        })}
    }
}

/// Recruitment on the project page: the progress counts (no identities) for everyone who
/// sees the project, and links to Recruitment and Participants for those who see its work.
#[component]
pub fn RecruitmentOnProject(project_id: i64) -> impl IntoView {
    let data = Resource::new(move || project_id, progress_summary);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().map(|s: RecruitmentSummary| view! {
                    <section aria-labelledby="recruitment-heading" id="recruitment">
                        <h2 id="recruitment-heading">"Recruitment progress"</h2>
                        {counts_list(s.counts)}
                        {s.sees_work.then(|| view! {
                            <ul>
                                <li><a href=format!("/projects/{}/recruitment", s.project_id)>"Recruitment"</a></li>
                                <li><a href=format!("/projects/{}/participants", s.project_id)>"Participants"</a></li>
                            </ul>
                        })}
                    </section>
                })
            })}
        </Suspense>
    }
}
