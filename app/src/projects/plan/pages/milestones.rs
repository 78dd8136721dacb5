//! Milestones on the plan page: add, change, mark complete, remove, and calendar downloads.

use leptos::prelude::*;

use crate::projects::plan::api::*;
use crate::projects::plan::{milestone_stages, MilestoneView, PlanPage};
use crate::projects::Stage;
use crate::ui::{error_of, ErrorSummary, SelectField, TextField};

fn stage_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), "Choose a stage".to_string()))
        .chain(milestone_stages().into_iter().map(|s| (s.as_str().to_string(), s.name().to_string())))
        .collect()
}

#[component]
pub fn MilestonesSection(plan: PlanPage) -> impl IntoView {
    let p = plan;
    let add = ServerAction::<AddMilestone>::new();
    let update = ServerAction::<UpdateMilestone>::new();
    let complete = ServerAction::<CompleteMilestone>::new();
    let remove = ServerAction::<RemoveMilestone>::new();
    let add_error = error_of(add);
    let row_error = Signal::derive(move || {
        error_of(update).get().or_else(|| error_of(complete).get()).or_else(|| error_of(remove).get())
    });
    let id = p.project_id;
    view! {
        <section id="plan-milestones" aria-labelledby="plan-milestones-heading">
            <h2 id="plan-milestones-heading">"Milestones"</h2>
            <p>"Dates the team works to, for each stage. Changing them does not undo the supporter's sign-off."</p>
            <ErrorSummary error=row_error/>
            {if p.milestones.is_empty() {
                view! { <p>"No milestones yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {p.milestones.iter().cloned().map(|m| view! { <MilestoneCard milestone=m project_id=id can_manage=p.can_manage update complete remove/> }).collect_view()}
                    </ul>
                    <p><a href=format!("/projects/{id}/calendar.ics") download="">"Download every milestone and meeting for your calendar (.ics)"</a></p>
                }.into_any()
            }}
            {p.can_manage.then(|| view! {
                <div class="panel">
                    <h3>"Add a milestone"</h3>
                    <ErrorSummary error=add_error/>
                    <ActionForm action=add attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=id/>
                        <TextField label="What happens" name="milestone_title" error=add_error hint="For example: ethics application submitted."/>
                        <TextField label="By when" name="due_on" error=add_error hint="For example 14/03/2027."/>
                        <SelectField label="Which stage it belongs to" name="milestone_stage" options=stage_options() error=add_error/>
                        <button type="submit" class="button">"Add the milestone"</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
}

#[component]
fn MilestoneCard(
    milestone: MilestoneView,
    project_id: i64,
    can_manage: bool,
    update: ServerAction<UpdateMilestone>,
    complete: ServerAction<CompleteMilestone>,
    remove: ServerAction<RemoveMilestone>,
) -> impl IntoView {
    let m = milestone;
    let key = m.id;
    let stage_name = Stage::parse(&m.stage).map(Stage::name).unwrap_or("");
    let current_stage = m.stage.clone();
    let complete_label = format!("Mark \"{}\" complete", m.title);
    let change_label = format!("Change or remove \"{}\"", m.title);
    view! {
        <li class="card">
            <h3>{m.title.clone()}</h3>
            <p>{m.due_text.clone()} " · " {stage_name} {m.done.then(|| view! { " · " <strong>"Complete"</strong> })}</p>
            <p><a href=format!("/projects/{project_id}/calendar.ics?item=milestone-{key}") download="">{format!("Add \"{}\" to your calendar", m.title)}</a></p>
            {can_manage.then(|| view! {
                {(!m.done).then(|| view! {
                    <ActionForm action=complete attr:class="inline-form">
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="milestone_id" value=key/>
                        <button type="submit" class="button button-small">{complete_label}</button>
                    </ActionForm>
                })}
                <details>
                    <summary>{change_label}</summary>
                    <ActionForm action=update attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="milestone_id" value=key/>
                        <div class="field">
                            <label for=format!("m{key}-title")>"What happens"</label>
                            <input id=format!("m{key}-title") name="milestone_title" class="input" value=m.title.clone()/>
                        </div>
                        <div class="field">
                            <label for=format!("m{key}-due")>"By when"</label>
                            <input id=format!("m{key}-due") name="due_on" class="input input-short" value=m.due_on.clone()/>
                        </div>
                        <div class="field">
                            <label for=format!("m{key}-stage")>"Which stage it belongs to"</label>
                            <select id=format!("m{key}-stage") name="milestone_stage" class="select">
                                {milestone_stages().into_iter().map(|s| view! { <option value=s.as_str() selected=s.as_str() == current_stage>{s.name()}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button button-secondary">"Save changes"</button>
                    </ActionForm>
                    <ActionForm action=remove attr:class="inline-form">
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="milestone_id" value=key/>
                        <button type="submit" class="button button-small button-warning">"Remove this milestone"</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}
