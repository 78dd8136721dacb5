//! One feedback event's page: correct it (the same form as recording one, filled in with
//! what was saved) or remove it after ticking a box. For the project's researchers only.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::findings::api::*;
use crate::projects::findings::pages::theme_comments;
use crate::projects::findings::{EventPage, GATE_LINE};
use crate::ui::{error_of, id_param, message_for, project_breadcrumbs, with_data, ErrorSummary, TextArea, TextField};

#[component]
pub fn FeedbackEventView() -> impl IntoView {
    let id = id_param("id");
    let event_id = id_param("eid");
    let change = ServerAction::<ChangeFeedbackEvent>::new();
    let change_error = error_of(change);
    let remove = ServerAction::<RemoveFeedbackEvent>::new();
    let remove_error = error_of(remove);
    let confirm_message = message_for(remove_error, "confirm_remove");
    let data = Resource::new(move || (id.get(), event_id.get()), |(id, eid)| feedback_event(id, eid));
    view! {
        {with_data(data, move |e: EventPage| {
            let project_id = e.project_id;
            let event_id = e.id;
            view! {
                <Title text=format!("Feedback event on {}: {}", e.held_on, e.project_title)/>
                {project_breadcrumbs(project_id, e.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/findings#events")>"Back to checking findings with participants"</a></p>
                <h1>"Feedback event on " {e.held_on.clone()}</h1>
                <p class="lead">"Correct what was recorded, or remove the event if it was recorded by mistake. Recorded by " {e.recorded_by.clone()} "."</p>
                <section aria-labelledby="change-event-heading">
                    <h2 id="change-event-heading">"Correct the feedback event"</h2>
                    <ErrorSummary error=change_error/>
                    <ActionForm action=change attr:class="form" attr:novalidate=true attr:aria-labelledby="change-event-heading">
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="event_id" value=event_id/>
                        <TextField label="Date of the event" name="held_on" error=change_error value=e.held_on_typed.clone() hint="For example 14/03/2027"/>
                        <TextField label="How many people came" name="attendance" error=change_error value=e.attendance.to_string() hint="A number, for example 12"/>
                        <TextArea label="Note (optional)" name="note" error=change_error rows=3 value=e.note.clone()/>
                        {theme_comments(e.comments.clone(), change_error)}
                        <button type="submit" class="button">"Save the changes"</button>
                    </ActionForm>
                </section>
                <section aria-labelledby="remove-event-heading">
                    <h2 id="remove-event-heading">"Remove the feedback event"</h2>
                    <p>"What people said at it is removed too. The removal is recorded in the audit trail."</p>
                    {e.only_one_for_gate.then(|| view! {
                        <p><strong>"This is the only feedback event, and no reason for not having one is recorded. If you remove it, this line of the gate from analysis to reporting is no longer met: "</strong> {GATE_LINE} "."</p>
                    })}
                    <ErrorSummary error=remove_error/>
                    <ActionForm action=remove attr:class="form" attr:novalidate=true attr:aria-labelledby="remove-event-heading">
                        <input type="hidden" name="project_id" value=project_id/>
                        <input type="hidden" name="event_id" value=event_id/>
                        <div class="field" class:field-error=move || confirm_message.with(Option::is_some)>
                            {move || confirm_message.get().map(|m| view! { <p class="error-message" id="field-confirm_remove-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                            <div class="checkbox">
                                <input type="checkbox" id="field-confirm_remove" name="confirm_remove" value="on"
                                    aria-describedby=move || confirm_message.with(Option::is_some).then_some("field-confirm_remove-error")/>
                                <label for="field-confirm_remove">"Yes, remove this feedback event"</label>
                            </div>
                        </div>
                        <button type="submit" class="button button-danger">"Remove the feedback event"</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}
