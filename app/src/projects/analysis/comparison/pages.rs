//! The coder comparison page: choose two coders (a plain GET form), then a table of each
//! code with the paragraphs each coded, those both coded, and their agreement.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::projects::analysis::comparison::api::analysis_compare;
use crate::projects::analysis::comparison::ComparisonPage;
use crate::ui::{id_param, project_breadcrumbs, with_data};

fn agreement_text(value: Option<u32>) -> String {
    value.map(|v| format!("{v}%")).unwrap_or_else(|| "Not used".into())
}

fn coder_select(id: &'static str, name: &'static str, label: &'static str, coders: &[(i64, String)], chosen: Option<i64>) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name class="select">
                <option value="">"Choose a coder"</option>
                {coders.iter().map(|(uid, who)| view! { <option value=uid.to_string() selected={chosen == Some(*uid)}>{who.clone()}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn ComparisonView() -> impl IntoView {
    let id = id_param("id");
    let query = use_query_map();
    let asked = Memo::new(move |_| query.with(|q| (q.get("a").and_then(|v| v.parse::<i64>().ok()), q.get("b").and_then(|v| v.parse::<i64>().ok()))));
    let data = Resource::new(move || (id.get(), asked.get()), |(id, (a, b))| analysis_compare(id, a, b));
    view! {
        {with_data(data, move |c: ComparisonPage| {
            let project_id = c.project_id;
            let (a, b) = asked.get_untracked();
            view! {
                <Title text=format!("Compare two coders: {}", c.project_title)/>
                {project_breadcrumbs(project_id, c.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/analysis")>"Back to the analysis"</a></p>
                <h1>"Compare two coders"</h1>
                <p class="lead">"For each code: the paragraphs each of you coded with it, the ones you both did, and how much you agree: paragraphs both coded out of paragraphs either coded."</p>
                <p>"Passages from participants who have withdrawn are left out."</p>
                {if c.coders.len() < 2 {
                    view! { <p class="empty-state">"Two people need to have coded before they can be compared."</p> }.into_any()
                } else {
                    view! {
                        <form method="get" action=format!("/projects/{project_id}/analysis/compare") class="form">
                            {coder_select("compare-a", "a", "First coder", &c.coders, a)}
                            {coder_select("compare-b", "b", "Second coder", &c.coders, b)}
                            <button type="submit" class="button">"Compare"</button>
                        </form>
                    }.into_any()
                }}
                {c.chosen.clone().map(|((_, a_name), (_, b_name))| view! {
                    <h2>{a_name.clone()} " and " {b_name.clone()}</h2>
                    <p>"Overall agreement: " <strong>{agreement_text(c.overall)}</strong></p>
                    <table class="table comparison">
                        <caption class="visually-hidden">"How the two coders used each code"</caption>
                        <thead><tr>
                            <th scope="col">"Code"</th>
                            <th scope="col">"Only " {a_name.clone()}</th>
                            <th scope="col">"Only " {b_name.clone()}</th>
                            <th scope="col">"Both"</th>
                            <th scope="col">"Agreement"</th>
                        </tr></thead>
                        <tbody>
                            {c.rows.iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{r.code.clone()}</th>
                                    <td>{c.passages_text(&r.only_a)}</td>
                                    <td>{c.passages_text(&r.only_b)}</td>
                                    <td>{c.passages_text(&r.both)}</td>
                                    <td>{agreement_text(r.agreement)}
                                        {(r.either() > 0).then(|| format!(" ({} of {})", r.both.len(), r.either()))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
                {(a.is_some() && b.is_some() && c.chosen.is_none() && c.coders.len() >= 2).then(|| view! {
                    <p class="error-message" role="alert">"Choose two different people who have both coded in this project."</p>
                })}
            }
        })}
    }
}
