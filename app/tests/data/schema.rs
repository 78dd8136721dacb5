//! Both backends' migrations must give the same tables and columns.

use crate::support;

use std::collections::BTreeSet;

async fn sqlite_columns(db: &app::platform::db::Db) -> BTreeSet<(String, String, bool)> {
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(db)
    .await
    .unwrap();
    let mut columns = BTreeSet::new();
    for (table,) in tables {
        let rows: Vec<(String, i64, i64)> =
            sqlx::query_as(&format!("SELECT name, \"notnull\", pk FROM pragma_table_info('{table}')")).fetch_all(db).await.unwrap();
        for (name, not_null, pk) in rows {
            columns.insert((table.clone(), name, not_null != 0 || pk != 0));
        }
    }
    columns
}

async fn postgres_columns(db: &app::platform::db::Db) -> BTreeSet<(String, String, bool)> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, is_nullable::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .fetch_all(db)
    .await
    .unwrap();
    rows.into_iter().map(|(t, c, nullable)| (t, c, nullable == "NO")).collect()
}

#[tokio::test]
async fn sqlite_and_postgres_have_the_same_tables_and_columns() {
    let sqlite = support::sqlite().await;
    let sqlite_schema = sqlite_columns(&sqlite.pool).await;
    assert!(sqlite_schema.iter().any(|(t, c, _)| t == "users" && c == "email"));
    let Some(pg) = support::postgres().await else {
        sqlite.close().await;
        return;
    };
    let pg_schema = postgres_columns(&pg.pool).await;
    let only_sqlite: Vec<_> = sqlite_schema.difference(&pg_schema).collect();
    let only_pg: Vec<_> = pg_schema.difference(&sqlite_schema).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "schemas differ:\n only in SQLite: {only_sqlite:?}\n only in PostgreSQL: {only_pg:?}"
    );
    sqlite.close().await;
    pg.close().await;
}
