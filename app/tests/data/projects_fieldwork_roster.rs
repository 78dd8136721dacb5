//! Taking a participant off a fieldwork session: only while it is planned, only by the
//! project's researchers, with the session's and the participant's history.

use app::error::AppError;
use app::projects::fieldwork::sessions::roster;
use app::projects::fieldwork::sessions::service as sessions;
use crate::projects_fieldwork::{approve, participant, past, plan, refused_with, world};
use crate::support::*;

#[tokio::test]
async fn a_planned_sessions_participant_can_be_taken_off_and_a_held_ones_cannot() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (_, doc) = approve(&w).await;
        let session = sessions::plan_session(s, &w.tom, w.project, &plan("interview", &past(1), &[&w.tom])).await.unwrap();
        let p = participant(&w, "Ann Early", Some(doc)).await;
        let other = participant(&w, "Bob Later", Some(doc)).await;
        roster::add_participant(&s.db, &w.tom, w.project, session, &p.to_string()).await.unwrap();
        roster::add_participant(&s.db, &w.tom, w.project, session, &other.to_string()).await.unwrap();

        // Nobody but the project's researchers.
        for (who, actor, refusal) in [
            ("the commissioner", &w.sam, AppError::NotAllowed),
            ("another group", &w.margaret, AppError::NotFound),
            ("a member off the team", &w.off_team, AppError::NotAllowed),
            ("a coordinator not a researcher", &w.coordinator, AppError::NotAllowed),
        ] {
            assert_eq!(roster::remove_participant(&s.db, actor, w.project, session, p).await.unwrap_err(), refusal, "{who}");
        }
        let code = roster::remove_participant(&s.db, &w.priya, w.project, session, p).await.unwrap();
        assert_eq!(code, "P-01");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_session_participants WHERE session_id = {session}")).await, 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participant_changes WHERE participant_id = {p} AND change = 'left_session'")).await, 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_session_changes WHERE session_id = {session} AND change = 'participant_removed'")).await, 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'left_session' AND record_id = {p}")).await, 1);
        // Twice: nothing to take off.
        refused_with(roster::remove_participant(&s.db, &w.tom, w.project, session, p).await, "not on this planned session");
        // They can be added again while it is planned.
        roster::add_participant(&s.db, &w.tom, w.project, session, &p.to_string()).await.unwrap();

        // Once held, who took part stays on record.
        sessions::mark_held(&s.db, &w.tom, w.project, session, "45", "").await.unwrap();
        refused_with(roster::remove_participant(&s.db, &w.tom, w.project, session, other).await, "Only a planned session");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_session_participants WHERE session_id = {session}")).await, 2);
        let page = sessions::session_page(&s.db, &w.tom, w.project, session).await.unwrap();
        assert!(page.history.iter().any(|h| h.starts_with("Participant taken off")), "{:?}", page.history);
        db.close().await;
    }
}
