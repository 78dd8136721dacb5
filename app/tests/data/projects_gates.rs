//! Project gates against a real database: the walk from the award through planning to
//! ethics with its checklists, signatures and refusals, the e-mail when a gate is passed,
//! two people passing the same gate at once, and who may do what.

use app::accounts::service as accounts;
use app::commissioning::decisions::award;
use app::error::AppError;
use app::identity::Actor;
use app::platform::state::AppState;
use app::projects::gates::service as gates;
use app::projects::plan::milestones::{self, MilestoneInput};
use app::projects::plan::{calendar, review, service as plan};
use app::projects::team::service as team;
use app::projects::Stage;

use crate::support::*;

pub(crate) struct World {
    pub state: AppState,
    pub project: i64,
    pub margaret: Actor,
    pub dennis: Actor,
    pub helen: Actor,
    pub priya: Actor,
    pub tom: Actor,
    pub nadia: Actor,
    pub joan: Actor,
}

pub(crate) async fn actor_for(state: &AppState, email: &str) -> Actor {
    let (id, ..) = accounts::find_by_email(&state.db, email).await.unwrap().expect("an account");
    accounts::load_current_user(&state.db, id).await.unwrap().unwrap().actor()
}

pub(crate) async fn count(state: &AppState, sql: &str, id: i64) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql).bind(id).fetch_one(&state.db).await.unwrap().0
}

/// The demo data, and a brief of Essex County Council's awarded to WhyNot!: a project at
/// 'agreed' led by Margaret, with Helen as the commissioner's contact.
pub(crate) async fn world(db: &TestDb) -> World {
    let state = state(db);
    app::demo::load(&state.db).await.unwrap();
    let whynot = test_support::worlds::organisation_id(&state.db, "whynot").await;
    let brief = test_support::worlds::brief_with_responses(&state.db, "essex-county-council", "Day centres", &[(whynot, "submitted")]).await;
    let helen = actor_for(&state, "helen.carter@essex-council.example").await;
    let project = award::award(&state, &helen, brief.responses[0].id, "Thank you.").await.unwrap();
    World {
        project,
        margaret: actor_for(&state, "margaret@whynot.example").await,
        dennis: actor_for(&state, "dennis@whynot.example").await,
        priya: actor_for(&state, "priya@se-surg.example").await,
        tom: actor_for(&state, "tom@se-surg.example").await,
        nadia: actor_for(&state, "nadia.bell@aru.example").await,
        joan: actor_for(&state, "joan@trainee.example").await,
        helen,
        state,
    }
}

pub(crate) fn refused_with(result: Result<impl std::fmt::Debug, AppError>, words: &[&str]) {
    match result {
        Err(AppError::Refused(message)) => {
            for w in words {
                assert!(message.contains(w), "{message:?} should mention {w:?}");
            }
        }
        other => panic!("expected a refusal mentioning {words:?}, got {other:?}"),
    }
}

async fn stage_of(w: &World) -> String {
    sqlx::query_as::<_, (String,)>("SELECT stage FROM projects WHERE id = $1").bind(w.project).fetch_one(&w.state.db).await.unwrap().0
}

/// The team and involvement the first gate needs, and both signatures.
pub(crate) async fn ready_to_start(w: &World) {
    team::add_member(&w.state.db, &w.margaret, w.project, &w.dennis.user_id.to_string(), "peer_researcher").await.unwrap();
    team::set_involvement(&w.state.db, &w.margaret, w.project, "partnership").await.unwrap();
    gates::sign(&w.state.db, &w.margaret, w.project, "agreed", "lead").await.unwrap();
    gates::sign(&w.state.db, &w.helen, w.project, "agreed", "commissioner").await.unwrap();
}

/// Every part of the plan the planning gate checks.
pub(crate) async fn write_the_plan(w: &World) {
    let db = &w.state.db;
    let (m, p) = (&w.margaret, w.project);
    plan::save_questions(db, m, p, "What helps people keep going to day centres?").await.unwrap();
    let (version,): (i64,) = sqlx::query_as("SELECT id FROM project_question_versions WHERE project_id = $1 ORDER BY id DESC LIMIT 1")
        .bind(p)
        .fetch_one(db)
        .await
        .unwrap();
    plan::agree_questions(db, m, p, version).await.unwrap();
    plan::save_methods(db, m, p, "Peer interviews.", "People over 65 who use a day centre.", "People who cannot consent.").await.unwrap();
    plan::add_target(db, m, p, "Chelmsford day centre", "10").await.unwrap();
    let input = MilestoneInput { title: "Ethics submitted".into(), due_on: "2027-03-01".into(), stage: "ethics".into() };
    milestones::add(db, m, p, &input).await.unwrap();
    plan::save_risk_plan(db, m, p, "Interviews in pairs, in public places.").await.unwrap();
    let data = plan::DataPlanInput {
        collected: "Recordings and notes.".into(),
        kept_where: "CoResearch.".into(),
        who_sees: "The peer researchers.".into(),
        retain_until: "31/12/2030".into(),
    };
    plan::save_data_plan(db, m, p, &data).await.unwrap();
}

#[tokio::test]
async fn a_project_moves_from_the_award_to_ethics_only_through_its_gates() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (db_, p) = (&w.state.db, w.project);

        // Agreed: the checklist says what is missing and the server refuses to pass.
        let o = gates::overview(db_, &w.margaret, p).await.unwrap();
        let gate = o.gate.clone().unwrap();
        assert_eq!((gate.from.as_str(), gate.to.as_str()), ("agreed", "planning"));
        assert_eq!(gate.criteria.iter().filter(|c| !c.met).count(), 2, "a lead is there from the award: {:?}", gate.criteria);
        assert!(gate.can_pass && !gate.ready);
        assert_eq!(gate.can_sign_as, vec![app::projects::gates::Signer::Lead]);
        refused_with(
            gates::pass(&w.state, &w.margaret, p, "agreed", "").await,
            &["peer researcher", "level of involvement", "signature of the project lead", "signature of the commissioner"],
        );
        // Only the commissioning body signs as the commissioner; only the lead as the lead.
        assert_eq!(gates::sign(db_, &w.dennis, p, "agreed", "commissioner").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(gates::sign(db_, &w.helen, p, "agreed", "lead").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(gates::sign(db_, &w.margaret, p, "agreed", "supporter").await.unwrap_err(), AppError::NotAllowed);

        ready_to_start(&w).await;
        refused_with(gates::sign(db_, &w.helen, p, "agreed", "commissioner").await, &["already has the signature"]);
        assert_eq!(gates::pass(&w.state, &w.margaret, p, "agreed", "We met on Monday.").await.unwrap(), Stage::Planning);
        assert_eq!(stage_of(&w).await, "planning");
        let sent = w.state.mailer.sent();
        for to in ["margaret@whynot.example", "dennis@whynot.example", "helen.carter@essex-council.example"] {
            assert!(sent.iter().any(|m| m.to == to && m.subject.contains("now at planning")), "an e-mail to {to}");
        }
        assert_eq!(sent.iter().filter(|m| m.to == "helen.carter@essex-council.example" && m.subject.contains("now at")).count(), 1, "once each");
        // Passing again: the gate has moved on.
        refused_with(gates::pass(&w.state, &w.margaret, p, "agreed", "").await, &["already passed"]);

        // Planning: a supporter on the team must review; the plan must be complete.
        let supporter = team::SupporterInput {
            user_id: w.nadia.user_id.to_string(),
            roles: vec!["facilitator".into(), "co_educator".into()],
            agreement: "Reads the plan and helps with analysis; no fieldwork.".into(),
            review_on: "2027-06-30".into(),
        };
        team::save_supporter(db_, &w.margaret, p, &supporter).await.unwrap();
        refused_with(
            gates::pass(&w.state, &w.margaret, p, "planning", "").await,
            &["agreed a version of the research questions", "methods", "target number", "milestone", "risk", "date to delete", "signed off the plan", "signature of the academic supporter"],
        );
        write_the_plan(&w).await;
        review::sign_off(db_, &w.nadia, p).await.unwrap();
        // A change afterwards undoes the sign-off.
        plan::save_methods(db_, &w.margaret, p, "Peer interviews and one focus group.", "People over 65.", "People who cannot consent.").await.unwrap();
        gates::sign(db_, &w.margaret, p, "planning", "lead").await.unwrap();
        gates::sign(db_, &w.nadia, p, "planning", "supporter").await.unwrap();
        refused_with(gates::pass(&w.state, &w.margaret, p, "planning", "").await, &["signed off the plan"]);
        review::sign_off(db_, &w.nadia, p).await.unwrap();
        refused_with(review::sign_off(db_, &w.nadia, p).await, &["already signed off"]);
        assert_eq!(gates::pass(&w.state, &w.margaret, p, "planning", "").await.unwrap(), Stage::Ethics);
        let agreed = plan::agreed_questions(db_, p).await.unwrap().expect("agreed questions for ethics");
        assert_eq!(agreed.body, "What helps people keep going to day centres?");

        // Ethics: the gate lists what the clearance is missing.
        let o = gates::overview(db_, &w.helen, p).await.unwrap();
        let gate = o.gate.unwrap();
        assert!(gate.criteria.iter().any(|c| !c.met && c.text.contains("none has been made")), "{:?}", gate.criteria);
        assert!(!gate.can_pass && gate.can_sign_as.is_empty(), "the commissioner neither passes nor signs this gate");
        gates::sign(db_, &w.margaret, p, "ethics", "lead").await.unwrap();
        refused_with(gates::pass(&w.state, &w.margaret, p, "ethics", "").await, &["approved ethics application"]);
        assert_eq!(stage_of(&w).await, "ethics");

        // The timeline: two gates passed, with who signed.
        let o = gates::overview(db_, &w.margaret, p).await.unwrap();
        assert_eq!(o.timeline.len(), 2);
        assert_eq!(o.timeline[0].note, "We met on Monday.");
        assert_eq!(o.timeline[0].signatures.len(), 2);
        assert_eq!(o.timeline[1].signatures.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), vec!["Margaret Ellis", "Dr Nadia Bell"]);
        assert_eq!((o.milestones_total, o.milestones_done), (1, 0));
        db.close().await;
    }
}

#[tokio::test]
async fn a_signature_given_before_the_project_changed_is_asked_for_again() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (db_, p) = (&w.state.db, w.project);
        ready_to_start(&w).await;
        let gate = gates::overview(db_, &w.margaret, p).await.unwrap().gate.unwrap();
        assert!(gate.ready && gate.signers.iter().all(|(_, s)| s.as_ref().is_some_and(|s| s.stands)), "{gate:?}");

        // The level of involvement changes after both signed: neither signature counts.
        team::set_involvement(db_, &w.margaret, p, "control").await.unwrap();
        let gate = gates::overview(db_, &w.margaret, p).await.unwrap().gate.unwrap();
        assert!(!gate.ready);
        assert!(gate.signers.iter().all(|(_, s)| s.as_ref().is_some_and(|s| !s.stands)), "shown, as needing signing again: {gate:?}");
        assert_eq!(gate.can_sign_as, vec![app::projects::gates::Signer::Lead]);
        refused_with(
            gates::pass(&w.state, &w.margaret, p, "agreed", "").await,
            &["signature of the project lead", "signature of the commissioner"],
        );
        // Signing again replaces the old signature; a second time is refused as before.
        gates::sign(db_, &w.margaret, p, "agreed", "lead").await.unwrap();
        refused_with(gates::sign(db_, &w.margaret, p, "agreed", "lead").await, &["already has the signature"]);
        gates::sign(db_, &w.helen, p, "agreed", "commissioner").await.unwrap();
        assert_eq!(count(&w.state, "SELECT COUNT(*) FROM project_gate_signatures WHERE project_id = $1", p).await, 2);
        assert_eq!(gates::pass(&w.state, &w.margaret, p, "agreed", "").await.unwrap(), Stage::Planning);

        // Planning: the lead may sign before the supporter signs off the plan; what is done
        // since does not undo a signature.
        let supporter = team::SupporterInput {
            user_id: w.nadia.user_id.to_string(),
            roles: vec!["facilitator".into()],
            agreement: "Reads the plan.".into(),
            review_on: "2027-06-30".into(),
        };
        team::save_supporter(db_, &w.margaret, p, &supporter).await.unwrap();
        write_the_plan(&w).await;
        gates::sign(db_, &w.margaret, p, "planning", "lead").await.unwrap();
        review::sign_off(db_, &w.nadia, p).await.unwrap();
        gates::sign(db_, &w.nadia, p, "planning", "supporter").await.unwrap();
        let gate = gates::overview(db_, &w.margaret, p).await.unwrap().gate.unwrap();
        assert!(gate.ready, "{gate:?}");
        // The plan changes after both signed: neither signature counts any more.
        plan::save_risk_plan(db_, &w.margaret, p, "Interviews in pairs, in public places, with a check-in.").await.unwrap();
        review::sign_off(db_, &w.nadia, p).await.unwrap();
        refused_with(
            gates::pass(&w.state, &w.margaret, p, "planning", "").await,
            &["signature of the project lead", "signature of the academic supporter"],
        );
        db.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_passing_the_same_gate_at_once_make_one_pass() {
    for db in all_backends().await {
        let w = world(&db).await;
        ready_to_start(&w).await;
        let (state_a, state_b) = (w.state.clone(), w.state.clone());
        let (a, b) = (w.margaret.clone(), w.margaret.clone());
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let (barrier_a, barrier_b) = (barrier.clone(), barrier.clone());
        let p = w.project;
        let first = tokio::spawn(async move {
            barrier_a.wait().await;
            gates::pass(&state_a, &a, p, "agreed", "first").await
        });
        let second = tokio::spawn(async move {
            barrier_b.wait().await;
            gates::pass(&state_b, &b, p, "agreed", "second").await
        });
        let (first, second) = (first.await.unwrap(), second.await.unwrap());
        assert_eq!([first.is_ok(), second.is_ok()].iter().filter(|ok| **ok).count(), 1, "on {}: {first:?} / {second:?}", db.backend);
        let loser = if first.is_ok() { second } else { first };
        refused_with(loser, &["already passed"]);
        assert_eq!(count(&w.state, "SELECT COUNT(*) FROM project_gate_passes WHERE project_id = $1", p).await, 1);
        assert_eq!(stage_of(&w).await, "planning");
        db.close().await;
    }
}

#[tokio::test]
async fn people_off_the_project_or_without_the_right_are_refused_everything() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (d, p) = (&w.state.db, w.project);
        let m = MilestoneInput { title: "x".into(), due_on: "2027-01-01".into(), stage: "planning".into() };
        // Outsider, another group's coordinator, a peer researcher of another project, the commissioner.
        for (who, seen) in [(&w.joan, false), (&w.priya, false), (&w.tom, false), (&w.helen, true)] {
            let expect = if seen { AppError::NotAllowed } else { AppError::NotFound };
            assert_eq!(gates::pass(&w.state, who, p, "agreed", "").await.unwrap_err(), expect.clone());
            assert!(gates::sign(d, who, p, "agreed", "lead").await.is_err());
            assert_eq!(team::team_page(d, who, p).await.unwrap_err(), expect.clone());
            assert_eq!(team::add_member(d, who, p, &w.dennis.user_id.to_string(), "peer_researcher").await.unwrap_err(), expect.clone());
            assert_eq!(team::set_involvement(d, who, p, "control").await.unwrap_err(), expect.clone());
            assert_eq!(team::add_advisor(d, who, p, "A. Person", "").await.unwrap_err(), expect.clone());
            assert_eq!(plan::plan_page(d, who, p).await.unwrap_err(), expect.clone());
            assert_eq!(plan::save_questions(d, who, p, "Why?").await.unwrap_err(), expect.clone());
            assert_eq!(plan::add_target(d, who, p, "Site", "3").await.unwrap_err(), expect.clone());
            assert_eq!(milestones::add(d, who, p, &m).await.unwrap_err(), expect.clone());
            assert_eq!(review::comment(d, who, p, "Looks good").await.unwrap_err(), expect.clone());
            assert_eq!(review::sign_off(d, who, p).await.unwrap_err(), expect.clone());
            let overview = gates::overview(d, who, p).await;
            assert_eq!(overview.is_ok(), seen, "only the commissioner sees the overview");
            let calendar = calendar::project_calendar(&w.state, who, p, None).await;
            assert_eq!(calendar.is_ok(), seen);
        }
        // A group member not on the team sees the work but changes nothing.
        assert!(plan::plan_page(d, &w.dennis, p).await.is_ok());
        assert!(team::team_page(d, &w.dennis, p).await.unwrap().group_choices.is_empty());
        assert_eq!(plan::save_questions(d, &w.dennis, p, "Why?").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(gates::pass(&w.state, &w.dennis, p, "agreed", "").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(review::reply(d, &w.dennis, p, 1, "Thanks").await.unwrap_err(), AppError::NotAllowed);
        // Nothing was written by any of them.
        for table in ["project_gate_passes", "project_gate_signatures", "project_question_versions", "project_sampling_targets", "project_milestones", "project_plan_comments", "project_advisors"] {
            assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM {table} WHERE project_id = $1"), p).await, 0, "{table}");
        }
        assert_eq!(count(&w.state, "SELECT COUNT(*) FROM project_team WHERE project_id = $1", p).await, 2, "the lead and the contact");
        db.close().await;
    }
}
