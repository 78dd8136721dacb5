//! Accounts against a real database: SQLite always, PostgreSQL when one answers.


use app::accounts::service::{self, LINK_EXPIRED, LINK_UNKNOWN, LINK_USED, WRONG_DETAILS};
use app::error::AppError;
use app::accounts::session;
use crate::support::*;

const PASSWORD: &str = "kettle garden bicycle";

async fn count(db: &app::platform::db::Db, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(db).await.unwrap();
    n
}

/// Registers and confirms an account, returning its id.
async fn confirmed_account(state: &app::platform::state::AppState, name: &str, email: &str) -> i64 {
    service::register(state, name, email, PASSWORD).await.unwrap();
    let token = link_token(state, email, "/verify-email?token=");
    service::verify_email(&state.db, &token, PASSWORD).await.unwrap();
    service::find_by_email(&state.db, email).await.unwrap().unwrap().0
}

#[tokio::test]
async fn register_confirm_and_sign_in() {
    for db in all_backends().await {
        let state = state(&db);
        service::register(&state, "  Mary Smith ", "Mary@Example.org", PASSWORD).await.unwrap();
        let sent = state.mailer.sent();
        assert_eq!(sent.len(), 1, "{}", db.backend);
        assert!(sent[0].text.contains("Hello Mary Smith"));
        assert!(sent[0].text.contains("You are getting this e-mail because"), "says why it was sent");

        // Not confirmed yet: signing in is refused, and a fresh link is sent.
        let refused = service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.1").await.unwrap_err();
        assert!(matches!(&refused, AppError::Refused(m) if m.contains("confirm your e-mail")), "{refused:?}");
        assert_eq!(state.mailer.sent().len(), 2);

        let token = link_token(&state, "mary@example.org", "/verify-email?token=");
        service::verify_email(&state.db, &token, PASSWORD).await.unwrap();
        let session_token = service::sign_in(&state, "MARY@example.org ", PASSWORD, "10.0.0.1").await.unwrap();
        let session = session::load(&state.db, &state.config, &session_token, "").await.unwrap().expect("a live session");
        assert_eq!(session.user.name, "Mary Smith");
        assert_eq!(session.user.email, "mary@example.org");
        assert!(!session.user.is_admin);
        db.close().await;
    }
}

#[tokio::test]
async fn registering_an_address_twice_answers_the_same_and_tells_the_owner() {
    for db in all_backends().await {
        let state = state(&db);
        confirmed_account(&state, "Mary", "mary@example.org").await;
        let before = count(&state.db, "SELECT COUNT(*) FROM users").await;
        service::register(&state, "Impostor", "mary@example.org", "another long password").await.unwrap();
        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM users").await, before);
        let last = state.mailer.sent().pop().unwrap();
        assert_eq!(last.to, "mary@example.org");
        assert!(last.subject.contains("tried to register"));
        db.close().await;
    }
}

#[tokio::test]
async fn bad_registrations_change_nothing_and_say_why_beside_each_field() {
    for db in all_backends().await {
        let state = state(&db);
        let error = service::register(&state, "", "not-an-address", "short").await.unwrap_err();
        let errors = error.form_errors().expect("field errors");
        assert!(errors.message_for("name").is_some());
        assert!(errors.message_for("email").unwrap().contains("name@example.com"));
        assert!(errors.message_for("password").unwrap().contains("at least 10"));
        assert_eq!(errors.value_for("email"), Some("not-an-address"), "what was typed is kept");
        assert_eq!(errors.value_for("password"), None, "passwords are never sent back");

        let long = "x".repeat(300);
        let error = service::register(&state, &long, "a@example.org", PASSWORD).await.unwrap_err();
        assert!(error.form_errors().unwrap().message_for("name").unwrap().contains("100 characters"));
        assert!(service::register(&state, "Mary", "mary@example.org", "password123").await.is_err());

        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM users").await, 0);
        assert!(state.mailer.sent().is_empty());
        db.close().await;
    }
}

#[tokio::test]
async fn closed_registration_is_refused() {
    for db in all_backends().await {
        let state = state_with(&db, test_config(&[("CORESEARCH_OPEN_REGISTRATION", "false")]));
        let error = service::register(&state, "Mary", "mary@example.org", PASSWORD).await.unwrap_err();
        assert!(matches!(error, AppError::Refused(m) if m.contains("invitation")));
        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM users").await, 0);
        db.close().await;
    }
}

#[tokio::test]
async fn links_are_single_use_and_expire() {
    for db in all_backends().await {
        let state = state(&db);
        service::register(&state, "Mary", "mary@example.org", PASSWORD).await.unwrap();
        let token = link_token(&state, "mary@example.org", "/verify-email?token=");
        service::verify_email(&state.db, &token, PASSWORD).await.unwrap();
        assert_eq!(service::verify_email(&state.db, &token, PASSWORD).await, Err(AppError::refused(LINK_USED)));
        assert_eq!(service::verify_email(&state.db, "made-up", PASSWORD).await, Err(AppError::refused(LINK_UNKNOWN)));

        service::request_password_reset(&state, "mary@example.org").await.unwrap();
        let reset = link_token(&state, "mary@example.org", "/reset-password?token=");
        sqlx::query("UPDATE email_tokens SET expires_at = 1 WHERE purpose = 'reset_password'")
            .execute(&state.db)
            .await
            .unwrap();
        assert_eq!(
            service::reset_password(&state, &reset, "a brand new password").await,
            Err(AppError::refused(LINK_EXPIRED))
        );
        // The expired link changed nothing: the old password still works.
        assert!(service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.2").await.is_ok());
        db.close().await;
    }
}

#[tokio::test]
async fn forgotten_password_reset_ends_sessions_and_never_reveals_accounts() {
    for db in all_backends().await {
        let state = state(&db);
        let user_id = confirmed_account(&state, "Mary", "mary@example.org").await;
        let old_session = service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.3").await.unwrap();

        let sent_before = state.mailer.sent().len();
        service::request_password_reset(&state, "nobody@example.org").await.unwrap();
        assert_eq!(state.mailer.sent().len(), sent_before, "no e-mail for an address without an account");

        service::request_password_reset(&state, "mary@example.org").await.unwrap();
        let token = link_token(&state, "mary@example.org", "/reset-password?token=");

        // A weak new password is refused and the link still works afterwards.
        let weak = service::reset_password(&state, &token, "mary").await.unwrap_err();
        assert!(weak.form_errors().unwrap().message_for("password").is_some());

        service::reset_password(&state, &token, "a brand new password").await.unwrap();
        assert!(session::load(&state.db, &state.config, &old_session, "").await.unwrap().is_none(), "the old session has ended");
        assert_eq!(count(&state.db, &format!("SELECT COUNT(*) FROM sessions WHERE user_id = {user_id}")).await, 0);
        assert!(service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.3").await.is_err());
        assert!(service::sign_in(&state, "mary@example.org", "a brand new password", "10.0.0.3").await.is_ok());
        assert_eq!(
            service::reset_password(&state, &token, "yet another password").await,
            Err(AppError::refused(LINK_USED))
        );
        db.close().await;
    }
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_refused_for_a_while() {
    for db in all_backends().await {
        let state = state(&db);
        confirmed_account(&state, "Mary", "mary@example.org").await;
        for _ in 0..5 {
            let error = service::sign_in(&state, "mary@example.org", "wrong password", "10.0.0.4").await.unwrap_err();
            assert_eq!(error.form_errors().unwrap().message_for("password"), Some(WRONG_DETAILS));
        }
        // Even the right password is refused now, with a message that says so.
        let refused = service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.4").await.unwrap_err();
        assert!(matches!(&refused, AppError::Refused(m) if m.contains("too many") && m.contains("minute")), "{refused:?}");

        // An address with no account is treated exactly the same way.
        for _ in 0..5 {
            let error = service::sign_in(&state, "ghost@example.org", "wrong password", "10.0.0.5").await.unwrap_err();
            assert_eq!(error.form_errors().unwrap().message_for("password"), Some(WRONG_DETAILS));
        }
        let ghost = service::sign_in(&state, "ghost@example.org", "wrong password", "10.0.0.5").await.unwrap_err();
        assert_eq!(std::mem::discriminant(&ghost), std::mem::discriminant(&refused));

        // After the window passes, signing in works again.
        sqlx::query("UPDATE sign_in_throttle SET window_start = window_start - 3600").execute(&state.db).await.unwrap();
        assert!(service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.4").await.is_ok());
        db.close().await;
    }
}

#[tokio::test]
async fn many_failures_from_one_address_are_refused() {
    for db in all_backends().await {
        let state = state(&db);
        confirmed_account(&state, "Mary", "mary@example.org").await;
        let limit = state.throttle.address_limit;
        for n in 0..limit {
            let _ = service::sign_in(&state, &format!("person{n}@example.org"), "wrong password", "10.9.9.9").await;
        }
        let refused = service::sign_in(&state, "mary@example.org", PASSWORD, "10.9.9.9").await.unwrap_err();
        assert!(matches!(refused, AppError::Refused(_)));
        // Someone elsewhere is unaffected.
        assert!(service::sign_in(&state, "mary@example.org", PASSWORD, "10.1.1.1").await.is_ok());
        // Successful sign-ins from one address (a day centre) never use up its tries.
        for _ in 0..limit + 5 {
            assert!(service::sign_in(&state, "mary@example.org", PASSWORD, "10.2.2.2").await.is_ok());
        }
        let wrong = service::sign_in(&state, "mary@example.org", "wrong password", "10.2.2.2").await.unwrap_err();
        assert_eq!(wrong.form_errors().unwrap().message_for("password"), Some(WRONG_DETAILS));
        db.close().await;
    }
}

#[tokio::test]
async fn changing_password_ends_other_sessions() {
    for db in all_backends().await {
        let state = state(&db);
        confirmed_account(&state, "Mary", "mary@example.org").await;
        let laptop = service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.6").await.unwrap();
        let phone = service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.6").await.unwrap();
        let user = session::load(&state.db, &state.config, &laptop, "").await.unwrap().unwrap().user;

        let wrong = service::change_password(&state, &user, "not it", "a brand new password").await.unwrap_err();
        assert!(wrong.form_errors().unwrap().message_for("current_password").is_some());
        let same = service::change_password(&state, &user, PASSWORD, PASSWORD).await.unwrap_err();
        assert!(same.form_errors().unwrap().message_for("new_password").is_some());

        let fresh = service::change_password(&state, &user, PASSWORD, "a brand new password").await.unwrap();
        assert!(session::load(&state.db, &state.config, &laptop, "").await.unwrap().is_none());
        assert!(session::load(&state.db, &state.config, &phone, "").await.unwrap().is_none());
        assert!(session::load(&state.db, &state.config, &fresh, "").await.unwrap().is_some());
        db.close().await;
    }
}

#[tokio::test]
async fn changing_email_waits_for_the_new_address_to_confirm() {
    for db in all_backends().await {
        let state = state(&db);
        confirmed_account(&state, "Mary", "mary@example.org").await;
        confirmed_account(&state, "Other", "other@example.org").await;
        let token = service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.7").await.unwrap();
        let user = session::load(&state.db, &state.config, &token, "").await.unwrap().unwrap().user;

        let wrong = service::request_email_change(&state, &user, "new@example.org", "nope").await.unwrap_err();
        assert_eq!(wrong.form_errors().unwrap().value_for("new_email"), Some("new@example.org"));

        service::request_email_change(&state, &user, "New@Example.org", PASSWORD).await.unwrap();
        assert_eq!(service::find_by_email(&state.db, "mary@example.org").await.unwrap().map(|u| u.0), Some(user.id));
        let link = link_token(&state, "new@example.org", "/account/confirm-email?token=");
        assert!(state.mailer.sent().iter().any(|m| m.to == "mary@example.org" && m.subject.contains("about to change")));
        service::confirm_email_change(&state, &link, None).await.unwrap();
        assert_eq!(service::find_by_email(&state.db, "new@example.org").await.unwrap().map(|u| u.0), Some(user.id));
        assert!(session::load(&state.db, &state.config, &token, "").await.unwrap().is_none(), "other sessions end");
        for to in ["mary@example.org", "new@example.org"] {
            assert!(state.mailer.sent().iter().any(|m| m.to == to && m.subject.contains("address has changed")), "{to} is told");
        }

        // Asking for an address that is taken gives the same answer and changes nothing.
        let token = service::sign_in(&state, "new@example.org", PASSWORD, "10.0.0.7").await.unwrap();
        let user = session::load(&state.db, &state.config, &token, "").await.unwrap().unwrap().user;
        service::request_email_change(&state, &user, "other@example.org", PASSWORD).await.unwrap();
        assert_eq!(service::find_by_email(&state.db, "new@example.org").await.unwrap().map(|u| u.0), Some(user.id));
        db.close().await;
    }
}

#[tokio::test]
async fn name_and_preferences_are_saved() {
    for db in all_backends().await {
        let state = state(&db);
        let id = confirmed_account(&state, "Mary", "mary@example.org").await;
        service::update_name(&state.db, id, " Mary Ellis ").await.unwrap();
        assert!(service::update_name(&state.db, id, "   ").await.is_err());
        service::update_preferences(&state.db, id, true, true).await.unwrap();
        let user = service::load_current_user(&state.db, id).await.unwrap().unwrap();
        assert_eq!(user.name, "Mary Ellis");
        assert!(user.large_text && user.high_contrast);
        assert_eq!(user.preference_classes(), "pref-large-text pref-high-contrast");
        db.close().await;
    }
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    for db in all_backends().await {
        let state = state(&db);
        confirmed_account(&state, "Mary", "mary@example.org").await;
        let token = service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.8").await.unwrap();
        let live = session::load(&state.db, &state.config, &token, "").await.unwrap().unwrap();
        session::end(&state.db, &live.id_hash).await.unwrap();
        assert!(session::load(&state.db, &state.config, &token, "").await.unwrap().is_none());
        // Expired sessions do not come back either.
        let token = service::sign_in(&state, "mary@example.org", PASSWORD, "10.0.0.8").await.unwrap();
        sqlx::query("UPDATE sessions SET last_seen_at = 1").execute(&state.db).await.unwrap();
        assert!(session::load(&state.db, &state.config, &token, "").await.unwrap().is_none());
        db.close().await;
    }
}
