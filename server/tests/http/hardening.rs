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

const FIREFOX: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0";
const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

async fn get_as(app: &TestApp, path: &str, cookie: &str, user_agent: &str) -> Reply {
    let request = Request::builder()
        .uri(path)
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookie)
        .header(header::USER_AGENT, user_agent)
        .body(Body::empty())
        .unwrap();
    app.send(request).await
}

fn signed_out(reply: &Reply) -> bool {
    reply.status == StatusCode::FOUND && reply.location().starts_with("/sign-in?next=")
}

#[tokio::test]
async fn a_session_ends_after_two_hours_idle_and_twelve_in_all() {
    for app in apps().await {
        // The attack: a session left open on a shared computer. Before, it lasted a week idle.
        let cookie = app.sign_in("dennis@whynot.example").await;
        sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 3 * 24 * 3600, created_at = created_at - 3 * 24 * 3600")
            .execute(&app.state.db)
            .await
            .unwrap();
        let reply = app.get("/dashboard", Some(&cookie)).await;
        assert!(signed_out(&reply), "three days idle: {} {}", reply.status, reply.location());
        assert!(reply.set_cookies().iter().any(|c| c.contains("Max-Age=0")), "the stale cookie is cleared");

        // Just over two hours idle ends it; just under keeps it.
        let cookie = app.sign_in("dennis@whynot.example").await;
        sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 7100").execute(&app.state.db).await.unwrap();
        assert_eq!(app.get("/dashboard", Some(&cookie)).await.status, StatusCode::OK, "used 1 h 58 min ago");
        sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 7201").execute(&app.state.db).await.unwrap();
        assert!(signed_out(&app.get("/dashboard", Some(&cookie)).await), "over two hours idle");

        // Used all day, it still ends twelve hours after signing in.
        let cookie = app.sign_in("dennis@whynot.example").await;
        sqlx::query("UPDATE sessions SET created_at = created_at - 12 * 3600 - 1").execute(&app.state.db).await.unwrap();
        assert!(signed_out(&app.get("/dashboard", Some(&cookie)).await), "over twelve hours in all");
        app.db.close().await;
    }
}

#[tokio::test]
async fn session_lengths_follow_the_settings() {
    let db = support::sqlite().await;
    let app = TestApp::start(db, support::test_config(&[("CORESEARCH_SESSION_IDLE_MINUTES", "5"), ("CORESEARCH_SESSION_MAX_HOURS", "1")])).await;
    let cookie = app.sign_in("dennis@whynot.example").await;
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 301").execute(&app.state.db).await.unwrap();
    assert!(signed_out(&app.get("/dashboard", Some(&cookie)).await), "five minutes idle");
    let cookie = app.sign_in("dennis@whynot.example").await;
    sqlx::query("UPDATE sessions SET created_at = created_at - 3601").execute(&app.state.db).await.unwrap();
    assert!(signed_out(&app.get("/dashboard", Some(&cookie)).await), "one hour in all");
    app.db.close().await;
}

/// The handle of the first other session the account page offers to sign out.
fn other_session_id(page: &str) -> String {
    let start = page.find("name=\"session_id\" value=\"").expect("an other session to sign out") + "name=\"session_id\" value=\"".len();
    page[start..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn the_account_page_lists_sessions_and_signs_out_one_or_all() {
    for app in apps().await {
        let library = app.sign_in("sheila@whynot.example").await;
        assert_eq!(get_as(&app, "/dashboard", &library, CHROME).await.status, StatusCode::OK);
        let home = app.sign_in("sheila@whynot.example").await;
        let page = get_as(&app, "/account", &home, FIREFOX).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Where you are signed in"), "{}", page.body);
        assert!(page.body.contains("Firefox on Windows") && page.body.contains("(this browser)"), "{}", page.body);
        assert!(page.body.contains("Chrome on Linux"), "{}", page.body);
        assert!(page.body.contains("Last used "));
        assert_eq!(page.body.matches("name=\"session_id\"").count(), 1, "only the other session has a button");

        // Someone else cannot end Sheila's session with its handle.
        let library_id = other_session_id(&page.body);
        let dennis = app.sign_in("dennis@whynot.example").await;
        let refused = app.post_form("/api/end-session", &[("session_id", &library_id)], Some(&dennis), "/account").await;
        assert!(refused.location().contains("__form="), "{}", refused.location());
        assert_eq!(get_as(&app, "/dashboard", &library, CHROME).await.status, StatusCode::OK);

        // Sheila signs the library computer out from home.
        let ended = app.post_form("/api/end-session", &[("session_id", &library_id)], Some(&home), "/account").await;
        assert_eq!(ended.location(), "/account?saved=session-ended#sessions");
        assert!(signed_out(&get_as(&app, "/dashboard", &library, CHROME).await));
        assert_eq!(get_as(&app, "/dashboard", &home, FIREFOX).await.status, StatusCode::OK);

        // Sign out everywhere ends every session, this one too.
        let phone = app.sign_in("sheila@whynot.example").await;
        let reply = app.post_form("/api/sign-out-everywhere", &[], Some(&home), "/account").await;
        assert_eq!(reply.location(), "/?signed_out=everywhere");
        assert!(reply.set_cookies().iter().any(|c| c.contains("Max-Age=0")));
        assert!(signed_out(&app.get("/dashboard", Some(&home)).await));
        assert!(signed_out(&app.get("/dashboard", Some(&phone)).await));
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'sheila@whynot.example'").await, 0);
        assert_eq!(app.get("/dashboard", Some(&dennis)).await.status, StatusCode::OK, "other people stay signed in");
        let home_page = app.get("/?signed_out=everywhere", None).await;
        assert!(home_page.body.contains("signed out on every computer and phone"));
        // Anonymous visitors cannot use either.
        let anonymous = app.post_form("/api/sign-out-everywhere", &[], None, "/account").await;
        assert!(anonymous.location().contains("__form="));
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_new_password_ends_other_sessions_revokes_links_and_tells_the_person() {
    for app in apps().await {
        // The attack: someone with a session elsewhere, and a pending link to move the
        // account to their address, keeps both after the owner changes the password.
        let intruder = app.sign_in("tom@se-surg.example").await;
        let change = app
            .post_form("/api/change-email", &[("new_email", "intruder@evil.example"), ("email_password", "coresearch-demo")], Some(&intruder), "/account")
            .await;
        assert_eq!(change.location(), "/account?saved=email-sent");
        let pending = support::link_token(&app.state, "intruder@evil.example", "/account/confirm-email?token=");

        let owner = app.sign_in("tom@se-surg.example").await;
        let reply = app
            .post_form("/api/change-password", &[("current_password", "coresearch-demo"), ("new_password", "a fresh long password")], Some(&owner), "/account")
            .await;
        assert_eq!(reply.location(), "/account?saved=password");
        let fresh = reply.session_cookie().expect("this browser stays signed in");
        assert_eq!(app.get("/dashboard", Some(&fresh)).await.status, StatusCode::OK);
        assert!(signed_out(&app.get("/dashboard", Some(&intruder)).await), "the other session ended");
        let confirm = app.post_form("/api/confirm-email-change", &[("token", &pending)], None, "/account/confirm-email").await;
        assert!(confirm.location().contains("__form="), "the pending link is revoked: {}", confirm.location());
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'intruder@evil.example'").await, 0);
        assert!(app.state.mailer.sent().iter().any(|m| m.to == "tom@se-surg.example" && m.subject.contains("password has changed")));

        // A reset by e-mail does the same.
        let elsewhere = app.sign_in("sheila@whynot.example").await;
        app.post_form("/api/forgot-password", &[("email", "sheila@whynot.example")], None, "/forgot-password").await;
        let first = support::link_token(&app.state, "sheila@whynot.example", "/reset-password?token=");
        app.post_form("/api/forgot-password", &[("email", "sheila@whynot.example")], None, "/forgot-password").await;
        let second = support::link_token(&app.state, "sheila@whynot.example", "/reset-password?token=");
        let reset = app.post_form("/api/reset-password", &[("token", &second), ("password", "a reset long password")], None, "/reset-password").await;
        assert_eq!(reset.location(), "/sign-in?reset=1");
        assert!(signed_out(&app.get("/dashboard", Some(&elsewhere)).await));
        let old_link = app.post_form("/api/reset-password", &[("token", &first), ("password", "the intruders password")], None, "/reset-password").await;
        assert!(old_link.location().contains("__form="), "the older reset link no longer works");
        assert!(app.state.mailer.sent().iter().any(|m| m.to == "sheila@whynot.example" && m.subject.contains("password has changed")));
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_new_e_mail_address_ends_other_sessions_and_both_addresses_are_told() {
    for app in apps().await {
        let elsewhere = app.sign_in("dennis@whynot.example").await;
        let here = app.sign_in("dennis@whynot.example").await;
        app.post_form("/api/change-email", &[("new_email", "dennis.new@whynot.example"), ("email_password", "coresearch-demo")], Some(&here), "/account")
            .await;
        let token = support::link_token(&app.state, "dennis.new@whynot.example", "/account/confirm-email?token=");
        let reply = app.post_form("/api/confirm-email-change", &[("token", &token)], Some(&here), "/account/confirm-email").await;
        assert_eq!(reply.location(), "/account?saved=email");
        assert_eq!(app.get("/dashboard", Some(&here)).await.status, StatusCode::OK, "the browser that confirmed stays signed in");
        assert!(signed_out(&app.get("/dashboard", Some(&elsewhere)).await));
        for to in ["dennis@whynot.example", "dennis.new@whynot.example"] {
            assert!(app.state.mailer.sent().iter().any(|m| m.to == to && m.subject.contains("address has changed")), "{to}");
        }
        app.db.close().await;
    }
}

async fn error_page(app: &TestApp, reply: &Reply) -> String {
    error_page_for(app, reply, None).await
}

async fn error_page_for(app: &TestApp, reply: &Reply, cookie: Option<&str>) -> String {
    assert!(reply.location().contains("__form="), "expected a refusal, got {} {}", reply.status, reply.location());
    app.get(reply.location().trim_start_matches(ORIGIN), cookie).await.body
}

#[tokio::test]
async fn registering_someone_elses_address_first_never_hands_over_their_account() {
    for app in apps().await {
        let victim = "olive@example.org";
        // The attack: the attacker registers the victim's address first, with a password of their own.
        app.post_form("/api/register", &[("name", "Attacker"), ("email", victim), ("password", "attackers long password")], None, "/register").await;
        let attackers_link = support::link_token(&app.state, victim, "/verify-email?token=");
        // The victim registers later and confirms from the newest e-mail.
        let reply = app.post_form("/api/register", &[("name", "Olive Jones"), ("email", victim), ("password", "olives long password")], None, "/register").await;
        assert_eq!(reply.location(), "/register/check-email", "the same answer as a new address");
        let victims_link = support::link_token(&app.state, victim, "/verify-email?token=");
        assert_ne!(attackers_link, victims_link);
        let used = app.post_form("/api/verify-email", &[("token", &attackers_link), ("password", "attackers long password")], None, "/verify-email").await;
        assert!(error_page(&app, &used).await.contains("already been used"), "the first registration's link stopped working");
        let confirmed = app.post_form("/api/verify-email", &[("token", &victims_link), ("password", "olives long password")], None, "/verify-email").await;
        assert_eq!(confirmed.location(), "/sign-in?confirmed=1");

        // The attacker's password does not open the account; the victim's does, with her name.
        let attacker = app.post_form("/api/sign-in", &[("email", victim), ("password", "attackers long password")], None, "/sign-in").await;
        assert!(attacker.session_cookie().is_none());
        let cookie = app.sign_in_with(victim, "olives long password").await;
        let page = app.get("/dashboard", Some(&cookie)).await;
        assert!(page.body.contains("Hello, Olive Jones"), "{}", page.body);
        app.db.close().await;
    }
}

#[tokio::test]
async fn registering_again_after_the_owner_cannot_get_the_owners_click_either() {
    for app in apps().await {
        let victim = "percy@example.org";
        app.post_form("/api/register", &[("name", "Percy Hall"), ("email", victim), ("password", "percys long password")], None, "/register").await;
        // The attacker registers the same address again just after, so the newest e-mail is theirs.
        app.post_form("/api/register", &[("name", "Attacker"), ("email", victim), ("password", "attackers long password")], None, "/register").await;
        let newest = support::link_token(&app.state, victim, "/verify-email?token=");
        // Percy opens the newest e-mail and types his own password: refused, nothing confirmed.
        let refused = app.post_form("/api/verify-email", &[("token", &newest), ("password", "percys long password")], None, "/verify-email").await;
        assert!(error_page(&app, &refused).await.contains("not the password chosen when this address was registered"));
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'percy@example.org' AND email_verified_at IS NOT NULL").await, 0);
        let attacker = app.post_form("/api/sign-in", &[("email", victim), ("password", "attackers long password")], None, "/sign-in").await;
        assert!(attacker.session_cookie().is_none(), "an unconfirmed account never signs in");
        // Percy registers again and confirms: the account is his.
        app.post_form("/api/register", &[("name", "Percy Hall"), ("email", victim), ("password", "percys long password")], None, "/register").await;
        let link = support::link_token(&app.state, victim, "/verify-email?token=");
        let confirmed = app.post_form("/api/verify-email", &[("token", &link), ("password", "percys long password")], None, "/verify-email").await;
        assert_eq!(confirmed.location(), "/sign-in?confirmed=1");
        app.sign_in_with(victim, "percys long password").await;
        // The confirmed account is no longer open to registration: the owner is told instead.
        app.post_form("/api/register", &[("name", "Attacker"), ("email", victim), ("password", "attackers long password")], None, "/register").await;
        assert!(app.state.mailer.sent().last().unwrap().subject.contains("tried to register"));
        let attacker = app.post_form("/api/sign-in", &[("email", victim), ("password", "attackers long password")], None, "/sign-in").await;
        assert!(attacker.session_cookie().is_none());
        app.db.close().await;
    }
}

async fn organisation_id(app: &TestApp, slug: &str) -> String {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = $1").bind(slug).fetch_one(&app.state.db).await.unwrap();
    id.to_string()
}

#[tokio::test]
async fn an_administrator_cannot_add_themselves_or_hand_out_roles() {
    for app in apps().await {
        let admin = app.sign_in("admin@coresearch.example").await;
        let created = app
            .post_form("/api/create-organisation", &[("name", "Healthwatch Essex"), ("kind", "commissioner"), ("description", "")], Some(&admin), "/admin")
            .await;
        assert_eq!(created.location(), "/organisations/healthwatch-essex?done=created");
        let healthwatch = organisation_id(&app, "healthwatch-essex").await;

        // The attack: the administrator invites themselves as the commissioner (lead).
        let own = app
            .post_form("/api/invite-member", &[("organisation_id", &healthwatch), ("email", "admin@coresearch.example"), ("role", "commissioner"), ("lead", "on")], Some(&admin), "/organisations/healthwatch-essex")
            .await;
        assert!(error_page_for(&app, &own, Some(&admin)).await.contains("You cannot invite yourself"));
        // ...or someone as an ordinary member, which is the lead's to decide.
        let member = app
            .post_form("/api/invite-member", &[("organisation_id", &healthwatch), ("email", "someone@healthwatch.example"), ("role", "commissioner")], Some(&admin), "/organisations/healthwatch-essex")
            .await;
        assert!(error_page_for(&app, &member, Some(&admin)).await.contains("you invite only the first lead"));
        assert_eq!(app.count("SELECT COUNT(*) FROM invitations").await, 0);

        // Inviting the first lead is the administrator's job.
        let lead = app
            .post_form("/api/invite-member", &[("organisation_id", &healthwatch), ("email", "lead@healthwatch.example"), ("role", "commissioner"), ("lead", "on")], Some(&admin), "/organisations/healthwatch-essex")
            .await;
        assert_eq!(lead.location(), "/organisations/healthwatch-essex?done=invited");
        assert_eq!(app.count("SELECT COUNT(*) FROM invitations WHERE is_lead = 1").await, 1);

        // An organisation with a lead is the lead's: no invitations, role changes or removals.
        let whynot = organisation_id(&app, "whynot").await;
        let into_whynot = app
            .post_form("/api/invite-member", &[("organisation_id", &whynot), ("email", "admin@coresearch.example"), ("role", "coordinator")], Some(&admin), "/organisations/whynot")
            .await;
        assert!(into_whynot.location().contains("__form="));
        let dennis: (i64,) = sqlx::query_as("SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'dennis@whynot.example'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
        let dennis = dennis.0.to_string();
        let promote = app.post_form("/api/change-member-role", &[("membership_id", &dennis), ("role", "coordinator")], Some(&admin), "/organisations/whynot").await;
        assert!(promote.location().contains("__form="));
        let remove = app.post_form("/api/remove-member", &[("membership_id", &dennis)], Some(&admin), "/organisations/whynot").await;
        assert!(remove.location().contains("__form="));
        assert_eq!(app.count("SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'dennis@whynot.example' AND m.role = 'member'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'admin@coresearch.example'").await, 0);
        let page = app.get("/organisations/whynot", Some(&admin)).await;
        assert!(!page.body.contains("Send invitation"), "no invitation form for a group that has a lead");
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_group_invitation_is_accepted_only_by_the_invited_address() {
    for app in apps().await {
        let margaret = app.sign_in("margaret@whynot.example").await;
        let whynot = organisation_id(&app, "whynot").await;
        app.post_form("/api/invite-member", &[("organisation_id", &whynot), ("email", "newcomer@example.org"), ("role", "member")], Some(&margaret), "/organisations/whynot")
            .await;
        let token = support::link_token(&app.state, "newcomer@example.org", "/invitations/");
        // The attack: someone else, signed in, opens the link and accepts.
        let tom = app.sign_in("tom@se-surg.example").await;
        let refused = app.post_form("/api/accept-invitation", &[("token", &token)], Some(&tom), &format!("/invitations/{token}")).await;
        let page = error_page_for(&app, &refused, Some(&tom)).await;
        assert!(page.contains("This invitation was sent to newcomer@example.org"), "{page}");
        assert_eq!(app.count("SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id WHERE u.email = 'tom@se-surg.example' AND o.slug = 'whynot'").await, 0);
        // The newcomer still can.
        let accepted = app
            .post_form("/api/accept-invitation", &[("token", &token), ("name", "New Comer"), ("password", "a newcomers long password")], None, &format!("/invitations/{token}"))
            .await;
        assert_eq!(accepted.location(), "/dashboard?joined=1");
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_lowered_or_removed_trainer_loses_the_cohort_at_once() {
    for app in apps().await {
        let cohort = app.count("SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;
        let path = format!("/training/cohorts/{cohort}");
        let trainer: (String,) = sqlx::query_as(
            "SELECT u.email FROM cohort_trainers t JOIN users u ON u.id = t.user_id WHERE t.cohort_id = $1 ORDER BY u.id LIMIT 1",
        )
        .bind(cohort)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
        let cookie = app.sign_in(&trainer.0).await;
        assert_eq!(app.get(&path, Some(&cookie)).await.status, StatusCode::OK);
        assert_eq!(app.get(&format!("{path}/export.csv"), Some(&cookie)).await.status, StatusCode::OK);
        // Lowered to academic supporter (and no longer a lead) while signed in: refused on the next request.
        sqlx::query("UPDATE memberships SET role = 'academic_supporter', is_lead = 0 WHERE user_id = (SELECT id FROM users WHERE email = $1)")
            .bind(&trainer.0)
            .execute(&app.state.db)
            .await
            .unwrap();
        let page = app.get(&path, Some(&cookie)).await;
        assert_ne!(page.status, StatusCode::OK, "{}", page.body);
        assert!(!page.body.contains("Joan Whitfield"));
        assert_ne!(app.get(&format!("{path}/export.csv"), Some(&cookie)).await.status, StatusCode::OK);
        // Removed altogether: not found.
        sqlx::query("DELETE FROM memberships WHERE user_id = (SELECT id FROM users WHERE email = $1)").bind(&trainer.0).execute(&app.state.db).await.unwrap();
        assert_eq!(app.get(&path, Some(&cookie)).await.status, StatusCode::NOT_FOUND);
        app.db.close().await;
    }
}

#[tokio::test]
async fn personal_pages_and_server_functions_are_never_cached() {
    for app in apps().await {
        // The attack: the next person at a shared computer presses Back and sees the last one's pages.
        let cookie = app.sign_in("margaret@whynot.example").await;
        for path in ["/dashboard", "/account", "/organisations/whynot"] {
            let page = app.get(path, Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            assert_eq!(page.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap()), Some("no-store"), "{path}");
        }
        let api = app.post_form("/api/current-user", &[], Some(&cookie), "/dashboard").await;
        assert_eq!(api.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        let anonymous_api = app.post_form("/api/sign-in", &[("email", "x@example.org"), ("password", "wrong guess")], None, "/sign-in").await;
        assert_eq!(anonymous_api.headers.get(header::CACHE_CONTROL).unwrap(), "no-store", "every /api answer");
        // Plain http: no HSTS.
        assert!(app.get("/", None).await.headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        app.db.close().await;
    }
    let db = support::sqlite().await;
    let app = TestApp::start(db, support::test_config(&[("CORESEARCH_PUBLIC_URL", "https://coresearch.example.org")])).await;
    let home = app.get("/", None).await;
    assert_eq!(home.headers.get(header::STRICT_TRANSPORT_SECURITY).unwrap(), "max-age=31536000; includeSubDomains");
    app.db.close().await;
}

#[tokio::test]
async fn an_oversized_post_gets_a_readable_413_and_changes_nothing() {
    for app in apps().await {
        // The attack: a huge post to /api/sign-in (the review sent 600 MB and got a 500).
        let huge = format!("email=margaret%40whynot.example&password={}", "x".repeat(3 * 1024 * 1024));
        let mut request = form_request("/api/sign-in", &[], None, "/sign-in");
        *request.body_mut() = Body::from(huge.clone());
        request.headers_mut().insert(header::CONTENT_LENGTH, huge.len().into());
        let reply = app.send(request).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(reply.body.contains("That was too much to send"), "{}", reply.body);
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
        // An ordinary form still works.
        app.sign_in("margaret@whynot.example").await;
        app.db.close().await;
    }
}

/// The check every page fetched by these tests passes (`TestApp::get`).
#[test]
fn a_form_or_list_inside_a_paragraph_is_found() {
    assert_eq!(test_support::http::block_inside_paragraph("<p>Hello <a href=\"/\">there</a></p><form></form>"), None);
    assert_eq!(test_support::http::block_inside_paragraph("<p class=\"x\"><a>Change</a><form action=\"/\"></form></p>").as_deref(), Some("form"));
    assert_eq!(test_support::http::block_inside_paragraph("<p>One</p><ul><li><p>Two</p></li></ul><pre>x</pre>"), None);
    assert_eq!(test_support::http::block_inside_paragraph("<p>A list: <ul></ul></p>").as_deref(), Some("ul"));
}
