//! Ethics applications against a real database: the way through from draft to approval
//! with an outside reviewer, amendments and small fixes, conditions closed before
//! fieldwork, every action refused to people outside the application, and two people
//! deciding at once.

use app::accounts::service as accounts;
use app::error::AppError;
use app::identity::{Actor, CurrentUser};
use app::platform::state::AppState;
use app::projects::ethics::clearance::fieldwork_clearance;
use app::projects::ethics::decisions::{self, DecisionForm};
use app::projects::ethics::documents::{self, DocumentTexts};
use app::projects::ethics::{applications, reading, review, ApplicationState};
use crate::support::*;

async fn user_for(state: &AppState, email: &str) -> CurrentUser {
    let (id, ..) = accounts::find_by_email(&state.db, email).await.unwrap().expect("an account");
    accounts::load_current_user(&state.db, id).await.unwrap().unwrap()
}

async fn actor_for(state: &AppState, email: &str) -> Actor {
    user_for(state, email).await.actor()
}

async fn one(state: &AppState, sql: &str, id: i64) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql).bind(id).fetch_one(&state.db).await.unwrap().0
}

async fn state_of(state: &AppState, application_id: i64) -> String {
    sqlx::query_as::<_, (String,)>("SELECT state FROM ethics_applications WHERE id = $1")
        .bind(application_id)
        .fetch_one(&state.db)
        .await
        .unwrap()
        .0
}

fn texts(note: &str) -> DocumentTexts {
    DocumentTexts {
        protocol: format!("## Protocol\n\nInterviews in pairs. {note}"),
        information_sheet: "## Would you like to take part?\n\nIt is up to you.".into(),
        consent_form: "- I agree to take part.".into(),
        topic_guide: "1. What equipment do you use?".into(),
    }
}

fn decision(outcome: &str, conditions: Vec<(String, String)>) -> DecisionForm {
    DecisionForm {
        outcome: outcome.into(),
        reference: "ARU-ETH-2026-114".into(),
        approved_on: date_in(0),
        expires_on: date_in(365),
        letter: "The committee approves the study.<script>alert(1)</script>".into(),
        conditions,
    }
}

fn date_in(days: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(days)).to_string()
}

struct World {
    state: AppState,
    project: i64,
    margaret: Actor,
    sheila: Actor,
    sheila_id: i64,
}

/// The demo data, with Sheila on the WhyNot! project's team as a peer researcher.
async fn world(db: &TestDb) -> World {
    let state = state(db);
    app::demo::load(&state.db).await.unwrap();
    let (project,): (i64,) = sqlx::query_as("SELECT id FROM projects WHERE title LIKE 'Assistive technology at home%'")
        .fetch_one(&state.db)
        .await
        .unwrap();
    let sheila = actor_for(&state, "sheila@whynot.example").await;
    sqlx::query("INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 0)")
        .bind(project)
        .bind(sheila.user_id)
        .execute(&state.db)
        .await
        .unwrap();
    let sheila = actor_for(&state, "sheila@whynot.example").await;
    World { margaret: actor_for(&state, "margaret@whynot.example").await, sheila_id: sheila.user_id, sheila, project, state }
}

/// A council application, written and sent, with an outside reviewer who accepted.
async fn submitted_with_reviewer(w: &World, email: &str) -> (i64, Actor) {
    let db = &w.state.db;
    let id = applications::create(db, &w.margaret, w.project, "council", "Council research governance", "").await.unwrap();
    applications::save_draft(db, &w.margaret, id, "Council research governance", "Home visits.", &texts("")).await.unwrap();
    applications::submit(db, &w.margaret, id).await.unwrap();
    review::invite(&w.state, &w.margaret, id, email).await.unwrap();
    let token = link_token(&w.state, email, "/ethics-reviews/");
    review::accept(db, &token, None, Some("Rosa Patel"), Some("committee papers every tuesday")).await.unwrap();
    (id, actor_for(&w.state, email).await)
}

#[tokio::test]
async fn an_outside_reviewer_asks_for_more_then_approves_with_a_condition_that_is_closed() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        // One application per route: the demo's university application is in progress.
        let twice = applications::create(&s.db, &w.margaret, w.project, "university", "Again", "").await.unwrap_err();
        assert!(twice.form_errors().and_then(|f| f.message_for("route")).is_some_and(|m| m.contains("already has")), "{twice:?}");

        let id = applications::create(&s.db, &w.margaret, w.project, "council", "Council research governance", "").await.unwrap();
        let early = applications::submit(&s.db, &w.margaret, id).await.unwrap_err();
        assert!(early.to_string().contains("Still to write: protocol, information sheet, consent form"), "{early}");
        applications::save_draft(&s.db, &w.margaret, id, "Council research governance", "", &texts("v1")).await.unwrap();
        applications::save_draft(&s.db, &w.margaret, id, "Council research governance", "", &texts("v1, tidied")).await.unwrap();
        assert_eq!(one(s, "SELECT COUNT(*) FROM ethics_documents WHERE application_id = $1", id).await, 4, "a draft changes in place");
        applications::submit(&s.db, &w.margaret, id).await.unwrap();

        review::invite(s, &w.margaret, id, "Secretary@Council.example").await.unwrap();
        let token = link_token(s, "secretary@council.example", "/ethics-reviews/");
        let view = review::invitation_view(&s.db, &token, None).await.unwrap();
        assert_eq!(view.application_title, "Council research governance");
        assert!(!view.account_exists);
        let accepted = review::accept(&s.db, &token, None, Some("Rosa Patel"), Some("committee papers every tuesday")).await.unwrap();
        assert!(accepted.new_session.is_some());
        assert_eq!(accepted.path, format!("/projects/{}/ethics/{id}?done=reviewer", w.project));
        let again = review::accept(&s.db, &token, None, Some("Rosa Patel"), Some("committee papers every tuesday")).await.unwrap_err();
        assert!(again.to_string().contains("already been accepted"), "{again}");
        let rosa = actor_for(s, "secretary@council.example").await;

        // The reviewer sees this application, not the project nor its other application.
        let page = reading::application_page(&s.db, &rosa, w.project, id).await.unwrap();
        assert!(page.may.is_reviewer && page.may.decide && !page.may.manage);
        assert!(page.still_needed.is_none(), "a reviewer is not shown the project's other applications");
        assert_eq!(reading::overview(&s.db, &rosa, w.project).await.unwrap_err(), AppError::NotFound);
        let university: i64 = one(s, "SELECT id FROM ethics_applications WHERE project_id = $1 AND route = 'university'", w.project).await;
        assert_eq!(reading::application_page(&s.db, &rosa, w.project, university).await.unwrap_err(), AppError::NotFound);

        decisions::request_information(s, &rosa, id, "Who do people call with a complaint?").await.unwrap();
        assert_eq!(state_of(s, id).await, "information_requested");
        assert!(s.mailer.sent().iter().any(|m| m.to.contains("margaret@whynot.example") && m.subject.contains("Further information requested")));

        let mut changed = texts("v1, tidied");
        changed.information_sheet.push_str("\n\nComplaints: call 0345 603 7630.");
        applications::answer(s, &w.margaret, id, "We added the council's complaints line.", &changed).await.unwrap();
        assert_eq!(state_of(s, id).await, "submitted");
        assert_eq!(one(s, "SELECT MAX(doc_version) FROM ethics_documents WHERE application_id = $1 AND kind = 'information_sheet'", id).await, 2);
        assert_eq!(one(s, "SELECT MAX(doc_version) FROM ethics_documents WHERE application_id = $1 AND kind = 'protocol'", id).await, 1);
        assert!(s.mailer.sent().iter().any(|m| m.to.contains("secretary@council.example") && m.subject.contains("answered")));

        // A small fix after sending: a new version with a note; the state stays.
        let (_, v) = documents::small_fix(&s.db, &w.margaret, id, "consent_form", "- I agree to take part in an interview.", "Clearer wording.")
            .await
            .unwrap();
        assert_eq!(v, 2);
        assert_eq!(state_of(s, id).await, "submitted");

        // A condition's owner must be on the team.
        let dennis = actor_for(s, "dennis@whynot.example").await;
        let bad = decisions::record_decision(s, &rosa, id, &decision("approved_with_conditions", vec![("Add the helpline".into(), dennis.user_id.to_string())]))
            .await
            .unwrap_err();
        assert!(bad.form_errors().and_then(|f| f.message_for("owner_1")).is_some(), "{bad:?}");
        let condition = ("Add the council's safeguarding number to the information sheet.".to_string(), w.sheila_id.to_string());
        decisions::record_decision(s, &rosa, id, &decision("approved_with_conditions", vec![condition])).await.unwrap();
        assert_eq!(state_of(s, id).await, "approved_with_conditions");
        let sent = s.mailer.sent();
        assert!(sent.iter().any(|m| m.to.contains("sheila@whynot.example") && m.subject.contains("condition for you")));
        assert!(sent.iter().any(|m| m.to.contains("margaret@whynot.example") && m.subject.contains("Ethics decision")));
        assert!(!sent.iter().any(|m| m.to.contains("helen.carter") && m.subject.contains("Ethics decision")), "not the commissioner");

        let page = reading::application_page(&s.db, &w.margaret, w.project, id).await.unwrap();
        assert!(!page.decision_letter_html.contains("<script"), "the letter is sanitised");
        let still = page.still_needed.clone().unwrap();
        assert!(still.iter().any(|l| l.contains("safeguarding number")), "{still:?}");
        let condition_id = page.conditions[0].id;
        assert!(page.conditions[0].may_close);

        // Dennis is in the group but neither its owner nor a manager.
        assert_eq!(decisions::close_condition(&s.db, &dennis, condition_id, "Done").await.unwrap_err(), AppError::NotAllowed);
        let empty = decisions::close_condition(&s.db, &w.sheila, condition_id, "  ").await.unwrap_err();
        assert!(empty.form_errors().and_then(|f| f.message_for("closing_note")).is_some());
        decisions::close_condition(&s.db, &w.sheila, condition_id, "Added on version 3 of the sheet.").await.unwrap();
        let twice = decisions::close_condition(&s.db, &w.margaret, condition_id, "Again").await.unwrap_err();
        assert!(twice.to_string().contains("already closed"), "{twice}");

        // Only the demo's university application still stops fieldwork now.
        let clearance = fieldwork_clearance(&s.db, w.project).await.unwrap();
        assert_eq!(clearance.missing.len(), 1, "{:?}", clearance.missing);
        assert!(clearance.missing[0].contains("university ethics application"));

        // An amendment: version 2, back to submitted, the changed document tied to it.
        let mut amended = changed.clone();
        amended.topic_guide.push_str("\n2. Who helps you with it?");
        let refused = applications::amend(&s.db, &w.margaret, id, "", &amended).await.unwrap_err();
        assert!(refused.form_errors().and_then(|f| f.message_for("amendment")).is_some());
        let (_, version) = applications::amend(&s.db, &w.margaret, id, "A question about who helps.", &amended).await.unwrap();
        assert_eq!(version, 2);
        assert_eq!(state_of(s, id).await, "submitted");
        assert_eq!(
            one(s, "SELECT application_version FROM ethics_documents WHERE application_id = $1 AND kind = 'topic_guide' AND doc_version = 2", id).await,
            2
        );
        let page = reading::application_page(&s.db, &w.margaret, w.project, id).await.unwrap();
        assert_eq!(page.version, "Version 2 (amendment)");
        db.close().await;
    }
}

#[tokio::test]
async fn every_action_is_refused_to_people_outside_the_application() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (id, _rosa) = submitted_with_reviewer(&w, "secretary@council.example").await;
        let carol = actor_for(s, "ethics.secretary@anglia.example").await; // reviews the university application only
        let outsider = actor_for(s, "joan@trainee.example").await;
        let other_group = actor_for(s, "priya@se-surg.example").await;
        let commissioner = actor_for(s, "helen.carter@essex-council.example").await;
        let dennis = actor_for(s, "dennis@whynot.example").await; // in the group, not on the team
        let before = one(s, "SELECT COUNT(*) FROM ethics_events WHERE application_id = $1", id).await;

        // (who, refusal on this application, refusal on starting one for the project: the
        // commissioner sees the project's overview, so is told "not allowed" there).
        for (who, person, expected, on_project) in [
            ("outsider", &outsider, AppError::NotFound, AppError::NotFound),
            ("another group", &other_group, AppError::NotFound, AppError::NotFound),
            ("the commissioner", &commissioner, AppError::NotFound, AppError::NotAllowed),
            ("the reviewer of another application", &carol, AppError::NotFound, AppError::NotFound),
            ("a peer researcher not on the team", &dennis, AppError::NotAllowed, AppError::NotAllowed),
        ] {
            let seen = reading::application_page(&s.db, person, w.project, id).await;
            if expected == AppError::NotFound {
                assert_eq!(seen.unwrap_err(), AppError::NotFound, "{who} reads");
                assert!(reading::overview(&s.db, person, w.project).await.is_err(), "{who} lists");
            } else {
                assert!(seen.is_ok(), "{who} reads the group's application");
            }
            let refused = |r: Result<(), AppError>| assert_eq!(r.unwrap_err(), expected, "{who}");
            let started = applications::create(&s.db, person, w.project, "nhs", "NHS", "").await;
            assert_eq!(started.unwrap_err(), on_project, "{who} starts an application");
            refused(applications::save_draft(&s.db, person, id, "T", "", &texts("")).await.map(|_| ()));
            refused(applications::submit(&s.db, person, id).await.map(|_| ()));
            refused(applications::withdraw(&s.db, person, id, "").await.map(|_| ()));
            refused(applications::answer(s, person, id, "Answer", &texts("")).await.map(|_| ()));
            refused(applications::amend(&s.db, person, id, "More", &texts("x")).await.map(|_| ()));
            refused(documents::small_fix(&s.db, person, id, "protocol", "New", "Fix").await.map(|_| ()));
            refused(review::invite(s, person, id, "someone@example.org").await.map(|_| ()));
            refused(decisions::request_information(s, person, id, "Why?").await.map(|_| ()));
            refused(decisions::record_decision(s, person, id, &decision("approved", vec![])).await.map(|_| ()));
            refused(decisions::add_condition(s, person, id, "More", &w.sheila_id.to_string()).await.map(|_| ()));
        }
        assert_eq!(one(s, "SELECT COUNT(*) FROM ethics_events WHERE application_id = $1", id).await, before, "nothing changed");
        assert_eq!(state_of(s, id).await, "submitted");

        // The outside reviewer does not manage, and sees nothing else of the project.
        let rosa = actor_for(s, "secretary@council.example").await;
        assert_eq!(applications::withdraw(&s.db, &rosa, id, "").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(review::invite(s, &rosa, id, "friend@example.org").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(app::projects::service::project_page(&s.db, &rosa, w.project).await.unwrap_err(), AppError::NotFound);
        // The demo's reviewer sees her own application.
        let university = one(s, "SELECT id FROM ethics_applications WHERE project_id = $1 AND route = 'university'", w.project).await;
        let page = reading::application_page(&s.db, &carol, w.project, university).await.unwrap();
        assert_eq!(page.state, ApplicationState::InformationRequested);
        let mine = review::my_reviews(&s.db, &carol, app::ui::pagination::PageNumber(1)).await.unwrap();
        assert_eq!(mine.items.len(), 1);
        db.close().await;
    }
}

#[tokio::test]
async fn two_people_deciding_at_once_one_wins_and_the_other_is_told() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (id, rosa) = submitted_with_reviewer(&w, "secretary@council.example").await;
        let approve = decision("approved", vec![]);
        let refuse = DecisionForm { outcome: "not_approved".into(), ..decision("not_approved", vec![]) };
        let (a, b) = tokio::join!(
            decisions::record_decision(s, &rosa, id, &approve),
            decisions::record_decision(s, &w.margaret, id, &refuse)
        );
        let outcomes = [a.map(|_| ()), b.map(|_| ())];
        let wins = outcomes.iter().filter(|r| r.is_ok()).count();
        assert_eq!(wins, 1, "{outcomes:?}");
        let loser = outcomes.iter().find_map(|r| r.clone().err()).unwrap();
        // The loser either met the winner's change mid-way or read the decided state first.
        let told = loser.to_string();
        assert!(told.contains("Someone else already") || told.contains("You cannot record a decision"), "{told}");
        assert_eq!(one(s, "SELECT COUNT(*) FROM ethics_events WHERE application_id = $1 AND kind = 'decided'", id).await, 1);
        // Withdrawing after the decision is refused.
        let late = applications::withdraw(&s.db, &w.margaret, id, "").await.unwrap_err();
        assert!(late.to_string().contains("once it has been decided"), "{late}");
        db.close().await;
    }
}

#[tokio::test]
async fn a_bad_decision_is_refused_field_by_field_and_nothing_changes() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (id, rosa) = submitted_with_reviewer(&w, "secretary@council.example").await;
        let mut form = decision("", vec![("".into(), w.sheila_id.to_string())]);
        form.reference = String::new();
        form.approved_on = "31/02/2027".into();
        let error = decisions::record_decision(s, &rosa, id, &form).await.unwrap_err();
        let errors = error.form_errors().expect("field messages");
        assert!(errors.message_for("outcome").is_some());
        assert!(errors.message_for("approved_on").is_some_and(|m| m.contains("real date")));
        assert!(errors.message_for("condition_1").is_some());
        assert_eq!(errors.value_for("approved_on"), Some("31/02/2027"), "what was typed is kept");
        let mut form = decision("approved_with_conditions", vec![]);
        form.expires_on = date_in(-10);
        let error = decisions::record_decision(s, &rosa, id, &form).await.unwrap_err();
        let errors = error.form_errors().expect("field messages");
        assert!(errors.message_for("condition_1").is_some_and(|m| m.contains("at least one condition")));
        assert!(errors.message_for("expires_on").is_some_and(|m| m.contains("after the approval date")));
        assert_eq!(state_of(s, id).await, "submitted");
        assert_eq!(one(s, "SELECT COUNT(*) FROM ethics_conditions WHERE application_id = $1", id).await, 0);
        db.close().await;
    }
}

#[tokio::test]
async fn the_demo_shows_one_project_cleared_and_one_waiting_and_loads_twice_the_same() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let count = || async { one(s, "SELECT COUNT(*) + $1 FROM ethics_documents", 0).await };
        let before = count().await;
        app::demo::load(&s.db).await.unwrap();
        assert_eq!(count().await, before, "loading twice changes nothing");
        let (recovery,): (i64,) = sqlx::query_as("SELECT id FROM projects WHERE title = 'Evaluation of the recovery college in south Essex'")
            .fetch_one(&s.db)
            .await
            .unwrap();
        assert!(fieldwork_clearance(&s.db, recovery).await.unwrap().is_clear());
        assert!(!fieldwork_clearance(&s.db, w.project).await.unwrap().is_clear());
        let consent = app::projects::ethics::clearance::approved_document(&s.db, recovery, app::projects::ethics::DocumentKind::ConsentForm)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(consent.doc_version, 2);
        let (stage,): (String,) = sqlx::query_as("SELECT stage FROM projects WHERE id = $1").bind(w.project).fetch_one(&s.db).await.unwrap();
        assert_eq!(stage, "ethics");
        db.close().await;
    }
}
