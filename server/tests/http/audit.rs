//! The audit trail through the real router: sign-ins recorded with where they came from,
//! the administrators' page, and a project's entries for those who manage it only.

use test_support::http::*;

#[tokio::test]
async fn sign_ins_are_on_the_administrators_trail_with_where_they_came_from() {
    for app in apps().await {
        let failed = form_request("/api/sign-in", &[("email", "dennis@whynot.example"), ("password", "not his password")], None, "/sign-in");
        app.send(from_peer(failed, "198.51.100.77", None)).await;
        let ok = form_request("/api/sign-in", &[("email", "dennis@whynot.example"), ("password", "coresearch-demo")], None, "/sign-in");
        assert!(app.send(from_peer(ok, "198.51.100.78", None)).await.session_cookie().is_some());

        let admin = app.sign_in("admin@coresearch.example").await;
        let page = app.get("/admin/audit", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Sign-in failed") && page.body.contains("198.51.100.77"), "{}", page.body);
        assert!(page.body.contains("Signed in") && page.body.contains("198.51.100.78"));
        assert!(!page.body.contains("not his password"), "never what was typed");

        // Nobody else sees the whole trail.
        let margaret = app.sign_in("margaret@whynot.example").await;
        let refused = app.get("/admin/audit", Some(&margaret)).await;
        assert!(!refused.body.contains("198.51.100.77"), "{}", refused.body);
        let api = app.post_form("/api/audit-trail", &[("page", "1")], Some(&margaret), "/admin/audit").await;
        assert!(api.location().contains("__form=") || api.status.is_client_error(), "{} {}", api.status, api.location());
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_projects_trail_is_for_those_who_manage_it() {
    for app in apps().await {
        let project = app.count("SELECT id FROM projects WHERE title LIKE '%ecovery college%'").await;
        let path = format!("/projects/{project}/audit");
        let priya = app.sign_in("priya@se-surg.example").await;
        let page = app.get(&path, Some(&priya)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<h1>Audit trail</h1>"), "{}", page.body);
        for (who, gone) in [
            ("tom@se-surg.example", false),
            ("sam.okafor@msenhs.example", false),
            ("margaret@whynot.example", true),
        ] {
            let cookie = app.sign_in(who).await;
            let reply = app.get(&path, Some(&cookie)).await;
            assert!(!reply.body.contains("<h1>Audit trail</h1>"), "{who}");
            let answer = reply.body.to_lowercase();
            let expected = if gone { "cannot find that page" } else { "not allowed" };
            assert!(answer.to_lowercase().contains(expected), "{who}: {answer}");
        }
        app.db.close().await;
    }
}
