//! The plan page: research questions with their versions, methods and sampling, then
//! milestones, the risk and data management plans, and peer review (in `pages/`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::projects::plan::api::*;
use crate::projects::plan::PlanPage;
use crate::projects::team::pages::{done_param, project_param};
use crate::ui::{error_of, with_data, ErrorSummary, Notice, TextArea, TextField};

mod milestones;
mod review;
mod written;

#[component]
pub fn PlanView() -> impl IntoView {
    let id = project_param();
    let done = done_param();
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| async move {
        match id {
            Some(id) => project_plan(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        {move || done.get().map(|_| view! { <Notice><p>"Saved."</p></Notice> })}
        {with_data(data, move |p: PlanPage| view! {
            <Title text=format!("Plan: {}", p.title)/>
            {crate::ui::project_breadcrumbs(p.project_id, p.title.clone())}
            <h1>"The plan"</h1>
            <p class="lead">"What the team will find out, how, from whom, by when, and how people and their information are kept safe."</p>
            <nav aria-label="Parts of the plan">
                <ul class="inline-list">
                    <li><a href="#questions">"Research questions"</a></li>
                    <li><a href="#methods">"Methods"</a></li>
                    <li><a href="#sampling">"Who takes part"</a></li>
                    <li><a href="#plan-milestones">"Milestones"</a></li>
                    <li><a href="#risk">"Risk and lone working"</a></li>
                    <li><a href="#data">"Data management"</a></li>
                    <li><a href="#review">"Peer review"</a></li>
                </ul>
            </nav>
            <Questions plan=p.clone()/>
            <MethodsAndSampling plan=p.clone()/>
            <milestones::MilestonesSection plan=p.clone()/>
            <written::RiskAndData plan=p.clone()/>
            <review::ReviewSection plan=p/>
        })}
    }
}

#[component]
fn Questions(plan: PlanPage) -> impl IntoView {
    let p = plan;
    let save = ServerAction::<SaveQuestions>::new();
    let agree = ServerAction::<AgreeQuestions>::new();
    let save_error = error_of(save);
    let agree_error = error_of(agree);
    let latest = p.versions.first().map(|v| v.body.clone()).unwrap_or_default();
    let id = p.project_id;
    view! {
        <section id="questions" aria-labelledby="questions-heading">
            <h2 id="questions-heading">"Research questions"</h2>
            <p>"The team writes the questions together. Each save is kept as a new version. When the team agrees, mark that version as agreed: it is the one the ethics application shows."</p>
            <ErrorSummary error=agree_error/>
            {if p.versions.is_empty() {
                view! { <p>"No questions written yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="card-list" reversed>
                        {p.versions.iter().cloned().map(|v| view! {
                            <li class="card">
                                <h3>"Version " {v.version_no} {v.agreed.then(|| view! { " " <span class="badge badge-awarded">"Agreed"</span> })}</h3>
                                <p class="hint">"Saved by " {v.author.clone()} " on " {v.saved_on.clone()}</p>
                                <p class="pre-line">{v.body.clone()}</p>
                                {(p.can_manage && !v.agreed).then(|| view! {
                                    <ActionForm action=agree attr:class="inline-form">
                                        <input type="hidden" name="project_id" value=id/>
                                        <input type="hidden" name="version_id" value=v.id/>
                                        <button type="submit" class="button button-small button-secondary">{format!("Mark version {} as agreed", v.version_no)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {p.can_manage.then(|| view! {
                <div class="panel">
                    <h3>"Write a new version"</h3>
                    <ErrorSummary error=save_error/>
                    <ActionForm action=save attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=id/>
                        <TextArea label="Research questions" name="questions" rows=6 error=save_error value=latest.clone()
                            hint="One question a line or paragraph, in plain words."/>
                        <button type="submit" class="button">"Save as a new version"</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
}

#[component]
fn MethodsAndSampling(plan: PlanPage) -> impl IntoView {
    let p = plan;
    let save = ServerAction::<SaveMethods>::new();
    let add = ServerAction::<AddSamplingTarget>::new();
    let remove = ServerAction::<RemoveSamplingTarget>::new();
    let save_error = error_of(save);
    let add_error = error_of(add);
    let remove_error = error_of(remove);
    let id = p.project_id;
    view! {
        <section id="methods" aria-labelledby="methods-heading">
            <h2 id="methods-heading">"Methods and who takes part"</h2>
            {if p.can_manage {
                view! {
                    <ErrorSummary error=save_error/>
                    <ActionForm action=save attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=id/>
                        <TextArea label="Methods" name="methods" rows=5 error=save_error value=p.methods.clone()
                            hint="How you will find things out: interviews, focus groups, a survey, observation."/>
                        <TextArea label="Who can take part (inclusion criteria)" name="inclusion" rows=3 error=save_error value=p.inclusion.clone()/>
                        <TextArea label="Who cannot take part (exclusion criteria)" name="exclusion" rows=3 error=save_error value=p.exclusion.clone()/>
                        <button type="submit" class="button">"Save methods and criteria"</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <h3>"Methods"</h3><p class="pre-line">{shown(&p.methods)}</p>
                    <h3>"Who can take part"</h3><p class="pre-line">{shown(&p.inclusion)}</p>
                    <h3>"Who cannot take part"</h3><p class="pre-line">{shown(&p.exclusion)}</p>
                }.into_any()
            }}
        </section>
        <section id="sampling" aria-labelledby="sampling-heading">
            <h2 id="sampling-heading">"How many people, from where"</h2>
            <ErrorSummary error=remove_error/>
            {if p.targets.is_empty() {
                view! { <p>"No target numbers yet."</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <caption class="visually-hidden">"Target numbers by site or group"</caption>
                        <thead><tr><th scope="col">"Site or group"</th><th scope="col">"How many people"</th>
                            {p.can_manage.then(|| view! { <th scope="col"><span class="visually-hidden">"Remove"</span></th> })}</tr></thead>
                        <tbody>
                            {p.targets.iter().cloned().map(|t| view! {
                                <tr><td>{t.site.clone()}</td><td>{t.target}</td>
                                    {p.can_manage.then(|| view! {
                                        <td><ActionForm action=remove attr:class="inline-form">
                                            <input type="hidden" name="project_id" value=id/>
                                            <input type="hidden" name="target_id" value=t.id/>
                                            <button type="submit" class="button button-small button-secondary">{format!("Remove {}", t.site)}</button>
                                        </ActionForm></td>
                                    })}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p>"In all: " {p.targets.iter().map(|t| t.target).sum::<i64>()} " people."</p>
                }.into_any()
            }}
            {p.can_manage.then(|| view! {
                <div class="panel">
                    <h3>"Add a target number"</h3>
                    <ErrorSummary error=add_error/>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=id/>
                        <TextField label="Site or group" name="site" error=add_error hint="For example: Basildon recovery college, or past students."/>
                        <TextField label="How many people" name="target" error=add_error class="input input-short"/>
                        <button type="submit" class="button">"Add the target"</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
}

pub(crate) fn shown(text: &str) -> String {
    if text.trim().is_empty() { "Not written yet.".into() } else { text.to_string() }
}
