//! Training over real HTTP, as a browser without JavaScript would use it: the CSV
//! export, private learning-log entries, and a knowledge check posted as a plain form.

use test_support::http::*;

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

#[tokio::test]
async fn graduates_looking_for_a_group_come_in_pages_with_plain_links() {
    for app in apps().await {
        let db = &app.state.db;
        let cohort = app.count("SELECT id FROM cohorts WHERE name = 'Colchester, spring'").await;
        // Thirty more graduates asking to be found, on top of the demo's Gwen.
        for n in 0..30i64 {
            let (user,): (i64,) = sqlx::query_as(
                "INSERT INTO users (name, email, password_hash, email_verified_at, created_at, updated_at) VALUES ($1, $2, 'x', 0, 0, 0) RETURNING id",
            )
            .bind(format!("Graduate {n:02}"))
            .bind(format!("graduate{n}@example.org"))
            .fetch_one(db)
            .await
            .unwrap();
            let (certificate,): (i64,) = sqlx::query_as(
                "INSERT INTO certificates (cohort_id, user_id, code, issued_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(cohort)
            .bind(user)
            .bind(format!("CR-PAGE-{n:04}"))
            .bind(1_700_000_000 + n)
            .fetch_one(db)
            .await
            .unwrap();
            sqlx::query("INSERT INTO graduates_seeking_group (user_id, certificate_id, since_at) VALUES ($1, $2, 0)")
                .bind(user)
                .bind(certificate)
                .execute(db)
                .await
                .unwrap();
        }
        let priya = app.sign_in("priya@se-surg.example").await;
        let first = app.get("/training/graduates", Some(&priya)).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.body.contains("Showing 1 to 25 of 31 graduates"));
        assert!(first.body.contains("href=\"/training/graduates?page=2\""), "a plain link to the next page");
        let second = app.get("/training/graduates?page=2", Some(&priya)).await;
        assert_eq!(second.status, StatusCode::OK);
        assert!(second.body.contains("Showing 26 to 31 of 31 graduates"));
        assert!(second.body.contains("Gwen Foster") || first.body.contains("Gwen Foster"));
        assert!(!second.body.contains("graduate1@example.org"), "never an e-mail address");
    }
}
