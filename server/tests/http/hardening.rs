//! The holes found by the security review (issue 11), each attacked first over the real
//! router, then the fix checked: open redirects after sign-in, parallel password
//! guesses, account pre-hijack, sessions that outlive their welcome, roles an
//! administrator gives themselves, headers and oversized posts.

use test_support::http::*;

#[tokio::test]
async fn sign_in_never_sends_anyone_to_another_site() {
    for app in apps().await {
        // The attack from the review: `/%09/evil.example` in the sign-in link arrives as
        // "/\t/evil.example", which a browser follows as //evil.example.
        for next in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "//evil.example",
            "/%09/evil.example",
            "/%2F/evil.example",
            "https://evil.example/",
            " /\t/evil.example",
            "\t//evil.example",
        ] {
            let reply = app
                .post_form("/api/sign-in", &[("email", "margaret@whynot.example"), ("password", "coresearch-demo"), ("next", next)], None, "/sign-in")
                .await;
            assert_eq!(reply.status, StatusCode::FOUND, "{next:?}");
            assert!(reply.session_cookie().is_some(), "signed in: {next:?}");
            assert_eq!(reply.location(), "/dashboard", "{next:?} must not be followed");
        }
        // The page's own links still work, with their query.
        let reply = app
            .post_form("/api/sign-in", &[("email", "margaret@whynot.example"), ("password", "coresearch-demo"), ("next", "/briefs?page=2")], None, "/sign-in")
            .await;
        assert_eq!(reply.location(), "/briefs?page=2");
        // The sign-in page carries `next` through its form without turning it into a link.
        let page = app.get("/sign-in?next=/%09/evil.example", None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("href=\"/\t/evil.example"), "{}", page.body);
        app.db.close().await;
    }
}

