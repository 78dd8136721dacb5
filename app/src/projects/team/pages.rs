//! The team page: members and their project roles, academic supporters with their
//! practitioner roles and agreement, the level of involvement, and the advisory group.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::error::AppError;
use crate::projects::team::api::*;
use crate::projects::team::{TeamMemberView, TeamPage, GROUP_ROLES, INVOLVEMENT};
use crate::projects::team_role::{practitioner_role_label, PRACTITIONER_ROLES};
use crate::projects::TeamRole;
use crate::ui::{error_of, with_data, ErrorSummary, Notice, SelectField, TextArea, TextField};

pub(crate) fn project_param() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok())))
}

pub(crate) fn done_param() -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("done")))
}

#[component]
pub fn TeamView() -> impl IntoView {
    let id = project_param();
    let done = done_param();
    let add = ServerAction::<AddTeamMember>::new();
    let change = ServerAction::<ChangeTeamRole>::new();
    let remove = ServerAction::<RemoveTeamMember>::new();
    let supporter = ServerAction::<SaveSupporter>::new();
    // Changing a supporter already on the team: the same server function, its own messages.
    let edit_supporter = ServerAction::<SaveSupporter>::new();
    let involvement = ServerAction::<SetInvolvement>::new();
    let data = Resource::new(move || (id.get(), done.get()), |(id, _)| async move {
        match id {
            Some(id) => project_team(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let member_error = Signal::derive(move || error_of(change).get().or_else(|| error_of(remove).get()));
    let add_error = error_of(add);
    let supporter_error = error_of(supporter);
    let involvement_error = error_of(involvement);
    view! {
        {move || done.get().map(|_| view! { <Notice><p>"Saved."</p></Notice> })}
        {with_data(data, move |t: TeamPage| view! {
            <Title text=format!("Team: {}", t.title)/>
            {crate::ui::project_breadcrumbs(t.project_id, t.title.clone())}
            <h1>"The team"</h1>
            <section id="members" aria-labelledby="members-heading">
                <h2 id="members-heading">"Who is on the team"</h2>
                <ErrorSummary error=member_error/>
                <ul class="card-list">
                    {t.members.iter().cloned().map(|m| view! { <MemberCard member=m project_id=t.project_id can_manage=t.can_manage change remove edit_supporter/> }).collect_view()}
                </ul>
                {(t.can_manage && !t.group_choices.is_empty()).then(|| {
                    let people: Vec<(String, String)> = std::iter::once((String::new(), "Choose a person".to_string()))
                        .chain(t.group_choices.iter().map(|(id, name)| (id.to_string(), name.clone()))).collect();
                    view! {
                        <div class="panel">
                            <h3>"Add a member of the group"</h3>
                            <ErrorSummary error=add_error/>
                            <ActionForm action=add attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=t.project_id/>
                                <SelectField label="Who" name="user_id" options=people error=add_error/>
                                <SelectField label="Their role on the project" name="role" options=role_options() error=add_error
                                    hint="Choosing a new project lead makes the current lead a peer researcher."/>
                                <button type="submit" class="button">"Add to the team"</button>
                            </ActionForm>
                        </div>
                    }
                })}
            </section>
            <SupporterSection team=t.clone() action=supporter error=supporter_error/>
            <InvolvementSection team=t.clone() action=involvement error=involvement_error/>
            <crate::projects::team::pages::advisory::AdvisorySection team=t.clone()/>
        })}
    }
}

fn role_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), "Choose a role".to_string()))
        .chain(GROUP_ROLES.iter().map(|r| (r.as_str().to_string(), r.label().to_string())))
        .collect()
}

#[component]
fn MemberCard(
    member: TeamMemberView,
    project_id: i64,
    can_manage: bool,
    change: ServerAction<ChangeTeamRole>,
    remove: ServerAction<RemoveTeamMember>,
    edit_supporter: ServerAction<SaveSupporter>,
) -> impl IntoView {
    let m = member;
    let supporter_form = (can_manage && m.role == TeamRole::AcademicSupporter).then(|| supporter_edit_form(&m, project_id, edit_supporter));
    let editable = can_manage && GROUP_ROLES.contains(&m.role);
    let select_id = format!("role-of-{}", m.user_id);
    let current = m.role;
    let change_label = format!("Change {}'s role", m.name);
    let remove_label = format!("Take {} off the team", m.name);
    view! {
        <li class="card">
            <h3>{m.name.clone()}</h3>
            <p>{m.role.label()}</p>
            {(m.role == TeamRole::AcademicSupporter).then(|| view! {
                <p>"Practitioner roles: " {m.practitioner_roles.iter().filter_map(|r| practitioner_role_label(r)).collect::<Vec<_>>().join(", ")}</p>
                <p class="pre-line">"Agreement on boundaries: " {m.agreement.clone()}</p>
                <p>"Review by: " {m.review_on.clone()}</p>
            })}
            {supporter_form}
            {editable.then(|| view! {
                <ActionForm action=change attr:class="inline-form">
                    <input type="hidden" name="project_id" value=project_id/>
                    <input type="hidden" name="user_id" value=m.user_id/>
                    <label for=select_id.clone()>{change_label}</label>
                    " "
                    <select id=select_id.clone() name="role" class="select">
                        {GROUP_ROLES.iter().map(|r| view! { <option value=r.as_str() selected=*r == current>{r.label()}</option> }).collect_view()}
                    </select>
                    " "
                    <button type="submit" class="button button-small button-secondary">"Change role"</button>
                </ActionForm>
            })}
            {(can_manage && !matches!(m.role, TeamRole::Lead | TeamRole::CommissionerContact)).then(|| view! {
                <ActionForm action=remove attr:class="inline-form">
                    <input type="hidden" name="project_id" value=project_id/>
                    <input type="hidden" name="user_id" value=m.user_id/>
                    <button type="submit" class="button button-small button-warning">{remove_label}</button>
                </ActionForm>
            })}
        </li>
    }
}

/// The form that changes a supporter's practitioner roles, agreement and review date, inside
/// their card. Its ids carry the person's id, so two supporters' forms never clash; its
/// messages show only on the card of the supporter it was sent for.
fn supporter_edit_form(m: &TeamMemberView, project_id: i64, action: ServerAction<SaveSupporter>) -> impl IntoView {
    let user_id = m.user_id;
    let sent = error_of(action);
    let error = Signal::derive(move || {
        sent.get().filter(|e| e.form_errors().is_none_or(|f| f.value_for("supporter_id") == Some(user_id.to_string().as_str())))
    });
    let problem = move |field: &'static str| {
        Signal::derive(move || error.with(|e| e.as_ref().and_then(AppError::form_errors).and_then(|f| f.message_for(field)).map(str::to_string)))
    };
    let (roles_problem, agreement_problem, review_problem) = (problem("practitioner_roles"), problem("agreement"), problem("review_on"));
    // What was typed comes back after a failed save; otherwise what is saved now.
    let typed = move |field: &'static str, saved: String| {
        Signal::derive(move || error.with(|e| e.as_ref().and_then(AppError::form_errors).and_then(|f| f.value_for(field)).map(str::to_string)).unwrap_or_else(|| saved.clone()))
    };
    let prefix = format!("supporter-{user_id}");
    let summary = format!("Change {}'s practitioner roles and agreement", m.name);
    let current = m.practitioner_roles.clone();
    let (agreement, review_on) = (typed("agreement", m.agreement.clone()), typed("review_on", m.review_on_value.clone()));
    view! {
        <details class="form-text" open=move || error.with(Option::is_some)>
            <summary>{summary}</summary>
            {move || error.get().filter(|e| e.form_errors().is_none()).map(|e| view! { <p class="error-message" role="alert">{e.to_string()}</p> })}
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="project_id" value=project_id/>
                <input type="hidden" name="supporter_id" value=user_id/>
                <fieldset class="field" class:field-error=move || roles_problem.with(Option::is_some)>
                    <legend>"Their practitioner roles (tick one or more)"</legend>
                    {move || roles_problem.get().map(|m| view! { <p class="error-message"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                    {PRACTITIONER_ROLES.iter().map(|(value, label)| {
                        let id = format!("{prefix}-role_{value}");
                        let saved = current.iter().any(|r| r == value);
                        let field = format!("role_{value}");
                        let ticked = move || error.with(|e| match e.as_ref().and_then(AppError::form_errors) {
                            Some(f) => f.value_for(&field).is_some(),
                            None => saved,
                        });
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=id.clone() name=format!("role_{value}") value="on" checked=ticked/>
                                <label for=id>{*label}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field" class:field-error=move || agreement_problem.with(Option::is_some)>
                    <label for=format!("{prefix}-agreement")>"The agreement on boundaries"</label>
                    {move || agreement_problem.get().map(|m| view! { <p class="error-message"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                    <textarea id=format!("{prefix}-agreement") name="agreement" rows=4 class="textarea" prop:value=agreement>{move || agreement.get()}</textarea>
                </div>
                <div class="field" class:field-error=move || review_problem.with(Option::is_some)>
                    <label for=format!("{prefix}-review_on")>"Review the agreement by"</label>
                    {move || review_problem.get().map(|m| view! { <p class="error-message"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                    <input type="date" id=format!("{prefix}-review_on") name="review_on" value=move || review_on.get() class="input"/>
                </div>
                <button type="submit" class="button button-secondary">"Save the changes"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn SupporterSection(team: TeamPage, action: ServerAction<SaveSupporter>, error: Signal<Option<AppError>>) -> impl IntoView {
    let t = team;
    // Without JavaScript a failed change to a supporter already on the team comes back to
    // both forms (one server function): this one leaves it to that supporter's card.
    let on_team: Vec<String> =
        t.members.iter().filter(|m| m.role == TeamRole::AcademicSupporter).map(|m| m.user_id.to_string()).collect();
    let error = Signal::derive(move || {
        error.get().filter(|e| {
            !e.form_errors().and_then(|f| f.value_for("supporter_id")).is_some_and(|id| on_team.iter().any(|m| m == id))
        })
    });
    let ticked = move |role: &str| {
        error.with(|e| e.as_ref().and_then(AppError::form_errors).and_then(|f| f.value_for(&format!("role_{role}")).map(|_| true)))
            .unwrap_or(false)
    };
    let role_problem = move || error.with(|e| e.as_ref().and_then(AppError::form_errors).and_then(|f| f.message_for("practitioner_roles").map(str::to_string)));
    view! {
        <section id="supporters" aria-labelledby="supporters-heading">
            <h2 id="supporters-heading">"Academic supporters"</h2>
            <p>"An academic supporter from a training provider backs the team. Write down what they will and will not do, and when you will look at that again."</p>
            {(t.can_manage && !t.supporter_choices.is_empty()).then(|| {
                let people: Vec<(String, String)> = std::iter::once((String::new(), "Choose a person".to_string()))
                    .chain(t.supporter_choices.iter().map(|(id, name)| (id.to_string(), name.clone()))).collect();
                view! {
                    <div class="panel">
                        <h3>"Add an academic supporter"</h3>
                        <ErrorSummary error/>
                        <ActionForm action attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="project_id" value=t.project_id/>
                            <SelectField label="Who" name="supporter_id" options=people error/>
                            <fieldset class="field" id="field-practitioner_roles">
                                <legend>"Their practitioner roles (tick one or more)"</legend>
                                {move || role_problem().map(|m| view! { <p class="error-message"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                                {PRACTITIONER_ROLES.iter().map(|(value, label)| {
                                    let id = format!("field-role_{value}");
                                    let name = format!("role_{value}");
                                    let value = *value;
                                    view! {
                                        <div class="checkbox">
                                            <input type="checkbox" id=id.clone() name=name value="on" checked=move || ticked(value)/>
                                            <label for=id>{*label}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <TextArea label="The agreement on boundaries" name="agreement" rows=4 error
                                hint="What they will do, what they will not do, and how the team can reach them."/>
                            <TextField label="Review the agreement by" name="review_on" error hint="For example 31/03/2027."/>
                            <button type="submit" class="button">"Add the supporter"</button>
                        </ActionForm>
                    </div>
                }
            })}
        </section>
    }
}

#[component]
fn InvolvementSection(team: TeamPage, action: ServerAction<SetInvolvement>, error: Signal<Option<AppError>>) -> impl IntoView {
    let t = team;
    let chosen = t.involvement.clone().unwrap_or_default();
    view! {
        <section id="involvement" aria-labelledby="involvement-heading">
            <h2 id="involvement-heading">"Level of involvement"</h2>
            <p>"How much say do people with lived experience have in this project? The team agrees one level."</p>
            {if t.can_manage {
                view! {
                    <ErrorSummary error/>
                    <ActionForm action attr:class="form">
                        <input type="hidden" name="project_id" value=t.project_id/>
                        <fieldset class="field" id="field-involvement">
                            <legend>"The level the team agreed"</legend>
                            {INVOLVEMENT.iter().map(|(value, label, explained)| {
                                let id = format!("involvement-{value}");
                                let hint = format!("{id}-hint");
                                view! {
                                    <div class="radio">
                                        <input type="radio" id=id.clone() name="involvement" value=*value checked=chosen == *value aria-describedby=hint.clone()/>
                                        <label for=id>{*label}</label>
                                        <p class="hint" id=hint>{*explained}</p>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="button">"Save the level"</button>
                    </ActionForm>
                }.into_any()
            } else {
                let shown = INVOLVEMENT.iter().find(|(v, ..)| *v == chosen)
                    .map(|(_, label, explained)| format!("{label}: {explained}"))
                    .unwrap_or_else(|| "Not chosen yet.".into());
                view! { <p>{shown}</p> }.into_any()
            }}
        </section>
    }
}

pub mod advisory;
