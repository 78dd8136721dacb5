//! Findings checked with participants through the real router, as a browser without
//! JavaScript sends it: the summary saved and sent, the letters page, a feedback event with
//! a comment against a theme, a failed save coming back with its message and what was
//! typed, and refusals (a peer researcher of another project, the commissioner, the
//! academic supporter where not allowed, someone signed out).

use test_support::http::*;

/// A new SE-SURG project (Priya leads) with Tom as a peer researcher, Nadia Bell as academic
/// supporter, a theme, and two participants who agreed to be contacted again: Ann by e-mail,
/// Bert by letter. Returns (project id, theme id).
async fn project(app: &TestApp) -> (String, String) {
    let db = &app.state.db;
    let project = worlds::awarded_project(db, "se-surg", "mid-and-south-essex-nhs", "priya@se-surg.example", "sam.okafor@msenhs.example", "Findings over HTTP (test)").await;
    for (email, role) in [("tom@se-surg.example", "peer_researcher"), ("nadia.bell@aru.example", "academic_supporter")] {
        let user = worlds::user_id(db, email).await;
        sqlx::query("INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, $3, 1)").bind(project).bind(user).bind(role).execute(db).await.unwrap();
    }
    let (theme,): (i64,) = sqlx::query_as(
        "INSERT INTO analysis_themes (project_id, name, description, created_at, updated_at) VALUES ($1, 'Peer tutors matter', 'Tutors who had been there', 1, 1) RETURNING id",
    )
    .bind(project)
    .fetch_one(db)
    .await
    .unwrap();
    let (application,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) VALUES ($1, 'nhs', 'NHS ethics', 'approved', 1, 1) RETURNING id",
    )
    .bind(project)
    .fetch_one(db)
    .await
    .unwrap();
    let (form,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_documents (application_id, application_version, kind, doc_version, title, body, created_at) VALUES ($1, 1, 'consent_form', 1, 'Consent', 'I agree.', 1) RETURNING id",
    )
    .bind(application)
    .fetch_one(db)
    .await
    .unwrap();
    for (seq, name, email) in [(1_i64, "Ann Agreed", "ann@example.org"), (2, "Bert Byletter", "")] {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO participants (project_id, seq, code, joined_on, created_at, updated_at) VALUES ($1, $2, $3, '2026-11-01', 1, 1) RETURNING id",
        )
        .bind(project)
        .bind(seq)
        .bind(format!("P-{seq:02}"))
        .fetch_one(db)
        .await
        .unwrap();
        sqlx::query("INSERT INTO participant_identities (participant_id, full_name, email, address, updated_at) VALUES ($1, $2, $3, '2 Station Road', 1)")
            .bind(id)
            .bind(name)
            .bind(email)
            .execute(db)
            .await
            .unwrap();
        sqlx::query("INSERT INTO consent_records (participant_id, document_id, consented_on, method, agrees_recontact, created_at) VALUES ($1, $2, '2026-11-02', 'paper', 1, 1)")
            .bind(id)
            .bind(form)
            .execute(db)
            .await
            .unwrap();
    }
    (project.to_string(), theme.to_string())
}

#[tokio::test]
async fn without_javascript_a_researcher_sends_the_summary_and_records_a_feedback_event() {
    for app in apps().await {
        let (project, theme) = project(&app).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let page_path = format!("/projects/{project}/findings");
        let page = app.get(&page_path, Some(&tom)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Check findings with participants") && page.body.contains("Peer tutors matter: Tutors who had been there"), "{}", page.body);
        assert!(!page.body.contains("Ann Agreed") && page.body.contains("P-01"), "codes, never names, on the page");

        // An empty summary comes back with its message.
        let empty = app.post_form("/api/findings-save-summary", &[("project_id", project.as_str()), ("summary", "  ")], Some(&tom), &page_path).await;
        let shown = app.get(empty.location(), Some(&tom)).await;
        assert!(shown.body.contains("Enter the summary"), "{}", shown.body);
        let saved = app.post_form("/api/findings-save-summary", &[("project_id", project.as_str()), ("summary", "Peer tutors made the difference.")], Some(&tom), &page_path).await;
        assert_eq!(saved.location(), format!("{page_path}?done=summary-saved#summary"));

        let sent = app.post_form("/api/findings-send-summary", &[("project_id", project.as_str())], Some(&tom), &page_path).await;
        assert_eq!(sent.location(), format!("{page_path}?done=sent&emailed=1&letters=1#sending"));
        assert!(!sent.location().contains("Ann") && !sent.location().contains("example.org"));
        let mails = app.state.mailer.sent();
        assert_eq!(mails.iter().filter(|m| m.to.contains("ann@example.org")).count(), 1);
        let shown = app.get(sent.location(), Some(&tom)).await;
        assert!(shown.body.contains("1 e-mails went to participants") || shown.body.contains("The summary is sent"), "{}", shown.body);
        // Sent again: nobody mailed twice.
        app.post_form("/api/findings-send-summary", &[("project_id", project.as_str())], Some(&tom), &page_path).await;
        assert_eq!(app.state.mailer.sent().iter().filter(|m| m.to.contains("ann@example.org")).count(), 1);

        let letters = app.get(&format!("{page_path}/letters"), Some(&tom)).await;
        assert_eq!(letters.status, StatusCode::OK);
        assert!(letters.body.contains("Bert Byletter") && letters.body.contains("2 Station Road") && letters.body.contains("Peer tutors made the difference."));
        assert!(!letters.body.contains("Ann Agreed"), "Ann had an e-mail");

        // A feedback event: a bad number comes back with what was typed; then it is recorded.
        let comment_field = "comments[0]";
        let bad = app
            .post_form(
                "/api/findings-record-event",
                &[("project_id", project.as_str()), ("held_on", "03/11/2026"), ("attendance", "lots"), ("note", "Tea and talk"), ("theme_ids[0]", theme.as_str()), (comment_field, "Everyone agreed")],
                Some(&tom),
                &page_path,
            )
            .await;
        let shown = app.get(bad.location(), Some(&tom)).await;
        assert!(shown.body.contains("how many people came") && shown.body.contains("Everyone agreed") && shown.body.contains("Tea and talk"), "{}", shown.body);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM findings_feedback_events WHERE project_id = {project}")).await, 0);
        let good = app
            .post_form(
                "/api/findings-record-event",
                &[("project_id", project.as_str()), ("held_on", "03/11/2026"), ("attendance", "14"), ("note", "Tea and talk"), ("theme_ids[0]", theme.as_str()), (comment_field, "Everyone agreed")],
                Some(&tom),
                &page_path,
            )
            .await;
        assert_eq!(good.location(), format!("{page_path}?done=event-recorded#events"));
        let page = app.get(&page_path, Some(&tom)).await;
        assert!(page.body.contains("14 people came") && page.body.contains("Everyone agreed"), "{}", page.body);
        assert!(page.body.contains("check-met"), "the gate's line is met");

        // The academic supporter reads the event and its comment, but not the participants or the letters.
        let nadia = app.sign_in("nadia.bell@aru.example").await;
        let page = app.get(&page_path, Some(&nadia)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Everyone agreed") && !page.body.contains("P-01") && !page.body.contains("Send the saved summary"), "{}", page.body);
        assert_eq!(app.get(&format!("{page_path}/letters"), Some(&nadia)).await.status, StatusCode::FORBIDDEN);
        app.db.close().await;
    }
}

#[tokio::test]
async fn only_the_team_reaches_the_findings() {
    for app in apps().await {
        let (project, _) = project(&app).await;
        let page_path = format!("/projects/{project}/findings");
        let letters = format!("{page_path}/letters");
        // A peer researcher of another project (WhyNot!'s Dennis), the commissioner: not found.
        let dennis = app.sign_in("dennis@whynot.example").await;
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        for (who, cookie) in [("another project's peer researcher", &dennis), ("the commissioner", &sam)] {
            for path in [&page_path, &letters] {
                let reply = app.get(path, Some(cookie)).await;
                assert_eq!(reply.status, StatusCode::NOT_FOUND, "{who} {path}");
                assert!(!reply.body.contains("Bert Byletter") && !reply.body.contains("Peer tutors matter"), "{who} {path}");
            }
            app.post_form("/api/findings-send-summary", &[("project_id", project.as_str())], Some(cookie), &page_path).await;
            app.post_form("/api/findings-no-event-reason", &[("project_id", project.as_str()), ("reason", "Mine")], Some(cookie), &page_path).await;
        }
        // The academic supporter may not write or send.
        let nadia = app.sign_in("nadia.bell@aru.example").await;
        app.post_form("/api/findings-save-summary", &[("project_id", project.as_str()), ("summary", "Mine")], Some(&nadia), &page_path).await;
        app.post_form("/api/findings-send-summary", &[("project_id", project.as_str())], Some(&nadia), &page_path).await;
        // Signed out: asked to sign in, nothing shown.
        let reply = app.get(&page_path, None).await;
        assert!(!reply.body.contains("Peer tutors matter") && reply.body.to_lowercase().contains("sign in"), "{}", reply.body);
        let reply = app.get(&letters, None).await;
        assert!(!reply.body.contains("Bert Byletter"));
        app.post_form("/api/findings-send-summary", &[("project_id", project.as_str())], None, &page_path).await;

        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM findings_projects WHERE project_id = {project}")).await, 0);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM findings_summary_sends WHERE project_id = {project}")).await, 0);
        assert!(app.state.mailer.sent().iter().all(|m| !m.to.contains("ann@example.org")));
        app.db.close().await;
    }
}
