//! Pages for recordings and transcripts: the project's data page (the list, the upload
//! form and the paste form; counts only for those who are not researchers), one file's page
//! (a transcript's text, a recording's download, the date to delete by, deleting), and the
//! short list on a participant's page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::projects::consent::pages::{breadcrumbs, id_param, message_for, query_value};
use crate::projects::fieldwork::files::api::*;
use crate::projects::fieldwork::files::*;
use crate::ui::pagination::{showing_line, Pagination};
use crate::ui::{error_of, with_data, ErrorSummary, Notice, SelectField, TextArea, TextField};

fn clearance_panel(missing: &[String]) -> impl IntoView {
    (!missing.is_empty()).then(|| view! {
        <div class="panel clearance" role="note">
            <h2>"Not yet: ethics approval comes first"</h2>
            <p>"No recording or transcript can be kept until ethics approval is complete. Still needed:"</p>
            <ul>{missing.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
        </div>
    })
}

fn counts_text(c: FileCounts) -> String {
    let plural = |n: i64, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    format!("{} and {}", plural(c.recordings, "recording", "recordings"), plural(c.transcripts, "transcript", "transcripts"))
}

/// The status of a file in the list: withdrawn, past its date, deleted.
fn status_cell(f: &FileSummary) -> impl IntoView {
    let mut parts: Vec<AnyView> = Vec::new();
    if f.withdrawn {
        parts.push(view! { <strong class="status-withdrawn">"Withdrawn — leave out of analysis"</strong> }.into_any());
    }
    if f.overdue {
        parts.push(view! { <strong class="status-overdue">"Past its date: delete it"</strong> }.into_any());
    }
    if let Some(on) = f.deleted_on.clone() {
        parts.push(view! { <span>"Deleted on " {on}</span> }.into_any());
    }
    if parts.is_empty() {
        parts.push(view! { <span>"Kept"</span> }.into_any());
    }
    parts.into_iter().map(|p| view! { <span class="status-part">{p}</span> }).collect_view()
}

/// A select for the upload form, with its problem beside it.
fn upload_select(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    chosen: Option<String>,
    problem: Option<UploadProblem>,
) -> impl IntoView {
    let message = problem.filter(|p| p.field() == name);
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field-error=message.is_some()>
            <label for=id>{label}</label>
            {message.map(|p| view! { <p class="error-message" id=error_id.clone() role="alert"><span class="visually-hidden">"Error: "</span>{p.text()}</p> })}
            <select id=id name=name class="select" aria-invalid=message.map(|_| "true") aria-describedby=message.map(|_| error_id.clone())>
                {options.into_iter().map(|(value, text)| {
                    let selected = chosen.as_deref() == Some(value.as_str());
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn DataView() -> impl IntoView {
    let id = id_param("id");
    let query = use_query_map();
    let page = crate::ui::pagination::page_asked();
    let only = Memo::new(move |_| query.with(|q| q.get("participant").and_then(|v| v.parse::<i64>().ok())));
    let problem = Memo::new(move |_| query.with(|q| q.get("upload_error").and_then(|c| UploadProblem::parse(&c))));
    let paste = ServerAction::<PasteTranscript>::new();
    let paste_error = error_of(paste);
    let data = Resource::new(move || (id.get(), page.get(), only.get()), |(id, page, only)| project_data(id, page, only));
    view! {
        {with_data(data, move |d: DataPage| {
            let project_id = d.project_id;
            let path = format!("/projects/{project_id}/data");
            let filters = vec![("participant", d.only_participant.as_ref().map(|(id, _)| id.to_string()).unwrap_or_default())];
            let kept = |name: &'static str| query.with_untracked(|q| q.get(name));
            let problem = problem.get_untracked();
            let chosen = kept("chosen").or_else(|| d.only_participant.as_ref().map(|(id, _)| id.to_string()));
            let kind_kept = kept("kind");
            let retain = kept("retain").or_else(|| d.plan_retain_until.clone()).unwrap_or_default();
            let participants: Vec<(String, String)> = std::iter::once((String::new(), "Choose a participant".to_string()))
                .chain(d.participants.iter().map(|p| (p.id.to_string(), if p.withdrawn { format!("{} (withdrawn)", p.code) } else { p.code.clone() })))
                .collect();
            let sessions: Vec<(String, String)> = std::iter::once((String::new(), "Not linked to a session".to_string()))
                .chain(d.sessions.iter().map(|(id, label)| (id.to_string(), label.clone())))
                .collect();
            let retain_hint = if d.plan_retain_until.is_some() {
                "The data management plan's date is filled in. Change it only if this file must go sooner or later."
            } else {
                "The data management plan has no date yet, so enter one, for example 14/03/2028."
            };
            view! {
                <Title text=format!("Recordings and transcripts: {}", d.project_title)/>
                {breadcrumbs(project_id, d.project_title.clone())}
                <h1>"Recordings and transcripts" <span class="subtitle">{d.project_title.clone()}</span></h1>
                <p class="lead">"Restricted research data. Only the project's researchers can open, download or change these files. Each is deleted by its date."</p>
                <p>"This project holds " {counts_text(d.counts)} "."</p>
                {if !d.is_researcher {
                    view! { <p>"Only the project's researchers can see the list and open the files."</p> }.into_any()
                } else {
                    view! {
                        {d.only_participant.clone().map(|(_, code)| view! {
                            <p>"Showing the files of " <strong>{code}</strong> ". " <a href=path.clone()>"Show every participant's files"</a></p>
                        })}
                        {if d.list.total == 0 {
                            view! { <p class="empty-state">"No recordings or transcripts yet."</p> }.into_any()
                        } else {
                            let pages = d.list.pages();
                            view! {
                                {showing_line(&d.list, "files")}
                                <table class="table data-files">
                                    <caption class="visually-hidden">"Recordings and transcripts"</caption>
                                    <thead><tr>
                                        <th scope="col">"Participant"</th><th scope="col">"What"</th><th scope="col">"Session"</th>
                                        <th scope="col">"Size"</th><th scope="col">"Delete by"</th><th scope="col">"Status"</th>
                                    </tr></thead>
                                    <tbody>
                                        {d.list.items.iter().map(|f| view! {
                                            <tr class:withdrawn=f.withdrawn class:overdue=f.overdue>
                                                <th scope="row">{f.code.clone()}</th>
                                                <td><a href=format!("/projects/{project_id}/data/{}", f.id)>{f.kind.label()}
                                                    <span class="visually-hidden">" of " {f.code.clone()} ", uploaded " {f.uploaded_on.clone()}</span></a></td>
                                                <td>{f.session.clone().unwrap_or_else(|| "Not linked".into())}</td>
                                                <td>{f.size.clone()}</td>
                                                <td>{f.retain_until.clone()}</td>
                                                <td>{status_cell(f)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <Pagination page=d.list.page pages path=path.clone() filters/>
                            }.into_any()
                        }}
                        {if !d.clearance_missing.is_empty() {
                            clearance_panel(&d.clearance_missing).into_any()
                        } else {
                            view! {
                                <section id="upload" aria-labelledby="upload-heading">
                                    <h2 id="upload-heading">"Upload a recording or a transcript"</h2>
                                    <p>"Recordings: MP3, WAV, M4A, OGG, FLAC or WebM, up to 200 MB. Transcripts: a plain text file (.txt), up to 2 MB. Do not put anyone's name in the file name."</p>
                                    <form method="post" action=format!("/project-data/{project_id}/upload") enctype="multipart/form-data" class="form">
                                        <fieldset class="fieldset" class:field-error=problem.is_some_and(|p| p.field() == "kind")>
                                            <legend>"What are you uploading?"</legend>
                                            {problem.filter(|p| p.field() == "kind").map(|p| view! { <p class="error-message" role="alert"><span class="visually-hidden">"Error: "</span>{p.text()}</p> })}
                                            {FileKind::ALL.into_iter().map(|k| {
                                                let radio_id = format!("upload-kind-{}", k.as_str());
                                                view! {
                                                    <div class="radio">
                                                        <input type="radio" id=radio_id.clone() name="kind" value=k.as_str() checked={kind_kept.as_deref() == Some(k.as_str())}/>
                                                        <label for=radio_id>{match k { FileKind::Recording => "A recording (audio)", FileKind::Transcript => "A transcript (text file)" }}</label>
                                                    </div>
                                                }
                                            }).collect_view()}
                                        </fieldset>
                                        {upload_select("upload-participant", "participant_id", "Participant the file belongs to", participants.clone(), chosen.clone(), problem)}
                                        {upload_select("upload-session", "session_id", "Session the file came from (optional)", sessions.clone(), kept("session"), problem)}
                                        <div class="field" class:field-error=problem.is_some_and(|p| p.field() == "retain_until")>
                                            <label for="upload-retain">"Delete the file by"</label>
                                            <p class="hint" id="upload-retain-hint">{retain_hint}</p>
                                            {problem.filter(|p| p.field() == "retain_until").map(|p| view! { <p class="error-message" id="upload-retain-error" role="alert"><span class="visually-hidden">"Error: "</span>{p.text()}</p> })}
                                            <input type="date" id="upload-retain" name="retain_until" class="input" value=retain.clone()
                                                aria-describedby={if problem.is_some_and(|p| p.field() == "retain_until") { "upload-retain-hint upload-retain-error" } else { "upload-retain-hint" }}/>
                                        </div>
                                        <div class="field" class:field-error=problem.is_some_and(|p| p.field() == "file")>
                                            <label for="upload-file">"File"</label>
                                            <p class="hint" id="upload-file-hint">"Recordings up to 200 MB; transcripts up to 2 MB."</p>
                                            {problem.filter(|p| p.field() == "file").map(|p| view! { <p class="error-message" id="upload-file-error" role="alert"><span class="visually-hidden">"Error: "</span>{p.text()}</p> })}
                                            <input type="file" id="upload-file" name="file" class="input"
                                                accept=".mp3,.wav,.m4a,.mp4,.ogg,.oga,.opus,.flac,.webm,.txt,audio/*,text/plain"
                                                aria-describedby={if problem.is_some_and(|p| p.field() == "file") { "upload-file-hint upload-file-error" } else { "upload-file-hint" }}/>
                                        </div>
                                        <button type="submit" class="button">"Upload"</button>
                                    </form>
                                </section>
                                <section id="paste" aria-labelledby="paste-heading">
                                    <h2 id="paste-heading">"Paste or type a transcript"</h2>
                                    <p>"Use codes such as P-01 for people, never their names. Longer transcripts (over 300,000 characters) are uploaded as a text file instead."</p>
                                    <ErrorSummary error=paste_error/>
                                    <ActionForm action=paste attr:class="form" attr:novalidate=true>
                                        <input type="hidden" name="project_id" value=project_id/>
                                        <SelectField label="Participant the transcript belongs to" name="participant_id" error=paste_error options=participants.clone()
                                            value=chosen.clone().unwrap_or_default()/>
                                        <SelectField label="Session the transcript came from (optional)" name="session_id" error=paste_error options=sessions.clone()/>
                                        <TextField label="Delete the transcript by" name="retain_until" error=paste_error input_type="date"
                                            value=d.plan_retain_until.clone().unwrap_or_default() hint=retain_hint/>
                                        <TextArea label="Transcript" name="transcript" error=paste_error rows=14
                                            hint="Use participants' codes, never their names."/>
                                        <button type="submit" class="button">"Save transcript"</button>
                                    </ActionForm>
                                </section>
                            }.into_any()
                        }}
                    }.into_any()
                }}
            }
        })}
    }
}

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "uploaded" => Some("The file is uploaded and kept as restricted data."),
        "pasted" => Some("The transcript is saved and kept as restricted data."),
        "retention" => Some("The date to delete it by is changed."),
        "deleted" => Some("The file is deleted. Only the record that it existed is kept."),
        "already-deleted" => Some("This file had already been deleted. Nothing has changed."),
        _ => None,
    }
}

#[component]
pub fn DataFileView() -> impl IntoView {
    let id = id_param("id");
    let fid = id_param("fid");
    let done = query_value("done");
    let retention = ServerAction::<ChangeRetention>::new();
    let retention_error = error_of(retention);
    let delete = ServerAction::<DeleteFile>::new();
    let delete_error = error_of(delete);
    let data = Resource::new(move || (id.get(), fid.get(), done.get()), |(id, fid, _)| data_file(id, fid));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |f: FilePage| {
            let what = f.kind.label();
            let thing = match f.kind { FileKind::Recording => "recording", FileKind::Transcript => "transcript" };
            let project_id = f.project_id;
            view! {
                <Title text=format!("{what} of {}", f.code)/>
                {breadcrumbs(project_id, f.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/data")>"All recordings and transcripts"</a></p>
                <h1>{what} " of " {f.code.clone()}</h1>
                {f.withdrawn.then(|| view! {
                    <div class="panel status-withdrawn" role="note">
                        <h2>"Withdrawn — leave out of analysis"</h2>
                        <p>"This participant has withdrawn. Leave this " {thing} " out of analysis and reports, as their consent says."</p>
                    </div>
                })}
                {f.overdue.then(|| view! {
                    <div class="panel status-overdue" role="note">
                        <h2>"Past its date to delete"</h2>
                        <p>"This " {thing} " should have been deleted by " {f.retain_until_text.clone()} ". Delete it below, or change the date if it must be kept longer."</p>
                    </div>
                })}
                <dl class="facts">
                    <dt>"Participant"</dt><dd><a href=format!("/projects/{project_id}/participants/{}", f.participant_id)>{f.code.clone()}</a></dd>
                    <dt>"Session"</dt><dd>{f.session.clone().unwrap_or_else(|| "Not linked to a session".into())}</dd>
                    <dt>"Delete by"</dt><dd>{f.retain_until_text.clone()}</dd>
                    <dt>"Uploaded"</dt><dd>{f.uploaded_on.clone()} " by " {f.uploaded_by.clone()} {f.pasted.then_some(" (pasted in)")}</dd>
                    <dt>"File"</dt><dd>{f.file_name.clone()} " (" {f.size.clone()} ")"</dd>
                </dl>
                {match f.deleted.clone() {
                    Some((at, by)) => view! {
                        <div class="panel" role="note">
                            <h2>"Deleted"</h2>
                            <p>"Deleted on " {at} " by " {by} ". The " {thing} " itself is gone; this record that it existed is kept."</p>
                        </div>
                    }.into_any(),
                    None => view! {
                        <p><a class="button button-secondary" href=format!("/project-data/files/{}", f.id) download>"Download the " {thing}</a></p>
                        {f.text.clone().map(|text| view! {
                            <section aria-labelledby="text-heading">
                                <h2 id="text-heading">"The transcript"</h2>
                                <div class="transcript pre-line">{text}</div>
                            </section>
                        })}
                        <section aria-labelledby="retention-heading" id="retention">
                            <h2 id="retention-heading">"Date to delete it by"</h2>
                            <ErrorSummary error=retention_error/>
                            <ActionForm action=retention attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=project_id/>
                                <input type="hidden" name="file_id" value=f.id/>
                                <TextField label="Delete it by" name="retain_until" error=retention_error input_type="date" value=f.retain_until.clone()
                                    hint="Today or later. The data management plan says how long data is kept."/>
                                <button type="submit" class="button button-secondary">"Change the date"</button>
                            </ActionForm>
                        </section>
                        <section aria-labelledby="delete-heading" id="delete">
                            <h2 id="delete-heading">"Delete it"</h2>
                            <p>"Deleting removes the " {thing} " for good. A record that it existed, who deleted it and when, is kept."</p>
                            <ErrorSummary error=delete_error/>
                            <ActionForm action=delete attr:class="form" attr:novalidate=true>
                                <input type="hidden" name="project_id" value=project_id/>
                                <input type="hidden" name="file_id" value=f.id/>
                                <div class="field" class:field-error=move || message_for(delete_error, "confirm_delete").with(Option::is_some)>
                                    {move || message_for(delete_error, "confirm_delete").get().map(|m| view! { <p class="error-message" id="field-confirm_delete-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                                    <div class="checkbox">
                                        <input type="checkbox" id="field-confirm_delete" name="confirm_delete" value="on"/>
                                        <label for="field-confirm_delete">"I understand the " {thing} " will be deleted for good"</label>
                                    </div>
                                </div>
                                <button type="submit" class="button button-danger">"Delete the " {thing}</button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                }}
            }
        })}
    }
}

/// The "Recordings and transcripts" links on a participant's page (researchers only).
#[component]
pub fn ParticipantFilesSection(project_id: i64, participant_id: i64) -> impl IntoView {
    let data = Resource::new(move || (project_id, participant_id), |(p, id)| participant_data_files(p, id));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().map(|pf| view! {
                    <section aria-labelledby="files-heading" id="files">
                        <h2 id="files-heading">"Recordings and transcripts"</h2>
                        {if pf.files.is_empty() {
                            view! { <p>"None yet."</p> }.into_any()
                        } else {
                            view! {
                                <ul>{pf.files.iter().map(|(id, label)| view! {
                                    <li><a href=format!("/projects/{}/data/{id}", pf.project_id)>{label.clone()}</a></li>
                                }).collect_view()}</ul>
                            }.into_any()
                        }}
                        <p><a href=format!("/projects/{}/data?participant={}#upload", pf.project_id, pf.participant_id)>"Upload or paste one for this participant"</a></p>
                    </section>
                })
            })}
        </Suspense>
    }
}
