//! The project page's stage history (a timeline of gates passed), milestone progress, and
//! the current gate: its checklist, who must sign, and the forms to sign and to pass it.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::projects::gates::api::{project_gates, PassGate, SignGate};
use crate::projects::gates::{CurrentGate, GateOverview, PassView};
use crate::projects::{stage_label, Stage};
use crate::ui::{error_of, with_data, ErrorSummary, Notice, TextArea};

fn stage_name(value: &str) -> &'static str {
    Stage::parse(value).map(Stage::name).unwrap_or("Unknown stage")
}

/// Stage history, milestones and the current gate, for everyone who may see the project.
#[component]
pub fn GateSection(project_id: i64) -> impl IntoView {
    let query = use_query_map();
    let done = Memo::new(move |_| query.with(|q| q.get("done")));
    let sign = ServerAction::<SignGate>::new();
    let pass = ServerAction::<PassGate>::new();
    let data = Resource::new(move || done.get(), move |_| project_gates(project_id));
    let sign_error = error_of(sign);
    let pass_error = error_of(pass);
    view! {
        {move || done.get().and_then(|d| match d.as_str() {
            "signed" => Some("Your signature is recorded."),
            "passed" => Some("The gate is passed. The team and the commissioner's contact have been told by e-mail."),
            _ => None,
        }).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |o: GateOverview| view! {
            <Timeline overview=o.clone()/>
            {o.gate.clone().map(|g| view! { <GateChecklist project_id gate=g sign pass sign_error pass_error/> })}
            <Milestones overview=o/>
        })}
    }
}

#[component]
fn Timeline(overview: GateOverview) -> impl IntoView {
    view! {
        <section id="timeline" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">"Stage history"</h2>
            <p>"The project is at: " <strong>{stage_label(&overview.stage)}</strong></p>
            {if overview.timeline.is_empty() {
                view! { <p>"No gate has been passed yet. The project started at the award."</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {overview.timeline.into_iter().map(|p| view! { <TimelineItem pass=p/> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn TimelineItem(pass: PassView) -> impl IntoView {
    view! {
        <li class="timeline-item">
            <p><strong>{stage_name(&pass.from)} " to " {stage_name(&pass.to)}</strong> ", " {pass.passed_on.clone()}
               ". Passed by " {pass.passed_by.clone()} "."</p>
            {(!pass.signatures.is_empty()).then(|| view! {
                <p class="hint">"Signed by: "
                    {pass.signatures.iter().map(|s| format!("{} ({}, {})", s.name, s.signed_as.label(), s.signed_on)).collect::<Vec<_>>().join("; ")}
                </p>
            })}
            {(!pass.note.is_empty()).then(|| view! { <p class="pre-line">{pass.note.clone()}</p> })}
        </li>
    }
}

#[component]
fn GateChecklist(
    project_id: i64,
    gate: CurrentGate,
    sign: ServerAction<SignGate>,
    pass: ServerAction<PassGate>,
    sign_error: Signal<Option<crate::error::AppError>>,
    pass_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let heading = format!("Next step: from {} to {}", stage_name(&gate.from).to_lowercase(), stage_name(&gate.to).to_lowercase());
    let from = gate.from.clone();
    let from_for_pass = gate.from.clone();
    view! {
        <section id="gate" class="panel" aria-labelledby="gate-heading">
            <h2 id="gate-heading">{heading}</h2>
            <p>"The project moves on when everything below is done and everyone named has signed."</p>
            <h3>"Checklist"</h3>
            <ul class="checklist">
                {gate.criteria.into_iter().map(|c| view! {
                    <li class=if c.met { "check-met" } else { "check-unmet" }>
                        <span class="check-mark" aria-hidden="true">{if c.met { "✓" } else { "✗" }}</span>
                        " " {c.text} " "
                        <span class="visually-hidden">{if c.met { "(done)" } else { "(not done yet)" }}</span>
                    </li>
                }).collect_view()}
            </ul>
            <h3>"Signatures"</h3>
            <ul>
                {gate.signers.into_iter().map(|(signer, signature)| view! {
                    <li>{signer.label()} ": "
                        {match signature {
                            Some(s) if s.stands => format!("signed by {} on {}", s.name, s.signed_on),
                            Some(s) => format!(
                                "signed by {} on {}, but the team, the plan or the checklist has changed since, so it needs signing again",
                                s.name, s.signed_on
                            ),
                            None => "not signed yet".to_string(),
                        }}
                    </li>
                }).collect_view()}
            </ul>
            <ErrorSummary error=sign_error/>
            {gate.can_sign_as.into_iter().map(|signer| {
                let from = from.clone();
                view! {
                    <ActionForm action=sign attr:class="inline-form">
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="from_stage" value=from/>
                        <input type="hidden" name="signed_as" value=signer.as_str()/>
                        <button type="submit" class="button button-secondary">{format!("Sign as the {}", signer.label().to_lowercase())}</button>
                    </ActionForm>
                }
            }).collect_view()}
            {gate.can_pass.then(|| view! {
                <h3>"Pass this gate"</h3>
                {(!gate.ready).then(|| view! { <p class="hint">"Some things are still missing. If you try now, you will be told what."</p> })}
                <ErrorSummary error=pass_error/>
                <ActionForm action=pass attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="project_id" value=project_id/>
                    <input type="hidden" name="from_stage" value=from_for_pass.clone()/>
                    <TextArea label="A note for the timeline (optional)" name="note" rows=3 error=pass_error/>
                    <button type="submit" class="button">"Pass the gate"</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Milestones(overview: GateOverview) -> impl IntoView {
    let id = overview.project_id;
    view! {
        <section id="milestones" aria-labelledby="milestones-heading">
            <h2 id="milestones-heading">"Milestones"</h2>
            {if overview.milestones.is_empty() {
                view! { <p>"No milestones yet."</p> }.into_any()
            } else {
                view! {
                    <p>{overview.milestones_done} " of " {overview.milestones_total} " milestones complete."</p>
                    <ul>
                        {overview.milestones.into_iter().map(|m| view! {
                            <li>{m.due_on.clone()} ": " {m.title.clone()} " (" {stage_name(&m.stage)} ")"
                                {m.done.then(|| view! { " " <strong>"Complete"</strong> })}</li>
                        }).collect_view()}
                    </ul>
                    <p><a href=format!("/projects/{id}/calendar.ics") download="">"Add the milestones and meetings to your calendar (.ics file)"</a></p>
                }.into_any()
            }}
        </section>
    }
}
