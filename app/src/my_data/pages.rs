//! The readable page of a person's data, with the JSON download.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::my_data::MyData;
use crate::ui::with_data;

#[server(endpoint = "my-data")]
pub async fn held_about_me() -> Result<MyData, AppError> {
    let actor = crate::accounts::session::signed_in()?;
    let db = crate::platform::state::app_state()?.db;
    crate::my_data::service::gather(&db, &actor).await
}

#[component]
pub fn MyDataPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| held_about_me());
    view! {
        <Title text="Your data"/>
        <p class="breadcrumbs no-print"><a href="/account">"Your account"</a></p>
        <h1>"Your data"</h1>
        {with_data(data, |d: MyData| view! {
            <p class="lead">"Everything CoResearch holds about you, " {d.name.clone()} ", as of " {d.made_on.clone()} ". Research participants' details are not here: they are held under a code by each project's researchers."</p>
            <p class="no-print"><a class="button" href="/account/my-data.json" download>"Download it as a file (JSON)"</a>
                " You can also print this page or save it as a PDF."</p>
            {d.sections.into_iter().map(|s| {
                let empty = s.rows.is_empty();
                view! {
                    <section class="my-data-section">
                        <h2>{s.title.clone()}</h2>
                        {empty.then(|| view! { <p class="hint">"Nothing held."</p> })}
                        {s.rows.into_iter().map(|row| view! {
                            <dl class="summary-list">
                                {row.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()}
                            </dl>
                        }).collect_view()}
                    </section>
                }
            }).collect_view()}
        })}
    }
}
