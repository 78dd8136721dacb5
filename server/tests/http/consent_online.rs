//! Online consent through the real router without JavaScript: a researcher sends the link,
//! the participant opens it without signing in, is sent back with messages beside the
//! fields, consents, and the link then explains it is used; refusals for those who may not
//! send links; the public page's rate limit.

use test_support::http::*;

use crate::consent::{approve, id, participant_form, project_with_tom, NAME};

const EMAIL: &str = "zelda@example.org";

/// A participant with an e-mail address on an approved project; returns (project, participant, page path).
async fn participant_with_email(app: &TestApp, tom: &str) -> (String, String, String) {
    let (project, _) = project_with_tom(app).await;
    approve(app, &project).await;
    let list_path = format!("/projects/{project}/participants");
    let mut form = participant_form(&project, NAME);
    form.retain(|(k, _)| *k != "email");
    form.push(("email", EMAIL));
    app.post_form("/api/project-add-participant", &form, Some(tom), &list_path).await;
    let participant = id(app, &format!("SELECT id FROM participants WHERE project_id = {project}")).await;
    let page = format!("/projects/{project}/participants/{participant}");
    (project, participant, page)
}

#[tokio::test]
async fn without_javascript_a_participant_gives_consent_online_on_the_emailed_link() {
    for app in apps().await {
        let tom = app.sign_in("tom@se-surg.example").await;
        let (project, participant, page_path) = participant_with_email(&app, &tom).await;
        let page = app.get(&page_path, Some(&tom)).await;
        assert!(page.body.contains("Consent online") && page.body.contains("E-mail the participant a consent link"), "{}", page.body);

        let ids = [("project_id", project.as_str()), ("participant_id", participant.as_str())];
        let sent = app.post_form("/api/project-send-consent-link", &ids, Some(&tom), &page_path).await;
        assert_eq!(sent.location(), format!("{page_path}?done=link-sent#online-consent"));
        let page = app.get(&page_path, Some(&tom)).await;
        assert!(page.body.contains("Waiting for the participant") && page.body.contains("Send a new link"), "{}", page.body);
        let token = support::link_token(&app.state, EMAIL, "/consent/");
        let link = format!("/consent/{token}");

        // The participant, not signed in, reads the approved form.
        let form = app.get(&link, None).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("I agree to take part in this evaluation.") && form.body.contains("Tick each statement"), "{}", form.body);
        assert!(!form.body.contains(NAME) && !form.body.contains(EMAIL), "the page shows no identity");
        let doc = id(&app, "SELECT MAX(id) FROM ethics_documents WHERE kind = 'consent_form'").await;

        // Nothing ticked and no name: back to the page with messages, the choice kept, no name in the address.
        let bad = app
            .post_form("/api/online-consent-give", &[("token", &token), ("document_id", &doc), ("audio", "on"), ("full_name", "")], None, &link)
            .await;
        assert!(bad.location().contains("__form="), "{}", bad.location());
        let again = app.get(bad.location().trim_start_matches("http://127.0.0.1:3000"), None).await;
        assert!(again.body.contains("Tick each statement to say you agree") && again.body.contains("Enter your full name"), "{}", again.body);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM consent_records WHERE participant_id = {participant}")).await, 0);
        let typed = app
            .post_form("/api/online-consent-give", &[("token", &token), ("document_id", &doc), ("full_name", NAME)], None, &link)
            .await;
        assert!(!typed.location().contains("Zelda") && !typed.location().contains("Hiddenname"), "{}", typed.location());
        // The name typed is kept for the form (held on the server for one read, not in the address).
        let kept = app.get(typed.location().trim_start_matches("http://127.0.0.1:3000"), None).await;
        assert!(kept.body.contains(&format!("value=\"{NAME}\"")), "the typed name is back in its field: {}", kept.body);

        let given = app
            .post_form(
                "/api/online-consent-give",
                &[("token", &token), ("document_id", &doc), ("ticked[0]", "on"), ("audio", "on"), ("full_name", NAME)],
                None,
                &link,
            )
            .await;
        assert_eq!(given.location(), "/consent-given");
        assert!(app.get("/consent-given", None).await.body.contains("your consent is recorded"));
        // The link now explains itself; a second answer is refused.
        let used = app.get(&link, None).await;
        assert_eq!(used.status, StatusCode::BAD_REQUEST);
        assert!(used.body.contains("This consent link cannot be used") && used.body.contains("already been used"), "{}", used.body);
        let twice = app
            .post_form("/api/online-consent-give", &[("token", &token), ("document_id", &doc), ("ticked[0]", "on"), ("full_name", NAME)], None, &link)
            .await;
        assert!(twice.location().contains("__form="));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM consent_records WHERE participant_id = {participant} AND method = 'online'")).await, 1);
        // The researcher sees the online record and the link used.
        let page = app.get(&page_path, Some(&tom)).await;
        assert!(page.body.contains("Given online by the participant") && page.body.contains("Used: the participant gave consent online"), "{}", page.body);
        assert!(page.body.contains("Interviews may be audio recorded"));
        assert!(page.body.contains("Name typed as their signature") && page.body.contains(NAME), "{}", page.body);
        let unknown = app.get("/consent/made-up-token", None).await;
        assert!(unknown.body.contains("does not work"), "{}", unknown.body);
        app.db.close().await;
    }
}

#[tokio::test]
async fn only_the_projects_researchers_send_consent_links() {
    for app in apps().await {
        let tom = app.sign_in("tom@se-surg.example").await;
        let (project, participant, page_path) = participant_with_email(&app, &tom).await;
        let ids = [("project_id", project.as_str()), ("participant_id", participant.as_str())];
        // Another project's researcher (WhyNot!'s coordinator leads her own project) and the commissioner.
        for who in ["margaret@whynot.example", "sam.okafor@msenhs.example"] {
            let cookie = app.sign_in(who).await;
            let refused = app.post_form("/api/project-send-consent-link", &ids, Some(&cookie), &page_path).await;
            assert!(refused.location().contains("__form=") || refused.status.is_client_error(), "{who}: {} {}", refused.status, refused.location());
            let panel = app.post_form("/api/project-online-consent", &ids, Some(&cookie), "/").await;
            assert!(!panel.body.contains("has_email"), "{who} gets no link state");
        }
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM consent_invitations WHERE project_id = {project}")).await, 0);
        assert!(app.state.mailer.sent().iter().all(|m| m.to != EMAIL), "no e-mail went out");

        // With no address held, the page says so beside the button.
        let list_path = format!("/projects/{project}/participants");
        app.post_form("/api/project-add-participant", &participant_form(&project, "Olga Noemail"), Some(&tom), &list_path).await;
        let other = id(&app, &format!("SELECT MAX(id) FROM participants WHERE project_id = {project}")).await;
        let page = app.get(&format!("{list_path}/{other}"), Some(&tom)).await;
        assert!(page.body.contains("There is no e-mail address for this participant"), "{}", page.body);
        app.db.close().await;
    }
}

fn page_from(path: &str, peer: &str) -> Request<Body> {
    from_peer(Request::builder().uri(path).header(header::ACCEPT, "text/html").body(Body::empty()).unwrap(), peer, None)
}

#[tokio::test]
async fn guessing_at_consent_links_is_rate_limited() {
    for app in apps().await {
        // Many guesses from one address.
        for n in 0..60 {
            let reply = app.send(page_from(&format!("/consent/guess-{n}"), "203.0.113.40")).await;
            assert!(reply.body.contains("does not work"), "{n}: {}", reply.body);
        }
        let blocked = app.send(page_from("/consent/guess-61", "203.0.113.40")).await;
        assert!(blocked.body.contains("a lot of these requests"), "{}", blocked.body);
        // One link tried again and again, from many addresses.
        for n in 0..30 {
            app.send(page_from("/consent/the-same-guess", &format!("203.0.113.{}", 100 + n))).await;
        }
        let blocked = app.send(page_from("/consent/the-same-guess", "203.0.113.200")).await;
        assert!(blocked.body.contains("a lot of these requests"), "{}", blocked.body);
        app.db.close().await;
    }
}
