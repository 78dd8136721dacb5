//! The team and the plan against a real database: one lead always, who may be a
//! supporter, what bad input does (nothing saved, what was typed kept), question versions,
//! milestones, the calendar download, and the demo project.

use app::error::AppError;
use app::projects::plan::milestones::{self, MilestoneInput};
use app::projects::plan::{calendar, service as plan};
use app::projects::team::service as team;
use app::projects::TeamRole;

use crate::projects_gates::{actor_for, count, refused_with, world};
use crate::support::*;

#[tokio::test]
async fn a_team_always_has_one_lead_and_supporters_come_from_training_providers() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (d, p, m) = (&w.state.db, w.project, &w.margaret);
        // Only members of the group join with project roles.
        let bad = team::add_member(d, m, p, &w.tom.user_id.to_string(), "peer_researcher").await.unwrap_err();
        assert!(bad.form_errors().unwrap().message_for("user_id").is_some());
        let bad = team::add_member(d, m, p, &w.dennis.user_id.to_string(), "commissioner_contact").await.unwrap_err();
        assert!(bad.form_errors().unwrap().message_for("role").is_some());
        team::add_member(d, m, p, &w.dennis.user_id.to_string(), "peer_researcher").await.unwrap();
        let again = team::add_member(d, m, p, &w.dennis.user_id.to_string(), "co_coder").await.unwrap_err();
        assert!(again.form_errors().unwrap().message_for("user_id").unwrap().contains("already"));
        // The lead cannot step down or leave; handing over the lead keeps one lead.
        refused_with(team::change_role(d, m, p, m.user_id, "peer_researcher").await, &["one lead"]);
        refused_with(team::remove_member(d, m, p, m.user_id).await, &["lead"]);
        refused_with(team::remove_member(d, m, p, w.helen.user_id).await, &["commissioner"]);
        team::change_role(d, m, p, w.dennis.user_id, "lead").await.unwrap();
        let page = team::team_page(d, m, p).await.unwrap();
        let leads: Vec<_> = page.members.iter().filter(|x| x.role == TeamRole::Lead).map(|x| x.name.as_str()).collect();
        assert_eq!(leads, vec!["Dennis Clarke"]);
        assert!(page.members.iter().any(|x| x.name == "Margaret Ellis" && x.role == TeamRole::PeerResearcher));
        let (lead,): (Option<i64>,) = sqlx::query_as("SELECT lead_user_id FROM projects WHERE id = $1").bind(p).fetch_one(d).await.unwrap();
        assert_eq!(lead, Some(w.dennis.user_id));
        // Dennis, now the lead, manages; Margaret still does as the group's coordinator.
        let dennis = actor_for(&w.state, "dennis@whynot.example").await;
        team::set_involvement(d, &dennis, p, "control").await.unwrap();
        assert!(team::set_involvement(d, m, p, "total").await.is_err());

        // Supporters: from a training provider, with at least one role, an agreement and a date.
        let mut input = team::SupporterInput {
            user_id: w.joan.user_id.to_string(),
            roles: vec!["facilitator".into()],
            agreement: "Helps with analysis.".into(),
            review_on: "2027-06-30".into(),
        };
        let bad = team::save_supporter(d, m, p, &input).await.unwrap_err();
        assert!(bad.form_errors().unwrap().message_for("supporter_id").is_some(), "Joan is a trainee, not a supporter");
        input.user_id = w.nadia.user_id.to_string();
        input.roles = vec!["nonsense".into()];
        input.review_on = "31/02/2027".into();
        let bad = team::save_supporter(d, m, p, &input).await.unwrap_err();
        let errors = bad.form_errors().unwrap();
        assert!(errors.message_for("practitioner_roles").is_some() && errors.message_for("review_on").is_some());
        assert_eq!(errors.value_for("agreement"), Some("Helps with analysis."), "what was typed is kept");
        assert_eq!(count(&w.state, "SELECT COUNT(*) FROM project_team WHERE project_id = $1 AND role = 'academic_supporter'", p).await, 0);
        input.roles = vec!["facilitator".into(), "bridge_builder".into()];
        input.review_on = "30/06/2027".into();
        team::save_supporter(d, m, p, &input).await.unwrap();
        let page = team::team_page(d, &w.nadia, p).await.unwrap();
        let nadia = page.members.iter().find(|x| x.role == TeamRole::AcademicSupporter).unwrap();
        assert_eq!(nadia.practitioner_roles, vec!["facilitator".to_string(), "bridge_builder".to_string()]);
        assert_eq!(nadia.review_on, "30 June 2027");
        assert!(!page.can_manage);
        // A supporter on a team sees the project in their list.
        let list = app::projects::service::list_projects(d, &w.nadia, app::ui::pagination::PageNumber(1)).await.unwrap();
        assert!(list.items.iter().any(|x| x.id == p));

        // The advisory group.
        assert!(team::add_advisor(d, m, p, "  ", "").await.unwrap_err().form_errors().unwrap().message_for("advisor_name").is_some());
        team::add_advisor(d, m, p, "Grace Adeyemi", "Carer").await.unwrap();
        assert!(team::add_meeting(d, m, p, "soon", "").await.is_err());
        team::add_meeting(d, m, p, "2027-03-14", "2pm, the library").await.unwrap();
        let page = team::team_page(d, m, p).await.unwrap();
        assert_eq!(page.advisors.len(), 1);
        assert_eq!(page.meetings[0].meets_on, "14 March 2027");
        assert_eq!(team::remove_meeting(d, m, p, page.meetings[0].id + 1000).await.unwrap_err(), AppError::NotFound);
        db.close().await;
    }
}

#[tokio::test]
async fn the_plan_keeps_versions_and_bad_input_changes_nothing() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (d, p, m) = (&w.state.db, w.project, &w.margaret);
        assert_eq!(plan::save_questions(d, m, p, "Version one").await.unwrap(), 1);
        assert_eq!(plan::save_questions(d, m, p, "Version two").await.unwrap(), 2);
        let bad = plan::save_questions(d, m, p, "   ").await.unwrap_err();
        assert!(bad.form_errors().unwrap().message_for("questions").is_some());
        let page = plan::plan_page(d, m, p).await.unwrap();
        assert_eq!(page.versions.iter().map(|v| v.version_no).collect::<Vec<_>>(), vec![2, 1]);
        assert!(plan::agreed_questions(d, p).await.unwrap().is_none());
        plan::agree_questions(d, m, p, page.versions[1].id).await.unwrap();
        assert_eq!(plan::agreed_questions(d, p).await.unwrap().unwrap().version_no, 1);
        // Another project's version is not found.
        assert_eq!(plan::agree_questions(d, m, p, page.versions[0].id + 1000).await.unwrap_err(), AppError::NotFound);

        let revision = || async { count(&w.state, "SELECT revision FROM project_plans WHERE project_id = $1", p).await };
        let before = revision().await;
        let data = plan::DataPlanInput { collected: "Notes".into(), kept_where: "Here".into(), who_sees: "Us".into(), retain_until: "next year".into() };
        let bad = plan::save_data_plan(d, m, p, &data).await.unwrap_err();
        assert_eq!(bad.form_errors().unwrap().value_for("data_collected"), Some("Notes"));
        assert!(bad.form_errors().unwrap().message_for("retain_until").is_some());
        assert_eq!(revision().await, before, "a failed save changes nothing");
        assert!(plan::add_target(d, m, p, "Site", "lots").await.unwrap_err().form_errors().unwrap().message_for("target").is_some());
        assert!(plan::add_target(d, m, p, "", "0").await.unwrap_err().form_errors().unwrap().fields.len() == 2);
        assert_eq!(count(&w.state, "SELECT COUNT(*) FROM project_sampling_targets WHERE project_id = $1", p).await, 0);

        // Milestones: checked, changed, completed once, removed; none of it undoes a sign-off.
        let bad = MilestoneInput { title: String::new(), due_on: "2027-02-30".into(), stage: "closed".into() };
        assert_eq!(milestones::add(d, m, p, &bad).await.unwrap_err().form_errors().unwrap().fields.len(), 3);
        let good = MilestoneInput { title: "Interviews; part 1, done".into(), due_on: "01/04/2027".into(), stage: "fieldwork".into() };
        let id = milestones::add(d, m, p, &good).await.unwrap();
        let moved = MilestoneInput { due_on: "2027-04-08".into(), ..good.clone() };
        milestones::update(d, m, p, id, &moved).await.unwrap();
        let before = revision().await;
        milestones::complete(d, m, p, id).await.unwrap();
        refused_with(milestones::complete(d, m, p, id).await, &["already"]);
        assert_eq!(revision().await, before);
        let second = milestones::add(d, m, p, &MilestoneInput { title: "Report".into(), due_on: "2027-09-01".into(), stage: "reporting".into() }).await.unwrap();
        team::add_meeting(d, m, p, "2027-05-01", "Town hall, room 2").await.unwrap();

        // The calendar: every item, or one.
        let all = calendar::project_calendar(&w.state, &w.helen, p, None).await.unwrap();
        assert_eq!(all.matches("BEGIN:VEVENT").count(), 3);
        assert!(all.contains("DTSTART;VALUE=DATE:20270408\r\n"));
        assert!(all.contains("Interviews\\; part 1\\, done"));
        assert!(all.contains(&format!("UID:project-{p}-milestone-{id}@")));
        let one = calendar::project_calendar(&w.state, m, p, Some(&format!("milestone-{second}"))).await.unwrap();
        assert_eq!(one.matches("BEGIN:VEVENT").count(), 1);
        assert!(one.contains("Report"));
        assert_eq!(calendar::project_calendar(&w.state, m, p, Some("milestone-0")).await.unwrap_err(), AppError::NotFound);
        milestones::remove(d, m, p, second).await.unwrap();
        assert_eq!(milestones::remove(d, m, p, second).await.unwrap_err(), AppError::NotFound);
        db.close().await;
    }
}

#[tokio::test]
async fn the_demo_project_is_in_fieldwork_with_its_history_and_loads_once() {
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        let tables = ["project_gate_passes", "project_gate_signatures", "project_milestones", "project_question_versions", "project_plan_comments", "project_team"];
        let mut before = Vec::new();
        for t in tables {
            before.push(count(&state, &format!("SELECT COUNT(*) FROM {t} WHERE project_id > $1"), 0).await);
        }
        app::demo::load(&state.db).await.unwrap();
        for (t, n) in tables.iter().zip(before) {
            assert_eq!(count(&state, &format!("SELECT COUNT(*) FROM {t} WHERE project_id > $1"), 0).await, n, "{t} after a second load");
        }
        let (project, stage): (i64, String) = sqlx::query_as("SELECT id, stage FROM projects WHERE title LIKE 'Evaluation of the recovery college%'")
            .fetch_one(&state.db)
            .await
            .unwrap();
        assert_eq!(stage, "fieldwork");
        let sam = actor_for(&state, "sam.okafor@msenhs.example").await;
        let o = app::projects::gates::service::overview(&state.db, &sam, project).await.unwrap();
        assert_eq!(o.timeline.iter().map(|t| t.to.as_str()).collect::<Vec<_>>(), vec!["planning", "ethics", "fieldwork"]);
        assert!(o.milestones_total >= 4 && o.milestones_done == 2);
        assert_eq!(plan::plan_page(&state.db, &sam, project).await.unwrap_err(), AppError::NotAllowed, "the commissioner keeps to the overview");
        let priya = actor_for(&state, "priya@se-surg.example").await;
        let page = plan::plan_page(&state.db, &priya, project).await.unwrap();
        assert!(page.versions.len() == 2 && page.versions[0].agreed);
        assert!(page.signoffs.iter().any(|s| s.current && s.name == "Dr Nadia Bell"));
        assert_eq!(plan::agreed_questions(&state.db, project).await.unwrap().unwrap().version_no, 2);
        let nadia = actor_for(&state, "nadia.bell@aru.example").await;
        let list = app::projects::service::list_projects(&state.db, &nadia, app::ui::pagination::PageNumber(1)).await.unwrap();
        assert!(list.items.iter().any(|p| p.id == project), "the supporter sees the project she is on");
        db.close().await;
    }
}
