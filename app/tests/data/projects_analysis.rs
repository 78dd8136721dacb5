//! Analysis against real databases: the codebook and its refusals, coding paragraphs (two
//! coders at once, anchoring when the transcript changes), and a withdrawn participant's
//! passages left out of the comparison, the themes' quotes and every export.

use app::error::AppError;
use app::identity::Actor;
use app::platform::state::AppState;
use app::projects::analysis::codebook::service::{self as codebook, CodeInput};
use app::projects::analysis::coding::service::{self as coding, CodingInput};
use app::projects::analysis::comparison::service as comparison;
use app::projects::analysis::export::service::{export, Export};
use app::projects::analysis::themes::service::{self as themes, ThemeInput};
use app::projects::consent::participants::{self, ParticipantInput};
use app::projects::fieldwork::files::store::{insert, NewFile};
use app::projects::fieldwork::files::FileKind;
use crate::support::*;

const P01: &str = "Interview with P-01.\n\nTB: How did you get there?\n\nP-01: Two buses, and on a bad day that is too many.\n\nP-01: The peer tutor had been through it herself.";
const P02: &str = "Interview with P-02.\n\nP-02: The stairs stopped me coming back.\n\nP-02: My neighbour drove me in the end.";

struct World {
    state: AppState,
    project: i64,
    priya: Actor,
    tom: Actor,
    sam: Actor,
    margaret: Actor,
    coordinator: Actor,
    off_team: Actor,
    /// (participant id, transcript id) of P-01 and P-02.
    p01: (i64, i64),
    p02: (i64, i64),
}

async fn participant(state: &AppState, tom: &Actor, project: i64, name: &str, text: &str) -> (i64, i64) {
    let input = ParticipantInput {
        full_name: name.into(),
        phone: String::new(),
        email: String::new(),
        address: String::new(),
        contact_notes: String::new(),
        site_id: String::new(),
        joined_on: "2026-11-01".into(),
    };
    let (id, _) = participants::add_participant(&state.db, tom, project, &input).await.unwrap();
    let file = NewFile {
        project_id: project,
        participant_id: id,
        session_id: None,
        kind: FileKind::Transcript,
        pasted: true,
        file_name: "pasted-transcript.txt",
        content_type: "text/plain; charset=utf-8",
        bytes: text.as_bytes(),
        text: Some(text),
        retain_until: "2031-03-31",
        uploaded_by: tom.user_id,
        uploaded_at: 1,
    };
    (id, insert(&state.db, &file).await.unwrap())
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
        "Recovery stories (analysis test)",
    )
    .await;
    let (sesurg,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = 'se-surg'").fetch_one(&state.db).await.unwrap();
    let tom = actor_for(&state, "tom@se-surg.example").await;
    exec(&state, "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, 'peer_researcher', 1)", &[project, tom.user_id]).await;
    // Participants are added once ethics approval is complete.
    exec(&state, "INSERT INTO ethics_applications (project_id, route, title, state, created_at, updated_at) VALUES ($1, 'nhs', 'NHS ethics', 'approved', 1, 1)", &[project]).await;
    let p01 = participant(&state, &tom, project, "Ann Example", P01).await;
    let p02 = participant(&state, &tom, project, "Bob Example", P02).await;
    World {
        project,
        priya: actor_for(&state, "priya@se-surg.example").await,
        sam: actor_for(&state, "sam.okafor@msenhs.example").await,
        margaret: actor_for(&state, "margaret@whynot.example").await,
        coordinator: new_person(&state, "Colin Coordinator", "colin@se-surg.example", sesurg, "coordinator").await,
        off_team: new_person(&state, "Olive Offteam", "olive@se-surg.example", sesurg, "member").await,
        tom,
        p01,
        p02,
        state,
    }
}

fn code_input(name: &str, parent: Option<i64>) -> CodeInput {
    CodeInput { name: name.into(), description: format!("About {name}"), parent_id: parent.map(|p| p.to_string()).unwrap_or_default() }
}

fn ticks(paragraphs: &[i64], code: i64, memo: &str) -> CodingInput {
    CodingInput { paragraphs: paragraphs.iter().map(i64::to_string).collect(), code_id: code.to_string(), memo: memo.into() }
}

fn field_message(result: Result<impl std::fmt::Debug, AppError>, field: &str) -> String {
    match result {
        Err(AppError::Invalid(errors)) => errors.message_for(field).unwrap_or_else(|| panic!("no message for {field}: {errors:?}")).to_string(),
        other => panic!("expected a form error on {field}, got {other:?}"),
    }
}

async fn audit_words(w: &World) -> Vec<String> {
    sqlx::query_as::<_, (String,)>("SELECT action FROM audit_events WHERE project_id = $1 ORDER BY id")
        .bind(w.project)
        .fetch_all(&w.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|(a,)| a)
        .collect()
}

#[tokio::test]
async fn the_codebook_is_kept_by_the_projects_researchers_only() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state.db;
        let travel = codebook::add_code(s, &w.tom, w.project, &code_input("Getting there", None)).await.unwrap();
        let buses = codebook::add_code(s, &w.priya, w.project, &code_input("Buses", Some(travel))).await.unwrap();
        // Two levels only, names unique, a name needed; what was typed comes back.
        let message = field_message(codebook::add_code(s, &w.tom, w.project, &code_input("Too deep", Some(buses))).await, "parent_id");
        assert!(message.contains("top-level"), "{message}");
        match codebook::add_code(s, &w.tom, w.project, &code_input("Getting there", None)).await {
            Err(AppError::Invalid(errors)) => {
                assert!(errors.message_for("name").unwrap().contains("already has a code"));
                assert_eq!(errors.value_for("description"), Some("About Getting there"));
            }
            other => panic!("{other:?}"),
        }
        assert!(field_message(codebook::add_code(s, &w.tom, w.project, &code_input("  ", None)).await, "name").contains("Enter"));
        // A code with sub-codes keeps its place and cannot be removed.
        let other = codebook::add_code(s, &w.tom, w.project, &code_input("Peer support", None)).await.unwrap();
        assert!(field_message(codebook::change_code(s, &w.tom, w.project, travel, &code_input("Getting there", Some(other))).await, "parent_id").contains("sub-codes"));
        assert!(matches!(codebook::remove_code(s, &w.tom, w.project, travel, true).await, Err(AppError::Refused(_))));
        let mut renamed = code_input("Peer support and friends", None);
        renamed.description = "Fellow students, friends".into();
        codebook::change_code(s, &w.priya, w.project, other, &renamed).await.unwrap();
        let page = codebook::code_page(s, &w.tom, w.project, other).await.unwrap();
        assert_eq!((page.code.name.as_str(), page.code.description.as_str()), ("Peer support and friends", "Fellow students, friends"));
        // The home page lists the codebook in order, sub-codes after their code.
        let home = codebook::home(s, &w.tom, w.project).await.unwrap();
        let names: Vec<&str> = home.codes.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Getting there", "Buses", "Peer support and friends"]);
        assert_eq!(home.codes[1].parent_id, Some(travel));
        assert_eq!(home.transcripts.len(), 2);

        // A code in use is removed only when the person says so, and its passages go with it.
        coding::code_passage(s, &w.tom, w.project, w.p01.1, &ticks(&[3], buses, "")).await.unwrap();
        assert!(field_message(codebook::remove_code(s, &w.tom, w.project, buses, false).await, "confirm_remove").contains("1 coded passage and 0 themes"));
        codebook::remove_code(s, &w.tom, w.project, buses, true).await.unwrap();
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM analysis_highlights WHERE project_id = {}", w.project)).await, 0);
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM analysis_highlight_paragraphs hp WHERE NOT EXISTS (SELECT 1 FROM analysis_highlights h WHERE h.id = hp.highlight_id)")).await, 0);
        codebook::remove_code(s, &w.tom, w.project, travel, false).await.unwrap();

        // Refusals: team members who are not researchers and the group's coordinator are told
        // no (and see counts only); the commissioner, other groups and outsiders, not found.
        for who in [&w.coordinator, &w.off_team] {
            let home = codebook::home(s, who, w.project).await.unwrap();
            assert!(!home.is_researcher && home.codes.is_empty() && home.transcripts.is_empty());
            assert_eq!(codebook::add_code(s, who, w.project, &code_input("Mine", None)).await, Err(AppError::NotAllowed));
            assert_eq!(codebook::code_page(s, who, w.project, other).await.map(|_| ()), Err(AppError::NotAllowed));
            assert_eq!(codebook::remove_code(s, who, w.project, other, true).await, Err(AppError::NotAllowed));
        }
        for who in [&w.sam, &w.margaret] {
            assert_eq!(codebook::home(s, who, w.project).await.map(|_| ()), Err(AppError::NotFound));
            assert_eq!(codebook::add_code(s, who, w.project, &code_input("Mine", None)).await, Err(AppError::NotFound));
            assert_eq!(codebook::change_code(s, who, w.project, other, &code_input("Mine", None)).await, Err(AppError::NotFound));
        }
        assert_eq!(count(&w.state, &format!("SELECT COUNT(*) FROM analysis_codes WHERE project_id = {} AND name = 'Mine'", w.project)).await, 0);
        // Every change is on the audit trail, as fixed words.
        let words = audit_words(&w).await;
        for word in ["code_added", "code_changed", "code_removed", "passage_coded"] {
            assert!(words.iter().any(|a| a == word), "{word} in {words:?}");
        }
        let kinds = count(&w.state, &format!("SELECT COUNT(*) FROM audit_events WHERE project_id = {} AND action LIKE 'code_%' AND record_kind <> 'code'", w.project)).await;
        assert_eq!(kinds, 0);
        db.close().await;
    }
}

#[tokio::test]
async fn coders_code_paragraphs_at_once_and_highlights_survive_a_changed_transcript() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state.db;
        let travel = codebook::add_code(s, &w.tom, w.project, &code_input("Getting there", None)).await.unwrap();
        let peers = codebook::add_code(s, &w.tom, w.project, &code_input("Peer tutors", None)).await.unwrap();
        // Two coders save at the same moment: both highlights are kept.
        let (toms, priyas) = (ticks(&[3], travel, "Two buses"), ticks(&[3, 4], travel, ""));
        let (a, b) = tokio::join!(
            coding::code_passage(s, &w.tom, w.project, w.p01.1, &toms),
            coding::code_passage(s, &w.priya, w.project, w.p01.1, &priyas),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_ne!(a, b);
        coding::code_passage(s, &w.tom, w.project, w.p01.1, &ticks(&[4], peers, "")).await.unwrap();
        let page = coding::transcript_page(s, &w.tom, w.project, w.p01.1).await.unwrap();
        assert_eq!(page.paragraphs.len(), 4);
        let mut on_three = page.paragraphs[2].coded.clone();
        on_three.sort();
        assert_eq!(on_three, vec!["Getting there (Priya Shah)".to_string(), "Getting there (Tom Barker)".to_string()]);
        assert_eq!(page.paragraphs[3].coded.len(), 2);
        assert_eq!(page.highlights.len(), 3);
        let toms = page.highlights.iter().find(|h| h.id == a).unwrap();
        let priyas = page.highlights.iter().find(|h| h.id == b).unwrap();
        assert_eq!((toms.memo.as_str(), toms.coder.as_str()), ("Two buses", "Tom Barker"));
        assert!(toms.may_remove && !priyas.may_remove, "Tom removes his own only");
        let lead_view = coding::transcript_page(s, &w.priya, w.project, w.p01.1).await.unwrap();
        assert!(lead_view.highlights.iter().all(|h| h.may_remove), "the lead may remove any");

        // Bad input: nothing ticked, no code, a paragraph that is not there; choices kept.
        let message = field_message(coding::code_passage(s, &w.tom, w.project, w.p01.1, &ticks(&[], travel, "")).await, "paragraphs");
        assert!(message.contains("Tick at least one"), "{message}");
        match coding::code_passage(s, &w.tom, w.project, w.p01.1, &CodingInput { paragraphs: vec!["2".into()], code_id: String::new(), memo: "kept".into() }).await {
            Err(AppError::Invalid(e)) => {
                assert!(e.message_for("code_id").is_some());
                assert_eq!((e.value_for("paragraphs"), e.value_for("memo")), (Some("2"), Some("kept")));
            }
            other => panic!("{other:?}"),
        }
        field_message(coding::code_passage(s, &w.tom, w.project, w.p01.1, &ticks(&[9], travel, "")).await, "paragraphs");

        // The transcript changes: a line added at the top moves the text; a changed paragraph
        // leaves its highlight kept and flagged.
        let changed = format!("A note added later.\n\n{}", P01.replace("The peer tutor had been through it herself.", "The peer tutor knew."));
        sqlx::query("UPDATE fieldwork_files SET transcript_text = $1 WHERE id = $2").bind(&changed).bind(w.p01.1).execute(s).await.unwrap();
        let page = coding::transcript_page(s, &w.tom, w.project, w.p01.1).await.unwrap();
        assert_eq!(page.highlights.len(), 3, "nothing is lost");
        assert!(page.highlights[0].paragraphs[0].note.as_deref().unwrap().contains("now paragraph 4"));
        let gone = &page.highlights[2].paragraphs[0];
        assert_eq!(gone.text, "P-01: The peer tutor had been through it herself.");
        assert!(gone.note.as_deref().unwrap().contains("Text changed or gone"));
        assert_eq!(page.paragraphs[3].coded.len(), 2, "moved highlights show at their new place");

        // Removing: Tom may not remove Priya's; the lead may remove Tom's.
        assert_eq!(coding::remove_highlight(s, &w.tom, w.project, b).await, Err(AppError::NotAllowed));
        assert_eq!(coding::remove_highlight(s, &w.priya, w.project, a).await, Ok(w.p01.1));
        // Refusals for coding and reading.
        for who in [&w.coordinator, &w.off_team] {
            assert_eq!(coding::code_passage(s, who, w.project, w.p01.1, &ticks(&[2], travel, "")).await, Err(AppError::NotAllowed));
            assert_eq!(coding::transcript_page(s, who, w.project, w.p01.1).await.map(|_| ()), Err(AppError::NotAllowed));
        }
        for who in [&w.sam, &w.margaret] {
            assert_eq!(coding::code_passage(s, who, w.project, w.p01.1, &ticks(&[2], travel, "")).await, Err(AppError::NotFound));
            assert_eq!(coding::transcript_page(s, who, w.project, w.p01.1).await.map(|_| ()), Err(AppError::NotFound));
            assert_eq!(coding::remove_highlight(s, who, w.project, b).await, Err(AppError::NotFound));
        }
        // Tom's own coding is in "your data": the code and his memo, never the passage.
        let mine = app::my_data::service::gather(s, &w.tom).await.unwrap();
        let coded = mine.sections.iter().find(|x| x.title == "Passages you coded in analysis").expect("the section");
        let here: Vec<_> = coded.rows.iter().filter(|r| r.iter().any(|(_, v)| v == "Recovery stories (analysis test)")).collect();
        assert_eq!(here.len(), 1, "Tom's highlight a was removed; his peer tutors one remains");
        assert!(here[0].iter().any(|(_, v)| v == "Peer tutors"));
        assert!(!format!("{:?}", coded.rows).contains("herself"));
        let words = audit_words(&w).await;
        assert_eq!(words.iter().filter(|a| *a == "passage_coded").count(), 3);
        assert_eq!(words.iter().filter(|a| *a == "highlight_removed").count(), 1);
        db.close().await;
    }
}

#[tokio::test]
async fn a_withdrawn_participants_passages_are_left_out_of_comparison_quotes_and_exports() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state.db;
        let access = codebook::add_code(s, &w.tom, w.project, &code_input("Getting there", None)).await.unwrap();
        for who in [&w.tom, &w.priya] {
            coding::code_passage(s, who, w.project, w.p01.1, &ticks(&[3], access, "")).await.unwrap();
            coding::code_passage(s, who, w.project, w.p02.1, &ticks(&[2], access, "")).await.unwrap();
        }
        coding::code_passage(s, &w.priya, w.project, w.p02.1, &ticks(&[3], access, "")).await.unwrap();
        let theme = themes::add_theme(s, &w.priya, w.project, &ThemeInput { name: "Getting there is hard".into(), description: String::new(), codes: vec![access.to_string()] }).await.unwrap();
        let page = themes::theme_page(s, &w.priya, w.project, theme).await.unwrap();
        assert_eq!(page.candidates.len(), 5);
        let from_p02: Vec<i64> = page.candidates.iter().filter(|q| q.participant == "P-02").map(|q| q.highlight_id).collect();
        let from_p01 = page.candidates.iter().find(|q| q.participant == "P-01").unwrap().highlight_id;
        themes::add_quote(s, &w.priya, w.project, theme, from_p01).await.unwrap();
        themes::add_quote(s, &w.priya, w.project, theme, from_p02[0]).await.unwrap();
        let before = comparison::comparison_page(s, &w.priya, w.project, Some(w.tom.user_id), Some(w.priya.user_id)).await.unwrap();
        assert_eq!(before.rows[0].both.len(), 2);
        assert_eq!(before.rows[0].agreement, Some(67));
        let stairs = "The stairs stopped me coming back";
        let by_code = export(s, &w.tom, w.project, Export::ExtractsByCode).await.unwrap().body;
        assert!(by_code.contains(stairs));

        // P-02 withdraws.
        participants::withdraw(s, &w.tom, w.project, w.p02.0, "2026-11-20", "").await.unwrap();
        let after = comparison::comparison_page(s, &w.priya, w.project, Some(w.tom.user_id), Some(w.priya.user_id)).await.unwrap();
        assert_eq!(after.rows[0].both, vec![(w.p01.1, 3)]);
        assert!(after.rows[0].only_b.is_empty() && after.rows[0].only_a.is_empty());
        assert_eq!(after.rows[0].agreement, Some(100));
        let page = themes::theme_page(s, &w.priya, w.project, theme).await.unwrap();
        assert_eq!(page.quotes.len(), 1);
        assert_eq!(page.quotes[0].participant, "P-01");
        assert_eq!(page.left_out, 1);
        assert!(page.candidates.iter().all(|q| q.participant == "P-01"));
        assert!(matches!(themes::add_quote(s, &w.priya, w.project, theme, from_p02[1]).await, Err(AppError::Refused(_))));
        assert_eq!(themes::themes(s, w.project).await.unwrap()[0].quotes, 1);
        for which in [Export::ExtractsByCode, Export::ExtractsByTheme, Export::ThemesPage] {
            let body = export(s, &w.tom, w.project, which).await.unwrap().body;
            assert!(!body.contains("P-02") && !body.contains(stairs), "{which:?}: {body}");
            assert!(body.contains("Two buses"), "{which:?}: {body}");
        }
        // The transcript is marked and cannot be coded further; what was coded stays recorded.
        let marked = coding::transcript_page(s, &w.tom, w.project, w.p02.1).await.unwrap();
        assert!(marked.withdrawn && !marked.open());
        assert!(matches!(coding::code_passage(s, &w.tom, w.project, w.p02.1, &ticks(&[2], access, "")).await, Err(AppError::Refused(_))));
        let home = codebook::home(s, &w.tom, w.project).await.unwrap();
        assert!(home.transcripts.iter().any(|t| t.participant == "P-02" && t.withdrawn));

        // Downloads: researchers only, each on the audit trail.
        let qdc = export(s, &w.priya, w.project, Export::CodebookQdc).await.unwrap();
        assert!(qdc.body.contains("urn:QDA-XML:codebook:1.0") && qdc.body.contains("name=\"Getting there\""));
        assert!(export(s, &w.priya, w.project, Export::CodebookCsv).await.unwrap().body.starts_with("Code,Sub-code of,Description,Guid\r\n"));
        for which in [Export::CodebookCsv, Export::CodebookQdc, Export::ExtractsByCode, Export::ExtractsByTheme, Export::ThemesPage] {
            assert_eq!(export(s, &w.coordinator, w.project, which).await, Err(AppError::NotAllowed));
            assert_eq!(export(s, &w.sam, w.project, which).await, Err(AppError::NotFound));
            assert_eq!(export(s, &w.margaret, w.project, which).await, Err(AppError::NotFound));
        }
        assert_eq!(audit_words(&w).await.iter().filter(|a| *a == "analysis_exported").count(), 6);
        assert!(audit_words(&w).await.iter().any(|a| a == "theme_added"));
        db.close().await;
    }
}
