//! Accounts through the real router, driven with HTTP requests as a browser without
//! JavaScript would send them: forms posted to server functions, cookies, redirects and
//! status codes.

use test_support::http::*;

#[tokio::test]
async fn health_check_reports_the_database() {
    for app in apps().await {
        let reply = app.get("/healthz", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.contains("\"database\":\"ok\""), "{}", reply.body);
        app.state.db.close().await;
        let reply = app.get("/healthz", None).await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
        app.db.close().await;
    }
}

#[tokio::test]
async fn pages_render_on_the_server_with_landmarks_and_titles() {
    for app in apps().await {
        let home = app.get("/", None).await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(home.body.contains("<html lang=\"en-GB\""));
        assert!(home.body.contains("Skip to main content"));
        assert!(home.body.contains("<main id=\"main\""));
        assert!(home.body.contains("<title>Welcome – CoResearch</title>"), "{}", &home.body[..home.body.len().min(2000)]);
        assert_eq!(home.headers.get("x-content-type-options").unwrap(), "nosniff");

        let missing = app.get("/no/such/page", None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(missing.body.contains("We cannot find that page"));
        app.db.close().await;
    }
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_sign_out_ends_the_session() {
    for app in apps().await {
        let reply = app
            .post_form("/api/sign-in", &[("email", "margaret@whynot.example"), ("password", "coresearch-demo"), ("next", "/organisations")], None, "/sign-in")
            .await;
        assert_eq!(reply.status, StatusCode::FOUND);
        assert_eq!(reply.location(), "/organisations");
        let cookie_header = reply.set_cookies().into_iter().find(|c| c.starts_with("coresearch_session=")).unwrap();
        assert!(cookie_header.contains("HttpOnly"), "{cookie_header}");
        assert!(cookie_header.contains("SameSite=Lax"));
        assert!(cookie_header.contains("Path=/"));
        assert!(!cookie_header.contains("Secure"), "plain http in tests");
        let cookie = reply.session_cookie().unwrap();

        let dashboard = app.get("/dashboard", Some(&cookie)).await;
        assert_eq!(dashboard.status, StatusCode::OK);
        assert!(dashboard.body.contains("Hello, Margaret Ellis"), "{}", dashboard.body);
        assert!(dashboard.body.contains("WhyNot!"));

        let out = app.post_form("/api/sign-out", &[], Some(&cookie), "/dashboard").await;
        assert_eq!(out.status, StatusCode::FOUND);
        assert!(out.set_cookies().iter().any(|c| c.contains("Max-Age=0")));
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
        let after = app.get("/dashboard", Some(&cookie)).await;
        assert_eq!(after.status, StatusCode::FOUND);
        assert_eq!(after.location(), "/sign-in?next=/dashboard");
        app.db.close().await;
    }
}

#[tokio::test]
async fn cookies_are_secure_under_https() {
    let db = support::sqlite().await;
    let app = TestApp::start(db, support::test_config(&[("CORESEARCH_PUBLIC_URL", "https://coresearch.example.org")])).await;
    let reply = app
        .post_form("/api/sign-in", &[("email", "margaret@whynot.example"), ("password", "coresearch-demo")], None, "/sign-in")
        .await;
    let cookie = reply.set_cookies().into_iter().find(|c| c.contains("coresearch_session=")).unwrap();
    assert!(cookie.starts_with("__Host-coresearch_session="), "{cookie}");
    assert!(cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    app.db.close().await;
}

#[tokio::test]
async fn a_failed_form_without_javascript_comes_back_with_messages_and_typed_values() {
    for app in apps().await {
        let reply = app
            .post_form("/api/register", &[("name", "Mary"), ("email", "mary-at-example"), ("password", "short")], None, "/register")
            .await;
        assert_eq!(reply.status, StatusCode::FOUND);
        assert!(reply.location().starts_with("http://127.0.0.1:3000/register?__form="), "{}", reply.location());
        let path = reply.location().trim_start_matches("http://127.0.0.1:3000");
        let page = app.get(path, None).await;
        assert!(page.body.contains("There are problems with 2 answers"), "{}", page.body);
        assert!(page.body.contains("Enter an e-mail address in the right form"));
        assert!(page.body.contains("value=\"mary-at-example\""), "the typed address is kept");
        assert!(page.body.contains("value=\"Mary\""));
        assert!(!page.body.contains("value=\"short\""), "the password is not sent back");
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE name = 'Mary'").await, 0);
        // What was typed never travelled in the address: only a one-time reference did.
        assert!(!reply.location().contains("__err") && !reply.location().contains("mary"), "{}", reply.location());
        // Pages render on the server only (islands): the answer is not copied into the page.
        assert!(!page.body.contains("data-path="), "{}", page.body);
        assert_eq!(page.body.matches("mary-at-example").count(), 1, "the typed address only in its field: {}", page.body);
        let again = app.get(path, None).await;
        assert!(!again.body.contains("mary-at-example"), "the answer is read once: a reload or a copied address shows nothing");
        assert_eq!(app.count("SELECT COUNT(*) FROM form_returns").await, 0);
        app.db.close().await;
    }
}

#[tokio::test]
async fn signing_in_is_throttled_over_http() {
    for app in apps().await {
        for _ in 0..5 {
            let reply = app
                .post_form("/api/sign-in", &[("email", "dennis@whynot.example"), ("password", "wrong guess")], None, "/sign-in")
                .await;
            assert!(reply.session_cookie().is_none());
        }
        let reply = app
            .post_form("/api/sign-in", &[("email", "dennis@whynot.example"), ("password", "coresearch-demo")], None, "/sign-in")
            .await;
        assert!(reply.session_cookie().is_none(), "refused even with the right password");
        let page = app.get(reply.location().trim_start_matches("http://127.0.0.1:3000"), None).await;
        assert!(page.body.contains("too many unsuccessful tries"), "{}", page.body);
        app.db.close().await;
    }
}

#[tokio::test]
async fn expired_and_reused_links_are_refused() {
    for app in apps().await {
        app.post_form("/api/forgot-password", &[("email", "dennis@whynot.example")], None, "/forgot-password").await;
        let token = support::link_token(&app.state, "dennis@whynot.example", "/reset-password?token=");

        let form = app.get(&format!("/reset-password?token={token}"), None).await;
        assert!(form.body.contains("New password"));
        let first = app
            .post_form("/api/reset-password", &[("token", &token), ("password", "a new long password")], None, &format!("/reset-password?token={token}"))
            .await;
        assert_eq!(first.location(), "/sign-in?reset=1");
        let second = app
            .post_form("/api/reset-password", &[("token", &token), ("password", "another long password")], None, &format!("/reset-password?token={token}"))
            .await;
        assert!(second.location().contains("__form="));
        let used = app.get(&format!("/reset-password?token={token}"), None).await;
        assert!(used.body.contains("already been used"));

        app.post_form("/api/forgot-password", &[("email", "dennis@whynot.example")], None, "/forgot-password").await;
        let late = support::link_token(&app.state, "dennis@whynot.example", "/reset-password?token=");
        sqlx::query("UPDATE email_tokens SET expires_at = 1 WHERE used_at IS NULL").execute(&app.state.db).await.unwrap();
        let expired = app.get(&format!("/reset-password?token={late}"), None).await;
        assert!(expired.body.contains("has expired"));
        let refused = app
            .post_form("/api/reset-password", &[("token", &late), ("password", "yet another password")], None, "/reset-password")
            .await;
        assert!(refused.location().contains("__form="));
        // Only the first reset took effect.
        let signed_in = app
            .post_form("/api/sign-in", &[("email", "dennis@whynot.example"), ("password", "a new long password")], None, "/sign-in")
            .await;
        assert!(signed_in.session_cookie().is_some());
        app.db.close().await;
    }
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    for app in apps().await {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/sign-in")
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "https://evil.example")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("email=margaret%40whynot.example&password=coresearch-demo"))
            .unwrap();
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert!(reply.body.contains("sent from another website"));
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
        app.db.close().await;
    }
}

#[tokio::test]
async fn display_preferences_apply_before_any_javascript() {
    for app in apps().await {
        let cookie = app.sign_in("sheila@whynot.example").await;
        let reply = app.post_form("/api/update-preferences", &[("large_text", "on")], Some(&cookie), "/account").await;
        assert_eq!(reply.location(), "/account?saved=preferences");
        let page = app.get("/dashboard", Some(&cookie)).await;
        assert!(page.body.contains("<html lang=\"en-GB\" class=\"pref-large-text\""), "{}", &page.body[..300]);
        app.db.close().await;
    }
}

#[tokio::test]
async fn unknown_ids_and_malformed_posts_get_clear_answers() {
    for app in apps().await {
        let cookie = app.sign_in("margaret@whynot.example").await;
        let reply = app.post_form("/api/change-member-role", &[("membership_id", "999999"), ("role", "member")], Some(&cookie), "/organisations/whynot").await;
        let page = app.get(reply.location().trim_start_matches("http://127.0.0.1:3000"), Some(&cookie)).await;
        assert!(page.body.contains("We could not find that"), "{}", page.body);
        let reply = app.post_form("/api/change-member-role", &[("membership_id", "not-a-number")], Some(&cookie), "/organisations/whynot").await;
        assert!(reply.location().contains("__form="));
        let unknown = app.get("/invitations/made-up-token", None).await;
        assert!(unknown.body.contains("does not work"));
        app.db.close().await;
    }
}

#[tokio::test]
async fn the_dashboard_asks_each_panel_once_and_only_for_the_persons_own_features() {
    for app in apps().await {
        // Each panel is rendered on the server; its data is not sent again inside the page for
        // browser code to hydrate from (pages render on the server only: islands).
        let trainer = app.sign_in("ruth.palmer@aru.example").await;
        let page = app.get("/dashboard", Some(&trainer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Hello, Dr Ruth Palmer") && page.body.contains("Chelmsford, autumn"), "{}", page.body);
        assert_eq!(page.body.matches(r#"\"running\":"#).count(), 0, "the training panel's data is not in the page: {}", page.body);
        // A trainer has no part in briefs or projects, so they are not asked (nor refused).
        assert!(!page.body.contains("NotAllowed"), "{}", page.body);
        assert!(!page.body.contains("briefs-dash-heading"));

        let coordinator = app.sign_in("margaret@whynot.example").await;
        let page = app.get("/dashboard", Some(&coordinator)).await;
        assert!(page.body.contains("briefs-dash-heading"), "{}", page.body);
        assert_eq!(page.body.matches(r#"\"groups\":"#).count(), 0, "the briefs panel's data is not in the page: {}", page.body);
        assert!(page.body.contains("Your groups and organisations"));
        app.db.close().await;
    }
}

#[tokio::test]
async fn long_lists_of_organisations_come_in_pages_without_javascript() {
    for app in apps().await {
        for n in 0..40 {
            sqlx::query("INSERT INTO organisations (name, slug, kind, description, created_at) VALUES ($1, $2, 'commissioner', '', 1)")
                .bind(format!("Zz Council {n:02}"))
                .bind(format!("zz-council-{n:02}"))
                .execute(&app.state.db)
                .await
                .unwrap();
        }
        let admin = app.sign_in("admin@coresearch.example").await;
        let first = app.get("/admin", Some(&admin)).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.body.contains("href=\"/admin?page=2\""), "{}", first.body);
        assert!(!first.body.contains("Zz Council 39"), "the last one is on a later page");
        let second = app.get("/admin?page=2", Some(&admin)).await;
        assert!(second.body.contains("Zz Council 39"), "{}", second.body);
        assert!(second.body.contains("aria-current=\"page\""));

        // Someone in one group sees one page with just that group, and no page links.
        let margaret = app.sign_in("margaret@whynot.example").await;
        let mine = app.get("/organisations", Some(&margaret)).await;
        assert!(mine.body.contains("WhyNot!") && !mine.body.contains("Zz Council"), "{}", mine.body);
        assert!(!mine.body.contains("class=\"pagination\""));
        app.db.close().await;
    }
}
