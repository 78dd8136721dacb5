//! Training over real HTTP, as a browser without JavaScript would use it: the CSV
//! export, private learning-log entries, and a knowledge check posted as a plain form.

#[path = "../../app/tests/data/support.rs"]
mod support;

use app::platform::state::AppState;
use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use tower::ServiceExt;

struct TestApp {
    router: Router,
    state: AppState,
    db: support::TestDb,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn location(&self) -> &str {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// The session cookie set by this reply, as `name=value`.
    fn session_cookie(&self) -> Option<String> {
        self.set_cookies().into_iter().find(|c| c.contains("coresearch_session=") && !c.contains("Max-Age=0")).map(|c| {
            c.split(';').next().unwrap().to_string()
        })
    }

    fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect()
    }
}

impl TestApp {
    async fn start(db: support::TestDb, config: app::platform::config::Config) -> Self {
        let state = support::state_with(&db, config);
        app::demo::load(&state.db).await.unwrap();
        Self { router: server::router(state.clone()), state, db }
    }

    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        // Leptos marks text boundaries with <!> for hydration; read the text as a person would.
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).replace("<!>", "") }
    }

    async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut request = Request::builder().uri(path).header(header::ACCEPT, "text/html");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// A form posted by a browser without JavaScript, from `referer`.
    async fn post_form(&self, path: &str, form: &[(&str, &str)], cookie: Option<&str>, referer: &str) -> Reply {
        let body = form
            .iter()
            .map(|(k, v)| format!("{}={}", app::ui::encode_query_value(k), app::ui::encode_query_value(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::HOST, "127.0.0.1:3000")
            .header(header::ORIGIN, "http://127.0.0.1:3000")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::REFERER, format!("http://127.0.0.1:3000{referer}"));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    async fn sign_in(&self, email: &str) -> String {
        let reply = self
            .post_form("/api/sign-in", &[("email", email), ("password", app::demo::DEMO_PASSWORD), ("next", "")], None, "/sign-in")
            .await;
        assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
        reply.session_cookie().expect("a session cookie")
    }

    async fn count(&self, sql: &str) -> i64 {
        sqlx::query_as::<_, (i64,)>(sql).fetch_one(&self.state.db).await.unwrap().0
    }
}

async fn apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in support::all_backends().await {
        apps.push(TestApp::start(db, support::test_config(&[])).await);
    }
    apps
}


async fn private_and_shared_reflections(app: &TestApp) -> (i64, i64) {
    let private = app
        .count("SELECT r.id FROM reflections r JOIN users u ON u.id = r.user_id WHERE u.email = 'joan@trainee.example' AND r.shared = 0")
        .await;
    let shared = app
        .count("SELECT MIN(r.id) FROM reflections r JOIN users u ON u.id = r.user_id WHERE u.email = 'joan@trainee.example' AND r.shared = 1")
        .await;
    (private, shared)
}

#[tokio::test]
async fn the_cohort_csv_is_for_its_trainers_only() {
    for app in apps().await {
        let cohort = app.count("SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;
        let path = format!("/training/cohorts/{cohort}/export.csv");
        let ruth = app.sign_in("ruth.palmer@aru.example").await;
        let reply = app.get(&path, Some(&ruth)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().starts_with("text/csv"));
        assert!(reply.headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().contains("attachment"));
        assert!(reply.body.starts_with("Name,E-mail,\"Module 1"));
        assert!(reply.body.contains("Joan Whitfield,joan@trainee.example"));
        assert!(reply.body.contains("Sent apologies"));

        let joan = app.sign_in("joan@trainee.example").await;
        assert_eq!(app.get(&path, Some(&joan)).await.status, StatusCode::NOT_FOUND);
        let dennis = app.sign_in("dennis@whynot.example").await;
        let refused = app.get(&path, Some(&dennis)).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        assert!(!refused.body.contains("Joan"));
        let anonymous = app.get(&path, None).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
        assert!(anonymous.location().starts_with("/sign-in?next="));
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_private_reflection_is_not_found_even_by_the_trainer() {
    for app in apps().await {
        let (private, shared) = private_and_shared_reflections(&app).await;
        let ruth = app.sign_in("ruth.palmer@aru.example").await;
        let page = app.get(&format!("/training/reflections/{private}"), Some(&ruth)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(!page.body.contains("confident enough to interview"));
        let shared_page = app.get(&format!("/training/reflections/{shared}"), Some(&ruth)).await;
        assert_eq!(shared_page.status, StatusCode::OK);
        assert!(shared_page.body.contains("Your feedback"));
        // Replying to the private one over HTTP changes nothing.
        let before = app.count("SELECT COUNT(*) FROM reflection_replies").await;
        app.post_form("/api/training-reply", &[("reflection_id", &private.to_string()), ("body", "Peek")], Some(&ruth), "/training")
            .await;
        assert_eq!(app.count("SELECT COUNT(*) FROM reflection_replies").await, before);

        let joan = app.sign_in("joan@trainee.example").await;
        let own = app.get(&format!("/training/reflections/{private}"), Some(&joan)).await;
        assert_eq!(own.status, StatusCode::OK);
        assert!(own.body.contains("confident enough to interview"));
        assert!(own.body.contains("private: only you can see this"));
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_knowledge_check_works_as_a_plain_form() {
    for app in apps().await {
        let cohort = app.count("SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;
        let module = app.count("SELECT id FROM course_modules WHERE position = 3").await;
        let irene = app.sign_in("irene@trainee.example").await;
        let page_path = format!("/training/cohorts/{cohort}/modules/{module}");
        let page = app.get(&page_path, Some(&irene)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("Knowledge check"));

        let (c, m) = (cohort.to_string(), module.to_string());
        let read = app.post_form("/api/training-mark-read", &[("cohort_id", &c), ("module_id", &m)], Some(&irene), &page_path).await;
        assert_eq!(read.status, StatusCode::FOUND);
        assert!(read.location().contains("done=read"));

        // Nothing answered: back to the page with a message for each question, nothing saved.
        let before = app.count("SELECT COUNT(*) FROM check_attempts").await;
        let empty = app.post_form("/api/training-check", &[("cohort_id", &c), ("module_id", &m)], Some(&irene), &page_path).await;
        assert_eq!(empty.status, StatusCode::FOUND);
        let back = app.get(empty.location(), Some(&irene)).await;
        assert!(back.body.contains("Choose an answer to question 1"), "{}", back.location());
        assert_eq!(app.count("SELECT COUNT(*) FROM check_attempts").await, before);

        let right: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT q.id, o.id FROM module_questions q JOIN question_options o ON o.question_id = q.id WHERE q.module_id = $1 AND o.correct = 1",
        )
        .bind(module)
        .fetch_all(&app.state.db)
        .await
        .unwrap();
        let fields: Vec<(String, String)> =
            right.iter().map(|(q, o)| (format!("answers[q{q}]"), o.to_string())).collect();
        let mut form: Vec<(&str, &str)> = vec![("cohort_id", &c), ("module_id", &m)];
        form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let passed = app.post_form("/api/training-check", &form, Some(&irene), &page_path).await;
        assert_eq!(passed.status, StatusCode::FOUND);
        assert!(passed.location().contains("done=passed"), "{}", passed.location());
        let done = app.get(&page_path, Some(&irene)).await;
        assert!(done.body.contains("You passed with 100%."));
        app.db.close().await;
    }
}

#[tokio::test]
async fn certificates_verify_publicly_without_saying_whose_they_are() {
    for app in apps().await {
        let page = app.get("/certificates/verify?code=CR-NONE-NONE", None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("We have no certificate with the code CR-NONE-NONE"));
        app.db.close().await;
    }
}
