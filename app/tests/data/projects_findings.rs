//! Findings checked with participants, against real databases: only participants who agreed
//! to be contacted again (on their newest consent record) and have not withdrawn get the
//! summary; nobody gets it twice, even when two people send at once; a withdrawal after one
//! send keeps them out of the next; feedback events and the gate's line; refusals; and a
//! failed save changes nothing. Correcting and removing feedback events are in `events`,
//! revised summaries in `revisions`.

mod events;
mod revisions;

use app::error::AppError;
use app::identity::Actor;
use app::platform::state::AppState;
use app::projects::consent::participants;
use app::projects::findings::sending;
use app::projects::findings::events::{self as feedback, EventInput};
use app::projects::findings::service as findings;
use app::projects::findings::GATE_LINE;
use app::projects::gates::rules;
use app::projects::gates::service::load_facts;
use app::projects::Stage;
use crate::support::*;

struct World {
    state: AppState,
    project: i64,
    consent_form: i64,
    priya: Actor,
    tom: Actor,
    nadia: Actor,
    sam: Actor,
    margaret: Actor,
    coordinator: Actor,
    off_team: Actor,
    next: i64,
}

async fn world(db: &TestDb) -> World {
    let state = state(db);
    app::demo::load(&state.db).await.unwrap();
    let project = test_support::worlds::awarded_project(
        &state.db,
        "se-surg",
        "mid-and-south-essex-nhs",
        "priya@se-surg.example",
        "sam.okafor@msenhs.example",
        "Recovery stories (findings test)",
    )
    .await;
    let (sesurg,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = 'se-surg'").fetch_one(&state.db).await.unwrap();
    let tom = actor_for(&state, "tom@se-surg.example").await;
    let nadia = actor_for(&state, "nadia.bell@aru.example").await;
    exec(&state, "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1)", &[project, tom.user_id]).await;
    exec(&state, "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'academic_supporter', 1)", &[project, nadia.user_id]).await;
    let (app_id,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) VALUES ($1, 'nhs', 'NHS ethics', 'approved', 1, 1) RETURNING id",
    )
    .bind(project)
    .fetch_one(&state.db)
    .await
    .unwrap();
    let (consent_form,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_documents (application_id, application_version, kind, doc_version, title, body, created_at) \
         VALUES ($1, 1, 'consent_form', 1, 'Consent form', 'I agree.', 1) RETURNING id",
    )
    .bind(app_id)
    .fetch_one(&state.db)
    .await
    .unwrap();
    World {
        project,
        consent_form,
        priya: actor_for(&state, "priya@se-surg.example").await,
        sam: actor_for(&state, "sam.okafor@msenhs.example").await,
        margaret: actor_for(&state, "margaret@whynot.example").await,
        coordinator: new_person(&state, "Colin Coordinator", "colin@se-surg.example", sesurg, "coordinator").await,
        off_team: new_person(&state, "Olive Offteam", "olive@se-surg.example", sesurg, "member").await,
        tom,
        nadia,
        next: 1,
        state,
    }
}

/// A participant with these contact details and one consent record per recontact answer,
/// oldest first. Returns the participant's id.
async fn participant(w: &mut World, name: &str, email: &str, recontact: &[bool]) -> i64 {
    let seq = w.next;
    w.next += 1;
    let db = &w.state.db;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO participants (project_id, seq, code, joined_on, created_at, updated_at) VALUES ($1, $2, $3, '2026-11-01', 1, 1) RETURNING id",
    )
    .bind(w.project)
    .bind(seq)
    .bind(format!("P-{seq:02}"))
    .fetch_one(db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO participant_identities (participant_id, full_name, email, address, updated_at) VALUES ($1, $2, $3, '1 High Street\nClacton', 1)")
        .bind(id)
        .bind(name)
        .bind(email)
        .execute(db)
        .await
        .unwrap();
    for agrees in recontact {
        sqlx::query(
            "INSERT INTO consent_records (participant_id, document_id, consented_on, method, agrees_recontact, created_at) VALUES ($1, $2, '2026-11-02', 'paper', $3, 1)",
        )
        .bind(id)
        .bind(w.consent_form)
        .bind(i64::from(*agrees))
        .execute(db)
        .await
        .unwrap();
    }
    id
}

fn mails_to(w: &World, address: &str) -> usize {
    w.state.mailer.sent().iter().filter(|m| m.to.contains(address)).count()
}

async fn withdraw(w: &World, participant: i64) {
    participants::withdraw(&w.state.db, &w.tom, w.project, participant, "2026-11-20", "No longer wishes to take part").await.unwrap();
}

#[tokio::test]
async fn only_participants_who_agreed_to_be_contacted_again_get_the_summary_and_only_once() {
    for db in all_backends().await {
        let mut w = world(&db).await;
        let ann = participant(&mut w, "Ann Agreed", "ann@example.org", &[true]).await;
        let bert = participant(&mut w, "Bert Byletter", "", &[true]).await;
        participant(&mut w, "Cora Declined", "cora@example.org", &[false]).await;
        let dora = participant(&mut w, "Dora Withdrawn", "dora@example.org", &[true]).await;
        participant(&mut w, "Eric Changedmind", "eric@example.org", &[true, false]).await;
        participant(&mut w, "Fay Nowagrees", "fay@example.org", &[false, true]).await;
        participant(&mut w, "Gus Noconsent", "gus@example.org", &[]).await;
        withdraw(&w, dora).await;
        let s = &w.state;

        // Nothing can go before a summary is saved.
        assert!(matches!(sending::send_summary(s, &w.tom, w.project).await, Err(AppError::Refused(_))));
        // The page offers the themes as a starting text; a failed save changes nothing.
        let page = findings::findings_page(&s.db, &w.tom, w.project).await.unwrap();
        assert!(page.summary.contains("Thank you for taking part") && page.summary_saved_on.is_none());
        match findings::save_summary(&s.db, &w.tom, w.project, &"x".repeat(7000)).await {
            Err(AppError::Invalid(errors)) => assert!(errors.message_for("summary").is_some()),
            other => panic!("{other:?}"),
        }
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM findings_projects WHERE project_id = {}", w.project)).await, 0);
        findings::save_summary(&s.db, &w.tom, w.project, "We found that peer tutors matter.").await.unwrap();

        let sent = sending::send_summary(s, &w.tom, w.project).await.unwrap();
        assert_eq!((sent.emailed, sent.letters), (2, 1), "Ann and Fay by e-mail, Bert by letter");
        for (address, n) in [("ann@example.org", 1), ("fay@example.org", 1), ("cora@example.org", 0), ("dora@example.org", 0), ("eric@example.org", 0), ("gus@example.org", 0)] {
            assert_eq!(mails_to(&w, address), n, "{address}");
        }
        let to_ann = w.state.mailer.sent().into_iter().find(|m| m.to.contains("ann@example.org")).unwrap();
        assert!(to_ann.text.contains("peer tutors matter") && to_ann.text.contains("Dear Ann Agreed"));
        // The lead hears how many went and how many letters wait.
        let to_lead = w.state.mailer.sent().into_iter().find(|m| m.to.contains("priya@se-surg.example") && m.subject.contains("summary")).unwrap();
        assert!(to_lead.text.contains("E-mails sent to participants: 2") && to_lead.text.contains("without an e-mail address: 1"), "{}", to_lead.text);

        // Sending again mails nobody twice.
        let again = sending::send_summary(s, &w.priya, w.project).await.unwrap();
        assert_eq!((again.emailed, again.letters), (0, 1));
        assert_eq!(mails_to(&w, "ann@example.org"), 1);

        // A new participant gets it next time; one who withdrew after agreeing does not, and a
        // withdrawal after a send keeps them out of the next (and off the letters).
        let hal = participant(&mut w, "Hal Later", "hal@example.org", &[true]).await;
        let ida = participant(&mut w, "Ida Leftus", "ida@example.org", &[true]).await;
        withdraw(&w, ida).await;
        let letters = sending::letters_page(&w.state.db, &w.tom, w.project).await.unwrap();
        assert_eq!(letters.letters.iter().map(|l| l.full_name.as_str()).collect::<Vec<_>>(), ["Bert Byletter"]);
        assert_eq!(letters.summary, "We found that peer tutors matter.");
        withdraw(&w, bert).await;
        // Two people send at the same moment: Hal still gets one e-mail.
        let (a, b) = tokio::join!(sending::send_summary(&w.state, &w.tom, w.project), sending::send_summary(&w.state, &w.priya, w.project));
        let total = a.map(|x| x.emailed).unwrap_or(0) + b.map(|x| x.emailed).unwrap_or(0);
        assert_eq!(total, 1);
        assert_eq!((mails_to(&w, "hal@example.org"), mails_to(&w, "ida@example.org"), mails_to(&w, "ann@example.org")), (1, 0, 1));
        assert!(sending::letters_page(&w.state.db, &w.tom, w.project).await.unwrap().letters.is_empty(), "Bert withdrew");
        assert_eq!(sending::mark_letters_posted(&w.state.db, &w.tom, w.project).await.unwrap(), 0);
        let page = findings::findings_page(&w.state.db, &w.tom, w.project).await.unwrap();
        let sending = page.sending.unwrap();
        assert_eq!((sending.emailed, sending.to_email, sending.to_letter), (3, 0, 0));
        assert!(sending.lines.iter().all(|(code, _)| code.starts_with("P-")), "codes only");
        let _ = (ann, hal);

        // Every e-mail sent is on the audit trail against its participant, never a name.
        let audited = count(&w.state, &format!("SELECT COUNT(*) FROM audit_events WHERE project_id = {} AND action = 'summary_sent' AND record_kind = 'participant'", w.project)).await;
        assert_eq!(audited, 3);
        assert!(count(&w.state, &format!("SELECT COUNT(*) FROM audit_events WHERE project_id = {} AND action = 'letters_opened'", w.project)).await >= 2);
        db.close().await;
    }
}

#[tokio::test]
async fn a_posted_letter_is_not_printed_again() {
    for db in all_backends().await {
        let mut w = world(&db).await;
        participant(&mut w, "Bert Byletter", "", &[true]).await;
        participant(&mut w, "Nell Bademail", "not an address", &[true]).await;
        findings::save_summary(&w.state.db, &w.tom, w.project, "What we found.").await.unwrap();
        let letters = sending::letters_page(&w.state.db, &w.tom, w.project).await.unwrap();
        assert_eq!(letters.letters.len(), 2, "an address that cannot be used gets a letter");
        assert_eq!(sending::mark_letters_posted(&w.state.db, &w.tom, w.project).await.unwrap(), 2);
        assert!(sending::letters_page(&w.state.db, &w.tom, w.project).await.unwrap().letters.is_empty());
        assert_eq!(sending::send_summary(&w.state, &w.tom, w.project).await.unwrap().emailed, 0);
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM audit_events WHERE project_id = {} AND action = 'letters_posted'", w.project)).await, 2);
        db.close().await;
    }
}

fn event(held_on: &str, attendance: &str, themes: &[i64], comments: &[&str]) -> EventInput {
    EventInput {
        held_on: held_on.into(),
        attendance: attendance.into(),
        note: "At the recovery college".into(),
        theme_ids: themes.iter().map(i64::to_string).collect(),
        comments: comments.iter().map(|c| c.to_string()).collect(),
    }
}

async fn gate_line(w: &World) -> bool {
    let facts = load_facts(&w.state.db, w.project, Stage::Analysis).await.unwrap();
    rules::criteria(Stage::Analysis, &facts).into_iter().find(|c| c.text == GATE_LINE).expect("the gate's line").met
}

#[tokio::test]
async fn feedback_events_or_a_reason_meet_the_gate_and_only_the_team_records_them() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state.db;
        let (theme,): (i64,) = sqlx::query_as(
            "INSERT INTO analysis_themes (project_id, name, description, created_at, updated_at) VALUES ($1, 'Peer tutors matter', '', 1, 1) RETURNING id",
        )
        .bind(w.project)
        .fetch_one(s)
        .await
        .unwrap();
        let other_project = findings_other_theme(&w).await;
        assert!(!gate_line(&w).await);

        // A failed save keeps what was typed and saves nothing.
        match feedback::record_event(s, &w.tom, w.project, &event("2026-11-03", "lots", &[theme], &[&"y".repeat(5000)])).await {
            Err(AppError::Invalid(errors)) => {
                assert!(errors.message_for("attendance").unwrap().contains("number"));
                assert!(errors.message_for("comments[0]").is_some());
                assert_eq!(errors.value_for("attendance"), Some("lots"));
            }
            other => panic!("{other:?}"),
        }
        assert!(feedback::record_event(s, &w.tom, w.project, &event("2099-01-01", "3", &[], &[])).await.is_err(), "a date to come");
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM findings_feedback_events WHERE project_id = {}", w.project)).await, 0);
        assert!(!gate_line(&w).await);

        // A reason why there was none meets the line; changing it is audited; clearing it does not meet it.
        findings::save_no_event_reason(s, &w.tom, w.project, "Participants preferred a letter to a meeting.").await.unwrap();
        assert!(gate_line(&w).await);
        findings::save_no_event_reason(s, &w.priya, w.project, "").await.unwrap();
        assert!(!gate_line(&w).await);
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM audit_events WHERE project_id = {} AND action = 'no_feedback_reason_changed'", w.project)).await, 2);

        // An event with a comment against a theme (another project's theme is ignored).
        feedback::record_event(s, &w.tom, w.project, &event("2026-11-03", "14", &[theme, other_project], &["Everyone agreed", "Not ours"]))
            .await
            .unwrap();
        assert!(gate_line(&w).await);
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM findings_feedback_comments c JOIN findings_feedback_events e ON e.id = c.event_id WHERE e.project_id = {}", w.project)).await, 1);

        // The academic supporter reads the events and comments but sees no participants and changes nothing.
        let page = findings::findings_page(s, &w.nadia, w.project).await.unwrap();
        assert_eq!(page.events[0].comments, vec![("Peer tutors matter".to_string(), "Everyone agreed".to_string())]);
        assert!(page.sending.is_none() && !page.can_change && page.gate_met);
        assert_eq!(feedback::record_event(s, &w.nadia, w.project, &event("2026-11-03", "1", &[], &[])).await, Err(AppError::NotAllowed));
        assert_eq!(sending::letters_page(s, &w.nadia, w.project).await.map(|_| ()), Err(AppError::NotAllowed));
        assert_eq!(sending::send_summary(&w.state, &w.nadia, w.project).await.map(|_| ()), Err(AppError::NotAllowed));

        // Group members off the team are told no; the commissioner and other groups, not found.
        for who in [&w.coordinator, &w.off_team] {
            assert_eq!(findings::findings_page(s, who, w.project).await.map(|_| ()), Err(AppError::NotAllowed));
            assert_eq!(findings::save_summary(s, who, w.project, "Mine").await, Err(AppError::NotAllowed));
        }
        for who in [&w.sam, &w.margaret] {
            assert_eq!(findings::findings_page(s, who, w.project).await.map(|_| ()), Err(AppError::NotFound));
            assert_eq!(sending::letters_page(s, who, w.project).await.map(|_| ()), Err(AppError::NotFound));
            assert_eq!(findings::save_no_event_reason(s, who, w.project, "Mine").await, Err(AppError::NotFound));
            assert_eq!(feedback::record_event(s, who, w.project, &event("2026-11-03", "1", &[], &[])).await.map(|_| ()), Err(AppError::NotFound));
        }
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM findings_feedback_events WHERE project_id = {}", w.project)).await, 1);
        db.close().await;
    }
}

/// A theme on the demo's finished WhyNot! project.
async fn findings_other_theme(w: &World) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT t.id FROM analysis_themes t JOIN projects p ON p.id = t.project_id WHERE p.id <> $1 ORDER BY t.id LIMIT 1")
        .bind(w.project)
        .fetch_one(&w.state.db)
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn the_demo_has_a_feedback_event_with_comments_on_the_finished_projects_themes() {
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        app::demo::load(&state.db).await.unwrap();
        let project = app::projects::finished_demo::project_id(&state.db).await.unwrap().unwrap();
        assert_eq!(count(&state, &format!("SELECT COUNT(*) FROM analysis_themes WHERE project_id = {project}")).await, 2);
        assert_eq!(count(&state, &format!("SELECT COUNT(*) FROM findings_feedback_events WHERE project_id = {project}")).await, 1);
        assert_eq!(count(&state, &format!("SELECT COUNT(*) FROM findings_feedback_comments c JOIN findings_feedback_events e ON e.id = c.event_id WHERE e.project_id = {project}")).await, 2);
        let margaret = actor_for(&state, "margaret@whynot.example").await;
        let page = findings::findings_page(&state.db, &margaret, project).await.unwrap();
        assert!(page.gate_met && page.summary.contains("Transport decides"));
        db.close().await;
    }
}
