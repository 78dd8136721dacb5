//! The committee's side: asking for further information, recording the decision with
//! its conditions, adding a condition; and the conditions' checklist, where a manager or
//! a condition's owner closes it with a note.

use leptos::prelude::*;

use super::RadioGroup;
use crate::error::AppError;
use crate::projects::ethics::api::*;
use crate::projects::ethics::{ApplicationPage, ApplicationState, ConditionView};
use crate::ui::{error_of, ErrorSummary, SelectField, TextArea, TextField};

fn owner_options(team: &[(String, String)]) -> Vec<(String, String)> {
    std::iter::once((String::new(), "Choose someone".to_string())).chain(team.iter().cloned()).collect()
}

#[component]
pub fn ConditionsList(app: ApplicationPage) -> impl IntoView {
    let close = ServerAction::<CloseCondition>::new();
    let error = error_of(close);
    if app.conditions.is_empty() {
        return ().into_any();
    }
    let open = app.conditions.iter().filter(|c| c.closed.is_none()).count();
    view! {
        <section aria-labelledby="conditions-heading">
            <h2 id="conditions-heading">"Conditions"</h2>
            <p>{if open == 0 {
                "Every condition is closed.".to_string()
            } else {
                format!("{open} of {} still open. Each must be closed before fieldwork.", app.conditions.len())
            }}</p>
            <ul class="plain-list">
                {app.conditions.into_iter().map(|c| view! { <ConditionItem c close error/> }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn ConditionItem(c: ConditionView, close: ServerAction<CloseCondition>, error: Signal<Option<AppError>>) -> impl IntoView {
    let id = c.id;
    // The form's answer belongs to this condition only when it was this one's form.
    let mine = Signal::derive(move || {
        error.get().filter(|e| match e.form_errors() {
            Some(f) => f.value_for("condition_id") == Some(id.to_string().as_str()),
            None => false,
        })
    });
    let message = Signal::derive(move || mine.with(|e| e.as_ref().and_then(|e| e.form_errors()).and_then(|f| f.message_for("closing_note")).map(str::to_string)));
    let typed = Signal::derive(move || mine.with(|e| e.as_ref().and_then(|e| e.form_errors()).and_then(|f| f.value_for("closing_note")).map(str::to_string)).unwrap_or_default());
    let note_id = format!("closing-note-{id}");
    let error_id = format!("closing-note-{id}-error");
    let (note_for_label, error_for_message, error_for_field) = (note_id.clone(), error_id.clone(), error_id.clone());
    let refused = Signal::derive(move || error.get().filter(|e| e.form_errors().is_none()));
    view! {
        <li class="card">
            <p><strong>{if c.closed.is_some() { "Closed: " } else { "Open: " }}</strong>{c.text.clone()}</p>
            <p class="hint">"Owner: " {c.owner.clone()}</p>
            {c.closed.clone().map(|closed| view! {
                <p>{closed} ". " <span class="pre-line">{c.closing_note.clone()}</span></p>
            })}
            {c.may_close.then(|| view! {
                <ErrorSummary error=refused/>
                <ActionForm action=close attr:class="form form-compact" attr:novalidate=true>
                    <input type="hidden" name="condition_id" value=id/>
                    <div class="field" class:field-error=move || message.with(Option::is_some)>
                        <label for=note_for_label>"How was it met? (a note for the record)"</label>
                        {move || message.get().map(|m| view! {
                            <p class="error-message" id=error_for_message.clone()><span class="visually-hidden">"Error: "</span>{m}</p>
                        })}
                        <textarea id=note_id name="closing_note" rows="2" class="textarea"
                            aria-invalid=move || message.with(Option::is_some).then_some("true")
                            aria-describedby=move || message.with(Option::is_some).then(|| error_for_field.clone())
                            prop:value=typed>{typed}</textarea>
                    </div>
                    <button type="submit" class="button button-small">"Close this condition"</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
pub fn DecisionForms(app: ApplicationPage) -> impl IntoView {
    let request = ServerAction::<RequestInformation>::new();
    let decide = ServerAction::<RecordDecision>::new();
    let add = ServerAction::<AddCondition>::new();
    let request_error = error_of(request);
    let decide_error = error_of(decide);
    let add_error = error_of(add);
    let id = app.id;
    let owners = owner_options(&app.team);
    let outcomes: Vec<(String, String)> = [ApplicationState::Approved, ApplicationState::ApprovedWithConditions, ApplicationState::NotApproved]
        .into_iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect();
    let who = if app.may.is_reviewer { "the committee" } else { "the committee's letter" };
    let request_heading = if app.may.is_reviewer {
        "Ask the team for further information"
    } else {
        "Record a request for further information from the committee"
    };
    let request_label = if app.may.is_reviewer {
        "What the team needs to tell you or change"
    } else {
        "What the committee asks for (copy it from their letter or e-mail)"
    };
    view! {
        {(app.state == ApplicationState::Submitted).then(|| {
            let owners = owners.clone();
            view! {
                <section class="panel" aria-labelledby="request-form-heading">
                    <h2 id="request-form-heading">{request_heading}</h2>
                    <p>"The team is e-mailed and answers here. The application waits until they send it back."</p>
                    <ErrorSummary error=request_error/>
                    <ActionForm action=request attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="application_id" value=id/>
                        <TextArea label=request_label name="request" rows=5 error=request_error/>
                        <button type="submit" class="button">"Send the request"</button>
                    </ActionForm>
                </section>
                <section class="panel" aria-labelledby="decision-form-heading">
                    <h2 id="decision-form-heading">"Record the decision"</h2>
                    <p>{format!("Copy the decision from {who}. The team is told by e-mail, and each condition's owner too.")}</p>
                    <ErrorSummary error=decide_error/>
                    <ActionForm action=decide attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="application_id" value=id/>
                        <RadioGroup legend="The decision" name="outcome" options=outcomes.clone() error=decide_error/>
                        <TextField label="Committee reference" name="reference" error=decide_error
                            hint="Needed for an approval. For example 26/EE/0123."/>
                        <TextField label="Date of approval" name="approved_on" input_type="date" error=decide_error
                            hint="Needed for an approval. For example 14/03/2027."/>
                        <TextField label="Approval ends on (optional)" name="expires_on" input_type="date" error=decide_error/>
                        <TextArea label="Decision letter (optional)" name="letter" rows=6 error=decide_error
                            hint="Paste the text of the letter. You can use Markdown."/>
                        <fieldset class="fieldset">
                            <legend>"Conditions (for an approval with conditions)"</legend>
                            <p class="hint">"Each condition needs an owner on the team. You can add more conditions afterwards."</p>
                            <TextArea label="Condition 1" name="condition_1" rows=2 error=decide_error/>
                            <SelectField label="Owner of condition 1" name="owner_1" options=owners.clone() error=decide_error/>
                            <TextArea label="Condition 2" name="condition_2" rows=2 error=decide_error/>
                            <SelectField label="Owner of condition 2" name="owner_2" options=owners.clone() error=decide_error/>
                            <TextArea label="Condition 3" name="condition_3" rows=2 error=decide_error/>
                            <SelectField label="Owner of condition 3" name="owner_3" options=owners error=decide_error/>
                        </fieldset>
                        <button type="submit" class="button">"Record the decision"</button>
                    </ActionForm>
                </section>
            }
        })}
        {(app.state == ApplicationState::ApprovedWithConditions).then(|| view! {
            <section class="panel" aria-labelledby="add-condition-heading">
                <h2 id="add-condition-heading">"Add a condition"</h2>
                <ErrorSummary error=add_error/>
                <ActionForm action=add attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="application_id" value=id/>
                    <TextArea label="The condition" name="condition_1" rows=2 error=add_error/>
                    <SelectField label="Its owner" name="owner_1" options=owners error=add_error/>
                    <button type="submit" class="button">"Add the condition"</button>
                </ActionForm>
            </section>
        })}
    }
}
