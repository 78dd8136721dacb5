//! Commissioning through the real router, as a browser without JavaScript would use it:
//! pages refused with the right status, forms posted straight to server functions
//! refused without changing anything, and the no-JavaScript submit and award.

use test_support::http::*;

async fn id(app: &TestApp, sql: &str) -> String {
    app.count(sql).await.to_string()
}

#[tokio::test]
async fn pages_are_refused_to_people_who_may_not_see_them() {
    for app in apps().await {
        let draft = id(&app, "SELECT id FROM briefs WHERE state = 'draft'").await;
        let open = id(&app, "SELECT MIN(id) FROM briefs WHERE state = 'published'").await;
        let whynot_draft = id(&app, "SELECT r.id FROM responses r JOIN organisations o ON o.id = r.organisation_id WHERE o.slug = 'whynot' AND r.state = 'draft'").await;
        let project = id(&app, "SELECT MIN(id) FROM projects").await;

        let nobody = app.get(&format!("/briefs/{open}"), None).await;
        assert!(nobody.location().starts_with("/sign-in?next="), "{:?} {}", nobody.status, nobody.location());

        let tom = app.sign_in("tom@se-surg.example").await;
        assert_eq!(app.get(&format!("/briefs/{draft}"), Some(&tom)).await.status, StatusCode::NOT_FOUND);
        let page = app.get(&format!("/briefs/{open}"), Some(&tom)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Loneliness among older people"), "published briefs are open to every group");
        assert!(page.body.contains("asked by your group"), "Tom asked the demo question");
        let margaret = app.sign_in("margaret@whynot.example").await;
        let for_whynot = app.get(&format!("/briefs/{open}"), Some(&margaret)).await;
        assert!(for_whynot.body.contains("care home") && !for_whynot.body.contains("asked by your group"), "the asker is not named to other groups");
        let other_group = app.get(&format!("/briefs/{open}/responses/{whynot_draft}"), Some(&tom)).await;
        assert_eq!(other_group.status, StatusCode::NOT_FOUND);
        assert!(!other_group.body.contains("mobile library"));
        assert_eq!(app.get(&format!("/briefs/{open}/decisions"), Some(&tom)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&format!("/projects/{project}"), Some(&tom)).await.status, StatusCode::OK, "SE-SURG's own project");

        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        assert_eq!(app.get(&format!("/briefs/{draft}"), Some(&sam)).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get(&format!("/briefs/{open}"), Some(&sam)).await.status, StatusCode::NOT_FOUND, "another body's brief");
        assert_eq!(app.get(&format!("/briefs/{open}/decisions"), Some(&sam)).await.status, StatusCode::NOT_FOUND);

        let helen = app.sign_in("helen.carter@essex-council.example").await;
        assert_eq!(app.get(&format!("/briefs/{draft}"), Some(&helen)).await.status, StatusCode::OK);
        assert_eq!(
            app.get(&format!("/briefs/{open}/responses/{whynot_draft}"), Some(&helen)).await.status,
            StatusCode::NOT_FOUND,
            "a group's draft is not the commissioner's to read"
        );
        assert_eq!(app.get(&format!("/projects/{project}"), Some(&helen)).await.status, StatusCode::NOT_FOUND);

        let joan = app.sign_in("joan@trainee.example").await;
        assert_eq!(app.get("/briefs", Some(&joan)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(&format!("/briefs/{open}"), Some(&joan)).await.status, StatusCode::NOT_FOUND);
        app.db.close().await;
    }
}

#[tokio::test]
async fn posts_straight_to_server_functions_are_refused_and_change_nothing() {
    for app in apps().await {
        let draft = id(&app, "SELECT id FROM briefs WHERE state = 'draft'").await;
        let open = id(&app, "SELECT MIN(id) FROM briefs WHERE state = 'published'").await;
        let whynot = id(&app, "SELECT id FROM organisations WHERE slug = 'whynot'").await;
        let whynot_draft = id(&app, "SELECT r.id FROM responses r JOIN organisations o ON o.id = r.organisation_id WHERE o.slug = 'whynot' AND r.state = 'draft'").await;

        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let refused = app.post_form("/api/publish-brief", &[("brief_id", &draft)], Some(&sam), "/briefs").await;
        assert!(refused.location().contains("__form="), "{}", refused.location());
        let dennis = app.sign_in("dennis@whynot.example").await;
        app.post_form("/api/publish-brief", &[("brief_id", &draft)], Some(&dennis), "/briefs").await;
        assert_eq!(app.count("SELECT COUNT(*) FROM briefs WHERE state = 'draft'").await, 1);

        // A member cannot send the group's response; a coordinator of another group cannot start one for it.
        app.post_form("/api/submit-response", &[("response_id", &whynot_draft)], Some(&dennis), "/briefs").await;
        let priya = app.sign_in("priya@se-surg.example").await;
        app.post_form("/api/start-response", &[("brief_id", &open), ("group_id", &whynot)], Some(&priya), "/briefs").await;
        app.post_form("/api/withdraw-response", &[("response_id", &whynot_draft)], Some(&priya), "/briefs").await;
        assert_eq!(app.count("SELECT COUNT(*) FROM responses WHERE state = 'draft'").await, 1);
        assert_eq!(app.count("SELECT COUNT(*) FROM responses").await, 4, "the demo's three winning responses and WhyNot!'s draft");

        // Not signed in at all.
        let anonymous = app.post_form("/api/award-brief", &[("response_id", &whynot_draft), ("feedback", "")], None, "/briefs").await;
        assert!(anonymous.location().contains("__form="));
        assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, 3, "the demo's three projects");
        app.db.close().await;
    }
}

#[tokio::test]
async fn without_javascript_a_coordinator_sends_and_a_commissioner_awards() {
    for app in apps().await {
        let open = id(&app, "SELECT MIN(id) FROM briefs WHERE state = 'published'").await;
        let response = id(&app, "SELECT r.id FROM responses r JOIN organisations o ON o.id = r.organisation_id WHERE o.slug = 'whynot' AND r.state = 'draft'").await;
        let margaret = app.sign_in("margaret@whynot.example").await;
        let page_path = format!("/briefs/{open}/responses/{response}");
        let page = app.get(&page_path, Some(&margaret)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Send the response"));

        // A bad amount is sent back beside its field, and nothing changes.
        let form = |hours: &'static str| {
            vec![
                ("response_id", response.clone()),
                ("approach", "Peer interviews.".to_string()),
                ("lived_experience", "Members lead.".to_string()),
                ("team", "Margaret and Dennis.".to_string()),
                ("timeline", "Six months.".to_string()),
                ("ethics_route", "University committee.".to_string()),
                ("peer_hours", hours.to_string()),
                ("peer_rate", "15".to_string()),
                ("expenses", "100".to_string()),
                ("academic", "".to_string()),
                ("other", "".to_string()),
                ("other_note", "".to_string()),
            ]
        };
        let bad: Vec<(&str, String)> = form("many");
        let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = app.post_form("/api/save-response", &bad, Some(&margaret), &page_path).await;
        assert!(reply.location().contains("__form="));
        assert_eq!(app.count("SELECT COUNT(*) FROM responses WHERE peer_rate_pence = 1500 AND state = 'draft' AND approach = 'Peer interviews.'").await, 0);

        let good = form("10");
        let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let saved = app.post_form("/api/save-response", &good, Some(&margaret), &page_path).await;
        assert_eq!(saved.location(), format!("{page_path}?done=saved"));
        assert_eq!(app.count(&format!("SELECT total_pence FROM responses WHERE id = {response}")).await, 10 * 1_500 + 10_000);

        let sent = app.post_form("/api/submit-response", &[("response_id", &response)], Some(&margaret), &page_path).await;
        assert_eq!(sent.location(), format!("{page_path}?done=submitted"));
        let after = app.get(sent.location(), Some(&margaret)).await;
        assert!(after.body.contains("Your response is sent to the commissioner"));

        let helen = app.sign_in("helen.carter@essex-council.example").await;
        let decisions = app.get(&format!("/briefs/{open}/decisions"), Some(&helen)).await;
        assert_eq!(decisions.status, StatusCode::OK);
        assert!(decisions.body.contains("Peer interviews."));
        let awarded = app.post_form("/api/award-brief", &[("response_id", &response), ("feedback", "")], Some(&helen), "/briefs").await;
        assert!(awarded.location().starts_with("/projects/"), "{}", awarded.location());
        let project = app.get(awarded.location(), Some(&margaret)).await;
        assert_eq!(project.status, StatusCode::OK);
        assert!(project.body.contains("Loneliness among older people") && project.body.contains("Margaret Ellis"));
        let again = app.post_form("/api/award-brief", &[("response_id", &response), ("feedback", "")], Some(&helen), "/briefs").await;
        assert!(again.location().contains("__form="));
        assert_eq!(app.count("SELECT COUNT(*) FROM projects").await, 4);
        app.db.close().await;
    }
}

/// A file form posted by a browser without JavaScript.
async fn post_file(app: &TestApp, path: &str, file_name: &str, bytes: &[u8], cookie: Option<&str>) -> Reply {
    let boundary = "----coresearchtestboundary";
    let mut body = Vec::new();
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    app.send(request.body(Body::from(body)).unwrap()).await
}

#[tokio::test]
async fn files_are_attached_within_limits_and_seen_only_by_the_group() {
    for app in apps().await {
        let open = id(&app, "SELECT MIN(id) FROM briefs WHERE state = 'published'").await;
        let response = id(&app, "SELECT r.id FROM responses r JOIN organisations o ON o.id = r.organisation_id WHERE o.slug = 'whynot' AND r.state = 'draft'").await;
        let upload = format!("/brief-files/responses/{response}");
        let page = format!("/briefs/{open}/responses/{response}");
        let margaret = app.sign_in("margaret@whynot.example").await;

        let pdf = b"%PDF-1.4 a short plan".to_vec();
        let reply = post_file(&app, &upload, "Our plan.pdf", &pdf, Some(&margaret)).await;
        assert_eq!(reply.location(), format!("{page}?done=attached#attachments"), "{:?}", reply.status);
        assert_eq!(app.count("SELECT COUNT(*) FROM response_attachments").await, 1);

        let wrong = post_file(&app, &upload, "run-me.exe", b"MZ", Some(&margaret)).await;
        assert_eq!(wrong.location(), format!("{page}?attach_error=type#attachments"));
        let shown = app.get(&format!("{page}?attach_error=type"), Some(&margaret)).await;
        assert!(shown.body.contains("That kind of file cannot be attached"));
        // A program renamed to look like a PDF is refused by its content.
        let renamed = post_file(&app, &upload, "Our plan v2.pdf", b"MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode", Some(&margaret)).await;
        assert_eq!(renamed.location(), format!("{page}?attach_error=type#attachments"));
        let big = post_file(&app, &upload, "huge.pdf", &vec![b'x'; 6 * 1024 * 1024], Some(&margaret)).await;
        assert!(big.location().contains("attach_error=too-big"), "{:?} {}", big.status, big.location());
        let empty = post_file(&app, &upload, "empty.pdf", b"", Some(&margaret)).await;
        assert!(empty.location().contains("attach_error=empty"));

        let dennis = app.sign_in("dennis@whynot.example").await;
        assert_eq!(post_file(&app, &upload, "mine.pdf", &pdf, Some(&dennis)).await.status, StatusCode::FORBIDDEN);
        let priya = app.sign_in("priya@se-surg.example").await;
        assert_eq!(post_file(&app, &upload, "theirs.pdf", &pdf, Some(&priya)).await.status, StatusCode::NOT_FOUND);
        assert!(post_file(&app, &upload, "anon.pdf", &pdf, None).await.location().starts_with("/sign-in"));
        assert_eq!(app.count("SELECT COUNT(*) FROM response_attachments").await, 1, "refused uploads store nothing");

        let attachment = id(&app, "SELECT id FROM response_attachments").await;
        let file = app.get(&format!("/brief-files/{attachment}"), Some(&dennis)).await;
        assert_eq!(file.status, StatusCode::OK);
        assert_eq!(file.body.as_bytes(), pdf.as_slice());
        assert_eq!(file.headers.get(header::CONTENT_TYPE).unwrap(), "application/pdf");
        assert!(file.headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().starts_with("attachment"));
        assert_eq!(file.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
        let listed = app.get(&page, Some(&dennis)).await;
        assert!(listed.body.contains("Our plan.pdf"));

        let tom = app.sign_in("tom@se-surg.example").await;
        assert_eq!(app.get(&format!("/brief-files/{attachment}"), Some(&tom)).await.status, StatusCode::NOT_FOUND);
        let helen = app.sign_in("helen.carter@essex-council.example").await;
        assert_eq!(app.get(&format!("/brief-files/{attachment}"), Some(&helen)).await.status, StatusCode::NOT_FOUND, "not until it is sent");
        assert!(app.get(&format!("/brief-files/{attachment}"), None).await.location().starts_with("/sign-in"));

        // Once the response is sent, the commissioner can read the file, and it can no longer change.
        sqlx::query("UPDATE responses SET state = 'submitted', submitted_at = 1 WHERE id = $1")
            .bind(response.parse::<i64>().unwrap())
            .execute(&app.state.db)
            .await
            .unwrap();
        assert_eq!(app.get(&format!("/brief-files/{attachment}"), Some(&helen)).await.status, StatusCode::OK);
        let late = post_file(&app, &upload, "late.pdf", &pdf, Some(&margaret)).await;
        assert!(late.location().contains("attach_error=not-draft"));
        let removed = app.post_form("/api/remove-attachment", &[("attachment_id", &attachment)], Some(&margaret), &page).await;
        assert!(removed.location().contains("__form="));
        assert_eq!(app.count("SELECT COUNT(*) FROM response_attachments").await, 1);
        app.db.close().await;
    }
}

#[tokio::test]
async fn a_bad_brief_without_javascript_comes_back_with_messages_and_typed_values() {
    for app in apps().await {
        let essex = id(&app, "SELECT id FROM organisations WHERE slug = 'essex-county-council'").await;
        let before = app.count("SELECT COUNT(*) FROM briefs").await;
        let helen = app.sign_in("helen.carter@essex-council.example").await;
        let form = [
            ("organisation_id", essex.as_str()),
            ("title", "Falls prevention classes"),
            ("summary", ""),
            ("background", ""),
            ("questions", "Who goes, and who does not?"),
            ("about_whom", "older_people"),
            ("methods", ""),
            ("outputs", "A report."),
            ("budget_min", "2000"),
            ("budget_max", "a lot"),
            ("responses_due", "31/02/2030"),
            ("start_date", "01/04/2030"),
            ("report_due", "01/10/2030"),
            ("contact_name", "Helen Carter"),
            ("contact_email", "helen.carter@essex-council.example"),
        ];
        let reply = app.post_form("/api/create-brief", &form, Some(&helen), "/briefs/new").await;
        assert_eq!(reply.status, StatusCode::FOUND);
        assert!(reply.location().contains("/briefs/new?__form="), "{}", reply.location());
        let page = app.get(reply.location().trim_start_matches("http://127.0.0.1:3000"), Some(&helen)).await;
        assert!(page.body.contains("There are problems with 3 answers"), "{}", page.body);
        assert!(page.body.contains("Enter a plain-language summary"));
        assert!(page.body.contains("Enter the highest budget in pounds"));
        assert!(page.body.contains("that month has 28 days"));
        assert!(page.body.contains("value=\"Falls prevention classes\""), "what was typed is kept");
        assert!(page.body.contains("value=\"a lot\""));
        assert_eq!(app.count("SELECT COUNT(*) FROM briefs").await, before, "nothing saved");

        // A commissioner of another body cannot write a brief for Essex.
        let sam = app.sign_in("sam.okafor@msenhs.example").await;
        let mut good = form;
        good[2] = ("summary", "Who takes part in falls prevention classes.");
        good[9] = ("budget_max", "3000");
        good[10] = ("responses_due", "01/03/2030");
        let refused = app.post_form("/api/create-brief", &good, Some(&sam), "/briefs/new").await;
        assert!(refused.location().contains("__form="));
        assert_eq!(app.count("SELECT COUNT(*) FROM briefs").await, before);
        let saved = app.post_form("/api/create-brief", &good, Some(&helen), "/briefs/new").await;
        assert!(saved.location().ends_with("?done=drafted"), "{}", saved.location());
        assert_eq!(app.count("SELECT COUNT(*) FROM briefs").await, before + 1);
        app.db.close().await;
    }
}

/// Long lists come in pages of 25 with numbered links that work without JavaScript and
/// keep the filters; the page stays small however many briefs there are.
#[tokio::test]
async fn the_briefs_list_comes_in_pages_that_keep_the_filters() {
    for app in apps().await {
        let essex = id(&app, "SELECT id FROM organisations WHERE slug = 'essex-county-council'").await;
        let due = "2099-12-31";
        for n in 0..60 {
            sqlx::query(
                "INSERT INTO briefs (organisation_id, title, summary, questions, about_whom, outputs, budget_min_pence, \
                 budget_max_pence, responses_due, start_date, report_due, contact_name, contact_email, state, published_at, \
                 created_at, updated_at) VALUES ($1, $2, 'A summary', 'Questions', $3, 'A report', 100000, 200000, $4, $4, $4, \
                 'A contact', 'contact@example.org', 'published', $5, 1, 1)",
            )
            .bind(essex.parse::<i64>().unwrap())
            .bind(format!("Bulk brief number {n}"))
            .bind(if n % 2 == 0 { "carers" } else { "older_people" })
            .bind(due)
            .bind(100 + n as i64)
            .execute(&app.state.db)
            .await
            .unwrap();
        }
        let carers = app
            .count("SELECT COUNT(*) FROM briefs WHERE about_whom = 'carers' AND state = 'published' AND published_at IS NOT NULL")
            .await;
        assert!(carers > 25);
        let margaret = app.sign_in("margaret@whynot.example").await;
        let first = app.get("/briefs?about=carers", Some(&margaret)).await;
        assert_eq!(first.status, StatusCode::OK);
        assert_eq!(first.body.matches("class=\"card brief-card\"").count(), 25, "25 a page");
        assert!(first.body.contains(&format!("{carers} briefs")), "the heading counts every brief that matches");
        assert!(first.body.contains(&format!("Showing 1 to 25 of {carers} briefs")));
        let next = ["/briefs?about=carers&amp;page=2", "/briefs?about=carers&page=2"];
        assert!(next.iter().any(|link| first.body.contains(link)), "page links keep the filter");
        assert!(first.body.contains("aria-current=\"page\""));
        assert!(first.body.len() < 150_000, "{} bytes", first.body.len());

        let second = app.get("/briefs?about=carers&page=2", Some(&margaret)).await;
        assert_eq!(second.status, StatusCode::OK);
        assert_eq!(second.body.matches("class=\"card brief-card\"").count() as i64, (carers - 25).min(25));
        assert!(second.body.contains("rel=\"prev\""));
        assert!(!second.body.contains("Bulk brief number 58"), "the newest are on the first page");
        assert!(first.body.contains("Bulk brief number 58"));

        // The tracking page and the projects list answer, a page at a time.
        for (who, path) in [("helen.carter@essex-council.example", "/briefs/mine"), ("priya@se-surg.example", "/projects"), ("priya@se-surg.example", "/briefs/mine?page=2")] {
            let cookie = app.sign_in(who).await;
            let page = app.get(path, Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::OK, "{who} {path}");
        }
        let helen = app.sign_in("helen.carter@essex-council.example").await;
        let mine = app.get("/briefs/mine", Some(&helen)).await;
        assert!(mine.body.contains("/briefs/mine?page=2"), "Essex has more than a page of briefs");
        app.db.close().await;
    }
}
