//! `server seed-scale`: bulk data on both backends, added on top of the demo data, with the
//! counts it reports really in the database, and the demo logins' pages still working.

use app::demo::scale::{seed, ScaleOptions};
use test_support::http::*;

#[tokio::test]
async fn seed_scale_adds_what_it_says_on_top_of_the_demo_data() {
    for app in apps().await {
        let before_orgs = app.count("SELECT COUNT(*) FROM organisations").await;
        let before_briefs = app.count("SELECT COUNT(*) FROM briefs WHERE state = 'published'").await;
        let before_whynot = app.count("SELECT COUNT(*) FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE o.slug = 'whynot'").await;
        let options = ScaleOptions { organisations: 120, briefs: 80, people: 100, cohorts: 6 };
        let report = seed(&app.state.db, options).await.unwrap();
        assert_eq!(report.organisations, 120, "{} on {}", report, app.db.backend);
        assert_eq!(report.people, 100);
        assert_eq!(report.briefs, 80);
        assert_eq!(report.cohorts, 6);
        assert_eq!(report.memberships, 100, "everyone belongs somewhere");
        assert!(report.responses >= 8 && report.enrolments >= 6 * 7, "{report}");

        assert_eq!(app.count("SELECT COUNT(*) FROM organisations").await, before_orgs + 120);
        assert_eq!(app.count("SELECT COUNT(*) FROM briefs WHERE state = 'published'").await, before_briefs + 80);
        assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email LIKE '%@people.example'").await, 100);
        assert_eq!(app.count("SELECT COUNT(*) FROM cohorts").await, 2 + 6, "two demo cohorts and six more");
        assert_eq!(app.count("SELECT COUNT(*) FROM cohort_sessions s JOIN cohorts c ON c.id = s.cohort_id WHERE c.name NOT IN ('Chelmsford, autumn', 'Colchester, spring')").await, 36);
        assert_eq!(app.count("SELECT COUNT(*) FROM enrolments").await as usize, report.enrolments + app.count("SELECT COUNT(*) FROM enrolments e JOIN cohorts c ON c.id = e.cohort_id WHERE c.name IN ('Chelmsford, autumn', 'Colchester, spring')").await as usize);
        let whynot = app.count("SELECT COUNT(*) FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE o.slug = 'whynot'").await;
        assert_eq!(whynot, before_whynot + 5, "one new person in twenty joins WhyNot!");
        assert_eq!(app.count("SELECT COUNT(*) FROM responses WHERE state = 'draft' AND submitted_at IS NOT NULL").await, 0);
        assert!(app.count("SELECT COUNT(*) FROM briefs WHERE responses_due < '2000-01-01' OR responses_due > '2200-01-01'").await == 0);

        // Run again: more of everything, no clash of names.
        let again = seed(&app.state.db, ScaleOptions { organisations: 20, briefs: 5, people: 10, cohorts: 1 }).await.unwrap();
        assert_eq!((again.organisations, again.people, again.briefs, again.cohorts), (20, 10, 5, 1));

        // The demo logins still work and see the bigger world.
        let margaret = app.sign_in("margaret@whynot.example").await;
        for path in ["/dashboard", "/briefs", "/organisations", "/organisations/whynot", "/projects", "/training"] {
            assert_eq!(app.get(path, Some(&margaret)).await.status, StatusCode::OK, "{path} on {}", app.db.backend);
        }
        let ruth = app.sign_in("ruth.palmer@aru.example").await;
        assert_eq!(app.get("/training", Some(&ruth)).await.status, StatusCode::OK);
        app.db.close().await;
    }
}
