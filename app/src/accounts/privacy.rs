//! The privacy page: what CoResearch keeps about people, why, for how long, and who sees
//! it, in plain words. It describes what the code does (the session lengths come from the
//! settings), so it is kept next to the accounts it is mostly about.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Privacy: what we keep and why"/>
        <h1>"Privacy: what we keep and why"</h1>
        <p class="lead">"CoResearch helps citizen research groups train, take on commissions and carry out research. Some of what it holds is about health, so the law treats it with extra care. This page says what we keep, why, for how long, and who can see it."</p>

        <section aria-labelledby="account-heading">
            <h2 id="account-heading">"Your account"</h2>
            <ul>
                <li>"Your name, e-mail address and a scrambled form of your password (nobody, not even us, can read your password)."</li>
                <li>"Which groups and organisations you belong to, and your role in each."</li>
                <li>"Your display choices, such as larger text."</li>
                <li>"When you sign in, we note the time, your browser and your internet address, to keep your account safe. A sign-in ends after 2 hours without use and after 12 hours in any case. You can see and end your sign-ins on your account page."</li>
            </ul>
            <p>"We keep these while you have an account."</p>
        </section>

        <section aria-labelledby="training-heading">
            <h2 id="training-heading">"Training"</h2>
            <p>"Your attendance, knowledge checks, learning log and certificates. Your trainers see these so they can support you. Learning-log entries you keep private are seen by you alone. Certificates can be checked by anyone who has the certificate's code, so that an employer or a commissioner can trust it."</p>
        </section>

        <section aria-labelledby="research-heading">
            <h2 id="research-heading">"Research projects"</h2>
            <ul>
                <li>"People who take part in a study are known by a code, such as P-04. Their real names and contact details are kept apart and seen only by the project's researchers. Commissioners never see them."</li>
                <li>"Consent records say which version of the consent form someone saw and what they agreed to. If someone withdraws, their data is marked and left out of analysis."</li>
                <li>"Recordings, transcripts and notes are kept only until the date in the project's data management plan, and only the project's researchers can open them."</li>
                <li>"A researcher's debrief after a session is seen only by them and the supporter they choose."</li>
            </ul>
        </section>

        <section aria-labelledby="record-heading">
            <h2 id="record-heading">"The record of changes"</h2>
            <p>"To keep research trustworthy and accounts safe, we keep a record of important actions: signing in, role changes, invitations, certificates, downloads, consent, withdrawals, ethics decisions and project stages. It says who did what and when, and never holds personal details such as names of participants or what was written. Nobody can change it."</p>
        </section>

        <section aria-labelledby="rights-heading">
            <h2 id="rights-heading">"Your rights"</h2>
            <p>"You can see and correct your details on your account page. You can ask for a copy of what we hold about you, or for your account to be removed. Research records that must be kept, such as a consent record, are then kept under the participant's code only, as the project's data management plan says. If you are unhappy with how your data is used, you can talk to your group's coordinator, or complain to the Information Commissioner's Office (ico.org.uk)."</p>
        </section>

        <section aria-labelledby="cleanup-heading">
            <h2 id="cleanup-heading">"What we remove"</h2>
            <p>"Ended sign-ins, used or expired e-mail links and invitations nobody took up are removed automatically."</p>
        </section>
    }
}
