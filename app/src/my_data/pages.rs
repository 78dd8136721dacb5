//! The readable page of a person's data, with the JSON download.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::my_data::MyData;
use crate::ui::with_data;

#[server(endpoint = "my-data")]
pub async fn held_about_me() -> Result<MyData, AppError> {
    let actor = crate::accounts::session::signed_in()?;
    let db = crate::platform::state::app_state()?.db;
    crate::my_data::service::gather(&db, &actor).await
}

#[component]
pub fn MyDataPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| held_about_me());
    view! {
        <Title text="Your data"/>
        <p class="breadcrumbs no-print"><a href="/account">"Your account"</a></p>
        <h1>"Your data"</h1>
        {with_data(data, |d: MyData| view! {
            <p class="lead">"Everything CoResearch holds about you, " {d.name.clone()} ", as of " {d.made_on.clone()} ". Research participants' details are not here: they are held under a code by each project's researchers."</p>
            <p class="no-print"><a class="button" href="/account/my-data.json" download>"Download it as a file (JSON)"</a>
                " You can also print this page or save it as a PDF."</p>
            {d.sections.into_iter().map(|s| {
                let empty = s.rows.is_empty();
                view! {
                    <section class="my-data-section">
                        <h2>{s.title.clone()}</h2>
                        {empty.then(|| view! { <p class="hint">"Nothing held."</p> })}
                        {s.rows.into_iter().map(|row| view! {
                            <dl class="summary-list">
                                {row.into_iter().map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> }).collect_view()}
                            </dl>
                        }).collect_view()}
                    </section>
                }
            }).collect_view()}
        })}
    }
}

#[server(endpoint = "erase-account")]
pub async fn erase_account(password: String, understood: Option<String>) -> Result<(), AppError> {
    let actor = crate::accounts::session::signed_in()?;
    let state = crate::platform::state::app_state()?;
    crate::my_data::erase::erase_account(&state.db, &actor, &password, crate::validate::ticked(&understood)).await?;
    // This browser's session went with the others.
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(http::header::SET_COOKIE, crate::accounts::session::clearing_cookie(&state.config));
    }
    leptos_axum::redirect("/?erased=1");
    Ok(())
}

/// Erasing an account, explained in plain words before anyone confirms.
#[component]
pub fn EraseAccountPage() -> impl IntoView {
    use crate::ui::{error_of, message_for, ErrorSummary, TextField};
    let erase = ServerAction::<EraseAccount>::new();
    let error = error_of(erase);
    let understood_message = message_for(error, "understood");
    view! {
        <Title text="Erase your account"/>
        <p class="breadcrumbs no-print"><a href="/account">"Your account"</a></p>
        <h1>"Erase your account"</h1>
        <div class="panel">
            <h2>"What happens"</h2>
            <ul>
                <li>"Your name, e-mail address and password are removed, and you are signed out everywhere. You cannot sign in again with this account."</li>
                <li>"Your training records, learning log, certificates, lone-working check-ins and your place in groups are deleted."</li>
                <li>"Some research records must be kept, such as consent records you took from participants and decisions on projects. They stay, but show \"An erased account\" instead of your name, as each project's data management plan says."</li>
                <li>"This cannot be undone. If you only want a break, you could ask your coordinator to remove you from a group instead."</li>
            </ul>
            <p><a href="/account/my-data">"Download your data first"</a>" if you want a copy."</p>
        </div>
        <ErrorSummary error/>
        <ActionForm action=erase attr:class="form" attr:novalidate=true>
            <TextField label="Your password" name="password" input_type="password" autocomplete="current-password" error/>
            <div class="checkbox" class:field-error=move || understood_message.get().is_some()>
                <input type="checkbox" id="field-understood" name="understood" value="on"
                    aria-describedby=move || understood_message.get().map(|_| "field-understood-error")/>
                <label for="field-understood">"I understand that erasing my account cannot be undone"</label>
                {move || understood_message.get().map(|m| view! { <p class="error-message" id="field-understood-error">{m}</p> })}
            </div>
            <button type="submit" class="button button-warning">"Erase my account"</button>
        </ActionForm>
    }
}
