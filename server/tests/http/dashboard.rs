//! The dashboard asks only for the panels a person has a part in, and a server function
//! asked for what the person may not see says so with 403, never a 500 (issue 12 found a
//! trainer's dashboard asking /api/projects and /api/brief-tracking and getting 500).

use test_support::http::*;

/// A server function called as the browser code calls it.
fn call(path: &str, form: &[(&str, &str)], cookie: &str) -> Request<Body> {
    let mut request = form_request(path, form, Some(cookie), "/dashboard");
    request.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
    request
}

#[tokio::test]
async fn a_trainer_asking_for_brief_tracking_gets_403_not_500() {
    for app in apps().await {
        let ruth = app.sign_in("ruth.palmer@aru.example").await;
        // Briefs are for research groups and commissioners: refused, as such.
        let tracking = app.send(call("/api/brief-tracking", &[("page", "1")], &ruth)).await;
        assert_eq!(tracking.status, StatusCode::FORBIDDEN, "{}", tracking.body);
        assert!(tracking.body.contains("NotAllowed"), "the browser code still reads the error: {}", tracking.body);
        // Projects she is on: none.
        let projects = app.send(call("/api/projects", &[("page", "1")], &ruth)).await;
        assert_eq!(projects.status, StatusCode::OK, "{}", projects.body);
        assert!(projects.body.contains("\"total\":0"), "{}", projects.body);
        // Not found and not signed in have their own answers too.
        let missing = app.send(call("/api/project", &[("project_id", "999999")], &ruth)).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
        let mut anonymous = form_request("/api/projects", &[("page", "1")], None, "/dashboard");
        anonymous.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
        assert_eq!(app.send(anonymous).await.status, StatusCode::UNAUTHORIZED);

        // Her dashboard has no panels for them, so it never asks.
        let page = app.get("/dashboard", Some(&ruth)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Chelmsford, autumn"), "her training panel: {}", page.body);
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_supporter_sees_the_debriefs_shared_with_her_and_never_what_they_say() {
    for app in apps().await {
        // The demo: Tom asked Nadia for support after an interview, and two more debriefs name her.
        let nadia = app.sign_in("nadia.bell@aru.example").await;
        let page = app.get("/dashboard", Some(&nadia)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Debriefs shared with you"), "{}", page.body);
        assert!(page.body.contains("Asked for support") && page.body.contains("Evaluation of the recovery college in south Essex"), "{}", page.body);
        let asked = app
            .count(
                "SELECT d.id FROM fieldwork_debriefs d JOIN users a ON a.id = d.user_id JOIN users n ON n.id = d.supporter_id \
                 WHERE d.wants_support = 1 AND a.email = 'tom@se-surg.example' AND n.email = 'nadia.bell@aru.example'",
            )
            .await;
        assert!(page.body.contains(&format!("/debriefs/{asked}\"")), "a link to the debrief: {}", page.body);
        for words in ["hospital stay", "shaky", "Tired after a long afternoon", "Not so good", "not_so_good"] {
            assert!(!page.body.contains(words), "no debrief content on the dashboard: {words}");
        }
        assert!(!page.body.contains("more on the projects"), "three debriefs: no count of more");

        // Researchers, and a trainer on no team, have no such panel.
        for email in ["tom@se-surg.example", "priya@se-surg.example", "ruth.palmer@aru.example"] {
            let cookie = app.sign_in(email).await;
            let page = app.get("/dashboard", Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(!page.body.contains("Debriefs shared with you"), "{email}");
        }
        app.db.close().await;
    }
}
