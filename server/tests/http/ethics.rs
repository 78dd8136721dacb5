//! Ethics applications through the real router, as a browser without JavaScript would
//! use them: pages refused with the right status (an outside reviewer sees their
//! application and nothing else of the project), forms posted and redirected with their
//! messages, and the reviewer's invitation taken up without JavaScript.

use test_support::http::*;

async fn id(app: &TestApp, sql: &str) -> String {
    app.count(sql).await.to_string()
}

async fn whynot(app: &TestApp) -> (String, String) {
    let project = id(app, "SELECT id FROM projects WHERE title LIKE 'Assistive technology at home%'").await;
    let application = id(app, &format!("SELECT id FROM ethics_applications WHERE project_id = {project}")).await;
    (project, application)
}

fn path_of(location: &str) -> &str {
    location.trim_start_matches("http://127.0.0.1:3000")
}

#[tokio::test]
async fn ethics_pages_are_for_the_team_and_the_applications_reviewer_only() {
    for app in apps().await {
        let (project, application) = whynot(&app).await;
        let section = format!("/projects/{project}/ethics");
        let page = format!("{section}/{application}");

        let margaret = app.sign_in("margaret@whynot.example").await;
        let seen = app.get(&section, Some(&margaret)).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("Not yet.") && seen.body.contains("further information requested"), "{}", seen.body);
        let project_page = app.get(&format!("/projects/{project}"), Some(&margaret)).await;
        assert!(project_page.body.contains(&format!("href=\"{section}\"")), "the project page links to ethics");
        let seen = app.get(&page, Some(&margaret)).await;
        assert!(seen.body.contains("What will interviewers do if they are worried"));
        assert!(seen.body.contains("Answer the request and send it back"));

        let carol = app.sign_in("ethics.secretary@anglia.example").await;
        let seen = app.get(&page, Some(&carol)).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("Would you like to take part?"), "the reviewer reads the documents");
        assert!(!seen.body.contains("Can fieldwork begin?"), "nor the project's other approvals");
        assert!(!seen.body.contains("Answer the request"), "the reviewer does not answer for the team");
        assert_eq!(app.get(&section, Some(&carol)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/projects/{project}"), Some(&carol)).await.status, StatusCode::NOT_FOUND);
        let recovery = id(&app, "SELECT a.id FROM ethics_applications a JOIN projects p ON p.id = a.project_id WHERE p.title LIKE 'Evaluation of the recovery%'").await;
        let recovery_project = id(&app, "SELECT id FROM projects WHERE title LIKE 'Evaluation of the recovery%'").await;
        let other = format!("/projects/{recovery_project}/ethics/{recovery}");
        assert_eq!(app.get(&other, Some(&carol)).await.status, StatusCode::NOT_FOUND);
        // The application under another project's address is not found either.
        assert_eq!(app.get(&format!("/projects/{recovery_project}/ethics/{application}"), Some(&margaret)).await.status, StatusCode::NOT_FOUND);
        assert!(app.get("/ethics-reviews", Some(&carol)).await.body.contains("Assistive technology at home: university ethics application"));
        let dashboard = app.get("/dashboard", Some(&carol)).await;
        assert!(dashboard.body.contains("Ethics applications you review") && dashboard.body.contains(&page), "the reviewer's way back");
        assert!(!app.get("/dashboard", Some(&margaret)).await.body.contains("Ethics applications you review"));

        let helen = app.sign_in("helen.carter@essex-council.example").await;
        assert_eq!(app.get(&section, Some(&helen)).await.status, StatusCode::FORBIDDEN, "the commissioner sees the project, not its ethics");
        assert_eq!(app.get(&page, Some(&helen)).await.status, StatusCode::NOT_FOUND);
        let priya = app.sign_in("priya@se-surg.example").await;
        assert_eq!(app.get(&section, Some(&priya)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&page, Some(&priya)).await.status, StatusCode::NOT_FOUND);
        let seen = app.get(&other, Some(&priya)).await;
        assert!(seen.body.contains("Yes. Ethics approval is complete: fieldwork may begin."), "SE-SURG's demo approval is complete");
        app.db.close().await;
    }
}

#[tokio::test]
async fn without_javascript_the_team_answers_the_reviewer_decides_and_a_condition_is_closed() {
    for app in apps().await {
        let (project, application) = whynot(&app).await;
        let page = format!("/projects/{project}/ethics/{application}");
        let margaret = app.sign_in("margaret@whynot.example").await;
        let margaret_id = id(&app, "SELECT id FROM users WHERE email = 'margaret@whynot.example'").await;

        // An empty answer comes back with its message beside the field.
        let blank = [("application_id", application.as_str()), ("answer", " "), ("protocol", ""), ("information_sheet", ""), ("consent_form", ""), ("topic_guide", "")];
        let reply = app.post_form("/api/ethics-answer", &blank, Some(&margaret), &page).await;
        assert!(reply.location().contains("__form="), "{}", reply.location());
        let back = app.get(path_of(reply.location()), Some(&margaret)).await;
        assert!(back.body.contains("Enter your answer to the committee"), "{}", back.body);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM ethics_applications WHERE id = {application} AND state = 'information_requested'")).await, 1);

        let sheet = "## Would you like to take part?\n\nNotes are kept for five years. Complaints: 0345 603 7630.";
        let answer = [("application_id", application.as_str()), ("answer", "Interviewers ring the coordinator and follow our safeguarding steps."), ("protocol", ""), ("information_sheet", sheet), ("consent_form", ""), ("topic_guide", "")];
        let reply = app.post_form("/api/ethics-answer", &answer, Some(&margaret), &page).await;
        assert_eq!(reply.status, StatusCode::FOUND);
        assert_eq!(reply.location(), format!("{page}?done=answered"));
        assert_eq!(app.count(&format!("SELECT MAX(doc_version) FROM ethics_documents WHERE application_id = {application} AND kind = 'information_sheet'")).await, 2);

        // The reviewer: a decision without its outcome is refused and kept as typed.
        let carol = app.sign_in("ethics.secretary@anglia.example").await;
        let mut form = vec![
            ("application_id", application.as_str()),
            ("reference", "ARU-ETH-2026-114"),
            ("approved_on", "2026-12-01"),
            ("expires_on", "2027-12-01"),
            ("letter", "Approved."),
            ("condition_1", "Give every participant the safeguarding leaflet."),
            ("owner_1", margaret_id.as_str()),
            ("condition_2", ""),
            ("owner_2", ""),
            ("condition_3", ""),
            ("owner_3", ""),
        ];
        let reply = app.post_form("/api/ethics-decide", &form, Some(&carol), &page).await;
        let back = app.get(path_of(reply.location()), Some(&carol)).await;
        assert!(back.body.contains("Choose the committee&#x27;s decision") || back.body.contains("Choose the committee's decision"), "{}", back.body);
        assert!(back.body.contains("ARU-ETH-2026-114"), "the reference typed is kept");
        form.push(("outcome", "approved_with_conditions"));
        let reply = app.post_form("/api/ethics-decide", &form, Some(&carol), &page).await;
        assert_eq!(reply.location(), format!("{page}?done=decided"));
        let again = app.post_form("/api/ethics-decide", &form, Some(&carol), &page).await;
        assert!(again.location().contains("__form="), "a second decision is refused");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM ethics_conditions WHERE application_id = {application}")).await, 1);

        let condition = id(&app, &format!("SELECT id FROM ethics_conditions WHERE application_id = {application}")).await;
        let dennis = app.sign_in("dennis@whynot.example").await;
        let refused = app.post_form("/api/ethics-close-condition", &[("condition_id", &condition), ("closing_note", "Done")], Some(&dennis), &page).await;
        assert!(refused.location().contains("__form="));
        let reply = app.post_form("/api/ethics-close-condition", &[("condition_id", &condition), ("closing_note", "Leaflets printed and packed.")], Some(&margaret), &page).await;
        assert_eq!(reply.location(), format!("{page}?done=closed"));
        let seen = app.get(&format!("/projects/{project}/ethics"), Some(&margaret)).await;
        assert!(seen.body.contains("Yes. Ethics approval is complete: fieldwork may begin."), "{}", seen.body);
        app.db.close().await;
    }
}

#[tokio::test]
async fn without_javascript_a_committee_secretary_takes_up_an_invitation_to_review() {
    for app in apps().await {
        let (project, application) = whynot(&app).await;
        let page = format!("/projects/{project}/ethics/{application}");
        let margaret = app.sign_in("margaret@whynot.example").await;
        let bad = app.post_form("/api/ethics-invite-reviewer", &[("application_id", &application), ("reviewer_email", "not-an-address")], Some(&margaret), &page).await;
        let back = app.get(path_of(bad.location()), Some(&margaret)).await;
        assert!(back.body.contains("Enter an e-mail address in the right form"));
        let reply = app.post_form("/api/ethics-invite-reviewer", &[("application_id", &application), ("reviewer_email", "chair@rec.example")], Some(&margaret), &page).await;
        assert_eq!(reply.location(), format!("{page}?done=invited"));
        let token = support::link_token(&app.state, "chair@rec.example", "/ethics-reviews/");
        assert_eq!(app.count("SELECT COUNT(*) FROM ethics_review_invitations WHERE token_hash LIKE '%' AND email = 'chair@rec.example'").await, 1);

        let invitation = app.get(&format!("/ethics-reviews/{token}"), None).await;
        assert_eq!(invitation.status, StatusCode::OK);
        assert!(invitation.body.contains("Create your account to review"));
        let reply = app
            .post_form("/api/ethics-accept-review", &[("token", &token), ("name", "Dr Amir Khan"), ("password", "minutes of the last meeting")], None, &format!("/ethics-reviews/{token}"))
            .await;
        assert_eq!(reply.location(), format!("/projects/{project}/ethics/{application}?done=reviewer"));
        let cookie = reply.session_cookie().expect("signed in");
        let seen = app.get(reply.location(), Some(&cookie)).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("You can now review this application"));
        assert_eq!(app.get(&format!("/projects/{project}"), Some(&cookie)).await.status, StatusCode::NOT_FOUND);
        let used = app.get(&format!("/ethics-reviews/{token}"), None).await;
        assert!(used.body.contains("already been accepted"));
        app.db.close().await;
    }
}
