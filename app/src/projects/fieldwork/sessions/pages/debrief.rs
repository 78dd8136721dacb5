//! One debrief, for the researcher who wrote it and the supporter they named.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::consent::pages::{breadcrumbs, id_param};
use crate::projects::fieldwork::sessions::api::fieldwork_debrief;
use crate::projects::fieldwork::sessions::DebriefPage;
use crate::ui::with_data;

#[component]
pub fn DebriefPageView() -> impl IntoView {
    let id = id_param("id");
    let sid = id_param("sid");
    let did = id_param("did");
    let data = Resource::new(move || (id.get(), sid.get(), did.get()), |(id, sid, did)| fieldwork_debrief(id, sid, did));
    view! {
        {with_data(data, |p: DebriefPage| {
            let d = p.debrief.clone();
            let session = format!("/projects/{}/fieldwork/{}", p.project_id, p.session_id);
            view! {
                <Title text=format!("Debrief: {}", d.author)/>
                {breadcrumbs(p.project_id, p.project_title.clone())}
                <p><a href=session.clone()>"Back to the " {p.session_kind.to_lowercase()} " on " {p.session_date.clone()}</a></p>
                <h1>{if p.is_author { "Your debrief".to_string() } else { format!("Debrief from {}", d.author) }}
                    <span class="subtitle">"After the " {p.session_kind.to_lowercase()} " on " {p.session_date.clone()}</span></h1>
                <p class="hint">"Only " {if p.is_author { "you" } else { "the researcher who wrote it" }} " and the supporter they named can read this."</p>
                <dl class="facts">
                    <dt>"How they are"</dt><dd>{d.feeling_label.clone()}</dd>
                    <dt>"Anything that upset them"</dt>
                    <dd class="pre-line">{if d.upsetting.is_empty() { "Nothing written".to_string() } else { d.upsetting.clone() }}</dd>
                    <dt>"Would like support"</dt><dd>{if d.wants_support { "Yes" } else { "No" }}</dd>
                    <dt>"Shared with"</dt><dd>{d.supporter.clone().unwrap_or_else(|| "Nobody".into())}</dd>
                    <dt>"Last changed"</dt><dd>{d.updated.clone()}</dd>
                </dl>
                {(!p.is_author && d.wants_support).then(|| view! {
                    <p class="panel">"They would like support. Please get in touch with them soon, in the way you usually do."</p>
                })}
                {p.is_author.then(|| view! { <p><a href=format!("{session}#debrief")>"Change your debrief"</a></p> })}
            }
        })}
    }
}
