//! The "Attached files" section of a response page, with the upload form for a draft.

use leptos::prelude::*;

use crate::commissioning::attachments::api::RemoveAttachment;
use crate::commissioning::{upload_problem_text, AttachmentView};

#[component]
pub fn Attachments(
    response_id: i64,
    attachments: Vec<AttachmentView>,
    editable: bool,
    remove: ServerAction<RemoveAttachment>,
    attach_error: Memo<Option<String>>,
) -> impl IntoView {
    (editable || !attachments.is_empty()).then(|| view! {
        <section id="attachments" aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">"Attached files"</h2>
            {if attachments.is_empty() {
                view! { <p>"No files attached."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {attachments.into_iter().map(|a| {
                            let name = a.file_name.clone();
                            view! {
                                <li>
                                    <a href=format!("/brief-files/{}", a.id) download>{a.file_name.clone()}</a> " (" {a.size.clone()} ")"
                                    {editable.then(|| view! {
                                        <ActionForm action=remove attr:class="inline-form">
                                            <input type="hidden" name="attachment_id" value=a.id/>
                                            <button type="submit" class="button button-small button-secondary">
                                                "Remove" <span class="visually-hidden">" " {name}</span>
                                            </button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {editable.then(|| view! {
                <form method="post" action=format!("/brief-files/responses/{response_id}") enctype="multipart/form-data" class="form">
                    <div class="field" class:field-error=move || attach_error.get().is_some()>
                        <label for="field-file">"Attach a file"</label>
                        <p class="hint" id="field-file-hint">"PDF, Word, OpenDocument, Excel, text, PNG or JPEG, up to 5 MB."</p>
                        {move || attach_error.get().map(|code| view! {
                            <p class="error-message" id="field-file-error" role="alert"><span class="visually-hidden">"Error: "</span>{upload_problem_text(&code)}</p>
                        })}
                        <input type="file" id="field-file" name="file" class="input"
                            accept=".pdf,.docx,.odt,.xlsx,.txt,.png,.jpg,.jpeg"
                            aria-describedby=move || if attach_error.get().is_some() { "field-file-hint field-file-error" } else { "field-file-hint" }/>
                    </div>
                    <button type="submit" class="button button-secondary">"Attach file"</button>
                </form>
            })}
        </section>
    })
}
