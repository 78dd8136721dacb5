//! Outputs and the public page against a real database: outputs checked and recorded (a
//! failed save changes nothing), who may record them, and a public page shown only while
//! both the group and the commissioner agree, with the signed-off report's lay summary and
//! only the outputs marked for it.

use app::error::AppError;
use app::projects::finished_demo;
use app::projects::outputs::service::{self as outputs, OutputInput};

use crate::support::*;

#[tokio::test]
async fn outputs_are_checked_and_recorded_by_the_team_only() {
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        let p = finished_demo::project_id(&state.db).await.unwrap().unwrap();
        let dennis = actor_for(&state, "dennis@whynot.example").await;
        let count = || async { sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM project_outputs WHERE project_id = $1").bind(p).fetch_one(&state.db).await.unwrap().0 };
        assert_eq!(count().await, 5, "the demo's five");

        let bad = OutputInput { kind: "repository".into(), title: " ".into(), audience: "Researchers".into(), produced_on: "yesterday".into(), ..OutputInput::default() };
        assert_eq!(fields(outputs::add_output(&state.db, &dennis, p, &bad).await), vec!["title", "produced_on", "link"]);
        let bad_link = OutputInput { kind: "toolkit".into(), title: "Guide".into(), audience: "Groups".into(), produced_on: "2026-11-01".into(), link: "javascript:alert(1)".into(), on_public_page: true };
        assert_eq!(fields(outputs::add_output(&state.db, &dennis, p, &bad_link).await), vec!["link"]);
        assert_eq!(count().await, 5, "nothing saved");

        let good = OutputInput { link: "https://zenodo.org/records/42".into(), kind: "repository".into(), ..bad_link.clone() };
        let id = outputs::add_output(&state.db, &dennis, p, &good).await.unwrap();
        let page = outputs::outputs_page(&state.db, &dennis, p).await.unwrap();
        assert!(page.outputs.iter().any(|o| o.id == id && o.link == "https://zenodo.org/records/42" && o.kind_label == "Link to a repository"));

        for email in ["helen.carter@essex-council.example", "nadia.bell@aru.example"] {
            let who = actor_for(&state, email).await;
            assert!(outputs::outputs_page(&state.db, &who, p).await.is_ok(), "{email} sees them");
            assert_eq!(outputs::add_output(&state.db, &who, p, &good).await.unwrap_err(), AppError::NotAllowed, "{email}");
            assert_eq!(outputs::remove_output(&state.db, &who, p, id).await.unwrap_err(), AppError::NotAllowed, "{email}");
        }
        let priya = actor_for(&state, "priya@se-surg.example").await;
        assert_eq!(outputs::outputs_page(&state.db, &priya, p).await.unwrap_err(), AppError::NotFound);
        outputs::remove_output(&state.db, &dennis, p, id).await.unwrap();
        assert_eq!(count().await, 5);
        let audited: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE project_id = $1 AND action IN ('output_added', 'output_removed')")
            .bind(p)
            .fetch_one(&state.db)
            .await
            .unwrap();
        assert_eq!(audited.0, 2);
        db.close().await;
    }
}

#[tokio::test]
async fn the_public_page_is_shown_only_while_both_sides_agree() {
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        let p = finished_demo::project_id(&state.db).await.unwrap().unwrap();
        let margaret = actor_for(&state, "margaret@whynot.example").await;
        let helen = actor_for(&state, "helen.carter@essex-council.example").await;
        let dennis = actor_for(&state, "dennis@whynot.example").await;

        let public = outputs::public_project(&state.db, p).await.unwrap();
        assert_eq!(public.group_name, "WhyNot!");
        assert!(!public.lay_summary.is_empty(), "the signed-off report's lay summary");
        assert_eq!(public.outputs.len(), 4, "the presentation to the board is not on the public page");

        // Either side withdrawing hides it; agreeing again shows it.
        outputs::set_agreement(&state.db, &helen, p, "commissioner", false).await.unwrap();
        assert_eq!(outputs::public_project(&state.db, p).await.unwrap_err(), AppError::NotFound);
        assert!(outputs::outputs_page(&state.db, &margaret, p).await.unwrap().publication.words.contains("waiting for the commissioner"));
        outputs::set_agreement(&state.db, &helen, p, "commissioner", true).await.unwrap();
        assert!(outputs::public_project(&state.db, p).await.is_ok());
        outputs::set_agreement(&state.db, &margaret, p, "group", false).await.unwrap();
        assert_eq!(outputs::public_project(&state.db, p).await.unwrap_err(), AppError::NotFound);

        // Each side agrees only for itself; a peer researcher does not agree for the group.
        assert_eq!(outputs::set_agreement(&state.db, &margaret, p, "commissioner", true).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(outputs::set_agreement(&state.db, &helen, p, "group", true).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(outputs::set_agreement(&state.db, &dennis, p, "group", true).await.unwrap_err(), AppError::NotAllowed);

        // A project still in fieldwork cannot be published, and is never shown.
        let (recovery,): (i64,) = sqlx::query_as("SELECT id FROM projects WHERE title = 'Evaluation of the recovery college in south Essex'")
            .fetch_one(&state.db)
            .await
            .unwrap();
        let priya = actor_for(&state, "priya@se-surg.example").await;
        match outputs::set_agreement(&state.db, &priya, recovery, "group", true).await {
            Err(AppError::Refused(m)) => assert!(m.contains("finished project"), "{m}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(outputs::public_project(&state.db, recovery).await.unwrap_err(), AppError::NotFound);
        let audited: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE project_id = $1 AND action IN ('public_page_agreed', 'public_page_withdrawn')")
            .bind(p)
            .fetch_one(&state.db)
            .await
            .unwrap();
        assert_eq!(audited.0, 3);
        db.close().await;
    }
}
