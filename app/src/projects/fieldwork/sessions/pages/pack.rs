//! The printable fieldwork pack (A4): the session's details, the approved information sheet
//! and topic guide, and a consent form per participant under their code, with blank lines
//! for signatures and dates. The consent form's version is printed on every copy, so paper
//! consent is recorded against the version that was signed.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::consent::pages::{breadcrumbs, id_param};
use crate::projects::fieldwork::sessions::api::fieldwork_pack;
use crate::projects::fieldwork::sessions::{PackDocument, PackPage};
use crate::ui::with_data;

fn missing(what: &'static str) -> impl IntoView {
    view! { <p class="panel">"There is no ethics-approved " {what} " yet, so none is printed."</p> }
}

fn document(heading_id: &'static str, d: &PackDocument) -> impl IntoView {
    view! {
        <section class="pack-part" aria-labelledby=heading_id>
            <h2 id=heading_id>{d.kind_label.clone()} ", version " {d.version_no}</h2>
            <p class="pack-version">{d.title.clone()} " (version " {d.version_no} ", approved)"</p>
            <div class="module-content" inner_html=d.body_html.clone()></div>
        </section>
    }
}

fn signature_lines(with_code: bool, code: &str) -> impl IntoView {
    view! {
        <dl class="pack-lines">
            <dt>"Participant code"</dt><dd>{if with_code { code.to_string() } else { String::new() }}</dd>
            <dt>"Participant's signature"</dt><dd></dd>
            <dt>"Date"</dt><dd></dd>
            <dt>"Researcher's name"</dt><dd></dd>
            <dt>"Researcher's signature"</dt><dd></dd>
            <dt>"Date"</dt><dd></dd>
        </dl>
    }
}

#[component]
pub fn PackView() -> impl IntoView {
    let id = id_param("id");
    let sid = id_param("sid");
    let data = Resource::new(move || (id.get(), sid.get()), |(id, sid)| fieldwork_pack(id, sid));
    view! {
        {with_data(data, |p: PackPage| {
            let when = format!("{} on {}{}", p.kind_label, p.date, p.starts_at.clone().map(|t| format!(" at {t}")).unwrap_or_default());
            let codes: Vec<(bool, String)> = if p.codes.is_empty() {
                vec![(false, String::new())]
            } else {
                p.codes.iter().map(|c| (true, c.clone())).collect()
            };
            let form = p.consent_form.clone();
            view! {
                <Title text=format!("Fieldwork pack: {when}")/>
                {breadcrumbs(p.project_id, p.project_title.clone())}
                <p class="no-print"><a href=format!("/projects/{}/fieldwork/{}", p.project_id, p.session_id)>"Back to the session"</a></p>
                <p class="no-print">"To print it, use your browser's Print command (Ctrl and P together, or Cmd and P on a Mac). It is laid out for A4 paper, each part on a new page. It carries codes, never names."</p>
                <article class="fieldwork-pack" aria-labelledby="pack-title">
                    <section class="pack-part pack-cover">
                        <p class="consent-record-org">{p.group_name.clone()}</p>
                        <h1 id="pack-title">"Fieldwork pack"</h1>
                        <dl class="facts">
                            <dt>"Project"</dt><dd>{p.project_title.clone()}</dd>
                            <dt>"Session"</dt><dd>{when.clone()}</dd>
                            <dt>"Where"</dt><dd>{p.venue.clone()}</dd>
                            <dt>"Access"</dt><dd>{if p.access.is_empty() { "Nothing recorded".to_string() } else { p.access.join(", ") }}</dd>
                            <dt>"Researchers"</dt><dd>{p.researchers.join(", ")}</dd>
                            <dt>"Participants"</dt><dd>{if p.codes.is_empty() { "None added yet: a blank consent form is included".to_string() } else { p.codes.join(", ") }}</dd>
                            {form.as_ref().map(|f| view! { <dt>"Consent form printed"</dt><dd><strong>"Version " {f.version_no}</strong> ". Record paper consent against version " {f.version_no} "."</dd> })}
                        </dl>
                        {(!p.withdrawn_codes.is_empty()).then(|| view! {
                            <p><strong>"Withdrawn: " {p.withdrawn_codes.join(", ")}</strong> ". No consent form is printed for them, and nothing more may be done with them."</p>
                        })}
                    </section>
                    {match p.information_sheet.as_ref() { Some(d) => document("pack-sheet", d).into_any(), None => missing("information sheet").into_any() }}
                    {match p.topic_guide.as_ref() { Some(d) => document("pack-guide", d).into_any(), None => missing("interview or topic guide").into_any() }}
                    {match form {
                        Some(f) => codes.into_iter().map(|(with_code, code)| {
                            let heading = if with_code { format!("Consent form for {code}") } else { "Consent form".to_string() };
                            view! {
                                <section class="pack-part pack-consent">
                                    <h2>{heading}</h2>
                                    <p class="pack-version"><strong>"Consent form version " {f.version_no}</strong> ": " {f.title.clone()}</p>
                                    <div class="module-content" inner_html=f.body_html.clone()></div>
                                    {signature_lines(with_code, &code)}
                                </section>
                            }
                        }).collect_view().into_any(),
                        None => missing("consent form").into_any(),
                    }}
                </article>
            }
        })}
    }
}
