//! The pages for the learning log: trainees' reflections and their trainers' feedback.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::training::*;
use crate::training::pages::*;
use crate::ui::{error_of, with_data, ErrorSummary, Notice, TextArea};
use super::api::*;

#[component]
pub fn ReflectionCard(r: ReflectionView) -> impl IntoView {
    view! {
        <article class="reflection">
            <p class="reflection-meta">
                {r.written_on.clone()} ", " {r.module_title.clone()} ": "
                <strong>{if r.shared { "shared with your trainers" } else { "private: only you can see this" }}</strong>
            </p>
            <div class="module-content" inner_html=r.body_html.clone()></div>
            {r.replies.iter().map(|reply| view! {
                <div class="reply">
                    <p class="reflection-meta">"Feedback from " {reply.author.clone()} ", " {reply.written_on.clone()}</p>
                    <div inner_html=reply.body_html.clone()></div>
                </div>
            }).collect_view()}
        </article>
    }
}

#[component]
pub fn ReflectionPageView() -> impl IntoView {
    let reflection_id = id_param("reflection_id");
    let done = query_value("done");
    let reply = ServerAction::<ReplyToReflection>::new();
    let error = error_of(reply);
    let data = Resource::new(move || (reflection_id.get(), done.get(), reply.version().get()), |(id, ..)| reflection(id));
    view! {
        {move || (done.get().as_deref() == Some("replied")).then(|| view! { <Notice><p>"Your feedback is sent."</p></Notice> })}
        {with_data(data, move |page: ReflectionPage| {
            let r = page.reflection.clone();
            let reflection_id = r.id;
            view! {
                <Title text=format!("Learning log: {}", r.author)/>
                <p class="breadcrumbs">
                    <a href="/training">"Training"</a> " › "
                    <a href=format!("/training/cohorts/{}", page.cohort_id)>{page.cohort_name.clone()}</a>
                </p>
                <h1>{format!("{} on {}", r.author, r.module_title)}</h1>
                <ReflectionCard r=r.clone()/>
                {page.can_reply.then(|| view! {
                    <section aria-labelledby="reply-heading" class="panel">
                        <h2 id="reply-heading">"Your feedback"</h2>
                        <ErrorSummary error/>
                        <ActionForm action=reply attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="reflection_id" value=reflection_id/>
                            <TextArea label="Feedback" name="body" rows=5 error/>
                            <button type="submit" class="button">"Send feedback"</button>
                        </ActionForm>
                    </section>
                })}
            }
        })}
    }
}
