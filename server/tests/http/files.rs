//! Recordings and transcripts through the real router, as a browser without JavaScript
//! sends them: a multipart upload, a pasted transcript, refusals beside their field, the
//! download's headers, and nothing for anyone but the project's researchers.

use test_support::http::*;

async fn id(app: &TestApp, sql: &str) -> String {
    app.count(sql).await.to_string()
}

/// A new SE-SURG project with Tom as a peer researcher and a participant, P-01; with
/// `approved`, an approved ethics application and consent (audio recording as given).
/// Returns (project id, participant id).
async fn project(app: &TestApp, approved: bool, audio: bool) -> (String, String) {
    let db = &app.state.db;
    let project = worlds::awarded_project(db, "se-surg", "mid-and-south-essex-nhs", "priya@se-surg.example", "sam.okafor@msenhs.example", "Files over HTTP (test)").await;
    let tom = worlds::user_id(db, "tom@se-surg.example").await;
    sqlx::query("INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1)")
        .bind(project)
        .bind(tom)
        .execute(db)
        .await
        .unwrap();
    let (participant,): (i64,) = sqlx::query_as(
        "INSERT INTO participants (project_id, seq, code, joined_on, created_at, updated_at) VALUES ($1, 1, 'P-01', '2026-11-01', 1, 1) RETURNING id",
    )
    .bind(project)
    .fetch_one(db)
    .await
    .unwrap();
    if approved {
        let (application,): (i64,) = sqlx::query_as(
            "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) VALUES ($1, 'nhs', 'NHS', 'approved', 1, 1) RETURNING id",
        )
        .bind(project)
        .fetch_one(db)
        .await
        .unwrap();
        let (doc,): (i64,) = sqlx::query_as(
            "INSERT INTO ethics_documents (application_id, application_version, kind, doc_version, title, body, created_at) \
             VALUES ($1, 1, 'consent_form', 1, 'Consent form', 'I agree.', 1) RETURNING id",
        )
        .bind(application)
        .fetch_one(db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO consent_records (participant_id, document_id, consented_on, method, taken_by, agrees_quotes, agrees_audio, \
             agrees_recontact, recorded_by, created_at) VALUES ($1, $2, '2026-11-02', 'paper', $3, 1, $4, 0, $3, 1)",
        )
        .bind(participant)
        .bind(doc)
        .bind(tom)
        .bind(i64::from(audio))
        .execute(db)
        .await
        .unwrap();
    }
    (project.to_string(), participant.to_string())
}

/// The upload form posted by a browser without JavaScript: its fields, then the file.
async fn upload(app: &TestApp, project: &str, fields: &[(&str, &str)], file: (&str, &[u8]), cookie: Option<&str>) -> Reply {
    let boundary = "----coresearchfilesboundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n", file.0)
            .as_bytes(),
    );
    body.extend_from_slice(file.1);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(format!("/project-data/{project}/upload"))
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    app.send(request.body(Body::from(body)).unwrap()).await
}

fn wav() -> Vec<u8> {
    app::projects::fieldwork::files::demo::tiny_wav()
}

#[tokio::test]
async fn without_javascript_a_researcher_uploads_reads_and_downloads() {
    for app in apps().await {
        let (project, participant) = project(&app, true, false).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let data = format!("/projects/{project}/data");
        let page = app.get(&data, Some(&tom)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Upload a recording or a transcript") && page.body.contains("Paste or type a transcript"), "{}", page.body);
        assert!(page.body.contains("enctype=\"multipart/form-data\""));

        let fields = [("kind", "transcript"), ("participant_id", participant.as_str()), ("session_id", ""), ("retain_until", "2031-01-31")];
        let text = "TB: What helped?\nP-01: Walking in with a friend – it made all the difference.";
        let sent = upload(&app, &project, &fields, ("interview one.txt", text.as_bytes()), Some(&tom)).await;
        let file = id(&app, &format!("SELECT MAX(id) FROM fieldwork_files WHERE project_id = {project}")).await;
        assert_eq!(sent.location(), format!("{data}/{file}?done=uploaded"), "{:?} {}", sent.status, sent.body);
        let opened = app.get(sent.location(), Some(&tom)).await;
        assert_eq!(opened.status, StatusCode::OK);
        assert!(opened.body.contains("Transcript of P-01") && opened.body.contains("Walking in with a friend"), "{}", opened.body);
        assert!(opened.body.contains("31 January 2031"));

        let download = app.get(&format!("/project-data/files/{file}"), Some(&tom)).await;
        assert_eq!(download.status, StatusCode::OK);
        let header_of = |name: header::HeaderName| download.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert_eq!(header_of(header::CONTENT_DISPOSITION), "attachment; filename=\"interview one.txt\"");
        assert_eq!(header_of(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(header_of(header::CACHE_CONTROL), "private, no-store");
        assert_eq!(header_of(header::CONTENT_TYPE), "text/plain; charset=utf-8");
        assert_eq!(download.body, text);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM participant_changes WHERE participant_id = {participant} AND change = 'file_downloaded'")).await, 1);

        // A pasted transcript, through the server function a form posts to.
        let paste = [
            ("project_id", project.as_str()),
            ("participant_id", participant.as_str()),
            ("session_id", ""),
            ("retain_until", "2031-01-31"),
            ("transcript", "PS: How was the course?\nP-01: Not like school at all."),
        ];
        let pasted = app.post_form("/api/project-paste-transcript", &paste, Some(&tom), &data).await;
        let file2 = id(&app, &format!("SELECT MAX(id) FROM fieldwork_files WHERE project_id = {project}")).await;
        assert_eq!(pasted.location(), format!("{data}/{file2}?done=pasted"));
        // A failed paste never carries the text back in its address, yet the text is back
        // in its box (kept on the server for one read).
        let bad = [("project_id", project.as_str()), ("participant_id", ""), ("session_id", ""), ("retain_until", "2031-01-31"), ("transcript", "Confidential words")];
        let refused = app.post_form("/api/project-paste-transcript", &bad, Some(&tom), &data).await;
        assert!(refused.location().contains("__form="), "{}", refused.location());
        assert!(!refused.location().contains("Confidential"), "{}", refused.location());
        let again = app.get(refused.location(), Some(&tom)).await;
        assert!(again.body.contains("Choose the participant it belongs to"), "{}", again.body);
        assert!(again.body.contains(">Confidential words</textarea>"), "the text is not lost: {}", again.body);

        // The list shows both, with no file name.
        let list = app.get(&data, Some(&tom)).await;
        assert!(list.body.contains("P-01") && !list.body.contains("interview one.txt"));

        // Deleting without JavaScript, confirmed.
        let delete = [("project_id", project.as_str()), ("file_id", file.as_str()), ("confirm_delete", "on")];
        let deleted = app.post_form("/api/project-data-delete", &delete, Some(&tom), &format!("{data}/{file}")).await;
        assert_eq!(deleted.location(), format!("{data}/{file}?done=deleted"));
        assert_eq!(app.get(&format!("/project-data/files/{file}"), Some(&tom)).await.status, StatusCode::GONE);
        app.db.close().await;
    }
}

#[tokio::test]
async fn wrong_or_too_large_uploads_come_back_with_a_clear_message() {
    for app in apps().await {
        let (project, participant) = project(&app, true, false).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let data = format!("/projects/{project}/data");
        let recording = [("kind", "recording"), ("participant_id", participant.as_str()), ("session_id", ""), ("retain_until", "2031-01-31")];
        // A program named like a recording.
        let renamed = upload(&app, &project, &recording, ("recording.mp3", b"MZ\x90\x00\x03\x00 This program cannot be run in DOS mode"), Some(&tom)).await;
        assert_eq!(renamed.status, StatusCode::SEE_OTHER);
        assert!(renamed.location().starts_with(&format!("{data}?upload_error=")), "{}", renamed.location());
        // This participant did not agree to audio recording: that is checked first.
        assert!(renamed.location().contains("upload_error=no-audio-consent"), "{}", renamed.location());
        let shown = app.get(renamed.location(), Some(&tom)).await;
        assert!(shown.body.contains("did not agree to audio recording"), "{}", shown.body);
        sqlx::query("UPDATE consent_records SET agrees_audio = 1").execute(&app.state.db).await.unwrap();
        let renamed = upload(&app, &project, &recording, ("recording.mp3", b"MZ\x90\x00\x03\x00"), Some(&tom)).await;
        assert!(renamed.location().contains("upload_error=recording-type"), "{}", renamed.location());
        assert!(renamed.location().contains(&format!("chosen={participant}")) && renamed.location().contains("kind=recording"), "choices are kept");
        let shown = app.get(renamed.location(), Some(&tom)).await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.body.contains("not what its name says"), "{}", shown.body);
        assert!(shown.body.contains(&format!("<option value=\"{participant}\" selected")), "the participant stays chosen");
        // Too large: a clear message, never an error page.
        let transcript = [("kind", "transcript"), ("participant_id", participant.as_str()), ("session_id", ""), ("retain_until", "2031-01-31")];
        let big = upload(&app, &project, &transcript, ("long.txt", &vec![b'a'; 3 * 1024 * 1024]), Some(&tom)).await;
        assert!(big.location().contains("upload_error=too-big-transcript"), "{:?} {}", big.status, big.location());
        assert!(app.get(big.location(), Some(&tom)).await.body.contains("2 MB or smaller"));
        let word = upload(&app, &project, &transcript, ("notes.docx", b"PK\x03\x04word/document.xml"), Some(&tom)).await;
        assert!(word.location().contains("upload_error=transcript-type"), "{}", word.location());
        let missing = upload(&app, &project, &transcript, ("", b""), Some(&tom)).await;
        assert!(missing.location().contains("upload_error=missing"), "{}", missing.location());
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM fieldwork_files WHERE project_id = {project}")).await, 0);
        // A real recording is kept.
        let kept = upload(&app, &project, &recording, ("interview.wav", &wav()), Some(&tom)).await;
        assert!(kept.location().ends_with("?done=uploaded"), "{}", kept.location());
        app.db.close().await;
    }
}

#[tokio::test]
async fn only_the_projects_researchers_reach_the_files() {
    for app in apps().await {
        let (project, participant) = project(&app, false, true).await;
        let tom = app.sign_in("tom@se-surg.example").await;
        let data = format!("/projects/{project}/data");
        let undated = [("kind", "recording"), ("participant_id", participant.as_str()), ("session_id", ""), ("retain_until", "")];
        let fields = [("kind", "recording"), ("participant_id", participant.as_str()), ("session_id", ""), ("retain_until", "2031-01-31")];
        // Before ethics approval: refused, and the page says what is missing.
        let early = upload(&app, &project, &fields, ("a.wav", &wav()), Some(&tom)).await;
        assert!(early.location().contains("upload_error=clearance"), "{}", early.location());
        let page = app.get(&data, Some(&tom)).await;
        assert!(page.body.contains("ethics approval comes first") && page.body.contains("none has been made"));
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM fieldwork_files WHERE project_id = {project}")).await, 0);
        // Approved: a file to be refused to others.
        let (doc_app,): (i64,) = sqlx::query_as(
            "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) VALUES ($1, 'nhs', 'NHS', 'approved', 1, 1) RETURNING id",
        )
        .bind(project.parse::<i64>().unwrap())
        .fetch_one(&app.state.db)
        .await
        .unwrap();
        let tom_id = worlds::user_id(&app.state.db, "tom@se-surg.example").await;
        let (doc,): (i64,) = sqlx::query_as(
            "INSERT INTO ethics_documents (application_id, application_version, kind, doc_version, title, body, created_at) VALUES ($1, 1, 'consent_form', 1, 'C', 'I agree.', 1) RETURNING id",
        )
        .bind(doc_app)
        .fetch_one(&app.state.db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO consent_records (participant_id, document_id, consented_on, method, taken_by, agrees_quotes, agrees_audio, agrees_recontact, recorded_by, created_at) \
             VALUES ($1, $2, '2026-11-02', 'paper', $3, 1, 1, 0, $3, 1)",
        )
        .bind(participant.parse::<i64>().unwrap())
        .bind(doc)
        .bind(tom_id)
        .execute(&app.state.db)
        .await
        .unwrap();
        // This project's data management plan has no date to delete by, so one must be typed.
        let no_date = upload(&app, &project, &undated, ("a.wav", &wav()), Some(&tom)).await;
        assert!(no_date.location().contains("upload_error=retention"), "{}", no_date.location());
        assert!(app.get(no_date.location(), Some(&tom)).await.body.contains("Enter the date to delete it by"));
        let sent = upload(&app, &project, &fields, ("Secret Person.wav", &wav()), Some(&tom)).await;
        assert!(sent.location().ends_with("?done=uploaded"), "{}", sent.location());
        let file = id(&app, &format!("SELECT MAX(id) FROM fieldwork_files WHERE project_id = {project}")).await;
        let file_page = format!("{data}/{file}");
        let download = format!("/project-data/files/{file}");

        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let margaret = app.sign_in("margaret@whynot.example").await;
        for (who, cookie, status) in [("the commissioner", &sam, StatusCode::FORBIDDEN), ("another group", &margaret, StatusCode::NOT_FOUND)] {
            for path in [&data, &file_page, &download] {
                let reply = app.get(path, Some(cookie)).await;
                assert_eq!(reply.status, status, "{who} {path}");
                assert!(!reply.body.contains("Secret Person") && !reply.body.contains("RIFF"), "{who} {path}");
            }
            let refused = upload(&app, &project, &fields, ("b.wav", &wav()), Some(cookie)).await;
            assert_eq!(refused.status, status, "{who} uploads");
        }
        // Not signed in: to the sign-in page.
        let anonymous = app.get(&download, None).await;
        assert!(anonymous.location().starts_with("/sign-in"), "{:?}", anonymous.status);
        // A group member who is not a researcher sees only the counts.
        let priya = app.sign_in("priya@se-surg.example").await;
        sqlx::query("DELETE FROM project_team WHERE project_id = $1 AND user_id <> $2")
            .bind(project.parse::<i64>().unwrap())
            .bind(tom_id)
            .execute(&app.state.db)
            .await
            .unwrap();
        let counts = app.get(&data, Some(&priya)).await;
        assert_eq!(counts.status, StatusCode::OK);
        assert!(counts.body.contains("1 recording and 0 transcripts") && !counts.body.contains("P-01"), "{}", counts.body);
        assert_eq!(app.get(&download, Some(&priya)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.count(&format!("SELECT COUNT(*) FROM fieldwork_files WHERE project_id = {project}")).await, 1);
        app.db.close().await;
    }
}
