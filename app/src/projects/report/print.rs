//! The print-ready report: the signed-off version (else the latest), laid out for A4 when
//! printed to PDF from the browser, with the title, lay summary, sections, credits and
//! the sign-off line. The print rules are in style/main.css (`.report-print`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::report::api::print_data;
use crate::projects::report::version_pages::sections_view;
use crate::projects::report::PrintPage;
use crate::ui::{id_param, project_breadcrumbs, with_data};

#[component]
pub fn ReportPrintView() -> impl IntoView {
    let id = id_param("id");
    let data = Resource::new(move || id.get(), print_data);
    view! {
        {with_data(data, |r: PrintPage| {
            let project_id = r.project_id;
            view! {
                <Title text=format!("Report: {}", r.project_title)/>
                {project_breadcrumbs(project_id, r.project_title.clone())}
                <p class="no-print"><a href=format!("/projects/{project_id}/report")>"Back to the report"</a></p>
                <p class="no-print">"To print it or keep it as a PDF, use your browser's Print command (Ctrl and P together, or Cmd and P on a Mac). It is laid out for A4 paper."</p>
                <article class="report-print" aria-labelledby="report-title">
                    <p class="report-print-org">{r.group_name.clone()} " for " {r.commissioner_name.clone()}</p>
                    <h1 id="report-title">{r.project_title.clone()}</h1>
                    <p class="report-print-version">"Final report, version " {r.number} ", " {r.saved_on.clone()}</p>
                    <section class="report-print-summary" aria-labelledby="print-summary-heading">
                        <h2 id="print-summary-heading">"Lay summary"</h2>
                        <p class="pre-line">{r.lay_summary.clone()}</p>
                    </section>
                    {sections_view(r.sections.clone())}
                    <section class="report-print-credits" aria-labelledby="print-credits-heading">
                        <h2 id="print-credits-heading">"Credits"</h2>
                        <p>"Written by " {r.group_name.clone()} "."
                            {(!r.credits.is_empty()).then(|| view! { " Peer researchers: " {r.credits.join(", ")} "." })}</p>
                    </section>
                    <p class="report-print-signoff" class:report-unsigned=!r.signed_off><strong>{r.sign_off.clone()}</strong></p>
                </article>
            }
        })}
    }
}
