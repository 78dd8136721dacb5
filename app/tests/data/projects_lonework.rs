//! Lone working against real databases: two sweeps at once send one alert between them, a
//! second sweep sends nothing, a check-out in time sends nothing, a late check-out tells the
//! lead they are safe (once); every action tried by people who may not; and the calendar
//! invitations e-mailed for milestones and advisory meetings carry the .ics.

use app::error::AppError;
use app::identity::Actor;
use app::platform::mail::Mailer;
use app::platform::state::AppState;
use app::platform::time::now;
use app::projects::fieldwork::lonework::service::{self as lone, uk_date_and_time, CheckInInput, CheckOut};
use app::projects::fieldwork::lonework::sweep::sweep_missed_check_outs;
use app::projects::plan::milestones::{self, MilestoneInput};
use app::projects::plan::{calendar, invitations};
use app::projects::team::service as team;
use crate::support::*;

async fn count_for(state: &AppState, sql: &str, bind: i64) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql).bind(bind).fetch_one(&state.db).await.unwrap().0
}

async fn on_team(state: &AppState, project: i64, user: i64, role: &str) {
    sqlx::query("INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, $3, 1) ON CONFLICT (project_id, user_id) DO NOTHING")
        .bind(project)
        .bind(user)
        .bind(role)
        .execute(&state.db)
        .await
        .unwrap();
}

struct World {
    state: AppState,
    project: i64,
    /// The project lead (an SE-SURG coordinator).
    priya: Actor,
    /// A peer researcher on the team.
    tom: Actor,
    /// Another peer researcher on the team.
    rita: Actor,
    /// The commissioner (the project's contact, on the team as such).
    sam: Actor,
    /// Another group's coordinator.
    margaret: Actor,
    /// A trainee in no group.
    joan: Actor,
    /// A member of SE-SURG not on the team.
    off_team: Actor,
    /// A second SE-SURG coordinator, not on the team.
    colin: Actor,
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
        "Lone working (test)",
    )
    .await;
    let sesurg = test_support::worlds::organisation_id(&state.db, "se-surg").await;
    let tom = actor_for(&state, "tom@se-surg.example").await;
    on_team(&state, project, tom.user_id, "peer_researcher").await;
    let rita = new_person(&state, "Rita Researcher", "rita@se-surg.example", sesurg, "member").await;
    on_team(&state, project, rita.user_id, "peer_researcher").await;
    World {
        project,
        priya: actor_for(&state, "priya@se-surg.example").await,
        tom: actor_for(&state, "tom@se-surg.example").await,
        rita: actor_for(&state, "rita@se-surg.example").await,
        sam: actor_for(&state, "sam.okafor@msenhs.example").await,
        margaret: actor_for(&state, "margaret@whynot.example").await,
        joan: actor_for(&state, "joan@trainee.example").await,
        off_team: new_person(&state, "Olive Offteam", "olive@se-surg.example", sesurg, "member").await,
        colin: new_person(&state, "Colin Coordinator", "colin@se-surg.example", sesurg, "coordinator").await,
        state,
    }
}

/// A check-in form due back `minutes` after `at` (in UK time, as the form takes it).
fn going_out(place: &str, at: i64, minutes: i64) -> CheckInInput {
    let (back_on, back_at) = uk_date_and_time(at + minutes * 60);
    CheckInInput { place: place.into(), phone: "07700 900555".into(), session_id: String::new(), back_on, back_at }
}

fn mailer(db: &app::platform::db::Db) -> Mailer {
    Mailer::in_memory("CoResearch <no-reply@coresearch.localhost>".parse().unwrap(), db.clone())
}

/// The same state with a mailer of its own: another app server on the same database.
fn another_server(state: &AppState) -> AppState {
    AppState { mailer: mailer(&state.db), ..state.clone() }
}

const GRACE: i64 = 15 * 60;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_sweeps_at_once_send_one_alert_and_a_late_check_out_says_safe_once() {
    for db in all_backends().await {
        let w = world(&db).await;
        let t0 = now();
        let id = lone::check_in_at(&w.state.db, &w.tom, w.project, &going_out("Basildon library, room 2", t0, 60), t0).await.unwrap();
        let (due,): (i64,) = sqlx::query_as("SELECT due_back_at FROM lone_working_check_ins WHERE id = $1").bind(id).fetch_one(&w.state.db).await.unwrap();
        assert!(due > t0 && due <= t0 + 3600, "due back within the hour asked for");

        // Within the grace period: nobody is told.
        let early = another_server(&w.state);
        assert_eq!(sweep_missed_check_outs(&early.db, &early.mailer, &early.config, due + GRACE - 1).await.unwrap(), 0);
        assert!(early.mailer.sent().is_empty());

        // Two servers sweep at the same moment: one alert between them.
        let (a, b) = (another_server(&w.state), another_server(&w.state));
        let at = due + GRACE + 60;
        let (sa, sb) = tokio::join!(
            sweep_missed_check_outs(&a.db, &a.mailer, &a.config, at),
            sweep_missed_check_outs(&b.db, &b.mailer, &b.config, at),
        );
        assert_eq!(sa.unwrap() + sb.unwrap(), 1, "{} backend", db.backend);
        let sent: Vec<_> = a.mailer.sent().into_iter().chain(b.mailer.sent()).collect();
        assert_eq!(sent.len(), 1, "one e-mail, to the lead: {sent:?}");
        assert_eq!(sent[0].to, "priya@se-surg.example");
        assert!(sent[0].subject.contains("has not checked out"));
        for words in ["Tom", "Basildon library, room 2", "07700 900555", "Phone", "risk and lone-working plan", "/lone-working"] {
            assert!(sent[0].text.contains(words), "{words}: {}", sent[0].text);
        }

        // A second sweep, later, on either server: nothing more.
        for s in [&a, &b] {
            assert_eq!(sweep_missed_check_outs(&s.db, &s.mailer, &s.config, at + 3600).await.unwrap(), 0);
        }
        assert_eq!(a.mailer.sent().len() + b.mailer.sent().len(), 1);

        // The lead sees Tom overdue, alerted; Tom sees his own check-in alerted.
        let page = lone::page(&w.state, &w.priya, w.project).await.unwrap();
        assert!(page.sees_team);
        assert_eq!(page.out_now.len(), 1);
        assert!(page.out_now[0].alerted);
        let mine = lone::page(&w.state, &w.tom, w.project).await.unwrap();
        assert!(mine.open.as_ref().is_some_and(|o| o.alerted));
        assert!(!mine.sees_team && mine.out_now.is_empty(), "a peer researcher does not see who else is out");

        // Tom checks out late: the lead is told he is safe, once.
        assert_eq!(lone::check_out_at(&w.state, &w.tom, w.project, id, at + 600).await.unwrap(), CheckOut::SafeAfterAlert);
        let safe = w.state.mailer.sent();
        assert_eq!(safe.len(), 1);
        assert_eq!(safe[0].to, "priya@se-surg.example");
        assert!(safe[0].subject.contains("safe"));
        assert_eq!(lone::check_out_at(&w.state, &w.tom, w.project, id, at + 700).await.unwrap(), CheckOut::AlreadyOut);
        assert_eq!(w.state.mailer.sent().len(), 1, "no second 'safe' e-mail");
        assert!(lone::page(&w.state, &w.priya, w.project).await.unwrap().out_now.is_empty());
        db.close().await;
    }
}

#[tokio::test]
async fn a_check_out_in_time_sends_nothing() {
    for db in all_backends().await {
        let w = world(&db).await;
        let t0 = now();
        let id = lone::check_in_at(&w.state.db, &w.tom, w.project, &going_out("Southend day centre", t0, 120), t0).await.unwrap();
        assert_eq!(lone::check_out_at(&w.state, &w.tom, w.project, id, t0 + 600).await.unwrap(), CheckOut::Safe);
        let s = &w.state;
        assert_eq!(sweep_missed_check_outs(&s.db, &s.mailer, &s.config, t0 + 10 * 3600).await.unwrap(), 0);
        assert!(s.mailer.sent().is_empty());
        // He may check in again once checked out.
        lone::check_in_at(&s.db, &w.tom, w.project, &going_out("Southend day centre", t0, 120), t0 + 700).await.unwrap();
        db.close().await;
    }
}

#[tokio::test]
async fn when_the_lead_is_the_one_out_the_coordinators_are_told() {
    for db in all_backends().await {
        let w = world(&db).await;
        let t0 = now();
        lone::check_in_at(&w.state.db, &w.priya, w.project, &going_out("Rayleigh community hall", t0, 30), t0).await.unwrap();
        let s = &w.state;
        assert_eq!(sweep_missed_check_outs(&s.db, &s.mailer, &s.config, t0 + 30 * 60 + GRACE + 60).await.unwrap(), 1);
        let to: Vec<String> = s.mailer.sent().into_iter().map(|m| m.to).collect();
        assert!(to.contains(&"colin@se-surg.example".to_string()), "{to:?}");
        assert!(!to.contains(&"priya@se-surg.example".to_string()), "not the person who is out: {to:?}");
        assert!(!to.iter().any(|t| t.contains("tom@") || t.contains("rita@") || t.contains("sam.okafor")), "{to:?}");
        db.close().await;
    }
}

#[tokio::test]
async fn bad_input_saves_nothing_and_keeps_what_was_typed() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let t0 = now();
        let mut input = going_out("", t0, -30);
        let errors = lone::check_in_at(&s.db, &w.tom, w.project, &input, t0).await.unwrap_err();
        let errors = errors.form_errors().expect("field errors");
        assert!(errors.message_for("place").is_some());
        assert!(errors.message_for("back_at").unwrap().contains("later than now"));
        input.place = "Basildon library".into();
        input.back_at = "half past".into();
        let errors = lone::check_in_at(&s.db, &w.tom, w.project, &input, t0).await.unwrap_err();
        let errors = errors.form_errors().unwrap();
        assert_eq!(errors.value_for("place"), Some("Basildon library"), "what was typed is kept");
        assert_eq!(errors.value_for("phone"), Some(input.phone.as_str()), "and the phone number");
        // A session of another project is refused beside its field.
        let other = test_support::worlds::awarded_project(&s.db, "se-surg", "mid-and-south-essex-nhs", "priya@se-surg.example", "sam.okafor@msenhs.example", "Another").await;
        let (session,): (i64,) = sqlx::query_as(
            "INSERT INTO fieldwork_sessions (project_id, kind, held_on, created_at, updated_at) VALUES ($1, 'interview', '2027-01-05', 1, 1) RETURNING id",
        )
        .bind(other)
        .fetch_one(&s.db)
        .await
        .unwrap();
        let mut input = going_out("Basildon library", t0, 60);
        input.session_id = session.to_string();
        let errors = lone::check_in_at(&s.db, &w.tom, w.project, &input, t0).await.unwrap_err();
        assert!(errors.form_errors().unwrap().message_for("session_id").is_some());
        assert_eq!(count_for(s, "SELECT COUNT(*) FROM lone_working_check_ins WHERE project_id = $1", w.project).await, 0);
        // One open check-in at a time.
        lone::check_in_at(&s.db, &w.tom, w.project, &going_out("Basildon library", t0, 60), t0).await.unwrap();
        match lone::check_in_at(&s.db, &w.tom, w.project, &going_out("Somewhere else", t0, 60), t0).await {
            Err(AppError::Refused(message)) => assert!(message.contains("already checked in"), "{message}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(count_for(s, "SELECT COUNT(*) FROM lone_working_check_ins WHERE project_id = $1", w.project).await, 1);
        // A session of this project is taken, and named on the page.
        let (own,): (i64,) = sqlx::query_as(
            "INSERT INTO fieldwork_sessions (project_id, kind, held_on, created_at, updated_at) VALUES ($1, 'focus_group', '2099-01-05', 1, 1) RETURNING id",
        )
        .bind(w.project)
        .fetch_one(&s.db)
        .await
        .unwrap();
        let mut input = going_out("Wickford hall", t0, 60);
        input.session_id = own.to_string();
        lone::check_in_at(&s.db, &w.rita, w.project, &input, t0).await.unwrap();
        let page = lone::page(s, &w.rita, w.project).await.unwrap();
        assert_eq!(page.open.unwrap().session.as_deref(), Some("Focus group on 5 January 2099"));
        db.close().await;
    }
}

#[tokio::test]
async fn each_action_is_refused_to_those_who_may_not() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let t0 = now();
        let toms = lone::check_in_at(&s.db, &w.tom, w.project, &going_out("Basildon library", t0, 60), t0).await.unwrap();
        let cases = [
            ("an outsider", &w.joan, AppError::NotFound),
            ("another group", &w.margaret, AppError::NotFound),
            ("the commissioner", &w.sam, AppError::NotAllowed),
            ("a member not on the team", &w.off_team, AppError::NotAllowed),
        ];
        for (who, actor, refusal) in cases {
            let input = going_out("Anywhere", t0, 60);
            assert_eq!(lone::check_in_at(&s.db, actor, w.project, &input, t0).await.unwrap_err(), refusal, "{who} checks in");
            assert_eq!(lone::page(s, actor, w.project).await.unwrap_err(), refusal, "{who} opens the page");
            // The project page's panel: none for those who see the project, a refusal for the rest.
            let panel = lone::summary(&s.db, actor, w.project).await;
            if refusal == AppError::NotFound {
                assert_eq!(panel.unwrap_err(), AppError::NotFound, "{who} is refused the panel");
            } else {
                assert_eq!(panel.unwrap(), None, "{who} gets no panel");
            }
            assert_eq!(lone::check_out_at(s, actor, w.project, toms, t0 + 60).await.unwrap_err(), AppError::NotFound, "{who} checks Tom out");
        }
        // Another researcher on the team cannot check out for Tom, nor see that he is out.
        assert_eq!(lone::check_out_at(s, &w.rita, w.project, toms, t0 + 60).await.unwrap_err(), AppError::NotFound);
        let rita = lone::page(s, &w.rita, w.project).await.unwrap();
        assert!(rita.is_researcher && !rita.sees_team && rita.open.is_none() && rita.out_now.is_empty());
        // Nor can the lead: only Tom says he is safe. The lead sees him out.
        assert_eq!(lone::check_out_at(s, &w.priya, w.project, toms, t0 + 60).await.unwrap_err(), AppError::NotFound);
        // The check-in of one project cannot be closed through another.
        let other = test_support::worlds::awarded_project(&s.db, "se-surg", "mid-and-south-essex-nhs", "priya@se-surg.example", "sam.okafor@msenhs.example", "Another").await;
        assert_eq!(lone::check_out_at(s, &w.tom, other, toms, t0 + 60).await.unwrap_err(), AppError::NotFound);
        let (open,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM lone_working_check_ins WHERE id = $1 AND checked_out_at IS NULL")
            .bind(toms)
            .fetch_one(&s.db)
            .await
            .unwrap();
        assert_eq!(open, 1, "still open after every refusal");
        // A coordinator not on the team does no fieldwork but sees who is out.
        assert_eq!(lone::check_in_at(&s.db, &w.colin, w.project, &going_out("Anywhere", t0, 60), t0).await.unwrap_err(), AppError::NotAllowed);
        let colin = lone::page(s, &w.colin, w.project).await.unwrap();
        assert!(!colin.is_researcher && colin.sees_team);
        assert_eq!(colin.out_now.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), vec!["Tom Barker"]);
        let summary = lone::summary(&s.db, &w.priya, w.project).await.unwrap().unwrap();
        assert_eq!((summary.out_now, summary.overdue), (1, 0));
        // Nothing was written by anyone refused.
        assert_eq!(count_for(s, "SELECT COUNT(*) FROM lone_working_check_ins WHERE project_id = $1", w.project).await, 1);
        db.close().await;
    }
}

#[tokio::test]
async fn milestones_and_advisory_meetings_are_e_mailed_with_their_calendar_invitation() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let p = w.project;
        let input = MilestoneInput { title: "Interviews finished".into(), due_on: "2027-03-31".into(), stage: "fieldwork".into() };
        let id = milestones::add(&s.db, &w.priya, p, &input).await.unwrap();
        let team_size = count_for(s, "SELECT COUNT(*) FROM project_team WHERE project_id = $1", p).await as usize;
        assert_eq!(invitations::milestone_saved(s, p, id, None).await.unwrap(), team_size);
        let sent = s.mailer.sent();
        assert_eq!(sent.len(), team_size);
        assert!(sent.iter().any(|m| m.to == "tom@se-surg.example") && sent.iter().any(|m| m.to == "sam.okafor@msenhs.example"));
        let file = &sent[0].attachments[0];
        assert!(file.content_type.starts_with("text/calendar"));
        let ics = String::from_utf8(file.bytes.clone()).unwrap();
        assert!(ics.contains("DTSTART;VALUE=DATE:20270331"), "{ics}");
        // The same UID as the calendar download, so calendars update the event.
        let download = calendar::project_calendar(s, &w.priya, p, Some(format!("milestone-{id}").as_str())).await.unwrap();
        let uid = |text: &str| text.lines().find(|l| l.starts_with("UID:")).map(str::to_string);
        assert_eq!(uid(&ics), uid(&download));
        assert!(uid(&ics).unwrap().contains(&format!("project-{p}-milestone-{id}@")));

        // Saved with the same date: no e-mail; moved: a new invitation.
        let before = invitations::milestone_date(&s.db, p, id).await.unwrap();
        milestones::update(&s.db, &w.priya, p, id, &input).await.unwrap();
        assert_eq!(invitations::milestone_saved(s, p, id, before.as_deref()).await.unwrap(), 0);
        let moved = MilestoneInput { due_on: "2027-04-14".into(), ..input.clone() };
        let before = invitations::milestone_date(&s.db, p, id).await.unwrap();
        milestones::update(&s.db, &w.priya, p, id, &moved).await.unwrap();
        assert_eq!(invitations::milestone_saved(s, p, id, before.as_deref()).await.unwrap(), team_size);
        let last = s.mailer.sent().pop().unwrap();
        assert!(last.text.contains("has moved to 14 April 2027"));
        assert!(String::from_utf8(last.attachments[0].bytes.clone()).unwrap().contains("20270414"));

        // An advisory meeting.
        let meeting = team::add_meeting(&s.db, &w.priya, p, "2027-05-01", "2pm, the town hall").await.unwrap();
        let already = s.mailer.sent().len();
        assert_eq!(invitations::meeting_added(s, p, meeting).await.unwrap(), team_size);
        let sent = s.mailer.sent();
        let mail = &sent[already];
        assert!(mail.subject.contains("advisory group meeting"));
        let ics = String::from_utf8(mail.attachments[0].bytes.clone()).unwrap();
        assert!(ics.contains(&format!("UID:project-{p}-meeting-{meeting}@")) && ics.contains("20270501"), "{ics}");
        db.close().await;
    }
}
