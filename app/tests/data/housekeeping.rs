//! Clearing away what has expired, on both backends, with two servers doing it at once.

use crate::support::*;

async fn count(db: &app::platform::db::Db, sql: &str) -> i64 {
    sqlx::query_as::<_, (i64,)>(sql).fetch_one(db).await.unwrap().0
}

#[tokio::test]
async fn expired_sessions_links_invitations_and_counts_go_and_nothing_live_does() {
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        let now = app::platform::time::now();
        let day = 24 * 3600;
        let (user,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'margaret@whynot.example'").fetch_one(&state.db).await.unwrap();
        let (org,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = 'whynot'").fetch_one(&state.db).await.unwrap();
        let exec = |sql: String| {
            let db = state.db.clone();
            async move { sqlx::query(&sql).execute(&db).await.unwrap() }
        };
        exec("DELETE FROM sessions".into()).await;
        exec(format!("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, public_id, browser) VALUES ('live', {user}, {now}, {now}, {}, 'p1', '')", now + day)).await;
        exec(format!("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, public_id, browser) VALUES ('idle', {user}, {0}, {0}, {1}, 'p2', '')", now - 15 * 3600, now + day)).await;
        exec(format!("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, public_id, browser) VALUES ('ended', {user}, {0}, {0}, {0}, 'p3', '')", now - 13 * 3600)).await;
        // Ended three hours ago: kept for a while, so a form sent after it ended can be kept.
        exec(format!("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, public_id, browser) VALUES ('recent', {user}, {0}, {0}, {1}, 'p4', '')", now - 3 * 3600, now + day)).await;
        exec(format!("INSERT INTO form_returns (reference_hash, function_path, error, expires_at) VALUES ('r-old', '/api/x', 'e30', {0}), ('r-new', '/api/x', 'e30', {1})", now - 1, now + 600)).await;
        exec(format!("INSERT INTO kept_forms (reference_hash, user_id, function_path, body, back_to, created_at, expires_at) VALUES ('k-old', {user}, '/api/x', 'a=1', '/', {0}, {0}), ('k-new', {user}, '/api/x', 'a=1', '/', {now}, {1})", now - 1, now + 600)).await;
        exec("DELETE FROM email_tokens".into()).await;
        exec(format!("INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES ('fresh', {user}, 'reset_password', {now}, {})", now + 3600)).await;
        exec(format!("INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES ('old', {user}, 'reset_password', {0}, {0})", now - 10)).await;
        exec(format!("INSERT INTO email_tokens (token_hash, user_id, purpose, created_at, expires_at, used_at) VALUES ('used', {user}, 'reset_password', {now}, {}, {now})", now + 3600)).await;
        let before_invitations = count(&state.db, "SELECT COUNT(*) FROM invitations").await;
        exec(format!("INSERT INTO invitations (organisation_id, email, role, token_hash, created_at, expires_at) VALUES ({org}, 'gone@example.org', 'member', 'x1', {0}, {0})", now - 40 * day)).await;
        exec(format!("INSERT INTO invitations (organisation_id, email, role, token_hash, created_at, expires_at) VALUES ({org}, 'recent@example.org', 'member', 'x2', {0}, {0})", now - 2 * day)).await;
        exec(format!("INSERT INTO invitations (organisation_id, email, role, token_hash, created_at, expires_at, accepted_at, accepted_by) VALUES ({org}, 'joined@example.org', 'member', 'x3', {0}, {0}, {0}, {user})", now - 40 * day)).await;
        exec(format!("INSERT INTO sign_in_throttle (throttle_key, window_start, attempts) VALUES ('old', {}, 3), ('new', {now}, 1)", now - 2 * day)).await;

        // Two app servers run it at the same moment: they share the work without failing.
        let (a, b) = tokio::join!(
            app::housekeeping::clear_expired(&state.db, &state.config, now),
            app::housekeeping::clear_expired(&state.db, &state.config, now)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(a.sessions + b.sessions, 2, "the idle one and the ended one");
        assert_eq!(a.links + b.links, 2);
        assert_eq!(a.invitations + b.invitations, 1);
        assert_eq!(a.throttle + b.throttle, 1);
        assert_eq!(a.forms + b.forms, 2, "an expired answer and an expired kept form");
        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM form_returns WHERE reference_hash = 'r-new'").await, 1);
        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM kept_forms WHERE reference_hash = 'k-new'").await, 1);

        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM sessions").await, 2);
        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM sessions WHERE id_hash = 'recent'").await, 1);
        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM sessions WHERE id_hash = 'live'").await, 1);
        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM email_tokens WHERE token_hash = 'fresh'").await, 1);
        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM email_tokens").await, 1);
        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM invitations").await, before_invitations + 2, "recent and taken-up invitations stay");
        assert_eq!(count(&state.db, "SELECT COUNT(*) FROM sign_in_throttle WHERE throttle_key = 'new'").await, 1);
        db.close().await;
    }
}

#[tokio::test]
async fn the_lead_is_told_once_about_research_data_past_its_date() {
    for db in all_backends().await {
        let state = state(&db);
        app::demo::load(&state.db).await.unwrap();
        let now = app::platform::time::now();
        let today = app::platform::time::today();
        let reminders = "SELECT COUNT(*) FROM mail_outbox WHERE subject LIKE '%research data past its deletion date'";
        // Nothing in the demo is past its date yet.
        assert_eq!(app::housekeeping::flag_past_retention(&state, &today, now).await.unwrap(), 0);
        let (file, project): (i64, i64) =
            sqlx::query_as("SELECT id, project_id FROM fieldwork_files WHERE deleted_at IS NULL ORDER BY id LIMIT 1").fetch_one(&state.db).await.unwrap();
        let leads = count(&state.db, &format!("SELECT COUNT(*) FROM project_team WHERE project_id = {project} AND role = 'lead'")).await;
        assert!(leads >= 1);
        sqlx::query("UPDATE fieldwork_files SET retain_until = '2020-01-31' WHERE id = $1").bind(file).execute(&state.db).await.unwrap();

        // Two servers at once: the file is flagged once and each lead gets one e-mail.
        let (a, b) = tokio::join!(
            app::housekeeping::flag_past_retention(&state, &today, now),
            app::housekeeping::flag_past_retention(&state, &today, now)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 1);
        assert_eq!(count(&state.db, reminders).await, leads);
        // The next round says nothing more about it.
        assert_eq!(app::housekeeping::flag_past_retention(&state, &today, now).await.unwrap(), 0);
        assert_eq!(count(&state.db, reminders).await, leads);

        // A new date clears the flag, so a later lapse is told again; a deleted file never is.
        let lead_email: (String,) = sqlx::query_as(
            "SELECT u.email FROM project_team t JOIN users u ON u.id = t.user_id WHERE t.project_id = $1 AND t.role = 'lead' LIMIT 1",
        )
        .bind(project)
        .fetch_one(&state.db)
        .await
        .unwrap();
        let lead = actor_for(&state, &lead_email.0).await;
        app::projects::fieldwork::files::store::change_retention(&state.db, &lead, project, file, "2031-12-31").await.unwrap();
        assert_eq!(count(&state.db, &format!("SELECT COUNT(*) FROM fieldwork_files WHERE id = {file} AND retention_flagged_at IS NULL")).await, 1);
        sqlx::query("UPDATE fieldwork_files SET retain_until = '2020-01-31', deleted_at = $1 WHERE id = $2").bind(now).bind(file).execute(&state.db).await.unwrap();
        assert_eq!(app::housekeeping::flag_past_retention(&state, &today, now).await.unwrap(), 0);
        db.close().await;
    }
}
