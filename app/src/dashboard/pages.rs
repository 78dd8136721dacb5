//! The dashboard page. Each feature's panel is made once, when the page is, and never
//! inside a reactive closure: made inside one, it would be made again (and its data
//! asked for again) each time the closure runs.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::commissioning::pages::BriefsOnDashboard;
use crate::dashboard::api::dashboard;
use crate::dashboard::panels::Panels;
use crate::dashboard::DashboardData;
use crate::identity::{MyMembership, OrgKind};
use crate::projects::ethics::pages::ReviewsOnDashboard;
use crate::projects::fieldwork::sessions::pages::DebriefsOnDashboard;
use crate::projects::pages::ProjectsOnDashboard;
use crate::training::pages::TrainingOnDashboard;
use crate::ui::{with_data, Notice};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let joined = move || query.with(|q| q.get("joined").is_some());
    let panels = Panels::for_this_request();
    let data = Resource::new(|| (), |_| dashboard());
    let training = panels.training.then(|| view! { <TrainingOnDashboard/> });
    let briefs = panels.briefs.then(|| view! { <BriefsOnDashboard/> });
    let projects = panels.projects.then(|| view! { <ProjectsOnDashboard/> });
    let reviews = view! { <ReviewsOnDashboard/> };
    view! {
        <Title text="Your dashboard"/>
        {move || joined().then(|| view! { <Notice><p>"Welcome: you have joined. You can see your group below."</p></Notice> })}
        {with_data(data, |data| view! {
            <h1>"Hello, " {data.name.clone()}</h1>
            <Organisations memberships=data.memberships/>
            // Someone may have asked for support: straight after who the person is.
            {data.debriefs.map(|shared| view! { <DebriefsOnDashboard shared/> })}
        })}
        {training}
        {briefs}
        {projects}
        {reviews}
        // The same data, already loaded: the rest of the page after the panels.
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { data.await.ok().map(|data| view! { <WaitingAndAdmin data/> }) })}
        </Suspense>
    }
}

#[component]
fn Organisations(memberships: Vec<MyMembership>) -> impl IntoView {
    view! {
        <section aria-labelledby="orgs-heading">
            <h2 id="orgs-heading">"Your groups and organisations"</h2>
            {if memberships.is_empty() {
                view! {
                    <div class="empty-state">
                        <p>"You are not in any group or organisation yet."</p>
                        <p>"To join one, ask its coordinator, your trainer or your commissioning team to invite you. "
                           "You will get an e-mail with a link."</p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {memberships.iter().map(|m| view! {
                            <li class="card">
                                <h3><a href=format!("/organisations/{}", m.organisation_slug)>{m.organisation_name.clone()}</a></h3>
                                <p>{m.kind.label()} ". Your role: " <strong>{m.role_label()}</strong></p>
                                <p class="hint">{next_step(m)}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn WaitingAndAdmin(data: DashboardData) -> impl IntoView {
    view! {
        {(!data.invitations.is_empty()).then(|| view! {
            <section aria-labelledby="invitations-heading">
                <h2 id="invitations-heading">"Invitations waiting for you"</h2>
                <p>"Open the link in the invitation e-mail to accept."</p>
                <ul>
                    {data.invitations.iter().map(|i| view! { <li>{i.organisation_name.clone()} " (" {i.role.clone()} ")"</li> }).collect_view()}
                </ul>
            </section>
        })}
        {data.is_admin.then(|| view! {
            <section aria-labelledby="admin-heading">
                <h2 id="admin-heading">"Administration"</h2>
                <p>"You look after the platform. " <a href="/admin">"Create organisations and see them all"</a> "."</p>
            </section>
        })}
    }
}

/// A plain next step for each kind of membership.
fn next_step(membership: &MyMembership) -> &'static str {
    match (membership.kind, membership.is_lead) {
        (OrgKind::ResearchGroup, true) => "As coordinator you can invite people and change their roles.",
        (OrgKind::ResearchGroup, false) => "See who else is in your group.",
        (OrgKind::Commissioner, _) => "See who is in your commissioning team.",
        (OrgKind::TrainingProvider, true) => "As a lead you can invite trainers and academic supporters.",
        (OrgKind::TrainingProvider, false) => "See the other trainers and supporters.",
    }
}
