//! The outside reviewer's pages: the invitation link, and the applications they review.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::state_badge;
use crate::projects::ethics::api::*;
use crate::projects::ethics::ReviewSummary;
use crate::ui::pagination::{Paged, Pagination};
use crate::ui::{error_of, with_data, ErrorSummary, TextField};

#[component]
pub fn ReviewInvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let accept = ServerAction::<AcceptReview>::new();
    let error = error_of(accept);
    let data = Resource::new(move || token.get(), review_invitation);
    view! {
        <Title text="Review an ethics application"/>
        <h1>"Review an ethics application"</h1>
        <ErrorSummary error/>
        {with_data(data, move |view| {
            let who = view.invited_by.clone().unwrap_or_else(|| "A research team".into());
            let token = token.get_untracked();
            let intro = view! {
                <p class="lead">{who} " of " {view.group_name.clone()} " invited you to review the ethics application "
                    <strong>{view.application_title.clone()}</strong> " (" {view.route.label()} ")."</p>
                <p>"You will see this application, its documents and its history, and nothing else of the project. There you can ask for further information, set conditions and record the decision."</p>
                <p>"The invitation was sent to " {view.email.clone()} "."</p>
            };
            let action = match (&view.signed_in_as, view.account_exists) {
                (Some(me), _) if *me != view.email => view! {
                    <p>"You are signed in as " {me.clone()} ", but this invitation was sent to " {view.email.clone()}
                       ". Sign out, then open the link again."</p>
                }.into_any(),
                (Some(_), _) => view! {
                    <ActionForm action=accept attr:class="form">
                        <input type="hidden" name="token" value=token/>
                        <button type="submit" class="button">"Accept and open the application"</button>
                    </ActionForm>
                }.into_any(),
                (None, true) => view! {
                    <p>"You already have a CoResearch account with this address. Sign in to accept."</p>
                    <p><a class="button" href=format!("/sign-in?next=/ethics-reviews/{token}")>"Sign in to accept"</a></p>
                }.into_any(),
                (None, false) => view! {
                    <h2>"Create your account to review"</h2>
                    <ActionForm action=accept attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="token" value=token/>
                        <TextField label="Your name" name="name" autocomplete="name" hint="The name the research team will see." error/>
                        <TextField label="Choose a password" name="password" input_type="password" autocomplete="new-password"
                            hint="At least 10 characters. Three or four ordinary words strung together work well." error/>
                        <button type="submit" class="button">"Create my account and open the application"</button>
                    </ActionForm>
                }.into_any(),
            };
            view! { {intro} {action} }
        })}
    }
}

#[component]
pub fn MyReviewsPage() -> impl IntoView {
    let page = crate::ui::pagination::page_asked();
    let data = Resource::new(move || page.get(), my_reviews);
    view! {
        <Title text="Applications you review"/>
        <h1>"Applications you review"</h1>
        {with_data(data, |list: Paged<ReviewSummary>| {
            if list.total == 0 {
                view! { <p class="empty-state">"You have not been invited to review an ethics application."</p> }.into_any()
            } else {
                let pages = list.pages();
                view! {
                    <ul class="card-list">
                        {list.items.into_iter().map(|r| view! {
                            <li class="card">
                                <h2><a href=format!("/projects/{}/ethics/{}", r.project_id, r.application_id)>{r.title.clone()}</a></h2>
                                <p>{r.group_name.clone()} " " {state_badge(r.state)}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                    <Pagination page=list.page pages path="/ethics-reviews"/>
                }.into_any()
            }
        })}
    }
}

/// The applications a person reviews from outside, on their dashboard (nothing when none).
#[component]
pub fn ReviewsOnDashboard() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_reviews(1));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().filter(|r| !r.items.is_empty()).map(|reviews| view! {
                    <section aria-labelledby="reviews-dash-heading">
                        <h2 id="reviews-dash-heading">"Ethics applications you review"</h2>
                        <ul>
                            {reviews.items.into_iter().take(5).map(|r| view! {
                                <li><a href=format!("/projects/{}/ethics/{}", r.project_id, r.application_id)>{r.title.clone()}</a>
                                    " (" {r.group_name.clone()} ": " {r.state.label()} ")"</li>
                            }).collect_view()}
                        </ul>
                        <p><a href="/ethics-reviews">"All the applications you review"</a></p>
                    </section>
                })
            })}
        </Suspense>
    }
}
