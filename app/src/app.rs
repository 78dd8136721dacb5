//! The page shell, the header with its navigation, and the routes.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::{use_location, use_query_map};
use leptos_router::{path, SsrMode};

use crate::accounts::api::{signed_in_user, SignOut};
use crate::accounts::Me;
use crate::accounts::pages::*;
use crate::identity::CurrentUser;
use crate::commissioning::pages::BriefRoutes;
use crate::dashboard::DashboardPage;
use crate::organisations::pages::*;
use crate::identity::OrgKind;
use crate::projects::ethics::pages::EthicsRoutes;
use crate::projects::pages::ProjectRoutes;
use crate::training::pages::TrainingRoutes;
use crate::ui::{Notice, NotFound};

/// The whole HTML document. Display preferences go on `<html>` here, on the server,
/// so they apply before any JavaScript loads.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos::hydration::{AutoReload, HydrationScripts};
    use leptos_meta::{HashedStylesheet, MetaTags};
    crate::platform::headers::set_page_policy();
    let classes = crate::accounts::session::current_user()
        .map(|user| user.preference_classes())
        .unwrap_or_default();
    view! {
        <!DOCTYPE html>
        <html lang="en-GB" class=classes>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // /pkg/coresearch.<hash of its content>.css when the build hashed the names.
                <HashedStylesheet options=options.clone() id="leptos"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}


#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|text: String| format!("{text} – CoResearch")/>
        <Router>
            <Layout/>
        </Router>
    }
}

#[component]
fn Layout() -> impl IntoView {
    let location = use_location();
    let me = Resource::new(move || (location.pathname.get(), location.search.get()), |_| signed_in_user());
    provide_context(Me(me));
    // A failed form's answer, kept out of the address.
    crate::ui::form_return::provide_returned_error();

    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="site-header">
            <div class="site-header-inner">
                <a class="brand" href="/">"CoResearch"</a>
                <Transition fallback=|| view! { <nav aria-label="Main" class="main-nav"></nav> }>
                    {move || Suspend::new(async move {
                        let person = me.await.ok().flatten();
                        view! { <MainNav person/> }
                    })}
                </Transition>
            </div>
        </header>
        <main id="main" tabindex="-1" class="page">
            <Routes fallback=NotFound>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                <Route path=path!("/register/check-email") view=CheckEmailPage ssr=SsrMode::Async/>
                <Route path=path!("/verify-email") view=VerifyEmailPage ssr=SsrMode::Async/>
                <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/continue-form") view=crate::accounts::kept_forms::ContinueFormPage ssr=SsrMode::Async/>
                <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                <Route path=path!("/account/confirm-email") view=ConfirmEmailChangePage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async/>
                <Route path=path!("/organisations") view=OrganisationsPage ssr=SsrMode::Async/>
                <Route path=path!("/organisations/:slug") view=OrganisationPage ssr=SsrMode::Async/>
                <Route path=path!("/organisations/:slug/activity") view=crate::activity::pages::ActivityView ssr=SsrMode::Async/>
                <Route path=path!("/invitations/:token") view=InvitationPage ssr=SsrMode::Async/>
                <Route path=path!("/consent/:token") view=crate::projects::consent::online::pages::OnlineConsentPage ssr=SsrMode::Async/>
                <Route path=path!("/consent-given") view=crate::projects::consent::online::pages::ConsentGivenPage/>
                <Route path=path!("/research/:id") view=crate::projects::outputs::pages::PublicProjectView ssr=SsrMode::Async/>
                <Route path=path!("/privacy") view=crate::accounts::privacy::PrivacyPage/>
                <Route path=path!("/account/my-data") view=crate::my_data::pages::MyDataPage ssr=SsrMode::Async/>
                <Route path=path!("/account/erase") view=crate::my_data::pages::EraseAccountPage/>
                <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/audit") view=crate::audit::pages::AuditTrailPage ssr=SsrMode::Async/>
                <TrainingRoutes/>
                <BriefRoutes/>
                <ProjectRoutes/>
                <EthicsRoutes/>
            </Routes>
        </main>
        <footer class="site-footer">
            <p>"CoResearch: research by and with the people it is about."</p>
            <p><a href="/account#preferences">"Make the text larger or change the contrast"</a></p>
            <p><a href="/privacy">"Privacy: what we keep and why"</a></p>
        </footer>
    }
}

/// Navigation for what the person can use.
#[component]
fn MainNav(person: Option<CurrentUser>) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    match person {
        Some(person) => {
            let is_admin = person.is_admin;
            // Briefs and projects are for research groups and commissioners; training is for everyone.
            let works_on_briefs =
                person.belongs_to_kind(OrgKind::ResearchGroup) || person.belongs_to_kind(OrgKind::Commissioner);
            view! {
                <nav aria-label="Main" class="main-nav">
                    <ul>
                        <li><A href="/dashboard">"Dashboard"</A></li>
                        <li><A href="/training">"Training"</A></li>
                        {works_on_briefs.then(|| view! {
                            <li><A href="/briefs">"Briefs"</A></li>
                            <li><A href="/projects">"Projects"</A></li>
                        })}
                        <li><A href="/organisations">"Groups"</A></li>
                        {is_admin.then(|| view! { <li><A href="/admin">"Admin"</A></li> })}
                        <li><A href="/account">"Your account"</A></li>
                        <li>
                            <ActionForm action=sign_out attr:class="inline-form">
                                <button type="submit" class="link-button">"Sign out"</button>
                            </ActionForm>
                        </li>
                    </ul>
                    <p class="signed-in-as">"Signed in as " <strong>{person.name}</strong></p>
                </nav>
            }
            .into_any()
        }
        None => view! {
            <nav aria-label="Main" class="main-nav">
                <ul>
                    <li><A href="/sign-in">"Sign in"</A></li>
                    <li><A href="/register">"Create an account"</A></li>
                </ul>
            </nav>
        }
        .into_any(),
    }
}

#[component]
fn HomePage() -> impl IntoView {
    let Me(me) = expect_context::<Me>();
    let query = use_query_map();
    let signed_out = move || query.with(|q| q.get("signed_out").or_else(|| q.get("erased").map(|_| "erased".to_string())));
    view! {
        <Title text="Welcome"/>
        {move || signed_out().map(|how| {
            let text = if how == "everywhere" {
                "You have signed out on every computer and phone. Thank you for using CoResearch."
            } else if how == "erased" {
                "Your account has been erased and you are signed out. Thank you for the part you played."
            } else {
                "You have signed out. Thank you for using CoResearch."
            };
            view! { <Notice><p>{text}</p></Notice> }
        })}
        <h1>"CoResearch"</h1>
        <p class="lead">
            "A home for citizen research: older people, people with experience of mental distress and others "
            "who are trained as researchers, work together in research groups, and are asked by councils, "
            "the NHS and charities to find out how local services work for the people who use them."
        </p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await.ok().flatten() {
                    Some(person) => view! {
                        <p>"Welcome back, " {person.name} "."</p>
                        <p><a class="button" href="/dashboard">"Go to your dashboard"</a></p>
                    }
                    .into_any(),
                    None => view! {
                        <div class="actions">
                            <a class="button" href="/sign-in">"Sign in"</a>
                            <a class="button button-secondary" href="/register">"Create an account"</a>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
        <h2>"What you can do here"</h2>
        <ul class="spaced">
            <li><strong>"Learn research skills"</strong>" at your own pace, with a trainer and others on your course."</li>
            <li><strong>"Work with your group"</strong>" to answer research briefs from commissioners."</li>
            <li><strong>"Run your projects"</strong>" from the first plan to the final report and the difference it makes."</li>
        </ul>
    }
}
