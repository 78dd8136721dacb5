//! Online consent pages: the section on a participant's page where a researcher sends the
//! link and sees its state, and the public page behind the link where the participant
//! gives consent (no sign-in, works without JavaScript), with its thank-you page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::error::AppError;
use crate::projects::consent::online::api::*;
use crate::projects::consent::online::*;
use crate::ui::{error_of, field_id, message_for, problem_view, ErrorSummary, TextField};

/// "Consent online" on a participant's page (the project's researchers only).
#[component]
pub fn OnlineConsentSection(project_id: i64, participant_id: i64) -> impl IntoView {
    let send = ServerAction::<SendConsentLink>::new();
    let error = error_of(send);
    let data = Resource::new(move || (project_id, participant_id, send.version().get()), |(p, id, _)| consent_link_state(p, id));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().map(|panel| view! {
                    <section aria-labelledby="online-consent-heading" id="online-consent">
                        <h2 id="online-consent-heading">"Consent online"</h2>
                        <p>"The participant can give consent themselves. They get an e-mail with a link to a page with the approved information sheet and consent form, where they tick each statement and type their name. The link works once, for " {ONLINE_CONSENT_DAYS} " days."</p>
                        {panel.latest.clone().map(|l| view! {
                            <dl class="facts">
                                <dt>"Link sent"</dt><dd>{l.sent_on.clone()} " by " {l.sent_by.clone()}</dd>
                                <dt>"Works until"</dt><dd>{l.expires_on.clone()}</dd>
                                <dt>"State"</dt><dd>{l.state.label()}{l.used_on.clone().map(|on| format!(" on {on}"))}</dd>
                                {l.signed_name.clone().map(|name| view! { <dt>"Name typed as their signature"</dt><dd>{name}</dd> })}
                            </dl>
                        })}
                        <ErrorSummary error/>
                        {send_form(send, &panel)}
                    </section>
                })
            })}
        </Suspense>
    }
}

fn send_form(send: ServerAction<SendConsentLink>, panel: &OnlineConsentPanel) -> AnyView {
    let again = panel.latest.as_ref().is_some_and(|l| l.state == LinkState::Waiting);
    let label = if again { "Send a new link (the old one stops working)" } else { "E-mail the participant a consent link" };
    let (project_id, participant_id) = (panel.project_id, panel.participant_id);
    match (&panel.cannot_send, panel.has_email) {
        (None, _) => view! {
            <ActionForm action=send attr:class="form">
                <input type="hidden" name="project_id" value=project_id/>
                <input type="hidden" name="participant_id" value=participant_id/>
                <p class="hint">"It goes to the e-mail address in their contact details above."</p>
                <button type="submit" class="button button-secondary">{label}</button>
            </ActionForm>
        }
        .into_any(),
        // No address: the button is there but cannot be used, and says why beside it.
        (Some(reason), false) => view! {
            <div class="form">
                <p class="hint" id="online-consent-why-not"><strong>{reason.clone()}</strong></p>
                <button type="button" class="button button-secondary" disabled=true aria-describedby="online-consent-why-not">{label}</button>
            </div>
        }
        .into_any(),
        (Some(reason), true) => view! { <p class="panel" role="note">{reason.clone()}</p> }.into_any(),
    }
}

/// The page behind an online consent link: no sign-in.
#[component]
pub fn OnlineConsentPage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let give = ServerAction::<GiveOnlineConsent>::new();
    let error = error_of(give);
    let data = Resource::new(move || token.get(), consent_page_for_link);
    view! {
        <Title text="Your consent to take part in research"/>
        <Suspense fallback=crate::ui::loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(form) => consent_form_view(give, error, token.get_untracked(), form).into_any(),
                    Err(AppError::Refused(message)) => link_refused(message).into_any(),
                    Err(other) => problem_view(other),
                }
            })}
        </Suspense>
    }
}

/// A link that cannot be used (unknown, used, replaced, expired, withdrawn), in plain words.
fn link_refused(message: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::BAD_REQUEST);
    }
    view! {
        <h1>"This consent link cannot be used"</h1>
        <p class="lead">{message}</p>
        <p>"If you would still like to take part, or have a question, please contact the research team who sent you the e-mail. You can also give consent on paper, or have the form read to you."</p>
    }
}

fn consent_form_view(
    give: ServerAction<GiveOnlineConsent>,
    error: Signal<Option<AppError>>,
    token: String,
    form: OnlineConsentForm,
) -> impl IntoView {
    let statements_message = message_for(error, "statements");
    let kept = move |name: String| Signal::derive(move || error.with(|e| e.as_ref().and_then(AppError::form_errors).and_then(|f| f.value_for(&name)).is_some()));
    view! {
        <h1>"Taking part in research: your consent"</h1>
        <p class="lead">{form.invited_by.clone()} " of " {form.group_name.clone()} " sent you this page about the research project "
            <strong>{form.project_title.clone()}</strong> "."</p>
        <p>"Please read the information sheet and the consent form. If you would like to take part, tick each statement, choose any of the optional parts you agree to, and type your full name. Taking part is up to you: if you would rather not, just close this page."</p>
        {form.information_sheet.clone().map(|sheet| view! {
            <section aria-labelledby="sheet-heading">
                <h2 id="sheet-heading">"Information sheet (version " {sheet.version_no} ")"</h2>
                <div class="module-content" inner_html=sheet.body_html.clone()></div>
            </section>
        })}
        <section aria-labelledby="form-heading">
            <h2 id="form-heading">"Consent form (version " {form.form.version_no} ")"</h2>
            <div class="module-content" inner_html=form.form.body_html.clone()></div>
        </section>
        <section aria-labelledby="give-heading">
            <h2 id="give-heading">"Give your consent"</h2>
            <ErrorSummary error/>
            <ActionForm action=give attr:class="form" attr:novalidate=true>
                <input type="hidden" name="token" value=token/>
                <input type="hidden" name="document_id" value=form.document_id/>
                <fieldset class="fieldset" class:field-error=move || statements_message.with(Option::is_some)>
                    <legend>"Tick each statement you agree with"</legend>
                    <p class="hint">"You can only take part if you agree with all of them."</p>
                    {move || statements_message.get().map(|m| view! { <p class="error-message" id="field-statements-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                    {form.statements.iter().enumerate().map(|(i, text)| {
                        let name = statement_field(i);
                        let id = if i == 0 { field_id("statements") } else { format!("field-statement-{i}") };
                        let checked = kept(name.clone());
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=id.clone() name=name value="on" checked=move || checked.get()/>
                                <label for=id>{format!("{}. {text}", i + 1)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <fieldset class="fieldset">
                    <legend>"Optional: tick only what you agree to"</legend>
                    <p class="hint">"You can take part without agreeing to these."</p>
                    {OptionalPart::ALL.into_iter().map(|part| {
                        let checked = kept(part.field().to_string());
                        let id = field_id(part.field());
                        view! {
                            <div class="checkbox">
                                <input type="checkbox" id=id.clone() name=part.field() value="on" checked=move || checked.get()/>
                                <label for=id>{part.first_person()}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <TextField label="Your full name" name="full_name" error autocomplete="name" required=true
                    hint="Typing your name is your signature."/>
                <p>"Date: " <strong>{form.today.clone()}</strong></p>
                <button type="submit" class="button">"I agree: give my consent"</button>
            </ActionForm>
        </section>
    }
}

/// After consent is given online.
#[component]
pub fn ConsentGivenPage() -> impl IntoView {
    view! {
        <Title text="Thank you: your consent is recorded"/>
        <h1>"Thank you: your consent is recorded"</h1>
        <p class="lead">"The research team now has your consent. They will be in touch about what happens next."</p>
        <p>"You can change your mind at any time, without giving a reason: just tell the research team, and nothing more will be done with you or what you said."</p>
        <p>"You can close this page."</p>
    }
}
