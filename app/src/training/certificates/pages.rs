//! The pages for certificates: issued when someone meets the completion rule, issued or revoked by hand, verified publicly.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::training::*;
use crate::training::graduation::api::SeekGroup;
use crate::training::pages::*;
use crate::ui::{error_of, with_data, ErrorSummary, Notice};
use super::api::*;

#[component]
pub fn CertificatePageView() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let done = query_value("done");
    let seek = ServerAction::<SeekGroup>::new();
    let seek_error = error_of(seek);
    let data = Resource::new(move || (code.get(), done.get()), |(code, _)| certificate(code));
    view! {
        {move || done.get().map(|what| {
            let message = if what == "seeking" {
                "Thank you. Coordinators of research groups can now see your name, course and when you finished, and invite you. You will get an e-mail if they do."
            } else {
                "You are no longer on the list. Coordinators of research groups cannot see you there."
            };
            view! { <div class="no-print"><Notice><p>{message}</p></Notice></div> }
        })}
        <ErrorSummary error=seek_error/>
        {with_data(data, move |c: CertificateView| {
            let verify = format!("/certificates/verify?code={}", c.code);
            let group_section = (c.is_holder && (!c.revoked || c.seeking_group)).then(|| {
                let code = c.code.clone();
                view! {
                    <section class="no-print" aria-labelledby="group-heading" id="group">
                        <h2 id="group-heading">"Joining a citizen research group"</h2>
                        {if c.seeking_group {
                            view! {
                                <p>"You said you would like to join a citizen research group. Coordinators of research groups can see your name, course and when you finished, and invite you. They cannot see your e-mail address."</p>
                                <ActionForm action=seek attr:class="form">
                                    <input type="hidden" name="code" value=code/>
                                    <input type="hidden" name="seeking" value="no"/>
                                    <button type="submit" class="button button-secondary">"Take me off the list"</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            view! {
                                <p>"If you say so, coordinators of research groups may see your name, course and when you finished, and invite you to join their group. They will not see your e-mail address. You can change your mind at any time."</p>
                                <ActionForm action=seek attr:class="form">
                                    <input type="hidden" name="code" value=code/>
                                    <input type="hidden" name="seeking" value="yes"/>
                                    <button type="submit" class="button">"I would like to join a citizen research group"</button>
                                </ActionForm>
                            }.into_any()
                        }}
                    </section>
                }
            });
            view! {
                <Title text=format!("Certificate: {}", c.holder)/>
                <p class="no-print breadcrumbs">
                    <a href="/training">"Training"</a> " › "
                    <a href=format!("/training/cohorts/{}", c.cohort_id)>{c.cohort_name.clone()}</a>
                </p>
                {c.revoked.then(|| view! {
                    <div class="error-summary" role="alert"><h2>"This certificate has been revoked"</h2></div>
                })}
                <p class="no-print">"To print it, use your browser's Print command (Ctrl and P together, or Cmd and P on a Mac). It fits one A4 page."</p>
                <article class="certificate" aria-labelledby="certificate-title">
                    <p class="certificate-org">{c.organisation_name.clone()}</p>
                    <h1 id="certificate-title">"Certificate of completion"</h1>
                    <p>"This is to certify that"</p>
                    <p class="certificate-name">{c.holder.clone()}</p>
                    <p>"has completed the course"</p>
                    <p class="certificate-course">{c.course_title.clone()}</p>
                    <p>{c.cohort_name.clone()}</p>
                    <p>"Issued on " {c.issued_on.clone()} " by " {c.organisation_name.clone()}</p>
                    <p class="certificate-code">"Verification code: " <strong>{c.code.clone()}</strong></p>
                    <p class="certificate-verify">"Check it at " <a href=verify.clone()>{verify.clone()}</a></p>
                </article>
                {group_section}
            }
        })}
    }
}

#[component]
pub fn VerifyView() -> impl IntoView {
    let code = query_value("code");
    let data = Resource::new(move || code.get(), |code| async move {
        match code {
            Some(code) if !code.trim().is_empty() => verify_certificate(code.clone()).await.map(|v| Some((code, v))),
            _ => Ok(None),
        }
    });
    view! {
        <Title text="Check a certificate"/>
        <h1>"Check a certificate"</h1>
        <p>"Type the verification code printed on a CoResearch certificate to check that it is genuine."</p>
        <form method="get" action="/certificates/verify" class="form">
            <div class="field">
                <label for="field-code">"Verification code"</label>
                <p class="hint" id="field-code-hint">"For example CR-AB12-CD34"</p>
                <input id="field-code" name="code" class="input" aria-describedby="field-code-hint"
                    value=move || code.get().unwrap_or_default()/>
            </div>
            <button type="submit" class="button">"Check"</button>
        </form>
        {with_data(data, |answer: Option<(String, Verification)>| answer.map(|(code, v)| {
            let (class, text) = match v {
                Verification::Valid => ("notice", format!("{code} is a valid CoResearch certificate.")),
                Verification::Revoked => ("error-summary", format!("{code} was issued but has been revoked. It is no longer valid.")),
                Verification::Unknown => ("error-summary", format!("We have no certificate with the code {code}. Check it was typed correctly.")),
            };
            view! { <div class=class role="status"><p><strong>{text}</strong></p></div> }
        }))}
    }
}
