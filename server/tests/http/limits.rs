//! Issue 11, headers and limits: the Content-Security-Policy with Leptos's nonce, and rate
//! limits on the requests anyone can send without signing in (new accounts, password-reset
//! e-mails, certificate checks), each attacked first.

use test_support::http::*;

const ORIGIN: &str = "http://127.0.0.1:3000";

fn policy_of(reply: &Reply) -> String {
    reply.headers.get(header::CONTENT_SECURITY_POLICY).expect("a Content-Security-Policy").to_str().unwrap().to_string()
}

#[tokio::test]
async fn pages_allow_only_their_own_inline_scripts() {
    for app in apps().await {
        let page = app.get("/sign-in", None).await;
        let policy = policy_of(&page);
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in script-src");
        assert!(nonce.len() >= 16, "a nonce of at least 128 bits: {nonce}");
        // Every inline script Leptos wrote carries that nonce; none is without it.
        let tags: Vec<&str> = page.body.split("<script").skip(1).map(|rest| rest.split('>').next().unwrap_or("")).collect();
        assert!(!tags.is_empty(), "the page loads its browser code");
        for tag in tags {
            assert!(tag.contains("src=") || tag.contains(&format!("nonce=\"{nonce}\"")), "an inline script without the nonce: {tag}");
        }
        // A second page gets a different nonce.
        let again = policy_of(&app.get("/sign-in", None).await);
        assert_ne!(again, policy);
        // Answers that are not pages may run no inline script at all.
        let api = app.post_form("/api/current-user", &[], None, "/").await;
        let api_policy = policy_of(&api);
        assert!(!api_policy.contains("nonce") && api_policy.contains("script-src 'self' 'wasm-unsafe-eval'"), "{api_policy}");
        app.db.close().await;
    }
}

async fn refusal_text(app: &TestApp, reply: &Reply) -> String {
    assert!(reply.location().contains("__form="), "expected a refusal, got {} {}", reply.status, reply.location());
    app.get(reply.location().trim_start_matches(ORIGIN), None).await.body
}

#[tokio::test]
async fn one_mailbox_cannot_be_bombed_with_reset_or_confirmation_e_mails() {
    for app in apps().await {
        // The attack: ask again and again for a reset link to someone else's address.
        for _ in 0..8 {
            let reply = app.send(from_peer(form_request("/api/forgot-password", &[("email", "dennis@whynot.example")], None, "/forgot-password"), "203.0.113.7", None)).await;
            // Every answer looks the same, so it says nothing about the address.
            assert_eq!(reply.location(), "/forgot-password?sent=1");
        }
        let resets = app.state.mailer.sent().iter().filter(|m| m.to == "dennis@whynot.example").count();
        assert_eq!(resets, 3, "three e-mails an hour at most");

        // The same for confirmation e-mails to an address someone keeps registering.
        for n in 0..8 {
            let password = format!("a long enough password {n}");
            let reply = app
                .send(from_peer(form_request("/api/register", &[("name", "Olive Green"), ("email", "olive@example.org"), ("password", &password)], None, "/register"), "203.0.113.8", None))
                .await;
            assert_eq!(reply.location(), "/register/check-email");
        }
        assert_eq!(app.state.mailer.sent().iter().filter(|m| m.to == "olive@example.org").count(), 5);
        app.db.close().await;
    }
}

#[tokio::test]
async fn one_connection_is_told_to_wait_after_too_many_requests() {
    for app in apps().await {
        // The attack: one connection asks for reset links to many addresses.
        let mut answers = Vec::new();
        for n in 0..22 {
            let email = format!("someone{n}@example.org");
            answers.push(app.send(from_peer(form_request("/api/forgot-password", &[("email", &email)], None, "/forgot-password"), "203.0.113.9", None)).await);
        }
        assert!(answers[..20].iter().all(|r| r.location() == "/forgot-password?sent=1"));
        let page = refusal_text(&app, &answers[21]).await;
        assert!(page.contains("a lot of these requests from your connection"), "{page}");
        // Someone else, elsewhere, is not affected.
        let other = app.send(from_peer(form_request("/api/forgot-password", &[("email", "x@example.org")], None, "/forgot-password"), "198.51.100.1", None)).await;
        assert_eq!(other.location(), "/forgot-password?sent=1");

        // Certificate checks: one connection trying code after code is told to wait.
        let check = |n: usize| {
            let request = Request::builder().uri(format!("/certificates/verify?code=CR-GUESS-{n:04}")).body(Body::empty()).unwrap();
            from_peer(request, "203.0.113.10", None)
        };
        for n in 0..60 {
            let page = app.send(check(n)).await;
            assert!(!page.body.contains("a lot of these requests"), "check {n} is answered");
        }
        let page = app.send(check(60)).await;
        assert!(page.body.contains("a lot of these requests"), "{}", page.body);
        app.db.close().await;
    }
}
