//! Recruitment, participants and consent through the real router, as a browser without
//! JavaScript uses it: forms posted straight to server functions, messages beside fields,
//! refusals before ethics approval, and no identity in any answer to the commissioner.

use test_support::http::*;

pub(crate) const NAME: &str = "Zelda Hiddenname";

pub(crate) async fn id(app: &TestApp, sql: &str) -> String {
    app.count(sql).await.to_string()
}

/// A new SE-SURG project (led by Priya, for the NHS trust: Sam is its contact) with Tom as a
/// peer researcher on its team. Its own project, so other parts' demo data does not matter.
pub(crate) async fn project_with_tom(app: &TestApp) -> (String, String) {
    let project = worlds::awarded_project(
        &app.state.db,
        "se-surg",
        "mid-and-south-essex-nhs",
        "priya@se-surg.example",
        "sam.okafor@msenhs.example",
        "Peer support evaluation (test)",
    )
    .await
    .to_string();
    let tom = id(app, "SELECT id FROM users WHERE email = 'tom@se-surg.example'").await;
    sqlx::query("INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1)")
        .bind(project.parse::<i64>().unwrap())
        .bind(tom.parse::<i64>().unwrap())
        .execute(&app.state.db)
        .await
        .unwrap();
    (project, tom)
}

/// An approved NHS application with consent form version 1; returns the form's id.
pub(crate) async fn approve(app: &TestApp, project: &str) -> String {
    let (application,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) \
         VALUES ($1, 'nhs', 'Recovery college evaluation', 'approved', 1, 1) RETURNING id",
    )
    .bind(project.parse::<i64>().unwrap())
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    let (doc,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_documents (application_id, application_version, kind, doc_version, title, body, created_at) \
         VALUES ($1, 1, 'consent_form', 1, 'Consent form', 'I agree to take part in this evaluation.', 1) RETURNING id",
    )
    .bind(application)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    doc.to_string()
}

pub(crate) fn participant_form<'a>(project: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("project_id", project),
        ("full_name", name),
        ("phone", "07700 900555"),
        ("email", ""),
        ("address", ""),
        ("contact_notes", ""),
        ("site_id", ""),
        ("joined_on", "2026-11-01"),
    ]
}

#[tokio::test]
async fn without_javascript_a_researcher_adds_a_participant_records_consent_and_a_withdrawal() {
    for app in apps().await {
        let (project, tom_id) = project_with_tom(&app).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let list_path = format!("/projects/{project}/participants");

        // Before ethics approval the page says what is missing, and the server refuses.
        let page = app.get(&list_path, Some(&tom)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("ethics approval comes first") && page.body.contains("none has been made"), "{}", page.body);
        let refused = app.post_form("/api/project-add-participant", &participant_form(&project, NAME), Some(&tom), &list_path).await;
        assert!(refused.location().contains("__form="), "{}", refused.location());
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM participants WHERE project_id = {project}")).await, 0);

        let doc = approve(&app, &project).await;
        // A bad answer comes back beside its field with everything typed kept, though names
        // and contact details never travel in the address the form comes back through.
        let mut form = participant_form(&project, NAME);
        form.retain(|(k, _)| *k != "joined_on");
        form.push(("joined_on", "31/02/2026"));
        let bad = app.post_form("/api/project-add-participant", &form, Some(&tom), &list_path).await;
        assert!(bad.location().contains("__form="), "{}", bad.location());
        assert!(!bad.location().contains("Zelda") && !bad.location().contains("Hiddenname") && !bad.location().contains("900555"), "{}", bad.location());
        let again = app.get(bad.location(), Some(&tom)).await;
        assert!(again.body.contains("that month has 28 days"), "{}", again.body);
        assert!(again.body.contains("31/02/2026"), "the date typed is kept");
        assert!(again.body.contains(&format!("value=\"{NAME}\"")), "and the name, so nothing is typed twice");
        assert!(!app.get(bad.location(), Some(&tom)).await.body.contains(NAME), "kept for one read only");
        let missing = app.post_form("/api/project-add-participant", &participant_form(&project, " "), Some(&tom), &list_path).await;
        let again = app.get(missing.location(), Some(&tom)).await;
        assert!(again.body.contains("Enter the participant&#x27;s name") || again.body.contains("Enter the participant's name"), "{}", again.body);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM participants WHERE project_id = {project}")).await, 0);

        let added = app.post_form("/api/project-add-participant", &participant_form(&project, NAME), Some(&tom), &list_path).await;
        let participant = id(&app, &format!("SELECT id FROM participants WHERE project_id = {project}")).await;
        let page_path = format!("/projects/{project}/participants/{participant}");
        assert_eq!(added.location(), format!("{page_path}?done=added"));
        assert!(!added.location().contains("Zelda"), "no name in the address");
        let list = app.get(&list_path, Some(&tom)).await;
        assert!(list.body.contains("P-01") && !list.body.contains(NAME), "the list shows codes only");

        let consent = [
            ("project_id", project.as_str()),
            ("participant_id", participant.as_str()),
            ("document_id", doc.as_str()),
            ("consented_on", "2026-11-02"),
            ("method", "read_aloud"),
            ("taken_by", tom_id.as_str()),
            ("audio", "on"),
            ("confirmed", "on"),
        ];
        let saved = app.post_form("/api/project-record-consent", &consent, Some(&tom), &page_path).await;
        assert_eq!(saved.location(), format!("{page_path}?done=consent#consent"));
        let page = app.get(&page_path, Some(&tom)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(NAME) && page.body.contains("Consent form version 1"), "{}", page.body);
        assert!(page.body.contains("Interviews may be audio recorded"));
        let consent_id = id(&app, &format!("SELECT c.id FROM consent_records c JOIN participants p ON p.id = c.participant_id WHERE p.project_id = {project}")).await;
        let print = app.get(&format!("{page_path}/consent/{consent_id}"), Some(&tom)).await;
        assert_eq!(print.status, StatusCode::OK);
        assert!(print.body.contains("Consent record") && print.body.contains(NAME) && print.body.contains("I agree to take part"));

        let withdraw = [("project_id", project.as_str()), ("participant_id", participant.as_str()), ("withdrawn_on", "2026-11-03"), ("reason", "")];
        let first = app.post_form("/api/project-withdraw-participant", &withdraw, Some(&tom), &page_path).await;
        assert_eq!(first.location(), format!("{page_path}?done=withdrawn"));
        let second = app.post_form("/api/project-withdraw-participant", &withdraw, Some(&tom), &page_path).await;
        assert_eq!(second.location(), format!("{page_path}?done=already"));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM participant_withdrawals w JOIN participants p ON p.id = w.participant_id WHERE p.project_id = {project}")).await, 1);
        let list = app.get(&list_path, Some(&tom)).await;
        assert!(list.body.contains("Withdrawn 3 November 2026"), "{}", list.body);
        // Undoing without a reason is sent back; with one it works.
        let undo = |reason: &'static str| vec![("project_id", project.clone()), ("participant_id", participant.clone()), ("undo_reason", reason.to_string())];
        let no_reason: Vec<(&str, String)> = undo("");
        let no_reason: Vec<(&str, &str)> = no_reason.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert!(app.post_form("/api/project-undo-withdrawal", &no_reason, Some(&tom), &page_path).await.location().contains("__form="));
        let with_reason = undo("Wrong participant");
        let with_reason: Vec<(&str, &str)> = with_reason.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let undone = app.post_form("/api/project-undo-withdrawal", &with_reason, Some(&tom), &page_path).await;
        assert_eq!(undone.location(), format!("{page_path}?done=reinstated"));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM participants WHERE project_id = {project} AND withdrawn_on IS NULL")).await, 1);
        app.db.close().await;
    }
}

#[tokio::test]
async fn the_commissioner_sees_progress_counts_and_never_an_identity() {
    for app in apps().await {
        let (project, _) = project_with_tom(&app).await;
        approve(&app, &project).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let list_path = format!("/projects/{project}/participants");
        app.post_form("/api/project-add-participant", &participant_form(&project, NAME), Some(&tom), &list_path).await;
        let participant = id(&app, &format!("SELECT id FROM participants WHERE project_id = {project}")).await;
        let tally = [("project_id", project.as_str()), ("kind", "invited"), ("people", "7"), ("site_id", ""), ("note", ""), ("recorded_on", "2026-11-01")];
        let counted = app.post_form("/api/project-record-tally", &tally, Some(&tom), &format!("/projects/{project}/recruitment")).await;
        assert_eq!(counted.location(), format!("/projects/{project}/recruitment?done=invited#counts"));

        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let overview = app.get(&format!("/projects/{project}"), Some(&sam)).await;
        assert_eq!(overview.status, StatusCode::OK);
        assert!(overview.body.contains("Recruitment progress"), "{}", overview.body);
        assert!(overview.body.contains("<dt>Invited</dt><dd>7</dd>") && overview.body.contains("<dt>Joined</dt><dd>1</dd>"), "{}", overview.body);
        assert!(!overview.body.contains(&format!("/projects/{project}/participants")), "no link to participants for the commissioner");
        let paths = [
            list_path.clone(),
            format!("/projects/{project}/recruitment"),
            format!("/projects/{project}/participants/{participant}"),
        ];
        for path in &paths {
            let reply = app.get(path, Some(&sam)).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
            assert!(!reply.body.contains(NAME) && !reply.body.contains("07700"), "{path}");
        }
        // Straight to the server functions: refused, and no name in the answer.
        let direct = app.post_form("/api/project-participant", &[("project_id", &project), ("participant_id", &participant)], Some(&sam), "/").await;
        assert!(!direct.body.contains(NAME) && !direct.location().contains("Zelda"));
        let add = app.post_form("/api/project-add-participant", &participant_form(&project, "Sam's Guess"), Some(&sam), &list_path).await;
        assert!(add.location().contains("__form="));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM participants WHERE project_id = {project}")).await, 1);

        // Another group's coordinator does not learn the project's participants exist.
        let margaret = app.sign_in("margaret@whynot.example").await;
        for path in &paths {
            assert_eq!(app.get(path, Some(&margaret)).await.status, StatusCode::NOT_FOUND, "{path}");
        }
        // A member of the group who is not a researcher sees codes only.
        let priya_list = app.get(&list_path, Some(&app.sign_in("priya@se-surg.example").await)).await;
        assert!(priya_list.body.contains("P-01"));
        app.db.close().await;
    }
}
