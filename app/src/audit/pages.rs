//! The audit trail as a table, and the administrators' page of every entry.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::audit::api::audit_trail;
use crate::audit::EntryView;
use crate::ui::pagination::{page_asked, showing_line, Paged, Pagination};
use crate::ui::with_data;

/// A page of entries, newest first, with numbered links to the others.
pub fn audit_table(entries: Paged<EntryView>, path: String) -> impl IntoView {
    if entries.total == 0 {
        return view! { <p class="empty-state">"Nothing has been recorded yet."</p> }.into_any();
    }
    let pages = entries.pages();
    view! {
        {showing_line(&entries, "entries")}
        <table class="table">
            <caption class="visually-hidden">"Audit trail, newest first"</caption>
            <thead><tr>
                <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                <th scope="col">"Record"</th><th scope="col">"From"</th>
            </tr></thead>
            <tbody>
                {entries.items.into_iter().map(|e| view! {
                    <tr><td>{e.when}</td><td>{e.who}</td><td>{e.what}</td><td>{e.record}</td><td>{e.from_address}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <Pagination page=entries.page pages path/>
    }
    .into_any()
}

#[component]
pub fn AuditTrailPage() -> impl IntoView {
    let page = page_asked();
    let entries = Resource::new(move || page.get(), audit_trail);
    view! {
        <Title text="Audit trail"/>
        <p class="breadcrumbs"><a href="/admin">"Administration"</a></p>
        <h1>"Audit trail"</h1>
        <p class="lead">"Every sign-in, role change, invitation, certificate, export and download, and every change to consent, ethics decisions and stage gates: who, what, when and from where. Entries cannot be changed or deleted."</p>
        {with_data(entries, |entries: Paged<EntryView>| audit_table(entries, "/admin/audit".into()))}
    }
}
