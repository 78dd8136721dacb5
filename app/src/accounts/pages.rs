//! Account pages. Every form is an `ActionForm`, so it posts without JavaScript too.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::*;
use crate::ui::{error_of, with_data, Checkbox, ErrorSummary, Notice, TextField};

use crate::ui::query_value;

const PASSWORD_HINT: &str =
    "At least 10 characters. Three or four ordinary words strung together are easy to remember and hard to guess.";

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = error_of(action);
    let next = query_value("next");
    let confirmed = query_value("confirmed");
    let reset = query_value("reset");
    let ended = query_value("ended");
    view! {
        <Title text="Sign in"/>
        <h1>"Sign in"</h1>
        {move || confirmed.get().map(|_| view! { <Notice><p>"Thank you: your e-mail address is confirmed. You can now sign in."</p></Notice> })}
        {move || reset.get().map(|_| view! { <Notice><p>"Your new password is saved. Please sign in with it."</p></Notice> })}
        {move || ended.get().map(|_| view! {
            <Notice><p>"You were signed out, so your form was not sent yet. We have kept what you typed: sign in again and you can send it."</p></Notice>
        })}
        <ErrorSummary error/>
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="next" value=move || next.get().unwrap_or_default()/>
            <TextField label="E-mail address" name="email" input_type="email" autocomplete="email" error/>
            <TextField label="Password" name="password" input_type="password" autocomplete="current-password" error/>
            <button type="submit" class="button">"Sign in"</button>
        </ActionForm>
        <p><a href="/forgot-password">"Forgotten your password?"</a></p>
        <p>"New to CoResearch? " <a href="/register">"Create an account"</a></p>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let action = ServerAction::<Register>::new();
    let error = error_of(action);
    let open = Resource::new(|| (), |_| registration_open());
    view! {
        <Title text="Create an account"/>
        <h1>"Create an account"</h1>
        {with_data(open, move |open| {
            if open {
                view! {
                    <p>"You need an account to take part in training, work with your group and follow your projects."</p>
                    <ErrorSummary error/>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <TextField label="Your name" name="name" autocomplete="name"
                            hint="The name other people in your groups will see. You can use a first name only." error/>
                        <TextField label="E-mail address" name="email" input_type="email" autocomplete="email"
                            hint="We will send you a link to confirm it." error/>
                        <TextField label="Choose a password" name="password" input_type="password"
                            autocomplete="new-password" hint=PASSWORD_HINT error/>
                        <button type="submit" class="button">"Create my account"</button>
                    </ActionForm>
                    <p>"Already have an account? " <a href="/sign-in">"Sign in"</a></p>
                }
                .into_any()
            } else {
                view! {
                    <p>"New accounts are by invitation only. Ask your group's coordinator or your trainer to invite you: you will get an e-mail with a link."</p>
                    <p>"Already have an account? " <a href="/sign-in">"Sign in"</a></p>
                }
                .into_any()
            }
        })}
    }
}

#[component]
pub fn CheckEmailPage() -> impl IntoView {
    view! {
        <Title text="Check your e-mail"/>
        <h1>"Check your e-mail"</h1>
        <p class="lead">"We have sent you an e-mail with a link to confirm your address."</p>
        <p>"Open the link to finish creating your account. It can take a few minutes to arrive; if you cannot see it, look in your junk or spam folder."</p>
        <p>"If you already had an account with this address, the e-mail tells you how to sign in instead."</p>
        <p><a href="/sign-in">"Go to sign in"</a></p>
    }
}

/// A page reached from a one-time link: checks the link first, then shows `form`.
fn link_page<F, V>(purpose: &'static str, form: F) -> impl IntoView
where
    F: Fn(String) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let token = query_value("token");
    let checked = Resource::new(move || token.get(), move |token| {
        check_link(token.unwrap_or_default(), purpose.to_string())
    });
    with_data(checked, move |()| form(token.get_untracked().unwrap_or_default()))
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let action = ServerAction::<VerifyEmail>::new();
    let error = error_of(action);
    view! {
        <Title text="Confirm your e-mail address"/>
        <h1>"Confirm your e-mail address"</h1>
        <ErrorSummary error/>
        {link_page("verify_email", move |token| view! {
            <p>"To confirm this is your e-mail address, type the password you chose when you registered."</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="token" value=token/>
                <TextField label="Your password" name="password" input_type="password" autocomplete="current-password" error/>
                <button type="submit" class="button">"Confirm my e-mail address"</button>
            </ActionForm>
        })}
        <p>"If the link has expired, " <a href="/sign-in">"sign in"</a> " and we will send you a new one."</p>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let error = error_of(action);
    let sent = query_value("sent");
    view! {
        <Title text="Forgotten your password?"/>
        <h1>"Forgotten your password?"</h1>
        {move || match sent.get() {
            Some(_) => view! {
                <Notice>
                    <p>"If there is an account for that address, we have sent it a link to choose a new password."</p>
                    <p>"The link works for 60 minutes. If nothing arrives, check your junk folder, or try again."</p>
                </Notice>
                <p><a href="/sign-in">"Back to sign in"</a></p>
            }
            .into_any(),
            None => view! {
                <p>"Enter the e-mail address you use for CoResearch. We will send you a link to choose a new password."</p>
                <ErrorSummary error/>
                <ActionForm action attr:class="form" attr:novalidate=true>
                    <TextField label="E-mail address" name="email" input_type="email" autocomplete="email" error/>
                    <button type="submit" class="button">"Send me a link"</button>
                </ActionForm>
            }
            .into_any(),
        }}
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let error = error_of(action);
    view! {
        <Title text="Choose a new password"/>
        <h1>"Choose a new password"</h1>
        <ErrorSummary error/>
        {link_page("reset_password", move |token| view! {
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="token" value=token/>
                <TextField label="New password" name="password" input_type="password"
                    autocomplete="new-password" hint=PASSWORD_HINT error/>
                <button type="submit" class="button">"Save my new password"</button>
            </ActionForm>
            <p>"Saving it signs you out on every other computer or phone."</p>
        })}
        <p><a href="/forgot-password">"Ask for a new link"</a></p>
    }
}

#[component]
pub fn ConfirmEmailChangePage() -> impl IntoView {
    let action = ServerAction::<ConfirmEmailChange>::new();
    let error = error_of(action);
    view! {
        <Title text="Confirm your new e-mail address"/>
        <h1>"Confirm your new e-mail address"</h1>
        <ErrorSummary error/>
        {link_page("change_email", move |token| view! {
            <p>"Press the button to start using this address for CoResearch."</p>
            <ActionForm action attr:class="form">
                <input type="hidden" name="token" value=token/>
                <button type="submit" class="button">"Confirm my new e-mail address"</button>
            </ActionForm>
        })}
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let name_action = ServerAction::<UpdateName>::new();
    let email_action = ServerAction::<ChangeEmail>::new();
    let password_action = ServerAction::<ChangePassword>::new();
    let preferences_action = ServerAction::<UpdatePreferences>::new();
    let (name_error, email_error, password_error, preferences_error) = (
        error_of(name_action),
        error_of(email_action),
        error_of(password_action),
        error_of(preferences_action),
    );
    let saved = query_value("saved");
    let me = Resource::new(
        move || saved.get(),
        |_| async move { signed_in_user().await.and_then(|user| user.ok_or(crate::error::AppError::NotSignedIn)) },
    );

    view! {
        <Title text="Your account"/>
        <h1>"Your account"</h1>
        {move || saved.get().map(|what| {
            let message = match what.as_str() {
                "name" => "Your name is saved.",
                "email-sent" => "We have sent a link to your new address. Your address changes when you open it.",
                "email" => "Your new e-mail address is confirmed and saved. You have been signed out everywhere else.",
                "password" => "Your new password is saved. You have been signed out everywhere else.",
                "preferences" => "Your display choices are saved. They apply on every page.",
                "session-ended" => "You are signed out there now.",
                _ => "Saved.",
            };
            view! { <Notice><p>{message}</p></Notice> }
        })}
        {with_data(me, move |user| {
            let name = user.name.clone();
            view! {
                <section aria-labelledby="name-heading" class="panel">
                    <h2 id="name-heading">"Your name"</h2>
                    <ErrorSummary error=name_error/>
                    <ActionForm action=name_action attr:class="form" attr:novalidate=true>
                        <TextField label="Name" name="name" autocomplete="name" value=name error=name_error/>
                        <button type="submit" class="button">"Save name"</button>
                    </ActionForm>
                </section>

                <section aria-labelledby="email-heading" class="panel">
                    <h2 id="email-heading">"Your e-mail address"</h2>
                    <p>"You use " <strong>{user.email.clone()}</strong> " now."</p>
                    <ErrorSummary error=email_error/>
                    <ActionForm action=email_action attr:class="form" attr:novalidate=true>
                        <TextField label="New e-mail address" name="new_email" input_type="email" autocomplete="email"
                            hint="We will send a link to the new address. Nothing changes until you open it." error=email_error/>
                        <TextField label="Your current password" name="email_password" input_type="password"
                            autocomplete="current-password" error=email_error/>
                        <button type="submit" class="button">"Change e-mail address"</button>
                    </ActionForm>
                </section>

                <section aria-labelledby="password-heading" class="panel">
                    <h2 id="password-heading">"Your password"</h2>
                    <ErrorSummary error=password_error/>
                    <ActionForm action=password_action attr:class="form" attr:novalidate=true>
                        <TextField label="Current password" name="current_password" input_type="password"
                            autocomplete="current-password" error=password_error/>
                        <TextField label="New password" name="new_password" input_type="password"
                            autocomplete="new-password" hint=PASSWORD_HINT error=password_error/>
                        <button type="submit" class="button">"Change password"</button>
                    </ActionForm>
                    <p>"Changing your password signs you out on every other computer or phone."</p>
                </section>

                <section aria-labelledby="preferences-heading" class="panel" id="preferences">
                    <h2 id="preferences-heading">"Display preferences"</h2>
                    <p>"These apply on every page whenever you are signed in."</p>
                    <ErrorSummary error=preferences_error/>
                    <ActionForm action=preferences_action attr:class="form">
                        <fieldset>
                            <legend>"How pages look"</legend>
                            <Checkbox label="Larger text" name="large_text" checked=user.large_text
                                hint="Makes all writing about a quarter bigger."/>
                            <Checkbox label="High contrast" name="high_contrast" checked=user.high_contrast
                                hint="Black writing on white, with strong outlines."/>
                        </fieldset>
                        <button type="submit" class="button">"Save display preferences"</button>
                    </ActionForm>
                </section>
            }
        })}
        <crate::accounts::sessions::SessionsPanel refresh=saved/>
        <section aria-labelledby="data-heading" class="panel">
            <h2 id="data-heading">"Your data"</h2>
            <p>"See everything CoResearch holds about you, and download a copy."</p>
            <p><a href="/account/my-data">"See and download your data"</a></p>
            <p><a href="/privacy">"What we keep and why"</a></p>
            <p><a href="/account/erase">"Erase your account"</a></p>
        </section>
    }
}
