//! Outputs and the public page through the real router without JavaScript: an output's bad
//! web address comes back beside its field with what was typed, the public page is open to
//! everyone while both sides agree and gone when one withdraws, and outsiders are refused.

use test_support::http::*;

async fn finished(app: &TestApp) -> String {
    app::projects::finished_demo::project_id(&app.state.db).await.unwrap().unwrap().to_string()
}

#[tokio::test]
async fn without_javascript_an_output_is_added_and_the_public_page_follows_both_agreements() {
    for app in apps().await {
        let project = finished(&app).await;
        let home = format!("/projects/{project}/outputs");
        let margaret = app.sign_in("margaret@whynot.example").await;
        let page = app.get(&home, Some(&margaret)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Easy-read version") && page.body.contains("The public page is shown"), "{}", page.body);

        let form = |link: &'static str| {
            vec![("project_id", project.clone()), ("kind", "toolkit".into()), ("title", "Village group guide".into()), ("audience", "Groups".into()), ("produced_on", "2026-11-01".into()), ("link", link.into()), ("on_public_page", "on".into())]
        };
        let bad = form("javascript:alert(1)");
        let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let back = app.post_form("/api/add-output", &bad, Some(&margaret), &home).await;
        assert!(back.location().contains("__form="), "{}", back.location());
        let shown = app.get(back.location(), Some(&margaret)).await;
        assert!(shown.body.contains("Enter a web address starting with https://") && shown.body.contains("Village group guide"), "{}", shown.body);
        let good = form("https://example.org/guide");
        let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.post_form("/api/add-output", &good, Some(&margaret), &home).await.location(), format!("{home}?done=added"));

        // The public page: open to anyone, with the new output.
        let public = format!("/research/{project}");
        let page = app.get(&public, None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Village group guide") && page.body.contains("What we found, in brief"), "{}", page.body);
        assert!(!page.body.contains("Presentation to the day services board"), "not marked for the public page");

        // The commissioner withdraws: gone for everyone.
        let helen = app.sign_in("helen.carter@essex-council.example").await;
        let withdrawn = app.post_form("/api/agree-public-page", &[("project_id", project.as_str()), ("side", "commissioner"), ("agree", "no")], Some(&helen), &home).await;
        assert_eq!(withdrawn.location(), format!("{home}?done=withdrawn#public-page"));
        assert_eq!(app.get(&public, None).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&public, Some(&margaret)).await.status, StatusCode::NOT_FOUND);
        app.db.close().await;
    }
}

#[tokio::test]
async fn outsiders_cannot_see_or_change_outputs() {
    for app in apps().await {
        let project = finished(&app).await;
        let home = format!("/projects/{project}/outputs");
        let before = app.count(&format!("SELECT COUNT(*) FROM project_outputs WHERE project_id = {project}")).await;
        let priya = app.sign_in("priya@se-surg.example").await;
        assert_eq!(app.get(&home, Some(&priya)).await.status, StatusCode::NOT_FOUND);
        let form = [("project_id", project.as_str()), ("kind", "toolkit"), ("title", "Mine"), ("audience", "Me"), ("produced_on", "2026-11-01"), ("link", "")];
        assert_ne!(app.post_form("/api/add-output", &form, Some(&priya), &home).await.status, StatusCode::OK);
        // The group cannot agree for the commissioner, nor a stranger for anyone.
        let margaret = app.sign_in("margaret@whynot.example").await;
        assert_ne!(app.post_form("/api/agree-public-page", &[("project_id", project.as_str()), ("side", "commissioner"), ("agree", "no")], Some(&margaret), &home).await.status, StatusCode::OK);
        assert_ne!(app.post_form("/api/agree-public-page", &[("project_id", project.as_str()), ("side", "group"), ("agree", "no")], Some(&priya), &home).await.status, StatusCode::OK);
        assert_eq!(app.get(&format!("/research/{project}"), None).await.status, StatusCode::OK, "still shown");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM project_outputs WHERE project_id = {project}")).await, before);
        assert!(app.get(&home, None).await.location().starts_with("/sign-in"));
        app.db.close().await;
    }
}
