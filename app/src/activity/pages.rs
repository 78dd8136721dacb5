//! The activity report page: the period (a plain GET form, so it works without JavaScript),
//! then each section as an SVG chart with a table of the same figures, the impact records,
//! a CSV download, and a layout that prints on A4.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::activity::api::group_activity;
use crate::activity::chart::BarChart;
use crate::activity::ActivityReport;
use crate::error::AppError;
use crate::ui::{loading, problem_view, ErrorSummary, TextField};

fn period_form(slug: String, from: String, to: String, error: Option<AppError>) -> impl IntoView {
    let error = Signal::stored(error);
    view! {
        <form method="get" action=format!("/organisations/{slug}/activity") class="form no-print" novalidate=true aria-labelledby="period-heading">
            <h2 id="period-heading">"Choose the years"</h2>
            <ErrorSummary error/>
            <TextField label="From the year" name="from" input_type="number" value=from error/>
            <TextField label="To the year" name="to" input_type="number" value=to error/>
            <button type="submit" class="button">"Show the report"</button>
        </form>
    }
}

fn figures_table(caption: String, first: &'static str, rows: Vec<(String, i64)>) -> impl IntoView {
    view! {
        <table class="table">
            <caption>{caption}</caption>
            <thead><tr><th scope="col">{first}</th><th scope="col">"Number"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(label, n)| view! { <tr><th scope="row">{label}</th><td>{n}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}

fn report_view(r: ActivityReport) -> impl IntoView {
    let period = format!("{} to {}", r.from_year, r.to_year);
    let per_year: Vec<(String, i64)> = r.years.iter().map(|y| (y.year.to_string(), y.total)).collect();
    let csv = format!("/organisations/{}/activity.csv?from={}&to={}", r.group_slug, r.from_year, r.to_year);
    let outputs_total: i64 = r.outputs.iter().map(|(_, n)| n).sum();
    view! {
        <Title text=format!("Activity report {period}: {}", r.group_name)/>
        <p class="brief-meta"><a href=format!("/organisations/{}", r.group_slug)>{r.group_name.clone()}</a></p>
        <h1>"Activity report " {period.clone()}</h1>
        {period_form(r.group_slug.clone(), r.from_year.to_string(), r.to_year.to_string(), None)}
        <p class="no-print"><a href=csv>"Download the figures as a spreadsheet (CSV)"</a>
           ". To print the report, use your browser's Print: it is laid out for A4 paper."</p>
        <section aria-labelledby="summary-heading" class="activity">
            <h2 id="summary-heading">"In short"</h2>
            <dl class="facts">
                <dt>"Projects agreed"</dt><dd>{r.projects_total}</dd>
                <dt>"Commissioning bodies"</dt><dd>{r.commissioners.len()}</dd>
                <dt>"Members trained"</dt><dd>{r.members_trained}</dd>
                <dt>"Outputs"</dt><dd>{outputs_total}</dd>
                <dt>"Impact records"</dt><dd>{r.impacts.len()}</dd>
            </dl>
        </section>
        <section aria-labelledby="projects-heading" class="activity">
            <h2 id="projects-heading">"Projects by year"</h2>
            <BarChart id="projects-chart" title=format!("Projects agreed each year, {period}") items=per_year.clone()/>
            <table class="table">
                <caption>"Projects agreed each year, and the stage each is at now"</caption>
                <thead><tr><th scope="col">"Year"</th><th scope="col">"Projects"</th><th scope="col">"Stage now"</th></tr></thead>
                <tbody>
                    {r.years.iter().map(|y| view! {
                        <tr>
                            <th scope="row">{y.year}</th>
                            <td>{y.total}</td>
                            <td>{if y.stages.is_empty() { "None".to_string() } else {
                                y.stages.iter().map(|(s, n)| format!("{s}: {n}")).collect::<Vec<_>>().join(", ")
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        <section aria-labelledby="commissioners-heading" class="activity">
            <h2 id="commissioners-heading">"Who commissioned the research"</h2>
            {if r.commissioners.is_empty() {
                view! { <p class="empty-state">"No projects agreed in these years."</p> }.into_any()
            } else {
                figures_table("Projects by commissioning body".into(), "Commissioning body", r.commissioners.clone()).into_any()
            }}
        </section>
        <section aria-labelledby="outputs-heading" class="activity">
            <h2 id="outputs-heading">"Outputs"</h2>
            {if r.outputs.is_empty() {
                view! { <p class="empty-state">"No outputs dated in these years."</p> }.into_any()
            } else {
                view! {
                    <BarChart id="outputs-chart" title=format!("Outputs by kind, {period}") items=r.outputs.clone()/>
                    {figures_table("Outputs by kind".into(), "Kind", r.outputs.clone())}
                }.into_any()
            }}
        </section>
        <section aria-labelledby="impact-heading" class="activity">
            <h2 id="impact-heading">"What changed because of the research"</h2>
            {if r.impacts.is_empty() {
                view! { <p class="empty-state">"No impact recorded in these years."</p> }.into_any()
            } else {
                view! {
                    <ul class="impact-list">
                        {r.impacts.iter().map(|i| view! {
                            <li class="impact-record">
                                <h3>{i.kind_label.clone()} ", " {i.on.clone()}</h3>
                                <p>{i.summary.clone()}</p>
                                <p class="hint">"From the project: " {i.project_title.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn ActivityView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let from = Memo::new(move |_| query.with(|q| q.get("from")));
    let to = Memo::new(move |_| query.with(|q| q.get("to")));
    let data = Resource::new(move || (slug.get(), from.get(), to.get()), |(slug, from, to)| group_activity(slug, from, to));
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(report) => report_view(report).into_any(),
                    Err(error @ AppError::Invalid(_)) => {
                        let slug = slug.get_untracked();
                        let typed = |name: &str| error.form_errors().and_then(|e| e.value_for(name)).unwrap_or_default().to_string();
                        let (from, to) = (typed("from"), typed("to"));
                        view! {
                            <Title text="Activity report"/>
                            <h1>"Activity report"</h1>
                            {period_form(slug, from, to, Some(error.clone()))}
                        }.into_any()
                    }
                    Err(error) => problem_view(error),
                }
            })}
        </Suspense>
    }
}
