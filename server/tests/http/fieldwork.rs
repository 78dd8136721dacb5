//! Fieldwork sessions through the real router, as a browser without JavaScript uses them:
//! planning (researchers ticked as `researchers[i]`), adding participants with the refusal
//! beside the field, marking held, a debrief, correcting the notes afterwards; the printable
//! pack and the calendar file for researchers only; the commissioner sees the count of
//! sessions held and nothing more.

use test_support::http::*;

const NAME: &str = "Quentin Hiddenname";
const WITHDRAWN_NAME: &str = "Rosa Gone";

async fn id(app: &TestApp, sql: &str) -> String {
    app.count(sql).await.to_string()
}

/// A new SE-SURG project led by Priya (Sam is its contact), Tom a peer researcher and Nadia
/// its academic supporter; approved ethics with a sheet, a consent form and a topic guide.
async fn approved_project(app: &TestApp) -> (String, String) {
    let project = worlds::awarded_project(
        &app.state.db,
        "se-surg",
        "mid-and-south-essex-nhs",
        "priya@se-surg.example",
        "sam.okafor@msenhs.example",
        "Peer support evaluation (fieldwork test)",
    )
    .await;
    let tom = worlds::user_id(&app.state.db, "tom@se-surg.example").await;
    let nadia = worlds::user_id(&app.state.db, "nadia.bell@aru.example").await;
    for (user, role) in [(tom, "peer_researcher"), (nadia, "academic_supporter")] {
        sqlx::query("INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, $3, 1)")
            .bind(project)
            .bind(user)
            .bind(role)
            .execute(&app.state.db)
            .await
            .unwrap();
    }
    let (application,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) \
         VALUES ($1, 'nhs', 'Recovery college evaluation', 'approved', 1, 1) RETURNING id",
    )
    .bind(project)
    .fetch_one(&app.state.db)
    .await
    .unwrap();
    let mut form = 0;
    for (kind, body) in [
        ("information_sheet", "What taking part means."),
        ("consent_form", "I agree to take part in this evaluation."),
        ("topic_guide", "1. How did you hear about the college?"),
    ] {
        let (doc,): (i64,) = sqlx::query_as(
            "INSERT INTO ethics_documents (application_id, application_version, kind, doc_version, title, body, created_at) \
             VALUES ($1, 1, $2, 1, $2, $3, 1) RETURNING id",
        )
        .bind(application)
        .bind(kind)
        .bind(body)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
        if kind == "consent_form" {
            form = doc;
        }
    }
    (project.to_string(), form.to_string())
}

/// Adds a participant by the consent forms, with consent; returns their id.
async fn consented(app: &TestApp, cookie: &str, project: &str, form: &str, name: &str) -> String {
    let list = format!("/projects/{project}/participants");
    let added = app
        .post_form(
            "/api/project-add-participant",
            &[("project_id", project), ("full_name", name), ("phone", ""), ("email", ""), ("address", ""), ("contact_notes", ""), ("site_id", ""), ("joined_on", "2026-11-01")],
            Some(cookie),
            &list,
        )
        .await;
    assert!(added.location().contains("done=added"), "{}", added.location());
    let participant = id(app, &format!("SELECT MAX(id) FROM participants WHERE project_id = {project}")).await;
    let tom = id(app, "SELECT id FROM users WHERE email = 'tom@se-surg.example'").await;
    let consent = [
        ("project_id", project),
        ("participant_id", participant.as_str()),
        ("document_id", form),
        ("consented_on", "2026-11-02"),
        ("method", "paper"),
        ("taken_by", tom.as_str()),
        ("confirmed", "on"),
    ];
    let saved = app.post_form("/api/project-record-consent", &consent, Some(cookie), &list).await;
    assert!(saved.location().contains("done=consent"), "{}", saved.location());
    participant
}

/// Plans an interview yesterday with Tom present; returns the session's id.
async fn plan(app: &TestApp, cookie: &str, project: &str) -> String {
    let tom = id(app, "SELECT id FROM users WHERE email = 'tom@se-surg.example'").await;
    let yesterday = worlds::day(-1);
    let form = [
        ("project_id", project),
        ("kind", "interview"),
        ("held_on", yesterday.as_str()),
        ("starts_at", "10:30"),
        ("venue", "Southend library, quiet room"),
        ("step_free", "on"),
        ("researchers[0]", tom.as_str()),
    ];
    let list = format!("/projects/{project}/fieldwork");
    let planned = app.post_form("/api/fieldwork-plan-session", &form, Some(cookie), &list).await;
    let session = id(app, &format!("SELECT MAX(id) FROM fieldwork_sessions WHERE project_id = {project}")).await;
    assert_eq!(planned.location(), format!("{list}/{session}?done=planned"), "{}", planned.body);
    session
}

#[tokio::test]
async fn without_javascript_a_researcher_plans_a_session_adds_a_participant_marks_it_held_and_writes_a_debrief() {
    for app in apps().await {
        let (project, form) = approved_project(&app).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let list = format!("/projects/{project}/fieldwork");
        let page = app.get(&list, Some(&tom)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Plan a session") && page.body.contains("No sessions yet."), "{}", page.body);

        // A bad plan comes back with messages beside the fields and what was typed.
        let bad = [("project_id", project.as_str()), ("held_on", "31/02/2027"), ("starts_at", ""), ("venue", "Village hall")];
        let refused = app.post_form("/api/fieldwork-plan-session", &bad, Some(&tom), &list).await;
        assert!(refused.location().contains("__form="), "{}", refused.location());
        let again = app.get(refused.location(), Some(&tom)).await;
        assert!(again.body.contains("Choose the kind of session") && again.body.contains("that month has 28 days"), "{}", again.body);
        assert!(again.body.contains("Tick at least one researcher who will be there"));
        assert!(again.body.contains("Village hall"), "the venue typed is kept");
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE project_id = {project}")).await, 0);

        let session = plan(&app, &tom, &project).await;
        let path = format!("{list}/{session}");
        let participant = consented(&app, &tom, &project, &form, NAME).await;
        let gone = consented(&app, &tom, &project, &form, WITHDRAWN_NAME).await;
        let today = worlds::day(0);
        let withdraw = [("project_id", project.as_str()), ("participant_id", gone.as_str()), ("withdrawn_on", today.as_str()), ("reason", "")];
        app.post_form("/api/project-withdraw-participant", &withdraw, Some(&tom), "/").await;

        let page = app.get(&path, Some(&tom)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Add to the session") && page.body.contains("P-02 (withdrawn)"), "{}", page.body);
        assert!(!page.body.contains(NAME), "codes only on the session page");
        let add = |p: &str| vec![("project_id".to_string(), project.clone()), ("session_id".to_string(), session.clone()), ("participant_id".to_string(), p.to_string())];
        let refused_form = add(&gone);
        let refused_form: Vec<(&str, &str)> = refused_form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let refused = app.post_form("/api/fieldwork-add-participant", &refused_form, Some(&tom), &path).await;
        let again = app.get(refused.location(), Some(&tom)).await;
        assert!(again.body.contains("P-02 cannot join this interview") && again.body.contains("has withdrawn"), "{}", again.body);
        assert!(again.body.contains("field-participant_id-error"), "the message is beside the field");
        let ok_form = add(&participant);
        let ok_form: Vec<(&str, &str)> = ok_form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let added = app.post_form("/api/fieldwork-add-participant", &ok_form, Some(&tom), &path).await;
        assert_eq!(added.location(), format!("{path}?done=participant#participants"));
        // While planned, a participant can be taken off again (and added back).
        let page = app.get(&path, Some(&tom)).await;
        assert!(page.body.contains("Take P-01 off this session"), "{}", page.body);
        let take_off = [("project_id", project.as_str()), ("session_id", session.as_str()), ("participant_id", participant.as_str())];
        let taken_off = app.post_form("/api/fieldwork-remove-participant", &take_off, Some(&tom), &path).await;
        assert_eq!(taken_off.location(), format!("{path}?done=removed#participants"));
        assert!(app.get(&path, Some(&tom)).await.body.contains("No participants added yet."));
        app.post_form("/api/fieldwork-add-participant", &ok_form, Some(&tom), &path).await;

        // Marking held: the length is needed; notes never travel in the address, yet are
        // back in their box.
        let no_length = [("project_id", project.as_str()), ("session_id", session.as_str()), ("duration_minutes", ""), ("notes", "Secretive notes")];
        let refused = app.post_form("/api/fieldwork-mark-held", &no_length, Some(&tom), &path).await;
        assert!(refused.location().contains("__form=") && !refused.location().contains("Secretive"), "{}", refused.location());
        assert!(app.get(refused.location(), Some(&tom)).await.body.contains(">Secretive notes</textarea>"), "the notes typed are kept");
        let held = [("project_id", project.as_str()), ("session_id", session.as_str()), ("duration_minutes", "45"), ("notes", "P-01 liked the peer trainer.")];
        assert_eq!(app.post_form("/api/fieldwork-mark-held", &held, Some(&tom), &path).await.location(), format!("{path}?done=held"));
        let page = app.get(&path, Some(&tom)).await;
        assert!(page.body.contains("45 minutes") && page.body.contains("P-01 liked the peer trainer.") && page.body.contains("0 of 1 debrief done"), "{}", page.body);
        assert!(page.body.contains("Your debrief"));
        assert!(!page.body.contains("off this session"), "a held session's participants stay");

        // The debrief: a failed one keeps nothing in the address; a good one is saved.
        let nadia = id(&app, "SELECT id FROM users WHERE email = 'nadia.bell@aru.example'").await;
        let unfinished = [("project_id", project.as_str()), ("session_id", session.as_str()), ("upsetting", "A shaky bus ride"), ("supporter_id", "")];
        let refused = app.post_form("/api/fieldwork-save-debrief", &unfinished, Some(&tom), &path).await;
        assert!(refused.location().contains("__form=") && !refused.location().contains("shaky"), "{}", refused.location());
        let again = app.get(refused.location(), Some(&tom)).await;
        assert!(again.body.contains("Choose how you are") && again.body.contains(">A shaky bus ride</textarea>"), "kept for the form: {}", again.body);
        let debrief = [
            ("project_id", project.as_str()),
            ("session_id", session.as_str()),
            ("feeling", "not_so_good"),
            ("upsetting", "A shaky bus ride home"),
            ("wants_support", "yes"),
            ("supporter_id", nadia.as_str()),
        ];
        let saved = app.post_form("/api/fieldwork-save-debrief", &debrief, Some(&tom), &path).await;
        assert_eq!(saved.location(), format!("{path}?done=debrief#debrief"));
        let page = app.get(&path, Some(&tom)).await;
        assert!(page.body.contains("1 of 1 debrief done") && page.body.contains("Read your debrief"), "{}", page.body);
        let debrief_id = id(&app, &format!("SELECT id FROM fieldwork_debriefs WHERE session_id = {session}")).await;
        let own = app.get(&format!("{path}/debriefs/{debrief_id}"), Some(&tom)).await;
        assert!(own.status == StatusCode::OK && own.body.contains("A shaky bus ride home"));
        let nadia_cookie = app.sign_in("nadia.bell@aru.example").await;
        let shared = app.get(&list, Some(&nadia_cookie)).await;
        assert!(shared.body.contains("Debriefs shared with you") && shared.body.contains("Asked for support"), "{}", shared.body);
        assert!(app.get(&format!("{path}/debriefs/{debrief_id}"), Some(&nadia_cookie)).await.body.contains("A shaky bus ride home"));

        // The pack and the calendar file, for the researchers.
        let pack = app.get(&format!("{path}/pack"), Some(&tom)).await;
        assert_eq!(pack.status, StatusCode::OK);
        for words in ["Fieldwork pack", "Information sheet, version 1", "Interview or topic guide, version 1", "Consent form for P-01", "Consent form version 1", "Participant&#x27;s signature"] {
            assert!(pack.body.contains(words) || pack.body.contains(&words.replace("&#x27;", "'")), "{words}: {}", pack.body);
        }
        assert!(pack.body.contains("Withdrawn: P-02") || !pack.body.contains("Consent form for P-02"));
        assert!(!pack.body.contains(NAME) && !pack.body.contains("Consent form for P-02"), "codes only, and no form for someone withdrawn");
        let ics = app.get(&format!("{path}/session.ics"), Some(&tom)).await;
        assert_eq!(ics.status, StatusCode::OK);
        assert!(ics.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/calendar"));
        assert!(ics.body.contains("BEGIN:VEVENT") && ics.body.contains("LOCATION:Southend library\\, quiet room"));
        assert!(!ics.body.contains("P-01"));
        app.db.close().await;
    }
}

#[tokio::test]
async fn the_commissioner_sees_the_count_and_others_are_refused_the_pack_and_calendar() {
    for app in apps().await {
        let (project, form) = approved_project(&app).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let session = plan(&app, &tom, &project).await;
        let participant = consented(&app, &tom, &project, &form, NAME).await;
        let add = [("project_id", project.as_str()), ("session_id", session.as_str()), ("participant_id", participant.as_str())];
        assert!(app.post_form("/api/fieldwork-add-participant", &add, Some(&tom), "/").await.location().contains("done=participant"));
        let held = [("project_id", project.as_str()), ("session_id", session.as_str()), ("duration_minutes", "30"), ("notes", "Confidential notes")];
        app.post_form("/api/fieldwork-mark-held", &held, Some(&tom), "/").await;
        let path = format!("/projects/{project}/fieldwork/{session}");
        let overview = app.get(&format!("/projects/{project}"), Some(&tom)).await;
        assert!(overview.body.contains(&format!("/projects/{project}/fieldwork")), "the team's navigation links to Fieldwork");

        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let overview = app.get(&format!("/projects/{project}"), Some(&sam)).await;
        assert_eq!(overview.status, StatusCode::OK);
        assert!(overview.body.contains("<dt>Sessions held</dt><dd>1</dd>"), "{}", overview.body);
        assert!(!overview.body.contains(&format!("/projects/{project}/fieldwork")), "no link to fieldwork for the commissioner");
        let paths = [format!("/projects/{project}/fieldwork"), path.clone(), format!("{path}/pack"), format!("{path}/session.ics")];
        for p in &paths {
            let reply = app.get(p, Some(&sam)).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{p}");
            assert!(!reply.body.contains("Confidential") && !reply.body.contains("P-01") && !reply.body.contains("Southend library"), "{p}");
        }
        // Another group learns nothing exists; nor does someone signed out.
        let margaret = app.sign_in("margaret@whynot.example").await;
        for p in &paths {
            assert_eq!(app.get(p, Some(&margaret)).await.status, StatusCode::NOT_FOUND, "{p}");
        }
        let signed_out = app.get(&format!("{path}/session.ics"), None).await;
        assert!(signed_out.location().starts_with("/sign-in?next="), "{}", signed_out.location());
        // A member of the group who is not on the team sees codes, not notes, and no pack.
        let sesurg = worlds::organisation_id(&app.state.db, "se-surg").await;
        let member = worlds::person(&app.state.db, "Olive Offteam", "olive@se-surg.example").await;
        worlds::add_member(&app.state.db, sesurg, member.id, "member", false).await;
        let olive = app.sign_in("olive@se-surg.example").await;
        let page = app.get(&path, Some(&olive)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("P-01") && !page.body.contains("Confidential") && !page.body.contains(NAME), "{}", page.body);
        assert!(!page.body.contains("Print the fieldwork pack"));
        assert_eq!(app.get(&format!("{path}/pack"), Some(&olive)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&format!("{path}/session.ics"), Some(&olive)).await.status, StatusCode::FORBIDDEN);
        // Posting straight to the server functions changes nothing.
        let cancel = [("project_id", project.as_str()), ("session_id", session.as_str())];
        for cookie in [&sam, &margaret, &olive] {
            assert!(app.post_form("/api/fieldwork-cancel-session", &cancel, Some(cookie), &path).await.location().contains("__form="));
        }
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE id = {session} AND status = 'held'")).await, 1);
        app.db.close().await;
    }
}

#[tokio::test]
async fn without_javascript_a_researcher_corrects_a_held_sessions_length_and_notes() {
    for app in apps().await {
        let (project, _) = approved_project(&app).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let session = plan(&app, &tom, &project).await;
        let path = format!("/projects/{project}/fieldwork/{session}");
        let page = app.get(&path, Some(&tom)).await;
        assert!(!page.body.contains("Correct the notes"), "nothing to correct before it is held");
        let held = [("project_id", project.as_str()), ("session_id", session.as_str()), ("duration_minutes", "45"), ("notes", "P-01 liked the peer trainer.")];
        app.post_form("/api/fieldwork-mark-held", &held, Some(&tom), &path).await;

        // The form starts with what is saved.
        let page = app.get(&path, Some(&tom)).await;
        assert!(page.body.contains("Correct the notes") && page.body.contains("Save the corrected notes"), "{}", page.body);
        assert!(page.body.contains("value=\"45\""), "the length is filled in: {}", page.body);
        assert!(page.body.contains("P-01 liked the peer trainer.</textarea>"), "the notes are filled in: {}", page.body);

        // A bad length comes back with its message and the notes as typed, never in the address.
        let typed = "P-01 liked the peer trainer and the garden.";
        let bad = [("project_id", project.as_str()), ("session_id", session.as_str()), ("duration_minutes", "an hour"), ("notes", typed)];
        let refused = app.post_form("/api/fieldwork-correct-notes", &bad, Some(&tom), &path).await;
        assert!(refused.location().contains("__form=") && !refused.location().contains("garden"), "{}", refused.location());
        let again = app.get(refused.location(), Some(&tom)).await;
        assert!(again.body.contains("Enter the length as a whole number of minutes, for example 45"), "{}", again.body);
        assert!(again.body.contains("field-duration_minutes-error") && again.body.contains("an hour"), "the message is beside the field, with what was typed");
        assert!(again.body.contains(&format!("{typed}</textarea>")), "the typed notes are kept: {}", again.body);
        let saved = format!("SELECT COUNT(*) FROM fieldwork_sessions WHERE id = {session} AND duration_minutes = 45 AND notes = 'P-01 liked the peer trainer.'");
        assert_eq!(app.count(&saved).await, 1, "nothing saved");

        // A good correction is saved, and the page says so.
        let good = [("project_id", project.as_str()), ("session_id", session.as_str()), ("duration_minutes", "50"), ("notes", typed)];
        let corrected = app.post_form("/api/fieldwork-correct-notes", &good, Some(&tom), &path).await;
        assert_eq!(corrected.location(), format!("{path}?done=corrected#notes"));
        let (to, _) = corrected.location().split_once('#').unwrap();
        let page = app.get(to, Some(&tom)).await;
        assert!(page.body.contains("The corrected length and notes are saved."), "{}", page.body);
        assert!(page.body.contains("50 minutes") && page.body.contains(typed) && !page.body.contains("45 minutes"), "{}", page.body);
        assert!(page.body.contains("Length and notes corrected"), "the history says so: {}", page.body);

        // Someone who may not is refused, and nothing changes.
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let other = [("project_id", project.as_str()), ("session_id", session.as_str()), ("duration_minutes", "5"), ("notes", "")];
        assert!(app.post_form("/api/fieldwork-correct-notes", &other, Some(&sam), &path).await.location().contains("__form="));
        assert_eq!(app.count(&format!("SELECT duration_minutes FROM fieldwork_sessions WHERE id = {session}")).await, 50);
        app.db.close().await;
    }
}
