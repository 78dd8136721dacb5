//! "You said, we did" through the real router, as a browser without JavaScript sends it:
//! the team adds a recommendation, the commissioner's incomplete answer comes back with its
//! message and what was typed, then a full answer lands on the timeline; and refusals for
//! people outside the project.

use test_support::http::*;

async fn finished(app: &TestApp) -> String {
    app::projects::finished_demo::project_id(&app.state.db).await.unwrap().unwrap().to_string()
}

fn refs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn without_javascript_a_recommendation_is_added_and_answered() {
    for app in apps().await {
        let project = finished(&app).await;
        let home = format!("/projects/{project}/impact");
        let dennis = app.sign_in("dennis@whynot.example").await;
        let page = app.get(&home, Some(&dennis)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("You said, we did") && page.body.contains("Done: we did it") && page.body.contains("Helen Carter"), "{}", page.body);

        let added = app.post_form("/api/impact-add-recommendation", &[("project_id", project.as_str()), ("body", "Publish the clubs' times in the library")], Some(&dennis), &home).await;
        assert_eq!(added.location(), format!("{home}?done=added#recommendations"));
        let id = app.count(&format!("SELECT MAX(id) FROM project_recommendations WHERE project_id = {project}")).await.to_string();

        let helen = app.sign_in("helen.carter@essex-council.example").await;
        let one = format!("{home}/{id}");
        let page = app.get(&one, Some(&helen)).await;
        assert!(page.body.contains("Give your answer") && page.body.contains("The commissioner has not answered yet"), "{}", page.body);
        let answer = |action: &str| {
            [
                ("project_id", project.clone()),
                ("recommendation_id", id.clone()),
                ("response", "accepted".to_string()),
                ("action", action.to_string()),
                ("owner", "Library services".to_string()),
                ("due_on", "2027-02-01".to_string()),
                ("status", "under_way".to_string()),
                ("evidence", String::new()),
                ("note", "Good idea".to_string()),
            ]
        };
        let missing = answer("");
        let back = app.post_form("/api/impact-answer-recommendation", &refs(&missing), Some(&helen), &one).await;
        assert!(back.location().contains("__form="), "{}", back.location());
        let shown = app.get(back.location(), Some(&helen)).await;
        assert!(shown.body.contains("Say what will be done about it") && shown.body.contains("Library services"), "{}", shown.body);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM project_recommendation_updates WHERE recommendation_id = {id}")).await, 0);

        let full = answer("Put a poster in each library");
        let saved = app.post_form("/api/impact-answer-recommendation", &refs(&full), Some(&helen), &one).await;
        assert_eq!(saved.location(), format!("{one}?done=answered#timeline"));
        let page = app.get(&one, Some(&dennis)).await;
        assert!(page.body.contains("Put a poster in each library") && page.body.contains("Under way"), "{}", page.body);
        assert!(!page.body.contains("Give your answer"), "only the commissioner answers");
        app.db.close().await;
    }
}

#[tokio::test]
async fn people_outside_the_project_are_refused() {
    for app in apps().await {
        let project = finished(&app).await;
        let home = format!("/projects/{project}/impact");
        let id = app.count(&format!("SELECT MIN(id) FROM project_recommendations WHERE project_id = {project}")).await.to_string();
        let before = app.count(&format!("SELECT COUNT(*) FROM project_recommendation_updates WHERE recommendation_id = {id}")).await;
        let priya = app.sign_in("priya@se-surg.example").await;
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        for cookie in [&priya, &sam] {
            assert_eq!(app.get(&home, Some(cookie)).await.status, StatusCode::NOT_FOUND);
            let reply = app.get(&format!("{home}/{id}"), Some(cookie)).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND);
            assert!(!reply.body.contains("peer-led groups"));
            let refused = app.post_form("/api/impact-add-recommendation", &[("project_id", project.as_str()), ("body", "Mine")], Some(cookie), &home).await;
            assert_ne!(refused.status, StatusCode::OK);
        }
        // The team cannot answer for the commissioner; the commissioner cannot add impact.
        let margaret = app.sign_in("margaret@whynot.example").await;
        let form = [("project_id", project.as_str()), ("recommendation_id", id.as_str()), ("response", "accepted"), ("action", "x"), ("owner", ""), ("due_on", ""), ("status", "done"), ("evidence", "y"), ("note", "")];
        let refused = app.post_form("/api/impact-answer-recommendation", &form, Some(&margaret), &home).await;
        assert_ne!(refused.status, StatusCode::OK);
        let helen = app.sign_in("helen.carter@essex-council.example").await;
        let impact = [("project_id", project.as_str()), ("kind", "service"), ("summary", "x"), ("evidence", "y"), ("happened_on", ""), ("statement", ""), ("statement_by", ""), ("statement_role", "")];
        let refused = app.post_form("/api/impact-add-record", &impact, Some(&helen), &home).await;
        assert_ne!(refused.status, StatusCode::OK);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM project_recommendation_updates WHERE recommendation_id = {id}")).await, before);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM project_impacts WHERE project_id = {project}")).await, 1);
        // Not signed in: to the sign-in page.
        assert!(app.get(&home, None).await.location().starts_with("/sign-in"));
        app.db.close().await;
    }
}

#[tokio::test]
async fn without_javascript_recommendations_are_taken_from_the_report() {
    for app in apps().await {
        let project = finished(&app).await;
        let home = format!("/projects/{project}/impact");
        let dennis = app.sign_in("dennis@whynot.example").await;
        let page = app.get(&home, Some(&dennis)).await;
        assert!(page.body.contains("Take them from the report") && page.body.contains("signed-off report (version 2)"), "{}", page.body);
        // The section named for recommendations is the one chosen already (the fourth of version 2).
        assert!(page.body.contains(r#"<option value="4" selected>Recommendations</option>"#) || page.body.contains(r#"<option value="4" selected="">Recommendations</option>"#), "{}", page.body);

        // No section chosen: the message comes back beside the field, nothing is added.
        let take = |section: &'static str| [("project_id", project.clone()), ("version", "2".to_string()), ("section", section.to_string())];
        let none = take("");
        let back = app.post_form("/api/impact-take-from-report", &refs(&none), Some(&dennis), &home).await;
        assert!(back.location().contains("__form="), "{}", back.location());
        let shown = app.get(back.location(), Some(&dennis)).await;
        assert!(shown.body.contains("Choose the section that holds the recommendations"), "{}", shown.body);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM project_recommendations WHERE project_id = {project}")).await, 3);

        // One of the three is no longer tracked: taking adds it back, and says so.
        let last = app.count(&format!("SELECT MAX(id) FROM project_recommendations WHERE project_id = {project}")).await;
        sqlx::query("DELETE FROM project_recommendations WHERE id = $1").bind(last).execute(&app.state.db).await.unwrap();
        let four = take("4");
        let taken = app.post_form("/api/impact-take-from-report", &refs(&four), Some(&dennis), &home).await;
        assert_eq!(taken.location(), format!("{home}?done=taken&added=1&already=2#recommendations"));
        let page = app.get(taken.location(), Some(&dennis)).await;
        assert!(page.body.contains("1 recommendation was taken from the report; 2 recommendations were already here."), "{}", page.body);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM project_recommendations WHERE project_id = {project} AND from_version = 2")).await, 3);

        // The commissioner is not offered it and cannot do it.
        let helen = app.sign_in("helen.carter@essex-council.example").await;
        assert!(!app.get(&home, Some(&helen)).await.body.contains("Take them from the report"));
        let refused = app.post_form("/api/impact-take-from-report", &refs(&four), Some(&helen), &home).await;
        assert_ne!(refused.status, StatusCode::OK);
        assert!(!refused.location().contains("done=taken"));
        app.db.close().await;
    }
}
