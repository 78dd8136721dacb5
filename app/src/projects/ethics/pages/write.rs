//! The team's side: writing the draft and its documents, sending it, answering a request
//! for further information, a small fix to a document, an amendment, inviting an outside
//! reviewer, and withdrawing.

use leptos::prelude::*;

use crate::error::AppError;
use crate::projects::ethics::api::*;
use crate::projects::ethics::flow::{allows_small_fix, version_label};
use crate::projects::ethics::{ApplicationPage, ApplicationState, DocumentKind};
use crate::ui::{error_of, ErrorSummary, SelectField, TextArea, TextField};

const DOCUMENT_HINT: &str = "Write in plain words. You can use Markdown: a line starting with ## is a heading, - starts a list item.";

/// The four document boxes, each filled with the newest version.
fn document_fields(app: &ApplicationPage, error: Signal<Option<AppError>>) -> impl IntoView {
    DocumentKind::ALL
        .into_iter()
        .map(|kind| {
            let text = app.documents.iter().find(|d| d.kind == kind).map(|d| d.body.clone()).unwrap_or_default();
            view! { <TextArea label=kind.label() name=kind.as_str() rows=10 value=text error hint=DOCUMENT_HINT/> }
        })
        .collect_view()
}

#[component]
pub fn ManagerForms(app: ApplicationPage) -> impl IntoView {
    let save = ServerAction::<SaveDraft>::new();
    let submit = ServerAction::<SubmitApplication>::new();
    let answer = ServerAction::<AnswerRequest>::new();
    let amend = ServerAction::<AmendApplication>::new();
    let fix = ServerAction::<FixDocument>::new();
    let invite = ServerAction::<InviteReviewer>::new();
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let (save_error, submit_error, answer_error, amend_error) = (error_of(save), error_of(submit), error_of(answer), error_of(amend));
    let (fix_error, invite_error, withdraw_error) = (error_of(fix), error_of(invite), error_of(withdraw));
    let id = app.id;
    let state = app.state;
    let kinds: Vec<(String, String)> = std::iter::once((String::new(), "Choose a document".to_string()))
        .chain(DocumentKind::ALL.into_iter().map(|k| (k.as_str().to_string(), k.label().to_string())))
        .collect();
    let next_version = version_label(app.version_no + 1);
    let (draft_fields, answer_fields, amend_fields) =
        (document_fields(&app, save_error), document_fields(&app, answer_error), document_fields(&app, amend_error));
    let (title, summary) = (app.title.clone(), app.summary.clone());
    view! {
        {(state == ApplicationState::Draft).then(|| view! {
            <section class="panel" aria-labelledby="draft-heading">
                <h2 id="draft-heading">"Write the application"</h2>
                <p>"Save as often as you like. When all four documents are written, send it for review."</p>
                <ErrorSummary error=save_error/>
                <ActionForm action=save attr:class="form form-wide" attr:novalidate=true>
                    <input type="hidden" name="application_id" value=id/>
                    <TextField label="Title of the application" name="title" value=title error=save_error/>
                    <TextArea label="Short summary (optional)" name="summary" rows=3 value=summary error=save_error/>
                    {draft_fields}
                    <button type="submit" class="button">"Save the draft"</button>
                </ActionForm>
                <h3>"Send for review"</h3>
                <ErrorSummary error=submit_error/>
                <ActionForm action=submit attr:class="inline-form">
                    <input type="hidden" name="application_id" value=id/>
                    <button type="submit" class="button">"Send the application for review"</button>
                </ActionForm>
            </section>
        })}
        {(state == ApplicationState::InformationRequested).then(|| view! {
            <section class="panel" aria-labelledby="answer-heading">
                <h2 id="answer-heading">"Answer the request and send it back"</h2>
                <p>"Say what you have done. Change any document below: each change is kept as a new version."</p>
                <ErrorSummary error=answer_error/>
                <ActionForm action=answer attr:class="form form-wide" attr:novalidate=true>
                    <input type="hidden" name="application_id" value=id/>
                    <TextArea label="Your answer to the committee" name="answer" rows=5 error=answer_error/>
                    {answer_fields}
                    <button type="submit" class="button">"Send the answer"</button>
                </ActionForm>
            </section>
        })}
        {state.is_approved().then(|| view! {
            <details class="panel" open=move || amend_error.with(Option::is_some)>
                <summary>"Make an amendment (" {next_version.clone()} ")"</summary>
                <p>"An amendment goes back to the committee as a new version. Fieldwork waits until it is approved again."</p>
                <ErrorSummary error=amend_error/>
                <ActionForm action=amend attr:class="form form-wide" attr:novalidate=true>
                    <input type="hidden" name="application_id" value=id/>
                    <TextArea label="What the amendment changes, and why" name="amendment" rows=3 error=amend_error/>
                    {amend_fields}
                    <button type="submit" class="button">"Send the amendment"</button>
                </ActionForm>
            </details>
        })}
        {allows_small_fix(state).then(|| view! {
            <details class="panel" open=move || fix_error.with(Option::is_some)>
                <summary>"Make a small fix to a document"</summary>
                <p>"For a small correction, such as a phone number or a typing mistake. It is kept as a new version of that document with your note. The application stays as it is."</p>
                <ErrorSummary error=fix_error/>
                <ActionForm action=fix attr:class="form form-wide" attr:novalidate=true>
                    <input type="hidden" name="application_id" value=id/>
                    <SelectField label="Which document" name="fix_kind" options=kinds error=fix_error/>
                    <TextArea label="The whole corrected document" name="fix_body" rows=10 error=fix_error
                        hint="Copy the document from above, then correct it."/>
                    <TextField label="What you changed" name="fix_note" error=fix_error
                        hint="For example: corrected the helpline number."/>
                    <button type="submit" class="button">"Save the fix"</button>
                </ActionForm>
            </details>
        })}
        {(!matches!(state, ApplicationState::Withdrawn | ApplicationState::NotApproved)).then(|| view! {
            <details class="panel" open=move || invite_error.with(Option::is_some)>
                <summary>"Invite an outside reviewer"</summary>
                <p>"For example the committee's secretary. They get an e-mail with a link, and see this application only: its documents and history, not the rest of the project."</p>
                <ErrorSummary error=invite_error/>
                <ActionForm action=invite attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="application_id" value=id/>
                    <TextField label="Their e-mail address" name="reviewer_email" input_type="email" autocomplete="off" error=invite_error/>
                    <button type="submit" class="button">"Send the invitation"</button>
                </ActionForm>
            </details>
        })}
        {matches!(state, ApplicationState::Draft | ApplicationState::Submitted | ApplicationState::InformationRequested).then(|| view! {
            <section class="danger-zone" aria-labelledby="withdraw-heading">
                <h2 id="withdraw-heading">"Withdraw the application"</h2>
                <p>"You can withdraw it any time before a decision. This cannot be undone, but you can start a new application for this route."</p>
                <ErrorSummary error=withdraw_error/>
                <ActionForm action=withdraw attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="application_id" value=id/>
                    <TextArea label="Why (optional)" name="withdraw_reason" rows=2 error=withdraw_error/>
                    <button type="submit" class="button button-warning">"Withdraw the application"</button>
                </ActionForm>
            </section>
        })}
    }
}
