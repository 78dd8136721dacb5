//! Training against a real database: the shipped course, cohorts, invitations and
//! capacity, progress and knowledge checks, the learning log's privacy, attendance,
//! certificates (issue, revoke, verify) and edits that keep progress.

use std::collections::HashMap;

use app::accounts::service as accounts;
use app::identity::Actor;
use app::error::AppError;
use app::platform::state::AppState;
use app::platform::time::today;
use app::training::{attendance::service as attendance, certificates::service as certificates, cohorts::service as cohorts, courses::service as courses, enrolment::service as enrolment, graduation::service as graduation, home::service as home, learning_log::service as learning_log, study::service as study};
use app::ui::pagination::PageNumber;
use app::training::graduation::api as graduation_api;
use app::training::graduation::api::found_new_group as found_group;
use app::training::{CohortPage, ModuleState, Verification};
use crate::support::*;

async fn actor_for(state: &AppState, email: &str) -> Actor {
    user_for(state, email).await.actor()
}

async fn user_for(state: &AppState, email: &str) -> app::identity::CurrentUser {
    let (id, ..) = accounts::find_by_email(&state.db, email).await.unwrap().expect("an account");
    accounts::load_current_user(&state.db, id).await.unwrap().unwrap()
}

async fn one(state: &AppState, sql: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql).fetch_one(&state.db).await.unwrap().0
}

async fn with_demo(db: &TestDb) -> AppState {
    let state = state(db);
    app::demo::load(&state.db).await.unwrap();
    state
}

async fn course_id(state: &AppState) -> i64 {
    one(state, "SELECT id FROM courses WHERE slug = 'research-skills'").await
}

async fn modules(state: &AppState) -> Vec<i64> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT m.id FROM course_modules m JOIN courses c ON c.id = m.course_id WHERE c.slug = 'research-skills' ORDER BY m.position",
    )
    .fetch_all(&state.db)
    .await
    .unwrap();
    rows.into_iter().map(|(id,)| id).collect()
}

/// A second, non-lead trainer at the university, who runs only their own cohorts.
async fn second_trainer(state: &AppState) -> Actor {
    let hash = app::platform::crypto::hash_password("a long test password".into()).await.unwrap();
    let id = app::invitations::create_verified_account(&state.db, "Tess Trainer", "tess@aru.example", &hash).await.unwrap();
    sqlx::query(
        "INSERT INTO memberships (organisation_id, user_id, role, is_lead, created_at) \
         SELECT id, $1, 'trainer', 0, 0 FROM organisations WHERE slug = 'anglia-ruskin-university'",
    )
    .bind(id)
    .execute(&state.db)
    .await
    .unwrap();
    actor_for(state, "tess@aru.example").await
}

async fn new_cohort(state: &AppState, trainer: &Actor, capacity: &str) -> i64 {
    cohorts::create_cohort(&state.db, trainer, course_id(state).await, "Test cohort", "2027-01-10", "2027-03-10", capacity, "Colchester", "75")
        .await
        .unwrap()
}

/// Invites an address, accepts as a new account, and returns the trainee.
async fn enrol_new(state: &AppState, trainer: &Actor, cohort_id: i64, email: &str, name: &str) -> Actor {
    enrolment::invite_trainees(state, trainer, "Trainer", cohort_id, email).await.unwrap();
    let token = link_token(state, email, "/training/join/");
    let (joined, session) = enrolment::accept_cohort_invitation(&state.db, &token, None, Some(name), Some("marmalade on toast"))
        .await
        .unwrap();
    assert_eq!(joined, cohort_id);
    assert!(session.is_some(), "a new account is signed in");
    actor_for(state, email).await
}

fn all_right_answers(questions: &[(i64, Vec<(i64, bool)>)]) -> HashMap<String, String> {
    questions
        .iter()
        .map(|(q, options)| (format!("q{q}"), options.iter().find(|(_, c)| *c).unwrap().0.to_string()))
        .collect()
}

fn all_wrong_answers(questions: &[(i64, Vec<(i64, bool)>)]) -> HashMap<String, String> {
    questions
        .iter()
        .map(|(q, options)| (format!("q{q}"), options.iter().find(|(_, c)| !*c).unwrap().0.to_string()))
        .collect()
}

async fn questions_of(state: &AppState, module_id: i64) -> Vec<(i64, Vec<(i64, bool)>)> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT q.id, o.id, o.correct FROM module_questions q JOIN question_options o ON o.question_id = q.id \
         WHERE q.module_id = $1 ORDER BY q.position, o.position",
    )
    .bind(module_id)
    .fetch_all(&state.db)
    .await
    .unwrap();
    let mut out: Vec<(i64, Vec<(i64, bool)>)> = Vec::new();
    for (q, o, correct) in rows {
        match out.iter_mut().find(|(id, _)| *id == q) {
            Some((_, options)) => options.push((o, correct != 0)),
            None => out.push((q, vec![(o, correct != 0)])),
        }
    }
    out
}

#[tokio::test]
async fn the_shipped_course_and_a_cohort_part_way_through_load_once() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let counts = || async {
            (
                one(&state, "SELECT COUNT(*) FROM courses").await,
                one(&state, "SELECT COUNT(*) FROM course_modules").await,
                one(&state, "SELECT COUNT(*) FROM module_questions").await,
                one(&state, "SELECT COUNT(*) FROM cohorts").await,
                one(&state, "SELECT COUNT(*) FROM attendance").await,
                one(&state, "SELECT COUNT(*) FROM reflections").await,
            )
        };
        let before = counts().await;
        app::demo::load(&state.db).await.unwrap();
        assert_eq!(before, counts().await, "loading twice adds nothing");
        assert_eq!(before.0, 1);
        assert_eq!(before.1, 12);
        assert!(before.2 >= 48, "at least four questions a module");

        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let home = home::training_home(&state.db, &ruth, PageNumber::default()).await.unwrap();
        assert_eq!(home.running.items.len(), 2, "a cohort part-way through and a finished one");
        assert_eq!(home.courses.len(), 1);
        assert_eq!(
            certificates::verify_certificate(&state.db, app::training::demo::DEMO_CERTIFICATE).await.unwrap(),
            Verification::Valid
        );
        let current = home.running.items.iter().find(|c| c.name == app::training::demo::DEMO_COHORT).unwrap().id;
        let CohortPage::Trainer(cohort) = cohorts::cohort_page(&state.db, &ruth, current).await.unwrap() else {
            panic!("Ruth runs the demo cohort");
        };
        assert_eq!(cohort.trainees.len(), 3);
        assert!(cohort.sessions.iter().filter(|s| s.past).count() >= 3);
        assert_eq!(cohort.awaiting_feedback.len(), 2, "two shared entries without feedback; the private one is not listed");
        let frank = cohort.trainees.iter().find(|t| t.name == "Frank Osei").unwrap();
        assert_eq!(frank.states.iter().filter(|s| **s == ModuleState::Complete).count(), 6);

        let joan = actor_for(&state, "joan@trainee.example").await;
        let CohortPage::Trainee(mine) = cohorts::cohort_page(&state.db, &joan, cohort.cohort.id).await.unwrap() else {
            panic!("Joan studies in the demo cohort");
        };
        assert_eq!(mine.done, 4);
        assert_eq!(mine.modules[4].state, ModuleState::CheckToDo);
        assert_eq!(mine.catch_up().len(), 1, "Joan sent apologies for the third session and has its modules to do");
        db.close().await;
    }
}

#[tokio::test]
async fn a_cohort_from_invitation_to_certificate() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let cohort_id = new_cohort(&state, &ruth, "2").await;
        let mods = modules(&state).await;
        cohorts::set_completion_rule(&state.db, &ruth, cohort_id, "50", &[mods[0]]).await.unwrap();

        let ann = enrol_new(&state, &ruth, cohort_id, "ann@example.org", "Ann Smith").await;
        let bob = enrol_new(&state, &ruth, cohort_id, "bob@example.org", "Bob Jones").await;

        // Capacity: the cohort is full, so no more invitations, and no more enrolments.
        let full = enrolment::invite_trainees(&state, &ruth, "Ruth", cohort_id, "cat@example.org").await.unwrap_err();
        assert!(full.form_errors().unwrap().message_for("emails").unwrap().contains("0 left"));

        // Bad addresses in a pasted list are named, nothing is sent.
        let sent_before = state.mailer.sent().len();
        let bad = enrolment::invite_trainees(&state, &ruth, "Ruth", cohort_id, "x@example.org, not an address").await.unwrap_err();
        assert!(bad.form_errors().unwrap().message_for("emails").unwrap().contains("not"));
        assert_eq!(state.mailer.sent().len(), sent_before);

        // The module: reading alone is not completion; a failed check neither.
        let module_id = mods[0];
        study::mark_read(&state.db, &ann, cohort_id, module_id).await.unwrap();
        let page = study::module_page(&state.db, &ann, cohort_id, module_id).await.unwrap();
        assert_eq!(page.state, ModuleState::CheckToDo);
        let questions = questions_of(&state, module_id).await;

        // An unanswered question is a field error, and nothing is saved.
        let mut partial = all_right_answers(&questions);
        partial.remove(&format!("q{}", questions[0].0));
        let missing = study::submit_check(&state.db, &ann, cohort_id, module_id, &partial).await.unwrap_err();
        assert!(missing.form_errors().unwrap().message_for(&format!("q{}", questions[0].0)).is_some());
        assert_eq!(one(&state, "SELECT COUNT(*) FROM check_attempts WHERE score < 100 AND score > 0").await, 0);
        // An option from another question is refused too.
        let mut crossed = all_right_answers(&questions);
        crossed.insert(format!("q{}", questions[0].0), questions[1].1[0].0.to_string());
        assert!(study::submit_check(&state.db, &ann, cohort_id, module_id, &crossed).await.is_err());

        let (score, passed) = study::submit_check(&state.db, &ann, cohort_id, module_id, &all_wrong_answers(&questions)).await.unwrap();
        assert_eq!((score, passed), (0, false));
        let page = study::module_page(&state.db, &ann, cohort_id, module_id).await.unwrap();
        assert_eq!(page.state, ModuleState::CheckToDo);
        let attempt = page.last_attempt.unwrap();
        assert!(attempt.answers.iter().all(|a| !a.correct && !a.feedback.is_empty()), "feedback for every answer");
        let (score, passed) = study::submit_check(&state.db, &ann, cohort_id, module_id, &all_right_answers(&questions)).await.unwrap();
        assert_eq!((score, passed), (100, true));
        assert_eq!(study::module_page(&state.db, &ann, cohort_id, module_id).await.unwrap().state, ModuleState::Complete);

        // Bob cannot see Ann's answers: module pages show only one's own attempts.
        let bobs = study::module_page(&state.db, &bob, cohort_id, module_id).await.unwrap();
        assert!(bobs.last_attempt.is_none());

        // With no sessions yet, completing the required module meets the rule: a certificate.
        let CohortPage::Trainee(mine) = cohorts::cohort_page(&state.db, &ann, cohort_id).await.unwrap() else { panic!() };
        let code = mine.certificate_code.expect("a certificate once the rule is met");
        assert_eq!(certificates::verify_certificate(&state.db, &code).await.unwrap(), Verification::Valid);
        assert_eq!(certificates::verify_certificate(&state.db, "CR-NOPE-NOPE").await.unwrap(), Verification::Unknown);
        let view = certificates::certificate_page(&state.db, &ann, &code).await.unwrap();
        assert_eq!(view.holder, "Ann Smith");
        assert!(certificates::certificate_page(&state.db, &ruth, &code).await.is_ok());
        assert_eq!(certificates::certificate_page(&state.db, &bob, &code).await.unwrap_err(), AppError::NotFound);

        // Revoked: the code no longer verifies, and meeting the rule again does not re-issue it.
        let cert_id = one(&state, &format!("SELECT id FROM certificates WHERE code = '{code}'")).await;
        let no_reason = certificates::revoke_certificate(&state.db, &ruth, cert_id, " ").await.unwrap_err();
        assert!(no_reason.form_errors().unwrap().message_for("reason").is_some());
        certificates::revoke_certificate(&state.db, &ruth, cert_id, "Issued by mistake").await.unwrap();
        assert_eq!(certificates::verify_certificate(&state.db, &code).await.unwrap(), Verification::Revoked);
        study::mark_read(&state.db, &ann, cohort_id, mods[1]).await.unwrap();
        let CohortPage::Trainee(mine) = cohorts::cohort_page(&state.db, &ann, cohort_id).await.unwrap() else { panic!() };
        assert!(mine.certificate_code.is_none());
        // A trainer can issue again, with a reason.
        let again = certificates::issue_certificate(&state.db, &ruth, cohort_id, ann.user_id, "Reissued after review").await.unwrap();
        assert_ne!(again, code);
        assert_eq!(certificates::verify_certificate(&state.db, &again).await.unwrap(), Verification::Valid);
        db.close().await;
    }
}

#[tokio::test]
async fn attendance_exactly_at_the_threshold_earns_the_certificate() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let cohort_id = new_cohort(&state, &ruth, "5").await;
        cohorts::set_completion_rule(&state.db, &ruth, cohort_id, "75", &[]).await.unwrap();
        let ann = enrol_new(&state, &ruth, cohort_id, "ann@example.org", "Ann Smith").await;
        for date in ["2027-01-10", "2027-01-17", "2027-01-24", "2027-01-31"] {
            attendance::add_session(&state.db, &ruth, cohort_id, date, "10:30", "Library", false, &[]).await.unwrap();
        }
        let sessions: Vec<(i64,)> = sqlx::query_as("SELECT id FROM cohort_sessions WHERE cohort_id = $1 ORDER BY on_date")
            .bind(cohort_id)
            .fetch_all(&state.db)
            .await
            .unwrap();
        let mark = |status: &str| HashMap::from([(format!("a{}", ann.user_id), status.to_string())]);
        attendance::mark_attendance(&state.db, &ruth, sessions[0].0, &mark("present")).await.unwrap();
        attendance::mark_attendance(&state.db, &ruth, sessions[1].0, &mark("remote")).await.unwrap();
        attendance::mark_attendance(&state.db, &ruth, sessions[2].0, &mark("absent")).await.unwrap();
        let count = || one(&state, "SELECT COUNT(*) FROM certificates WHERE revoked_at IS NULL");
        let before = count().await;
        // 2 of 4 is 50%: not yet.
        let CohortPage::Trainee(mine) = cohorts::cohort_page(&state.db, &ann, cohort_id).await.unwrap() else { panic!() };
        assert!(mine.certificate_code.is_none());
        // 3 of 4 is exactly 75%: yes.
        attendance::mark_attendance(&state.db, &ruth, sessions[3].0, &mark("present")).await.unwrap();
        assert_eq!(count().await, before + 1);

        // Bad statuses and people not on the course are refused.
        let bad = attendance::mark_attendance(&state.db, &ruth, sessions[0].0, &mark("late")).await.unwrap_err();
        assert!(bad.form_errors().is_some());
        let outsider = HashMap::from([("a999999".to_string(), "present".to_string())]);
        assert!(attendance::mark_attendance(&state.db, &ruth, sessions[0].0, &outsider).await.is_err());
        // A trainee cannot mark attendance.
        assert_eq!(attendance::mark_attendance(&state.db, &ann, sessions[0].0, &mark("present")).await.unwrap_err(), AppError::NotFound);
        db.close().await;
    }
}

#[tokio::test]
async fn private_reflections_stay_private_and_shared_ones_get_feedback() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let joan = actor_for(&state, "joan@trainee.example").await;
        let frank = actor_for(&state, "frank@trainee.example").await;
        let cohort_id = one(&state, "SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;
        let module_id = modules(&state).await[5];

        let empty = learning_log::write_reflection(&state.db, &joan, cohort_id, module_id, "   ", false).await.unwrap_err();
        assert!(empty.form_errors().unwrap().message_for("body").is_some());
        let private = learning_log::write_reflection(&state.db, &joan, cohort_id, module_id, "Just for me <script>alert(1)</script>", false)
            .await
            .unwrap();
        let shared = learning_log::write_reflection(&state.db, &joan, cohort_id, module_id, "For my trainer", true).await.unwrap();

        assert!(learning_log::reflection_page(&state.db, &joan, private).await.is_ok());
        let own = learning_log::reflection_page(&state.db, &joan, private).await.unwrap();
        assert!(!own.reflection.body_html.contains("<script"), "Markdown is sanitised");
        assert_eq!(learning_log::reflection_page(&state.db, &ruth, private).await.unwrap_err(), AppError::NotFound);
        assert_eq!(learning_log::reply_to_reflection(&state.db, &ruth, private, "Peeking").await.unwrap_err(), AppError::NotFound);
        assert_eq!(learning_log::reflection_page(&state.db, &frank, shared).await.unwrap_err(), AppError::NotFound);
        let tess = second_trainer(&state).await;
        assert_eq!(learning_log::reflection_page(&state.db, &tess, shared).await.unwrap_err(), AppError::NotFound);
        let CohortPage::Trainer(cohort) = cohorts::cohort_page(&state.db, &ruth, cohort_id).await.unwrap() else { panic!() };
        assert!(cohort.awaiting_feedback.iter().any(|r| r.id == shared));
        assert!(!cohort.awaiting_feedback.iter().any(|r| r.id == private));

        let page = learning_log::reflection_page(&state.db, &ruth, shared).await.unwrap();
        assert!(page.can_reply);
        assert_eq!(learning_log::reply_to_reflection(&state.db, &joan, shared, "Replying to myself").await.unwrap_err(), AppError::NotFound);
        learning_log::reply_to_reflection(&state.db, &ruth, shared, "Well put, Joan.").await.unwrap();
        let mine = study::module_page(&state.db, &joan, cohort_id, module_id).await.unwrap();
        let entry = mine.reflections.iter().find(|r| r.id == shared).unwrap();
        assert_eq!(entry.replies.len(), 1);
        assert!(entry.replies[0].body_html.contains("Well put"));
        let CohortPage::Trainer(cohort) = cohorts::cohort_page(&state.db, &ruth, cohort_id).await.unwrap() else { panic!() };
        assert!(!cohort.awaiting_feedback.iter().any(|r| r.id == shared), "answered entries leave the list");
        assert!(cohort.answered.iter().any(|r| r.id == shared));
        assert!(!cohort.answered.iter().any(|r| r.id == private));
        db.close().await;
    }
}

#[tokio::test]
async fn every_role_is_refused_what_is_not_theirs() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let joan = actor_for(&state, "joan@trainee.example").await;
        let dennis = actor_for(&state, "dennis@whynot.example").await;
        let admin = actor_for(&state, "admin@coresearch.example").await;
        let tess = second_trainer(&state).await;
        let demo = one(&state, "SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;
        let course = course_id(&state).await;
        let module_id = modules(&state).await[0];
        let session = one(&state, &format!("SELECT MIN(id) FROM cohort_sessions WHERE cohort_id = {demo}")).await;

        // Outsiders and administrators learn nothing.
        for who in [&dennis, &admin] {
            assert_eq!(cohorts::cohort_page(&state.db, who, demo).await.unwrap_err(), AppError::NotFound);
            assert_eq!(courses::course_page(&state.db, who, course).await.unwrap_err(), AppError::NotFound);
            assert_eq!(study::module_page(&state.db, who, demo, module_id).await.unwrap_err(), AppError::NotFound);
            assert_eq!(attendance::session_page(&state.db, who, session).await.unwrap_err(), AppError::NotFound);
            assert_eq!(app::training::export::cohort_csv(&state.db, who, demo).await.unwrap_err(), AppError::NotFound);
        }
        // A trainer of another cohort in the same provider is told no.
        assert_eq!(attendance::session_page(&state.db, &tess, session).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(
            enrolment::invite_trainees(&state, &tess, "Tess", demo, "x@example.org").await.unwrap_err(),
            AppError::NotAllowed
        );
        assert_eq!(app::training::export::cohort_csv(&state.db, &tess, demo).await.unwrap_err(), AppError::NotAllowed);
        // ... but runs their own; and the lead trainer runs every cohort.
        let own = new_cohort(&state, &tess, "10").await;
        assert!(matches!(cohorts::cohort_page(&state.db, &tess, own).await.unwrap(), CohortPage::Trainer(_)));
        assert!(matches!(cohorts::cohort_page(&state.db, &ruth, own).await.unwrap(), CohortPage::Trainer(_)));
        // A trainee studies only where enrolled, and cannot run their cohort.
        assert_eq!(study::module_page(&state.db, &joan, own, module_id).await.unwrap_err(), AppError::NotFound);
        assert_eq!(study::mark_read(&state.db, &joan, own, module_id).await.unwrap_err(), AppError::NotFound);
        assert_eq!(attendance::session_page(&state.db, &joan, session).await.unwrap_err(), AppError::NotFound);
        assert_eq!(
            attendance::add_session(&state.db, &joan, demo, "2027-01-01", "10:00", "Here", false, &[]).await.unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(cohorts::create_cohort(&state.db, &joan, course, "Mine", "2027-01-01", "2027-02-01", "5", "", "75").await.unwrap_err(), AppError::NotFound);
        // A module from another course cannot be opened through this cohort.
        assert_eq!(study::module_page(&state.db, &joan, demo, 999_999).await.unwrap_err(), AppError::NotFound);
        // CSV for the trainer names everyone.
        let (_, csv) = app::training::export::cohort_csv(&state.db, &ruth, demo).await.unwrap();
        assert!(csv.starts_with("Name,E-mail,\"Module 1"));
        assert!(csv.contains("Joan Whitfield") && csv.contains("Frank Osei"));
        db.close().await;
    }
}

#[tokio::test]
async fn editing_a_published_module_keeps_everyones_progress() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let frank = actor_for(&state, "frank@trainee.example").await;
        let joan = actor_for(&state, "joan@trainee.example").await;
        let demo = one(&state, "SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;
        let module_id = modules(&state).await[0];
        let before = study::module_page(&state.db, &frank, demo, module_id).await.unwrap();
        assert_eq!(before.state, ModuleState::Complete);

        // Bad input: messages beside the fields, nothing saved.
        let bad = courses::check_module_fields("", "lots", "x", "Body", "", "150").unwrap_err();
        let errors = bad.form_errors().unwrap();
        for field in ["title", "minutes", "pass_mark"] {
            assert!(errors.message_for(field).is_some(), "{field}");
        }
        // A preview is a draft only the trainer sees.
        let fields = courses::check_module_fields("New title", "45", "One\nTwo", "## New\n\n<iframe src=x></iframe>Text", "Think", "80").unwrap();
        courses::preview_module(&state.db, &ruth, module_id, fields).await.unwrap();
        let editor = courses::module_editor(&state.db, &ruth, module_id).await.unwrap();
        assert!(editor.is_draft && editor.preview_html.contains("<h2>New</h2>") && !editor.preview_html.contains("iframe"));
        assert_eq!(study::module_page(&state.db, &frank, demo, module_id).await.unwrap().title, before.title);
        assert_eq!(courses::module_editor(&state.db, &joan, module_id).await.unwrap_err(), AppError::NotFound);

        let fields = courses::check_module_fields("New title", "45", "One\nTwo", "## New\n\nText", "Think", "80").unwrap();
        courses::save_module(&state.db, &ruth, module_id, fields).await.unwrap();
        let after = study::module_page(&state.db, &frank, demo, module_id).await.unwrap();
        assert_eq!(after.title, "New title");
        assert_eq!(after.id, before.id);
        assert_eq!(after.state, ModuleState::Complete, "reading and the passed check survive the edit");
        assert_eq!(after.questions, before.questions);
        assert_eq!(after.pass_mark, 80);
        assert!(!courses::module_editor(&state.db, &ruth, module_id).await.unwrap().is_draft);
        db.close().await;
    }
}

#[tokio::test]
async fn trainees_send_apologies_ahead_but_not_afterwards() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let joan = actor_for(&state, "joan@trainee.example").await;
        let demo = one(&state, "SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;
        let today = today();
        let future = one(&state, &format!("SELECT MIN(id) FROM cohort_sessions WHERE cohort_id = {demo} AND on_date > '{today}'")).await;
        let past = one(&state, &format!("SELECT MIN(id) FROM cohort_sessions WHERE cohort_id = {demo} AND on_date < '{today}'")).await;
        attendance::send_apologies(&state.db, &joan, future, "Dentist").await.unwrap();
        let CohortPage::Trainee(mine) = cohorts::cohort_page(&state.db, &joan, demo).await.unwrap() else { panic!() };
        assert_eq!(mine.sessions.iter().find(|s| s.id == future).unwrap().status, Some(app::training::Attendance::Apologies));
        assert!(matches!(attendance::send_apologies(&state.db, &joan, past, "").await.unwrap_err(), AppError::Refused(_)));
        db.close().await;
    }
}

#[tokio::test]
async fn graduates_found_a_new_group_or_join_one() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let margaret = actor_for(&state, "margaret@whynot.example").await;
        let cohort_id = new_cohort(&state, &ruth, "5").await;
        cohorts::set_completion_rule(&state.db, &ruth, cohort_id, "0", &[]).await.unwrap();
        let ann = enrol_new(&state, &ruth, cohort_id, "ann@example.org", "Ann Smith").await;
        let bob = enrol_new(&state, &ruth, cohort_id, "bob@example.org", "Bob Jones").await;
        // Ann has a certificate (the rule asks nothing more of her); Bob's is revoked.
        cohorts::set_completion_rule(&state.db, &ruth, cohort_id, "0", &[]).await.unwrap();
        let bobs = one(&state, &format!("SELECT id FROM certificates WHERE user_id = {}", bob.user_id)).await;
        certificates::revoke_certificate(&state.db, &ruth, bobs, "Left the course early").await.unwrap();

        // Only people with a valid certificate can found a group; a name is needed.
        let no_name = found_group(&state, &ruth, "Ruth", cohort_id, "", "", &[ann.user_id]).await.unwrap_err();
        assert!(no_name.form_errors().unwrap().message_for("group_name").is_some());
        assert!(found_group(&state, &ruth, "Ruth", cohort_id, "Braintree Voices", "", &[bob.user_id]).await.is_err());
        let taken = found_group(&state, &ruth, "Ruth", cohort_id, "WhyNot!", "", &[ann.user_id]).await.unwrap_err();
        assert!(taken.form_errors().unwrap().message_for("group_name").is_some());
        // Someone who does not run the cohort cannot.
        assert_eq!(
            found_group(&state, &margaret, "Margaret", cohort_id, "Braintree Voices", "", &[ann.user_id]).await.unwrap_err(),
            AppError::NotFound
        );
        let slug = found_group(&state, &ruth, "Ruth", cohort_id, "Braintree Voices", "Older people in Braintree", &[ann.user_id])
            .await
            .unwrap();
        assert_eq!(slug, "braintree-voices");
        let token = link_token(&state, "ann@example.org", "/invitations/");
        let ann_user = user_for(&state, "ann@example.org").await;
        app::organisations::service::accept_invitation(&state.db, &token, Some(&ann_user), None, None).await.unwrap();
        let ann = actor_for(&state, "ann@example.org").await;
        let membership = ann.memberships.iter().find(|m| m.organisation_slug == "braintree-voices").unwrap();
        assert!(membership.is_lead && membership.role == app::identity::Role::Coordinator);
        assert!(!ruth.is_member(membership.organisation_id), "the trainer does not join");

        // A trainer who also coordinates a group invites a graduate into it through the group's invitations.
        assert_eq!(
            graduation_api::invite_graduate_into_group(&state, &ruth, "Ruth", cohort_id, ann.user_id, membership.organisation_id).await.unwrap_err(),
            AppError::NotFound,
            "Ruth does not coordinate Braintree Voices"
        );
        assert!(graduation_api::invite_graduate_into_group(&state, &ann, "Ann", cohort_id, bob.user_id, membership.organisation_id).await.is_err());
        db.close().await;
    }
}

#[tokio::test]
async fn trainers_write_courses_modules_and_questions_without_losing_answers() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let frank = actor_for(&state, "frank@trainee.example").await;
        let nadia = actor_for(&state, "nadia.bell@aru.example").await;
        let aru = one(&state, "SELECT id FROM organisations WHERE slug = 'anglia-ruskin-university'").await;
        let demo = one(&state, "SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;

        // A new course and module.
        assert!(courses::create_course(&state.db, &ruth, aru, " ", "").await.unwrap_err().form_errors().is_some());
        assert_eq!(courses::create_course(&state.db, &nadia, aru, "Peer support", "").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(courses::create_course(&state.db, &frank, aru, "Peer support", "").await.unwrap_err(), AppError::NotFound);
        let course = courses::create_course(&state.db, &ruth, aru, "Peer support", "Supporting each other").await.unwrap();
        let module = courses::add_module(&state.db, &ruth, course, "Listening well").await.unwrap();
        let page = courses::course_page(&state.db, &ruth, course).await.unwrap();
        assert_eq!(page.modules.len(), 1);
        assert_eq!(page.modules[0].id, module);

        // Questions: bad option lists are explained; retiring keeps earlier answers.
        let bad = courses::add_question(&state.db, &ruth, module, "true_false", "Listening means waiting to talk.", "True\nFalse")
            .await
            .unwrap_err();
        assert!(bad.form_errors().unwrap().message_for("question_options").unwrap().contains("exactly one"));
        assert_eq!(
            courses::add_question(&state.db, &frank, module, "true_false", "Q", "* True\nFalse").await.unwrap_err(),
            AppError::NotFound
        );

        // Frank passed module 1 of the shipped course; retiring one of its questions and adding another keeps that.
        let module_one = modules(&state).await[0];
        let question = questions_of(&state, module_one).await[0].0;
        let answers_before = one(&state, &format!("SELECT COUNT(*) FROM attempt_answers WHERE question_id = {question}")).await;
        assert!(answers_before > 0);
        courses::retire_question(&state.db, &ruth, question).await.unwrap();
        courses::add_question(&state.db, &ruth, module_one, "true_false", "Research needs a plan.", "* True | Yes\nFalse | It does")
            .await
            .unwrap();
        assert_eq!(one(&state, &format!("SELECT COUNT(*) FROM attempt_answers WHERE question_id = {question}")).await, answers_before);
        let page = study::module_page(&state.db, &frank, demo, module_one).await.unwrap();
        assert_eq!(page.state, ModuleState::Complete);
        assert!(!page.questions.iter().any(|q| q.id == question), "the retired question is no longer asked");
        assert!(page.questions.iter().any(|q| q.text == "Research needs a plan."));
        assert_eq!(courses::retire_question(&state.db, &frank, question).await.unwrap_err(), AppError::NotFound);
        db.close().await;
    }
}

#[tokio::test]
async fn a_cohort_can_have_several_trainers() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let tess = second_trainer(&state).await;
        let nadia = actor_for(&state, "nadia.bell@aru.example").await;
        let joan = actor_for(&state, "joan@trainee.example").await;
        let demo = one(&state, "SELECT id FROM cohorts WHERE name = 'Chelmsford, autumn'").await;
        let CohortPage::Trainer(page) = cohorts::cohort_page(&state.db, &ruth, demo).await.unwrap() else { panic!() };
        assert_eq!(page.other_trainers, vec![(tess.user_id, "Tess Trainer".to_string())], "trainers only, not supporters");
        assert!(cohorts::add_cohort_trainer(&state.db, &ruth, demo, nadia.user_id).await.unwrap_err().form_errors().is_some());
        assert_eq!(cohorts::add_cohort_trainer(&state.db, &joan, demo, joan.user_id).await.unwrap_err(), AppError::NotFound);
        assert_eq!(cohorts::add_cohort_trainer(&state.db, &tess, demo, tess.user_id).await.unwrap_err(), AppError::NotAllowed);
        cohorts::add_cohort_trainer(&state.db, &ruth, demo, tess.user_id).await.unwrap();
        assert!(matches!(cohorts::cohort_page(&state.db, &tess, demo).await.unwrap(), CohortPage::Trainer(_)));
        db.close().await;
    }
}

#[tokio::test]
async fn accepting_a_place_checks_the_account_and_the_places_left() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let cohort_id = new_cohort(&state, &ruth, "2").await;
        enrolment::invite_trainees(&state, &ruth, "Ruth", cohort_id, "dennis@whynot.example\nnew.person@example.org").await.unwrap();
        let dennis_token = link_token(&state, "dennis@whynot.example", "/training/join/");
        let new_token = link_token(&state, "new.person@example.org", "/training/join/");

        // An existing account must sign in; another account cannot take the place.
        let anonymous = enrolment::accept_cohort_invitation(&state.db, &dennis_token, None, None, None).await.unwrap_err();
        assert!(matches!(anonymous, AppError::Refused(m) if m.contains("Sign in")));
        let sheila = user_for(&state, "sheila@whynot.example").await;
        assert!(enrolment::accept_cohort_invitation(&state.db, &dennis_token, Some(&sheila), None, None).await.is_err());
        let view = enrolment::cohort_invitation_view(&state.db, &dennis_token, None).await.unwrap();
        assert!(view.account_exists);
        assert_eq!(view.places_left, 2);

        // The trainers lower the places to one: Dennis takes it, the next person is told it is full.
        sqlx::query("UPDATE cohorts SET capacity = 1 WHERE id = $1").bind(cohort_id).execute(&state.db).await.unwrap();
        let dennis = user_for(&state, "dennis@whynot.example").await;
        let (joined, session) = enrolment::accept_cohort_invitation(&state.db, &dennis_token, Some(&dennis), None, None).await.unwrap();
        assert_eq!((joined, session), (cohort_id, None));
        let full = enrolment::accept_cohort_invitation(&state.db, &new_token, None, Some("New Person"), Some("marmalade on toast"))
            .await
            .unwrap_err();
        assert!(matches!(full, AppError::Refused(m) if m.contains("full")));
        assert!(accounts::find_by_email(&state.db, "new.person@example.org").await.unwrap().is_none(), "no account made");
        // A used link does not work twice.
        assert!(enrolment::accept_cohort_invitation(&state.db, &dennis_token, Some(&dennis), None, None).await.is_err());
        db.close().await;
    }
}

#[tokio::test]
async fn coordinators_see_and_invite_graduates_who_asked_to_join_a_group() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let priya = actor_for(&state, "priya@se-surg.example").await;
        let tom = actor_for(&state, "tom@se-surg.example").await;
        let helen = actor_for(&state, "helen.carter@essex-council.example").await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let joan = actor_for(&state, "joan@trainee.example").await;
        let sheila = actor_for(&state, "sheila@whynot.example").await;
        let gwen = actor_for(&state, "gwen@trainee.example").await;
        let se_surg = priya.memberships.iter().find(|m| m.organisation_slug == "se-surg").unwrap().organisation_id;
        let whynot = one(&state, "SELECT id FROM organisations WHERE slug = 'whynot'").await;

        // The demo graduate Gwen asked to be seen; coordinators see her, without her e-mail address.
        let page = graduation::seeking_graduates(&state.db, &priya, PageNumber::default()).await.unwrap();
        assert_eq!(page.groups, vec![(se_surg, "South Essex Service User Research Group (SE-SURG)".to_string())]);
        let names: Vec<&str> = page.graduates.items.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, vec!["Gwen Foster"]);
        assert_eq!(page.graduates.items[0].cohort_name, "Colchester, spring");
        assert!(!format!("{page:?}").contains("gwen@trainee.example"), "no e-mail addresses");

        // Nobody else may look: a plain member, a trainee, a commissioner, a trainer.
        for who in [&tom, &joan, &helen, &ruth] {
            assert_eq!(graduation::seeking_graduates(&state.db, who, PageNumber::default()).await.unwrap_err(), AppError::NotFound);
        }

        // Only the holder says they seek a group; Sheila (already in WhyNot!) opts in but is not listed.
        assert_eq!(graduation::set_seeking_group(&state.db, &joan, "CR-DEMO-2026", true).await.unwrap_err(), AppError::NotFound);
        assert_eq!(graduation::set_seeking_group(&state.db, &ruth, "CR-DEMO-2026", true).await.unwrap_err(), AppError::NotFound);
        graduation::set_seeking_group(&state.db, &sheila, "cr-demo-2026", true).await.unwrap();
        assert!(certificates::certificate_page(&state.db, &sheila, "CR-DEMO-2026").await.unwrap().seeking_group);
        assert_eq!(graduation::seeking_graduates(&state.db, &priya, PageNumber::default()).await.unwrap().graduates.items.len(), 1, "members of a group are not listed");
        assert_eq!(graduation::set_seeking_group(&state.db, &sheila, "CR-NOPE", true).await.unwrap_err(), AppError::NotFound);

        // A coordinator invites only into a group they coordinate, and only people on the list.
        assert_eq!(
            graduation_api::invite_seeking_graduate_into_group(&state, &priya, "Priya", gwen.user_id, whynot).await.unwrap_err(),
            AppError::NotAllowed
        );
        assert_eq!(graduation_api::invite_seeking_graduate_into_group(&state, &tom, "Tom", gwen.user_id, se_surg).await.unwrap_err(), AppError::NotFound);
        assert_eq!(
            graduation_api::invite_seeking_graduate_into_group(&state, &priya, "Priya", joan.user_id, se_surg).await.unwrap_err(),
            AppError::NotFound,
            "Joan did not ask"
        );
        graduation_api::invite_seeking_graduate_into_group(&state, &priya, "Priya", gwen.user_id, se_surg).await.unwrap();
        let token = link_token(&state, "gwen@trainee.example", "/invitations/");

        // Opting out hides her; opting in again shows her; joining the group hides her for good.
        graduation::set_seeking_group(&state.db, &gwen, "CR-DEMO-2027", false).await.unwrap();
        assert!(graduation::seeking_graduates(&state.db, &priya, PageNumber::default()).await.unwrap().graduates.items.is_empty());
        assert_eq!(
            graduation_api::invite_seeking_graduate_into_group(&state, &priya, "Priya", gwen.user_id, se_surg).await.unwrap_err(),
            AppError::NotFound
        );
        graduation::set_seeking_group(&state.db, &gwen, "CR-DEMO-2027", true).await.unwrap();
        assert_eq!(graduation::seeking_graduates(&state.db, &priya, PageNumber::default()).await.unwrap().graduates.items.len(), 1);
        let gwen_user = user_for(&state, "gwen@trainee.example").await;
        app::organisations::service::accept_invitation(&state.db, &token, Some(&gwen_user), None, None).await.unwrap();
        assert!(graduation::seeking_graduates(&state.db, &priya, PageNumber::default()).await.unwrap().graduates.items.is_empty(), "she has a group now");
        db.close().await;
    }
}

#[tokio::test]
async fn a_revoked_certificate_takes_a_graduate_off_the_list() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let priya = actor_for(&state, "priya@se-surg.example").await;
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let gwen = actor_for(&state, "gwen@trainee.example").await;
        let certificate_id = one(&state, "SELECT id FROM certificates WHERE code = 'CR-DEMO-2027'").await;
        certificates::revoke_certificate(&state.db, &ruth, certificate_id, "Issued by mistake").await.unwrap();
        assert!(graduation::seeking_graduates(&state.db, &priya, PageNumber::default()).await.unwrap().graduates.items.is_empty());
        // She cannot opt in with a revoked certificate, but can always opt out.
        assert_eq!(graduation::set_seeking_group(&state.db, &gwen, "CR-DEMO-2027", true).await.unwrap_err(), AppError::NotAllowed);
        graduation::set_seeking_group(&state.db, &gwen, "CR-DEMO-2027", false).await.unwrap();
        assert!(!certificates::certificate_page(&state.db, &gwen, "CR-DEMO-2027").await.unwrap().seeking_group);
        db.close().await;
    }
}

// ---- Lists filtered in SQL agree with the rules ----

/// A person with an account, placed in organisations as given: (organisation id, role, lead).
async fn person_in(state: &AppState, name: &str, email: &str, places: &[(i64, &str, bool)]) -> Actor {
    let hash = app::platform::crypto::hash_password("a long test password".into()).await.unwrap();
    let id = app::invitations::create_verified_account(&state.db, name, email, &hash).await.unwrap();
    for (organisation_id, role, lead) in places {
        sqlx::query("INSERT INTO memberships (organisation_id, user_id, role, is_lead, created_at) VALUES ($1, $2, $3, $4, 0)")
            .bind(organisation_id)
            .bind(id)
            .bind(*role)
            .bind(*lead as i64)
            .execute(&state.db)
            .await
            .unwrap();
    }
    actor_for(state, email).await
}

async fn new_organisation(state: &AppState, name: &str, slug: &str, kind: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>("INSERT INTO organisations (name, slug, kind, created_at) VALUES ($1, $2, $3, 0) RETURNING id")
        .bind(name)
        .bind(slug)
        .bind(kind)
        .fetch_one(&state.db)
        .await
        .unwrap()
        .0
}

/// Every page of the cohorts someone runs, in order.
async fn every_cohort_run_by(state: &AppState, who: &Actor) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut page = 1;
    loop {
        let paged = home::cohorts_run_by(&state.db, who, PageNumber(page)).await.unwrap();
        assert!(paged.items.len() as i64 <= app::ui::pagination::PER_PAGE);
        ids.extend(paged.items.iter().map(|c| c.id));
        if page >= paged.pages() {
            assert_eq!(ids.len() as i64, paged.total, "the count agrees with the rows");
            return ids;
        }
        page += 1;
    }
}

#[tokio::test]
async fn the_cohorts_someone_runs_are_filtered_in_sql_as_the_rules_say() {
    use app::authz::training::TrainingAction;
    use app::authz::{may, Action};
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let aru = one(&state, "SELECT id FROM organisations WHERE slug = 'anglia-ruskin-university'").await;
        let other = new_organisation(&state, "Essex Learning Partnership", "essex-learning", "training_provider").await;
        let group = one(&state, "SELECT id FROM organisations WHERE slug = 'whynot'").await;
        sqlx::query(
            "INSERT INTO courses (organisation_id, slug, title, summary, description, created_at, updated_at) \
             VALUES ($1, 'listening', 'Listening well', '', '', 0, 0)",
        )
        .bind(other)
        .execute(&state.db)
        .await
        .unwrap();
        let other_course = one(&state, "SELECT id FROM courses WHERE slug = 'listening'").await;
        let aru_course = course_id(&state).await;

        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let tess = person_in(&state, "Tess Trainer", "tess@aru.example", &[(aru, "trainer", false)]).await;
        let olu = person_in(&state, "Olu Lead", "olu@elp.example", &[(other, "trainer", true)]).await;
        // Named on cohorts of both providers, but a member only of the other: runs only those.
        let pat = person_in(&state, "Pat Visitor", "pat@elp.example", &[(other, "trainer", false), (group, "member", false)]).await;
        let nadia = actor_for(&state, "nadia.bell@aru.example").await;
        let joan = actor_for(&state, "joan@trainee.example").await;
        let margaret = actor_for(&state, "margaret@whynot.example").await;

        // Sixty cohorts across both providers, with trainers named on some.
        for n in 0..60i64 {
            let course = if n % 3 == 0 { other_course } else { aru_course };
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO cohorts (course_id, name, starts_on, ends_on, capacity, created_at) VALUES ($1, $2, $3, $3, 12, 0) RETURNING id",
            )
            .bind(course)
            .bind(format!("Cohort {n}"))
            .bind(format!("2027-{:02}-{:02}", 1 + n % 12, 1 + n % 28))
            .fetch_one(&state.db)
            .await
            .unwrap();
            let trainers: Vec<i64> = match n % 5 {
                0 => vec![tess.user_id],
                1 => vec![pat.user_id, tess.user_id],
                2 => vec![olu.user_id],
                3 => vec![pat.user_id],
                _ => vec![],
            };
            for user_id in trainers {
                sqlx::query("INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(user_id)
                    .execute(&state.db)
                    .await
                    .unwrap();
            }
        }

        // Every cohort, unfiltered, with the facts the rule needs.
        let all: Vec<(i64, i64)> =
            sqlx::query_as("SELECT c.id, k.organisation_id FROM cohorts c JOIN courses k ON k.id = c.course_id").fetch_all(&state.db).await.unwrap();
        let trainers: Vec<(i64, i64)> = sqlx::query_as("SELECT cohort_id, user_id FROM cohort_trainers").fetch_all(&state.db).await.unwrap();
        for who in [&ruth, &tess, &olu, &pat, &nadia, &joan, &margaret] {
            let mut expected: Vec<i64> = all
                .iter()
                .filter(|(id, organisation_id)| {
                    let is_cohort_trainer = trainers.contains(&(*id, who.user_id));
                    may(who, &Action::Training(TrainingAction::RunCohort { organisation_id: *organisation_id, is_cohort_trainer }))
                })
                .map(|(id, _)| *id)
                .collect();
            let got = every_cohort_run_by(&state, who).await;
            let mut sorted = got.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), got.len(), "no cohort twice across pages");
            expected.sort_unstable();
            assert_eq!(sorted, expected, "the SQL filter and the rule agree for user {}", who.user_id);
        }
        // The mix really is mixed: the lead sees the most, several pages of it.
        assert!(every_cohort_run_by(&state, &ruth).await.len() > 25);
        // Pat runs the cohorts naming them at their own provider, not those at ARU.
        let named_on = trainers.iter().filter(|(_, user_id)| *user_id == pat.user_id).count();
        let runs = every_cohort_run_by(&state, &pat).await.len();
        assert!(runs > 0 && runs < named_on, "Pat runs {runs} of the {named_on} cohorts naming them");
        assert!(every_cohort_run_by(&state, &joan).await.is_empty());
    }
}

#[tokio::test]
async fn graduates_looking_for_a_group_come_in_pages_as_the_rules_say() {
    use app::authz::training::TrainingAction;
    use app::authz::{may, Action};
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let whynot = one(&state, "SELECT id FROM organisations WHERE slug = 'whynot'").await;
        let demo_cohort = one(&state, "SELECT id FROM cohorts WHERE name = 'Colchester, spring'").await;
        // Thirty-five graduates asking to be found: some have since joined a group, some
        // had their certificate revoked. Only the rest are listed.
        let mut listed = vec![one(&state, "SELECT id FROM users WHERE email = 'gwen@trainee.example'").await];
        for n in 0..35i64 {
            let places: Vec<(i64, &str, bool)> = if n % 7 == 0 { vec![(whynot, "member", false)] } else { vec![] };
            let who = person_in(&state, &format!("Graduate {n:02}"), &format!("graduate{n}@example.org"), &places).await;
            let revoked = (n % 5 == 0).then_some(1i64);
            let (certificate,): (i64,) = sqlx::query_as(
                "INSERT INTO certificates (cohort_id, user_id, code, issued_at, revoked_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(demo_cohort)
            .bind(who.user_id)
            .bind(format!("CR-TEST-{n:04}"))
            .bind(1_800_000_000 + n * 86_400)
            .bind(revoked)
            .fetch_one(&state.db)
            .await
            .unwrap();
            sqlx::query("INSERT INTO graduates_seeking_group (user_id, certificate_id, since_at) VALUES ($1, $2, 0)")
                .bind(who.user_id)
                .bind(certificate)
                .execute(&state.db)
                .await
                .unwrap();
            if n % 7 != 0 && n % 5 != 0 {
                listed.push(who.user_id);
            }
        }
        listed.sort_unstable();

        let priya = actor_for(&state, "priya@se-surg.example").await;
        let margaret = actor_for(&state, "margaret@whynot.example").await;
        for who in ["priya@se-surg.example", "margaret@whynot.example", "tom@se-surg.example", "ruth.palmer@aru.example", "joan@trainee.example"] {
            let who = actor_for(&state, who).await;
            let allowed = may(&who, &Action::Training(TrainingAction::FindGraduates));
            let first = graduation::seeking_graduates(&state.db, &who, PageNumber::default()).await;
            if !allowed {
                assert_eq!(first.unwrap_err(), AppError::NotFound);
                continue;
            }
            let first = first.unwrap();
            assert_eq!(first.graduates.total, listed.len() as i64);
            assert_eq!(first.graduates.items.len(), 25, "pages of 25");
            let mut got = Vec::new();
            for page in 1..=first.graduates.pages() {
                let paged = graduation::seeking_graduates(&state.db, &who, PageNumber(page)).await.unwrap();
                got.extend(paged.graduates.items.iter().map(|g| g.user_id));
            }
            assert_eq!(got.len(), listed.len(), "nobody twice, nobody missed");
            got.sort_unstable();
            assert_eq!(got, listed);
        }
        assert!(may(&priya, &Action::Training(TrainingAction::FindGraduates)));
        assert!(may(&margaret, &Action::Training(TrainingAction::FindGraduates)));
    }
}
