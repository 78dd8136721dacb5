//! "You said, we did" against a real database: recommendations answered and tracked to
//! done with a dated timeline and e-mails to the team, the rules for an answer, rewording
//! only before an answer, impact records, private peer outcomes, and who may do what.

use app::error::AppError;
use app::identity::Actor;
use app::platform::state::AppState;
use app::projects::finished_demo;
use app::projects::impact::from_report::{self, Taken};
use app::projects::impact::service::{self as impact, AnswerInput, ImpactInput, OutcomeInput};

use crate::support::*;

struct World {
    state: AppState,
    project: i64,
    margaret: Actor,
    dennis: Actor,
    sheila: Actor,
    helen: Actor,
    nadia: Actor,
    priya: Actor,
    sam: Actor,
}

async fn world(db: &TestDb) -> World {
    let state = state(db);
    app::demo::load(&state.db).await.unwrap();
    let project = finished_demo::project_id(&state.db).await.unwrap().expect("the finished demo project");
    World {
        project,
        margaret: actor_for(&state, "margaret@whynot.example").await,
        dennis: actor_for(&state, "dennis@whynot.example").await,
        sheila: actor_for(&state, "sheila@whynot.example").await,
        helen: actor_for(&state, "helen.carter@essex-council.example").await,
        nadia: actor_for(&state, "nadia.bell@aru.example").await,
        priya: actor_for(&state, "priya@se-surg.example").await,
        sam: actor_for(&state, "sam.okafor@msenhs.example").await,
        state,
    }
}

async fn number(w: &World, sql: &str, id: i64) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql).bind(id).fetch_one(&w.state.db).await.unwrap().0
}

fn answer(response: &str, status: &str, action: &str, evidence: &str) -> AnswerInput {
    AnswerInput {
        response: response.into(),
        status: status.into(),
        action: action.into(),
        owner: "Day services manager".into(),
        due_on: "2027-03-31".into(),
        evidence: evidence.into(),
        note: String::new(),
    }
}

const UPDATES: &str = "SELECT COUNT(*) FROM project_recommendation_updates WHERE recommendation_id = $1";

#[tokio::test]
async fn a_recommendation_is_answered_and_tracked_to_we_did() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (s, p) = (&w.state, w.project);
        let page = impact::impact_page(&s.db, &w.margaret, p).await.unwrap();
        assert_eq!(page.recommendations.len(), 3, "the demo's three");
        assert!(page.tally.starts_with("3 recommendations: 1 done"), "{}", page.tally);

        let id = impact::add_recommendation(&s.db, &w.dennis, p, "  Publish the village groups' times in the library.  ").await.unwrap();
        let rec = impact::recommendation_page(&s.db, &w.helen, p, id).await.unwrap();
        assert_eq!((rec.recommendation.number, rec.recommendation.body.as_str()), (4, "Publish the village groups' times in the library."));
        assert!(rec.may_respond && !rec.may_reword && rec.timeline.is_empty());

        // An answer needs an action when accepted; a failed save changes nothing.
        assert_eq!(fields(impact::answer(s, &w.helen, p, id, &answer("accepted", "not_started", "", "")).await), vec!["action"]);
        assert_eq!(fields(impact::answer(s, &w.helen, p, id, &answer("", "not_started", "x", "")).await), vec!["response"]);
        assert_eq!(number(&w, UPDATES, id).await, 0);
        assert_eq!(impact::recommendation_page(&s.db, &w.helen, p, id).await.unwrap().recommendation.response, "awaiting");
        let mails_before = s.mailer.sent().len();

        impact::answer(s, &w.helen, p, id, &answer("accepted", "not_started", "Print a leaflet each season", "")).await.unwrap();
        let sent = s.mailer.sent();
        for to in ["margaret@whynot.example", "dennis@whynot.example", "sheila@whynot.example"] {
            assert!(sent[mails_before..].iter().any(|m| m.to == to && m.subject.contains("recommendation 4")), "an e-mail to {to}");
        }
        assert!(!sent[mails_before..].iter().any(|m| m.to == "nadia.bell@aru.example"), "researchers only");
        // Once answered, the wording is fixed.
        match impact::reword_recommendation(&s.db, &w.dennis, p, id, "Something else").await {
            Err(AppError::Refused(m)) => assert!(m.contains("already answered"), "{m}"),
            other => panic!("expected a refusal, got {other:?}"),
        }

        // Done needs evidence of what was done.
        assert_eq!(fields(impact::answer(s, &w.helen, p, id, &answer("accepted", "done", "Print a leaflet", "")).await), vec!["evidence"]);
        impact::answer(s, &w.helen, p, id, &answer("accepted", "done", "Print a leaflet", "Leaflets in all 12 libraries since June.")).await.unwrap();
        let count_after_done = s.mailer.sent().len();
        // Saving the same answer again adds to the timeline but tells nobody.
        impact::answer(s, &w.helen, p, id, &answer("accepted", "done", "Print a leaflet", "Leaflets in all 12 libraries since June.")).await.unwrap();
        assert_eq!(s.mailer.sent().len(), count_after_done, "no change, no e-mail");

        let rec = impact::recommendation_page(&s.db, &w.dennis, p, id).await.unwrap();
        assert_eq!(rec.timeline.len(), 3);
        assert_eq!(rec.recommendation.status_label, "Done: we did it");
        assert_eq!(rec.timeline[0].status_label, "Not started");
        assert_eq!(
            number(&w, "SELECT COUNT(*) FROM audit_events WHERE action = 'recommendation_answered' AND project_id = $1", p).await,
            3
        );
        let page = impact::impact_page(&s.db, &w.helen, p).await.unwrap();
        assert!(page.tally.starts_with("4 recommendations: 2 done"), "{}", page.tally);
        db.close().await;
    }
}

#[tokio::test]
async fn only_the_team_records_and_only_the_commissioner_answers() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (s, p) = (&w.state, w.project);
        let whynot = test_support::worlds::organisation_id(&s.db, "whynot").await;
        let member = new_person(s, "Eileen Ward", "eileen@whynot.example", whynot, "member").await;

        // Seeing: the group, its commissioner, the team; not other groups or other bodies.
        for who in [&w.margaret, &w.dennis, &w.helen, &w.nadia, &member] {
            assert!(impact::impact_page(&s.db, who, p).await.is_ok());
        }
        for who in [&w.priya, &w.sam] {
            assert_eq!(impact::impact_page(&s.db, who, p).await.unwrap_err(), AppError::NotFound);
        }
        let first: i64 = impact::impact_page(&s.db, &w.margaret, p).await.unwrap().recommendations[0].id;
        assert_eq!(impact::recommendation_page(&s.db, &w.priya, p, first).await.unwrap_err(), AppError::NotFound);

        // Recording: the team's researchers, not the supporter, a member off the team or the commissioner.
        for who in [&w.nadia, &member, &w.helen] {
            assert_eq!(impact::add_recommendation(&s.db, who, p, "More buses").await.unwrap_err(), AppError::NotAllowed);
        }
        assert_eq!(impact::add_recommendation(&s.db, &w.priya, p, "More buses").await.unwrap_err(), AppError::NotFound);
        assert_eq!(fields(impact::add_recommendation(&s.db, &w.margaret, p, "   ").await.map(|_| ())), vec!["body"]);

        // Answering: only the commissioning body's commissioners.
        let good = answer("accepted", "under_way", "Do it", "");
        for who in [&w.margaret, &w.dennis, &w.nadia] {
            assert_eq!(impact::answer(s, who, p, first, &good).await.unwrap_err(), AppError::NotAllowed);
        }
        assert_eq!(impact::answer(s, &w.sam, p, first, &good).await.unwrap_err(), AppError::NotFound);
        // A recommendation of another project is not found through this one.
        let other = sqlx::query_as::<_, (i64,)>("SELECT id FROM projects WHERE id <> $1 ORDER BY id LIMIT 1")
            .bind(p)
            .fetch_one(&s.db)
            .await
            .unwrap()
            .0;
        assert_eq!(impact::recommendation_page(&s.db, &w.helen, other, first).await.unwrap_err(), AppError::NotFound);
        db.close().await;
    }
}

#[tokio::test]
async fn impact_records_need_evidence_and_outcomes_stay_private_until_shared() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (s, p) = (&w.state, w.project);
        let impacts = "SELECT COUNT(*) FROM project_impacts WHERE project_id = $1";
        assert_eq!(number(&w, impacts, p).await, 1, "the demo's record");
        let mut input = ImpactInput {
            kind: "policy".into(),
            summary: "The council's strategy for older people now names peer support.".into(),
            evidence: String::new(),
            happened_on: "32/13/2026".into(),
            statement: "It changed our thinking.".into(),
            ..ImpactInput::default()
        };
        let mut problems = fields(impact::add_impact(&s.db, &w.dennis, p, &input).await.map(|_| ()));
        problems.sort();
        assert_eq!(problems, vec!["evidence", "happened_on", "statement_by", "statement_role"]);
        assert_eq!(number(&w, impacts, p).await, 1, "nothing saved");
        input.evidence = "Older people's strategy 2027, page 4.".into();
        input.happened_on = "2026-10-01".into();
        input.statement_by = "Helen Carter".into();
        input.statement_role = "Commissioning manager".into();
        impact::add_impact(&s.db, &w.dennis, p, &input).await.unwrap();
        assert_eq!(impact::add_impact(&s.db, &w.helen, p, &input).await.unwrap_err(), AppError::NotAllowed);
        let page = impact::impact_page(&s.db, &w.helen, p).await.unwrap();
        assert_eq!(page.impacts[0].kind_label, "A policy or strategy changed");
        assert_eq!(page.impacts[0].happened_on, "1 October 2026");

        // Sheila's outcomes are hers alone until she shows them.
        let mine = OutcomeInput { confidence: "more".into(), skills: "Asking follow-up questions".into(), roles: String::new(), shared: false };
        impact::save_outcome(&s.db, &w.sheila, p, &mine).await.unwrap();
        let names = |page: &app::projects::impact::ImpactPage| page.shared_outcomes.iter().map(|o| o.name.clone()).collect::<Vec<_>>();
        let helen_sees = impact::impact_page(&s.db, &w.helen, p).await.unwrap();
        assert_eq!(names(&helen_sees), vec!["Dennis Clarke".to_string()], "only Dennis chose to share");
        assert!(helen_sees.my_outcome.is_none());
        let own = impact::impact_page(&s.db, &w.sheila, p).await.unwrap().my_outcome.unwrap();
        assert_eq!((own.confidence.as_str(), own.skills.as_str(), own.shared), ("more", "Asking follow-up questions", false));
        assert_eq!(impact::impact_page(&s.db, &w.margaret, p).await.unwrap().my_outcome.unwrap().skills, "", "Margaret's own is empty");
        impact::save_outcome(&s.db, &w.sheila, p, &OutcomeInput { shared: true, ..mine.clone() }).await.unwrap();
        assert_eq!(names(&impact::impact_page(&s.db, &w.helen, p).await.unwrap()).len(), 2);
        assert_eq!(
            fields(impact::save_outcome(&s.db, &w.sheila, p, &OutcomeInput { confidence: "hugely".into(), ..mine.clone() }).await),
            vec!["confidence"]
        );
        for who in [&w.helen, &w.nadia] {
            assert_eq!(impact::save_outcome(&s.db, who, p, &mine).await.unwrap_err(), AppError::NotAllowed);
        }
        assert_eq!(
            number(&w, "SELECT COUNT(*) FROM audit_events WHERE action = 'outcomes_saved' AND project_id = $1", p).await,
            2
        );
        db.close().await;
    }
}

#[tokio::test]
async fn recommendations_are_taken_from_the_signed_off_report_once() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (s, p) = (&w.state, w.project);
        let page = impact::impact_page(&s.db, &w.margaret, p).await.unwrap();
        assert_eq!(page.report_version, Some(2), "the demo's signed-off version");
        let section = page.report_sections.iter().position(|t| t == "Recommendations").expect("a recommendations section") as i64 + 1;
        assert!(page.recommendations.iter().all(|r| r.from_version == Some(2)), "the demo's three came from the report");
        // The commissioner answers; she is not offered the report's sections to take from.
        let hers = impact::impact_page(&s.db, &w.helen, p).await.unwrap();
        assert!(hers.report_version.is_none() && hers.report_sections.is_empty());

        // All three are tracked already: nothing is added, however often it is asked.
        assert_eq!(from_report::take_from_report(&s.db, &w.dennis, p, 2, section).await.unwrap(), Taken { added: 0, already: 3 });

        // One untracked: only that one is added, waiting for an answer, marked as from version 2.
        let gone = &page.recommendations[1];
        sqlx::query("DELETE FROM project_recommendations WHERE id = $1").bind(gone.id).execute(&s.db).await.unwrap();
        let audit_before = number(&w, "SELECT COUNT(*) FROM audit_events WHERE project_id = $1", p).await;
        assert_eq!(from_report::take_from_report(&s.db, &w.margaret, p, 2, section).await.unwrap(), Taken { added: 1, already: 2 });
        let after = impact::impact_page(&s.db, &w.margaret, p).await.unwrap();
        assert_eq!(after.recommendations.len(), 3);
        let back = after.recommendations.iter().find(|r| r.body == gone.body).expect("the item is tracked again");
        assert_eq!((back.response.as_str(), back.from_version), ("awaiting", Some(2)));
        assert_eq!(number(&w, "SELECT COUNT(*) FROM audit_events WHERE project_id = $1", p).await, audit_before + 1);

        // A section without a list, or no section chosen, is explained beside the field.
        let no_list = page.report_sections.iter().position(|t| t == "Why we did this study").unwrap() as i64 + 1;
        for bad in [no_list, 0, 99] {
            assert_eq!(fields(from_report::take_from_report(&s.db, &w.margaret, p, 2, bad).await.map(|_| ())), vec!["section"]);
        }
        // A page opened before a newer sign-off is refused, and nothing is added.
        assert!(matches!(from_report::take_from_report(&s.db, &w.margaret, p, 1, section).await, Err(AppError::Refused(_))));

        // Only the team's researchers take them: not the commissioner, the supporter or another group.
        for who in [&w.helen, &w.nadia] {
            assert_eq!(from_report::take_from_report(&s.db, who, p, 2, section).await.unwrap_err(), AppError::NotAllowed);
        }
        assert_eq!(from_report::take_from_report(&s.db, &w.priya, p, 2, section).await.unwrap_err(), AppError::NotFound);
        assert_eq!(number(&w, "SELECT COUNT(*) FROM project_recommendations WHERE project_id = $1", p).await, 3);

        // Without a signed-off version there is nothing to take from.
        sqlx::query("UPDATE report_versions SET decision = NULL WHERE project_id = $1").bind(p).execute(&s.db).await.unwrap();
        assert!(impact::impact_page(&s.db, &w.margaret, p).await.unwrap().report_version.is_none());
        assert!(matches!(from_report::take_from_report(&s.db, &w.margaret, p, 2, section).await, Err(AppError::Refused(_))));
        db.close().await;
    }
}
