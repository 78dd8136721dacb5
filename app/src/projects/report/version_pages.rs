//! A saved version's page (its frozen text, its state, comments and the supporter's review,
//! and the forms to send it, sign it off or ask for changes) and the page comparing two
//! versions, with removed and added lines marked in words as well as colour.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::projects::report::api::*;
use crate::projects::report::{ComparePage, DiffLine, LineKind, ShownSection, VersionPage};
use crate::ui::{error_of, field_id, id_param, message_for, project_breadcrumbs, query_value, with_data, ErrorSummary, Notice, TextArea};

fn done_message(done: &str) -> Option<&'static str> {
    match done {
        "saved" => Some("The version is saved. The team can comment on it, and the lead can send it for sign-off."),
        "sent" => Some("The version is sent to the commissioner for sign-off. They have been e-mailed."),
        "signed-off" => Some("You have signed off this version. The project lead has been e-mailed."),
        "changes-asked" => Some("Your request for changes is sent. The project lead has been e-mailed."),
        "comment" => Some("Your comment is added."),
        "review" => Some("Your review is recorded."),
        _ => None,
    }
}

pub(super) fn sections_view(sections: Vec<ShownSection>) -> impl IntoView {
    sections
        .into_iter()
        .map(|s| {
            view! {
                <section class="report-section">
                    <h2>{s.title}</h2>
                    <div class="module-content" inner_html=s.html></div>
                </section>
            }
        })
        .collect_view()
}

fn credits_view(credits: Vec<String>) -> impl IntoView {
    view! {
        <h2>"Credits"</h2>
        {if credits.is_empty() {
            view! { <p>"No peer researchers are named."</p> }.into_any()
        } else {
            view! { <p>"Peer researchers: " {credits.join(", ")}</p> }.into_any()
        }}
    }
}

#[component]
pub fn VersionView() -> impl IntoView {
    let id = id_param("id");
    let vid = id_param("vid");
    let done = query_value("done");
    let send = ServerAction::<SendVersion>::new();
    let send_error = error_of(send);
    let sign = ServerAction::<SignOffVersion>::new();
    let sign_error = error_of(sign);
    let changes = ServerAction::<AskForChanges>::new();
    let changes_error = error_of(changes);
    let comment = ServerAction::<CommentOnVersion>::new();
    let comment_error = error_of(comment);
    let review = ServerAction::<ReviewVersion>::new();
    let review_error = error_of(review);
    let summary_message = message_for(send_error, "lay_summary");
    let data = Resource::new(move || (id.get(), vid.get(), done.get()), |(id, vid, _)| version_data(id, vid));
    view! {
        {move || done.get().and_then(|d| done_message(&d)).map(|m| view! { <Notice><p>{m}</p></Notice> })}
        {with_data(data, move |v: VersionPage| {
            let project_id = v.project_id;
            let version_id = v.id;
            let hidden = move || view! {
                <input type="hidden" name="project_id" value=project_id/>
                <input type="hidden" name="version_id" value=version_id/>
            };
            view! {
                <Title text=format!("Report version {}: {}", v.number, v.project_title)/>
                {project_breadcrumbs(project_id, v.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/report")>"Back to the report"</a></p>
                <h1>"Report, version " {v.number}</h1>
                <p class="lead"><strong>{v.status.clone()}</strong></p>
                <p>"Saved on " {v.saved_on.clone()} " by " {v.saved_by.clone()} "."</p>
                {v.may_send.then(|| view! {
                    <section aria-labelledby="send-heading" class="panel">
                        <h2 id="send-heading">"Send for sign-off"</h2>
                        <p>"The commissioner's contact will be e-mailed to read this version and sign it off or ask for changes."</p>
                        <ErrorSummary error=send_error/>
                        <ActionForm action=send attr:class="form">
                            {hidden()}
                            <button type="submit" class="button">"Send for sign-off"</button>
                        </ActionForm>
                    </section>
                })}
                {v.may_decide.then(|| view! {
                    <section aria-labelledby="decide-heading" class="panel">
                        <h2 id="decide-heading">"Your decision"</h2>
                        <ErrorSummary error=sign_error/>
                        <ActionForm action=sign attr:class="form">
                            {hidden()}
                            <p>"Signing off says the commissioner accepts this version as the final report."</p>
                            <button type="submit" class="button">"Sign off"</button>
                        </ActionForm>
                        <h3>"Or ask for changes"</h3>
                        <ErrorSummary error=changes_error/>
                        <ActionForm action=changes attr:class="form" attr:novalidate=true>
                            {hidden()}
                            <TextArea label="What needs to change" name="changes" error=changes_error rows=5
                                hint="The team will see this, change the report and send you a new version."/>
                            <button type="submit" class="button button-secondary">"Ask for changes"</button>
                        </ActionForm>
                    </section>
                })}
                <article class="report-version" aria-labelledby="version-summary-heading">
                    <h2 id="version-summary-heading">"Lay summary"</h2>
                    <div class="field" class:field-error=move || summary_message.with(Option::is_some)>
                        {move || summary_message.get().map(|m| view! {
                            <p class="error-message" id=field_id("lay_summary")><span class="visually-hidden">"Error: "</span>{m}</p>
                        })}
                        {if v.lay_summary.is_empty() {
                            view! { <p class="empty-state">"This version has no lay summary."</p> }.into_any()
                        } else {
                            view! { <p class="pre-line">{v.lay_summary.clone()}</p> }.into_any()
                        }}
                    </div>
                    {sections_view(v.sections.clone())}
                    {credits_view(v.credits.clone())}
                </article>
                {(!v.others.is_empty()).then(|| view! {
                    <h2>"Compare"</h2>
                    <ul>
                        {v.others.iter().map(|(other, number)| {
                            let (old, new) = if *number < v.number { (*other, version_id) } else { (version_id, *other) };
                            view! { <li><a href=format!("/projects/{project_id}/report/compare?old={old}&new={new}")>"Compare with version " {*number}</a></li> }
                        }).collect_view()}
                    </ul>
                })}
                <section aria-labelledby="comments-heading" id="comments">
                    <h2 id="comments-heading">"Comments and reviews"</h2>
                    {if v.comments.is_empty() {
                        view! { <p class="empty-state">"None yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="report-comments">
                                {v.comments.iter().map(|c| view! {
                                    <li><p><strong>{c.kind.clone()}</strong> " · " {c.who.clone()} " · " {c.on.clone()}</p>
                                        <p class="pre-line">{c.body.clone()}</p></li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    {v.may_comment.then(|| view! {
                        <ErrorSummary error=comment_error/>
                        <ActionForm action=comment attr:class="form" attr:novalidate=true>
                            {hidden()}
                            <TextArea label="Your comment" name="comment" error=comment_error rows=4/>
                            <button type="submit" class="button">"Add the comment"</button>
                        </ActionForm>
                    })}
                    {v.may_review.then(|| view! {
                        <h3>"Review by the academic supporter"</h3>
                        <ErrorSummary error=review_error/>
                        <ActionForm action=review attr:class="form" attr:novalidate=true>
                            {hidden()}
                            <TextArea label="Review note" name="note" error=review_error rows=4 hint="Say you have reviewed this version, and what you think."/>
                            <button type="submit" class="button">"Record my review"</button>
                        </ActionForm>
                    })}
                </section>
            }
        })}
    }
}

fn diff_line(l: DiffLine) -> impl IntoView {
    match l.kind {
        LineKind::Same => view! { <li class="diff-same"><span class="diff-word">"Unchanged: "</span>{l.text}</li> }.into_any(),
        LineKind::Removed => view! { <li class="diff-removed"><span class="diff-word">"Removed: "</span><del>{l.text}</del></li> }.into_any(),
        LineKind::Added => view! { <li class="diff-added"><span class="diff-word">"Added: "</span><ins>{l.text}</ins></li> }.into_any(),
    }
}

fn version_select(label: &'static str, name: &'static str, versions: Vec<(i64, i64)>, chosen: i64) -> impl IntoView {
    view! {
        <div class="field">
            <label for=field_id(name)>{label}</label>
            <select id=field_id(name) name=name class="select">
                {versions.into_iter().map(|(id, number)| view! { <option value=id selected=id == chosen>"Version " {number}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn CompareView() -> impl IntoView {
    let id = id_param("id");
    let old = query_value("old");
    let new = query_value("new");
    let number = |v: Option<String>| v.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    let data = Resource::new(move || (id.get(), number(old.get()), number(new.get())), |(id, old, new)| compare_data(id, old, new));
    view! {
        {with_data(data, move |c: ComparePage| {
            let project_id = c.project_id;
            view! {
                <Title text=format!("Compare report versions: {}", c.project_title)/>
                {project_breadcrumbs(project_id, c.project_title.clone())}
                <p><a href=format!("/projects/{project_id}/report")>"Back to the report"</a></p>
                <h1>"Compare version " {c.old_number} " with version " {c.new_number}</h1>
                <form method="get" action=format!("/projects/{project_id}/report/compare") class="form">
                    {version_select("Older version", "old", c.versions.clone(), c.old_id)}
                    {version_select("Newer version", "new", c.versions.clone(), c.new_id)}
                    <button type="submit" class="button">"Compare"</button>
                </form>
                <p>"Each line is marked Unchanged, Removed (in version " {c.old_number} " only) or Added (in version " {c.new_number} " only)."</p>
                {c.sections.into_iter().map(|s| view! {
                    <section class="report-diff">
                        <h2>{s.title} " — " {s.change}</h2>
                        {if s.lines.is_empty() {
                            view! { <p class="empty-state">"No text."</p> }.into_any()
                        } else {
                            view! { <ol class="diff-lines">{s.lines.into_iter().map(diff_line).collect_view()}</ol> }.into_any()
                        }}
                    </section>
                }).collect_view()}
            }
        })}
    }
}
