//! Online consent against real databases: the link is sent only by the project's
//! researchers to the address held, works once (even with two answers at once), refuses
//! when expired, replaced or after a withdrawal, makes an "online" consent record with its
//! history and audit entry; migration 0019 keeps the consent records already there.

use app::error::AppError;
use app::projects::consent::online::service::{self as online, OnlineConsentInput};
use app::projects::consent::online::{LinkState, TAKE_PART};
use app::projects::consent::participants;
use app::projects::consent::OptionalParts;
use crate::projects_consent::{application, person_input, refused_with, world, World};
use crate::support::*;

/// A participant of the test project with the consent form approved; returns (participant, form).
async fn ready(w: &World) -> (i64, i64) {
    let (_, doc) = application(w, "approved").await;
    let (pid, _) = participants::add_participant(&w.state.db, &w.tom, w.project, &person_input("Nora Onlineperson")).await.unwrap();
    (pid, doc)
}

/// Sends a link as Tom and reads its token from the e-mail.
async fn send(w: &World, pid: i64) -> String {
    online::send_link(&w.state, &w.tom, w.project, pid).await.unwrap();
    link_token(&w.state, "someone@example.org", "/consent/")
}

fn answer(doc: i64) -> OnlineConsentInput {
    OnlineConsentInput {
        document_id: doc,
        ticked: vec![0],
        parts: OptionalParts { quotes: false, audio: true, recontact: true },
        full_name: "Nora Onlineperson".into(),
    }
}

async fn consents(w: &World, pid: i64) -> i64 {
    count(&w.state, &format!("SELECT COUNT(*) FROM consent_records WHERE participant_id = {pid}")).await
}

#[tokio::test]
async fn a_participant_consents_online_once_and_the_record_says_so() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (pid, doc) = ready(&w).await;
        let token = send(&w, pid).await;
        let mail = s.mailer.sent().into_iter().rev().find(|m| m.to == "someone@example.org").unwrap();
        let link = mail.text.lines().find(|l| l.contains("/consent/")).unwrap();
        assert!(link.ends_with(&format!("/consent/{token}")), "the link holds only the token: {link}");
        assert_eq!(
            count(s, &format!("SELECT COUNT(*) FROM consent_invitations WHERE participant_id = {pid} AND token_hash = '{token}'")).await,
            0,
            "only the token's hash is stored"
        );

        // The page shows the approved form and its statements; the test form has no list.
        let page = online::consent_form(&s.db, &token).await.unwrap();
        assert_eq!(page.document_id, doc);
        assert_eq!(page.statements, vec![TAKE_PART.to_string()]);
        // A statement not ticked, or no name: messages beside the fields, nothing written.
        let mut unticked = answer(doc);
        unticked.ticked.clear();
        unticked.full_name = " ".into();
        let errors = online::give_consent(&s.db, &token, &unticked).await.unwrap_err();
        let form = errors.form_errors().expect("field messages");
        assert!(form.message_for("statements").is_some() && form.message_for("full_name").is_some(), "{form:?}");
        assert_eq!(form.value_for("audio"), Some("on"), "the parts chosen are kept");
        assert_eq!(consents(&w, pid).await, 0);

        let id = online::give_consent(&s.db, &token, &answer(doc)).await.unwrap();
        let (method, taken_by, recorded_by, audio, quotes): (String, Option<i64>, Option<i64>, i64, i64) = sqlx::query_as(
            "SELECT method, taken_by, recorded_by, agrees_audio, agrees_quotes FROM consent_records WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&s.db)
        .await
        .unwrap();
        assert_eq!((method.as_str(), taken_by, recorded_by, audio, quotes), ("online", Some(w.tom.user_id), None, 1, 0));
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM participant_changes WHERE participant_id = {pid} AND change = 'consent_given_online' AND changed_by IS NULL")).await, 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'consent_recorded' AND record_id = {pid} AND actor_id IS NULL")).await, 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM consent_invitations WHERE participant_id = {pid} AND consent_record_id = {id}")).await, 1);

        // The link is used up: the page and a second answer both refuse.
        refused_with(online::consent_form(&s.db, &token).await, "already been used");
        refused_with(online::give_consent(&s.db, &token, &answer(doc)).await, "already been used");
        assert_eq!(consents(&w, pid).await, 1);
        // The participant's page shows it used, with the name typed as a signature (for
        // the researchers only), and the record as given online.
        let panel = online::panel(&s.db, &w.priya, w.project, pid).await.unwrap();
        let latest = panel.latest.unwrap();
        assert_eq!(latest.state, LinkState::Used);
        assert_eq!(latest.signed_name.as_deref(), Some("Nora Onlineperson"));
        let printed = app::projects::consent::records::consent_print(&s.db, &w.priya, w.project, pid, id).await.unwrap();
        assert_eq!(printed.signed_name.as_deref(), Some("Nora Onlineperson"));
        let page = app::projects::consent::records::participant_page(&s.db, &w.priya, w.project, pid).await.unwrap();
        assert!(page.consents[0].method.contains("online"), "{:?}", page.consents[0]);
        refused_with(online::consent_form(&s.db, "not-a-real-token").await, "This link does not work");
        db.close().await;
    }
}

#[tokio::test]
async fn two_answers_at_once_make_one_record() {
    for db in all_backends().await {
        let w = world(&db).await;
        let (pid, doc) = ready(&w).await;
        let token = send(&w, pid).await;
        let (first, second) = (answer(doc), answer(doc));
        let (a, b) = tokio::join!(
            online::give_consent(&w.state.db, &token, &first),
            online::give_consent(&w.state.db, &token, &second)
        );
        assert_eq!([&a, &b].iter().filter(|r| r.is_ok()).count(), 1, "one wins: {a:?} {b:?}");
        let lost = if a.is_ok() { b } else { a };
        refused_with(lost, "already been used");
        assert_eq!(consents(&w, pid).await, 1);
        db.close().await;
    }
}

#[tokio::test]
async fn expired_replaced_and_withdrawn_links_are_refused() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (pid, doc) = ready(&w).await;
        // Expired.
        let old = send(&w, pid).await;
        exec(s, "UPDATE consent_invitations SET expires_at = 1 WHERE participant_id = $1", &[pid]).await;
        refused_with(online::consent_form(&s.db, &old).await, "This link has expired");
        refused_with(online::give_consent(&s.db, &old, &answer(doc)).await, "expired");
        assert_eq!(online::panel(&s.db, &w.tom, w.project, pid).await.unwrap().latest.unwrap().state, LinkState::Expired);
        // Sending again replaces the link: the older one stops working, the new one works.
        let first = send(&w, pid).await;
        let second = send(&w, pid).await;
        assert_ne!(first, second);
        refused_with(online::give_consent(&s.db, &first, &answer(doc)).await, "This link was withdrawn or replaced by a newer one");
        assert_eq!(online::panel(&s.db, &w.tom, w.project, pid).await.unwrap().latest.unwrap().state, LinkState::Waiting);
        // A withdrawal: the link sent before it cannot re-consent them, even once undone and
        // the link put back as it was.
        participants::withdraw(&s.db, &w.tom, w.project, pid, "2026-11-03", "").await.unwrap();
        refused_with(online::give_consent(&s.db, &second, &answer(doc)).await, "replaced by a newer one");
        exec(s, "UPDATE consent_invitations SET revoked_at = NULL WHERE participant_id = $1", &[pid]).await;
        refused_with(online::consent_form(&s.db, &second).await, "stopped taking part");
        refused_with(online::give_consent(&s.db, &second, &answer(doc)).await, "stopped taking part");
        refused_with(online::send_link(s, &w.tom, w.project, pid).await, "has withdrawn");
        assert_eq!(consents(&w, pid).await, 0);
        db.close().await;
    }
}

#[tokio::test]
async fn only_the_projects_researchers_send_links_and_only_to_an_address_held() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (pid, _) = ready(&w).await;
        for (who, actor, expected) in [
            ("commissioner", &w.sam, AppError::NotAllowed),
            ("another group", &w.margaret, AppError::NotFound),
            ("outsider", &w.joan, AppError::NotFound),
            ("member off the team", &w.off_team, AppError::NotAllowed),
            ("coordinator off the team", &w.coordinator, AppError::NotAllowed),
        ] {
            assert_eq!(online::send_link(s, actor, w.project, pid).await.unwrap_err(), expected, "{who}");
            assert_eq!(online::panel(&s.db, actor, w.project, pid).await.unwrap_err(), expected, "{who} sees no link state");
        }
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM consent_invitations WHERE project_id = {}", w.project)).await, 0);
        // No address held: said plainly, and nothing sent.
        let mut no_email = person_input("Olga Noemail");
        no_email.email = String::new();
        let (other, _) = participants::add_participant(&s.db, &w.tom, w.project, &no_email).await.unwrap();
        let panel = online::panel(&s.db, &w.tom, w.project, other).await.unwrap();
        assert!(!panel.has_email && panel.cannot_send.as_deref() == Some(online::NO_EMAIL), "{panel:?}");
        refused_with(online::send_link(s, &w.tom, w.project, other).await, "no e-mail address");
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM consent_invitations WHERE project_id = {}", w.project)).await, 0);
        db.close().await;
    }
}

#[tokio::test]
async fn housekeeping_clears_expired_unused_links_only() {
    for db in all_backends().await {
        let w = world(&db).await;
        let s = &w.state;
        let (pid, doc) = ready(&w).await;
        let used = send(&w, pid).await;
        online::give_consent(&s.db, &used, &answer(doc)).await.unwrap();
        send(&w, pid).await;
        let now = app::platform::time::now();
        // Both long expired; only the unused one goes.
        exec(s, "UPDATE consent_invitations SET expires_at = $1 WHERE participant_id = $2", &[now - 60 * 24 * 3600, pid]).await;
        let cleared = app::housekeeping::clear_expired(&s.db, &s.config, now).await.unwrap();
        assert!(cleared.invitations >= 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM consent_invitations WHERE participant_id = {pid}")).await, 1);
        assert_eq!(count(s, &format!("SELECT COUNT(*) FROM consent_invitations WHERE participant_id = {pid} AND used_at IS NOT NULL")).await, 1);
        db.close().await;
    }
}

type ConsentRow = (i64, i64, i64, String, String, Option<i64>, i64, i64, i64, Option<i64>, i64);

async fn consent_rows(db: &app::platform::db::Db) -> Vec<ConsentRow> {
    sqlx::query_as(
        "SELECT id, participant_id, document_id, consented_on, method, taken_by, agrees_quotes, agrees_audio, agrees_recontact, \
         recorded_by, created_at FROM consent_records ORDER BY id",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

#[tokio::test]
async fn migration_0019_keeps_every_consent_record_and_allows_online() {
    for db in all_backends_before(19).await {
        let s = state(&db);
        // The demo loads in lifecycle order and stops at its consent records (one was given
        // online, which 0019 allows); everything they need is there before that point, so the
        // test writes its own on paper and read aloud.
        let _stopped_at_a_later_table = app::demo::load(&s.db).await;
        let project: i64 = sqlx::query_scalar("SELECT MIN(project_id) FROM ethics_applications").fetch_one(&s.db).await.unwrap();
        let form: i64 =
            sqlx::query_scalar("SELECT MIN(id) FROM ethics_documents WHERE kind = 'consent_form'").fetch_one(&s.db).await.unwrap();
        for seq in 1..=10_i64 {
            let participant: i64 = sqlx::query_scalar(
                "INSERT INTO participants (project_id, seq, code, joined_on, created_at, updated_at) VALUES ($1, $2, $3, '2026-10-01', 1, 1) RETURNING id",
            )
            .bind(project)
            .bind(seq + 100)
            .bind(format!("T-{seq}"))
            .fetch_one(&s.db)
            .await
            .unwrap();
            sqlx::query("INSERT INTO consent_records (participant_id, document_id, consented_on, method, agrees_quotes, created_at) VALUES ($1, $2, '2026-10-02', $3, $4, $5)")
                .bind(participant)
                .bind(form)
                .bind(if seq % 2 == 0 { "paper" } else { "read_aloud" })
                .bind(seq % 2)
                .bind(seq)
                .execute(&s.db)
                .await
                .unwrap();
        }
        let before = consent_rows(&s.db).await;
        assert!(before.len() >= 10, "the demo's consent records are there to keep");
        assert!(sqlx::query("UPDATE consent_records SET method = 'online' WHERE id = (SELECT MIN(id) FROM consent_records)")
            .execute(&s.db)
            .await
            .is_err(), "before 0019 'online' is refused");
        app::platform::db::migrate(&s.db).await.unwrap();
        assert_eq!(consent_rows(&s.db).await, before, "every row kept as it was, ids too");
        sqlx::query("UPDATE consent_records SET method = 'online' WHERE id = (SELECT MIN(id) FROM consent_records)").execute(&s.db).await.unwrap();
        assert!(sqlx::query("UPDATE consent_records SET method = 'by_pigeon'").execute(&s.db).await.is_err(), "the check still stands");
        // References still hold after the rebuild: a consent record cannot point at no participant.
        assert!(sqlx::query("INSERT INTO consent_records (participant_id, document_id, consented_on, method, created_at) VALUES (999999, 999999, '2026-01-01', 'paper', 1)")
            .execute(&s.db)
            .await
            .is_err());
        // And a participant's deletion still takes their consent records with it.
        let (pid,): (i64,) = sqlx::query_as("SELECT MIN(participant_id) FROM consent_records").fetch_one(&s.db).await.unwrap();
        sqlx::query("DELETE FROM participants WHERE id = $1").bind(pid).execute(&s.db).await.unwrap();
        assert_eq!(count(&s, &format!("SELECT COUNT(*) FROM consent_records WHERE participant_id = {pid}")).await, 0);
        db.close().await;
    }
}
