//! Recruitment, participants and consent against real databases: refusal before ethics
//! clearance, every action tried by people who may not, identities kept from everyone but
//! the researchers, withdrawal (twice, and undone), and consent-form versions.

use app::error::AppError;
use app::identity::Actor;
use app::platform::state::AppState;
use app::projects::consent::participants::{self, ParticipantInput, Withdrawal};
use app::projects::consent::records::{self, ConsentInput};
use app::projects::consent::Activity;
use app::projects::recruitment::service::{self as recruitment, SiteInput, TallyInput};
use app::ui::pagination::PageNumber;
use crate::support::*;

pub(crate) struct World {
    pub(crate) state: AppState,
    pub(crate) project: i64,
    /// Project lead (SE-SURG coordinator).
    pub(crate) priya: Actor,
    /// A peer researcher on the team.
    pub(crate) tom: Actor,
    /// The commissioner (the project's contact).
    pub(crate) sam: Actor,
    /// Another group's coordinator.
    pub(crate) margaret: Actor,
    /// A trainee in no group.
    pub(crate) joan: Actor,
    /// A member of SE-SURG not on the team.
    pub(crate) off_team: Actor,
    /// A second SE-SURG coordinator, not on the team: manages, is not a researcher.
    pub(crate) coordinator: Actor,
}

pub(crate) async fn world(db: &TestDb) -> World {
    let state = state(db);
    app::demo::load(&state.db).await.unwrap();
    // A project of its own, so what other parts' demo data adds to SE-SURG's demo project
    // (its ethics approval, participants) does not change what these tests start from.
    let project = test_support::worlds::awarded_project(
        &state.db,
        "se-surg",
        "mid-and-south-essex-nhs",
        "priya@se-surg.example",
        "sam.okafor@msenhs.example",
        "Peer support evaluation (test)",
    )
    .await;
    let (sesurg,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = 'se-surg'").fetch_one(&state.db).await.unwrap();
    let tom = actor_for(&state, "tom@se-surg.example").await;
    exec(
        &state,
        "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1) ON CONFLICT (project_id, user_id) DO NOTHING",
        &[project, tom.user_id],
    )
    .await;
    World {
        project,
        priya: actor_for(&state, "priya@se-surg.example").await,
        tom,
        sam: actor_for(&state, "sam.okafor@msenhs.example").await,
        margaret: actor_for(&state, "margaret@whynot.example").await,
        joan: actor_for(&state, "joan@trainee.example").await,
        off_team: new_person(&state, "Olive Offteam", "olive@se-surg.example", sesurg, "member").await,
        coordinator: new_person(&state, "Colin Coordinator", "colin@se-surg.example", sesurg, "coordinator").await,
        state,
    }
}

/// An application on the project, in `state`, with consent form version 1; returns
/// (application id, consent-form document id).
pub(crate) async fn application(w: &World, state: &str) -> (i64, i64) {
    application_on(w, w.project, state).await
}

async fn application_on(w: &World, project: i64, state: &str) -> (i64, i64) {
    let (app_id,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) \
         VALUES ($1, 'nhs', 'NHS ethics', $2, 1, 1) RETURNING id",
    )
    .bind(project)
    .bind(state)
    .fetch_one(&w.state.db)
    .await
    .unwrap();
    let doc = consent_form(w, app_id, 1).await;
    (app_id, doc)
}

async fn consent_form(w: &World, app_id: i64, version: i64) -> i64 {
    let (doc,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_documents (application_id, application_version, kind, doc_version, title, body, created_at) \
         VALUES ($1, 1, 'consent_form', $2, $3, $4, $5) RETURNING id",
    )
    .bind(app_id)
    .bind(version)
    .bind(format!("Consent form v{version}"))
    .bind(format!("I agree to take part. **Form text {version}.**"))
    .bind(100 + version)
    .fetch_one(&w.state.db)
    .await
    .unwrap();
    doc
}

pub(crate) fn person_input(name: &str) -> ParticipantInput {
    ParticipantInput {
        full_name: name.into(),
        phone: "07700 900999".into(),
        email: "someone@example.org".into(),
        address: String::new(),
        contact_notes: "Phone".into(),
        site_id: String::new(),
        joined_on: "2026-11-01".into(),
    }
}

pub(crate) fn consent_input(doc: i64, taker: i64) -> ConsentInput {
    ConsentInput {
        document_id: doc,
        consented_on: "2026-11-02".into(),
        method: "paper".into(),
        taken_by: taker.to_string(),
        quotes: true,
        audio: false,
        recontact: true,
        confirmed: true,
    }
}

fn tally(kind: &str) -> TallyInput {
    TallyInput {
        kind: kind.into(),
        people: "4".into(),
        site_id: String::new(),
        reason: if kind == "declined" { "no_time".into() } else { String::new() },
        note: String::new(),
        recorded_on: "2026-11-01".into(),
    }
}

pub(crate) fn refused_with(result: Result<impl std::fmt::Debug, AppError>, words: &str) {
    match result {
        Err(AppError::Refused(message)) => assert!(message.contains(words), "{message}"),
        other => panic!("expected a refusal mentioning {words:?}, got {other:?}"),
    }
}

#[tokio::test]
async fn nothing_is_recruited_or_recorded_before_ethics_clearance() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        // Planning the sampling frame may come first.
        let site = SiteInput { name: "Recovery college".into(), people_reached: "20".into(), ..SiteInput::default() };
        recruitment::add_site(&s.db, &w.priya, w.project, &site).await.unwrap();
        refused_with(participants::add_participant(&s.db, &w.tom, w.project, &person_input("Ann Early")).await, "none has been made");
        refused_with(recruitment::record_tally(&s.db, &w.tom, w.project, &tally("invited")).await, "ethics approval");
        // Approved with a condition still open: still refused, naming the condition.
        let (app_id, doc) = application(&w, "approved_with_conditions").await;
        exec(s, "INSERT INTO ethics_conditions (application_id, text, created_at) VALUES ($1, 'Add the helpline number', 1)", &[app_id]).await;
        refused_with(participants::add_participant(&s.db, &w.tom, w.project, &person_input("Ann Early")).await, "Add the helpline number");
        let page = participants::participants_page(&s.db, &w.tom, w.project, PageNumber(1)).await.unwrap();
        assert!(page.clearance_missing.iter().any(|m| m.contains("Add the helpline number")), "the page says what is missing");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participants WHERE project_id = {}", w.project)).await, 0);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM recruitment_tallies WHERE project_id = {}", w.project)).await, 0);
        // Closed: now a participant and their consent can be recorded.
        exec(s, "UPDATE ethics_conditions SET closed_at = 2 WHERE application_id = $1", &[app_id]).await;
        let (id, code) = participants::add_participant(&s.db, &w.tom, w.project, &person_input("Ann Early")).await.unwrap();
        assert_eq!(code, "P-01");
        records::record_consent(&s.db, &w.tom, w.project, id, &consent_input(doc, w.tom.user_id)).await.unwrap();
        // If the approval is then withdrawn, consent cannot be recorded any more.
        exec(s, "UPDATE ethics_applications SET state = 'submitted' WHERE id = $1", &[app_id]).await;
        refused_with(records::record_consent(&s.db, &w.tom, w.project, id, &consent_input(doc, w.tom.user_id)).await, "ethics approval");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM consent_records c JOIN participants p ON p.id = c.participant_id WHERE p.project_id = {}", w.project)).await, 1);
        db.close().await;
    }
}

#[tokio::test]
async fn a_long_sampling_frame_comes_in_pages_and_every_place_can_be_chosen() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        for n in 1..=30 {
            let site = SiteInput { name: format!("Place {n:02}"), people_reached: "5".into(), ..SiteInput::default() };
            recruitment::add_site(&s.db, &w.priya, w.project, &site).await.unwrap();
        }
        let first = recruitment::recruitment_page(&s.db, &w.priya, w.project, PageNumber(1)).await.unwrap();
        assert_eq!((first.sites.items.len(), first.sites.total, first.sites.pages()), (25, 30, 2));
        assert_eq!(first.sites.items[0].name, "Place 01");
        let second = recruitment::recruitment_page(&s.db, &w.priya, w.project, PageNumber(2)).await.unwrap();
        assert_eq!(second.sites.items.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Place 26", "Place 27", "Place 28", "Place 29", "Place 30"]);
        assert_eq!(second.site_choices.len(), 30, "the form offers every place, whatever the page");
        db.close().await;
    }
}

#[tokio::test]
async fn each_action_is_refused_to_those_who_may_not() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (_, doc) = application(&w, "approved").await;
        let (pid, _) = participants::add_participant(&s.db, &w.tom, w.project, &person_input("Bella Secretname")).await.unwrap();
        let consent = records::record_consent(&s.db, &w.tom, w.project, pid, &consent_input(doc, w.priya.user_id)).await.unwrap();
        recruitment::record_tally(&s.db, &w.priya, w.project, &tally("invited")).await.unwrap();
        let before = (
            count(s, &format!("SELECT COUNT(*) FROM participants WHERE project_id = {}", w.project)).await,
            count(s, &format!("SELECT COUNT(*) FROM consent_records c JOIN participants p ON p.id = c.participant_id WHERE p.project_id = {}", w.project)).await,
            count(s, &format!("SELECT COUNT(*) FROM participant_withdrawals x JOIN participants p ON p.id = x.participant_id WHERE p.project_id = {}", w.project)).await,
            count(s, &format!("SELECT COUNT(*) FROM recruitment_tallies WHERE project_id = {}", w.project)).await,
            count(s, &format!("SELECT COUNT(*) FROM recruitment_sites WHERE project_id = {}", w.project)).await,
        );
        let not_found = AppError::NotFound;
        let not_allowed = AppError::NotAllowed;
        // (who, their refusal for the project's work (None: they see it), for researchers' actions)
        let cases = [
            ("outsider", &w.joan, Some(not_found.clone()), not_found.clone()),
            ("another group", &w.margaret, Some(not_found.clone()), not_found.clone()),
            ("the commissioner", &w.sam, Some(not_allowed.clone()), not_allowed.clone()),
            ("a member not on the team", &w.off_team, None, not_allowed.clone()),
            ("a coordinator not a researcher", &w.coordinator, None, not_allowed.clone()),
        ];
        for (who, actor, work, fieldwork) in cases {
            // Codes and counts: the group's members and coordinators see them, nobody else.
            let list = participants::participants_page(&s.db, actor, w.project, PageNumber(1)).await;
            let recruitment_page = recruitment::recruitment_page(&s.db, actor, w.project, PageNumber(1)).await;
            if let Some(work) = work.clone() {
                assert_eq!(list.unwrap_err(), work, "{who}");
                assert_eq!(recruitment_page.unwrap_err(), work, "{who}");
            } else {
                let list = list.unwrap();
                assert!(!list.is_researcher, "{who}");
                assert_eq!(list.list.items[0].code, "P-01");
                let json = serde_json::to_string(&list).unwrap();
                assert!(!json.contains("Secretname") && !json.contains("07700"), "{who} sees no identity");
                assert!(recruitment_page.is_ok(), "{who}");
            }
            // Names, consent records and every change: the project's researchers only.
            assert_eq!(participants::identity(&s.db, actor, w.project, pid).await.unwrap_err(), fieldwork, "{who}");
            assert_eq!(records::participant_page(&s.db, actor, w.project, pid).await.unwrap_err(), fieldwork, "{who}");
            assert_eq!(records::consent_print(&s.db, actor, w.project, pid, consent).await.unwrap_err(), fieldwork, "{who}");
            assert_eq!(
                participants::add_participant(&s.db, actor, w.project, &person_input("Carl New")).await.unwrap_err(),
                fieldwork,
                "{who}"
            );
            assert_eq!(
                records::record_consent(&s.db, actor, w.project, pid, &consent_input(doc, w.tom.user_id)).await.unwrap_err(),
                fieldwork,
                "{who}"
            );
            assert_eq!(participants::withdraw(&s.db, actor, w.project, pid, "2026-11-03", "").await.unwrap_err(), fieldwork, "{who}");
            assert_eq!(participants::undo_withdrawal(&s.db, actor, w.project, pid, "Mistake").await.unwrap_err(), fieldwork, "{who}");
            // The frame and the counts: those who manage the project and its researchers.
            let site = SiteInput { name: format!("Place of {who}"), ..SiteInput::default() };
            let added = recruitment::add_site(&s.db, actor, w.project, &site).await;
            let counted = recruitment::record_tally(&s.db, actor, w.project, &tally("declined")).await;
            if who == "a coordinator not a researcher" {
                added.unwrap();
                counted.unwrap();
            } else {
                let expected = work.clone().unwrap_or_else(|| not_allowed.clone());
                assert_eq!(added.unwrap_err(), expected, "{who}");
                assert_eq!(counted.unwrap_err(), expected, "{who}");
            }
        }
        // Nothing changed but the coordinator's place and count.
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participants WHERE project_id = {}", w.project)).await, before.0);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM consent_records c JOIN participants p ON p.id = c.participant_id WHERE p.project_id = {}", w.project)).await, before.1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participant_withdrawals x JOIN participants p ON p.id = x.participant_id WHERE p.project_id = {}", w.project)).await, before.2);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM recruitment_tallies WHERE project_id = {}", w.project)).await, before.3 + 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM recruitment_sites WHERE project_id = {}", w.project)).await, before.4 + 1);
        // The commissioner sees the progress counts, with no identities; an outsider nothing.
        let summary = recruitment::recruitment_summary(&s.db, &w.sam, w.project).await.unwrap();
        assert_eq!((summary.counts.joined, summary.counts.consented, summary.counts.invited, summary.counts.declined), (1, 1, 4, 4));
        assert!(!summary.sees_work);
        assert_eq!(recruitment::recruitment_summary(&s.db, &w.joan, w.project).await.unwrap_err(), AppError::NotFound);
        assert_eq!(recruitment::recruitment_summary(&s.db, &w.margaret, w.project).await.unwrap_err(), AppError::NotFound);
        // The researchers see the name on the participant's page, and nowhere in the list.
        let page = records::participant_page(&s.db, &w.tom, w.project, pid).await.unwrap();
        assert_eq!(page.identity.full_name, "Bella Secretname");
        assert_eq!(page.consents[0].taken_by, "Priya Shah");
        let list = participants::participants_page(&s.db, &w.priya, w.project, PageNumber(1)).await.unwrap();
        assert!(list.is_researcher);
        assert!(!serde_json::to_string(&list).unwrap().contains("Secretname"));
        // A participant of another project is not found through this one.
        assert_eq!(records::participant_page(&s.db, &w.tom, w.project + 1000, pid).await.unwrap_err(), AppError::NotFound);
        db.close().await;
    }
}

#[tokio::test]
async fn withdrawing_twice_changes_nothing_and_undoing_needs_a_reason() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (_, doc) = application(&w, "approved").await;
        let (pid, _) = participants::add_participant(&s.db, &w.tom, w.project, &person_input("Dora Leaving")).await.unwrap();
        records::record_consent(&s.db, &w.tom, w.project, pid, &consent_input(doc, w.tom.user_id)).await.unwrap();
        records::require_coverage(&s.db, pid, Activity::Interview).await.unwrap();
        refused_with(records::require_coverage(&s.db, pid, Activity::AudioRecording).await, "audio recording");
        records::require_coverage(&s.db, pid, Activity::Quotes).await.unwrap();

        assert_eq!(participants::withdraw(&s.db, &w.tom, w.project, pid, "2026-11-05", "Too tiring").await.unwrap(), Withdrawal::Recorded);
        assert_eq!(
            participants::withdraw(&s.db, &w.priya, w.project, pid, "2026-11-06", "Again").await.unwrap(),
            Withdrawal::AlreadyWithdrawn("2026-11-05".into())
        );
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participant_withdrawals x JOIN participants p ON p.id = x.participant_id WHERE p.project_id = {}", w.project)).await, 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participant_changes WHERE project_id = {} AND change = 'withdrawn'", w.project)).await, 1);
        let (on,): (String,) = sqlx::query_as("SELECT withdrawn_on FROM participants WHERE id = $1").bind(pid).fetch_one(&s.db).await.unwrap();
        assert_eq!(on, "2026-11-05", "the second withdrawal changed nothing");
        assert!(participants::is_withdrawn(&s.db, pid).await.unwrap());
        refused_with(records::require_coverage(&s.db, pid, Activity::Interview).await, "withdrawn");
        refused_with(records::record_consent(&s.db, &w.tom, w.project, pid, &consent_input(doc, w.tom.user_id)).await, "withdrawn");
        let counts = recruitment::progress_counts(&s.db, w.project).await.unwrap();
        assert_eq!((counts.joined, counts.consented, counts.withdrawn), (1, 0, 1));
        // The SQL condition later parts use leaves them out.
        let sql = format!("SELECT COUNT(*) FROM participants p WHERE p.project_id = {} AND {}", w.project, app::projects::consent::NOT_WITHDRAWN);
        assert_eq!(count(s, &sql).await, 0);

        // Undoing needs a reason; the reason is kept.
        let error = participants::undo_withdrawal(&s.db, &w.tom, w.project, pid, "  ").await.unwrap_err();
        assert!(error.form_errors().and_then(|f| f.message_for("undo_reason")).is_some(), "{error:?}");
        assert!(participants::is_withdrawn(&s.db, pid).await.unwrap());
        participants::undo_withdrawal(&s.db, &w.tom, w.project, pid, "Recorded against the wrong code").await.unwrap();
        assert!(!participants::is_withdrawn(&s.db, pid).await.unwrap());
        refused_with(participants::undo_withdrawal(&s.db, &w.tom, w.project, pid, "Again").await, "has not withdrawn");
        let page = records::participant_page(&s.db, &w.tom, w.project, pid).await.unwrap();
        assert_eq!(page.withdrawals.len(), 1);
        assert_eq!(page.withdrawals[0].undone.as_ref().unwrap().2, "Recorded against the wrong code");
        let changes: Vec<String> = page.history.iter().map(|h| h.change.clone()).collect();
        assert_eq!(changes, vec!["Withdrawal undone", "Withdrawal recorded", "Consent recorded", "Participant added"]);
        assert!(page.history.iter().all(|h| !h.change.contains("Dora")));
        db.close().await;
    }
}

#[tokio::test]
async fn an_older_consent_record_keeps_the_version_it_was_taken_on() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (app_id, v1) = application(&w, "approved").await;
        let (first, _) = participants::add_participant(&s.db, &w.tom, w.project, &person_input("Eve Early")).await.unwrap();
        let old = records::record_consent(&s.db, &w.tom, w.project, first, &consent_input(v1, w.tom.user_id)).await.unwrap();
        assert_eq!(records::current_form(&s.db, w.project).await.unwrap().unwrap().version_no, 1);
        // A small fix: consent form version 2.
        let v2 = consent_form(&w, app_id, 2).await;
        assert_eq!(records::current_form(&s.db, w.project).await.unwrap().unwrap().document_id, v2);
        let (second, code) = participants::add_participant(&s.db, &w.tom, w.project, &person_input("Fay Later")).await.unwrap();
        assert_eq!(code, "P-02");
        records::record_consent(&s.db, &w.tom, w.project, second, &consent_input(v2, w.tom.user_id)).await.unwrap();
        let page = records::participant_page(&s.db, &w.tom, w.project, first).await.unwrap();
        assert_eq!(page.consents[0].version_no, 1, "the older record still names version 1");
        let printed = records::consent_print(&s.db, &w.tom, w.project, first, old).await.unwrap();
        assert_eq!(printed.consent.version_no, 1);
        assert!(printed.form_body_html.contains("Form text 1"), "{}", printed.form_body_html);
        assert_eq!(printed.full_name, "Eve Early");
        let later = records::participant_page(&s.db, &w.tom, w.project, second).await.unwrap();
        assert_eq!(later.consents[0].version_no, 2);
        // A consent form from another project's application is refused.
        let (other_project,): (i64,) = sqlx::query_as("SELECT id FROM projects WHERE id <> $1 ORDER BY id LIMIT 1")
            .bind(w.project)
            .fetch_optional(&s.db)
            .await
            .unwrap()
            .unwrap_or((w.project,));
        if other_project != w.project {
            let (foreign,): (i64,) = sqlx::query_as(
                "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) VALUES ($1, 'university', 'Other', 'approved', 1, 1) RETURNING id",
            )
            .bind(other_project)
            .fetch_one(&s.db)
            .await
            .unwrap();
            let foreign_doc = consent_form(&w, foreign, 1).await;
            refused_with(records::record_consent(&s.db, &w.tom, w.project, second, &consent_input(foreign_doc, w.tom.user_id)).await, "not an approved version");
        }
        db.close().await;
    }
}

#[tokio::test]
async fn bad_consent_and_participant_forms_are_refused_field_by_field() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (_, doc) = application(&w, "approved").await;
        let mut bad = person_input("");
        bad.email = "not-an-address".into();
        bad.joined_on = "2099-01-01".into();
        let error = participants::add_participant(&s.db, &w.tom, w.project, &bad).await.unwrap_err();
        let fields = error.form_errors().unwrap();
        for field in ["full_name", "email", "joined_on"] {
            assert!(fields.message_for(field).is_some(), "{field}: {fields:?}");
        }
        assert_eq!(fields.value_for("joined_on"), Some("2099-01-01"), "what was typed is kept");
        assert_eq!(fields.value_for("email"), Some("not-an-address"), "contact details too (kept out of addresses by form_return)");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participants WHERE project_id = {}", w.project)).await, 0);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participant_identities x JOIN participants p ON p.id = x.participant_id WHERE p.project_id = {}", w.project)).await, 0);

        let (pid, _) = participants::add_participant(&s.db, &w.tom, w.project, &person_input("Gil Good")).await.unwrap();
        let mut bad = consent_input(doc, w.off_team.user_id);
        bad.method = "online".into();
        bad.confirmed = false;
        bad.consented_on = "yesterday".into();
        let error = records::record_consent(&s.db, &w.tom, w.project, pid, &bad).await.unwrap_err();
        let fields = error.form_errors().unwrap();
        for field in ["consented_on", "method", "taken_by", "confirmed"] {
            assert!(fields.message_for(field).is_some(), "{field}: {fields:?}");
        }
        assert_eq!(fields.value_for("quotes"), Some("on"), "ticked parts stay ticked");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM consent_records c JOIN participants p ON p.id = c.participant_id WHERE p.project_id = {}", w.project)).await, 0);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participant_changes WHERE project_id = {} AND change = 'consent_recorded'", w.project)).await, 0);
        db.close().await;
    }
}

#[tokio::test]
async fn two_researchers_adding_at_once_get_different_codes() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        application(&w, "approved").await;
        let (one, two) = (person_input("Hal One"), person_input("Ida Two"));
        let (a, b) = tokio::join!(
            participants::add_participant(&s.db, &w.tom, w.project, &one),
            participants::add_participant(&s.db, &w.priya, w.project, &two),
        );
        let mut codes = vec![a.unwrap().1, b.unwrap().1];
        codes.sort();
        assert_eq!(codes, vec!["P-01", "P-02"]);
        db.close().await;
    }
}

#[tokio::test]
async fn the_demo_adds_its_participants_once_the_consent_form_is_approved() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (demo,): (i64,) = sqlx::query_as("SELECT id FROM projects WHERE title = 'Evaluation of the recovery college in south Essex'")
            .fetch_one(&s.db)
            .await
            .unwrap();
        let participants = format!("SELECT COUNT(*) FROM participants WHERE project_id = {demo}");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM recruitment_sites WHERE project_id = {demo}")).await, 5);
        if count(s, &participants).await == 0 {
            // Without an approved consent form (no ethics demo) the demo adds only the
            // sampling frame; once there is one, loading again adds the rest.
            application_on(&w, demo, "approved").await;
            app::projects::demo::load(&s.db).await.unwrap();
        }
        app::projects::demo::load(&s.db).await.unwrap();
        assert_eq!(count(s, &participants).await, 13);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM recruitment_sites WHERE project_id = {demo}")).await, 5);
        let consents = format!("SELECT COUNT(*) FROM consent_records c JOIN participants p ON p.id = c.participant_id WHERE p.project_id = {demo}");
        assert_eq!(count(s, &consents).await, 12);
        let counts = recruitment::progress_counts(&s.db, demo).await.unwrap();
        assert_eq!((counts.joined, counts.consented, counts.withdrawn), (13, 11, 1));
        assert_eq!(count(s, "SELECT COUNT(DISTINCT method) FROM consent_records").await, 3, "paper, read aloud and online");
        let priya = actor_for(s, "priya@se-surg.example").await;
        let list = participants::participants_page(&s.db, &priya, demo, PageNumber(1)).await.unwrap();
        assert_eq!(list.list.items.first().map(|p| p.code.as_str()), Some("P-01"));
        assert_eq!(list.list.items.last().map(|p| p.code.as_str()), Some("P-13"));
        assert!(list.list.items[8].withdrawn_on.is_some());
        // P-11 gave consent online, signing with her name; P-13's printed demo link is
        // waiting, and opens the page a participant sees.
        let p11 = list.list.items[10].id;
        let panel = app::projects::consent::online::service::panel(&s.db, &priya, demo, p11).await.unwrap();
        assert_eq!(panel.latest.and_then(|l| l.signed_name).as_deref(), Some("Kezia Harrowgate"));
        let p13 = list.list.items[12].id;
        let panel = app::projects::consent::online::service::panel(&s.db, &priya, demo, p13).await.unwrap();
        assert_eq!(panel.latest.map(|l| l.state), Some(app::projects::consent::online::LinkState::Waiting));
        let page = app::projects::consent::online::service::consent_form(&s.db, app::projects::consent::demo::DEMO_CONSENT_TOKEN).await.unwrap();
        assert_eq!(page.project_title, "Evaluation of the recovery college in south Essex");
        db.close().await;
    }
}

#[tokio::test]
async fn two_researchers_withdrawing_at_once_record_one_withdrawal() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        application(&w, "approved").await;
        let (pid, _) = participants::add_participant(&s.db, &w.tom, w.project, &person_input("Jo Both")).await.unwrap();
        let (a, b) = tokio::join!(
            participants::withdraw(&s.db, &w.tom, w.project, pid, "2026-11-05", "First"),
            participants::withdraw(&s.db, &w.priya, w.project, pid, "2026-11-06", "Second"),
        );
        let mut outcomes = vec![a.unwrap(), b.unwrap()];
        outcomes.sort_by_key(|o| matches!(o, Withdrawal::AlreadyWithdrawn(_)));
        assert_eq!(outcomes[0], Withdrawal::Recorded);
        assert!(matches!(outcomes[1], Withdrawal::AlreadyWithdrawn(_)), "{outcomes:?}");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participant_withdrawals x JOIN participants p ON p.id = x.participant_id WHERE p.project_id = {}", w.project)).await, 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participant_changes WHERE project_id = {} AND change = 'withdrawn'", w.project)).await, 1);
        db.close().await;
    }
}

#[tokio::test]
async fn only_researchers_correct_an_identity_and_the_history_says_so_without_the_name() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        application(&w, "approved").await;
        let (pid, _) = participants::add_participant(&s.db, &w.tom, w.project, &person_input("Kit Oldname")).await.unwrap();
        let corrected = ParticipantInput { phone: "07700 900222".into(), ..person_input("Kit Newname") };
        for (actor, refusal) in [(&w.sam, AppError::NotAllowed), (&w.coordinator, AppError::NotAllowed), (&w.margaret, AppError::NotFound)] {
            assert_eq!(participants::update_identity(&s.db, actor, w.project, pid, &corrected).await.unwrap_err(), refusal);
        }
        let error = participants::update_identity(&s.db, &w.tom, w.project, pid, &person_input(" ")).await.unwrap_err();
        assert!(error.form_errors().unwrap().message_for("full_name").is_some());
        assert_eq!(participants::identity(&s.db, &w.tom, w.project, pid).await.unwrap().full_name, "Kit Oldname");
        participants::update_identity(&s.db, &w.tom, w.project, pid, &corrected).await.unwrap();
        let identity = participants::identity(&s.db, &w.priya, w.project, pid).await.unwrap();
        assert_eq!((identity.full_name.as_str(), identity.phone.as_str()), ("Kit Newname", "07700 900222"));
        let page = records::participant_page(&s.db, &w.tom, w.project, pid).await.unwrap();
        assert_eq!(page.history[0].change, "Name or contact details corrected");
        assert_eq!(count(s, "SELECT COUNT(*) FROM participant_changes WHERE change LIKE '%Kit%'").await, 0);
        db.close().await;
    }
}

#[tokio::test]
async fn consent_and_withdrawal_go_into_an_audit_trail_nobody_can_change() {
    use app::platform::audit::{list, Scope};
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (_, doc) = application(&w, "approved").await;
        let (pid, _) = participants::add_participant(&s.db, &w.tom, w.project, &person_input("Ada Audit")).await.unwrap();
        records::record_consent(&s.db, &w.tom, w.project, pid, &consent_input(doc, w.tom.user_id)).await.unwrap();
        participants::withdraw(&s.db, &w.tom, w.project, pid, "2026-11-05", "Private reason").await.unwrap();

        let entries = list(&s.db, Scope::Project(w.project), PageNumber::default()).await.unwrap();
        let mine: Vec<&str> = entries.items.iter().filter(|e| e.record == format!("participant {pid}")).map(|e| e.what.as_str()).collect();
        assert_eq!(mine, vec!["Withdrawal recorded", "Consent recorded", "Participant added"], "newest first");
        assert!(entries.items.iter().all(|e| !e.record.contains("Ada") && !e.who.contains("Ada")), "no personal content");
        let (reason_kept,) = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM audit_events WHERE action LIKE '%Private%' OR record_kind LIKE '%Private%'")
            .fetch_one(&s.db).await.unwrap();
        assert_eq!(reason_kept, 0);
        // Another project's list does not show them.
        let other = list(&s.db, Scope::Project(w.project + 1000), PageNumber::default()).await.unwrap();
        assert_eq!(other.total, 0);

        // The database itself refuses to change or delete an entry.
        assert!(sqlx::query("UPDATE audit_events SET actor_id = NULL").execute(&s.db).await.is_err(), "{}", db.backend);
        assert!(sqlx::query("DELETE FROM audit_events").execute(&s.db).await.is_err(), "{}", db.backend);
        assert_eq!(list(&s.db, Scope::Project(w.project), PageNumber::default()).await.unwrap().total, entries.total);
        db.close().await;
    }
}
