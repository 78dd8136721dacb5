//! Correcting and removing feedback events, against real databases: the page filled in with
//! what was saved; a bad value changes nothing and comes back with what was typed; comments
//! replaced; every change and removal audited; removing the last event (with no reason)
//! leaves the gate's line unmet; and only the project's researchers may do any of it.

use super::*;

async fn theme(w: &World, name: &str) -> i64 {
    let (id,): (i64,) =
        sqlx::query_as("INSERT INTO analysis_themes (project_id, name, description, created_at, updated_at) VALUES ($1, $2, '', 1, 1) RETURNING id")
            .bind(w.project)
            .bind(name)
            .fetch_one(&w.state.db)
            .await
            .unwrap();
    id
}

async fn audited(w: &World, action: &str) -> i64 {
    count(&w.state, &format!("SELECT COUNT(*) FROM audit_events WHERE project_id = {} AND action = '{action}' AND record_kind = 'feedback_event'", w.project)).await
}

#[derive(sqlx::FromRow, Debug, PartialEq)]
struct SavedEvent {
    held_on: String,
    attendance: i64,
    note: String,
}

async fn saved(w: &World, event: i64) -> Option<SavedEvent> {
    sqlx::query_as::<_, SavedEvent>("SELECT held_on, attendance, note FROM findings_feedback_events WHERE id = $1")
        .bind(event)
        .fetch_optional(&w.state.db)
        .await
        .unwrap()
}

async fn comments(w: &World, event: i64) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT theme_id, comment FROM findings_feedback_comments WHERE event_id = $1 ORDER BY theme_id")
        .bind(event)
        .fetch_all(&w.state.db)
        .await
        .unwrap()
}

/// An event on the demo's finished WhyNot! project.
async fn another_projects_event(w: &World) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM findings_feedback_events WHERE project_id <> $1 ORDER BY id LIMIT 1")
        .bind(w.project)
        .fetch_one(&w.state.db)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_researcher_corrects_a_feedback_event_and_what_was_said_about_each_theme() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state.db;
        let tutors = theme(&w, "Peer tutors matter").await;
        let travel = theme(&w, "Getting there is hard").await;
        let id = feedback::record_event(s, &w.tom, w.project, &event("2026-11-03", "14", &[tutors, travel], &["Everyone agreed", ""])).await.unwrap();

        // The page is filled in with what was saved, a comment box for every theme.
        let page = feedback::event_page(s, &w.tom, w.project, id).await.unwrap();
        assert_eq!((page.held_on.as_str(), page.held_on_typed.as_str(), page.attendance), ("3 November 2026", "03/11/2026", 14));
        assert_eq!(page.note, "At the recovery college");
        assert_eq!(
            page.comments,
            vec![(travel, "Getting there is hard".to_string(), String::new()), (tutors, "Peer tutors matter".to_string(), "Everyone agreed".to_string())]
        );
        assert!(page.only_one_for_gate);

        // A bad value changes nothing and comes back beside its field, with what was typed.
        let mut bad = event("03/11/2026", "about twenty", &[tutors], &["Most agreed"]);
        bad.note = "Tea, talk and cake".into();
        match feedback::change_event(s, &w.tom, w.project, id, &bad).await {
            Err(AppError::Invalid(errors)) => {
                assert!(errors.message_for("attendance").unwrap().contains("whole number"));
                assert_eq!(errors.message_for("held_on"), None);
                assert_eq!(errors.value_for("attendance"), Some("about twenty"));
                assert_eq!(errors.value_for("note"), Some("Tea, talk and cake"));
                assert_eq!(errors.value_for("comments[0]"), Some("Most agreed"));
            }
            other => panic!("{other:?}"),
        }
        assert!(feedback::change_event(s, &w.tom, w.project, id, &event("01/01/2099", "3", &[], &[])).await.is_err(), "a date to come");
        assert_eq!(saved(&w, id).await.unwrap().attendance, 14);
        assert_eq!(audited(&w, "feedback_event_changed").await, 0);

        // Corrected: date, count, note; the comment moves from one theme to the other.
        let mut good = event("04/11/2026", "20", &[tutors, travel], &["", "The bus times do not suit"]);
        good.note = "Tea, talk and cake".into();
        feedback::change_event(s, &w.tom, w.project, id, &good).await.unwrap();
        assert_eq!(saved(&w, id).await, Some(SavedEvent { held_on: "2026-11-04".into(), attendance: 20, note: "Tea, talk and cake".into() }));
        assert_eq!(comments(&w, id).await, vec![(travel, "The bus times do not suit".to_string())]);
        assert_eq!(audited(&w, "feedback_event_changed").await, 1);
        // Saved again unchanged: nothing to record.
        feedback::change_event(s, &w.priya, w.project, id, &good).await.unwrap();
        assert_eq!(audited(&w, "feedback_event_changed").await, 1);
        let page = findings::findings_page(s, &w.nadia, w.project).await.unwrap();
        assert_eq!(page.events[0].attendance, 20);
        assert_eq!(page.events[0].comments, vec![("Getting there is hard".to_string(), "The bus times do not suit".to_string())]);

        // Another project's event is not found through this project.
        let theirs = another_projects_event(&w).await;
        assert_eq!(feedback::event_page(s, &w.tom, w.project, theirs).await.map(|_| ()), Err(AppError::NotFound));
        assert_eq!(feedback::change_event(s, &w.tom, w.project, theirs, &good).await, Err(AppError::NotFound));
        assert_eq!(feedback::remove_event(s, &w.tom, w.project, theirs, true).await, Err(AppError::NotFound));
        assert!(saved(&w, theirs).await.is_some_and(|e| e.attendance == 23), "the demo's event is untouched");
        db.close().await;
    }
}

#[tokio::test]
async fn removing_the_last_feedback_event_leaves_the_gates_line_unmet_again() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state.db;
        let tutors = theme(&w, "Peer tutors matter").await;
        let first = feedback::record_event(s, &w.tom, w.project, &event("2026-11-03", "14", &[tutors], &["Everyone agreed"])).await.unwrap();
        let second = feedback::record_event(s, &w.tom, w.project, &event("2026-11-10", "8", &[], &[])).await.unwrap();
        assert!(!feedback::event_page(s, &w.tom, w.project, first).await.unwrap().only_one_for_gate);

        // Without the tick, nothing goes and the message is beside the box.
        match feedback::remove_event(s, &w.tom, w.project, first, false).await {
            Err(AppError::Invalid(errors)) => assert!(errors.message_for("confirm_remove").unwrap().contains("Tick the box")),
            other => panic!("{other:?}"),
        }
        assert!(saved(&w, first).await.is_some());

        feedback::remove_event(s, &w.tom, w.project, first, true).await.unwrap();
        assert!(saved(&w, first).await.is_none() && comments(&w, first).await.is_empty(), "its comments go with it");
        assert!(gate_line(&w).await, "one event is left");
        assert!(feedback::event_page(s, &w.tom, w.project, second).await.unwrap().only_one_for_gate);
        assert_eq!(feedback::remove_event(s, &w.priya, w.project, first, true).await, Err(AppError::NotFound), "already gone");

        feedback::remove_event(s, &w.priya, w.project, second, true).await.unwrap();
        assert!(!gate_line(&w).await, "no event and no reason: the line is unmet again");
        assert!(!findings::findings_page(s, &w.tom, w.project).await.unwrap().gate_met);
        assert_eq!(audited(&w, "feedback_event_removed").await, 2);

        // With a reason recorded, removing the only event keeps the line met.
        let third = feedback::record_event(s, &w.tom, w.project, &event("2026-11-12", "5", &[], &[])).await.unwrap();
        findings::save_no_event_reason(s, &w.tom, w.project, "The seminar was cancelled; we wrote to people instead.").await.unwrap();
        assert!(!feedback::event_page(s, &w.tom, w.project, third).await.unwrap().only_one_for_gate);
        feedback::remove_event(s, &w.tom, w.project, third, true).await.unwrap();
        assert!(gate_line(&w).await);
        db.close().await;
    }
}

#[tokio::test]
async fn only_the_projects_researchers_correct_or_remove_feedback_events() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state.db;
        let id = feedback::record_event(s, &w.tom, w.project, &event("2026-11-03", "14", &[], &[])).await.unwrap();
        let change = event("2026-11-04", "1", &[], &[]);

        // The academic supporter reads the event on the findings page but may not open its page or change it.
        assert_eq!(feedback::event_page(s, &w.nadia, w.project, id).await.map(|_| ()), Err(AppError::NotAllowed));
        assert_eq!(feedback::change_event(s, &w.nadia, w.project, id, &change).await, Err(AppError::NotAllowed));
        assert_eq!(feedback::remove_event(s, &w.nadia, w.project, id, true).await, Err(AppError::NotAllowed));
        // Group members off the team are told no.
        for who in [&w.coordinator, &w.off_team] {
            assert_eq!(feedback::event_page(s, who, w.project, id).await.map(|_| ()), Err(AppError::NotAllowed));
            assert_eq!(feedback::change_event(s, who, w.project, id, &change).await, Err(AppError::NotAllowed));
            assert_eq!(feedback::remove_event(s, who, w.project, id, true).await, Err(AppError::NotAllowed));
        }
        // The commissioner and another group learn nothing, not even whether it exists.
        for who in [&w.sam, &w.margaret] {
            for event_id in [id, id + 10_000] {
                assert_eq!(feedback::event_page(s, who, w.project, event_id).await.map(|_| ()), Err(AppError::NotFound));
                assert_eq!(feedback::change_event(s, who, w.project, event_id, &change).await, Err(AppError::NotFound));
                assert_eq!(feedback::remove_event(s, who, w.project, event_id, true).await, Err(AppError::NotFound));
            }
        }
        assert_eq!(saved(&w, id).await.unwrap().attendance, 14);
        assert_eq!(audited(&w, "feedback_event_changed").await + audited(&w, "feedback_event_removed").await, 0);
        db.close().await;
    }
}
