//! Recordings and transcripts against real databases: refused before ethics clearance,
//! without consent to audio recording and for a withdrawn participant; every action tried
//! by people who may not; the date to delete by, downloads and deletion, each in the
//! participant's history.

use app::error::AppError;
use app::identity::Actor;
use app::platform::state::AppState;
use app::projects::consent::participants::{self, ParticipantInput};
use app::projects::consent::records::{self, ConsentInput};
use app::projects::fieldwork::files::listing;
use app::projects::fieldwork::files::store::{self, PasteInput, UploadError, UploadInput};
use app::projects::fieldwork::files::{FileKind, UploadProblem};
use app::ui::pagination::PageNumber;
use crate::support::*;

struct World {
    state: AppState,
    project: i64,
    priya: Actor,
    tom: Actor,
    sam: Actor,
    margaret: Actor,
    joan: Actor,
    /// A SE-SURG member not on this team.
    off_team: Actor,
    /// A SE-SURG coordinator not on this team: manages, is not a researcher.
    coordinator: Actor,
    /// A peer researcher on another SE-SURG project, not on this one.
    peer_elsewhere: Actor,
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
        "Recovery stories (files test)",
    )
    .await;
    let (sesurg,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = 'se-surg'").fetch_one(&state.db).await.unwrap();
    let tom = actor_for(&state, "tom@se-surg.example").await;
    let team = "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1) ON CONFLICT (project_id, user_id) DO NOTHING";
    exec(&state, team, &[project, tom.user_id]).await;
    let peer_elsewhere = new_person(&state, "Petra Elsewhere", "petra@se-surg.example", sesurg, "member").await;
    let (other,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM projects WHERE organisation_id = $1 AND id <> $2")
        .bind(sesurg)
        .bind(project)
        .fetch_one(&state.db)
        .await
        .unwrap();
    exec(&state, team, &[other, peer_elsewhere.user_id]).await;
    exec(
        &state,
        "INSERT INTO project_plans (project_id, retain_until, updated_at) VALUES ($1, '2031-03-31', 1) \
         ON CONFLICT (project_id) DO UPDATE SET retain_until = excluded.retain_until",
        &[project],
    )
    .await;
    World {
        project,
        priya: actor_for(&state, "priya@se-surg.example").await,
        tom,
        sam: actor_for(&state, "sam.okafor@msenhs.example").await,
        margaret: actor_for(&state, "margaret@whynot.example").await,
        joan: actor_for(&state, "joan@trainee.example").await,
        off_team: new_person(&state, "Olive Offteam", "olive@se-surg.example", sesurg, "member").await,
        coordinator: new_person(&state, "Colin Coordinator", "colin@se-surg.example", sesurg, "coordinator").await,
        peer_elsewhere,
        state,
    }
}

/// An approved NHS application with consent form version 1; returns the form's id.
async fn approve(w: &World) -> i64 {
    let (app_id,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) \
         VALUES ($1, 'nhs', 'NHS ethics', 'approved', 1, 1) RETURNING id",
    )
    .bind(w.project)
    .fetch_one(&w.state.db)
    .await
    .unwrap();
    let (doc,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_documents (application_id, application_version, kind, doc_version, title, body, created_at) \
         VALUES ($1, 1, 'consent_form', 1, 'Consent form', 'I agree.', 1) RETURNING id",
    )
    .bind(app_id)
    .fetch_one(&w.state.db)
    .await
    .unwrap();
    doc
}

/// A participant with consent (audio recording agreed or not); returns their id.
async fn participant(w: &World, doc: i64, name: &str, audio: Option<bool>) -> i64 {
    let input = ParticipantInput {
        full_name: name.into(),
        phone: String::new(),
        email: String::new(),
        address: String::new(),
        contact_notes: String::new(),
        site_id: String::new(),
        joined_on: "2026-11-01".into(),
    };
    let (id, _) = participants::add_participant(&w.state.db, &w.tom, w.project, &input).await.unwrap();
    if let Some(audio) = audio {
        let consent = ConsentInput {
            document_id: doc,
            consented_on: "2026-11-02".into(),
            method: "paper".into(),
            taken_by: w.tom.user_id.to_string(),
            quotes: true,
            audio,
            recontact: false,
            confirmed: true,
        };
        records::record_consent(&w.state.db, &w.tom, w.project, id, &consent).await.unwrap();
    }
    id
}

fn wav() -> Vec<u8> {
    app::projects::fieldwork::files::demo::tiny_wav()
}

fn upload_input(kind: &str, participant: i64, name: &str, bytes: &[u8]) -> UploadInput {
    UploadInput {
        kind: kind.into(),
        participant_id: participant.to_string(),
        session_id: String::new(),
        retain_until: String::new(),
        file_name: name.into(),
        bytes: bytes.to_vec(),
    }
}

fn paste_input(participant: i64, text: &str) -> PasteInput {
    PasteInput { participant_id: participant.to_string(), session_id: String::new(), retain_until: String::new(), text: text.into() }
}

fn problem(result: Result<i64, UploadError>) -> UploadProblem {
    match result {
        Err(UploadError::Problem(p)) => p,
        other => panic!("expected an upload problem, got {other:?}"),
    }
}

fn app_error(result: Result<i64, UploadError>) -> AppError {
    match result {
        Err(UploadError::App(e)) => e,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn files_of(w: &World) -> i64 {
    count(&w.state, &format!("SELECT COUNT(*) FROM fieldwork_files WHERE project_id = {}", w.project)).await
}

#[tokio::test]
async fn files_need_clearance_consent_and_the_right_content() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        // A participant added straight into the table, as if before a later refusal: uploads
        // still wait for ethics approval.
        let (pid,): (i64,) = sqlx::query_as(
            "INSERT INTO participants (project_id, seq, code, joined_on, created_at, updated_at) VALUES ($1, 1, 'P-01', '2026-11-01', 1, 1) RETURNING id",
        )
        .bind(w.project)
        .fetch_one(&s.db)
        .await
        .unwrap();
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &upload_input("recording", pid, "a.wav", &wav())).await), UploadProblem::Clearance);
        match store::paste(&s.db, &w.tom, w.project, &paste_input(pid, "Interviewer: hello")).await {
            Err(AppError::Refused(message)) => assert!(message.contains("ethics approval") && message.contains("none has been made"), "{message}"),
            other => panic!("{other:?}"),
        }
        let page = listing::data_page(&s.db, &w.tom, w.project, PageNumber(1), None).await.unwrap();
        assert!(page.clearance_missing.iter().any(|m| m.contains("none has been made")), "the page says what is missing");
        exec(s, "DELETE FROM participant_changes WHERE participant_id = $1", &[pid]).await;
        exec(s, "DELETE FROM participants WHERE id = $1", &[pid]).await;

        let doc = approve(&w).await;
        let audio = participant(&w, doc, "Ann Audio", Some(true)).await;
        let no_audio = participant(&w, doc, "Bob Noaudio", Some(false)).await;
        let no_consent = participant(&w, doc, "Cat Noconsent", None).await;
        let leaving = participant(&w, doc, "Dan Leaving", Some(true)).await;
        participants::withdraw(&s.db, &w.tom, w.project, leaving, "2026-11-05", "").await.unwrap();

        // Consent decides.
        let recording = |p: i64| upload_input("recording", p, "interview 1.wav", &wav());
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &recording(no_audio)).await), UploadProblem::NoAudioConsent);
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &recording(no_consent)).await), UploadProblem::NoConsent);
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &recording(leaving)).await), UploadProblem::Withdrawn);
        let text = upload_input("transcript", leaving, "t.txt", b"P-04: hello");
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &text).await), UploadProblem::Withdrawn);
        let pasted = store::paste(&s.db, &w.tom, w.project, &paste_input(leaving, "P-04: hello")).await.unwrap_err();
        let message = pasted.form_errors().and_then(|f| f.message_for("participant_id")).unwrap_or_default().to_string();
        assert!(message.contains("withdrawn"), "{pasted:?}");
        // The content decides, whatever the name says.
        let exe = upload_input("recording", audio, "recording.mp3", b"MZ\x90\x00\x03\x00\x00\x00 This program cannot be run in DOS mode");
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &exe).await), UploadProblem::RecordingType);
        let elf = upload_input("recording", audio, "recording.wav", b"\x7fELF\x02\x01\x01\x00");
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &elf).await), UploadProblem::RecordingType);
        let binary_text = upload_input("transcript", audio, "notes.txt", b"\x00\x01\x02binary");
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &binary_text).await), UploadProblem::NotText);
        let big = upload_input("transcript", audio, "long.txt", &vec![b'a'; 2 * 1024 * 1024 + 1]);
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &big).await), UploadProblem::TooBigTranscript);
        let no_kind = upload_input("video", audio, "a.wav", &wav());
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &no_kind).await), UploadProblem::Kind);
        let mut past = recording(audio);
        past.retain_until = "2020-01-01".into();
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &past).await), UploadProblem::Retention);
        let mut foreign_session = recording(audio);
        foreign_session.session_id = "999999".into();
        assert_eq!(problem(store::upload(&s.db, &w.tom, w.project, &foreign_session).await), UploadProblem::Session);
        assert_eq!(files_of(&w).await, 0, "nothing was kept");

        // What consent covers is kept: a recording with audio consent, a transcript without.
        let rec = store::upload(&s.db, &w.tom, w.project, &recording(audio)).await.unwrap();
        let txt = store::upload(&s.db, &w.tom, w.project, &upload_input("transcript", no_audio, "P-02.txt", "\u{feff}P-02: it helped".as_bytes())).await.unwrap();
        let pasted = store::paste(&s.db, &w.priya, w.project, &paste_input(no_audio, "  TB: How was it?\nP-02: Good.  ")).await.unwrap();
        assert_eq!(files_of(&w).await, 3);
        let (retain, text): (String, Option<String>) = sqlx::query_as("SELECT retain_until, transcript_text FROM fieldwork_files WHERE id = $1")
            .bind(txt)
            .fetch_one(&s.db)
            .await
            .unwrap();
        assert_eq!(retain, "2031-03-31", "the data management plan's date by default");
        assert_eq!(text.as_deref(), Some("P-02: it helped"));
        let page = listing::file_page(&s.db, &w.tom, w.project, pasted).await.unwrap();
        assert_eq!(page.text.as_deref(), Some("TB: How was it?\nP-02: Good."));
        assert!(page.pasted);
        let recording_page = listing::file_page(&s.db, &w.tom, w.project, rec).await.unwrap();
        assert_eq!((recording_page.kind, recording_page.text), (FileKind::Recording, None));
        let history = count(s, &format!("SELECT COUNT(*) FROM participant_changes WHERE participant_id = {no_audio} AND change IN ('file_uploaded', 'transcript_pasted')")).await;
        assert_eq!(history, 2);
        // The pasted text must be typed; a failed save keeps the rest of what was typed.
        let empty = store::paste(&s.db, &w.tom, w.project, &paste_input(no_audio, "   ")).await.unwrap_err();
        let fields = empty.form_errors().unwrap();
        assert!(fields.message_for("transcript").is_some());
        let mut undated = paste_input(no_audio, "TB: Long answer.\nP-03: Kept.");
        undated.retain_until = "31/02/2031".into();
        let bad_date = store::paste(&s.db, &w.tom, w.project, &undated).await.unwrap_err();
        let fields = bad_date.form_errors().unwrap();
        assert!(fields.message_for("retain_until").is_some(), "{fields:?}");
        assert_eq!(fields.value_for("transcript"), Some("TB: Long answer.\nP-03: Kept."), "the transcript is not lost");
        db.close().await;
    }
}

#[tokio::test]
async fn each_action_is_refused_to_those_who_may_not() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let doc = approve(&w).await;
        let pid = participant(&w, doc, "Ella Secretname", Some(true)).await;
        let rec = store::upload(&s.db, &w.tom, w.project, &upload_input("recording", pid, "Ella Secretname.wav", &wav())).await.unwrap();
        let txt = store::paste(&s.db, &w.tom, w.project, &paste_input(pid, "P-01: the bus was the hardest part")).await.unwrap();
        let changes_before = count(s, "SELECT COUNT(*) FROM participant_changes").await;
        let not_found = AppError::NotFound;
        let not_allowed = AppError::NotAllowed;
        // (who, their refusal for the data page (None: they see the counts), for researchers' actions)
        let cases = [
            ("outsider", &w.joan, Some(not_found.clone()), not_found.clone()),
            ("another group", &w.margaret, Some(not_found.clone()), not_found.clone()),
            ("the commissioner", &w.sam, Some(not_allowed.clone()), not_allowed.clone()),
            ("a member not on the team", &w.off_team, None, not_allowed.clone()),
            ("a coordinator not a researcher", &w.coordinator, None, not_allowed.clone()),
            ("a peer researcher on another project", &w.peer_elsewhere, None, not_allowed.clone()),
        ];
        for (who, actor, page_refusal, refusal) in cases {
            let page = listing::data_page(&s.db, actor, w.project, PageNumber(1), Some(pid)).await;
            match page_refusal {
                Some(expected) => assert_eq!(page.unwrap_err(), expected, "{who}"),
                None => {
                    let page = page.unwrap();
                    assert!(!page.is_researcher, "{who}");
                    assert_eq!((page.counts.recordings, page.counts.transcripts), (1, 1), "{who} sees the counts");
                    assert!(page.list.items.is_empty() && page.participants.is_empty(), "{who} sees no list");
                    let json = serde_json::to_string(&page).unwrap();
                    assert!(!json.contains("Secretname") && !json.contains("P-01") && !json.contains("bus"), "{who}: {json}");
                }
            }
            assert_eq!(listing::file_page(&s.db, actor, w.project, txt).await.unwrap_err(), refusal, "{who}");
            assert_eq!(listing::file_page(&s.db, actor, w.project, rec).await.unwrap_err(), refusal, "{who}");
            assert_eq!(store::download(&s.db, actor, rec).await.unwrap_err(), refusal, "{who}");
            assert_eq!(listing::participant_files(&s.db, actor, w.project, pid).await.unwrap_err(), refusal, "{who}");
            let upload = store::upload(&s.db, actor, w.project, &upload_input("recording", pid, "a.wav", &wav())).await;
            assert_eq!(app_error(upload), refusal, "{who}");
            assert_eq!(store::paste(&s.db, actor, w.project, &paste_input(pid, "text")).await.unwrap_err(), refusal, "{who}");
            assert_eq!(store::change_retention(&s.db, actor, w.project, txt, "2032-01-01").await.unwrap_err(), refusal, "{who}");
            assert_eq!(store::delete(&s.db, actor, w.project, txt, true).await.unwrap_err(), refusal, "{who}");
        }
        assert_eq!(files_of(&w).await, 2);
        assert_eq!(count(s, "SELECT COUNT(*) FROM participant_changes").await, changes_before, "no download or change recorded");
        assert_eq!(count(s, "SELECT COUNT(*) FROM fieldwork_files WHERE deleted_at IS NULL AND retain_until = '2031-03-31'").await, 2);
        // A file is found only through its own project.
        assert_eq!(listing::file_page(&s.db, &w.tom, w.project + 1000, txt).await.unwrap_err(), AppError::NotFound);
        let (other,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM projects WHERE id <> $1").bind(w.project).fetch_one(&s.db).await.unwrap();
        assert!(listing::file_page(&s.db, &w.tom, other, txt).await.is_err());
        // The researchers see it all, the name of the file only on its own page.
        let page = listing::data_page(&s.db, &w.priya, w.project, PageNumber(1), None).await.unwrap();
        assert!(page.is_researcher);
        assert_eq!(page.list.total, 2);
        assert!(!serde_json::to_string(&page).unwrap().contains("Secretname"), "file names stay off the list");
        assert_eq!(listing::file_page(&s.db, &w.priya, w.project, rec).await.unwrap().file_name, "Ella Secretname.wav");
        db.close().await;
    }
}

#[tokio::test]
async fn dates_downloads_and_deletion_are_recorded_and_withdrawal_marks_the_files() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let doc = approve(&w).await;
        let pid = participant(&w, doc, "Fay Files", Some(true)).await;
        let rec = store::upload(&s.db, &w.tom, w.project, &upload_input("recording", pid, "x.wav", &wav())).await.unwrap();
        let txt = store::paste(&s.db, &w.tom, w.project, &paste_input(pid, "P-01: it was fine")).await.unwrap();

        let file = store::download(&s.db, &w.priya, rec).await.unwrap();
        assert_eq!((file.content_type.as_str(), file.content), ("audio/wav", wav()));
        // The date to delete by: checked, changed, and past it the list says so.
        let bad = store::change_retention(&s.db, &w.tom, w.project, txt, "2020-01-01").await.unwrap_err();
        assert!(bad.form_errors().and_then(|f| f.message_for("retain_until")).unwrap().contains("today or later"));
        let empty = store::change_retention(&s.db, &w.tom, w.project, txt, " ").await.unwrap_err();
        assert!(empty.form_errors().and_then(|f| f.message_for("retain_until")).is_some());
        store::change_retention(&s.db, &w.tom, w.project, txt, "01/02/2033").await.unwrap();
        assert_eq!(listing::file_page(&s.db, &w.tom, w.project, txt).await.unwrap().retain_until, "2033-02-01");
        exec(s, "UPDATE fieldwork_files SET retain_until = '2026-01-01' WHERE id = $1", &[rec]).await;
        let page = listing::data_page(&s.db, &w.tom, w.project, PageNumber(1), None).await.unwrap();
        let overdue: Vec<(i64, bool)> = page.list.items.iter().map(|f| (f.id, f.overdue)).collect();
        assert!(overdue.contains(&(rec, true)) && overdue.contains(&(txt, false)), "{overdue:?}");

        // Deleting needs the box ticked; then the content goes and the record stays.
        let unconfirmed = store::delete(&s.db, &w.tom, w.project, rec, false).await.unwrap_err();
        assert!(unconfirmed.form_errors().and_then(|f| f.message_for("confirm_delete")).is_some());
        assert!(store::delete(&s.db, &w.tom, w.project, rec, true).await.unwrap());
        assert!(!store::delete(&s.db, &w.priya, w.project, rec, true).await.unwrap(), "twice changes nothing");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_files WHERE id = {rec} AND content IS NULL AND deleted_at IS NOT NULL")).await, 1);
        assert!(matches!(store::download(&s.db, &w.tom, rec).await, Err(AppError::Refused(_))));
        let deleted = listing::file_page(&s.db, &w.tom, w.project, rec).await.unwrap();
        assert!(deleted.deleted.is_some() && !deleted.overdue);
        assert!(store::change_retention(&s.db, &w.tom, w.project, rec, "2034-01-01").await.is_err());
        store::delete(&s.db, &w.tom, w.project, txt, true).await.unwrap();
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM fieldwork_files WHERE id = {txt} AND transcript_text IS NULL")).await, 1);
        let counts = listing::counts(&s.db, w.project).await.unwrap();
        assert_eq!((counts.recordings, counts.transcripts), (0, 0));

        // A withdrawal marks the participant's files everywhere they are listed.
        let pid2 = participant(&w, doc, "Gus Going", Some(false)).await;
        let kept = store::paste(&s.db, &w.tom, w.project, &paste_input(pid2, "P-02: I liked the tutors")).await.unwrap();
        participants::withdraw(&s.db, &w.tom, w.project, pid2, "2026-11-20", "").await.unwrap();
        let page = listing::data_page(&s.db, &w.tom, w.project, PageNumber(1), Some(pid2)).await.unwrap();
        assert_eq!(page.only_participant.as_ref().map(|(id, _)| *id), Some(pid2));
        assert_eq!(page.list.items.len(), 1);
        assert!(page.list.items[0].withdrawn);
        assert!(listing::file_page(&s.db, &w.tom, w.project, kept).await.unwrap().withdrawn);

        // Every step is in the participant's history, in fixed words only.
        let history = app::projects::consent::history::of_participant(&s.db, pid).await.unwrap();
        let words: Vec<&str> = history.iter().map(|h| h.change.as_str()).collect();
        assert_eq!(
            words,
            vec![
                "Recording or transcript deleted",
                "Recording or transcript deleted",
                "Date to delete a data file changed",
                "Recording or transcript downloaded",
                "Transcript pasted in",
                "Recording or transcript uploaded",
                "Consent recorded",
                "Participant added"
            ]
        );
        db.close().await;
    }
}
