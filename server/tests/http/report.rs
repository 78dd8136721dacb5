//! The report through the real router, as a browser without JavaScript sends it: a section
//! and a lay summary written, a version saved and sent, a failed send coming back with its
//! message beside the lay summary, the commissioner signing off, and refusals (the
//! commissioner never sees drafts or unsent versions; other groups, peer researchers and
//! people signed out are refused).

use test_support::http::*;

/// A new WhyNot! project (Margaret leads, Helen Carter the contact) with Dennis as a peer
/// researcher.
async fn project(app: &TestApp) -> String {
    let db = &app.state.db;
    let project = worlds::awarded_project(db, "whynot", "essex-county-council", "margaret@whynot.example", "helen.carter@essex-council.example", "Report over HTTP (test)").await;
    let dennis = worlds::user_id(db, "dennis@whynot.example").await;
    sqlx::query("INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1)").bind(project).bind(dennis).execute(db).await.unwrap();
    project.to_string()
}

#[tokio::test]
async fn without_javascript_the_lead_writes_saves_and_sends_and_the_commissioner_signs_off() {
    for app in apps().await {
        let project = project(&app).await;
        let p = project.as_str();
        let margaret = app.sign_in("margaret@whynot.example").await;
        let home = format!("/projects/{p}/report");
        let page = app.get(&format!("/projects/{p}"), Some(&margaret)).await;
        assert!(page.body.contains(&format!("href=\"{home}\"")), "the project page links to the report");
        let page = app.get(&home, Some(&margaret)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Save as version 1"), "{}", page.body);

        // A section without a title comes back with its message and the text kept.
        let failed = app.post_form("/api/report-add-section", &[("project_id", p), ("title", ""), ("body", "Typed words <script>x</script>")], Some(&margaret), &home).await;
        let shown = app.get(failed.location(), Some(&margaret)).await;
        assert!(shown.body.contains("Enter the section") && shown.body.contains("Typed words"), "{}", shown.body);
        let added = app.post_form("/api/report-add-section", &[("project_id", p), ("title", "What we found"), ("body", "**Friendship** mattered.<script>alert(1)</script>")], Some(&margaret), &home).await;
        assert_eq!(added.location(), format!("{home}?done=section-added#sections"));
        let page = app.get(&home, Some(&margaret)).await;
        assert!(page.body.contains("<strong>Friendship</strong>") && !page.body.contains("<script>alert(1)"), "sanitised Markdown");
        // A move that is neither up nor down is refused and moves nothing.
        let section = app.count(&format!("SELECT MAX(id) FROM report_sections WHERE project_id = {p}")).await.to_string();
        let last = format!(
            "SELECT COUNT(*) FROM report_sections WHERE id = {section} AND position = (SELECT MAX(position) FROM report_sections WHERE project_id = {p})"
        );
        assert_eq!(app.count(&last).await, 1, "the section added last is last");
        let sideways = app.post_form("/api/report-move-section", &[("project_id", p), ("section_id", section.as_str()), ("direction", "sideways")], Some(&margaret), &home).await;
        assert!(!sideways.location().contains("section-moved"), "{}", sideways.location());
        let shown = app.get(sideways.location(), Some(&margaret)).await;
        assert!(shown.body.contains("Choose whether to move the section up or down."), "{}", shown.body);
        assert_eq!(app.count(&last).await, 1, "and stays there");

        // Version 1 without a lay summary: sending is refused beside the lay summary.
        let saved = app.post_form("/api/report-save-version", &[("project_id", p), ("number", "1")], Some(&margaret), &home).await;
        assert!(saved.location().starts_with(&format!("{home}/versions/")), "{}", saved.location());
        let v1 = app.count(&format!("SELECT MAX(id) FROM report_versions WHERE project_id = {p}")).await.to_string();
        let version = format!("{home}/versions/{v1}");
        let refused = app.post_form("/api/report-send", &[("project_id", p), ("version_id", v1.as_str())], Some(&margaret), &version).await;
        let shown = app.get(refused.location(), Some(&margaret)).await;
        assert!(shown.body.contains("This version has no lay summary. Write the lay summary"), "{}", shown.body);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM report_versions WHERE project_id = {p} AND sent_at IS NOT NULL")).await, 0);

        // The commissioner sees neither the draft nor an unsent version.
        let helen = app.sign_in("helen.carter@essex-council.example").await;
        let hers = app.get(&home, Some(&helen)).await;
        assert_eq!(hers.status, StatusCode::OK);
        assert!(!hers.body.contains("Friendship") && hers.body.contains("has not sent you a version"), "{}", hers.body);
        assert_eq!(app.get(&version, Some(&helen)).await.status, StatusCode::NOT_FOUND);

        app.post_form("/api/report-lay-summary", &[("project_id", p), ("lay_summary", "Friendship matters most.")], Some(&margaret), &home).await;
        app.post_form("/api/report-save-version", &[("project_id", p), ("number", "2")], Some(&margaret), &home).await;
        let v2 = app.count(&format!("SELECT MAX(id) FROM report_versions WHERE project_id = {p}")).await.to_string();
        let version2 = format!("{home}/versions/{v2}");
        let sent = app.post_form("/api/report-send", &[("project_id", p), ("version_id", v2.as_str())], Some(&margaret), &version2).await;
        assert_eq!(sent.location(), format!("{version2}?done=sent"));
        assert!(app.get(&version2, Some(&helen)).await.body.contains("Friendship"));
        assert_eq!(app.get(&version, Some(&helen)).await.status, StatusCode::NOT_FOUND, "version 1 was never sent");

        // A peer researcher cannot sign off; the commissioner can.
        let dennis = app.sign_in("dennis@whynot.example").await;
        let no = app.post_form("/api/report-sign-off", &[("project_id", p), ("version_id", v2.as_str())], Some(&dennis), &version2).await;
        assert_ne!(no.status, StatusCode::OK);
        assert!(!no.location().contains("done=signed-off"));
        let yes = app.post_form("/api/report-sign-off", &[("project_id", p), ("version_id", v2.as_str())], Some(&helen), &version2).await;
        assert_eq!(yes.location(), format!("{version2}?done=signed-off"));
        let print = app.get(&format!("{home}/print"), Some(&helen)).await;
        assert_eq!(print.status, StatusCode::OK);
        assert!(print.body.contains("Signed off for Essex County Council by Helen Carter"), "{}", print.body);
        app.db.close().await;
    }
}

#[tokio::test]
async fn other_groups_and_people_signed_out_are_refused() {
    for app in apps().await {
        let project = project(&app).await;
        let p = project.as_str();
        let margaret = app.sign_in("margaret@whynot.example").await;
        let home = format!("/projects/{p}/report");
        app.post_form("/api/report-add-section", &[("project_id", p), ("title", "What we found"), ("body", "Secret draft words")], Some(&margaret), &home).await;
        app.post_form("/api/report-save-version", &[("project_id", p), ("number", "1")], Some(&margaret), &home).await;
        let v1 = app.count(&format!("SELECT MAX(id) FROM report_versions WHERE project_id = {p}")).await.to_string();
        let section = app.count(&format!("SELECT MAX(id) FROM report_sections WHERE project_id = {p}")).await;
        let paths = [home.clone(), format!("{home}/versions/{v1}"), format!("{home}/sections/{section}"), format!("{home}/compare"), format!("{home}/print")];
        let priya = app.sign_in("priya@se-surg.example").await;
        for path in &paths {
            let reply = app.get(path, Some(&priya)).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!reply.body.contains("Secret draft words"), "{path}");
        }
        let refused = app.post_form("/api/report-add-section", &[("project_id", p), ("title", "Mine"), ("body", "")], Some(&priya), &home).await;
        assert_ne!(refused.status, StatusCode::OK);
        // Signed out: asked to sign in, nothing shown or changed.
        for path in &paths {
            let reply = app.get(path, None).await;
            assert!(!reply.body.contains("Secret draft words"), "{path}");
            assert_ne!(reply.status, StatusCode::OK, "{path}");
        }
        app.post_form("/api/report-add-section", &[("project_id", p), ("title", "Anon"), ("body", "")], None, &home).await;
        // The commissioner cannot open the draft's section page, nor write.
        let helen = app.sign_in("helen.carter@essex-council.example").await;
        assert_eq!(app.get(&paths[2], Some(&helen)).await.status, StatusCode::FORBIDDEN);
        app.post_form("/api/report-add-section", &[("project_id", p), ("title", "Hers"), ("body", "")], Some(&helen), &home).await;
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM report_sections WHERE project_id = {p}")).await, 1);
        app.db.close().await;
    }
}
