//! Organisations through the real router: who sees a group's members, and refused posts.

use test_support::http::*;

#[tokio::test]
async fn another_organisations_members_are_not_shown() {
    for app in apps().await {
        let margaret = app.sign_in("margaret@whynot.example").await;
        let page = app.get("/organisations/se-surg", Some(&margaret)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(!page.body.contains("Priya Shah") && !page.body.contains("tom@se-surg.example"));

        let own = app.get("/organisations/whynot", Some(&margaret)).await;
        assert_eq!(own.status, StatusCode::OK);
        assert!(own.body.contains("Dennis Clarke") && own.body.contains("dennis@whynot.example"));

        // A member sees the names, not the addresses, and no invitation form.
        let dennis = app.sign_in("dennis@whynot.example").await;
        let as_member = app.get("/organisations/whynot", Some(&dennis)).await;
        assert!(as_member.body.contains("Margaret Ellis"));
        assert!(!as_member.body.contains("margaret@whynot.example"));
        assert!(!as_member.body.contains("Send invitation"));

        // Posting straight to the server function is refused and changes nothing.
        let (whynot,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = 'whynot'").fetch_one(&app.state.db).await.unwrap();
        let whynot = whynot.to_string();
        let refused = app
            .post_form("/api/invite-member", &[("organisation_id", &whynot), ("email", "x@example.org"), ("role", "member")], Some(&dennis), "/organisations/whynot")
            .await;
        assert!(refused.location().contains("__form="));
        let (sesurg,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = 'se-surg'").fetch_one(&app.state.db).await.unwrap();
        let sesurg = sesurg.to_string();
        app.post_form("/api/invite-member", &[("organisation_id", &sesurg), ("email", "y@example.org"), ("role", "member")], Some(&margaret), "/organisations/whynot")
            .await;
        assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);

        // Administration is for administrators only.
        let admin_page = app.get("/admin", Some(&margaret)).await;
        assert_eq!(admin_page.status, StatusCode::FORBIDDEN);
        let admin = app.sign_in("admin@coresearch.example").await;
        assert_eq!(app.get("/admin", Some(&admin)).await.status, StatusCode::OK);
        app.db.close().await;
    }
}
