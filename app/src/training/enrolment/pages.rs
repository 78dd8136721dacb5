//! The pages for places on a cohort: inviting trainees by e-mail, withdrawing invitations, accepting a place.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::training::*;
use crate::ui::{error_of, with_data, ErrorSummary, TextField};
use super::api::*;

#[component]
pub fn JoinView() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let accept = ServerAction::<AcceptPlace>::new();
    let error = error_of(accept);
    let data = Resource::new(move || token.get(), cohort_invitation);
    view! {
        <Title text="Your place on a course"/>
        <h1>"Your place on a course"</h1>
        <ErrorSummary error/>
        {with_data(data, move |view: CohortInvitationView| {
            let who = view.invited_by.clone().unwrap_or_else(|| "A trainer".into());
            let token = token.get_untracked();
            let intro = view! {
                <p class="lead">{who} " offered you a place on " <strong>{view.course_title.clone()}</strong>
                    " (" {view.cohort_name.clone()} "), run by " {view.organisation_name.clone()} "."</p>
                <p>"The invitation was sent to " {view.email.clone()} "."</p>
            };
            let action = if view.places_left == 0 {
                view! { <p>"Sorry: the course is full. Ask your trainer whether a place will come free."</p> }.into_any()
            } else {
                match (&view.signed_in_as, view.account_exists) {
                    (Some(me), _) if *me != view.email => view! {
                        <p>"You are signed in as " {me.clone()} ", but this invitation is for " {view.email.clone()}
                           ". Sign out, then open the link again."</p>
                    }.into_any(),
                    (Some(_), _) => view! {
                        <ActionForm action=accept attr:class="form">
                            <input type="hidden" name="token" value=token/>
                            <button type="submit" class="button">"Accept my place"</button>
                        </ActionForm>
                    }.into_any(),
                    (None, true) => view! {
                        <p>"You already have a CoResearch account with this address. Sign in to accept."</p>
                        <p><a class="button" href=format!("/sign-in?next=/training/join/{token}")>"Sign in to accept"</a></p>
                    }.into_any(),
                    (None, false) => view! {
                        <h2>"Create your account to accept"</h2>
                        <ActionForm action=accept attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="token" value=token/>
                            <TextField label="Your name" name="name" autocomplete="name"
                                hint="The name your trainer and others on the course will see." error/>
                            <TextField label="Choose a password" name="password" input_type="password" autocomplete="new-password"
                                hint="At least 10 characters. Three or four ordinary words strung together work well." error/>
                            <button type="submit" class="button">"Create my account and accept"</button>
                        </ActionForm>
                    }.into_any(),
                }
            };
            view! { {intro} {action} }
        })}
    }
}
