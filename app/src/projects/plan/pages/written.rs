//! The risk and lone-working plan and the data management plan on the plan page.

use leptos::prelude::*;

use crate::projects::plan::api::*;
use crate::projects::plan::pages::shown;
use crate::projects::plan::PlanPage;
use crate::ui::{error_of, ErrorSummary, TextArea, TextField};
use crate::validate::readable_date;

#[component]
pub fn RiskAndData(plan: PlanPage) -> impl IntoView {
    let p = plan;
    let risk = ServerAction::<SaveRiskPlan>::new();
    let data = ServerAction::<SaveDataPlan>::new();
    let risk_error = error_of(risk);
    let data_error = error_of(data);
    let id = p.project_id;
    view! {
        <section id="risk" aria-labelledby="risk-heading">
            <h2 id="risk-heading">"Risk and lone working"</h2>
            {if p.can_manage {
                view! {
                    <ErrorSummary error=risk_error/>
                    <ActionForm action=risk attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=id/>
                        <TextArea label="Risk and lone-working plan" name="risk_plan" rows=6 error=risk_error value=p.risk_plan.clone()
                            hint="What could go wrong and what you will do. Who knows where a researcher is, when they check in and out, and who to call if someone is upset."/>
                        <button type="submit" class="button">"Save the risk plan"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="pre-line">{shown(&p.risk_plan)}</p> }.into_any()
            }}
        </section>
        <section id="data" aria-labelledby="data-heading">
            <h2 id="data-heading">"Data management"</h2>
            {if p.can_manage {
                view! {
                    <ErrorSummary error=data_error/>
                    <ActionForm action=data attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=id/>
                        <TextArea label="What is collected" name="data_collected" rows=3 error=data_error value=p.data_collected.clone()
                            hint="For example: consent forms, audio recordings, transcripts, survey answers."/>
                        <TextArea label="Where it is kept" name="data_kept_where" rows=3 error=data_error value=p.data_kept_where.clone()/>
                        <TextArea label="Who may see it" name="data_who_sees" rows=3 error=data_error value=p.data_who_sees.clone()/>
                        <TextField label="Delete the data by" name="retain_until" error=data_error value=p.retain_until.clone()
                            hint="The retention date, for example 31/12/2030."/>
                        <button type="submit" class="button">"Save the data plan"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <h3>"What is collected"</h3><p class="pre-line">{shown(&p.data_collected)}</p>
                    <h3>"Where it is kept"</h3><p class="pre-line">{shown(&p.data_kept_where)}</p>
                    <h3>"Who may see it"</h3><p class="pre-line">{shown(&p.data_who_sees)}</p>
                    <h3>"Delete the data by"</h3>
                    <p>{if p.retain_until.is_empty() { "No date yet.".to_string() } else { readable_date(&p.retain_until) }}</p>
                }.into_any()
            }}
        </section>
    }
}
