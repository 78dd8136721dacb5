//! A group's activity report against a real database: the demo's WhyNot! projects counted by
//! year and stage, outputs and impact within the years chosen, members trained, a bad year
//! sent back beside its field, and the report closed to anyone outside the group.

use app::activity::service::{self as activity, this_year};
use app::error::AppError;

use crate::support::*;

#[tokio::test]
async fn the_report_counts_the_groups_own_work_in_the_years_chosen() {
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        let margaret = actor_for(&state, "margaret@whynot.example").await;
        let year = this_year();
        let r = activity::report(&state.db, &margaret, "whynot", Some(&(year - 2).to_string()), Some(&year.to_string())).await.unwrap();
        assert_eq!((r.from_year, r.to_year, r.years.len()), (year - 2, year, 3));
        assert_eq!(r.projects_total, 2, "the assistive technology project and the finished day services study");
        assert!(r.years.iter().flat_map(|y| &y.stages).any(|(s, _)| s == "Impact follow-up"), "{:?}", r.years);
        assert_eq!(r.commissioners, vec![("Essex County Council".to_string(), 2)]);
        let outputs: i64 = r.outputs.iter().map(|(_, n)| n).sum();
        assert_eq!(outputs, 5, "{:?}", r.outputs);
        assert_eq!(r.impacts.len(), 1);
        assert_eq!(r.impacts[0].kind_label, "A service changed");

        // A member who earned a certificate in the period counts as trained; a revoked one does not.
        let (cohort,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM cohorts").fetch_one(&state.db).await.unwrap();
        let before = r.members_trained;
        for (email, revoked) in [("dennis@whynot.example", None), ("sheila@whynot.example", Some(1_i64))] {
            let user = test_support::worlds::user_id(&state.db, email).await;
            sqlx::query("INSERT INTO certificates (cohort_id, user_id, code, issued_at, revoked_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(cohort)
                .bind(user)
                .bind(format!("CR-TEST-{user}"))
                .bind(app::platform::time::now())
                .bind(revoked)
                .execute(&state.db)
                .await
                .unwrap();
        }
        let r = activity::report(&state.db, &margaret, "whynot", None, None).await.unwrap();
        assert_eq!(r.members_trained, before + 1);
        assert_eq!(r.from_year, year - 4, "five years when none is chosen");

        // Years long before the projects: nothing counted.
        let old = activity::report(&state.db, &margaret, "whynot", Some("2008"), Some("2013")).await.unwrap();
        assert_eq!((old.projects_total, old.outputs.len(), old.impacts.len()), (0, 0, 0));

        // The CSV carries the same figures, spreadsheet-safe.
        let csv = activity::csv(&r);
        assert!(csv.starts_with("Section,Item,Value\r\n") && csv.contains("Commissioned by,Essex County Council,2\r\n"), "{csv}");
        db.close().await;
    }
}

#[tokio::test]
async fn bad_years_come_back_and_outsiders_are_refused() {
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        let dennis = actor_for(&state, "dennis@whynot.example").await;
        match activity::report(&state.db, &dennis, "whynot", Some("1990"), Some("2025")).await {
            Err(AppError::Invalid(e)) => {
                assert!(e.message_for("from").is_some_and(|m| m.contains("Enter a year from 2000")), "{e:?}");
                assert_eq!((e.value_for("from"), e.value_for("to")), (Some("1990"), Some("2025")));
            }
            other => panic!("expected a field message, got {other:?}"),
        }
        for email in ["priya@se-surg.example", "helen.carter@essex-council.example", "admin@coresearch.example"] {
            let who = actor_for(&state, email).await;
            assert_eq!(activity::report(&state.db, &who, "whynot", None, None).await.unwrap_err(), AppError::NotFound, "{email}");
        }
        // A commissioning body has no activity report.
        let helen = actor_for(&state, "helen.carter@essex-council.example").await;
        assert_eq!(activity::report(&state.db, &helen, "essex-county-council", None, None).await.unwrap_err(), AppError::NotFound);
        db.close().await;
    }
}
