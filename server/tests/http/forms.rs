//! Forms without JavaScript: what was typed stays out of addresses, and a form sent after
//! its session ended is kept for its sender, sent after they sign in again.

use test_support::http::*;

const REFLECTION: &str = "Listening without interrupting was harder than I thought.";

/// Ends a session the way two idle hours would.
async fn idle_for_three_hours(app: &TestApp, cookie: &str) {
    let token = cookie.split_once('=').unwrap().1;
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 10800, created_at = created_at - 10800 WHERE id_hash = $1")
        .bind(app::platform::crypto::hash_token(token))
        .execute(&app.state.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_reflection_sent_after_the_session_ended_is_kept_and_sent_after_signing_in_again() {
    for app in apps().await {
        let cohort = app.count("SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;
        let module = app.count("SELECT id FROM course_modules WHERE position = 2").await;
        let page_path = format!("/training/cohorts/{cohort}/modules/{module}");
        let (c, m) = (cohort.to_string(), module.to_string());
        let form = [("cohort_id", c.as_str()), ("module_id", m.as_str()), ("body", REFLECTION)];
        let reflections = "SELECT COUNT(*) FROM reflections r JOIN users u ON u.id = r.user_id WHERE u.email = 'irene@trainee.example'";
        let before = app.count(reflections).await;

        let old = app.sign_in("irene@trainee.example").await;
        idle_for_three_hours(&app, &old).await;
        let sent = app.post_form("/api/training-reflect", &form, Some(&old), &page_path).await;
        assert_eq!(sent.status, StatusCode::FOUND);
        assert!(sent.location().starts_with("/sign-in?ended=1&next="), "{}", sent.location());
        assert!(!sent.location().contains("Listening"), "what was typed is not in the address");
        assert_eq!(app.count(reflections).await, before, "nothing saved without a session");
        assert_eq!(app.count("SELECT COUNT(*) FROM kept_forms").await, 1);
        let sign_in_page = app.get(sent.location(), None).await;
        assert!(sign_in_page.body.contains("We have kept what you typed"), "{}", sign_in_page.body);

        // Signing in again goes to the "Send it now" page.
        let next = url::form_urlencoded::parse(sent.location().split_once('?').unwrap().1.as_bytes())
            .find(|(k, _)| k == "next")
            .map(|(_, v)| v.into_owned())
            .unwrap();
        let signed_in = app
            .post_form("/api/sign-in", &[("email", "irene@trainee.example"), ("password", app::demo::DEMO_PASSWORD), ("next", &next)], None, "/sign-in")
            .await;
        assert_eq!(signed_in.location(), next);
        let irene = signed_in.session_cookie().unwrap();

        // Only Irene sees what she typed.
        let joan = app.sign_in("joan@trainee.example").await;
        let someone_else = app.get(&next, Some(&joan)).await;
        assert!(!someone_else.body.contains("Listening"), "another person never sees a kept form");
        assert!(someone_else.body.contains("already been sent"), "{}", someone_else.body);
        let anonymous = app.get(&next, None).await;
        assert!(!anonymous.body.contains("Listening"));

        let page = app.get(&next, Some(&irene)).await;
        assert!(page.body.contains("Send it now"), "{}", page.body);
        assert!(page.body.contains(REFLECTION), "the form carries what was typed");

        let done = app.post_form("/api/training-reflect", &form, Some(&irene), &next).await;
        assert_eq!(done.status, StatusCode::FOUND);
        assert!(done.location().contains(&format!("{page_path}?done=reflected")), "{}", done.location());
        assert_eq!(app.count(reflections).await, before + 1, "sent once");
        assert_eq!(app.count("SELECT COUNT(*) FROM kept_forms").await, 0, "the kept copy is gone once sent");
        let again = app.get(&next, Some(&irene)).await;
        assert!(again.body.contains("already been sent"));
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_refused_kept_form_goes_back_to_its_own_page_with_what_was_typed() {
    for app in apps().await {
        let irene_id = app.count("SELECT id FROM users WHERE email = 'irene@trainee.example'").await;
        let cohort = app.count("SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;
        let module = app.count("SELECT id FROM course_modules WHERE position = 2").await;
        let page_path = format!("/training/cohorts/{cohort}/modules/{module}");
        // Too short to save: the service asks for more.
        let body = format!("cohort_id={cohort}&module_id={module}&body=");
        let reference = app::accounts::kept_forms::store::keep(&app.state.db, irene_id, "/api/training-reflect", &body, &page_path, app::platform::time::now())
            .await
            .unwrap();
        let irene = app.sign_in("irene@trainee.example").await;
        let continue_page = format!("/continue-form?kept={reference}");
        let (c, m) = (cohort.to_string(), module.to_string());
        let refused = app
            .post_form("/api/training-reflect", &[("cohort_id", &c), ("module_id", &m), ("body", "")], Some(&irene), &continue_page)
            .await;
        assert_eq!(refused.status, StatusCode::FOUND);
        assert!(refused.location().starts_with(&format!("{page_path}?__form=")), "{}", refused.location());
        let back = app.get(refused.location(), Some(&irene)).await;
        assert!(back.body.contains("There is a problem") || back.body.contains("There are problems"), "{}", back.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM kept_forms").await, 0);
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_visitor_who_was_never_signed_in_is_simply_asked_to_sign_in() {
    for app in apps().await {
        let reply = app.post_form("/api/training-reflect", &[("cohort_id", "1"), ("module_id", "1"), ("body", REFLECTION)], None, "/training").await;
        assert!(reply.location().contains("__form="), "{}", reply.location());
        assert_eq!(app.count("SELECT COUNT(*) FROM kept_forms").await, 0, "nobody to keep it for");
        // A cookie for a session that is on no record (signed out everywhere) keeps nothing either.
        let reply = app
            .post_form("/api/training-reflect", &[("cohort_id", "1"), ("module_id", "1"), ("body", REFLECTION)], Some("coresearch_session=unknown"), "/training")
            .await;
        assert!(reply.location().contains("__form="), "{}", reply.location());
        assert_eq!(app.count("SELECT COUNT(*) FROM kept_forms").await, 0);
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_long_answer_refused_for_the_browser_code_comes_back_with_its_message() {
    for app in apps().await {
        // The error carries what was typed: here longer than 64 KB once written as JSON.
        // It used to be cut off and answered as an empty 500.
        let project = app.count("SELECT id FROM projects WHERE title LIKE 'Evaluation of the recovery college%'").await.to_string();
        let priya = app.sign_in("priya@se-surg.example").await;
        let long = "x".repeat(70_000);
        let mut call = form_request("/api/save-risk-plan", &[("project_id", &project), ("risk_plan", &long)], Some(&priya), "/dashboard");
        call.headers_mut().insert(header::ACCEPT, "application/json".parse().unwrap());
        let reply = app.send(call).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", &reply.body[..reply.body.len().min(200)]);
        assert!(reply.body.contains("must be 8000 characters or fewer"), "the message arrives");
        app.db.close().await;
    }
}
