//! Briefs, questions, responses, decisions and awards against a real database: the state
//! machines, the server-enforced deadline, who may see what, e-mails, and the double award.

use app::identity::Actor;
use app::commissioning::briefs::service::{self as briefs, BriefInput};
use app::commissioning::briefs::listing;
use app::commissioning::decisions::{award, service as decisions};
use app::commissioning::questions::service as questions;
use app::commissioning::responses::service::{self as responses, ResponseInput};
use app::commissioning::tracking::{api::tracking_with_commissions, service as tracking};
use app::commissioning::{BriefFilter, BriefState, BriefStep, ResponseState};
use app::ui::pagination::PageNumber;
use app::error::AppError;
use app::platform::state::AppState;
use crate::support::*;

async fn org_id(state: &AppState, slug: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = $1").bind(slug).fetch_one(&state.db).await.unwrap();
    id
}

fn date_in(days: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(days)).to_string()
}

fn good_brief(title: &str) -> BriefInput {
    BriefInput {
        title: title.into(),
        summary: "Find out what helps older people use the new library service.".into(),
        background: "## Why\n\nVisits fell by **a third**.<script>alert(1)</script>".into(),
        questions: "What helps?\n\nWhat gets in the way?".into(),
        about_whom: "older_people".into(),
        methods: String::new(),
        outputs: "A report and a presentation.".into(),
        budget_min: "£5,000".into(),
        budget_max: "8000.50".into(),
        responses_due: date_in(20),
        start_date: date_in(40),
        report_due: date_in(200),
        contact_name: "Helen Carter".into(),
        contact_email: "helen.carter@essex-council.example".into(),
    }
}

fn good_response() -> ResponseInput {
    ResponseInput {
        approach: "Peer interviews in pairs.".into(),
        lived_experience: "Members design, interview and analyse.".into(),
        team: "Margaret, Dennis and Sheila.".into(),
        timeline: "Six months.".into(),
        ethics_route: "University ethics committee.".into(),
        peer_hours: "100".into(),
        peer_rate: "15".into(),
        expenses: "£400".into(),
        academic: "1,500.50".into(),
        other: "".into(),
        other_note: "".into(),
    }
}

struct World {
    state: AppState,
    essex: i64,
    whynot: i64,
    sesurg: i64,
    helen: Actor,
    sam: Actor,
    margaret: Actor,
    dennis: Actor,
    priya: Actor,
    tom: Actor,
    joan: Actor,
    trainer: Actor,
}

async fn world(db: &TestDb) -> World {
    let state = state(db);
    app::demo::load(&state.db).await.unwrap();
    World {
        essex: org_id(&state, "essex-county-council").await,
        whynot: org_id(&state, "whynot").await,
        sesurg: org_id(&state, "se-surg").await,
        helen: actor_for(&state, "helen.carter@essex-council.example").await,
        sam: actor_for(&state, "sam.okafor@msenhs.example").await,
        margaret: actor_for(&state, "margaret@whynot.example").await,
        dennis: actor_for(&state, "dennis@whynot.example").await,
        priya: actor_for(&state, "priya@se-surg.example").await,
        tom: actor_for(&state, "tom@se-surg.example").await,
        joan: actor_for(&state, "joan@trainee.example").await,
        trainer: actor_for(&state, "ruth.palmer@aru.example").await,
        state,
    }
}

/// A published brief from Essex County Council.
async fn published_brief(w: &World, title: &str) -> i64 {
    let id = briefs::save_brief(&w.state.db, &w.helen, w.essex, None, &good_brief(title)).await.unwrap();
    briefs::brief_step(&w.state, &w.helen, id, BriefStep::Publish).await.unwrap();
    id
}

/// A submitted response from a group's coordinator.
async fn submitted_response(w: &World, brief_id: i64, coordinator: &Actor, group: i64) -> i64 {
    let id = responses::start_response(&w.state.db, coordinator, brief_id, group).await.unwrap();
    responses::save_response(&w.state.db, coordinator, id, &good_response()).await.unwrap();
    responses::submit_response(&w.state, coordinator, id).await.unwrap();
    id
}

#[tokio::test]
async fn a_bad_brief_is_refused_field_by_field_and_nothing_is_saved() {
    for db in all_backends().await {
        let w = world(&db).await;
        let before = count(&w.state, "SELECT COUNT(*) FROM briefs").await;
        let mut input = good_brief("");
        input.about_whom = "martians".into();
        input.budget_min = "lots".into();
        input.responses_due = date_in(50);
        input.start_date = date_in(40);
        input.contact_email = "not-an-address".into();
        let error = briefs::save_brief(&w.state.db, &w.helen, w.essex, None, &input).await.unwrap_err();
        let errors = error.form_errors().expect("field messages");
        for field in ["title", "about_whom", "budget_min", "start_date", "contact_email"] {
            assert!(errors.message_for(field).is_some(), "{field} should have a message: {errors:?}");
        }
        assert!(errors.message_for("summary").is_none());
        assert_eq!(errors.value_for("budget_min"), Some("lots"), "what was typed is kept");
        assert_eq!(errors.value_for("contact_email"), Some("not-an-address"));

        let mut input = good_brief("Reversed budget");
        input.budget_min = "9000".into();
        input.budget_max = "100".into();
        let error = briefs::save_brief(&w.state.db, &w.helen, w.essex, None, &input).await.unwrap_err();
        assert!(error.form_errors().unwrap().message_for("budget_max").is_some());
        assert_eq!(count(&w.state, "SELECT COUNT(*) FROM briefs").await, before, "nothing saved");
        db.close().await;
    }
}

#[tokio::test]
async fn brief_state_machine_and_visibility() {
    for db in all_backends().await {
        let w = world(&db).await;
        let id = briefs::save_brief(&w.state.db, &w.helen, w.essex, None, &good_brief("Library visits")).await.unwrap();
        let page = briefs::brief_page(&w.state.db, &w.helen, id).await.unwrap();
        assert_eq!(page.state, BriefState::Draft);
        assert_eq!(page.fields.budget_min_pence, 500_000);
        assert_eq!(page.fields.budget_max_pence, 800_050);
        assert!(page.background_html.contains("<strong>a third</strong>"));
        assert!(!page.background_html.contains("<script"), "background Markdown is sanitised");

        // A draft stays inside the commissioning body.
        for outsider in [&w.sam, &w.margaret, &w.dennis, &w.joan, &w.trainer] {
            assert_eq!(briefs::brief_page(&w.state.db, outsider, id).await.unwrap_err(), AppError::NotFound);
        }
        let open = |actor: &Actor| {
            let db = w.state.db.clone();
            let actor = actor.clone();
            async move { listing::list_briefs(&db, &actor, &BriefFilter::default()).await.map(|l| l.briefs.items.iter().any(|b| b.id == id)) }
        };
        assert!(!open(&w.dennis).await.unwrap());

        // Editing: the body's commissioner only, and only while a draft.
        let mut changed = good_brief("Library visits in Colchester");
        assert_eq!(briefs::save_brief(&w.state.db, &w.sam, 0, Some(id), &changed).await.unwrap_err(), AppError::NotFound);
        briefs::save_brief(&w.state.db, &w.helen, 0, Some(id), &changed).await.unwrap();
        assert_eq!(briefs::brief_step(&w.state, &w.sam, id, BriefStep::Publish).await.unwrap_err(), AppError::NotFound);
        assert_eq!(briefs::brief_step(&w.state, &w.margaret, id, BriefStep::Publish).await.unwrap_err(), AppError::NotFound);
        briefs::brief_step(&w.state, &w.helen, id, BriefStep::Publish).await.unwrap();

        // Published: every group member sees it; another commissioning body and a trainee do not.
        assert!(open(&w.dennis).await.unwrap());
        assert!(briefs::brief_page(&w.state.db, &w.tom, id).await.is_ok());
        assert_eq!(briefs::brief_page(&w.state.db, &w.sam, id).await.unwrap_err(), AppError::NotFound);
        assert!(!open(&w.sam).await.unwrap());
        assert_eq!(open(&w.joan).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(briefs::brief_page(&w.state.db, &w.joan, id).await.unwrap_err(), AppError::NotFound);
        assert_eq!(
            briefs::brief_step(&w.state, &w.margaret, id, BriefStep::Close).await.unwrap_err(),
            AppError::NotAllowed,
            "a group member sees the brief but cannot close it"
        );

        // The groups that opted in (WhyNot! in the demo) were e-mailed; SE-SURG was not.
        let sent = w.state.mailer.sent();
        assert!(sent.iter().any(|m| m.to.contains("dennis@whynot.example") && m.subject.contains("Library visits in Colchester")));
        assert!(!sent.iter().any(|m| m.to.contains("tom@se-surg.example") && m.subject.contains("New research brief")));

        // Only drafts change; published briefs close, closed ones cannot be published again.
        changed.title = "Too late".into();
        assert!(matches!(briefs::save_brief(&w.state.db, &w.helen, 0, Some(id), &changed).await, Err(AppError::Refused(_))));
        assert!(matches!(briefs::brief_step(&w.state, &w.helen, id, BriefStep::Publish).await, Err(AppError::Refused(_))));
        briefs::brief_step(&w.state, &w.helen, id, BriefStep::Close).await.unwrap();
        assert_eq!(briefs::brief_page(&w.state.db, &w.helen, id).await.unwrap().state, BriefState::Closed);
        briefs::brief_step(&w.state, &w.helen, id, BriefStep::Withdraw).await.unwrap();
        assert!(matches!(briefs::brief_step(&w.state, &w.helen, id, BriefStep::Close).await, Err(AppError::Refused(_))));
        db.close().await;
    }
}

#[tokio::test]
async fn questions_are_answered_for_every_group_without_naming_the_asker() {
    for db in all_backends().await {
        let w = world(&db).await;
        let id = published_brief(&w, "Questions brief").await;
        let blank = questions::ask_question(&w.state, &w.dennis, id, "  ").await.unwrap_err();
        assert!(blank.form_errors().unwrap().message_for("question").is_some());
        questions::ask_question(&w.state, &w.dennis, id, "Can we interview people in care homes?").await.unwrap();
        assert_eq!(
            questions::ask_question(&w.state, &w.helen, id, "Talking to myself").await.unwrap_err(),
            AppError::NotAllowed
        );
        assert_eq!(questions::ask_question(&w.state, &w.joan, id, "Hello?").await.unwrap_err(), AppError::NotFound);

        let page = briefs::brief_page(&w.state.db, &w.helen, id).await.unwrap();
        let question = page.questions[0].id;
        assert_eq!(questions::answer_question(&w.state, &w.dennis, question, "Yes").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(questions::answer_question(&w.state, &w.sam, question, "Yes").await.unwrap_err(), AppError::NotFound);
        questions::answer_question(&w.state, &w.helen, question, "Yes, if they moved there recently.").await.unwrap();

        let for_sesurg = briefs::brief_page(&w.state.db, &w.tom, id).await.unwrap();
        assert_eq!(for_sesurg.questions[0].answer.as_deref(), Some("Yes, if they moved there recently."));
        assert!(!for_sesurg.questions[0].asked_by_my_group, "another group is not told who asked");
        let for_whynot = briefs::brief_page(&w.state.db, &w.margaret, id).await.unwrap();
        assert!(for_whynot.questions[0].asked_by_my_group);
        let mail = w.state.mailer.sent();
        assert!(mail.iter().any(|m| m.to.contains("dennis@whynot.example") && m.subject.contains("has been answered")));
        db.close().await;
    }
}

#[tokio::test]
async fn a_response_from_draft_to_award_creates_the_project() {
    for db in all_backends().await {
        let w = world(&db).await;
        let brief = published_brief(&w, "Full journey").await;

        // Only the coordinator starts and writes the response.
        assert_eq!(responses::start_response(&w.state.db, &w.dennis, brief, w.whynot).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(responses::start_response(&w.state.db, &w.priya, brief, w.whynot).await.unwrap_err(), AppError::NotFound);
        let response = responses::start_response(&w.state.db, &w.margaret, brief, w.whynot).await.unwrap();
        assert_eq!(responses::start_response(&w.state.db, &w.margaret, brief, w.whynot).await.unwrap(), response, "one per group");

        let mut bad = good_response();
        bad.peer_hours = "lots".into();
        bad.other = "50".into();
        let error = responses::save_response(&w.state.db, &w.margaret, response, &bad).await.unwrap_err();
        let errors = error.form_errors().unwrap();
        assert!(errors.message_for("peer_hours").is_some());
        assert!(errors.message_for("other_note").is_some(), "other costs need a note");
        assert!(matches!(responses::submit_response(&w.state, &w.margaret, response).await, Err(AppError::Refused(_))), "empty draft");

        responses::save_response(&w.state.db, &w.margaret, response, &good_response()).await.unwrap();
        assert_eq!(responses::save_response(&w.state.db, &w.dennis, response, &good_response()).await.unwrap_err(), AppError::NotAllowed);
        let page = responses::response_page(&w.state.db, &w.dennis, response).await.unwrap();
        assert_eq!(page.total_pence, 100 * 1_500 + 40_000 + 150_050);
        let (stored,): (i64,) = sqlx::query_as("SELECT total_pence FROM responses WHERE id = $1").bind(response).fetch_one(&w.state.db).await.unwrap();
        assert_eq!(stored, 340_050, "the total is worked out by the server and stored in pence");

        // Members comment; other groups and the commissioner cannot even see the draft.
        responses::comment_on_response(&w.state.db, &w.dennis, response, "Add the mobile library.").await.unwrap();
        assert_eq!(responses::response_page(&w.state.db, &w.dennis, response).await.unwrap().comments.len(), 1);
        for outsider in [&w.priya, &w.tom, &w.helen, &w.sam, &w.joan] {
            assert_eq!(responses::response_page(&w.state.db, outsider, response).await.unwrap_err(), AppError::NotFound);
            assert_eq!(
                responses::comment_on_response(&w.state.db, outsider, response, "hi").await.unwrap_err(),
                AppError::NotFound
            );
        }

        assert_eq!(responses::submit_response(&w.state, &w.dennis, response).await.unwrap_err(), AppError::NotAllowed);
        responses::submit_response(&w.state, &w.margaret, response).await.unwrap();
        assert!(w.state.mailer.sent().iter().any(|m| m.to.contains("helen.carter@essex-council.example") && m.subject.contains("WhyNot! responded")));
        assert!(w.state.mailer.sent().iter().any(|m| m.to.contains("dennis@whynot.example") && m.subject.contains("has been sent")), "the group hears too");
        assert!(matches!(responses::save_response(&w.state.db, &w.margaret, response, &good_response()).await, Err(AppError::Refused(_))));

        // The commissioner sees it now, but not the group's comments; SE-SURG responds too.
        let seen = responses::response_page(&w.state.db, &w.helen, response).await.unwrap();
        assert!(seen.comments.is_empty(), "group comments stay inside the group");
        let rival = submitted_response(&w, brief, &w.priya, w.sesurg).await;
        assert_eq!(responses::response_page(&w.state.db, &w.margaret, rival).await.unwrap_err(), AppError::NotFound);

        let decisions = decisions::decisions_page(&w.state.db, &w.helen, brief).await.unwrap();
        assert_eq!(decisions.responses.len(), 2);
        assert_eq!(decisions::decisions_page(&w.state.db, &w.margaret, brief).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(decisions::decisions_page(&w.state.db, &w.sam, brief).await.unwrap_err(), AppError::NotFound);

        // Shortlist and clarification.
        decisions::set_shortlisted(&w.state.db, &w.helen, response, true).await.unwrap();
        assert_eq!(decisions::set_shortlisted(&w.state.db, &w.margaret, response, true).await.unwrap_err(), AppError::NotAllowed);
        decisions::ask_clarification(&w.state, &w.helen, response, "Which villages?").await.unwrap();
        assert!(w.state.mailer.sent().iter().any(|m| m.to.contains("margaret@whynot.example") && m.subject.contains("clarification")));
        let clarification = responses::response_page(&w.state.db, &w.margaret, response).await.unwrap().clarifications[0].id;
        assert_eq!(
            decisions::answer_clarification(&w.state, &w.dennis, clarification, "x").await.unwrap_err(),
            AppError::NotAllowed
        );
        decisions::answer_clarification(&w.state, &w.margaret, clarification, "Tiptree, Coggeshall and Dedham.").await.unwrap();
        let decisions = decisions::decisions_page(&w.state.db, &w.helen, brief).await.unwrap();
        let mine = decisions.responses.iter().find(|r| r.id == response).unwrap();
        assert!(mine.shortlisted);
        assert_eq!(mine.clarifications[0].answer.as_deref(), Some("Tiptree, Coggeshall and Dedham."));

        // Award: feedback is needed for the others; then the project exists.
        assert_eq!(award::award(&w.state, &w.margaret, response, "x").await.unwrap_err(), AppError::NotAllowed);
        let needs = award::award(&w.state, &w.helen, response, "").await.unwrap_err();
        assert!(needs.form_errors().unwrap().message_for("feedback").is_some());
        let project = award::award(&w.state, &w.helen, response, "Strong, but the budget was high.").await.unwrap();
        assert_eq!(briefs::brief_page(&w.state.db, &w.helen, brief).await.unwrap().state, BriefState::Awarded);
        let won = responses::response_page(&w.state.db, &w.margaret, response).await.unwrap();
        assert_eq!(won.state, ResponseState::Awarded);
        assert_eq!(won.project_id, Some(project));
        let lost = responses::response_page(&w.state.db, &w.priya, rival).await.unwrap();
        assert_eq!(lost.state, ResponseState::Declined);
        assert_eq!(lost.feedback, "Strong, but the budget was high.");
        assert!(matches!(responses::withdraw_response(&w.state.db, &w.priya, rival).await, Err(AppError::Refused(_))), "no withdrawal after a decision");

        let page = app::projects::service::project_page(&w.state.db, &w.dennis, project).await.unwrap();
        assert_eq!(page.stage, "agreed");
        assert_eq!(page.lead_name, "Margaret Ellis");
        assert_eq!(page.contact_name, "Helen Carter");
        assert_eq!(page.total_pence, 340_050);
        assert!(app::projects::service::project_page(&w.state.db, &w.helen, project).await.is_ok());
        for outsider in [&w.tom, &w.sam, &w.joan] {
            assert_eq!(app::projects::service::project_page(&w.state.db, outsider, project).await.unwrap_err(), AppError::NotFound);
        }
        let sent = w.state.mailer.sent();
        assert!(sent.iter().any(|m| m.to.contains("dennis@whynot.example") && m.subject.contains("has been awarded")));
        assert!(sent.iter().any(|m| m.to.contains("tom@se-surg.example") && m.text.contains("Strong, but the budget was high.")));

        // Tracking pages.
        let tracking = tracking_with_commissions(&w.state.db, &w.margaret, PageNumber(1)).await.unwrap();
        let group = tracking.groups.iter().find(|g| g.organisation_id == w.whynot).unwrap();
        assert!(group.responses.items.iter().any(|r| r.response_id == response && r.state == ResponseState::Awarded));
        assert!(group.projects.items.iter().any(|p| p.id == project));
        let tracking = tracking::tracking(&w.state.db, &w.helen, PageNumber(1)).await.unwrap();
        let mine = tracking.commissioners[0].briefs.items.iter().find(|b| b.id == brief).unwrap();
        assert_eq!(mine.response_count, 2);
        assert_eq!(tracking::tracking(&w.state.db, &w.joan, PageNumber(1)).await.unwrap_err(), AppError::NotAllowed);
        db.close().await;
    }
}

#[tokio::test]
async fn the_deadline_and_withdrawals_are_enforced_by_the_server() {
    for db in all_backends().await {
        let w = world(&db).await;
        let brief = published_brief(&w, "Deadline brief").await;
        let response = responses::start_response(&w.state.db, &w.margaret, brief, w.whynot).await.unwrap();
        responses::save_response(&w.state.db, &w.margaret, response, &good_response()).await.unwrap();

        // Time passes: the closing date was yesterday.
        sqlx::query("UPDATE briefs SET responses_due = $1 WHERE id = $2").bind(date_in(-1)).bind(brief).execute(&w.state.db).await.unwrap();
        let late = responses::submit_response(&w.state, &w.margaret, response).await.unwrap_err();
        assert!(matches!(late, AppError::Refused(ref m) if m.contains("closed")), "{late:?}");
        assert!(matches!(responses::start_response(&w.state.db, &w.priya, brief, w.sesurg).await, Err(AppError::Refused(_))));
        let (state,): (String,) = sqlx::query_as("SELECT state FROM responses WHERE id = $1").bind(response).fetch_one(&w.state.db).await.unwrap();
        assert_eq!(state, "draft");
        assert!(listing::list_briefs(&w.state.db, &w.dennis, &BriefFilter::default()).await.unwrap().briefs.items.iter().all(|b| b.id != brief));
        let closed = BriefFilter { status: "closed".into(), ..Default::default() };
        assert!(listing::list_briefs(&w.state.db, &w.dennis, &closed).await.unwrap().briefs.items.iter().any(|b| b.id == brief));

        // A withdrawn response cannot be awarded; a withdrawn brief cannot be awarded.
        let other = published_brief(&w, "Withdrawal brief").await;
        let r1 = submitted_response(&w, other, &w.margaret, w.whynot).await;
        let r2 = submitted_response(&w, other, &w.priya, w.sesurg).await;
        assert_eq!(responses::withdraw_response(&w.state.db, &w.dennis, r1).await.unwrap_err(), AppError::NotAllowed);
        responses::withdraw_response(&w.state.db, &w.margaret, r1).await.unwrap();
        assert!(matches!(award::award(&w.state, &w.helen, r1, "").await, Err(AppError::Refused(ref m)) if m.contains("withdrawn")));
        briefs::brief_step(&w.state, &w.helen, other, BriefStep::Withdraw).await.unwrap();
        assert!(matches!(award::award(&w.state, &w.helen, r2, "").await, Err(AppError::Refused(_))));
        assert_eq!(count(&w.state, "SELECT COUNT(*) FROM projects WHERE brief_id IN (SELECT id FROM briefs WHERE title = 'Withdrawal brief')").await, 0);
        db.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_commissioners_awarding_at_once_make_one_award() {
    for db in all_backends().await {
        let w = world(&db).await;
        // A second commissioner in the same body.
        let helen_id = w.helen.user_id;
        let second: i64 = {
            let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'sam.okafor@msenhs.example'").fetch_one(&w.state.db).await.unwrap();
            sqlx::query("INSERT INTO memberships (organisation_id, user_id, role, is_lead, created_at) VALUES ($1, $2, 'commissioner', 0, 0)")
                .bind(w.essex)
                .bind(id)
                .execute(&w.state.db)
                .await
                .unwrap();
            id
        };
        assert_ne!(helen_id, second);
        let sam_in_essex = actor_for(&w.state, "sam.okafor@msenhs.example").await;
        for round in 0..5 {
            let brief = published_brief(&w, &format!("Race {round}")).await;
            let a = submitted_response(&w, brief, &w.margaret, w.whynot).await;
            let b = submitted_response(&w, brief, &w.priya, w.sesurg).await;
            // Two tasks on two threads, started together.
            let (state_a, state_b) = (w.state.clone(), w.state.clone());
            let (helen, sam) = (w.helen.clone(), sam_in_essex.clone());
            let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
            let (barrier_a, barrier_b) = (barrier.clone(), barrier.clone());
            let first = tokio::spawn(async move {
                barrier_a.wait().await;
                award::award(&state_a, &helen, a, "Thank you.").await
            });
            let second = tokio::spawn(async move {
                barrier_b.wait().await;
                award::award(&state_b, &sam, b, "Thank you.").await
            });
            let (first, second) = (first.await.unwrap(), second.await.unwrap());
            let wins = [first.is_ok(), second.is_ok()].iter().filter(|ok| **ok).count();
            assert_eq!(wins, 1, "exactly one award on {}: {first:?} / {second:?}", db.backend);
            let loser = if first.is_ok() { second } else { first };
            assert!(matches!(loser, Err(AppError::Refused(_))), "{loser:?}");
            let projects: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM projects WHERE brief_id = $1").bind(brief).fetch_one(&w.state.db).await.unwrap();
            assert_eq!(projects.0, 1);
            let awarded: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM responses WHERE brief_id = $1 AND state = 'awarded'")
                .bind(brief)
                .fetch_one(&w.state.db)
                .await
                .unwrap();
            assert_eq!(awarded.0, 1);
        }
        db.close().await;
    }
}

#[tokio::test]
async fn browsing_filters_and_demo_data() {
    for db in all_backends().await {
        let w = world(&db).await;
        let briefs = count(&w.state, "SELECT COUNT(*) FROM briefs").await;
        let projects = count(&w.state, "SELECT COUNT(*) FROM projects").await;
        app::demo::load(&w.state.db).await.unwrap();
        assert_eq!(count(&w.state, "SELECT COUNT(*) FROM briefs").await, briefs, "demo data loads twice without duplicates");
        assert_eq!(count(&w.state, "SELECT COUNT(*) FROM projects").await, projects);
        assert!(projects >= 1, "an awarded demo brief with its project");
        assert!(count(&w.state, "SELECT COUNT(*) FROM responses WHERE state = 'draft'").await >= 1, "a demo response in draft");

        let newest = published_brief(&w, "Newest brief").await;
        let open = listing::list_briefs(&w.state.db, &w.dennis, &BriefFilter::default()).await.unwrap().briefs.items;
        assert!(open.len() >= 3);
        assert_eq!(open[0].id, newest, "newest first");
        assert!(open.iter().all(|b| b.state == BriefState::Published && !b.time_left.is_empty()));
        assert!(open[0].time_left.contains("days left"), "{}", open[0].time_left);

        let carers = BriefFilter { about: "carers".into(), ..Default::default() };
        let found = listing::list_briefs(&w.state.db, &w.dennis, &carers).await.unwrap().briefs.items;
        assert!(!found.is_empty() && found.iter().all(|b| b.about_whom == "Carers"));

        let soon = BriefFilter { closing_before: date_in(15), ..Default::default() };
        let found = listing::list_briefs(&w.state.db, &w.dennis, &soon).await.unwrap().briefs.items;
        assert!(found.iter().any(|b| b.title.starts_with("How carers")));
        assert!(found.iter().all(|b| b.id != newest), "the newest closes in 20 days");

        // Both filters at once; the count ("1 to N of N") counts the same briefs the page shows.
        let both = BriefFilter { about: "carers".into(), closing_before: date_in(15), ..Default::default() };
        let found = listing::list_briefs(&w.state.db, &w.dennis, &both).await.unwrap().briefs;
        assert!(found.items.iter().any(|b| b.title.starts_with("How carers")));
        assert!(found.items.iter().all(|b| b.about_whom == "Carers" && b.id != newest));
        assert_eq!(found.total, found.items.len() as i64);

        let nonsense = BriefFilter { closing_before: "someday".into(), ..Default::default() };
        assert!(listing::list_briefs(&w.state.db, &w.dennis, &nonsense).await.unwrap().filter_problem.is_some());

        let awarded = BriefFilter { status: "awarded".into(), ..Default::default() };
        assert!(listing::list_briefs(&w.state.db, &w.tom, &awarded).await.unwrap().briefs.items.iter().all(|b| b.state == BriefState::Awarded));

        // Alerts: coordinators only.
        assert_eq!(tracking::set_alerts(&w.state.db, &w.tom, w.sesurg, true).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(tracking::set_alerts(&w.state.db, &w.margaret, w.sesurg, true).await.unwrap_err(), AppError::NotFound);
        tracking::set_alerts(&w.state.db, &w.priya, w.sesurg, true).await.unwrap();
        tracking::set_alerts(&w.state.db, &w.priya, w.sesurg, true).await.unwrap();
        published_brief(&w, "Alert brief").await;
        assert!(w.state.mailer.sent().iter().any(|m| m.to.contains("tom@se-surg.example") && m.subject.contains("Alert brief")));
        tracking::set_alerts(&w.state.db, &w.priya, w.sesurg, false).await.unwrap();
        assert!(!tracking::tracking(&w.state.db, &w.priya, PageNumber(1)).await.unwrap().groups[0].alerts_on);
        db.close().await;
    }
}

/// Every service behind a server function, tried by a commissioner of another body, a
/// member and a coordinator of another group, and a trainee who is in no group.
#[tokio::test]
async fn every_action_refuses_people_outside_it() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let brief = published_brief(&w, "Refusals brief").await;
        let draft_brief = briefs::save_brief(&s.db, &w.helen, w.essex, None, &good_brief("Refusals draft")).await.unwrap();
        let response = submitted_response(&w, brief, &w.margaret, w.whynot).await;
        questions::ask_question(s, &w.dennis, brief, "A question?").await.unwrap();
        let question = briefs::brief_page(&s.db, &w.helen, brief).await.unwrap().questions[0].id;
        decisions::ask_clarification(s, &w.helen, response, "Which villages?").await.unwrap();
        let clarification = responses::response_page(&s.db, &w.helen, response).await.unwrap().clarifications[0].id;

        for (who, actor) in [("another body", &w.sam), ("another group's coordinator", &w.priya), ("another group's member", &w.tom), ("a trainee", &w.joan)] {
            let refused = |result: Result<(), AppError>, what: &str| {
                assert!(
                    matches!(result, Err(AppError::NotFound | AppError::NotAllowed)),
                    "{what} by {who} should be refused, got {result:?}"
                );
            };
            refused(briefs::brief_page(&s.db, actor, draft_brief).await.map(|_| ()), "seeing a draft brief");
            refused(briefs::brief_for_editing(&s.db, actor, brief).await.map(|_| ()), "editing a brief");
            refused(briefs::save_brief(&s.db, actor, w.essex, None, &good_brief("Not theirs")).await.map(|_| ()), "drafting for Essex");
            refused(briefs::save_brief(&s.db, actor, 0, Some(draft_brief), &good_brief("Not theirs")).await.map(|_| ()), "changing a draft");
            for step in [BriefStep::Publish, BriefStep::Close, BriefStep::Withdraw] {
                refused(briefs::brief_step(s, actor, draft_brief, step).await, "changing a brief's state");
            }
            refused(questions::answer_question(s, actor, question, "An answer").await.map(|_| ()), "answering a question");
            refused(responses::start_response(&s.db, actor, brief, w.whynot).await.map(|_| ()), "starting WhyNot!'s response");
            refused(responses::response_page(&s.db, actor, response).await.map(|_| ()), "reading WhyNot!'s response");
            refused(responses::save_response(&s.db, actor, response, &good_response()).await, "changing WhyNot!'s response");
            refused(responses::submit_response(s, actor, response).await, "sending WhyNot!'s response");
            refused(responses::withdraw_response(&s.db, actor, response).await.map(|_| ()), "withdrawing WhyNot!'s response");
            refused(responses::comment_on_response(&s.db, actor, response, "Hello").await, "commenting");
            refused(decisions::decisions_page(&s.db, actor, brief).await.map(|_| ()), "seeing the decisions page");
            refused(decisions::set_shortlisted(&s.db, actor, response, true).await.map(|_| ()), "shortlisting");
            refused(decisions::ask_clarification(s, actor, response, "Why?").await.map(|_| ()), "asking for clarification");
            refused(decisions::answer_clarification(s, actor, clarification, "Because").await.map(|_| ()), "answering a clarification");
            refused(award::award(s, actor, response, "").await.map(|_| ()), "awarding");
            refused(tracking::set_alerts(&s.db, actor, w.whynot, true).await, "changing WhyNot!'s e-mails");
        }
        // A trainee cannot browse, ask, track or list projects at all.
        assert_eq!(questions::ask_question(s, &w.joan, brief, "Hello?").await.unwrap_err(), AppError::NotFound);
        assert_eq!(tracking::tracking(&s.db, &w.joan, PageNumber(1)).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(app::projects::service::list_projects(&s.db, &w.joan, PageNumber(1)).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(questions::ask_question(s, &w.sam, brief, "From another body").await.unwrap_err(), AppError::NotFound);
        // Nothing changed along the way.
        let (state,): (String,) = sqlx::query_as("SELECT state FROM responses WHERE id = $1").bind(response).fetch_one(&s.db).await.unwrap();
        assert_eq!(state, "submitted");
        assert_eq!(briefs::brief_page(&s.db, &w.helen, draft_brief).await.unwrap().state, BriefState::Draft);
        let answers: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM brief_questions WHERE brief_id = $1 AND answer IS NOT NULL")
            .bind(brief)
            .fetch_one(&s.db)
            .await
            .unwrap();
        assert_eq!(answers.0, 0);
        db.close().await;
    }
}

/// A brief written straight into the database, for building mixed data sets quickly.
async fn raw_brief(w: &World, body: i64, state: &str, published_at: Option<i64>, due_in: i64, about: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO briefs (organisation_id, title, summary, questions, about_whom, outputs, budget_min_pence, budget_max_pence, \
         responses_due, start_date, report_due, contact_name, contact_email, state, published_at, created_at, updated_at) \
         VALUES ($1, $2, 'A summary', 'Questions', $3, 'A report', 100000, 200000, $4, $5, $6, 'A contact', 'contact@example.org', \
         $7, $8, 1, 1) RETURNING id",
    )
    .bind(body)
    .bind(format!("Mixed {state} brief {}", app::platform::crypto::random_token()))
    .bind(about)
    .bind(date_in(due_in))
    .bind(date_in(due_in + 30))
    .bind(date_in(due_in + 200))
    .bind(state)
    .bind(published_at)
    .fetch_one(&w.state.db)
    .await
    .unwrap();
    id
}

/// A person who is both in a research group and a commissioner (Tom, made a commissioner at Essex).
async fn group_member_and_commissioner(w: &World) -> Actor {
    sqlx::query("INSERT INTO memberships (organisation_id, user_id, role, is_lead, created_at) VALUES ($1, $2, 'commissioner', 0, 0)")
        .bind(w.essex)
        .bind(w.tom.user_id)
        .execute(&w.state.db)
        .await
        .unwrap();
    actor_for(&w.state, "tom@se-surg.example").await
}

#[derive(sqlx::FromRow)]
struct RawBrief {
    id: i64,
    organisation_id: i64,
    state: String,
    published_at: Option<i64>,
    responses_due: String,
    about_whom: String,
}

/// The list of briefs, page by page, is exactly what `authz::may` allows of every brief,
/// with the filters, newest published first: the SQL filter and the rules agree.
#[tokio::test]
async fn the_briefs_list_filters_in_sql_as_the_rules_do() {
    use app::authz::{commissioning::CommissioningAction, Action};
    for db in all_backends().await {
        let w = world(&db).await;
        let nhs = org_id(&w.state, "mid-and-south-essex-nhs").await;
        // A mixed set: every state, both bodies, open and past closing dates, two subjects,
        // more than a page of them.
        let states: [(&str, bool); 6] =
            [("published", true), ("published", true), ("closed", true), ("awarded", true), ("withdrawn", true), ("draft", false)];
        for n in 0..36_i64 {
            let (state, published) = states[(n % 6) as usize];
            let body = if n % 4 == 0 { nhs } else { w.essex };
            let due = if n % 5 == 0 { -3 } else { 10 + n };
            let about = if n % 3 == 0 { "carers" } else { "older_people" };
            // Some share a publishing time, so the order falls back to the newest id.
            raw_brief(&w, body, state, published.then_some(1_000 + n / 2), due, about).await;
        }
        raw_brief(&w, w.essex, "withdrawn", None, 10, "carers").await;
        let mixed = group_member_and_commissioner(&w).await;
        let raw = sqlx::query_as::<_, RawBrief>(
            "SELECT id, organisation_id, state, published_at, responses_due, about_whom FROM briefs",
        )
        .fetch_all(&w.state.db)
        .await
        .unwrap();
        let today = app::platform::time::today();
        for (who, actor) in [("a member", &w.dennis), ("a coordinator", &w.margaret), ("Essex", &w.helen), ("the NHS", &w.sam), ("both", &mixed)] {
            for status in ["", "closed", "awarded", "all"] {
                for about in ["", "carers"] {
                    let mut expected: Vec<&RawBrief> = raw
                        .iter()
                        .filter(|b| {
                            let due = b.responses_due.as_str();
                            let status_ok = match status {
                                "closed" => b.state == "closed" || (b.state == "published" && due < today.as_str()),
                                "awarded" => b.state == "awarded",
                                "all" => ["published", "closed", "awarded"].contains(&b.state.as_str()),
                                _ => b.state == "published" && due >= today.as_str(),
                            };
                            let state = BriefState::parse(&b.state).unwrap();
                            let seen_by_groups = state.seen_by_groups(b.published_at.is_some());
                            let view = CommissioningAction::ViewBrief { organisation_id: b.organisation_id, seen_by_groups };
                            status_ok
                                && b.published_at.is_some()
                                && (about.is_empty() || b.about_whom == about)
                                && app::authz::may(actor, &Action::Commissioning(view))
                        })
                        .collect();
                    expected.sort_by_key(|b| std::cmp::Reverse((b.published_at, b.id)));
                    let expected: Vec<i64> = expected.iter().map(|b| b.id).collect();

                    let mut listed = Vec::new();
                    let mut page = 1;
                    loop {
                        let filter = BriefFilter { status: status.into(), about: about.into(), page, ..Default::default() };
                        let list = listing::list_briefs(&w.state.db, actor, &filter).await.unwrap();
                        assert_eq!(list.briefs.total, expected.len() as i64, "{who}, {status:?}, {about:?}: the count");
                        assert!(list.briefs.items.len() <= 25, "pages of 25");
                        for b in &list.briefs.items {
                            let owner = app::authz::may(actor, &Action::Commissioning(CommissioningAction::Decide { organisation_id: if b.commissioner == "Essex County Council" { w.essex } else { nhs } }));
                            assert!(owner || b.response_count == 0, "response counts are for the brief's own commissioners");
                        }
                        listed.extend(list.briefs.items.iter().map(|b| b.id));
                        if page >= list.briefs.pages() {
                            break;
                        }
                        page += 1;
                    }
                    assert_eq!(listed, expected, "{who}, status {status:?}, about {about:?}: SQL and authz::may agree");
                }
            }
        }
        assert!(raw.len() > 25 + 6, "the data set fills more than a page");
        db.close().await;
    }
}

/// An awarded brief and a submitted response, written straight into the database, made
/// into a project the way an award does.
async fn raw_project(w: &World, group: i64, body: i64, n: i64) -> i64 {
    let brief = raw_brief(w, body, "awarded", Some(500 + n), 10, "carers").await;
    let (response,): (i64,) = sqlx::query_as(
        "INSERT INTO responses (brief_id, organisation_id, state, submitted_at, created_at, updated_at) \
         VALUES ($1, $2, 'awarded', 1, 1, 1) RETURNING id",
    )
    .bind(brief)
    .bind(group)
    .fetch_one(&w.state.db)
    .await
    .unwrap();
    let terms = app::projects::AwardTerms {
        brief_id: brief,
        response_id: response,
        title: format!("Project {n}"),
        group_id: group,
        commissioner_organisation_id: body,
        contact_user_id: None,
        contact_name: "A contact".into(),
        contact_email: "contact@example.org".into(),
        lead_user_id: None,
        brief_summary: "A summary".into(),
        brief_questions: "Questions".into(),
        brief_outputs: "A report".into(),
        start_date: date_in(40),
        report_due: date_in(200),
        work: app::projects::AgreedWork::default(),
        // Some share a day, so the order falls back to the newest id.
        agreed_at: 10_000 + n / 3,
    };
    let mut tx = w.state.db.begin().await.unwrap();
    let id = app::projects::service::create_from_award(&mut tx, &terms).await.unwrap();
    tx.commit().await.unwrap();
    id
}

#[derive(sqlx::FromRow)]
struct RawProject {
    id: i64,
    organisation_id: i64,
    commissioner_organisation_id: i64,
    created_at: i64,
}

/// The list of projects, page by page, is exactly what `authz::may` allows of every
/// project, newest first; and a project keeps the terms agreed at the award.
#[tokio::test]
async fn the_projects_list_filters_in_sql_as_the_rules_do() {
    use app::authz::{projects::ProjectAction, Action};
    for db in all_backends().await {
        let w = world(&db).await;
        let nhs = org_id(&w.state, "mid-and-south-essex-nhs").await;
        let nern = org_id(&w.state, "north-essex-research-network").await;
        let groups = [w.whynot, w.sesurg, nern];
        for n in 0..40_i64 {
            raw_project(&w, groups[(n % 3) as usize], if n % 2 == 0 { w.essex } else { nhs }, n).await;
        }
        let mixed = group_member_and_commissioner(&w).await;
        // An academic supporter on two teams sees those two projects and no others.
        let (first,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM projects").fetch_one(&w.state.db).await.unwrap();
        for project in [first, first + 7] {
            sqlx::query("INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'academic_supporter', 1)")
                .bind(project)
                .bind(w.trainer.user_id)
                .execute(&w.state.db)
                .await
                .unwrap();
        }
        let team: Vec<(i64, i64, String)> = sqlx::query_as("SELECT project_id, user_id, role FROM project_team")
            .fetch_all(&w.state.db)
            .await
            .unwrap();
        let raw = sqlx::query_as::<_, RawProject>("SELECT id, organisation_id, commissioner_organisation_id, created_at FROM projects")
            .fetch_all(&w.state.db)
            .await
            .unwrap();
        for (who, actor) in [
            ("a WhyNot! member", &w.dennis),
            ("the WhyNot! coordinator", &w.margaret),
            ("the SE-SURG coordinator", &w.priya),
            ("Essex", &w.helen),
            ("the NHS", &w.sam),
            ("both", &mixed),
            ("a supporter on two teams", &w.trainer),
        ] {
            let mut expected: Vec<&RawProject> = raw
                .iter()
                .filter(|p| {
                    let team_role = team
                        .iter()
                        .find(|(project, user, _)| *project == p.id && *user == actor.user_id)
                        .and_then(|(_, _, role)| app::projects::TeamRole::parse(role));
                    let view = ProjectAction::ViewProject(app::authz::projects::ProjectFacts {
                        group_id: p.organisation_id,
                        commissioner_id: p.commissioner_organisation_id,
                        team_role,
                    });
                    app::authz::may(actor, &Action::Projects(view))
                })
                .collect();
            expected.sort_by_key(|p| std::cmp::Reverse((p.created_at, p.id)));
            let expected: Vec<i64> = expected.iter().map(|p| p.id).collect();
            let mut listed = Vec::new();
            let mut page = 1;
            loop {
                let list = app::projects::service::list_projects(&w.state.db, actor, PageNumber(page)).await.unwrap();
                assert_eq!(list.total, expected.len() as i64, "{who}: the count");
                assert!(list.items.len() <= 25);
                listed.extend(list.items.iter().map(|p| p.id));
                if page >= list.pages() {
                    break;
                }
                page += 1;
            }
            assert_eq!(listed, expected, "{who}: SQL and authz::may agree");
            assert!(!listed.is_empty());
        }
        assert_eq!(
            app::projects::service::list_projects(&w.state.db, &w.joan, PageNumber(1)).await.unwrap_err(),
            AppError::NotAllowed
        );
        db.close().await;
    }
}

#[tokio::test]
async fn a_project_keeps_what_was_agreed() {
    for db in all_backends().await {
        let w = world(&db).await;
        let brief = published_brief(&w, "Terms brief").await;
        let response = submitted_response(&w, brief, &w.margaret, w.whynot).await;
        let project = award::award(&w.state, &w.helen, response, "").await.unwrap();
        let before = app::projects::service::project_page(&w.state.db, &w.dennis, project).await.unwrap();
        assert_eq!(before.brief_summary, good_brief("x").summary);
        assert_eq!(before.response.approach, "Peer interviews in pairs.");
        assert_eq!(before.total_pence, 340_050);
        assert_eq!(before.response.costs.peer_hours, 100);
        // The brief and the response change later (say, by a correction): the project keeps its copy.
        sqlx::query("UPDATE briefs SET summary = 'Changed', report_due = '2099-01-01' WHERE id = $1").bind(brief).execute(&w.state.db).await.unwrap();
        sqlx::query("UPDATE responses SET approach = 'Changed', peer_hours = 1 WHERE id = $1").bind(response).execute(&w.state.db).await.unwrap();
        let after = app::projects::service::project_page(&w.state.db, &w.dennis, project).await.unwrap();
        assert_eq!(after, before);
        // The demo project has its terms too.
        let (demo,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM projects").fetch_one(&w.state.db).await.unwrap();
        let page = app::projects::service::project_page(&w.state.db, &w.priya, demo).await.unwrap();
        assert_eq!(page.total_pence, 920_000);
        assert_eq!(page.lead_name, "Priya Shah");
        assert_eq!(page.contact_name, "Samuel Okafor");
        db.close().await;
    }
}
