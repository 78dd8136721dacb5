//! The holes found by the security review (issue 11), each attacked first over the real
//! router, then the fix checked: open redirects after sign-in, parallel password
//! guesses, account pre-hijack, sessions that outlive their welcome, roles an
//! administrator gives themselves, headers and oversized posts.

use test_support::http::*;

const ORIGIN: &str = "http://127.0.0.1:3000";

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

/// What a throttled or failed sign-in said, read from the page its redirect leads to.
async fn sign_in_answer(app: &TestApp, reply: &Reply) -> &'static str {
    if reply.session_cookie().is_some() {
        return "signed in";
    }
    let page = app.get(reply.location().trim_start_matches(ORIGIN), None).await;
    if page.body.contains("too many unsuccessful tries") {
        "refused"
    } else if page.body.contains("The e-mail address or password is not right") {
        "checked"
    } else {
        panic!("an unexpected answer: {}", page.body)
    }
}

fn from_peer(mut request: Request<Body>, peer: &str, forwarded_for: Option<&str>) -> Request<Body> {
    let address: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo(address));
    if let Some(forwarded) = forwarded_for {
        request.headers_mut().insert("x-forwarded-for", forwarded.parse().unwrap());
    }
    request
}

#[tokio::test]
async fn twenty_parallel_guesses_get_no_more_tries_than_serial_ones() {
    for app in apps().await {
        // The attack: 20 wrong passwords for one account at once. Before, all 20 were checked.
        let guesses = (0..20)
            .map(|n| {
                let guess = format!("guess number {n}");
                from_peer(form_request("/api/sign-in", &[("email", "dennis@whynot.example"), ("password", &guess)], None, "/sign-in"), "198.51.100.20", None)
            })
            .collect();
        let replies = app.send_all(guesses).await;
        let mut checked = 0;
        let mut refused = 0;
        for reply in &replies {
            match sign_in_answer(&app, reply).await {
                "checked" => checked += 1,
                "refused" => refused += 1,
                other => panic!("{other}"),
            }
        }
        assert_eq!(checked, app.state.throttle.account_limit, "only as many as one after another ({})", app.db.backend);
        assert_eq!(refused, 20 - app.state.throttle.account_limit);
        // The right password is refused now too, from anywhere.
        let right = app
            .send(from_peer(form_request("/api/sign-in", &[("email", "dennis@whynot.example"), ("password", "coresearch-demo")], None, "/sign-in"), "203.0.113.99", None))
            .await;
        assert_eq!(sign_in_answer(&app, &right).await, "refused");
        // Someone else at the same address is not locked out by those guesses.
        let neighbour = app
            .send(from_peer(form_request("/api/sign-in", &[("email", "sheila@whynot.example"), ("password", "coresearch-demo")], None, "/sign-in"), "198.51.100.20", None))
            .await;
        assert_eq!(sign_in_answer(&app, &neighbour).await, "signed in");
        app.db.close().await;
    }
}

#[tokio::test]
async fn the_visitors_address_comes_from_a_proxy_only_when_it_is_trusted() {
    let db = support::sqlite().await;
    let app = TestApp::start(db, support::test_config(&[("CORESEARCH_TRUSTED_PROXIES", "10.0.0.5")])).await;
    let limit = app.state.throttle.address_limit;
    // A visitor who is not a trusted proxy cannot dodge the address limit by writing
    // a new X-Forwarded-For on each guess.
    for n in 0..limit {
        let email = format!("nobody{n}@example.org");
        let forged = format!("192.0.2.{n}");
        let request = from_peer(form_request("/api/sign-in", &[("email", &email), ("password", "wrong guess")], None, "/sign-in"), "198.51.100.7", Some(&forged));
        assert_eq!(sign_in_answer(&app, &app.send(request).await).await, "checked");
    }
    let request = from_peer(form_request("/api/sign-in", &[("email", "nobody-else@example.org"), ("password", "wrong guess")], None, "/sign-in"), "198.51.100.7", Some("192.0.2.250"));
    assert_eq!(sign_in_answer(&app, &app.send(request).await).await, "refused");

    // Behind the trusted proxy, one visitor's failures pause only that visitor.
    for n in 0..limit {
        let email = format!("someone{n}@example.org");
        let request = from_peer(form_request("/api/sign-in", &[("email", &email), ("password", "wrong guess")], None, "/sign-in"), "10.0.0.5", Some("203.0.113.1"));
        assert_eq!(sign_in_answer(&app, &app.send(request).await).await, "checked");
    }
    let again = from_peer(form_request("/api/sign-in", &[("email", "margaret@whynot.example"), ("password", "coresearch-demo")], None, "/sign-in"), "10.0.0.5", Some("203.0.113.1"));
    assert_eq!(sign_in_answer(&app, &app.send(again).await).await, "refused");
    let other = from_peer(form_request("/api/sign-in", &[("email", "margaret@whynot.example"), ("password", "coresearch-demo")], None, "/sign-in"), "10.0.0.5", Some("203.0.113.2"));
    assert_eq!(sign_in_answer(&app, &app.send(other).await).await, "signed in", "another visitor behind the same proxy");
    app.db.close().await;
}
