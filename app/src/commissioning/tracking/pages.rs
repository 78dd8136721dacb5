//! "Your briefs and responses" (/briefs/mine), and this feature's dashboard panel.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::commissioning::pages::{brief_badge, query_value, response_badge};
use crate::commissioning::tracking::api::*;
use crate::commissioning::*;
use crate::ui::pagination::{PageNumber, Pagination, showing_line};
use crate::ui::{error_of, with_data, ErrorSummary, Notice};

#[component]
pub fn TrackingPage() -> impl IntoView {
    let done = query_value("done");
    let alerts = ServerAction::<SetBriefAlerts>::new();
    let alerts_error = error_of(alerts);
    let page = query_value("page");
    let data = Resource::new(move || (done.get(), page.get()), |(_, page)| my_briefs(PageNumber::parse(page.as_deref()).0));
    view! {
        <Title text="Your briefs and responses"/>
        <h1>"Your briefs and responses"</h1>
        {move || (done.get().as_deref() == Some("alerts")).then(|| view! { <Notice><p>"Your e-mail choice is saved."</p></Notice> })}
        <ErrorSummary error=alerts_error/>
        {with_data(data, move |t: Tracking| {
            let pages = t.pages();
            let current = t.page;
            view! {
            {t.commissioners.into_iter().map(|c| {
                let heading = format!("body-{}", c.organisation_id);
                let heading_ref = heading.clone();
                view! {
                    <section aria-labelledby=heading_ref>
                        <h2 id=heading>{c.name.clone()} ": your briefs"</h2>
                        <p><a class="button" href="/briefs/new">"Write a new brief"</a></p>
                        {showing_line(&c.briefs, "briefs")}
                        {if c.briefs.items.is_empty() {
                            view! { <p class="empty-state">"No briefs yet."</p> }.into_any()
                        } else {
                            view! {
                                <table class="table">
                                    <thead><tr><th scope="col">"Brief"</th><th scope="col">"State"</th><th scope="col">"Responses due"</th><th scope="col">"Responses"</th></tr></thead>
                                    <tbody>
                                        {c.briefs.items.into_iter().map(|b| view! {
                                            <tr>
                                                <td><a href=format!("/briefs/{}", b.id)>{b.title.clone()}</a></td>
                                                <td>{brief_badge(b.state, b.past_deadline)}</td>
                                                <td>{b.responses_due.clone()}</td>
                                                <td>{(b.state != BriefState::Draft).then(|| view! {
                                                    <a href=format!("/briefs/{}/decisions", b.id)>{b.response_count} <span class="visually-hidden">{if b.response_count == 1 { " response to " } else { " responses to " }} {b.title.clone()}</span></a>
                                                })}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                    </section>
                }
            }).collect_view()}
            {t.groups.into_iter().map(|g| {
                let heading = format!("group-{}", g.organisation_id);
                let heading_ref = heading.clone();
                let alerts_id = format!("alerts-{}", g.organisation_id);
                let next_alerts = if g.alerts_on { "off" } else { "on" };
                view! {
                    <section aria-labelledby=heading_ref>
                        <h2 id=heading>{g.name.clone()}</h2>
                        <h3>"Responses"</h3>
                        {showing_line(&g.responses, "responses")}
                        {if g.responses.items.is_empty() {
                            view! { <p class="empty-state">"No responses yet. " <a href="/briefs">"Find an open brief"</a></p> }.into_any()
                        } else {
                            view! {
                                <table class="table">
                                    <thead><tr><th scope="col">"Brief"</th><th scope="col">"Commissioner"</th><th scope="col">"State"</th><th scope="col">"Due"</th></tr></thead>
                                    <tbody>
                                        {g.responses.items.into_iter().map(|r| view! {
                                            <tr>
                                                <td><a href=format!("/briefs/{}/responses/{}", r.brief_id, r.response_id)>{r.brief_title.clone()}</a></td>
                                                <td>{r.commissioner.clone()}</td>
                                                <td>{response_badge(r.state)}</td>
                                                <td>{r.responses_due.clone()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                        <h3>"Commissions"</h3>
                        {showing_line(&g.projects, "commissions")}
                        {if g.projects.items.is_empty() {
                            view! { <p>"No commissions yet."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {g.projects.items.into_iter().map(|p| view! {
                                        <li><a href=format!("/projects/{}", p.id)>{p.title.clone()}</a> " for " {p.commissioner.clone()}
                                            " · " {crate::projects::stage_label(&p.stage)}</li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        {g.is_coordinator.then(|| view! {
                            <ActionForm action=alerts attr:class="inline-form">
                                <input type="hidden" name="group_id" value=g.organisation_id/>
                                <input type="hidden" name="alerts" value=next_alerts/>
                                <p id=alerts_id.clone()>{if g.alerts_on {
                                    "Everyone in the group gets an e-mail when a new brief is published."
                                } else {
                                    "Nobody in the group gets an e-mail when a new brief is published."
                                }}</p>
                                <button type="submit" class="button button-small button-secondary" aria-describedby=alerts_id>
                                    {if g.alerts_on { "Stop e-mails about new briefs" } else { "E-mail the group about new briefs" }}
                                </button>
                            </ActionForm>
                        })}
                    </section>
                }
            }).collect_view()}
            <Pagination page=current pages path="/briefs/mine"/>
            }
        })}
    }
}

/// This feature's part of each person's dashboard.
#[component]
pub fn BriefsOnDashboard() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_briefs(1));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().map(|t| {
                    // Counted over every list, not only this page of them.
                    let drafts = t.draft_responses;
                    let waiting = t.waiting_responses;
                    view! {
                        <section aria-labelledby="briefs-dash-heading">
                            <h2 id="briefs-dash-heading">"Research briefs"</h2>
                            {(!t.groups.is_empty()).then(|| view! {
                                <p>"Find briefs your group could respond to: " <a href="/briefs">"open briefs"</a> "."
                                   {(drafts > 0).then(|| format!(" Your group has {drafts} draft {} in progress.", if drafts == 1 { "response" } else { "responses" }))}</p>
                            })}
                            {(!t.commissioners.is_empty()).then(|| view! {
                                <p>{format!("{waiting} {} waiting on your open briefs. ", if waiting == 1 { "response is" } else { "responses are" })}
                                   <a href="/briefs/new">"Write a new brief"</a> "."</p>
                            })}
                            <p><a href="/briefs/mine">"Your briefs and responses"</a></p>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

