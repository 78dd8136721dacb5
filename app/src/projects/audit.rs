//! A project's own audit trail entries (consent, withdrawals, ethics decisions, gates),
//! for the people who manage the project: its lead and the group's coordinators.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::audit::pages::audit_table;
use crate::audit::EntryView;
use crate::error::AppError;
use crate::ui::pagination::{page_asked, Paged};
use crate::ui::{id_param, project_breadcrumbs, with_data};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProjectAuditPage {
    pub project_id: i64,
    pub project_title: String,
    pub entries: Paged<EntryView>,
}

#[server(endpoint = "project-audit")]
pub async fn project_audit(project_id: i64, page: i64) -> Result<ProjectAuditPage, AppError> {
    use crate::platform::audit::{list, Scope};
    use crate::projects::access::{require, Need};
    let actor = crate::accounts::session::signed_in()?;
    let db = crate::platform::state::app_state()?.db;
    let ctx = require(&db, &actor, project_id, Need::Manage).await?;
    let page = crate::ui::pagination::PageNumber::parse(Some(&page.to_string()));
    let entries = list(&db, Scope::Project(ctx.id), page).await?.map(EntryView::from);
    Ok(ProjectAuditPage { project_id: ctx.id, project_title: ctx.title, entries })
}

#[component]
pub fn ProjectAuditView() -> impl IntoView {
    let id = id_param("id");
    let page = page_asked();
    let data = Resource::new(move || (id.get(), page.get()), |(id, page)| project_audit(id, page));
    view! {
        {with_data(data, |a: ProjectAuditPage| {
            let path = format!("/projects/{}/audit", a.project_id);
            view! {
                <Title text=format!("Audit trail: {}", a.project_title)/>
                {project_breadcrumbs(a.project_id, a.project_title.clone())}
                <h1>"Audit trail"</h1>
                <p class="lead">"Who recorded consent, withdrawals, ethics decisions and stage gates on this project, and when. Nothing personal is kept here, and entries cannot be changed."</p>
                {audit_table(a.entries, path)}
            }
        })}
    }
}
