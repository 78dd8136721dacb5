//! The activity report through the real router without JavaScript: the page with its SVG
//! charts, a bad year shown beside its field with what was typed, the CSV download's
//! headers, and outsiders refused.

use test_support::http::*;

#[tokio::test]
async fn a_member_reads_and_downloads_the_groups_activity_report() {
    for app in apps().await {
        let dennis = app.sign_in("dennis@whynot.example").await;
        let page = app.get("/organisations/whynot", Some(&dennis)).await;
        assert!(page.body.contains("/organisations/whynot/activity"), "linked from the group's page");
        let page = app.get("/organisations/whynot/activity?from=2024&to=2026", Some(&dennis)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Activity report 2024 to 2026") && page.body.contains("<svg") && page.body.contains("Essex County Council"), "{}", page.body);
        assert!(page.body.contains("role=\"img\"") && page.body.contains("<title id=\"projects-chart-title\""), "{}", page.body);

        let bad = app.get("/organisations/whynot/activity?from=1990&to=2026", Some(&dennis)).await;
        assert!(bad.body.contains("Enter a year from 2000") && bad.body.contains("value=\"1990\""), "{}", bad.body);

        let csv = app.get("/organisations/whynot/activity.csv?from=2024&to=2026", Some(&dennis)).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(csv.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("private, no-store"));
        assert!(csv.headers.get(header::CONTENT_DISPOSITION).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("activity-whynot-2024-2026.csv")));
        assert!(csv.body.starts_with("Section,Item,Value"), "{}", csv.body);
        app.db.close().await;
    }
}

#[tokio::test]
async fn only_the_groups_members_see_its_activity_report() {
    for app in apps().await {
        let priya = app.sign_in("priya@se-surg.example").await;
        let helen = app.sign_in("helen.carter@essex-council.example").await;
        for cookie in [&priya, &helen] {
            assert_eq!(app.get("/organisations/whynot/activity", Some(cookie)).await.status, StatusCode::NOT_FOUND);
            let csv = app.get("/organisations/whynot/activity.csv", Some(cookie)).await;
            assert_eq!(csv.status, StatusCode::NOT_FOUND);
            assert!(!csv.body.contains("Essex"));
        }
        assert!(app.get("/organisations/whynot/activity.csv", None).await.location().starts_with("/sign-in"));
        assert!(app.get("/organisations/whynot/activity", None).await.location().starts_with("/sign-in"));
        app.db.close().await;
    }
}
