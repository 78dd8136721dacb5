//! Lone working through the real router, as a browser without JavaScript uses it: check in,
//! the big check-out button, refusals; and a milestone added on the plan page e-mails the
//! team its calendar invitation.

use app::projects::fieldwork::lonework::service::uk_date_and_time;
use test_support::http::*;

/// A new SE-SURG project led by Priya (Sam the commissioner's contact) with Tom and Rita as
/// peer researchers.
async fn project(app: &TestApp) -> String {
    let project = worlds::awarded_project(
        &app.state.db,
        "se-surg",
        "mid-and-south-essex-nhs",
        "priya@se-surg.example",
        "sam.okafor@msenhs.example",
        "Lone working (test)",
    )
    .await;
    let sesurg = worlds::organisation_id(&app.state.db, "se-surg").await;
    let rita = worlds::person(&app.state.db, "Rita Researcher", "rita@se-surg.example").await;
    worlds::add_member(&app.state.db, sesurg, rita.id, "member", false).await;
    let tom = worlds::user_id(&app.state.db, "tom@se-surg.example").await;
    for user in [tom, rita.id] {
        sqlx::query("INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1)")
            .bind(project)
            .bind(user)
            .execute(&app.state.db)
            .await
            .unwrap();
    }
    project.to_string()
}

#[tokio::test]
async fn without_javascript_a_researcher_checks_in_and_out() {
    for app in apps().await {
        let project = project(&app).await;
        let path = format!("/projects/{project}/lone-working");
        let tom = app.sign_in("tom@se-surg.example").await;
        let page = app.get(&path, Some(&tom)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Check in") && page.body.contains("Where you are going"), "{}", page.body);
        let overview = app.get(&format!("/projects/{project}"), Some(&tom)).await;
        assert!(overview.body.contains(&path), "the project page links to lone working");

        // A time already past comes back beside its field; the phone number is not in the address.
        let (day, _) = uk_date_and_time(app::platform::time::now());
        let (back_on, back_at) = uk_date_and_time(app::platform::time::now() + 2 * 3600);
        let bad = [("project_id", project.as_str()), ("place", "Basildon library"), ("phone", "07700 900555"), ("session_id", ""), ("back_on", day.as_str()), ("back_at", "")];
        let refused = app.post_form("/api/project-lone-working-check-in", &bad, Some(&tom), &path).await;
        assert!(refused.location().contains("__form="), "{}", refused.location());
        assert!(!refused.location().contains("900555"), "{}", refused.location());
        let again = app.get(refused.location(), Some(&tom)).await;
        assert!(again.body.contains("Enter the time you expect to be back"), "{}", again.body);
        assert!(again.body.contains("Basildon library"), "the place typed is kept");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM lone_working_check_ins WHERE project_id = {project}")).await, 0);

        let good = [("project_id", project.as_str()), ("place", "Basildon library"), ("phone", "07700 900555"), ("session_id", ""), ("back_on", back_on.as_str()), ("back_at", back_at.as_str())];
        let saved = app.post_form("/api/project-lone-working-check-in", &good, Some(&tom), &path).await;
        assert_eq!(saved.location(), format!("{path}?done=in"));
        let page = app.get(saved.location(), Some(&tom)).await;
        assert!(page.body.contains("You are checked in") && page.body.contains("I am back safely"), "{}", page.body);
        let check_in = app.count(&format!("SELECT id FROM lone_working_check_ins WHERE project_id = {project}")).await.to_string();

        // The lead sees Tom out; the commissioner and another group see nothing.
        let priya = app.sign_in("priya@se-surg.example").await;
        let lead = app.get(&path, Some(&priya)).await;
        assert!(lead.body.contains("Who is out now") && lead.body.contains("Tom Barker") && lead.body.contains("Basildon library"), "{}", lead.body);
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let commissioner = app.get(&path, Some(&sam)).await;
        assert_eq!(commissioner.status, StatusCode::FORBIDDEN);
        assert!(!commissioner.body.contains("Basildon library"));
        assert!(!app.get(&format!("/projects/{project}"), Some(&sam)).await.body.contains(&path), "no link for the commissioner");
        let margaret = app.sign_in("margaret@whynot.example").await;
        assert_eq!(app.get(&path, Some(&margaret)).await.status, StatusCode::NOT_FOUND);

        // Nobody else can check Tom out: not Rita, not the lead, not the commissioner.
        let out = [("project_id", project.as_str()), ("check_in_id", check_in.as_str())];
        let rita = app.sign_in("rita@se-surg.example").await;
        for who in [&rita, &priya, &sam, &margaret] {
            let reply = app.post_form("/api/project-lone-working-check-out", &out, Some(who), &path).await;
            assert!(reply.location().contains("__form=") || reply.status.is_client_error(), "{} {}", reply.status, reply.location());
        }
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM lone_working_check_ins WHERE project_id = {project} AND checked_out_at IS NULL")).await, 1);
        // Others cannot check in either.
        for who in [&sam, &margaret] {
            let reply = app.post_form("/api/project-lone-working-check-in", &good, Some(who), &path).await;
            assert!(reply.location().contains("__form=") || reply.status.is_client_error(), "{}", reply.location());
        }
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM lone_working_check_ins WHERE project_id = {project}")).await, 1);

        // Tom checks out with the one button; a second press changes nothing.
        let done = app.post_form("/api/project-lone-working-check-out", &out, Some(&tom), &path).await;
        assert_eq!(done.location(), format!("{path}?done=out"));
        let page = app.get(done.location(), Some(&tom)).await;
        assert!(page.body.contains("You are checked out") && page.body.contains("Your recent check-ins"), "{}", page.body);
        let twice = app.post_form("/api/project-lone-working-check-out", &out, Some(&tom), &path).await;
        assert_eq!(twice.location(), format!("{path}?done=already"));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM lone_working_check_ins WHERE project_id = {project} AND checked_out_at IS NOT NULL")).await, 1);
        assert!(app.state.mailer.sent().is_empty(), "checking out in time e-mails nobody");
        app.db.close().await;
    }
}

/// The project page's lone-working panel: no panel for the commissioner's contact (who sees
/// the project, not its lone working); a refusal for someone who does not see the project.
#[tokio::test]
async fn the_lone_working_panel_is_refused_to_people_who_do_not_see_the_project() {
    for app in apps().await {
        let project = project(&app).await;
        let body = format!("project_id={project}");
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let panel = app.send(api_request("/api/project-lone-working-summary", body.clone(), Some(&sam))).await;
        assert_eq!((panel.status, panel.body.trim()), (StatusCode::OK, "null"));
        let margaret = app.sign_in("margaret@whynot.example").await;
        let refused = app.send(api_request("/api/project-lone-working-summary", body.clone(), Some(&margaret))).await;
        assert!(matches!(refused.status.as_u16(), 403 | 404), "{} {}", refused.status, refused.body);
        let tom = app.sign_in("tom@se-surg.example").await;
        let researcher = app.send(api_request("/api/project-lone-working-summary", body, Some(&tom))).await;
        assert!(researcher.status == StatusCode::OK && researcher.body.contains("is_researcher"), "{}", researcher.body);
    }
}

#[tokio::test]
async fn a_milestone_added_on_the_plan_page_e_mails_the_team_its_calendar_invitation() {
    for app in apps().await {
        let project = project(&app).await;
        let priya = app.sign_in("priya@se-surg.example").await;
        let plan = format!("/projects/{project}/plan");
        let form = [("project_id", project.as_str()), ("milestone_title", "Interviews finished"), ("due_on", "2027-03-31"), ("milestone_stage", "fieldwork")];
        let saved = app.post_form("/api/add-milestone", &form, Some(&priya), &plan).await;
        assert!(saved.location().contains("done=milestone"), "{}", saved.location());
        let sent: Vec<_> = app.state.mailer.sent().into_iter().filter(|m| m.subject.contains("milestone on 31 March 2027")).collect();
        assert!(sent.iter().any(|m| m.to == "tom@se-surg.example"), "{:?}", sent.iter().map(|m| &m.to).collect::<Vec<_>>());
        assert!(sent.iter().all(|m| m.attachments.len() == 1 && m.attachments[0].content_type.starts_with("text/calendar")));
        let team = [("project_id", project.as_str()), ("meets_on", "2027-05-01"), ("meeting_note", "2pm, the town hall")];
        app.post_form("/api/add-advisory-meeting", &team, Some(&priya), &format!("/projects/{project}/team")).await;
        let meeting: Vec<_> = app.state.mailer.sent().into_iter().filter(|m| m.subject.contains("advisory group meeting on 1 May 2027")).collect();
        assert!(!meeting.is_empty() && meeting.iter().all(|m| String::from_utf8_lossy(&m.attachments[0].bytes).contains("20270501")));
        app.db.close().await;
    }
}
