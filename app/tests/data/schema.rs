//! Both backends' migrations must give the same schema: tables and columns, primary keys,
//! unique constraints, indexes and foreign keys. The test reads what each database holds,
//! so a new migration pair is checked without changing it.

use crate::support;

use std::collections::{BTreeMap, BTreeSet};

use app::platform::db::Db;

async fn sqlite_columns(db: &Db) -> BTreeSet<(String, String, bool)> {
    let mut columns = BTreeSet::new();
    for table in sqlite_tables(db).await {
        let rows: Vec<(String, i64, i64)> =
            sqlx::query_as(&format!("SELECT name, \"notnull\", pk FROM pragma_table_info('{table}')")).fetch_all(db).await.unwrap();
        for (name, not_null, pk) in rows {
            columns.insert((table.clone(), name, not_null != 0 || pk != 0));
        }
    }
    columns
}

async fn postgres_columns(db: &Db) -> BTreeSet<(String, String, bool)> {
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

/// Everything about a schema other than its columns, in a form both backends can give.
/// Indexes the databases make for primary keys and unique constraints are compared as
/// those constraints (SQLite and PostgreSQL name them differently); indexes made with
/// CREATE INDEX are compared by name.
#[derive(Debug, Default, PartialEq)]
struct Constraints {
    /// "table(columns)"
    primary_keys: BTreeSet<String>,
    /// "table(columns)"
    unique: BTreeSet<String>,
    /// "table.name: [UNIQUE ][PARTIAL ](columns)"; a column is a name, "<expression>", and " DESC".
    indexes: BTreeSet<String>,
    /// "table(columns) -> table(columns) ON DELETE action"
    foreign_keys: BTreeSet<String>,
}

impl Constraints {
    /// What is in one and not the other, as readable lines (empty when they agree).
    fn differences(&self, other: &Constraints) -> Vec<String> {
        let mut lines = Vec::new();
        let parts = [
            ("primary key", &self.primary_keys, &other.primary_keys),
            ("unique constraint", &self.unique, &other.unique),
            ("index", &self.indexes, &other.indexes),
            ("foreign key", &self.foreign_keys, &other.foreign_keys),
        ];
        for (what, ours, theirs) in parts {
            for only in ours.difference(theirs) {
                lines.push(format!("{what} only in SQLite: {only}"));
            }
            for only in theirs.difference(ours) {
                lines.push(format!("{what} only in PostgreSQL: {only}"));
            }
        }
        lines
    }
}

fn index_line(table: &str, name: &str, unique: bool, partial: bool, columns: &[String]) -> String {
    format!(
        "{table}.{name}: {}{}({})",
        if unique { "UNIQUE " } else { "" },
        if partial { "PARTIAL " } else { "" },
        columns.join(", ")
    )
}

async fn sqlite_tables(db: &Db) -> Vec<String> {
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name",
    )
    .fetch_all(db)
    .await
    .unwrap();
    tables.into_iter().map(|(t,)| t).collect()
}

#[derive(sqlx::FromRow)]
struct SqliteIndex {
    name: String,
    is_unique: i64,
    /// c: CREATE INDEX; u: a UNIQUE constraint; pk: the primary key.
    origin: String,
    partial: i64,
}

#[derive(sqlx::FromRow)]
struct SqliteIndexColumn {
    /// None for an expression.
    name: Option<String>,
    descending: i64,
}

#[derive(sqlx::FromRow)]
struct SqliteForeignKey {
    id: i64,
    parent: String,
    from_column: String,
    /// None when the key points at the parent's primary key without naming it.
    to_column: Option<String>,
    on_delete: String,
}

async fn sqlite_constraints(db: &Db) -> Constraints {
    let mut found = Constraints::default();
    for table in sqlite_tables(db).await {
        let key: Vec<(String,)> =
            sqlx::query_as(&format!("SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk")).fetch_all(db).await.unwrap();
        if !key.is_empty() {
            found.primary_keys.insert(format!("{table}({})", key.into_iter().map(|(c,)| c).collect::<Vec<_>>().join(", ")));
        }

        let indexes: Vec<SqliteIndex> = sqlx::query_as(&format!(
            "SELECT name, \"unique\" AS is_unique, origin, partial FROM pragma_index_list('{table}')"
        ))
        .fetch_all(db)
        .await
        .unwrap();
        for index in indexes {
            let columns: Vec<SqliteIndexColumn> = sqlx::query_as(&format!(
                "SELECT name, \"desc\" AS descending FROM pragma_index_xinfo('{}') WHERE key = 1 ORDER BY seqno",
                index.name
            ))
            .fetch_all(db)
            .await
            .unwrap();
            let columns: Vec<String> = columns
                .into_iter()
                .map(|c| format!("{}{}", c.name.unwrap_or_else(|| "<expression>".into()), if c.descending != 0 { " DESC" } else { "" }))
                .collect();
            match index.origin.as_str() {
                "pk" => {}
                "u" => {
                    found.unique.insert(format!("{table}({})", columns.join(", ")));
                }
                _ => {
                    found.indexes.insert(index_line(&table, &index.name, index.is_unique != 0, index.partial != 0, &columns));
                }
            }
        }

        let keys: Vec<SqliteForeignKey> = sqlx::query_as(&format!(
            "SELECT id, \"table\" AS parent, \"from\" AS from_column, \"to\" AS to_column, on_delete \
             FROM pragma_foreign_key_list('{table}') ORDER BY id, seq"
        ))
        .fetch_all(db)
        .await
        .unwrap();
        let mut by_id: BTreeMap<i64, Vec<SqliteForeignKey>> = BTreeMap::new();
        for key in keys {
            by_id.entry(key.id).or_default().push(key);
        }
        for columns in by_id.into_values() {
            let from = columns.iter().map(|c| c.from_column.clone()).collect::<Vec<_>>().join(", ");
            let to = columns.iter().map(|c| c.to_column.clone().unwrap_or_else(|| "<primary key>".into())).collect::<Vec<_>>().join(", ");
            found.foreign_keys.insert(format!("{table}({from}) -> {}({to}) ON DELETE {}", columns[0].parent, columns[0].on_delete));
        }
    }
    found
}

#[derive(sqlx::FromRow)]
struct PostgresConstraintColumn {
    kind: String,
    name: String,
    table_name: String,
    column_name: String,
    parent: Option<String>,
    parent_column: Option<String>,
    on_delete: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PostgresIndexColumn {
    table_name: String,
    index_name: String,
    is_unique: i64,
    partial: i64,
    column_name: String,
    descending: i64,
}

fn postgres_action(code: &str) -> &'static str {
    match code {
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        "r" => "RESTRICT",
        _ => "NO ACTION",
    }
}

async fn postgres_constraints(db: &Db) -> Constraints {
    let mut found = Constraints::default();
    // Primary keys, unique constraints and foreign keys, a row per column in key order.
    let columns: Vec<PostgresConstraintColumn> = sqlx::query_as(
        "SELECT c.contype::text AS kind, c.conname::text AS name, t.relname::text AS table_name, a.attname::text AS column_name, \
                pt.relname::text AS parent, pa.attname::text AS parent_column, \
                CASE WHEN c.contype = 'f' THEN c.confdeltype::text END AS on_delete \
         FROM pg_constraint c \
         JOIN pg_class t ON t.oid = c.conrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         CROSS JOIN LATERAL generate_subscripts(c.conkey, 1) AS k(n) \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[k.n] \
         LEFT JOIN pg_class pt ON pt.oid = c.confrelid \
         LEFT JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[k.n] \
         WHERE ns.nspname = 'public' AND c.contype IN ('p', 'u', 'f') AND t.relname NOT LIKE '\\_sqlx%' \
         ORDER BY c.conname, k.n",
    )
    .fetch_all(db)
    .await
    .unwrap();
    let mut grouped: BTreeMap<(String, String), Vec<PostgresConstraintColumn>> = BTreeMap::new();
    for column in columns {
        grouped.entry((column.table_name.clone(), column.name.clone())).or_default().push(column);
    }
    for ((table, _), columns) in grouped {
        let own = columns.iter().map(|c| c.column_name.clone()).collect::<Vec<_>>().join(", ");
        match columns[0].kind.as_str() {
            "p" => {
                found.primary_keys.insert(format!("{table}({own})"));
            }
            "u" => {
                found.unique.insert(format!("{table}({own})"));
            }
            _ => {
                let parent = columns[0].parent.clone().unwrap_or_default();
                let to = columns.iter().map(|c| c.parent_column.clone().unwrap_or_default()).collect::<Vec<_>>().join(", ");
                let action = postgres_action(columns[0].on_delete.as_deref().unwrap_or(""));
                found.foreign_keys.insert(format!("{table}({own}) -> {parent}({to}) ON DELETE {action}"));
            }
        }
    }

    // Indexes made with CREATE INDEX: those that back no constraint.
    let columns: Vec<PostgresIndexColumn> = sqlx::query_as(
        "SELECT t.relname::text AS table_name, ic.relname::text AS index_name, \
                CASE WHEN i.indisunique THEN 1 ELSE 0 END::int8 AS is_unique, \
                CASE WHEN i.indpred IS NULL THEN 0 ELSE 1 END::int8 AS partial, \
                COALESCE(a.attname::text, '<expression>') AS column_name, \
                (i.indoption[k.n - 1] & 1)::int8 AS descending \
         FROM pg_index i \
         JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_class t ON t.oid = i.indrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         CROSS JOIN LATERAL generate_series(1, i.indnkeyatts) AS k(n) \
         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1] AND a.attnum > 0 \
         WHERE ns.nspname = 'public' AND t.relname NOT LIKE '\\_sqlx%' \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u')) \
         ORDER BY ic.relname, k.n",
    )
    .fetch_all(db)
    .await
    .unwrap();
    let mut grouped: BTreeMap<(String, String), Vec<PostgresIndexColumn>> = BTreeMap::new();
    for column in columns {
        grouped.entry((column.table_name.clone(), column.index_name.clone())).or_default().push(column);
    }
    for ((table, name), columns) in grouped {
        let names: Vec<String> =
            columns.iter().map(|c| format!("{}{}", c.column_name, if c.descending != 0 { " DESC" } else { "" })).collect();
        found.indexes.insert(index_line(&table, &name, columns[0].is_unique != 0, columns[0].partial != 0, &names));
    }
    found
}

#[tokio::test]
async fn sqlite_and_postgres_have_the_same_keys_unique_constraints_indexes_and_foreign_keys() {
    let sqlite = support::sqlite().await;
    let sqlite_schema = sqlite_constraints(&sqlite.pool).await;
    // The reading itself works: a few things every version of the schema has.
    assert!(sqlite_schema.primary_keys.contains("attendance(session_id, user_id)"), "{:#?}", sqlite_schema.primary_keys);
    assert!(sqlite_schema.unique.contains("users(email)"), "{:#?}", sqlite_schema.unique);
    assert!(sqlite_schema.unique.contains("memberships(organisation_id, user_id)"), "{:#?}", sqlite_schema.unique);
    assert!(sqlite_schema.indexes.contains("sessions.sessions_user: (user_id)"), "{:#?}", sqlite_schema.indexes);
    assert!(
        sqlite_schema.foreign_keys.contains("memberships(organisation_id) -> organisations(id) ON DELETE CASCADE"),
        "{:#?}",
        sqlite_schema.foreign_keys
    );
    assert!(sqlite_schema.foreign_keys.contains("invitations(invited_by) -> users(id) ON DELETE SET NULL"));
    let Some(pg) = support::postgres().await else {
        sqlite.close().await;
        return;
    };
    let pg_schema = postgres_constraints(&pg.pool).await;
    let differences = sqlite_schema.differences(&pg_schema);
    assert!(differences.is_empty(), "the backends' schemas differ:\n{}", differences.join("\n"));
    assert_eq!(sqlite_schema, pg_schema);
    sqlite.close().await;
    pg.close().await;
}
