//! The printable consent record: one A4 page per record, with the project, the
//! participant's code and name (the page is for the project's researchers only), the form
//! version and its text, the date, how consent was given, who took it and the optional
//! parts agreed.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::consent::api::consent_record;
use crate::projects::consent::pages::{breadcrumbs, id_param};
use crate::projects::consent::ConsentPrint;
use crate::ui::with_data;

#[component]
pub fn ConsentPrintView() -> impl IntoView {
    let id = id_param("id");
    let pid = id_param("pid");
    let cid = id_param("cid");
    let data = Resource::new(move || (id.get(), pid.get(), cid.get()), |(id, pid, cid)| consent_record(id, pid, cid));
    view! {
        {with_data(data, |r: ConsentPrint| {
            let c = r.consent.clone();
            view! {
                <Title text=format!("Consent record: {}", r.code)/>
                {breadcrumbs(r.project_id, r.project_title.clone())}
                <p class="no-print"><a href=format!("/projects/{}/participants/{}", r.project_id, r.participant_id)>"Back to participant " {r.code.clone()}</a></p>
                <p class="no-print">"To print it, use your browser's Print command (Ctrl and P together, or Cmd and P on a Mac). It is laid out for A4 paper. Keep printed copies locked away: they carry the participant's name."</p>
                <article class="consent-record" aria-labelledby="consent-record-title">
                    <p class="consent-record-org">{r.group_name.clone()}</p>
                    <h1 id="consent-record-title">"Consent record"</h1>
                    <dl class="facts">
                        <dt>"Project"</dt><dd>{r.project_title.clone()}</dd>
                        <dt>"Participant code"</dt><dd><strong>{r.code.clone()}</strong></dd>
                        <dt>"Participant name"</dt><dd>{r.full_name.clone()}</dd>
                        <dt>"Consent form"</dt><dd>"Consent form version " {c.version_no} ": " {c.document_title.clone()}</dd>
                        <dt>"Date consent was given"</dt><dd>{c.consented_on.clone()}</dd>
                        <dt>"How consent was given"</dt><dd>{c.method.clone()}</dd>
                        {r.signed_name.clone().map(|name| view! { <dt>"Signed online by typing their name"</dt><dd>{name}</dd> })}
                        <dt>"Taken by"</dt><dd>{c.taken_by.clone()}</dd>
                        <dt>"Optional parts agreed"</dt>
                        <dd>{if c.parts.is_empty() {
                            view! { "None" }.into_any()
                        } else {
                            view! { <ul>{c.parts.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul> }.into_any()
                        }}</dd>
                        <dt>"Recorded on"</dt><dd>{c.recorded_on.clone()}</dd>
                        {r.withdrawn_on.clone().map(|on| view! { <dt>"Withdrawn"</dt><dd><strong>"Withdrew on " {on}</strong></dd> })}
                    </dl>
                    <section class="consent-record-form" aria-labelledby="form-text-heading">
                        <h2 id="form-text-heading">"The consent form they saw (version " {c.version_no} ")"</h2>
                        <div class="module-content" inner_html=r.form_body_html.clone()></div>
                    </section>
                </article>
            }
        })}
    }
}
