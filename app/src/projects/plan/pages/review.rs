//! Peer review on the plan page: the academic supporter's comments, the team's replies,
//! and the sign-off (undone when the plan changes afterwards).

use leptos::prelude::*;

use crate::projects::plan::api::*;
use crate::projects::plan::PlanPage;
use crate::ui::{error_of, ErrorSummary, TextArea};

#[component]
pub fn ReviewSection(plan: PlanPage) -> impl IntoView {
    let p = plan;
    let comment = ServerAction::<CommentOnPlan>::new();
    let reply = ServerAction::<ReplyOnPlan>::new();
    let sign = ServerAction::<SignOffPlan>::new();
    let comment_error = error_of(comment);
    let reply_error = error_of(reply);
    let sign_error = error_of(sign);
    let id = p.project_id;
    let current = p.signoffs.iter().find(|s| s.current).cloned();
    let undone = p.signoffs.iter().find(|s| !s.current).cloned().filter(|_| current.is_none());
    view! {
        <section id="review" aria-labelledby="review-heading">
            <h2 id="review-heading">"Peer review by the academic supporter"</h2>
            <p>"The academic supporter reads the plan, comments, and signs it off when it is ready. "
               "If the plan changes after that (agreed questions, methods, who takes part, the risk or data plan), "
               "the sign-off no longer counts and the supporter looks again. Milestones can change without that."</p>
            {(!p.has_supporter).then(|| view! { <p>"No academic supporter is on the team, so the plan does not need their sign-off."</p> })}
            {match (current, undone) {
                (Some(s), _) => view! { <p><strong>"Signed off by " {s.name} " on " {s.on} "."</strong></p> }.into_any(),
                (None, Some(s)) => view! { <p>"Signed off by " {s.name} " on " {s.on} ", but the plan has changed since. It needs signing off again."</p> }.into_any(),
                (None, None) => view! { <p>"Not signed off yet."</p> }.into_any(),
            }}
            <ErrorSummary error=reply_error/>
            {if p.comments.is_empty() {
                view! { <p>"No comments yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {p.comments.iter().cloned().map(|c| {
                            let field = format!("reply-{}", c.id);
                            view! {
                                <li class="card">
                                    <p><strong>{c.author.clone()}</strong> ", " {c.on.clone()}</p>
                                    <p class="pre-line">{c.body.clone()}</p>
                                    {(!c.replies.is_empty()).then(|| view! {
                                        <ul>
                                            {c.replies.iter().cloned().map(|r| view! {
                                                <li><strong>{r.author}</strong> " replied on " {r.on} ": " <span class="pre-line">{r.body}</span></li>
                                            }).collect_view()}
                                        </ul>
                                    })}
                                    {p.can_reply.then(|| view! {
                                        <ActionForm action=reply attr:class="form form-compact">
                                            <input type="hidden" name="project_id" value=id/>
                                            <input type="hidden" name="comment_id" value=c.id/>
                                            <div class="field">
                                                <label for=field.clone()>{format!("Reply to {}", c.author)}</label>
                                                <textarea id=field.clone() name="reply" rows="3" class="textarea"></textarea>
                                            </div>
                                            <button type="submit" class="button button-small">"Send reply"</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {p.can_review.then(|| view! {
                <div class="panel">
                    <h3>"Comment on the plan"</h3>
                    <ErrorSummary error=comment_error/>
                    <ActionForm action=comment attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="project_id" value=id/>
                        <TextArea label="Your comment" name="comment" rows=4 error=comment_error/>
                        <button type="submit" class="button">"Send comment"</button>
                    </ActionForm>
                    <h3>"Sign off the plan"</h3>
                    <ErrorSummary error=sign_error/>
                    <ActionForm action=sign attr:class="inline-form">
                        <input type="hidden" name="project_id" value=id/>
                        <button type="submit" class="button">"Sign off the plan as it is now"</button>
                    </ActionForm>
                </div>
            })}
        </section>
    }
}
