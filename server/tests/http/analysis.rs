//! Analysis through the real router, as a browser without JavaScript sends it: a code
//! added, paragraphs ticked and coded, a failed save coming back with its message and the
//! ticks kept, the downloads' headers, and refusals for everyone but the researchers.

use test_support::http::*;

const TRANSCRIPT: &str = "Interview with P-01.\n\nTB: How did you get there?\n\nP-01: Two buses, and on a bad day that is too many.\n\nP-01: The tutor had been through it herself.";

/// A new SE-SURG project (Priya leads) with Tom as a peer researcher and P-01's pasted
/// transcript. Returns (project id, transcript id).
async fn project(app: &TestApp) -> (String, String) {
    let db = &app.state.db;
    let project = worlds::awarded_project(db, "se-surg", "mid-and-south-essex-nhs", "priya@se-surg.example", "sam.okafor@msenhs.example", "Analysis over HTTP (test)").await;
    let tom = worlds::user_id(db, "tom@se-surg.example").await;
    sqlx::query("INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1)").bind(project).bind(tom).execute(db).await.unwrap();
    let (participant,): (i64,) = sqlx::query_as(
        "INSERT INTO participants (project_id, seq, code, joined_on, created_at, updated_at) VALUES ($1, 1, 'P-01', '2026-11-01', 1, 1) RETURNING id",
    )
    .bind(project)
    .fetch_one(db)
    .await
    .unwrap();
    let (file,): (i64,) = sqlx::query_as(
        "INSERT INTO fieldwork_files (project_id, participant_id, kind, source, file_name, content_type, size_bytes, content, transcript_text, retain_until, uploaded_by, uploaded_at) \
         VALUES ($1, $2, 'transcript', 'pasted', 'pasted-transcript.txt', 'text/plain; charset=utf-8', $3, $4, $5, '2031-03-31', $6, 1) RETURNING id",
    )
    .bind(project)
    .bind(participant)
    .bind(TRANSCRIPT.len() as i64)
    .bind(TRANSCRIPT.as_bytes().to_vec())
    .bind(TRANSCRIPT)
    .bind(tom)
    .fetch_one(db)
    .await
    .unwrap();
    (project.to_string(), file.to_string())
}

#[tokio::test]
async fn without_javascript_a_researcher_adds_a_code_and_codes_paragraphs() {
    for app in apps().await {
        let (project, file) = project(&app).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let home = format!("/projects/{project}/analysis");
        let page = app.get(&home, Some(&tom)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Transcripts to code") && page.body.contains("Transcript of P-01"), "{}", page.body);

        let added = app.post_form("/api/analysis-add-code", &[("project_id", project.as_str()), ("name", "Getting there"), ("description", "Travel"), ("parent_id", "")], Some(&tom), &home).await;
        assert_eq!(added.location(), format!("{home}?done=code-added#codebook"));
        let code = app.count(&format!("SELECT MAX(id) FROM analysis_codes WHERE project_id = {project}")).await.to_string();
        // A name used already comes back beside its field, with what was typed.
        let again = app.post_form("/api/analysis-add-code", &[("project_id", project.as_str()), ("name", "Getting there"), ("description", "Travel again"), ("parent_id", "")], Some(&tom), &home).await;
        assert!(again.location().contains("__form="), "{}", again.location());
        let shown = app.get(again.location(), Some(&tom)).await;
        assert!(shown.body.contains("already has a code with this name") && shown.body.contains("Travel again"), "{}", shown.body);

        let coding = format!("{home}/transcripts/{file}");
        let page = app.get(&coding, Some(&tom)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("name=\"paragraphs[2]\"") && page.body.contains("Paragraph 3: "), "{}", page.body);
        // Nothing ticked: the message comes back beside the paragraphs, the memo kept.
        let none = app.post_form("/api/analysis-code-passage", &[("project_id", project.as_str()), ("file_id", file.as_str()), ("code_id", code.as_str()), ("memo", "Buses")], Some(&tom), &coding).await;
        let shown = app.get(none.location(), Some(&tom)).await;
        assert!(shown.body.contains("Tick at least one paragraph"), "{}", shown.body);
        // Paragraphs 3 and 4 ticked (a form posts only the ticked boxes).
        let form = [("project_id", project.as_str()), ("file_id", file.as_str()), ("paragraphs[2]", "3"), ("paragraphs[3]", "4"), ("code_id", code.as_str()), ("memo", "Buses")];
        let coded = app.post_form("/api/analysis-code-passage", &form, Some(&tom), &coding).await;
        assert_eq!(coded.location(), format!("{coding}?done=coded#coded"));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM analysis_highlight_paragraphs hp JOIN analysis_highlights h ON h.id = hp.highlight_id WHERE h.file_id = {file}")).await, 2);
        let page = app.get(&coding, Some(&tom)).await;
        assert!(page.body.contains("Coded: Getting there (Tom Barker)") && page.body.contains("Buses"), "{}", page.body);

        // A download: researchers only, never cached, recorded.
        let csv = app.get(&format!("/project-analysis/{project}/extracts-by-code.csv"), Some(&tom)).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(csv.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("private, no-store"));
        assert!(csv.body.contains("Two buses"));
        let qdc = app.get(&format!("/project-analysis/{project}/codebook.qdc"), Some(&tom)).await;
        assert!(qdc.body.contains("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"") && qdc.body.contains("name=\"Getting there\" isCodable=\"true\""));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM audit_events WHERE project_id = {project} AND action = 'analysis_exported'")).await, 2);
        app.db.close().await;
    }
}

#[tokio::test]
async fn only_the_projects_researchers_reach_the_analysis() {
    for app in apps().await {
        let (project, file) = project(&app).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let home = format!("/projects/{project}/analysis");
        app.post_form("/api/analysis-add-code", &[("project_id", project.as_str()), ("name", "Getting there"), ("description", ""), ("parent_id", "")], Some(&tom), &home).await;
        let code = app.count(&format!("SELECT MAX(id) FROM analysis_codes WHERE project_id = {project}")).await.to_string();
        let coding = format!("{home}/transcripts/{file}");
        let pages = [coding.clone(), format!("{home}/codes/{code}"), format!("{home}/themes"), format!("{home}/compare"), format!("/project-analysis/{project}/codebook.csv")];
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let margaret = app.sign_in("margaret@whynot.example").await;
        for (who, cookie) in [("the commissioner", &sam), ("another group", &margaret)] {
            assert_eq!(app.get(&home, Some(cookie)).await.status, StatusCode::NOT_FOUND, "{who}");
            for path in &pages {
                let reply = app.get(path, Some(cookie)).await;
                assert_eq!(reply.status, StatusCode::NOT_FOUND, "{who} {path}");
                assert!(!reply.body.contains("Two buses") && !reply.body.contains("Getting there"), "{who} {path}");
            }
            let form = [("project_id", project.as_str()), ("file_id", file.as_str()), ("paragraphs[0]", "1"), ("code_id", code.as_str()), ("memo", "")];
            let refused = app.post_form("/api/analysis-code-passage", &form, Some(cookie), &coding).await;
            assert_ne!(refused.status, StatusCode::OK, "{who}");
            let refused = app.post_form("/api/analysis-add-code", &[("project_id", project.as_str()), ("name", "Mine"), ("description", ""), ("parent_id", "")], Some(cookie), &home).await;
            assert_ne!(refused.status, StatusCode::OK, "{who}");
        }
        // A group member who is not on the team sees counts only, and is told no elsewhere.
        let priya = app.sign_in("priya@se-surg.example").await;
        let tom_id = worlds::user_id(&app.state.db, "tom@se-surg.example").await;
        sqlx::query("DELETE FROM project_team WHERE project_id = $1 AND user_id <> $2").bind(project.parse::<i64>().unwrap()).bind(tom_id).execute(&app.state.db).await.unwrap();
        let counts = app.get(&home, Some(&priya)).await;
        assert_eq!(counts.status, StatusCode::OK);
        assert!(counts.body.contains("1 code") && !counts.body.contains("Getting there") && !counts.body.contains("P-01"), "{}", counts.body);
        for path in &pages {
            assert_eq!(app.get(path, Some(&priya)).await.status, StatusCode::FORBIDDEN, "{path}");
        }
        // Not signed in: to the sign-in page.
        assert!(app.get(&pages[4], None).await.location().starts_with("/sign-in"));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM analysis_highlights WHERE project_id = {project}")).await, 0);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM analysis_codes WHERE project_id = {project}")).await, 1);
        app.db.close().await;
    }
}
