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
