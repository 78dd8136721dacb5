//! The refusal matrix (issue 11): every server function and every plain route, called as
//! seven people, and each answer compared with what `authz` allows.
//!
//! The seven: an anonymous visitor, a trainee, a member of another group, a coordinator, a
//! commissioner of another body, a trainer of another provider and the platform
//! administrator. "Another" is relative to the records an entry is about: for WhyNot!'s
//! records the coordinator is Margaret, the other group's member Tom (SE-SURG) and the other
//! body's commissioner Sam (the NHS trust); for SE-SURG's records they are Priya, Dennis
//! (WhyNot!) and Helen (Essex County Council). The other provider's trainer is made for the
//! test (the demo has one provider).
//!
//! The table (`table_*.rs`) names, for each endpoint, a request built from demo ids and who
//! `authz` lets through. Server functions are called as the browser code calls them (answers
//! are statuses: 401 sign in, 403 not allowed, 404 not found, 400 bad input); a refusal must
//! be 401, 403 or 404 (a plain route may send an anonymous visitor to sign in), and a person
//! let through must not get one. Each refused form is also posted as a browser without
//! JavaScript posts it, and must go back to its page carrying the refusal (sign in, not
//! allowed or not found), never a form message or a success. Requests that would change the demo are built to fail
//! validation after the authorisation check, or (`Fresh`) are sent on a new demo database for
//! each person let through. The list of endpoints is read from the source: an endpoint the
//! table lacks, or one it names that the code no longer has, fails the test by name.
//!
//! Runs on SQLite only: the rules do not depend on the database, and it keeps the run short.

mod scan;
mod table_accounts;
mod table_projects;
mod table_work;
mod world;

use std::collections::BTreeSet;

use test_support::http::*;
use world::World;

/// Who a request is sent as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persona {
    Anonymous,
    Trainee,
    OtherMember,
    Coordinator,
    OtherCommissioner,
    OtherTrainer,
    Administrator,
}

pub const PERSONAS: [Persona; 7] = [
    Persona::Anonymous,
    Persona::Trainee,
    Persona::OtherMember,
    Persona::Coordinator,
    Persona::OtherCommissioner,
    Persona::OtherTrainer,
    Persona::Administrator,
];

impl Persona {
    fn bit(self) -> Who {
        1 << (self as u8)
    }

    fn describe(self) -> &'static str {
        match self {
            Persona::Anonymous => "an anonymous visitor",
            Persona::Trainee => "a trainee",
            Persona::OtherMember => "a member of another group",
            Persona::Coordinator => "the coordinator",
            Persona::OtherCommissioner => "a commissioner of another body",
            Persona::OtherTrainer => "a trainer of another provider",
            Persona::Administrator => "the administrator",
        }
    }
}

/// A set of personas, one bit each.
pub type Who = u8;
pub const NOBODY: Who = 0;
pub const ANON: Who = 1;
pub const TRAINEE: Who = 1 << 1;
pub const MEMBER: Who = 1 << 2;
pub const COORD: Who = 1 << 3;
pub const COMM: Who = 1 << 4;
pub const TRAINER: Who = 1 << 5;
pub const ADMIN: Who = 1 << 6;
pub const SIGNED_IN: Who = TRAINEE | MEMBER | COORD | COMM | TRAINER | ADMIN;
pub const EVERYONE: Who = ANON | SIGNED_IN;

/// Whose records an entry is about, which decides who "the coordinator", "a member of
/// another group" and "a commissioner of another body" are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// WhyNot!'s and Essex County Council's records.
    WhyNot,
    /// SE-SURG's and the NHS trust's records.
    SeSurg,
}

/// How the people let through are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    /// The request changes nothing: the answer is a success.
    Reads,
    /// The input fails validation, which comes after the authorisation check: 400.
    Invalid,
    /// A success or a 400, on the shared database: whatever it changes, no later check
    /// depends on (an unknown address, a setting already on, a module already read).
    Quiet,
    /// The request changes the demo: each person let through sends it on a new demo database.
    Fresh,
    /// The request ends or changes sign-in sessions: each person let through sends it from a
    /// new session of their own.
    Session,
    /// The record is the coordinator's own (a session, a kept form) and others' requests are
    /// scoped to their own records: an answer to them is a refusal, or leaves the record in
    /// place (the SQL counts it and must say 1).
    Own(&'static str),
    /// The request carries a made-up one-time link: everyone is refused (any 4xx).
    Link,
    /// A panel's data: people authz refuses get `null` (no panel) instead of a refusal, and
    /// people it lets through get something.
    Null,
}

/// One server function: `/api/<name>`, the form it is sent (with `{placeholders}` for demo
/// ids), and who authz lets through.
pub struct Entry {
    pub name: &'static str,
    pub side: Side,
    pub form: &'static str,
    pub allowed: Who,
    pub then: Then,
}

pub const fn f(name: &'static str, side: Side, form: &'static str, allowed: Who, then: Then) -> Entry {
    Entry { name, side, form, allowed, then }
}

/// One plain route: its pattern as the router names it, the address to ask (GET) or post a
/// file to (POST, with `fields` as further form parts), and who authz lets through.
pub struct RouteEntry {
    pub method: &'static str,
    pub pattern: &'static str,
    pub path: &'static str,
    pub fields: &'static str,
    pub side: Side,
    pub allowed: Who,
    pub then: Then,
}

pub const fn r(method: &'static str, pattern: &'static str, path: &'static str, fields: &'static str, side: Side, allowed: Who, then: Then) -> RouteEntry {
    RouteEntry { method, pattern, path, fields, side, allowed, then }
}

fn server_function_entries() -> Vec<&'static Entry> {
    table_accounts::SERVER_FUNCTIONS.iter().chain(table_projects::SERVER_FUNCTIONS).chain(table_work::SERVER_FUNCTIONS).collect()
}

fn route_entries() -> &'static [RouteEntry] {
    table_work::ROUTES
}

#[test]
fn matrix_names_every_server_function_and_plain_route() {
    let (in_code, problems) = scan::server_functions();
    let mut failures = problems;
    let in_table: Vec<String> = server_function_entries().iter().map(|e| format!("/api/{}", e.name)).collect();
    let mut seen = BTreeSet::new();
    for path in &in_table {
        if !seen.insert(path.clone()) {
            failures.push(format!("the matrix names {path} twice"));
        }
    }
    for (path, file) in &in_code {
        if !seen.contains(path) {
            failures.push(format!("{path} ({file}) has no entry in the refusal matrix (server/tests/http/matrix/table_*.rs)"));
        }
    }
    let code_paths: BTreeSet<&String> = in_code.iter().map(|(p, _)| p).collect();
    for path in &in_table {
        if !code_paths.contains(path) {
            failures.push(format!("the refusal matrix names {path}, which no server function answers any more"));
        }
    }

    let routes = scan::plain_routes();
    let table_routes: BTreeSet<(String, String)> = route_entries().iter().map(|e| (e.method.to_string(), e.pattern.to_string())).collect();
    for (method, pattern, file) in &routes {
        if !table_routes.contains(&(method.clone(), pattern.clone())) {
            failures.push(format!("{method} {pattern} ({file}) has no entry in the refusal matrix's routes"));
        }
    }
    for (method, pattern) in &table_routes {
        if !routes.iter().any(|(m, p, _)| m == method && p == pattern) {
            failures.push(format!("the refusal matrix names {method} {pattern}, which no route answers any more"));
        }
    }
    assert!(in_code.len() > 200 && routes.len() > 10, "the source scan found too little: {} server functions, {} routes", in_code.len(), routes.len());
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

/// A plain route's request: a download, or a file posted with further form fields.
fn route_request(method: &str, path: &str, fields: &str, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::builder().uri(path).header(header::HOST, "127.0.0.1:3000").header(header::ORIGIN, "http://127.0.0.1:3000");
    let body = if method == "POST" {
        let boundary = "----coresearchmatrixboundary";
        let mut body = String::new();
        for pair in fields.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
        }
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\nNotes from the matrix test.\r\n--{boundary}--\r\n"
        ));
        request = request.method(Method::POST).header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
        Body::from(body)
    } else {
        request = request.header(header::ACCEPT, "text/html");
        Body::empty()
    };
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(body).unwrap()
}

fn is_refusal(reply: &Reply, persona: Persona) -> bool {
    match reply.status.as_u16() {
        401 => persona == Persona::Anonymous,
        403 | 404 => true,
        302 | 303 | 307 => persona == Persona::Anonymous && reply.location().starts_with("/sign-in"),
        _ => false,
    }
}

/// What is wrong with this answer, if anything.
async fn judge(app: &TestApp, world: &World, reply: &Reply, persona: Persona, allowed: bool, then: Then) -> Option<String> {
    let status = reply.status.as_u16();
    if status >= 500 {
        return Some(format!("a fault ({status})"));
    }
    let success = (200..400).contains(&status) && !is_refusal(reply, persona);
    if !allowed {
        return match then {
            Then::Link if (400..500).contains(&status) => None,
            Then::Null if status == 200 && reply.body.trim() == "null" => None,
            Then::Own(sql) if is_refusal(reply, persona) || success || status == 400 => {
                let left = app.count(&world.fill(sql)).await;
                (left != 1).then(|| format!("the coordinator's own record was touched ({status}; `{sql}` counts {left})"))
            }
            _ if is_refusal(reply, persona) => None,
            _ => Some(format!("authz refuses, but the answer was {status}")),
        };
    }
    let fine = match then {
        Then::Reads => success,
        Then::Invalid => status == 400,
        Then::Quiet | Then::Fresh | Then::Session | Then::Own(_) => success || status == 400,
        Then::Null => success && reply.body.trim() != "null",
        Then::Link => false,
    };
    (!fine).then(|| match then {
        Then::Invalid if success => format!("expected the input to be refused as invalid, but it was accepted ({status}): fix the matrix's input"),
        _ if is_refusal(reply, persona) => format!("authz allows, but the answer was a refusal ({status})"),
        _ => format!("authz allows, but the answer was {status}"),
    })
}

fn failure(what: &str, persona: Persona, email: Option<&str>, allowed: bool, problem: &str, reply: &Reply) -> String {
    let body: String = reply.body.chars().take(240).collect();
    format!(
        "{what} as {} ({}), authz {}: {problem}; location {:?}, body {body:?}",
        persona.describe(),
        email.unwrap_or("not signed in"),
        if allowed { "allows" } else { "refuses" },
        reply.location()
    )
}

struct Run {
    failures: Vec<String>,
    requests: usize,
}

/// The refusal a form posted without JavaScript carries back to its page: the answer kept
/// behind the `__form` reference (or, for someone not signed in, the sign-in page).
async fn refusal_without_javascript(app: &TestApp, reply: &Reply) -> Option<String> {
    let location = reply.location();
    if location.starts_with("/sign-in") {
        return Some("NotSignedIn".into());
    }
    let reference = url::Url::parse("http://127.0.0.1:3000").unwrap().join(location).ok()?.query_pairs().find(|(k, _)| k == "__form")?.1.into_owned();
    let kept: Option<(String,)> = sqlx::query_as("SELECT error FROM form_returns WHERE reference_hash = $1")
        .bind(app::platform::crypto::hash_token(&reference))
        .fetch_optional(&app.state.db)
        .await
        .unwrap();
    kept.map(|(error,)| base64_text(&error))
}

/// Leptos writes the error it carries back in base64 (standard alphabet, padded).
fn base64_text(encoded: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut bytes = Vec::new();
    for c in encoded.bytes().filter(|&c| c != b'=') {
        let Some(value) = ALPHABET.iter().position(|&a| a == c) else { return encoded.to_string() };
        bits = (bits << 6) | value as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

impl Run {
    /// The same form posted by a browser without JavaScript, as a person authz refuses: it
    /// goes back to its page carrying a refusal, never a success or a form message.
    async fn check_without_javascript(&mut self, app: &TestApp, path: &str, body: String, persona: Persona, email: Option<&str>, cookie: Option<&str>) {
        let mut request = api_request(path, body, cookie);
        request.headers_mut().insert(header::ACCEPT, "text/html,application/xhtml+xml".parse().unwrap());
        let reply = app.send(request).await;
        self.requests += 1;
        let carried = refusal_without_javascript(app, &reply).await.unwrap_or_default();
        let expected: &[&str] = if persona == Persona::Anonymous { &["NotSignedIn"] } else { &["NotAllowed", "NotFound"] };
        if !expected.iter().any(|e| carried.contains(e)) {
            let problem = format!("without JavaScript, expected a refusal carried back to the page, but it carried {carried:?} ({})", reply.status);
            self.failures.push(failure(&format!("{path} (no JavaScript)"), persona, email, false, &problem, &reply));
        }
    }

    /// Sends one entry's request as one persona on `app` and records what was wrong.
    #[allow(clippy::too_many_arguments)]
    async fn check(&mut self, app: &TestApp, world: &World, what: &str, request: Request<Body>, persona: Persona, email: Option<&str>, allowed: bool, then: Then) {
        let reply = app.send(request).await;
        self.requests += 1;
        if let Some(problem) = judge(app, world, &reply, persona, allowed, then).await {
            self.failures.push(failure(what, persona, email, allowed, &problem, &reply));
        }
    }
}

/// The people let through whose requests go to a database of their own (or a session of
/// their own), after everything else.
struct Later {
    what: String,
    request: Box<dyn Fn(&World, Option<&str>) -> Request<Body>>,
    side: Side,
    persona: Persona,
    then: Then,
}

#[tokio::test]
async fn matrix_every_endpoint_refuses_exactly_whom_authz_refuses() {
    let started = std::time::Instant::now();
    let app = TestApp::start(support::sqlite().await, support::test_config(&[])).await;
    let mut world = World::build(&app).await;
    let mut run = Run { failures: Vec::new(), requests: 0 };
    let mut later: Vec<Later> = Vec::new();

    for entry in server_function_entries() {
        let path = format!("/api/{}", entry.name);
        // Refusals first, so a refused request never meets a state a person let through made.
        let order = PERSONAS.iter().filter(|p| entry.allowed & p.bit() == 0).chain(PERSONAS.iter().filter(|p| entry.allowed & p.bit() != 0));
        for &persona in order {
            let allowed = entry.allowed & persona.bit() != 0;
            let form = entry.form;
            let build = {
                let path = path.clone();
                move |world: &World, cookie: Option<&str>| api_request(&path, world.fill(form), cookie)
            };
            if allowed && matches!(entry.then, Then::Fresh | Then::Session) {
                later.push(Later { what: path.clone(), request: Box::new(build), side: entry.side, persona, then: entry.then });
                continue;
            }
            let email = world.email(persona, entry.side);
            let request = build(&world, world.cookie(persona, entry.side));
            run.check(&app, &world, &path, request, persona, email, allowed, entry.then).await;
            if !allowed && !matches!(entry.then, Then::Link | Then::Own(_) | Then::Null) {
                run.check_without_javascript(&app, &path, world.fill(form), persona, email, world.cookie(persona, entry.side)).await;
            }
        }
    }
    for entry in route_entries() {
        let what = format!("{} {}", entry.method, entry.pattern);
        let order = PERSONAS.iter().filter(|p| entry.allowed & p.bit() == 0).chain(PERSONAS.iter().filter(|p| entry.allowed & p.bit() != 0));
        for &persona in order {
            let allowed = entry.allowed & persona.bit() != 0;
            let (method, path, fields) = (entry.method, entry.path, entry.fields);
            let build = move |world: &World, cookie: Option<&str>| route_request(method, &world.fill(path), &world.fill(fields), cookie);
            if allowed && matches!(entry.then, Then::Fresh | Then::Session) {
                later.push(Later { what: what.clone(), request: Box::new(build), side: entry.side, persona, then: entry.then });
                continue;
            }
            let email = world.email(persona, entry.side);
            let request = build(&world, world.cookie(persona, entry.side));
            run.check(&app, &world, &what, request, persona, email, allowed, entry.then).await;
        }
    }

    // Sessions: a new one for each request, so the ones the matrix uses live on.
    for item in later.iter().filter(|l| l.then == Then::Session) {
        let email = world.email(item.persona, item.side);
        let cookie = match email {
            Some(email) => Some(app.sign_in(email).await),
            None => None,
        };
        let request = (item.request)(&world, cookie.as_deref());
        run.check(&app, &world, &item.what, request, item.persona, email, true, item.then).await;
        // Signing out everywhere ends the matrix's own session too.
        world.sign_in_again(&app).await;
    }
    let shared = started.elapsed();
    app.db.close().await;

    // Changes: a new demo database for each.
    let fresh: Vec<&Later> = later.iter().filter(|l| l.then == Then::Fresh).collect();
    for item in &fresh {
        let app = TestApp::start(support::sqlite().await, support::test_config(&[])).await;
        let world = World::build(&app).await;
        let email = world.email(item.persona, item.side);
        let request = (item.request)(&world, world.cookie(item.persona, item.side));
        run.check(&app, &world, &item.what, request, item.persona, email, true, item.then).await;
        app.db.close().await;
    }

    eprintln!(
        "[matrix] {} server functions and {} routes, 7 people: {} requests ({} on fresh databases); {:.0?} on the shared database, {:.0?} in all",
        server_function_entries().len(),
        route_entries().len(),
        run.requests,
        fresh.len(),
        shared,
        started.elapsed()
    );
    assert!(run.failures.is_empty(), "{} answers disagree with authz:\n{}", run.failures.len(), run.failures.join("\n"));
}
