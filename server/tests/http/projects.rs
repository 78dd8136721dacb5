//! Projects through the real router, as a browser without JavaScript would use them: who
//! may open the project, team and plan pages, the calendar download, a plan form sent back
//! with its message and what was typed, and a gate refused and then passed.

use test_support::http::*;

async fn demo_project(app: &TestApp) -> i64 {
    app.count("SELECT id FROM projects WHERE title LIKE 'Evaluation of the recovery college%'").await
}

#[tokio::test]
async fn project_pages_are_shown_to_the_right_people() {
    for app in apps().await {
        let p = demo_project(&app).await;
        let priya = app.sign_in("priya@se-surg.example").await;
        let page = app.get(&format!("/projects/{p}"), Some(&priya)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Stage history") && page.body.contains("Ethics approval to Fieldwork"), "the timeline");
        assert!(page.body.contains("Next step: from fieldwork to analysis"));
        assert!(page.body.contains(&format!("href=\"/projects/{p}/team\"")));
        let team = app.get(&format!("/projects/{p}/team"), Some(&priya)).await;
        assert_eq!(team.status, StatusCode::OK);
        assert!(team.body.contains("Dr Nadia Bell") && team.body.contains("Agreement on boundaries"));
        let plan = app.get(&format!("/projects/{p}/plan"), Some(&priya)).await;
        assert_eq!(plan.status, StatusCode::OK);
        assert!(plan.body.contains("Version 2") && plan.body.contains("Signed off by Dr Nadia Bell"));

        // The commissioner sees the overview only.
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let overview = app.get(&format!("/projects/{p}"), Some(&sam)).await;
        assert_eq!(overview.status, StatusCode::OK);
        assert!(overview.body.contains("Stage history") && overview.body.contains("Interviews finished"));
        assert!(!overview.body.contains(&format!("href=\"/projects/{p}/team\"")), "no link to pages the commissioner may not open");
        assert_eq!(app.get(&format!("/projects/{p}/team"), Some(&sam)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&format!("/projects/{p}/plan"), Some(&sam)).await.status, StatusCode::FORBIDDEN);
        let calendar = app.get(&format!("/projects/{p}/calendar.ics"), Some(&sam)).await;
        assert_eq!(calendar.status, StatusCode::OK);
        assert!(calendar.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/calendar"));
        assert!(calendar.body.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(calendar.body.replace("\r\n ", "").contains("Interviews finished"), "long lines are folded");

        // Another group's coordinator, another body's commissioner, and nobody.
        for email in ["margaret@whynot.example", "helen.carter@essex-council.example"] {
            let other = app.sign_in(email).await;
            for path in [format!("/projects/{p}"), format!("/projects/{p}/team"), format!("/projects/{p}/plan"), format!("/projects/{p}/calendar.ics")] {
                assert_eq!(app.get(&path, Some(&other)).await.status, StatusCode::NOT_FOUND, "{email} {path}");
            }
        }
        let nobody = app.get(&format!("/projects/{p}/calendar.ics"), None).await;
        assert!(nobody.location().starts_with("/sign-in?next="), "{}", nobody.location());
        app.db.close().await;
    }
}

#[tokio::test]
async fn without_javascript_a_plan_form_comes_back_with_its_message_and_a_gate_is_refused_then_passed() {
    for app in apps().await {
        let p = demo_project(&app).await;
        let pid = p.to_string();
        let priya = app.sign_in("priya@se-surg.example").await;
        let plan_path = format!("/projects/{p}/plan");

        // A bad target number: sent back beside its field, what was typed kept, nothing saved.
        let bad = app
            .post_form("/api/add-sampling-target", &[("project_id", &pid), ("site", "Southend library"), ("target", "lots")], Some(&priya), &plan_path)
            .await;
        assert!(bad.location().contains("__form="), "{}", bad.location());
        let shown = app.get(bad.location(), Some(&priya)).await;
        assert!(shown.body.contains("Enter how many people"), "the message beside the field");
        assert!(shown.body.contains("value=\"Southend library\""), "what was typed is kept");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM project_sampling_targets WHERE project_id = {p}")).await, 2);

        // The gate out of fieldwork: refused while fieldwork milestones are open.
        let project_path = format!("/projects/{p}");
        let refused = app.post_form("/api/pass-gate", &[("project_id", &pid), ("from_stage", "fieldwork"), ("note", "")], Some(&priya), &project_path).await;
        assert!(refused.location().contains("__form="), "{}", refused.location());
        let shown = app.get(refused.location(), Some(&priya)).await;
        assert!(shown.body.contains("This gate cannot be passed yet"), "the page lists what is missing");
        assert!(shown.body.contains("every milestone for fieldwork is complete"));
        // A peer researcher does not pass gates.
        let tom = app.sign_in("tom@se-surg.example").await;
        let not_tom = app.post_form("/api/pass-gate", &[("project_id", &pid), ("from_stage", "fieldwork"), ("note", "")], Some(&tom), &project_path).await;
        assert!(not_tom.location().contains("__form="));

        // Complete the fieldwork milestones, sign, and pass.
        let open = app.count(&format!("SELECT COUNT(*) FROM project_milestones WHERE project_id = {p} AND stage = 'fieldwork' AND completed_at IS NULL")).await;
        assert_eq!(open, 2);
        for _ in 0..open {
            let id = app.count(&format!("SELECT MIN(id) FROM project_milestones WHERE project_id = {p} AND stage = 'fieldwork' AND completed_at IS NULL")).await;
            let done = app.post_form("/api/complete-milestone", &[("project_id", &pid), ("milestone_id", &id.to_string())], Some(&priya), &plan_path).await;
            assert_eq!(done.location(), format!("{plan_path}?done=milestone-done#plan-milestones"));
        }
        let signed = app.post_form("/api/sign-gate", &[("project_id", &pid), ("from_stage", "fieldwork"), ("signed_as", "lead")], Some(&priya), &project_path).await;
        assert_eq!(signed.location(), format!("{project_path}?done=signed#gate"));
        let passed = app
            .post_form("/api/pass-gate", &[("project_id", &pid), ("from_stage", "fieldwork"), ("note", "All interviews done.")], Some(&priya), &project_path)
            .await;
        assert_eq!(passed.location(), format!("{project_path}?done=passed#timeline"));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM projects WHERE id = {p} AND stage = 'analysis'")).await, 1);
        let page = app.get(passed.location(), Some(&priya)).await;
        assert!(page.body.contains("The gate is passed") && page.body.contains("Fieldwork to Analysis") && page.body.contains("All interviews done."));
        // The same form again is told the gate has moved on.
        let again = app.post_form("/api/pass-gate", &[("project_id", &pid), ("from_stage", "fieldwork"), ("note", "")], Some(&priya), &project_path).await;
        let shown = app.get(again.location(), Some(&priya)).await;
        assert!(shown.body.contains("already passed this gate"));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM project_gate_passes WHERE project_id = {p}")).await, 4);
        app.db.close().await;
    }
}

#[tokio::test]
async fn without_javascript_a_supporters_roles_and_agreement_are_changed_after_adding() {
    for app in apps().await {
        let project = demo_project(&app).await.to_string();
        let nadia = app.count("SELECT id FROM users WHERE email = 'nadia.bell@aru.example'").await.to_string();
        let team_path = format!("/projects/{project}/team");
        let priya = app.sign_in("priya@se-surg.example").await;
        let page = app.get(&team_path, Some(&priya)).await;
        assert!(page.body.contains("Change Dr Nadia Bell's practitioner roles and agreement"), "{}", page.body);
        let form = |roles: &[&'static str], agreement: &'static str| {
            let mut f: Vec<(String, String)> = vec![("project_id".into(), project.clone()), ("supporter_id".into(), nadia.clone())];
            f.extend(roles.iter().map(|r| (format!("role_{r}"), "on".to_string())));
            f.push(("agreement".into(), agreement.into()));
            f.push(("review_on".into(), "2027-09-30".into()));
            f
        };
        // No role ticked: back with the message, the agreement typed kept.
        let bad = form(&[], "Reads drafts within a fortnight.");
        let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let refused = app.post_form("/api/save-supporter", &bad, Some(&priya), &team_path).await;
        assert!(refused.location().contains("__form="), "{}", refused.location());
        let again = app.get(refused.location().trim_start_matches("http://127.0.0.1:3000"), Some(&priya)).await;
        assert!(again.body.contains("Tick at least one practitioner role") && again.body.contains("Reads drafts within a fortnight."), "{}", again.body);
        // The commissioner cannot change it.
        let good = form(&["facilitator", "co_educator"], "Reads drafts within a fortnight.");
        let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let not_sam = app.post_form("/api/save-supporter", &good, Some(&sam), &team_path).await;
        assert!(not_sam.location().contains("__form=") || not_sam.status.is_client_error(), "{}", not_sam.status);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM project_team WHERE project_id = {project} AND agreement = 'Reads drafts within a fortnight.'")).await, 0);
        let saved = app.post_form("/api/save-supporter", &good, Some(&priya), &team_path).await;
        assert!(!saved.location().contains("__form="), "{}", saved.location());
        let page = app.get(&team_path, Some(&priya)).await;
        assert!(page.body.contains("Reads drafts within a fortnight.") && page.body.contains("30 September 2027"), "{}", page.body);
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM project_team WHERE project_id = {project} AND user_id = {nadia} AND role = 'academic_supporter' AND practitioner_roles = 'facilitator,co_educator'")).await,
            1
        );
        app.db.close().await;
    }
}
