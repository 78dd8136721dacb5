//! A transcript's coding page: numbered paragraphs with tick boxes, the code and memo, and
//! the passages coded so far (who coded each, flagged when the transcript has changed).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::projects::analysis::coding::api::*;
use crate::projects::analysis::coding::{HighlightView, TranscriptPage};
use crate::ui::{error_of, id_param, message_for, project_breadcrumbs, query_value, with_data, ErrorSummary, Notice, SelectField, TextArea};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "coded" => Some("The paragraphs are coded."),
        "removed" => Some("The coded passage is removed."),
        _ => None,
    }
}

/// The paragraph numbers ticked before a failed save, to tick them again.
fn ticked_before(error: Signal<Option<AppError>>) -> Signal<Vec<i64>> {
    Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .and_then(AppError::form_errors)
                .and_then(|f| f.value_for("paragraphs"))
                .map(|v| v.split(',').filter_map(|n| n.parse().ok()).collect())
                .unwrap_or_default()
        })
    })
}

fn highlight_row(h: &HighlightView, project_id: i64, remove: ServerAction<RemoveHighlight>) -> impl IntoView {
    let numbers = h.paragraphs.iter().map(|p| p.number.to_string()).collect::<Vec<_>>().join(", ");
    let notes: Vec<(i64, String)> = h.paragraphs.iter().filter_map(|p| p.note.clone().map(|n| (p.number, n))).collect();
    let gone_text: Vec<(i64, String)> = h.paragraphs.iter().filter(|p| p.note.is_some()).map(|p| (p.number, p.text.clone())).collect();
    let (highlight_id, what) = (h.id, format!(" {} on paragraphs {numbers}", h.code));
    view! {
        <tr>
            <th scope="row">{h.code.clone()}</th>
            <td>{numbers.clone()}
                {notes.into_iter().zip(gone_text).map(|((n, note), (_, text))| view! {
                    <p class="status-withdrawn"><strong>"Paragraph " {n} ": " {note}</strong></p>
                    <blockquote class="quote">{text}</blockquote>
                }).collect_view()}
            </td>
            <td>{h.coder.clone()} ", " {h.coded_on.clone()}</td>
            <td>{h.memo.clone()}</td>
            <td>{h.may_remove.then(|| view! {
                <ActionForm action=remove attr:class="inline-form">
                    <input type="hidden" name="project_id" value=project_id/>
                    <input type="hidden" name="highlight_id" value=highlight_id/>
                    <button type="submit" class="button button-secondary">"Remove"<span class="visually-hidden">{what.clone()}</span></button>
                </ActionForm>
            })}</td>
        </tr>
    }
}

#[component]
pub fn TranscriptCodingView() -> impl IntoView {
    let id = id_param("id");
    let fid = id_param("fid");
    let done = query_value("done");
    let code = ServerAction::<CodePassage>::new();
    let code_error = error_of(code);
    let remove = ServerAction::<RemoveHighlight>::new();
    let remove_error = error_of(remove);
    let ticked = ticked_before(code_error);
    let data = Resource::new(move || (id.get(), fid.get(), done.get()), |(id, fid, _)| analysis_transcript(id, fid));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |t: TranscriptPage| {
            let project_id = t.project_id;
            let open = t.open();
            let options: Vec<(String, String)> = std::iter::once((String::new(), "Choose a code".to_string()))
                .chain(t.codes.iter().map(|(id, name)| (id.to_string(), name.clone())))
                .collect();
            let paragraphs_message = message_for(code_error, "paragraphs");
            view! {
                <Title text=format!("Coding the transcript of {}", t.participant)/>
                {project_breadcrumbs(project_id, t.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/analysis")>"Back to the analysis"</a></p>
                <h1>"Transcript of " {t.participant.clone()}</h1>
                {t.withdrawn.then(|| view! {
                    <div class="panel status-withdrawn" role="note">
                        <h2>"Withdrawn — left out of analysis"</h2>
                        <p>"This participant has withdrawn. Their transcript cannot be coded, and passages already coded are left out of the comparison, the themes' quotes and every download."</p>
                    </div>
                })}
                {(t.deleted && !t.withdrawn).then(|| view! {
                    <div class="panel status-withdrawn" role="note">
                        <h2>"Deleted — left out of analysis"</h2>
                        <p>"This transcript has been deleted. Passages coded from it are kept here, flagged, and left out of everything else."</p>
                    </div>
                })}
                {if open {
                    view! {
                        <section aria-labelledby="code-heading">
                            <h2 id="code-heading">"Code paragraphs"</h2>
                            <p>"Tick the paragraphs that go together, choose a code at the end, and save. Add a memo if it helps the others."</p>
                            {t.codes.is_empty().then(|| view! { <p>"The codebook is empty. " <a href=format!("/projects/{project_id}/analysis#add-code")>"Add a code first"</a> "."</p> })}
                            <ErrorSummary error=code_error/>
                            <ActionForm action=code attr:class="form coding-form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=project_id/>
                                <input type="hidden" name="file_id" value=t.file_id/>
                                <fieldset class="fieldset" id="field-paragraphs" class:field-error=move || paragraphs_message.with(Option::is_some)>
                                    <legend>"The transcript, paragraph by paragraph"</legend>
                                    {move || paragraphs_message.get().map(|m| view! { <p class="error-message" role="alert"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                                    <ol class="paragraphs">
                                        {t.paragraphs.iter().enumerate().map(|(i, p)| {
                                            let box_id = format!("p-{}", p.number);
                                            let number = p.number;
                                            view! {
                                                <li class="paragraph" value=p.number>
                                                    <div class="checkbox">
                                                        <input type="checkbox" id=box_id.clone() name=format!("paragraphs[{i}]") value=p.number.to_string()
                                                            checked=move || ticked.with(|t| t.contains(&number))/>
                                                        <label for=box_id><span class="paragraph-number">"Paragraph " {p.number} ": "</span><span class="pre-line">{p.text.clone()}</span></label>
                                                    </div>
                                                    {(!p.coded.is_empty()).then(|| view! { <p class="hint">"Coded: " {p.coded.join("; ")}</p> })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ol>
                                </fieldset>
                                <SelectField label="Code for the ticked paragraphs" name="code_id" error=code_error options=options.clone()/>
                                <TextArea label="Memo (optional)" name="memo" error=code_error rows=3
                                    hint="A note for the team about why, or what to check. Never a name."/>
                                <button type="submit" class="button">"Code the ticked paragraphs"</button>
                            </ActionForm>
                        </section>
                    }.into_any()
                } else {
                    view! {
                        <section aria-labelledby="text-heading">
                            <h2 id="text-heading">"The transcript"</h2>
                            {if t.paragraphs.is_empty() {
                                view! { <p>"The text is no longer kept."</p> }.into_any()
                            } else {
                                view! { <ol class="paragraphs">{t.paragraphs.iter().map(|p| view! { <li value=p.number><span class="pre-line">{p.text.clone()}</span></li> }).collect_view()}</ol> }.into_any()
                            }}
                        </section>
                    }.into_any()
                }}
                <section aria-labelledby="coded-heading" id="coded">
                    <h2 id="coded-heading">"Coded passages"</h2>
                    <ErrorSummary error=remove_error/>
                    {if t.highlights.is_empty() {
                        view! { <p class="empty-state">"Nothing coded yet."</p> }.into_any()
                    } else {
                        view! {
                            <table class="table highlights">
                                <caption class="visually-hidden">"Passages coded in this transcript"</caption>
                                <thead><tr><th scope="col">"Code"</th><th scope="col">"Paragraphs"</th><th scope="col">"Coded by"</th><th scope="col">"Memo"</th><th scope="col">"Remove"</th></tr></thead>
                                <tbody>{t.highlights.iter().map(|h| highlight_row(h, project_id, remove)).collect_view()}</tbody>
                            </table>
                        }.into_any()
                    }}
                </section>
            }
        })}
    }
}
