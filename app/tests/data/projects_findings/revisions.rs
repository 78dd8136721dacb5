//! A revised summary, against real databases: the revision goes up only when the words
//! change after a send; those who had an earlier one get the new one once (by e-mail or a
//! letter, by the same rules), new participants get it, the withdrawn and those who said no
//! since do not; two sends at once, or a save during a send, never give anyone the same
//! revision twice or record a revision they did not get.

use super::*;

fn mails(w: &World, address: &str) -> Vec<app::platform::mail::SentEmail> {
    w.state.mailer.sent().into_iter().filter(|m| m.to.contains(address)).collect()
}

async fn revision(w: &World) -> i64 {
    findings::findings_page(&w.state.db, &w.tom, w.project).await.unwrap().summary_revision
}

async fn got(w: &World, participant: i64) -> Option<(String, i64)> {
    sqlx::query_as("SELECT channel, revision FROM findings_summary_sends WHERE participant_id = $1")
        .bind(participant)
        .fetch_optional(&w.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_changed_summary_goes_once_more_to_those_who_had_the_earlier_one() {
    for db in all_backends().await {
        let mut w = world(&db).await;
        let ann = participant(&mut w, "Ann Agreed", "ann@example.org", &[true]).await;
        let bert = participant(&mut w, "Bert Byletter", "", &[true]).await;
        participant(&mut w, "Cora Declined", "cora@example.org", &[false]).await;
        let dora = participant(&mut w, "Dora Withdraws", "dora@example.org", &[true]).await;
        let eve = participant(&mut w, "Eve Saysno", "eve@example.org", &[true]).await;
        let s = &w.state;

        // Changing the words before anyone had it keeps revision 1.
        findings::save_summary(&s.db, &w.tom, w.project, "First draft.").await.unwrap();
        findings::save_summary(&s.db, &w.tom, w.project, "We found that peer tutors matter.").await.unwrap();
        assert_eq!(revision(&w).await, 1);
        let sent = sending::send_summary(s, &w.tom, w.project).await.unwrap();
        assert_eq!((sent.emailed, sent.updated, sent.letters), (3, 0, 1), "Ann, Dora and Eve by e-mail; Bert by letter");
        assert_eq!(sending::mark_letters_posted(&s.db, &w.tom, w.project).await.unwrap(), 1);
        assert_eq!(got(&w, bert).await, Some(("letter".into(), 1)));

        // Saved again with the same words: still revision 1, nobody waiting.
        findings::save_summary(&s.db, &w.priya, w.project, "We found that peer tutors matter.").await.unwrap();
        assert_eq!(revision(&w).await, 1);
        assert_eq!(sending::send_summary(s, &w.tom, w.project).await.unwrap().emailed, 0);

        // Dora withdraws, Eve says no to being contacted again, Hal joins; then the words change.
        withdraw(&w, dora).await;
        sqlx::query(
            "INSERT INTO consent_records (participant_id, document_id, consented_on, method, agrees_recontact, created_at) VALUES ($1, $2, '2026-11-25', 'paper', 0, 2)",
        )
        .bind(eve)
        .bind(w.consent_form)
        .execute(&w.state.db)
        .await
        .unwrap();
        let hal = participant(&mut w, "Hal Later", "hal@example.org", &[true]).await;
        let s = &w.state;
        findings::save_summary(&s.db, &w.tom, w.project, "We found that peer tutors matter, and so does the bus.").await.unwrap();
        assert_eq!(revision(&w).await, 2);
        let view = findings::findings_page(&s.db, &w.tom, w.project).await.unwrap().sending.unwrap();
        assert_eq!((view.earlier, view.to_email, view.to_letter, view.emailed, view.posted), (2, 2, 1, 0, 0), "Ann and Bert had version 1; Hal is new");
        let status = |code: &str| view.lines.iter().find(|(c, _)| c == code).unwrap().1.clone();
        assert_eq!(status("P-01"), "Had an earlier version: will get the updated one by e-mail");
        assert_eq!(status("P-02"), "Had an earlier version: updated letter to print");
        assert_eq!(status("P-04"), "Withdrawn: not sent");
        assert_eq!(status("P-05"), "Did not agree to be contacted again: not sent");

        // Send: Ann gets the updated one, Hal his first; Dora and Eve nothing more.
        let sent = sending::send_summary(s, &w.tom, w.project).await.unwrap();
        assert_eq!((sent.emailed, sent.updated, sent.letters), (2, 1, 1));
        let to_ann = mails(&w, "ann@example.org");
        assert_eq!(to_ann.len(), 2);
        assert!(to_ann[1].subject.starts_with("Updated") && to_ann[1].text.contains("here is the updated summary"), "{}", to_ann[1].text);
        assert!(to_ann[1].text.contains("so does the bus"));
        let to_hal = mails(&w, "hal@example.org");
        assert_eq!(to_hal.len(), 1);
        assert!(!to_hal[0].subject.starts_with("Updated") && to_hal[0].text.contains("so does the bus"), "his first: not an update");
        assert_eq!((mails(&w, "dora@example.org").len(), mails(&w, "eve@example.org").len(), mails(&w, "cora@example.org").len()), (1, 1, 0));
        assert_eq!((got(&w, ann).await, got(&w, hal).await, got(&w, dora).await), (Some(("email".into(), 2)), Some(("email".into(), 2)), Some(("email".into(), 1))));
        let to_lead = mails(&w, "priya@se-surg.example").into_iter().filter(|m| m.subject.contains("summary")).last().unwrap();
        assert!(to_lead.text.contains("people who had an earlier version: 1"), "{}", to_lead.text);

        // Sent again: nobody gets version 2 twice.
        assert_eq!(sending::send_summary(s, &w.priya, w.project).await.unwrap().emailed, 0);
        assert_eq!(mails(&w, "ann@example.org").len(), 2);

        // Bert's updated letter says so; once posted, it is not printed again.
        let letters = sending::letters_page(&s.db, &w.tom, w.project).await.unwrap();
        assert_eq!(letters.letters.iter().map(|l| (l.full_name.as_str(), l.updated)).collect::<Vec<_>>(), [("Bert Byletter", true)]);
        assert!(letters.summary.contains("so does the bus"));
        assert_eq!(sending::mark_letters_posted(&s.db, &w.tom, w.project).await.unwrap(), 1);
        assert_eq!(got(&w, bert).await, Some(("letter".into(), 2)));
        assert!(sending::letters_page(&s.db, &w.tom, w.project).await.unwrap().letters.is_empty());
        assert_eq!(sending::mark_letters_posted(&s.db, &w.tom, w.project).await.unwrap(), 0);

        // Changed again: version 3; changed once more before it went to anyone: still 3.
        findings::save_summary(&s.db, &w.tom, w.project, "Version three.").await.unwrap();
        findings::save_summary(&s.db, &w.tom, w.project, "Version three, tidied.").await.unwrap();
        assert_eq!(revision(&w).await, 3);
        let view = findings::findings_page(&s.db, &w.tom, w.project).await.unwrap().sending.unwrap();
        assert_eq!((view.earlier, view.to_email, view.to_letter), (3, 2, 1));
        db.close().await;
    }
}

#[tokio::test]
async fn two_sends_of_a_revised_summary_at_once_mail_each_person_once() {
    for db in all_backends().await {
        let mut w = world(&db).await;
        participant(&mut w, "Ann Agreed", "ann@example.org", &[true]).await;
        participant(&mut w, "Bob Alsoagreed", "bob@example.org", &[true]).await;
        findings::save_summary(&w.state.db, &w.tom, w.project, "What we found.").await.unwrap();
        sending::send_summary(&w.state, &w.tom, w.project).await.unwrap();
        findings::save_summary(&w.state.db, &w.tom, w.project, "What we found, corrected.").await.unwrap();
        participant(&mut w, "Cy Newcomer", "cy@example.org", &[true]).await;

        let (a, b) = tokio::join!(sending::send_summary(&w.state, &w.tom, w.project), sending::send_summary(&w.state, &w.priya, w.project));
        let total = a.map(|x| x.emailed).unwrap_or(0) + b.map(|x| x.emailed).unwrap_or(0);
        assert_eq!(total, 3, "Ann and Bob the update, Cy his first, each once");
        assert_eq!((mails(&w, "ann@example.org").len(), mails(&w, "bob@example.org").len(), mails(&w, "cy@example.org").len()), (2, 2, 1));
        let audited = count(&w.state, &format!("SELECT COUNT(*) FROM audit_events WHERE project_id = {} AND action = 'summary_sent'", w.project)).await;
        assert_eq!(audited, 5);
        db.close().await;
    }
}

#[tokio::test]
async fn a_save_during_a_send_never_records_a_revision_someone_did_not_get() {
    for db in all_backends().await {
        let mut w = world(&db).await;
        let ann = participant(&mut w, "Ann Agreed", "ann@example.org", &[true]).await;
        findings::save_summary(&w.state.db, &w.tom, w.project, "What we found.").await.unwrap();
        let (sent, saved) = tokio::join!(
            sending::send_summary(&w.state, &w.tom, w.project),
            findings::save_summary(&w.state.db, &w.priya, w.project, "What we found, corrected.")
        );
        saved.unwrap();
        sent.unwrap();
        // Whichever went first, the revision recorded for Ann is the one whose words she got.
        let to_ann = mails(&w, "ann@example.org");
        assert_eq!(to_ann.len(), 1);
        let (_, her_revision) = got(&w, ann).await.unwrap();
        let now = revision(&w).await;
        if to_ann[0].text.contains("corrected") {
            assert_eq!((her_revision, now), (1, 1), "the save went first; she has the current words");
            assert_eq!(sending::send_summary(&w.state, &w.tom, w.project).await.unwrap().emailed, 0);
        } else {
            assert_eq!((her_revision, now), (1, 2), "the send went first; the save made version 2");
            assert_eq!(sending::send_summary(&w.state, &w.tom, w.project).await.unwrap().emailed, 1);
            assert!(mails(&w, "ann@example.org")[1].text.contains("corrected"));
        }
        db.close().await;
    }
}
