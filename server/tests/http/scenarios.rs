//! Tests that start from a built world (see `test_support::worlds`) rather than the demo
//! data alone: a bigger group, a cohort part-way through, a brief with several responses.

use test_support::http::*;

#[tokio::test]
async fn a_coordinator_sees_every_member_of_a_group_and_others_do_not() {
    for app in apps().await {
        let group = worlds::group_with_members(&app.state.db, "Colchester Voices", 5).await;
        let coordinator = app.sign_in(&group.coordinator.email).await;
        let page = app.get(&format!("/organisations/{}", group.slug), Some(&coordinator)).await;
        assert_eq!(page.status, StatusCode::OK);
        for member in &group.members {
            assert!(page.body.contains(&member.name) && page.body.contains(&member.email), "{} is listed", member.name);
        }

        // A member sees the names, not the addresses.
        let member = app.sign_in(&group.members[0].email).await;
        let as_member = app.get(&format!("/organisations/{}", group.slug), Some(&member)).await;
        assert_eq!(as_member.status, StatusCode::OK);
        assert!(as_member.body.contains(&group.members[1].name));
        assert!(!as_member.body.contains(&group.members[1].email));

        // Another group's coordinator is told there is no such page.
        let margaret = app.sign_in("margaret@whynot.example").await;
        let refused = app.get(&format!("/organisations/{}", group.slug), Some(&margaret)).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        assert!(!refused.body.contains(&group.members[0].name));
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_cohort_part_way_through_is_seen_by_its_trainer_and_its_trainees_only() {
    for app in apps().await {
        let cohort = worlds::cohort_part_way(&app.state.db, "Braintree, winter", "ruth.palmer@aru.example", 4).await;
        assert_eq!(cohort.trainees.iter().map(|t| t.modules_done).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
        let path = format!("/training/cohorts/{}", cohort.id);

        let ruth = app.sign_in("ruth.palmer@aru.example").await;
        let page = app.get(&path, Some(&ruth)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Braintree, winter"));
        for trainee in &cohort.trainees {
            assert!(page.body.contains(&trainee.person.name), "{} is on the trainer's page", trainee.person.name);
        }

        let trainee = app.sign_in(&cohort.trainees[2].person.email).await;
        let own = app.get(&path, Some(&trainee)).await;
        assert_eq!(own.status, StatusCode::OK);
        assert!(own.body.contains("Braintree, winter"));

        let dennis = app.sign_in("dennis@whynot.example").await;
        let refused = app.get(&path, Some(&dennis)).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        assert!(!refused.body.contains(&cohort.trainees[0].person.name));
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_commissioner_decides_among_sent_responses_and_never_sees_drafts() {
    for app in apps().await {
        let db = &app.state.db;
        let group = worlds::group_with_members(db, "Harlow Research Circle", 2).await;
        let whynot = worlds::organisation_id(db, "whynot").await;
        let sesurg = worlds::organisation_id(db, "se-surg").await;
        let brief = worlds::brief_with_responses(
            db,
            "essex-county-council",
            "Day centres in Harlow",
            &[(whynot, "submitted"), (group.id, "submitted"), (sesurg, "draft")],
        )
        .await;
        assert_eq!(brief.responses.len(), 3);

        let helen = app.sign_in("helen.carter@essex-council.example").await;
        let decisions = app.get(&format!("/briefs/{}/decisions", brief.id), Some(&helen)).await;
        assert_eq!(decisions.status, StatusCode::OK);
        assert!(decisions.body.contains("WhyNot!") && decisions.body.contains("Harlow Research Circle"));
        assert!(!decisions.body.contains("SE-SURG"), "a draft is the group's own until it is sent");

        // A group sees the published brief; another commissioner may not decide on it.
        let margaret = app.sign_in("margaret@whynot.example").await;
        let open = app.get(&format!("/briefs/{}", brief.id), Some(&margaret)).await;
        assert_eq!(open.status, StatusCode::OK);
        assert!(open.body.contains("Day centres in Harlow"));
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let refused = app.get(&format!("/briefs/{}/decisions", brief.id), Some(&sam)).await;
        assert_ne!(refused.status, StatusCode::OK);
        assert!(!refused.body.contains("Harlow Research Circle"));
        app.db.close().await;
    }
}
