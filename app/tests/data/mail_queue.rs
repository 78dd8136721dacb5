//! The e-mail queue on both backends: queued in the request, sent once by a worker, tried
//! again after a failure, taken back from a server that stopped, shared by two servers
//! without sending anything twice, and cleared away by housekeeping.

use app::platform::db::{self, Backend, Db};
use app::platform::mail::{queue, Attachment, Email, Mailer};
use app::platform::state::AppState;
use app::platform::time::now;

use crate::support::*;

fn from() -> lettre::message::Mailbox {
    "CoResearch <no-reply@coresearch.localhost>".parse().unwrap()
}

/// A server's mailer that only queues; the test runs the worker.
fn queueing(db: &Db) -> Mailer {
    Mailer::in_memory(from(), db.clone()).delivering_later()
}

fn email(n: usize) -> Email {
    Email {
        to_name: format!("Person {n}"),
        to_address: format!("person{n}@example.org"),
        subject: format!("Message number {n}"),
        body: "Something happened.".into(),
        why: "You are getting this because it is a test.".into(),
    }
}

async fn one(db: &Db, sql: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql).fetch_one(db).await.unwrap().0
}

/// The row of the only queued e-mail: status, attempts, next attempt, last error.
async fn the_row(db: &Db) -> (String, i64, i64, Option<String>) {
    sqlx::query_as("SELECT status, attempts, next_attempt_at, last_error FROM mail_outbox").fetch_one(db).await.unwrap()
}

/// A mail server address where nothing answers.
async fn closed_port() -> u16 {
    tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn a_queued_mail_is_sent_once_by_the_worker_with_its_files() {
    for test_db in all_backends().await {
        let db = test_db.pool.clone();
        let mailer = queueing(&db);
        mailer.send(email(1)).await.unwrap();
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n".to_string();
        mailer.send_with(email(2), vec![Attachment::calendar("meeting.ics", ics.clone())]).await.unwrap();
        assert!(mailer.sent().is_empty(), "queueing sends nothing");
        assert_eq!(one(&db, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending'").await, 2);

        let done = mailer.deliver_due(now()).await.unwrap();
        assert_eq!((done.sent, done.retrying, done.failed), (2, 0, 0));
        let sent = mailer.sent();
        assert_eq!(sent.len(), 2);
        assert_eq!(sent[0].to, "person1@example.org");
        assert!(sent[0].text.starts_with("Hello Person 1,"));
        assert_eq!(sent[1].attachments, vec![Attachment::calendar("meeting.ics", ics)]);
        assert_eq!(one(&db, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent' AND sent_at IS NOT NULL AND attempts = 1").await, 2);

        assert_eq!(mailer.deliver_due(now()).await.unwrap().sent, 0, "nothing is sent twice");
        assert_eq!(mailer.sent().len(), 2);
        test_db.close().await;
    }
}

#[tokio::test]
async fn a_bad_address_is_refused_when_queued() {
    for test_db in all_backends().await {
        let mailer = queueing(&test_db.pool);
        let bad = Email { to_address: "not an address".into(), ..email(1) };
        assert_eq!(mailer.send(bad).await.unwrap_err().kind(), "address");
        assert_eq!(one(&test_db.pool, "SELECT COUNT(*) FROM mail_outbox").await, 0);
        test_db.close().await;
    }
}

#[tokio::test]
async fn a_failing_mail_server_is_tried_again_later_then_given_up() {
    for test_db in all_backends().await {
        let db = test_db.pool.clone();
        let smtp = format!("smtp://127.0.0.1:{}", closed_port().await);
        let mailer = Mailer::from_config(&test_config(&[("CORESEARCH_SMTP_URL", &smtp)]), db.clone()).unwrap();
        mailer.send(email(1)).await.unwrap();
        let start = now();

        let first = mailer.deliver_due(start).await.unwrap();
        assert_eq!((first.sent, first.retrying, first.failed), (0, 1, 0));
        // The error's kind only: nothing of the address or the server's answer.
        assert_eq!(the_row(&db).await, ("pending".into(), 1, start + 60, Some("delivery".into())));
        assert_eq!(mailer.deliver_due(start + 59).await.unwrap().retrying, 0, "not before its time");

        mailer.deliver_due(start + 60).await.unwrap();
        assert_eq!(the_row(&db).await, ("pending".into(), 2, start + 60 + 300, Some("delivery".into())));
        mailer.deliver_due(start + 360).await.unwrap();
        assert_eq!(the_row(&db).await, ("pending".into(), 3, start + 360 + 1800, Some("delivery".into())));

        let last = mailer.deliver_due(start + 2160).await.unwrap();
        assert_eq!((last.sent, last.retrying, last.failed), (0, 0, 1));
        let (status, attempts, _, error) = the_row(&db).await;
        assert_eq!((status.as_str(), attempts, error.as_deref()), ("failed", queue::MAX_ATTEMPTS, Some("delivery")));
        assert_eq!(mailer.deliver_due(start + 100_000).await.unwrap(), Default::default(), "a failed mail is left alone");
        test_db.close().await;
    }
}

#[tokio::test]
async fn a_claim_left_by_a_stopped_server_is_taken_again_after_the_lease() {
    for test_db in all_backends().await {
        let db = test_db.pool.clone();
        let mailer = queueing(&db);
        mailer.send(email(1)).await.unwrap();
        let start = now();
        // A server claims it, then stops before sending.
        assert_eq!(queue::claim(&db, "stopped-server", start, queue::BATCH).await.unwrap().len(), 1);

        assert_eq!(mailer.deliver_due(start + 60).await.unwrap().sent, 0, "another server's claim is respected");
        assert_eq!(mailer.deliver_due(start + queue::LEASE_SECONDS).await.unwrap().sent, 1);
        assert_eq!(mailer.sent().len(), 1);
        assert_eq!(one(&db, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent' AND attempts = 2").await, 1);

        // The stopped server, coming back, cannot mark it again.
        let id = one(&db, "SELECT id FROM mail_outbox").await;
        queue::mark_sent(&db, id, "stopped-server", start + 700).await.unwrap();
        assert_eq!(one(&db, "SELECT sent_at FROM mail_outbox").await, start + queue::LEASE_SECONDS);
        test_db.close().await;
    }
}

/// Another pool on the same database: a second app server.
async fn second_server(db: &Db) -> Db {
    db::connect(db.connect_options().database_url.as_str()).await.expect("a second pool opens")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_working_the_queue_at_once_send_each_mail_exactly_once() {
    const MAILS: usize = 60;
    for test_db in all_backends().await {
        let other = second_server(&test_db.pool).await;
        let (a, b) = (queueing(&test_db.pool), queueing(&other));
        for n in 0..MAILS {
            if n % 2 == 0 { a.send(email(n)).await.unwrap() } else { b.send(email(n)).await.unwrap() }
        }
        let at = now();
        let work = |mailer: Mailer| {
            tokio::spawn(async move {
                let mut sent = 0;
                // Keep going while there is work: the other server may hold a claim.
                for _ in 0..50 {
                    let done = mailer.deliver_due(at).await.unwrap();
                    sent += done.sent;
                    if done.sent == 0 {
                        break;
                    }
                }
                sent
            })
        };
        let (from_a, from_b) = tokio::join!(work(a.clone()), work(b.clone()));
        let (from_a, from_b) = (from_a.unwrap(), from_b.unwrap());
        assert_eq!(from_a + from_b, MAILS, "{}: a sent {from_a}, b sent {from_b}", test_db.backend);

        let mut subjects: Vec<String> = a.sent().into_iter().chain(b.sent()).map(|m| m.subject).collect();
        subjects.sort();
        subjects.dedup();
        assert_eq!(subjects.len(), MAILS, "each mail went exactly once");
        // Claimed once each: a second claim would have counted a second attempt.
        assert_eq!(one(&test_db.pool, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent' AND attempts = 1").await, MAILS as i64);
        other.close().await;
        test_db.close().await;
    }
}

#[tokio::test]
async fn on_postgresql_a_server_skips_rows_another_is_claiming_instead_of_waiting() {
    let Some(test_db) = postgres().await else { return };
    let db = test_db.pool.clone();
    assert_eq!(Backend::of(&db), Backend::Postgres);
    let other = second_server(&db).await;
    let mailer = queueing(&db);
    mailer.send(email(1)).await.unwrap();
    mailer.send(email(2)).await.unwrap();
    // The other server is in the middle of claiming the first row.
    let mut claiming = other.begin().await.unwrap();
    sqlx::query("SELECT id FROM mail_outbox ORDER BY id LIMIT 1 FOR UPDATE").execute(&mut *claiming).await.unwrap();

    let done = tokio::time::timeout(std::time::Duration::from_secs(5), mailer.deliver_due(now()))
        .await
        .expect("no waiting on the locked row")
        .unwrap();
    assert_eq!(done.sent, 1);
    assert_eq!(mailer.sent()[0].subject, "Message number 2");
    claiming.rollback().await.unwrap();
    assert_eq!(mailer.deliver_due(now()).await.unwrap().sent, 1, "free again, it goes");
    other.close().await;
    test_db.close().await;
}

#[tokio::test]
async fn housekeeping_clears_old_sent_and_failed_mail_and_keeps_the_rest() {
    for test_db in all_backends().await {
        let state = state(&test_db);
        let t = now();
        let day = 24 * 3600;
        for (status, created, sent) in [
            ("sent", t - 5 * day, Some(t - 4 * day)),
            ("sent", t - 2 * day, Some(t - day)),
            ("failed", t - 8 * day, None),
            ("failed", t - 2 * day, None),
            ("pending", t - 30 * day, None),
            ("sending", t - 30 * day, None),
        ] {
            sqlx::query(
                "INSERT INTO mail_outbox (recipient, subject, text_body, status, attempts, next_attempt_at, created_at, sent_at) \
                 VALUES ('p@example.org', 's', 't', $1, 1, $2, $2, $3)",
            )
            .bind(status)
            .bind(created)
            .bind(sent)
            .execute(&state.db)
            .await
            .unwrap();
        }
        let cleared = app::housekeeping::clear_expired(&state.db, &state.config, t).await.unwrap();
        assert_eq!(cleared.mails, 2, "the sent one from four days ago and the failed one from eight");
        let left: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, created_at FROM mail_outbox ORDER BY id").fetch_all(&state.db).await.unwrap();
        assert_eq!(
            left,
            vec![("sent".into(), t - 2 * day), ("failed".into(), t - 2 * day), ("pending".into(), t - 30 * day), ("sending".into(), t - 30 * day)]
        );
        test_db.close().await;
    }
}

/// The state of a server whose mailer only queues.
fn queueing_state(test_db: &TestDb) -> AppState {
    let base = state(test_db);
    AppState { mailer: queueing(&base.db), ..base }
}

#[tokio::test]
async fn a_password_reset_is_queued_in_its_transaction_and_an_unknown_address_queues_nothing() {
    for test_db in all_backends().await {
        let state = queueing_state(&test_db);
        test_support::worlds::person(&state.db, "Mary", "mary@example.org").await;
        let tokens_before = one(&state.db, "SELECT COUNT(*) FROM email_tokens").await;

        app::accounts::service::request_password_reset(&state, "nobody@example.org").await.unwrap();
        assert_eq!(one(&state.db, "SELECT COUNT(*) FROM mail_outbox").await, 0);
        assert_eq!(one(&state.db, "SELECT COUNT(*) FROM email_tokens").await, tokens_before);

        app::accounts::service::request_password_reset(&state, "Mary@Example.org ").await.unwrap();
        assert_eq!(one(&state.db, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending' AND recipient = 'mary@example.org'").await, 1);
        assert_eq!(one(&state.db, "SELECT COUNT(*) FROM email_tokens").await, tokens_before + 1);
        assert!(state.mailer.sent().is_empty(), "nothing is sent in the request");

        state.mailer.deliver_due(now()).await.unwrap();
        let token = link_token(&state, "mary@example.org", "/reset-password?token=");
        app::accounts::service::reset_password(&state, &token, "a brand new password 42").await.unwrap();
        test_db.close().await;
    }
}

#[tokio::test]
async fn a_mail_server_that_never_answers_does_not_slow_the_request() {
    let test_db = sqlite().await;
    // It accepts the connection and then says nothing, as a hung mail server does.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let smtp = format!("smtp://127.0.0.1:{}", silent.local_addr().unwrap().port());
    let base = state(&test_db);
    let mailer = Mailer::from_config(&test_config(&[("CORESEARCH_SMTP_URL", &smtp)]), base.db.clone()).unwrap();
    let state = AppState { mailer, ..base };
    test_support::worlds::person(&state.db, "Mary", "mary@example.org").await;

    let asked = tokio::time::timeout(
        std::time::Duration::from_secs(3),
        app::accounts::service::request_password_reset(&state, "mary@example.org"),
    )
    .await;
    assert!(matches!(asked, Ok(Ok(()))), "the request answers without waiting for the mail server");
    assert_eq!(one(&state.db, "SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending'").await, 1);
    drop(silent);
    test_db.close().await;
}
