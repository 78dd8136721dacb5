//! Fieldwork sessions and debriefs against real databases: nothing before ethics clearance,
//! every action tried by people who may not, consent and withdrawal deciding who joins a
//! session, held or cancelled once, invitations without participants, and debriefs read
//! only by their author and the supporter they named (not the lead).

use app::error::AppError;
use app::identity::Actor;
use app::platform::state::AppState;
use app::projects::consent::participants::{self, ParticipantInput};
use app::projects::consent::records::{self, ConsentInput};
use app::projects::fieldwork::sessions::calendar::session_calendar;
use app::projects::fieldwork::sessions::debriefs::{self, DebriefInput};
use app::projects::fieldwork::sessions::service::{self as sessions, PlanInput};
use app::projects::fieldwork::sessions::{pack, roster};
use app::projects::recruitment::service as recruitment;
use app::ui::pagination::PageNumber;
use crate::support::*;

pub(crate) struct World {
    pub(crate) state: AppState,
    pub(crate) project: i64,
    /// Project lead (SE-SURG coordinator).
    pub(crate) priya: Actor,
    /// A peer researcher on the team.
    pub(crate) tom: Actor,
    /// The academic supporter on the team.
    pub(crate) nadia: Actor,
    /// The commissioner (the project's contact).
    pub(crate) sam: Actor,
    /// Another group's coordinator.
    pub(crate) margaret: Actor,
    /// A trainee in no group.
    pub(crate) joan: Actor,
    /// A member of SE-SURG who is a peer researcher, but not on this project's team.
    pub(crate) off_team: Actor,
    /// A second SE-SURG coordinator, not on the team: manages, is not a researcher.
    pub(crate) coordinator: Actor,
}

pub(crate) async fn world(db: &TestDb) -> World {
    let state = state(db);
    app::demo::load(&state.db).await.unwrap();
    // A project of its own, so the demo's sessions on SE-SURG's demo project do not matter.
    let project = test_support::worlds::awarded_project(
        &state.db,
        "se-surg",
        "mid-and-south-essex-nhs",
        "priya@se-surg.example",
        "sam.okafor@msenhs.example",
        "Peer support evaluation (fieldwork test)",
    )
    .await;
    let (sesurg,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = 'se-surg'").fetch_one(&state.db).await.unwrap();
    let tom = actor_for(&state, "tom@se-surg.example").await;
    let nadia = actor_for(&state, "nadia.bell@aru.example").await;
    exec(&state, "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1)", &[project, tom.user_id]).await;
    exec(&state, "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'academic_supporter', 1)", &[project, nadia.user_id]).await;
    let off_team = new_person(&state, "Olive Offteam", "olive@se-surg.example", sesurg, "member").await;
    // Olive is a peer researcher on the demo project, not on this one.
    exec(
        &state,
        "INSERT INTO project_team (project_id, user_id, role, added_at) SELECT id, $1, 'peer_researcher', 1 FROM projects WHERE title = 'Evaluation of the recovery college in south Essex'",
        &[off_team.user_id],
    )
    .await;
    World {
        project,
        priya: actor_for(&state, "priya@se-surg.example").await,
        tom,
        nadia,
        sam: actor_for(&state, "sam.okafor@msenhs.example").await,
        margaret: actor_for(&state, "margaret@whynot.example").await,
        joan: actor_for(&state, "joan@trainee.example").await,
        off_team,
        coordinator: new_person(&state, "Colin Coordinator", "colin@se-surg.example", sesurg, "coordinator").await,
        state,
    }
}

/// An approved application with an information sheet, consent form (version 2) and topic
/// guide; returns (application id, consent form id).
pub(crate) async fn approve(w: &World) -> (i64, i64) {
    let (app_id,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) \
         VALUES ($1, 'nhs', 'NHS ethics', 'approved', 1, 1) RETURNING id",
    )
    .bind(w.project)
    .fetch_one(&w.state.db)
    .await
    .unwrap();
    let mut form = 0;
    for (kind, version, body) in [
        ("information_sheet", 1, "Why we are asking: **the sheet**."),
        ("consent_form", 1, "Old consent text."),
        ("consent_form", 2, "I agree to take part. **Consent text two.**"),
        ("topic_guide", 1, "1. Tell me about **the guide**."),
    ] {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO ethics_documents (application_id, application_version, kind, doc_version, title, body, created_at) \
             VALUES ($1, 1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(app_id)
        .bind(kind)
        .bind(version)
        .bind(format!("{kind} v{version}"))
        .bind(body)
        .bind(10 + version)
        .fetch_one(&w.state.db)
        .await
        .unwrap();
        if kind == "consent_form" {
            form = id;
        }
    }
    (app_id, form)
}

/// A participant (with consent when `doc` is given); returns their id.
pub(crate) async fn participant(w: &World, name: &str, doc: Option<i64>) -> i64 {
    let input = ParticipantInput {
        full_name: name.into(),
        phone: "07700 900999".into(),
        joined_on: "2026-11-01".into(),
        ..ParticipantInput::default()
    };
    let (id, _) = participants::add_participant(&w.state.db, &w.tom, w.project, &input).await.unwrap();
    if let Some(doc) = doc {
        let consent = ConsentInput {
            document_id: doc,
            consented_on: "2026-11-02".into(),
            method: "paper".into(),
            taken_by: w.tom.user_id.to_string(),
            confirmed: true,
            ..ConsentInput::default()
        };
        records::record_consent(&w.state.db, &w.tom, w.project, id, &consent).await.unwrap();
    }
    id
}

pub(crate) fn plan(kind: &str, day: &str, researchers: &[&Actor]) -> PlanInput {
    PlanInput {
        kind: kind.into(),
        held_on: day.into(),
        starts_at: "10:30".into(),
        venue: "Basildon library, room 2".into(),
        step_free: true,
        near_transport: false,
        hearing_loop: true,
        researchers: researchers.iter().map(|a| a.user_id.to_string()).collect(),
    }
}

fn debrief(feeling: &str, upsetting: &str, wants: &str, supporter: Option<&Actor>) -> DebriefInput {
    DebriefInput {
        feeling: feeling.into(),
        upsetting: upsetting.into(),
        wants_support: wants.into(),
        supporter_id: supporter.map(|a| a.user_id.to_string()).unwrap_or_default(),
    }
}

pub(crate) fn refused_with(result: Result<impl std::fmt::Debug, AppError>, words: &str) {
    match result {
        Err(AppError::Refused(message)) => assert!(message.contains(words), "{message}"),
        other => panic!("expected a refusal mentioning {words:?}, got {other:?}"),
    }
}

fn field_error(result: Result<impl std::fmt::Debug, AppError>, field: &str, words: &str) {
    match result {
        Err(AppError::Invalid(errors)) => {
            let message = errors.message_for(field).unwrap_or_else(|| panic!("no message for {field}: {errors:?}"));
            assert!(message.contains(words), "{field}: {message}");
        }
        other => panic!("expected a message beside {field}, got {other:?}"),
    }
}

pub(crate) fn past(days: i64) -> String {
    test_support::worlds::day(-days)
}

#[tokio::test]
async fn nothing_is_recorded_before_ethics_clearance() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        refused_with(sessions::plan_session(s, &w.tom, w.project, &plan("interview", &past(1), &[&w.tom])).await, "none has been made");
        let page = sessions::fieldwork_page(&s.db, &w.tom, w.project, PageNumber(1)).await.unwrap();
        assert!(page.clearance_missing.iter().any(|m| m.contains("none has been made")), "the page says what is missing");
        let (app_id, doc) = approve(&w).await;
        exec(s, "INSERT INTO ethics_conditions (application_id, text, created_at) VALUES ($1, 'Add the helpline number', 1)", &[app_id]).await;
        refused_with(sessions::plan_session(s, &w.tom, w.project, &plan("interview", &past(1), &[&w.tom])).await, "Add the helpline number");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE project_id = {}", w.project)).await, 0);
        assert!(s.mailer.sent().is_empty(), "no invitation for a refused plan");
        exec(s, "UPDATE ethics_conditions SET closed_at = 2 WHERE application_id = $1", &[app_id]).await;
        let session = sessions::plan_session(s, &w.tom, w.project, &plan("interview", &past(1), &[&w.tom])).await.unwrap();
        let p = participant(&w, "Ann Early", Some(doc)).await;
        // If the approval lapses, nobody more is added and nothing is marked held.
        exec(s, "UPDATE ethics_applications SET state = 'submitted' WHERE id = $1", &[app_id]).await;
        refused_with(roster::add_participant(&s.db, &w.tom, w.project, session, &p.to_string()).await, "ethics approval");
        refused_with(sessions::mark_held(&s.db, &w.tom, w.project, session, "45", "").await, "ethics approval");
        let page = sessions::session_page(&s.db, &w.tom, w.project, session).await.unwrap();
        assert!(!page.clearance_missing.is_empty());
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_session_participants WHERE session_id = {session}")).await, 0);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE id = {session} AND status = 'planned'")).await, 1);
        db.close().await;
    }
}

#[tokio::test]
async fn each_action_is_refused_to_those_who_may_not() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (_, doc) = approve(&w).await;
        let p = participant(&w, "Bella Secretname", Some(doc)).await;
        let held = sessions::plan_session(s, &w.tom, w.project, &plan("interview", &past(2), &[&w.tom])).await.unwrap();
        roster::add_participant(&s.db, &w.tom, w.project, held, &p.to_string()).await.unwrap();
        sessions::mark_held(&s.db, &w.tom, w.project, held, "45", "Bella said something private").await.unwrap();
        let planned = sessions::plan_session(s, &w.tom, w.project, &plan("focus_group", &past(1), &[&w.tom])).await.unwrap();
        let own = debriefs::save_debrief(s, &w.tom, w.project, held, &debrief("okay", "A private worry", "no", Some(&w.nadia))).await.unwrap();
        let tables = ["fieldwork_sessions", "fieldwork_session_participants", "fieldwork_debriefs", "fieldwork_session_changes"];
        let mut before = Vec::new();
        for table in tables {
            before.push(count(s, &format!("SELECT COUNT(*) FROM {table}")).await);
        }
        let (nf, na) = (AppError::NotFound, AppError::NotAllowed);
        // (who, the refusal for the sessions pages (None: they see them), for recording, for debriefs)
        let cases = [
            ("an outsider", &w.joan, Some(nf.clone()), nf.clone(), nf.clone()),
            ("another group", &w.margaret, Some(nf.clone()), nf.clone(), nf.clone()),
            ("the commissioner", &w.sam, Some(na.clone()), na.clone(), nf.clone()),
            ("a peer researcher not on the team", &w.off_team, None, na.clone(), na.clone()),
            ("a coordinator not a researcher", &w.coordinator, None, na.clone(), na.clone()),
        ];
        for (who, actor, pages, record, debrief_refusal) in cases {
            let list = sessions::fieldwork_page(&s.db, actor, w.project, PageNumber(1)).await;
            let page = sessions::session_page(&s.db, actor, w.project, held).await;
            match pages {
                Some(refusal) => {
                    assert_eq!(list.unwrap_err(), refusal, "{who}");
                    assert_eq!(page.unwrap_err(), refusal, "{who}");
                }
                None => {
                    let list = list.unwrap();
                    assert!(!list.is_researcher && list.researchers.is_empty(), "{who}");
                    let page = page.unwrap();
                    assert!(!page.is_researcher && page.notes.is_none() && page.participant_choices.is_empty() && page.history.is_empty(), "{who}");
                    assert_eq!(page.participants[0].code, "P-01");
                    assert_eq!((page.debriefs_done, page.debriefs_expected), (1, 1));
                    assert!(page.my_debrief.is_none() && !page.may_debrief);
                    for json in [serde_json::to_string(&list).unwrap(), serde_json::to_string(&page).unwrap()] {
                        assert!(!json.contains("Secretname") && !json.contains("private"), "{who} sees no name, notes or debrief");
                    }
                }
            }
            assert_eq!(sessions::plan_session(s, actor, w.project, &plan("interview", &past(1), &[&w.tom])).await.unwrap_err(), record, "{who}");
            assert_eq!(roster::add_participant(&s.db, actor, w.project, planned, &p.to_string()).await.unwrap_err(), record, "{who}");
            assert_eq!(sessions::mark_held(&s.db, actor, w.project, planned, "30", "").await.unwrap_err(), record, "{who}");
            assert_eq!(sessions::cancel(&s.db, actor, w.project, planned).await.unwrap_err(), record, "{who}");
            assert_eq!(pack::pack_page(&s.db, actor, w.project, held).await.unwrap_err(), record, "{who}");
            assert_eq!(session_calendar(s, actor, w.project, held).await.unwrap_err(), record, "{who}");
            assert_eq!(
                debriefs::save_debrief(s, actor, w.project, held, &debrief("well", "", "no", None)).await.unwrap_err(),
                debrief_refusal,
                "{who}"
            );
            assert_eq!(debriefs::debrief_page(&s.db, actor, w.project, held, own).await.unwrap_err(), debrief_refusal, "{who}");
        }
        for (table, n) in tables.iter().zip(before) {
            assert_eq!(count(s, &format!("SELECT COUNT(*) FROM {table}")).await, n, "{table}: nothing changed");
        }
        // A session of another project is not found through this one.
        assert_eq!(sessions::session_page(&s.db, &w.tom, w.project + 1000, held).await.unwrap_err(), AppError::NotFound);
        let (demo,): (i64,) = sqlx::query_as("SELECT id FROM projects WHERE title = 'Evaluation of the recovery college in south Essex'")
            .fetch_one(&s.db)
            .await
            .unwrap();
        assert_eq!(sessions::session_page(&s.db, &w.off_team, demo, held).await.unwrap_err(), AppError::NotFound);
        db.close().await;
    }
}

#[tokio::test]
async fn consent_and_withdrawal_decide_who_joins_a_session() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (_, doc) = approve(&w).await;
        let consented = participant(&w, "Cara Consented", Some(doc)).await;
        let unconsented = participant(&w, "Dan Notyet", None).await;
        let leaving = participant(&w, "Eve Leaving", Some(doc)).await;
        participants::withdraw(&s.db, &w.tom, w.project, leaving, &past(1), "").await.unwrap();
        let session = sessions::plan_session(s, &w.tom, w.project, &plan("focus_group", &past(1), &[&w.tom])).await.unwrap();
        let (db_ref, tom, project) = (&s.db, &w.tom, w.project);
        let add = move |p: i64| {
            let p = p.to_string();
            async move { roster::add_participant(db_ref, tom, project, session, &p).await }
        };
        field_error(add(unconsented).await, "participant_id", "P-02 cannot join this focus group: There is no consent record");
        field_error(add(leaving).await, "participant_id", "has withdrawn");
        field_error(roster::add_participant(&s.db, &w.tom, w.project, session, "").await, "participant_id", "Choose a participant");
        let page = sessions::session_page(&s.db, &w.tom, w.project, session).await.unwrap();
        let labels: Vec<&str> = page.participant_choices.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, vec!["P-01", "P-02 (no consent recorded)", "P-03 (withdrawn)"]);
        let roster = format!("SELECT COUNT(*) FROM fieldwork_session_participants WHERE session_id = {session}");
        assert_eq!(count(s, &roster).await, 0, "refusals write nothing");
        add(consented).await.unwrap();
        field_error(add(consented).await, "participant_id", "already on this session");
        // A participant of another project is not one of this project's.
        let (foreign,): (i64,) = sqlx::query_as("SELECT id FROM participants WHERE project_id <> $1 ORDER BY id LIMIT 1")
            .bind(w.project)
            .fetch_optional(&s.db)
            .await
            .unwrap()
            .unwrap_or((consented + 1000,));
        field_error(add(foreign).await, "participant_id", "participant of this project");
        // Withdrawing later leaves them on the session, marked as withdrawn.
        participants::withdraw(&s.db, &w.priya, w.project, consented, &past(0), "").await.unwrap();
        let page = sessions::session_page(&s.db, &w.coordinator, w.project, session).await.unwrap();
        assert_eq!(page.participants.len(), 1);
        assert!(page.participants[0].withdrawn_on.is_some(), "marked as withdrawn on the session");
        let history = records::participant_page(&s.db, &w.tom, w.project, consented).await.unwrap().history;
        assert!(history.iter().any(|h| h.change == "Added to a fieldwork session"), "{history:?}");
        // A cancelled session takes nobody.
        sessions::cancel(&s.db, &w.tom, w.project, session).await.unwrap();
        let fresh = participant(&w, "Fay Fresh", Some(doc)).await;
        refused_with(add(fresh).await, "cancelled");
        db.close().await;
    }
}

#[tokio::test]
async fn planning_invites_each_researcher_with_a_calendar_file_and_no_participant() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (_, doc) = approve(&w).await;
        participant(&w, "Gil Guest", Some(doc)).await;
        // A bad form comes back field by field, with what was typed.
        let mut bad = plan("party", "31/02/2027", &[]);
        bad.starts_at = "25:00".into();
        bad.venue = " ".into();
        let error = sessions::plan_session(s, &w.tom, w.project, &bad).await.unwrap_err();
        let fields = error.form_errors().unwrap();
        for field in ["kind", "held_on", "starts_at", "venue", "researchers"] {
            assert!(fields.message_for(field).is_some(), "{field}: {fields:?}");
        }
        assert_eq!(fields.value_for("held_on"), Some("31/02/2027"));
        assert_eq!(fields.value_for("step_free"), Some("on"), "ticked access stays ticked");
        let stranger = plan("interview", &past(1), &[&w.nadia]);
        field_error(sessions::plan_session(s, &w.tom, w.project, &stranger).await, "researchers", "from the project's team");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE project_id = {}", w.project)).await, 0);

        let future = test_support::worlds::day(30);
        let id = sessions::plan_session(s, &w.tom, w.project, &plan("interview", &future, &[&w.tom, &w.priya])).await.unwrap();
        let sent = s.mailer.sent();
        let mut to: Vec<&str> = sent.iter().map(|m| m.to.as_str()).collect();
        to.sort();
        assert_eq!(to, vec!["priya@se-surg.example", "tom@se-surg.example"]);
        for mail in &sent {
            assert!(mail.subject.starts_with("Fieldwork: Interview on "), "{}", mail.subject);
            assert!(mail.text.contains("Basildon library, room 2") && mail.text.contains(&format!("/fieldwork/{id}")));
            assert_eq!(mail.attachments.len(), 1);
            let ics = String::from_utf8(mail.attachments[0].bytes.clone()).unwrap();
            assert!(mail.attachments[0].content_type.starts_with("text/calendar"));
            assert!(ics.contains("BEGIN:VEVENT") && ics.contains("LOCATION:Basildon library\\, room 2"), "{ics}");
            assert!(ics.contains(&format!("DTSTART:{}T", future.replace('-', ""))), "a timed event on the day: {ics}");
            for secret in ["P-01", "Gil", "Guest"] {
                assert!(!mail.text.contains(secret) && !ics.contains(secret), "no participant in the invitation");
            }
        }
        let page = sessions::session_page(&s.db, &w.priya, w.project, id).await.unwrap();
        assert_eq!((page.step_free, page.near_transport, page.hearing_loop), (true, false, true));
        assert_eq!(page.starts_at.as_deref(), Some("10:30"));
        let ics = session_calendar(s, &w.priya, w.project, id).await.unwrap();
        assert!(ics.contains(&format!("UID:project-{}-session-{id}@", w.project)));
        // It cannot be marked held before its day.
        refused_with(sessions::mark_held(&s.db, &w.tom, w.project, id, "45", "").await, "not come yet");
        db.close().await;
    }
}

#[tokio::test]
async fn a_session_is_marked_held_once_and_of_two_at_once_one_wins() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        approve(&w).await;
        let id = sessions::plan_session(s, &w.tom, w.project, &plan("interview", &past(1), &[&w.tom])).await.unwrap();
        field_error(sessions::mark_held(&s.db, &w.tom, w.project, id, "", "Notes typed").await, "duration_minutes", "how long");
        let error = sessions::mark_held(&s.db, &w.tom, w.project, id, "0", "Private notes").await.unwrap_err();
        assert_eq!(error.form_errors().unwrap().value_for("notes"), Some("Private notes"), "what was typed is kept for the form");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE id = {id} AND status = 'planned'")).await, 1);
        let (a, b) = tokio::join!(
            sessions::mark_held(&s.db, &w.tom, w.project, id, "45", "First"),
            sessions::mark_held(&s.db, &w.priya, w.project, id, "50", "Second"),
        );
        let outcomes = [a.is_ok(), b.is_ok()];
        assert_eq!(outcomes.iter().filter(|ok| **ok).count(), 1, "{outcomes:?}");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_session_changes WHERE session_id = {id} AND change = 'held'")).await, 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'session_held' AND record_id = {id}")).await, 1, "in the audit trail, once");
        refused_with(sessions::mark_held(&s.db, &w.tom, w.project, id, "45", "").await, "already been marked held");
        refused_with(sessions::cancel(&s.db, &w.tom, w.project, id).await, "already been marked held");
        let page = sessions::session_page(&s.db, &w.tom, w.project, id).await.unwrap();
        assert!(page.duration_minutes == Some(45) || page.duration_minutes == Some(50));
        assert!(page.history.iter().any(|h| h.starts_with("Marked held")));
        // The commissioner sees the count of sessions held, and nothing else of them.
        let summary = recruitment::recruitment_summary(&s.db, &w.sam, w.project).await.unwrap();
        assert_eq!(summary.counts.sessions_held, 1);
        assert!(!serde_json::to_string(&summary).unwrap().contains("First"));
        db.close().await;
    }
}

#[tokio::test]
async fn a_debrief_is_read_only_by_its_author_and_the_supporter_they_named() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        approve(&w).await;
        let id = sessions::plan_session(s, &w.tom, w.project, &plan("interview", &past(1), &[&w.tom, &w.priya])).await.unwrap();
        refused_with(debriefs::save_debrief(s, &w.tom, w.project, id, &debrief("well", "", "no", None)).await, "marked held");
        sessions::mark_held(&s.db, &w.tom, w.project, id, "45", "").await.unwrap();
        let before = s.mailer.sent().len();
        // Asking for support needs someone to ask; only the supporter or the lead may be named.
        let error = debriefs::save_debrief(s, &w.tom, w.project, id, &debrief("", "", "yes", None)).await.unwrap_err();
        let fields = error.form_errors().unwrap();
        assert!(fields.message_for("feeling").is_some() && fields.message_for("supporter_id").is_some(), "{fields:?}");
        field_error(debriefs::save_debrief(s, &w.tom, w.project, id, &debrief("okay", "", "no", Some(&w.off_team))).await, "supporter_id", "from the list");
        field_error(debriefs::save_debrief(s, &w.priya, w.project, id, &debrief("okay", "", "no", Some(&w.priya))).await, "supporter_id", "from the list");
        let words = "The hospital story was close to my own";
        let tom_debrief = debriefs::save_debrief(s, &w.tom, w.project, id, &debrief("not_so_good", words, "yes", Some(&w.nadia))).await.unwrap();
        let sent = s.mailer.sent();
        assert_eq!(sent.len(), before + 1);
        let mail = sent.last().unwrap();
        assert_eq!(mail.to, "nadia.bell@aru.example");
        assert!(mail.text.contains("Tom") && mail.text.contains("asked for support after a fieldwork session on"), "{}", mail.text);
        assert!(mail.text.contains(&format!("/fieldwork/{id}/debriefs/{tom_debrief}")));
        assert!(!mail.text.contains("hospital") && !mail.text.contains("not so good") && !mail.text.contains("Not so good"), "no content in the e-mail");
        // Who reads it.
        let page = debriefs::debrief_page(&s.db, &w.tom, w.project, id, tom_debrief).await.unwrap();
        assert!(page.is_author && page.debrief.upsetting == words && page.debrief.wants_support);
        let page = debriefs::debrief_page(&s.db, &w.nadia, w.project, id, tom_debrief).await.unwrap();
        assert!(!page.is_author && page.debrief.feeling_label == "Not so good");
        for (who, actor, refusal) in [
            ("the lead", &w.priya, AppError::NotAllowed),
            ("a coordinator", &w.coordinator, AppError::NotAllowed),
            ("a member not on the team", &w.off_team, AppError::NotAllowed),
            ("the commissioner", &w.sam, AppError::NotFound),
            ("another group", &w.margaret, AppError::NotFound),
        ] {
            assert_eq!(debriefs::debrief_page(&s.db, actor, w.project, id, tom_debrief).await.unwrap_err(), refusal, "{who}");
        }
        // The lead sees that it was done, never what it says.
        let lead_page = sessions::session_page(&s.db, &w.priya, w.project, id).await.unwrap();
        assert_eq!((lead_page.debriefs_done, lead_page.debriefs_expected), (1, 2));
        assert!(lead_page.may_debrief && lead_page.my_debrief.is_none());
        assert!(!serde_json::to_string(&lead_page).unwrap().contains("hospital"));
        let names: Vec<&str> = lead_page.supporter_choices.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, vec!["Dr Nadia Bell (academic supporter)"], "the lead names the supporter, not herself");
        // The supporter's list agrees with the rule, on a mixed set: Priya names nobody.
        debriefs::save_debrief(s, &w.priya, w.project, id, &debrief("well", "Fine", "no", None)).await.unwrap();
        let (priya_debrief,): (i64,) = sqlx::query_as("SELECT id FROM fieldwork_debriefs WHERE session_id = $1 AND user_id = $2")
            .bind(id)
            .bind(w.priya.user_id)
            .fetch_one(&s.db)
            .await
            .unwrap();
        for actor in [&w.tom, &w.priya, &w.nadia, &w.coordinator, &w.off_team] {
            let listed: Vec<i64> = match sessions::fieldwork_page(&s.db, actor, w.project, PageNumber(1)).await {
                Ok(p) => p.shared_with_me.iter().map(|d| d.id).collect(),
                Err(_) => Vec::new(),
            };
            for debrief_id in [tom_debrief, priya_debrief] {
                let page = debriefs::debrief_page(&s.db, actor, w.project, id, debrief_id).await;
                let reads_as_supporter = page.as_ref().is_ok_and(|p| !p.is_author);
                assert_eq!(listed.contains(&debrief_id), reads_as_supporter, "{} and debrief {debrief_id}", actor.user_id);
            }
        }
        assert_eq!(sessions::fieldwork_page(&s.db, &w.nadia, w.project, PageNumber(1)).await.unwrap().shared_with_me.len(), 1);
        // Changing it: no second e-mail for the same request; taking the supporter off ends her reading.
        let sent_before = s.mailer.sent().len();
        debriefs::save_debrief(s, &w.tom, w.project, id, &debrief("okay", "Better now", "yes", Some(&w.nadia))).await.unwrap();
        assert_eq!(s.mailer.sent().len(), sent_before, "the same request is not e-mailed twice");
        debriefs::save_debrief(s, &w.tom, w.project, id, &debrief("well", "", "no", None)).await.unwrap();
        assert_eq!(debriefs::debrief_page(&s.db, &w.nadia, w.project, id, tom_debrief).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_debriefs WHERE session_id = {id}")).await, 2, "one debrief each, changed in place");
        let changes = count(s, &format!("SELECT COUNT(*) FROM fieldwork_session_changes WHERE session_id = {id} AND change = 'debrief_changed'")).await;
        assert_eq!(changes, 2);
        assert_eq!(count(s, "SELECT COUNT(*) FROM fieldwork_session_changes WHERE change LIKE '%hospital%'").await, 0);
        // A researcher on the team who was not there writes none.
        exec(s, "UPDATE project_team SET role = 'co_coder' WHERE project_id = $1 AND user_id = $2", &[w.project, w.nadia.user_id]).await;
        assert_eq!(
            debriefs::save_debrief(s, &w.nadia, w.project, id, &debrief("well", "", "no", None)).await.unwrap_err(),
            AppError::NotAllowed
        );
        db.close().await;
    }
}

#[tokio::test]
async fn the_pack_prints_the_approved_versions_with_a_consent_form_per_code() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (_, doc) = approve(&w).await;
        let first = participant(&w, "Hal Hidden", Some(doc)).await;
        let second = participant(&w, "Ida Hidden", Some(doc)).await;
        let id = sessions::plan_session(s, &w.tom, w.project, &plan("focus_group", &past(1), &[&w.tom])).await.unwrap();
        let empty = pack::pack_page(&s.db, &w.priya, w.project, id).await.unwrap();
        assert!(empty.codes.is_empty(), "a blank consent form when nobody is added yet");
        for p in [first, second] {
            roster::add_participant(&s.db, &w.tom, w.project, id, &p.to_string()).await.unwrap();
        }
        participants::withdraw(&s.db, &w.tom, w.project, second, &past(0), "").await.unwrap();
        let pack = pack::pack_page(&s.db, &w.tom, w.project, id).await.unwrap();
        assert_eq!(pack.codes, vec!["P-01"]);
        assert_eq!(pack.withdrawn_codes, vec!["P-02"]);
        let form = pack.consent_form.clone().unwrap();
        assert_eq!(form.version_no, 2, "the newest approved version");
        assert!(form.body_html.contains("<strong>Consent text two.</strong>"));
        assert!(pack.information_sheet.as_ref().unwrap().body_html.contains("<strong>the sheet</strong>"));
        assert!(pack.topic_guide.as_ref().unwrap().body_html.contains("<strong>the guide</strong>"));
        assert_eq!(pack.access, vec!["Step-free access", "Hearing loop"]);
        assert!(!serde_json::to_string(&pack).unwrap().contains("Hidden"), "codes, never names");
        db.close().await;
    }
}

#[tokio::test]
async fn the_demo_holds_six_interviews_and_a_focus_group_with_debriefs() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (demo,): (i64,) = sqlx::query_as("SELECT id FROM projects WHERE title = 'Evaluation of the recovery college in south Essex'")
            .fetch_one(&s.db)
            .await
            .unwrap();
        app::projects::demo::load(&s.db).await.unwrap();
        let held = |kind: &str| format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE project_id = {demo} AND status = 'held' AND kind = '{kind}'");
        assert_eq!(count(s, &held("interview")).await, 6);
        assert_eq!(count(s, &held("focus_group")).await, 1);
        let today = app::platform::time::today();
        assert_eq!(
            count(s, &format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE project_id = {demo} AND status = 'planned' AND held_on > '{today}'")).await,
            1,
            "one interview planned for next week"
        );
        // Every researcher present at a held session wrote a debrief.
        let missing = format!(
            "SELECT COUNT(*) FROM fieldwork_session_researchers r JOIN fieldwork_sessions s ON s.id = r.session_id \
             WHERE s.project_id = {demo} AND s.status = 'held' \
             AND NOT EXISTS (SELECT 1 FROM fieldwork_debriefs d WHERE d.session_id = r.session_id AND d.user_id = r.user_id)"
        );
        assert_eq!(count(s, &missing).await, 0);
        let support = format!(
            "SELECT COUNT(*) FROM fieldwork_debriefs d JOIN users a ON a.id = d.user_id JOIN users n ON n.id = d.supporter_id \
             JOIN fieldwork_sessions s ON s.id = d.session_id WHERE s.project_id = {demo} AND d.wants_support = 1 \
             AND a.email = 'tom@se-surg.example' AND n.email = 'nadia.bell@aru.example'"
        );
        assert_eq!(count(s, &support).await, 1);
        // Only consented participants took part; P-09 withdrew after the focus group.
        let unconsented = format!(
            "SELECT COUNT(*) FROM fieldwork_session_participants sp JOIN participants p ON p.id = sp.participant_id \
             JOIN fieldwork_sessions s ON s.id = sp.session_id WHERE s.project_id = {demo} \
             AND NOT EXISTS (SELECT 1 FROM consent_records c WHERE c.participant_id = p.id AND c.consented_on <= s.held_on)"
        );
        assert_eq!(count(s, &unconsented).await, 0);
        let withdrawn_before = format!(
            "SELECT COUNT(*) FROM fieldwork_session_participants sp JOIN participants p ON p.id = sp.participant_id \
             JOIN fieldwork_sessions s ON s.id = sp.session_id WHERE s.project_id = {demo} AND p.withdrawn_on <= s.held_on"
        );
        assert_eq!(count(s, &withdrawn_before).await, 0);
        let counts = recruitment::progress_counts(&s.db, demo).await.unwrap();
        assert_eq!(counts.sessions_held, 7);
        // Nadia sees Tom's request for support on the fieldwork page.
        let page = sessions::fieldwork_page(&s.db, &w.nadia, demo, PageNumber(1)).await.unwrap();
        assert!(page.shared_with_me.iter().any(|d| d.wants_support && d.author.starts_with("Tom")), "{:?}", page.shared_with_me);
        assert_eq!(page.list.total, 8);
        // Loading again changes nothing.
        let before = count(s, "SELECT COUNT(*) FROM fieldwork_debriefs").await;
        app::projects::demo::load(&s.db).await.unwrap();
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE project_id = {demo}")).await, 8);
        assert_eq!(count(s, "SELECT COUNT(*) FROM fieldwork_debriefs").await, before);
        db.close().await;
    }
}

#[tokio::test]
async fn a_held_sessions_length_and_notes_are_corrected_by_its_researchers_only() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        approve(&w).await;
        let id = sessions::plan_session(s, &w.tom, w.project, &plan("interview", &past(2), &[&w.tom])).await.unwrap();
        refused_with(sessions::correct_notes(&s.db, &w.tom, w.project, id, "45", "Too early").await, "not been marked held yet");
        sessions::mark_held(&s.db, &w.tom, w.project, id, "45", "P-01 liked the peer trainer.").await.unwrap();
        let cancelled = sessions::plan_session(s, &w.tom, w.project, &plan("survey", &past(1), &[&w.tom])).await.unwrap();
        sessions::cancel(&s.db, &w.tom, w.project, cancelled).await.unwrap();
        refused_with(sessions::correct_notes(&s.db, &w.tom, w.project, cancelled, "45", "").await, "was cancelled");

        // The same checks as marking it held; what was typed comes back with the message.
        let error = sessions::correct_notes(&s.db, &w.tom, w.project, id, "an hour", "P-01 liked the garden.").await.unwrap_err();
        let fields = error.form_errors().unwrap();
        assert!(fields.message_for("duration_minutes").unwrap().contains("whole number"), "{fields:?}");
        assert_eq!(fields.value_for("duration_minutes"), Some("an hour"));
        assert_eq!(fields.value_for("notes"), Some("P-01 liked the garden."), "the typed correction is not lost");
        let too_long = "x".repeat(sessions::NOTES_MAX + 1);
        assert!(sessions::correct_notes(&s.db, &w.tom, w.project, id, "45", &too_long).await.unwrap_err().form_errors().unwrap().message_for("notes").is_some());
        let notes_now = format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE id = {id} AND duration_minutes = 45 AND notes = 'P-01 liked the peer trainer.'");
        assert_eq!(count(s, &notes_now).await, 1, "nothing saved from a refused correction");

        // Those who may not record fieldwork may not correct it either; nothing changes.
        let (nf, na) = (AppError::NotFound, AppError::NotAllowed);
        for (who, actor, refusal) in [
            ("an outsider", &w.joan, nf.clone()),
            ("another group", &w.margaret, nf.clone()),
            ("the commissioner", &w.sam, na.clone()),
            ("the academic supporter", &w.nadia, na.clone()),
            ("a peer researcher not on the team", &w.off_team, na.clone()),
            ("a coordinator not a researcher", &w.coordinator, na.clone()),
        ] {
            assert_eq!(sessions::correct_notes(&s.db, actor, w.project, id, "30", "Changed").await.unwrap_err(), refusal, "{who}");
        }
        assert_eq!(count(s, &notes_now).await, 1);
        let corrections = format!("SELECT COUNT(*) FROM fieldwork_session_changes WHERE session_id = {id} AND change = 'notes_corrected'");
        let audited = format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'session_notes_corrected' AND record_kind = 'fieldwork_session' \
             AND record_id = {id} AND project_id = {}",
            w.project
        );
        assert_eq!((count(s, &corrections).await, count(s, &audited).await), (0, 0));

        // The researcher corrects both; the history and the audit trail say who and when.
        assert!(sessions::correct_notes(&s.db, &w.tom, w.project, id, " 50 ", "P-01 liked the peer trainer and the garden.").await.unwrap());
        let page = sessions::session_page(&s.db, &w.tom, w.project, id).await.unwrap();
        assert_eq!(page.duration_minutes, Some(50));
        assert_eq!(page.notes.as_deref(), Some("P-01 liked the peer trainer and the garden."));
        assert_eq!(page.status, "held");
        assert!(page.history[0].starts_with("Length and notes corrected, Tom"), "{:?}", page.history);
        assert!(page.history.iter().any(|h| h.starts_with("Marked held")), "the earlier changes stay");
        assert_eq!(count(s, &corrections).await, 1);
        assert_eq!(count(s, &format!("{audited} AND actor_id = {}", w.tom.user_id)).await, 1);
        // The lead may correct too; saving the same again changes nothing and records nothing.
        assert!(sessions::correct_notes(&s.db, &w.priya, w.project, id, "55", "P-01 liked the garden most.").await.unwrap());
        assert!(!sessions::correct_notes(&s.db, &w.priya, w.project, id, "55", "P-01 liked the garden most.").await.unwrap());
        assert_eq!((count(s, &corrections).await, count(s, &audited).await), (2, 2));
        assert_eq!(count(s, "SELECT COUNT(*) FROM fieldwork_session_changes WHERE change LIKE '%garden%'").await, 0, "no content in the history");
        db.close().await;
    }
}

#[tokio::test]
async fn a_supporter_sees_exactly_the_debriefs_shared_with_them_across_projects() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        approve(&w).await;
        let (aru,): (i64,) =
            sqlx::query_as("SELECT id FROM organisations WHERE slug = 'anglia-ruskin-university'").fetch_one(&s.db).await.unwrap();
        let sue = new_person(s, "Sue Second", "sue.second@aru.example", aru, "academic_supporter").await;
        exec(s, "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'academic_supporter', 1)", &[w.project, sue.user_id]).await;
        let first = sessions::plan_session(s, &w.tom, w.project, &plan("interview", &past(3), &[&w.tom, &w.priya])).await.unwrap();
        sessions::mark_held(&s.db, &w.tom, w.project, first, "45", "").await.unwrap();
        let second = sessions::plan_session(s, &w.tom, w.project, &plan("focus_group", &past(2), &[&w.tom])).await.unwrap();
        sessions::mark_held(&s.db, &w.tom, w.project, second, "90", "").await.unwrap();
        let words = "The story about the ward stayed with me";
        let to_nadia = debriefs::save_debrief(s, &w.tom, w.project, first, &debrief("not_so_good", words, "yes", Some(&w.nadia))).await.unwrap();
        let to_sue = debriefs::save_debrief(s, &w.priya, w.project, first, &debrief("well", "Quiet and fine", "no", Some(&sue))).await.unwrap();
        let unshared = debriefs::save_debrief(s, &w.tom, w.project, second, &debrief("okay", "Kept to myself", "no", None)).await.unwrap();

        // Nadia: hers on this project and the demo's (she supports both), and no others.
        let (demo,): (i64,) = sqlx::query_as("SELECT id FROM projects WHERE title = 'Evaluation of the recovery college in south Essex'")
            .fetch_one(&s.db)
            .await
            .unwrap();
        let mine = debriefs::shared_with_me_everywhere(&s.db, &w.nadia, debriefs::ON_DASHBOARD).await.unwrap();
        let ids: Vec<i64> = mine.items.iter().map(|d| d.id).collect();
        assert!(ids.contains(&to_nadia) && !ids.contains(&to_sue) && !ids.contains(&unshared), "{ids:?}");
        let mut by_project = Vec::new();
        for project in [w.project, demo] {
            let page = sessions::fieldwork_page(&s.db, &w.nadia, project, PageNumber(1)).await.unwrap();
            by_project.extend(page.shared_with_me.iter().map(|d| d.id));
        }
        let (mut listed, mut expected) = (ids.clone(), by_project);
        listed.sort();
        expected.sort();
        assert_eq!(listed, expected, "the dashboard agrees with each project's list (the rule)");
        assert!(mine.items.iter().any(|d| d.project_id == demo), "across projects");
        assert_eq!(mine.more, 0);
        let line = mine.items.iter().find(|d| d.id == to_nadia).unwrap();
        assert_eq!((line.project_id, line.session_id, line.wants_support), (w.project, first, true));
        assert_eq!(line.project_title, "Peer support evaluation (fieldwork test)");
        assert_eq!(line.session_kind, "Interview");
        assert!(line.author.starts_with("Tom"), "{}", line.author);
        let json = serde_json::to_string(&mine).unwrap();
        for secret in ["ward", "Not so good", "not_so_good", "Tired after", "hospital"] {
            assert!(!json.contains(secret), "no debrief content: {secret}");
        }
        // Newest sessions first; at most the limit, with the rest counted.
        let mut dates = Vec::new();
        for d in &mine.items {
            let (held_on,): (String,) =
                sqlx::query_as("SELECT held_on FROM fieldwork_sessions WHERE id = $1").bind(d.session_id).fetch_one(&s.db).await.unwrap();
            dates.push(held_on);
        }
        assert!(dates.windows(2).all(|p| p[0] >= p[1]), "{dates:?}");
        let two = debriefs::shared_with_me_everywhere(&s.db, &w.nadia, 2).await.unwrap();
        assert_eq!(two.items, mine.items[..2].to_vec());
        assert_eq!(two.more, mine.items.len() as i64 - 2);

        // Sue sees only the one shared with her; nobody else sees any.
        let sues = debriefs::shared_with_me_everywhere(&s.db, &sue, debriefs::ON_DASHBOARD).await.unwrap();
        assert_eq!(sues.items.iter().map(|d| d.id).collect::<Vec<_>>(), vec![to_sue]);
        for (who, actor) in [("Tom", &w.tom), ("Priya", &w.priya), ("the commissioner", &w.sam), ("an outsider", &w.joan), ("a coordinator", &w.coordinator)] {
            let none = debriefs::shared_with_me_everywhere(&s.db, actor, debriefs::ON_DASHBOARD).await.unwrap();
            assert!(none.items.is_empty() && none.more == 0, "{who}: {none:?}");
        }
        // Off the team, she no longer reads it, and her dashboard no longer lists it.
        exec(s, "DELETE FROM project_team WHERE project_id = $1 AND user_id = $2", &[w.project, sue.user_id]).await;
        assert!(debriefs::shared_with_me_everywhere(&s.db, &sue, debriefs::ON_DASHBOARD).await.unwrap().items.is_empty());
        db.close().await;
    }
}
