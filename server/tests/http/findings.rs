//! Findings checked with participants through the real router, as a browser without
//! JavaScript sends it: the summary saved and sent, the letters page, a feedback event with
//! a comment against a theme, a failed save coming back with its message and what was
//! typed, a feedback event corrected and removed on its own page, and refusals (a peer
//! researcher of another project, the commissioner, the academic supporter where not
//! allowed, someone signed out).

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

/// Tom records a feedback event (14 came, a comment on the theme) over HTTP; its id.
async fn recorded_event(app: &TestApp, project: &str, theme: &str, tom: &str) -> String {
    let page_path = format!("/projects/{project}/findings");
    let form = [("project_id", project), ("held_on", "03/11/2026"), ("attendance", "14"), ("note", "Tea and talk"), ("theme_ids[0]", theme), ("comments[0]", "Everyone agreed")];
    let good = app.post_form("/api/findings-record-event", &form, Some(tom), &page_path).await;
    assert_eq!(good.location(), format!("{page_path}?done=event-recorded#events"));
    app.count(&format!("SELECT MAX(id) FROM findings_feedback_events WHERE project_id = {project}")).await.to_string()
}

#[tokio::test]
async fn without_javascript_a_researcher_corrects_a_feedback_event_then_removes_it() {
    for app in apps().await {
        let (project, theme) = project(&app).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let event = recorded_event(&app, &project, &theme, &tom).await;
        let page_path = format!("/projects/{project}/findings");
        let event_path = format!("{page_path}/events/{event}");

        // The findings page links to the event's page, named with its date.
        let page = app.get(&page_path, Some(&tom)).await;
        assert!(page.body.contains(&format!("href=\"{event_path}\"")) && page.body.contains("the feedback event on 3 November 2026"), "{}", page.body);
        let shown = app.get(&event_path, Some(&tom)).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.body.contains("Correct the feedback event") && shown.body.contains("value=\"03/11/2026\"") && shown.body.contains("value=\"14\""), "{}", shown.body);
        assert!(shown.body.contains("Tea and talk") && shown.body.contains("Everyone agreed"), "filled in with what was saved");

        // A bad number comes back beside its field, with everything typed kept.
        let form = |attendance: &'static str| {
            [
                ("project_id", project.clone()),
                ("event_id", event.clone()),
                ("held_on", "04/11/2026".to_string()),
                ("attendance", attendance.to_string()),
                ("note", "Tea, talk and cake".to_string()),
                ("theme_ids[0]", theme.clone()),
                ("comments[0]", "Most agreed".to_string()),
            ]
        };
        let bad = form("about twenty");
        let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let back = app.post_form("/api/findings-change-event", &bad, Some(&tom), &event_path).await;
        let shown = app.get(back.location(), Some(&tom)).await;
        assert!(shown.body.contains("id=\"field-attendance-error\"") && shown.body.contains("as a whole number"), "{}", shown.body);
        assert!(shown.body.contains("value=\"about twenty\"") && shown.body.contains("value=\"04/11/2026\""), "{}", shown.body);
        assert!(shown.body.contains("Tea, talk and cake") && shown.body.contains("Most agreed"), "{}", shown.body);
        assert_eq!(app.count(&format!("SELECT attendance FROM findings_feedback_events WHERE id = {event}")).await, 14);

        let good = form("20");
        let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let saved = app.post_form("/api/findings-change-event", &good, Some(&tom), &event_path).await;
        assert_eq!(saved.location(), format!("{page_path}?done=event-changed#events"));
        let page = app.get(saved.location(), Some(&tom)).await;
        assert!(page.body.contains("The feedback event is corrected.") && page.body.contains("20 people came") && page.body.contains("Most agreed"), "{}", page.body);

        // Removing needs the tick; then it goes, and the gate's line is unmet again.
        let unticked = app.post_form("/api/findings-remove-event", &[("project_id", project.as_str()), ("event_id", event.as_str())], Some(&tom), &event_path).await;
        let shown = app.get(unticked.location(), Some(&tom)).await;
        assert!(shown.body.contains("Tick the box to say you want to remove this feedback event"), "{}", shown.body);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM findings_feedback_events WHERE id = {event}")).await, 1);
        let removed = app
            .post_form("/api/findings-remove-event", &[("project_id", project.as_str()), ("event_id", event.as_str()), ("confirm_remove", "on")], Some(&tom), &event_path)
            .await;
        assert_eq!(removed.location(), format!("{page_path}?done=event-removed#events"));
        let page = app.get(removed.location(), Some(&tom)).await;
        assert!(page.body.contains("The feedback event is removed.") && page.body.contains("check-unmet") && !page.body.contains("20 people came"), "{}", page.body);
        assert_eq!(app.get(&event_path, Some(&tom)).await.status, StatusCode::NOT_FOUND);
        app.db.close().await;
    }
}

#[tokio::test]
async fn only_the_projects_researchers_reach_a_feedback_events_page() {
    for app in apps().await {
        let (project, theme) = project(&app).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let event = recorded_event(&app, &project, &theme, &tom).await;
        let event_path = format!("/projects/{project}/findings/events/{event}");
        let change = [("project_id", project.as_str()), ("event_id", event.as_str()), ("held_on", "04/11/2026"), ("attendance", "1"), ("note", "Mine")];
        let remove = [("project_id", project.as_str()), ("event_id", event.as_str()), ("confirm_remove", "on")];

        // The academic supporter reads the event on the findings page but is told no here.
        let nadia = app.sign_in("nadia.bell@aru.example").await;
        assert_eq!(app.get(&event_path, Some(&nadia)).await.status, StatusCode::FORBIDDEN);
        // Another project's peer researcher and the commissioner: not found, nothing shown.
        let dennis = app.sign_in("dennis@whynot.example").await;
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        for cookie in [&dennis, &sam] {
            let reply = app.get(&event_path, Some(cookie)).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND);
            assert!(!reply.body.contains("Tea and talk") && !reply.body.contains("Everyone agreed"));
        }
        for cookie in [&nadia, &dennis, &sam] {
            let refused = app.post_form("/api/findings-change-event", &change, Some(cookie), &event_path).await;
            assert_ne!(refused.status, StatusCode::OK);
            let refused = app.post_form("/api/findings-remove-event", &remove, Some(cookie), &event_path).await;
            assert_ne!(refused.status, StatusCode::OK);
        }
        // Signed out: asked to sign in, nothing shown.
        let reply = app.get(&event_path, None).await;
        assert!(!reply.body.contains("Tea and talk"));
        app.post_form("/api/findings-remove-event", &remove, None, &event_path).await;

        assert_eq!(app.count(&format!("SELECT attendance FROM findings_feedback_events WHERE id = {event}")).await, 14);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM audit_events WHERE record_kind = 'feedback_event' AND action <> 'feedback_event_recorded' AND project_id = {project}")).await, 0);
        app.db.close().await;
    }
}
