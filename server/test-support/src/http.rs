//! What every HTTP test program shares: the real router over a test database loaded with
//! the demo data, and requests shaped as a browser without JavaScript sends them.
//! Each test module uses part of it.

/// The test databases and app state, as `support::sqlite()` and so on.
pub use crate::db as support;
pub use crate::worlds;

pub use app::platform::state::AppState;
pub use axum::body::Body;
pub use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db: support::TestDb,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// The session cookie set by this reply, as `name=value`.
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookies().into_iter().find(|c| c.contains("coresearch_session=") && !c.contains("Max-Age=0")).map(|c| {
            c.split(';').next().unwrap().to_string()
        })
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect()
    }
}

impl TestApp {
    pub async fn start(db: support::TestDb, config: app::platform::config::Config) -> Self {
        let state = support::state_with(&db, config);
        app::demo::load(&state.db).await.unwrap();
        Self { router: server::router(state.clone()), state, db }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        // A request that never answers fails the test with its name instead of hanging the run.
        let what = format!("{} {}", request.method(), request.uri());
        let answer = async {
            let response = self.router.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            (status, headers, bytes)
        };
        let (status, headers, bytes) = tokio::time::timeout(std::time::Duration::from_secs(60), answer)
            .await
            .unwrap_or_else(|_| panic!("no answer within 60 seconds to {what} on {}", self.db.backend));
        // Leptos marks text boundaries with <!> for hydration; read the text as a person would.
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).replace("<!>", "") }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = Request::builder().uri(path).header(header::ACCEPT, "text/html");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let reply = self.send(request.body(Body::empty()).unwrap()).await;
        if let Some(tag) = block_inside_paragraph(&reply.body) {
            panic!("GET {path}: a <{tag}> inside a <p>; a browser ends the paragraph there, so the page it builds no longer matches what the browser code hydrates");
        }
        reply
    }

    /// A form posted by a browser without JavaScript, from `referer`.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>, referer: &str) -> Reply {
        self.send(form_request(path, form, cookie, referer)).await
    }

    /// Sends requests all at once, as many browsers would, and returns the replies in order.
    pub async fn send_all(&self, requests: Vec<Request<Body>>) -> Vec<Reply> {
        let mut tasks = Vec::new();
        for request in requests {
            let router = self.router.clone();
            tasks.push(tokio::spawn(async move {
                let response = router.oneshot(request).await.unwrap();
                let status = response.status();
                let headers = response.headers().clone();
                let bytes = response.into_body().collect().await.unwrap().to_bytes();
                Reply { status, headers, body: String::from_utf8_lossy(&bytes).replace("<!>", "") }
            }));
        }
        let mut replies = Vec::new();
        for task in tasks {
            let reply = tokio::time::timeout(std::time::Duration::from_secs(120), task)
                .await
                .unwrap_or_else(|_| panic!("no answer within 120 seconds on {}", self.db.backend))
                .unwrap();
            replies.push(reply);
        }
        replies
    }

    pub async fn sign_in(&self, email: &str) -> String {
        self.sign_in_with(email, app::demo::DEMO_PASSWORD).await
    }

    pub async fn sign_in_with(&self, email: &str, password: &str) -> String {
        let reply = self
            .post_form("/api/sign-in", &[("email", email), ("password", password), ("next", "")], None, "/sign-in")
            .await;
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        reply.session_cookie().expect("a session cookie")
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_as::<_, (i64,)>(sql).fetch_one(&self.state.db).await.unwrap().0
    }
}

/// The request a browser without JavaScript sends for a form posted from `referer`.
pub fn form_request(path: &str, form: &[(&str, &str)], cookie: Option<&str>, referer: &str) -> Request<Body> {
    let body = form
        .iter()
        .map(|(k, v)| format!("{}={}", app::ui::encode_query_value(k), app::ui::encode_query_value(v)))
        .collect::<Vec<_>>()
        .join("&");
    post(path, body, cookie, "text/html,application/xhtml+xml", referer)
}

/// A server function called as code calls it (asking for JSON), with the form's `body`.
pub fn api_request(path: &str, body: String, cookie: Option<&str>) -> Request<Body> {
    post(path, body, cookie, "application/json", "/dashboard")
}

fn post(path: &str, body: String, cookie: Option<&str>, accept: &str, referer: &str) -> Request<Body> {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::ACCEPT, accept)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::REFERER, format!("http://127.0.0.1:3000{referer}"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(body)).unwrap()
}

/// The request as if it came from the network address `peer` (and, when given, through
/// a proxy that wrote `X-Forwarded-For`).
pub fn from_peer(mut request: Request<Body>, peer: &str, forwarded_for: Option<&str>) -> Request<Body> {
    let address: std::net::SocketAddr = format!("{peer}:40000").parse().unwrap();
    request.extensions_mut().insert(axum::extract::ConnectInfo(address));
    if let Some(forwarded) = forwarded_for {
        request.headers_mut().insert("x-forwarded-for", forwarded.parse().unwrap());
    }
    request
}

pub async fn apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in support::all_backends().await {
        apps.push(TestApp::start(db, support::test_config(&[])).await);
    }
    apps
}

/// Elements whose start tag ends an open paragraph in a browser's HTML parser.
const ENDS_A_PARAGRAPH: [&str; 26] = [
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "section", "table", "ul",
];

/// The first element that sits inside a `<p>` in the HTML as sent but that a browser would
/// move out of it (a form, a list...): the page would then not hydrate. `None` when all is well.
pub fn block_inside_paragraph(html: &str) -> Option<String> {
    let mut in_paragraph = false;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if name == "p" {
            in_paragraph = !closing;
        } else if !closing && in_paragraph && ENDS_A_PARAGRAPH.contains(&name.as_str()) {
            return Some(name);
        }
    }
    None
}
