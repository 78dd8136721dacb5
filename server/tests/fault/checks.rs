//! What must hold after the restart, whenever the kill landed: every acknowledged write is
//! there, no award is half-done, and the database is intact. Each check returns the
//! problems it found, in words, so one failing run shows all of them.

use app::platform::db::Db;
use sqlx::Row;

use crate::clients::Write;

async fn count(db: &Db, sql: &str, binds: &[Bind<'_>]) -> i64 {
    let mut query = sqlx::query_as::<_, (i64,)>(sql);
    for bind in binds {
        query = match bind {
            Bind::Int(n) => query.bind(*n),
            Bind::Text(s) => query.bind(s.to_string()),
        };
    }
    query.fetch_one(db).await.unwrap_or_else(|error| panic!("{sql}: {error}")).0
}

enum Bind<'a> {
    Int(i64),
    Text(&'a str),
}
use Bind::{Int, Text};

/// Each acknowledged write, looked for in the database.
pub async fn acknowledged_writes_are_there(db: &Db, acked: &[Write]) -> Vec<String> {
    let mut missing = Vec::new();
    for write in acked {
        let found = match write {
            Write::Reflection { email, body } => {
                count(
                    db,
                    "SELECT COUNT(*) FROM reflections r JOIN users u ON u.id = r.user_id WHERE u.email = $1 AND r.body = $2",
                    &[Text(email), Text(body)],
                )
                .await
                    == 1
            }
            Write::BriefDrafted { brief_id, title } => {
                count(db, "SELECT COUNT(*) FROM briefs WHERE id = $1 AND title = $2", &[Int(*brief_id), Text(title)]).await == 1
            }
            Write::BriefPublished { brief_id } => {
                let sql = "SELECT COUNT(*) FROM briefs WHERE id = $1 AND state IN ('published', 'closed', 'awarded') AND published_at IS NOT NULL";
                count(db, sql, &[Int(*brief_id)]).await == 1
            }
            Write::ResponseStarted { response_id, brief_id, group_id } => {
                let sql = "SELECT COUNT(*) FROM responses WHERE id = $1 AND brief_id = $2 AND organisation_id = $3";
                count(db, sql, &[Int(*response_id), Int(*brief_id), Int(*group_id)]).await == 1
            }
            Write::ResponseSaved { response_id, approach } => {
                count(db, "SELECT COUNT(*) FROM responses WHERE id = $1 AND approach = $2", &[Int(*response_id), Text(approach)]).await == 1
            }
            Write::ResponseSubmitted { response_id } => {
                let sql = "SELECT COUNT(*) FROM responses WHERE id = $1 AND state IN ('submitted', 'awarded', 'declined') AND submitted_at IS NOT NULL";
                count(db, sql, &[Int(*response_id)]).await == 1
            }
            Write::Awarded { project_id, brief_id, response_id, declined_id, feedback } => {
                let project = "SELECT COUNT(*) FROM projects p JOIN briefs b ON b.id = p.brief_id JOIN responses r ON r.id = p.response_id \
                               WHERE p.id = $1 AND p.brief_id = $2 AND p.response_id = $3 AND b.state = 'awarded' AND r.state = 'awarded'";
                let declined = "SELECT COUNT(*) FROM responses WHERE id = $1 AND brief_id = $2 AND state = 'declined' AND feedback = $3";
                count(db, project, &[Int(*project_id), Int(*brief_id), Int(*response_id)]).await == 1
                    && count(db, declined, &[Int(*declined_id), Int(*brief_id), Text(feedback)]).await == 1
            }
        };
        if !found {
            missing.push(format!("acknowledged but not there: {write:?}"));
        }
    }
    missing
}

/// Everything an award writes together (`commissioning::decisions::award`: the brief and the
/// responses decided, the project with its copy of the terms and its first team), over the
/// whole database: all of it or none of it, whichever brief the kill interrupted.
pub const HALF_DONE_AWARDS: &[(&str, &str)] = &[
    (
        "an awarded brief with no project",
        "SELECT COUNT(*) FROM briefs b WHERE b.state = 'awarded' AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.brief_id = b.id)",
    ),
    (
        "a project whose brief is not marked awarded",
        "SELECT COUNT(*) FROM projects p WHERE NOT EXISTS (SELECT 1 FROM briefs b WHERE b.id = p.brief_id AND b.state = 'awarded')",
    ),
    (
        "a project whose winning response is not marked awarded",
        "SELECT COUNT(*) FROM projects p WHERE NOT EXISTS \
         (SELECT 1 FROM responses r WHERE r.id = p.response_id AND r.brief_id = p.brief_id AND r.state = 'awarded')",
    ),
    (
        "an awarded response with no project",
        "SELECT COUNT(*) FROM responses r WHERE r.state = 'awarded' AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.response_id = r.id)",
    ),
    (
        "a brief with more than one awarded response",
        "SELECT COUNT(*) FROM (SELECT brief_id FROM responses WHERE state = 'awarded' GROUP BY brief_id HAVING COUNT(*) > 1) x",
    ),
    (
        "an awarded brief with a sent response neither awarded nor declined",
        "SELECT COUNT(*) FROM responses r JOIN briefs b ON b.id = r.brief_id WHERE b.state = 'awarded' AND r.state = 'submitted'",
    ),
    (
        "a declined response on a brief not awarded",
        "SELECT COUNT(*) FROM responses r WHERE r.state = 'declined' AND NOT EXISTS \
         (SELECT 1 FROM briefs b WHERE b.id = r.brief_id AND b.state = 'awarded')",
    ),
    (
        "a project without its copy of the agreed terms",
        "SELECT COUNT(*) FROM projects p WHERE NOT EXISTS (SELECT 1 FROM project_terms t WHERE t.project_id = p.id)",
    ),
    (
        "a project without its lead on the team",
        "SELECT COUNT(*) FROM projects p WHERE p.lead_user_id IS NOT NULL AND NOT EXISTS \
         (SELECT 1 FROM project_team t WHERE t.project_id = p.id AND t.user_id = p.lead_user_id)",
    ),
    (
        "a project without the commissioner's contact on the team",
        "SELECT COUNT(*) FROM projects p WHERE p.contact_user_id IS NOT NULL AND NOT EXISTS \
         (SELECT 1 FROM project_team t WHERE t.project_id = p.id AND t.user_id = p.contact_user_id)",
    ),
];

pub async fn no_half_done_awards(db: &Db) -> Vec<String> {
    let mut found = Vec::new();
    for (what, sql) in HALF_DONE_AWARDS {
        let n = count(db, sql, &[]).await;
        if n != 0 {
            found.push(format!("half-done award: {n} × {what}"));
        }
    }
    found
}

/// The database is intact: SQLite's own integrity and foreign-key checks pass, or on
/// PostgreSQL every foreign key holds; and every table can be read on either.
pub async fn database_is_intact(db: &Db, backend: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let tables_sql = if backend == "sqlite" {
        let rows = sqlx::query("PRAGMA integrity_check").fetch_all(db).await.expect("PRAGMA integrity_check runs");
        let verdict: Vec<String> = rows.iter().map(|row| row.try_get::<String, _>(0).unwrap_or_default()).collect();
        if verdict != ["ok"] {
            problems.push(format!("PRAGMA integrity_check says {verdict:?}"));
        }
        let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(db).await.expect("PRAGMA foreign_key_check runs");
        for row in broken.iter().take(10) {
            let table: String = row.try_get(0).unwrap_or_default();
            let parent: String = row.try_get(2).unwrap_or_default();
            problems.push(format!("a row of {table} refers to a missing row of {parent}"));
        }
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    } else {
        problems.extend(postgres_foreign_keys_hold(db).await);
        "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    };
    let tables: Vec<(String,)> = sqlx::query_as(tables_sql).fetch_all(db).await.expect("the list of tables reads");
    assert!(tables.len() > 20, "the schema's tables are all there: {tables:?}");
    for (table,) in tables {
        if let Err(error) = sqlx::query(&format!("SELECT COUNT(*) FROM \"{table}\"")).fetch_one(db).await {
            problems.push(format!("table {table} cannot be read: {error}"));
        }
    }
    problems
}

/// PostgreSQL enforces its foreign keys itself; this looks again, row by row, for every
/// foreign key in the schema (a row whose key columns are all set must find its parent).
async fn postgres_foreign_keys_hold(db: &Db) -> Vec<String> {
    let keys: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT CAST(c.conname AS TEXT), CAST(CAST(c.conrelid AS regclass) AS TEXT), CAST(CAST(c.confrelid AS regclass) AS TEXT), \
         (SELECT string_agg(quote_ident(a.attname), ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) \
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum), \
         (SELECT string_agg(quote_ident(a.attname), ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n) \
          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) \
         FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace WHERE c.contype = 'f' AND s.nspname = 'public' ORDER BY 1",
    )
    .fetch_all(db)
    .await
    .expect("the foreign keys are listed");
    assert!(keys.len() > 20, "the schema's foreign keys are all there: {keys:?}");
    let mut problems = Vec::new();
    for (name, child, parent, child_columns, parent_columns) in keys {
        let pairs: Vec<(&str, &str)> = child_columns.split(',').zip(parent_columns.split(',')).collect();
        let all_set = pairs.iter().map(|(c, _)| format!("x.{c} IS NOT NULL")).collect::<Vec<_>>().join(" AND ");
        let matches = pairs.iter().map(|(c, p)| format!("y.{p} = x.{c}")).collect::<Vec<_>>().join(" AND ");
        let sql = format!("SELECT COUNT(*) FROM {child} x WHERE {all_set} AND NOT EXISTS (SELECT 1 FROM {parent} y WHERE {matches})");
        let broken = count(db, &sql, &[]).await;
        if broken != 0 {
            problems.push(format!("{broken} rows of {child} break foreign key {name} to {parent}"));
        }
    }
    problems
}
