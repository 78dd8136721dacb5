//! The report against real databases: versions freeze the draft, the commissioner sees
//! only versions sent to them, a stale version cannot be signed off, an edit after
//! sign-off leaves the gate unmet until a new version is signed off, and a failed save
//! changes nothing.

use app::error::AppError;
use app::identity::Actor;
use app::platform::state::AppState;
use app::projects::gates::service::load_facts;
use app::projects::report::service as report;
use app::projects::Stage;
use crate::support::*;

struct World {
    state: AppState,
    project: i64,
    margaret: Actor,
    dennis: Actor,
    nadia: Actor,
    helen: Actor,
    priya: Actor,
}

async fn world(db: &TestDb) -> World {
    let state = state(db);
    app::demo::load(&state.db).await.unwrap();
    let project = test_support::worlds::awarded_project(
        &state.db,
        "whynot",
        "essex-county-council",
        "margaret@whynot.example",
        "helen.carter@essex-council.example",
        "Lunch clubs in Harwich (report test)",
    )
    .await;
    let dennis = actor_for(&state, "dennis@whynot.example").await;
    let nadia = actor_for(&state, "nadia.bell@aru.example").await;
    exec(&state, "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1)", &[project, dennis.user_id]).await;
    exec(&state, "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'academic_supporter', 1)", &[project, nadia.user_id]).await;
    exec(&state, "UPDATE projects SET stage = 'reporting' WHERE id = $1", &[project]).await;
    World {
        margaret: actor_for(&state, "margaret@whynot.example").await,
        helen: actor_for(&state, "helen.carter@essex-council.example").await,
        priya: actor_for(&state, "priya@se-surg.example").await,
        dennis,
        nadia,
        project,
        state,
    }
}

fn refused_with<T: std::fmt::Debug>(result: Result<T, AppError>, words: &str) {
    match result {
        Err(AppError::Refused(message)) => assert!(message.contains(words), "{message}"),
        other => panic!("expected a refusal with {words:?}, got {other:?}"),
    }
}

async fn gate(w: &World) -> (bool, bool) {
    let f = load_facts(&w.state.db, w.project, Stage::Reporting).await.unwrap();
    (f.lay_summary_written, f.report_signed_off)
}

async fn revision(w: &World) -> i64 {
    count(&w.state, &format!("SELECT revision FROM report_drafts WHERE project_id = {}", w.project)).await
}

async fn versions_of(w: &World) -> i64 {
    count(&w.state, &format!("SELECT COUNT(*) FROM report_versions WHERE project_id = {}", w.project)).await
}

#[tokio::test]
async fn a_version_freezes_the_draft_and_the_commissioner_sees_only_what_is_sent() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (s, p) = (&w.state.db, w.project);
        let findings = report::add_section(s, &w.margaret, p, "What we found", "People valued friendship.").await.unwrap();
        report::add_section(s, &w.dennis, p, "Recommendations", "1. Peer-led groups.").await.unwrap();
        report::save_lay_summary(s, &w.margaret, p, "We found that friendship matters.").await.unwrap();
        report::choose_credit(s, &w.dennis, p, "initials").await.unwrap();
        // The lead cannot choose for a peer researcher; the commissioner cannot write.
        assert_eq!(report::choose_credit(s, &w.margaret, p, "anonymous").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(report::add_section(s, &w.helen, p, "Mine", "").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(report::report_page(s, &w.priya, p).await.unwrap_err(), AppError::NotFound);

        let v1 = report::save_version(s, &w.margaret, p, 1).await.unwrap();
        report::change_section(s, &w.margaret, p, findings, "What we found", "People valued friendship.\nAnd a hot meal.").await.unwrap();
        let page = report::version_page(s, &w.margaret, p, v1).await.unwrap();
        assert_eq!(page.sections[0].html.trim(), "<p>People valued friendship.</p>", "version 1 keeps its text");
        assert_eq!(page.credits.len(), 1);
        assert!(page.credits[0].ends_with('.'), "initials: {:?}", page.credits);
        let mine = report::report_page(s, &w.margaret, p).await.unwrap();
        assert!(mine.unsaved_changes);
        assert_eq!(mine.next_number, 2);
        let v2 = report::save_version(s, &w.margaret, p, 2).await.unwrap();
        let diff = report::compare(s, &w.margaret, p, v1, v2).await.unwrap();
        assert_eq!(diff.sections[1].change, "Changed");
        assert!(diff.sections[1].lines.iter().any(|l| l.text == "And a hot meal."));

        // Nothing sent: the commissioner sees no version and cannot open one.
        let hers = report::report_page(s, &w.helen, p).await.unwrap();
        assert!(!hers.sees_draft && hers.versions.is_empty() && hers.sections.is_empty() && hers.lay_summary.is_empty());
        assert_eq!(report::version_page(s, &w.helen, p, v2).await.unwrap_err(), AppError::NotFound);
        // Only the lead sends; the peer researcher cannot.
        assert_eq!(report::send(&w.state, &w.dennis, p, v2).await.unwrap_err(), AppError::NotAllowed);
        report::send(&w.state, &w.margaret, p, v2).await.unwrap();
        let hers = report::report_page(s, &w.helen, p).await.unwrap();
        assert_eq!(hers.versions.iter().map(|v| v.number).collect::<Vec<_>>(), vec![2]);
        assert_eq!(report::version_page(s, &w.helen, p, v1).await.unwrap_err(), AppError::NotFound, "version 1 was never sent");
        assert!(w.state.mailer.sent().iter().any(|m| m.to == "helen.carter@essex-council.example" && m.subject.contains("Report for sign-off")));
        // Comments: the team and the supporter; the review by the supporter only.
        report::comment(s, &w.dennis, p, v2, "Reads well.").await.unwrap();
        report::review(s, &w.nadia, p, v2, "Reviewed: the findings follow from the data.").await.unwrap();
        assert_eq!(report::review(s, &w.dennis, p, v2, "I reviewed it").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(report::comment(s, &w.helen, p, v2, "Hello").await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(report::version_page(s, &w.margaret, p, v2).await.unwrap().comments.len(), 2);
        assert!(report::version_page(s, &w.helen, p, v2).await.unwrap().comments.is_empty(), "the team's comments are its own");
    }
}

#[tokio::test]
async fn a_stale_version_is_not_signed_off_and_an_edit_needs_a_new_sign_off() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (s, p) = (&w.state.db, w.project);
        let section = report::add_section(s, &w.margaret, p, "What we found", "Friendship.").await.unwrap();
        report::save_lay_summary(s, &w.margaret, p, "Friendship matters.").await.unwrap();
        assert_eq!(gate(&w).await, (true, false));
        let v1 = report::save_version(s, &w.margaret, p, 1).await.unwrap();
        report::send(&w.state, &w.margaret, p, v1).await.unwrap();
        // Asking for changes needs words; then the version is decided.
        match report::ask_for_changes(&w.state, &w.helen, p, v1, " ").await {
            Err(AppError::Invalid(errors)) => assert!(errors.message_for("changes").is_some()),
            other => panic!("{other:?}"),
        }
        report::ask_for_changes(&w.state, &w.helen, p, v1, "Please say more about transport.").await.unwrap();
        assert!(w.state.mailer.sent().iter().any(|m| m.to == "margaret@whynot.example" && m.subject.contains("Changes asked for")));
        refused_with(report::sign_off(&w.state, &w.helen, p, v1).await, "asked for changes");

        report::change_section(s, &w.margaret, p, section, "What we found", "Friendship.\nTransport.").await.unwrap();
        let v2 = report::save_version(s, &w.margaret, p, 2).await.unwrap();
        report::send(&w.state, &w.margaret, p, v2).await.unwrap();
        report::change_section(s, &w.margaret, p, section, "What we found", "Friendship.\nTransport decided who could go.").await.unwrap();
        let v3 = report::save_version(s, &w.margaret, p, 3).await.unwrap();
        // Version 2 was sent, but version 3 has been saved since: refused, with the reason.
        refused_with(report::sign_off(&w.state, &w.helen, p, v2).await, "no longer the latest");
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM report_versions WHERE project_id = {p} AND decision = 'signed_off'")).await, 0);
        // The peer researcher cannot sign off; another group learns nothing.
        report::send(&w.state, &w.margaret, p, v3).await.unwrap();
        assert_eq!(report::sign_off(&w.state, &w.dennis, p, v3).await.unwrap_err(), AppError::NotAllowed);
        assert_eq!(report::sign_off(&w.state, &w.priya, p, v3).await.unwrap_err(), AppError::NotFound);
        report::sign_off(&w.state, &w.helen, p, v3).await.unwrap();
        assert_eq!(gate(&w).await, (true, true));
        assert!(w.state.mailer.sent().iter().any(|m| m.to == "margaret@whynot.example" && m.subject.contains("Report signed off")));
        let print = report::print_page(s, &w.helen, p).await.unwrap();
        assert!(print.signed_off && print.number == 3 && print.sign_off.contains("Helen Carter"), "{}", print.sign_off);

        // An edit after sign-off: the gate is unmet until a new version is signed off.
        report::change_section(s, &w.margaret, p, section, "What we found", "Friendship and a hot meal.").await.unwrap();
        assert_eq!(gate(&w).await, (true, false));
        let v4 = report::save_version(s, &w.margaret, p, 4).await.unwrap();
        assert_eq!(gate(&w).await, (true, false), "saved but not signed off");
        refused_with(report::sign_off(&w.state, &w.helen, p, v3).await, "already signed off");
        report::send(&w.state, &w.margaret, p, v4).await.unwrap();
        report::sign_off(&w.state, &w.helen, p, v4).await.unwrap();
        assert_eq!(gate(&w).await, (true, true));

        let words: Vec<(String,)> = sqlx::query_as("SELECT action FROM audit_events WHERE project_id = $1 AND action LIKE 'report%' ORDER BY id")
            .bind(p)
            .fetch_all(s)
            .await
            .unwrap();
        let words: Vec<&str> = words.iter().map(|(a,)| a.as_str()).collect();
        for word in ["report_version_saved", "report_sent", "report_changes_asked", "report_signed_off"] {
            assert!(words.contains(&word), "{word} in {words:?}");
        }
    }
}

#[tokio::test]
async fn a_failed_save_changes_nothing() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (s, p) = (&w.state.db, w.project);
        // No section yet: no version.
        refused_with(report::save_version(s, &w.margaret, p, 1).await, "at least one section");
        let section = report::add_section(s, &w.margaret, p, "What we found", "Friendship.").await.unwrap();
        let before = revision(&w).await;
        match report::change_section(s, &w.margaret, p, section, "  ", "Typed text kept").await {
            Err(AppError::Invalid(errors)) => {
                assert!(errors.message_for("title").is_some());
                assert_eq!(errors.value_for("body"), Some("Typed text kept"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(revision(&w).await, before, "the draft is unchanged");
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM report_sections WHERE project_id = {p} AND body = 'Friendship.'")).await, 1);
        // No lay summary: the version cannot be sent; the message is for the lay summary.
        let v1 = report::save_version(s, &w.margaret, p, 1).await.unwrap();
        match report::send(&w.state, &w.margaret, p, v1).await {
            Err(AppError::Invalid(errors)) => assert!(errors.message_for("lay_summary").unwrap().contains("lay summary")),
            other => panic!("{other:?}"),
        }
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM report_versions WHERE project_id = {p} AND sent_at IS NOT NULL")).await, 0);
        // "Save as version 1" again (someone else saved it first): nothing is saved.
        refused_with(report::save_version(s, &w.margaret, p, 1).await, "just been saved");
        assert_eq!(versions_of(&w).await, 1);
        // A peer researcher's choice that is not on the list is refused beside the field.
        match report::choose_credit(s, &w.dennis, p, "nickname").await {
            Err(AppError::Invalid(errors)) => assert!(errors.message_for("naming").is_some()),
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn the_demo_report_is_signed_off_and_loads_twice() {
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        app::demo::load(&state.db).await.unwrap();
        let p = app::projects::finished_demo::project_id(&state.db).await.unwrap().unwrap();
        assert_eq!(count(&state, &format!("SELECT COUNT(*) FROM report_versions WHERE project_id = {p}")).await, 2);
        let helen = actor_for(&state, "helen.carter@essex-council.example").await;
        let print = report::print_page(&state.db, &helen, p).await.unwrap();
        assert!(print.signed_off && print.number == 2, "{print:?}");
        assert!(print.sections.iter().any(|s| s.title == "Recommendations" && s.html.matches("<li>").count() == 3));
        assert!(print.credits.iter().any(|c| c == "Dennis Walker" || c.starts_with("Dennis")), "{:?}", print.credits);
        let (written, signed) = report::gate_facts(&state.db, p).await.unwrap();
        assert!(written && signed);
    }
}
