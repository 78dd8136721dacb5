//! "Download my data" against real databases: every section's query runs on both backends,
//! holds the person's own data and nobody else's, and the export is on the audit trail.

use crate::support::*;

#[tokio::test]
async fn a_person_gets_their_own_data_and_nobody_elses() {
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        // Joan is a trainee part-way through the demo cohort.
        let (id, ..) = app::accounts::service::find_by_email(&state.db, "joan@trainee.example").await.unwrap().unwrap();
        let joan = app::accounts::service::load_current_user(&state.db, id).await.unwrap().unwrap().actor();
        let data = app::my_data::service::gather(&state.db, &joan).await.unwrap();
        assert_eq!(data.sections[0].title, "Your account");
        let everything = serde_json::to_string(&data).unwrap();
        assert!(everything.contains("joan@trainee.example"), "{everything}");
        assert!(data.sections.iter().any(|s| s.title == "Training courses you joined" && !s.rows.is_empty()), "{everything}");
        for someone_else in ["margaret@whynot.example", "priya@se-surg.example"] {
            assert!(!everything.contains(someone_else), "{someone_else} is not in Joan's data");
        }
        let (exports,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE action = 'exported' AND actor_id = $1")
            .bind(joan.user_id)
            .fetch_one(&state.db)
            .await
            .unwrap();
        assert_eq!(exports, 1);
        db.close().await;
    }
}

#[tokio::test]
async fn erasing_removes_personal_data_keeps_research_records_and_spares_a_last_lead() {
    use app::my_data::erase::erase_account;
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        let actor_for = |email: &'static str| {
            let db = state.db.clone();
            async move {
                let (id, ..) = app::accounts::service::find_by_email(&db, email).await.unwrap().unwrap();
                app::accounts::service::load_current_user(&db, id).await.unwrap().unwrap().actor()
            }
        };
        let count = |sql: String| {
            let db = state.db.clone();
            async move { sqlx::query_as::<_, (i64,)>(&sql).fetch_one(&db).await.unwrap().0 }
        };
        // Margaret is WhyNot!'s only coordinator: she is asked to hand over first.
        let margaret = actor_for("margaret@whynot.example").await;
        let refused = erase_account(&state.db, &margaret, "coresearch-demo", true).await.unwrap_err();
        assert!(refused.to_string().contains("only lead of WhyNot!"), "{refused}");

        // Wrong password, or the box not ticked: nothing changes, and each is explained.
        let joan = actor_for("joan@trainee.example").await;
        let wrong = erase_account(&state.db, &joan, "not it", false).await.unwrap_err();
        let errors = wrong.form_errors().unwrap();
        assert!(errors.message_for("password").is_some() && errors.message_for("understood").is_some());
        let enrolled = count(format!("SELECT COUNT(*) FROM enrolments WHERE user_id = {}", joan.user_id)).await;
        assert!(enrolled > 0);

        // An e-mail to her still waiting in the queue, and one to someone else.
        for to in ["Joan@Trainee.example", "ruth.palmer@aru.example"] {
            sqlx::query(
                "INSERT INTO mail_outbox (recipient, recipient_name, subject, text_body, next_attempt_at, created_at) VALUES ($1, 'x', 'Your module', 'Hello', 1, 1)",
            )
            .bind(to)
            .execute(&state.db)
            .await
            .unwrap();
        }
        erase_account(&state.db, &joan, "coresearch-demo", true).await.unwrap();
        assert_eq!(count("SELECT COUNT(*) FROM mail_outbox WHERE LOWER(recipient) = 'joan@trainee.example'".into()).await, 0, "her waiting e-mail goes");
        assert!(count("SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'ruth.palmer@aru.example'".into()).await >= 1, "others' stay");
        assert_eq!(count(format!("SELECT COUNT(*) FROM enrolments WHERE user_id = {}", joan.user_id)).await, 0);
        assert_eq!(count(format!("SELECT COUNT(*) FROM reflections WHERE user_id = {}", joan.user_id)).await, 0);
        assert_eq!(count(format!("SELECT COUNT(*) FROM sessions WHERE user_id = {}", joan.user_id)).await, 0);
        assert_eq!(count("SELECT COUNT(*) FROM users WHERE email = 'joan@trainee.example'".into()).await, 0);
        assert_eq!(count(format!("SELECT COUNT(*) FROM users WHERE id = {} AND name = 'An erased account'", joan.user_id)).await, 1);
        assert!(app::accounts::service::find_by_email(&state.db, "joan@trainee.example").await.unwrap().is_none());
        assert_eq!(count(format!("SELECT COUNT(*) FROM audit_events WHERE action = 'account_erased' AND actor_id = {}", joan.user_id)).await, 1);

        // A researcher's consent records stay, under "an erased account".
        let tom = actor_for("tom@se-surg.example").await;
        let taken = count(format!("SELECT COUNT(*) FROM consent_records WHERE taken_by = {}", tom.user_id)).await;
        erase_account(&state.db, &tom, "coresearch-demo", true).await.unwrap();
        assert_eq!(count(format!("SELECT COUNT(*) FROM consent_records WHERE taken_by = {}", tom.user_id)).await, taken);
        db.close().await;
    }
}
