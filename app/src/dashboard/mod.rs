//! Each person's dashboard: their organisations and roles, invitations waiting for
//! them, and what to do next when there is nothing yet.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::identity::{MyMembership, OrgKind};
use crate::organisations::WaitingInvitation;
use crate::commissioning::pages::BriefsOnDashboard;
use crate::projects::pages::ProjectsOnDashboard;
use crate::training::pages::TrainingOnDashboard;
use crate::ui::{with_data, Notice};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardData {
    pub name: String,
    pub is_admin: bool,
    pub memberships: Vec<MyMembership>,
    /// Invitations sent to this person's address.
    pub invitations: Vec<WaitingInvitation>,
}

#[server(endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardData, AppError> {
    let user = crate::accounts::session::require_user()?;
    let db = crate::platform::state::app_state()?.db;
    let invitations = crate::organisations::service::invitations_for(&db, &user.email).await?;
    Ok(DashboardData { name: user.name, is_admin: user.is_admin, memberships: user.memberships, invitations })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let joined = move || query.with(|q| q.get("joined").is_some());
    let data = Resource::new(|| (), |_| dashboard());
    view! {
        <Title text="Your dashboard"/>
        {move || joined().then(|| view! { <Notice><p>"Welcome: you have joined. You can see your group below."</p></Notice> })}
        {with_data(data, |data| view! {
            <h1>"Hello, " {data.name.clone()}</h1>
            <section aria-labelledby="orgs-heading">
                <h2 id="orgs-heading">"Your groups and organisations"</h2>
                {if data.memberships.is_empty() {
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
                            {data.memberships.iter().map(|m| view! {
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
            <TrainingOnDashboard/>
            <BriefsOnDashboard/>
            <ProjectsOnDashboard/>
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
