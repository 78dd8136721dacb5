//! Themes' work and SQL (server only): the list, one theme, adding, changing and removing
//! themes, and picking or dropping quotes. Quotes are read through `access::USABLE`, so a
//! withdrawn participant's passages never show. Every change goes to the audit trail.

use crate::error::{AppError, OnUnique};
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::analysis::access::{self, entry, Want, USABLE};
use crate::projects::analysis::codebook::service::codes;
use crate::projects::analysis::coding::service::code_options;
use crate::projects::analysis::themes::{QuoteView, ThemePage, ThemeSummary, ThemesPage};
use crate::validate::{self, FormCheck};

/// What the theme form sends, as typed; `codes` are the ticked codes' ids.
#[derive(Debug, Clone, Default)]
pub struct ThemeInput {
    pub name: String,
    pub description: String,
    pub codes: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct QuoteRow {
    highlight_id: i64,
    code: String,
    participant: String,
    coder: Option<String>,
}

/// The joined text of each highlight's paragraphs.
async fn texts(db: &Db, ids: &[i64]) -> Result<std::collections::HashMap<i64, String>, AppError> {
    let mut out: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
    let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT highlight_id, paragraph_text FROM analysis_highlight_paragraphs WHERE highlight_id IN ({list}) ORDER BY highlight_id, paragraph"
    ))
    .fetch_all(db)
    .await?;
    for (id, text) in rows {
        out.entry(id).or_default().push(text);
    }
    Ok(out.into_iter().map(|(id, parts)| (id, parts.join("\n\n"))).collect())
}

async fn quote_views(db: &Db, rows: Vec<QuoteRow>) -> Result<Vec<QuoteView>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.highlight_id).collect();
    let mut text = texts(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|r| QuoteView {
            text: text.remove(&r.highlight_id).unwrap_or_default(),
            highlight_id: r.highlight_id,
            code: r.code,
            participant: r.participant,
            coder: r.coder.unwrap_or_else(|| "A former user".into()),
        })
        .collect())
}

const QUOTE_SELECT: &str = "SELECT h.id AS highlight_id, c.name AS code, p.code AS participant, u.name AS coder \
     FROM analysis_highlights h JOIN analysis_codes c ON c.id = h.code_id \
     JOIN fieldwork_files f ON f.id = h.file_id JOIN participants p ON p.id = f.participant_id \
     LEFT JOIN users u ON u.id = h.coded_by";

/// A theme's quotes that count, in the order they were picked.
pub async fn quotes(db: &Db, theme_id: i64) -> Result<Vec<QuoteView>, AppError> {
    let rows = sqlx::query_as::<_, QuoteRow>(&format!(
        "{QUOTE_SELECT} JOIN analysis_theme_quotes q ON q.highlight_id = h.id WHERE q.theme_id = $1 AND {USABLE} ORDER BY q.added_at, h.id"
    ))
    .bind(theme_id)
    .fetch_all(db)
    .await?;
    quote_views(db, rows).await
}

#[derive(sqlx::FromRow)]
struct ThemeRow {
    id: i64,
    name: String,
    description: String,
    quotes: i64,
}

/// The project's themes with their codes and how many quotes count.
pub async fn themes(db: &Db, project_id: i64) -> Result<Vec<ThemeSummary>, AppError> {
    let rows = sqlx::query_as::<_, ThemeRow>(&format!(
        "SELECT t.id, t.name, t.description, \
         (SELECT COUNT(*) FROM analysis_theme_quotes q JOIN analysis_highlights h ON h.id = q.highlight_id \
          JOIN fieldwork_files f ON f.id = h.file_id JOIN participants p ON p.id = f.participant_id \
          WHERE q.theme_id = t.id AND {USABLE}) AS quotes \
         FROM analysis_themes t WHERE t.project_id = $1 ORDER BY LOWER(t.name), t.id LIMIT 200"
    ))
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let links: Vec<(i64, String)> = sqlx::query_as(
        "SELECT tc.theme_id, c.name FROM analysis_theme_codes tc JOIN analysis_codes c ON c.id = tc.code_id \
         JOIN analysis_themes t ON t.id = tc.theme_id WHERE t.project_id = $1 ORDER BY LOWER(c.name)",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|t| ThemeSummary {
            codes: links.iter().filter(|(theme, _)| *theme == t.id).map(|(_, c)| c.clone()).collect(),
            id: t.id,
            name: t.name,
            description: t.description,
            quotes: t.quotes,
        })
        .collect())
}

pub async fn themes_page(db: &Db, actor: &Actor, project_id: i64) -> Result<ThemesPage, AppError> {
    let ctx = access::require(db, actor, project_id, Want::View).await?;
    Ok(ThemesPage {
        project_id,
        project_title: ctx.title,
        themes: themes(db, project_id).await?,
        codes: code_options(&codes(db, project_id).await?),
    })
}

async fn theme_row(db: &Db, project_id: i64, theme_id: i64) -> Result<(String, String), AppError> {
    sqlx::query_as("SELECT name, description FROM analysis_themes WHERE id = $1 AND project_id = $2")
        .bind(theme_id)
        .bind(project_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn theme_page(db: &Db, actor: &Actor, project_id: i64, theme_id: i64) -> Result<ThemePage, AppError> {
    let ctx = access::require(db, actor, project_id, Want::View).await?;
    let (name, description) = theme_row(db, project_id, theme_id).await?;
    let linked: Vec<(i64,)> = sqlx::query_as("SELECT code_id FROM analysis_theme_codes WHERE theme_id = $1").bind(theme_id).fetch_all(db).await?;
    let codes = code_options(&codes(db, project_id).await?)
        .into_iter()
        .map(|(id, name)| (id, name, linked.iter().any(|(c,)| *c == id)))
        .collect();
    let (all_quotes,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM analysis_theme_quotes WHERE theme_id = $1").bind(theme_id).fetch_one(db).await?;
    let quotes = quotes(db, theme_id).await?;
    let candidate_rows = sqlx::query_as::<_, QuoteRow>(&format!(
        "{QUOTE_SELECT} JOIN analysis_theme_codes tc ON tc.code_id = h.code_id \
         WHERE tc.theme_id = $1 AND h.project_id = $2 AND {USABLE} \
         AND NOT EXISTS (SELECT 1 FROM analysis_theme_quotes q WHERE q.theme_id = $1 AND q.highlight_id = h.id) \
         ORDER BY p.seq, h.file_id, h.id LIMIT 100"
    ))
    .bind(theme_id)
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(ThemePage {
        project_id,
        project_title: ctx.title,
        id: theme_id,
        name,
        description,
        codes,
        left_out: all_quotes - quotes.len() as i64,
        quotes,
        candidates: quote_views(db, candidate_rows).await?,
    })
}

struct Checked {
    name: String,
    description: String,
    codes: Vec<i64>,
}

async fn check(db: &Db, project_id: i64, input: &ThemeInput) -> Result<Checked, AppError> {
    let mut check = FormCheck::new();
    let name = check.field("name", &input.name, |v| validate::line(v, "the theme's name", 120, true));
    let description = check.field("description", &input.description, |v| validate::text(v, "the description", 4000, false));
    let project_codes: Vec<(i64,)> = sqlx::query_as("SELECT id FROM analysis_codes WHERE project_id = $1").bind(project_id).fetch_all(db).await?;
    let mut chosen: Vec<i64> = input.codes.iter().filter_map(|v| v.trim().parse().ok()).filter(|id| project_codes.iter().any(|(c,)| c == id)).collect();
    chosen.sort_unstable();
    chosen.dedup();
    let (name, description) = check.finish((name, description))?;
    Ok(Checked { name, description, codes: chosen })
}

fn name_taken(input: &ThemeInput) -> impl FnOnce() -> AppError + '_ {
    move || {
        let mut check = FormCheck::new();
        check.keep("name", &input.name);
        check.keep("description", &input.description);
        check.fail("name", "There is already a theme with this name. Choose another name");
        check.into_error()
    }
}

async fn link_codes(tx: &mut sqlx::Transaction<'_, sqlx::Any>, theme_id: i64, codes: &[i64]) -> Result<(), AppError> {
    sqlx::query("DELETE FROM analysis_theme_codes WHERE theme_id = $1").bind(theme_id).execute(&mut **tx).await?;
    for code in codes {
        sqlx::query("INSERT INTO analysis_theme_codes (theme_id, code_id) VALUES ($1, $2)").bind(theme_id).bind(code).execute(&mut **tx).await?;
    }
    Ok(())
}

/// A researcher adds a theme with the codes ticked; returns its id.
pub async fn add_theme(db: &Db, actor: &Actor, project_id: i64, input: &ThemeInput) -> Result<i64, AppError> {
    access::require(db, actor, project_id, Want::Change).await?;
    let c = check(db, project_id, input).await?;
    let mut tx = db.begin().await?;
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO analysis_themes (project_id, name, description, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(project_id)
    .bind(&c.name)
    .bind(&c.description)
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .on_unique(name_taken(input))?;
    link_codes(&mut tx, id, &c.codes).await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::ThemeAdded, "theme", id)).await?;
    tx.commit().await?;
    Ok(id)
}

/// A researcher changes a theme's name, description and codes.
pub async fn change_theme(db: &Db, actor: &Actor, project_id: i64, theme_id: i64, input: &ThemeInput) -> Result<(), AppError> {
    access::require(db, actor, project_id, Want::Change).await?;
    theme_row(db, project_id, theme_id).await?;
    let c = check(db, project_id, input).await?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE analysis_themes SET name = $1, description = $2, updated_at = $3 WHERE id = $4 AND project_id = $5")
        .bind(&c.name)
        .bind(&c.description)
        .bind(now())
        .bind(theme_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await
        .on_unique(name_taken(input))?;
    link_codes(&mut tx, theme_id, &c.codes).await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::ThemeChanged, "theme", theme_id)).await?;
    tx.commit().await?;
    Ok(())
}

/// A researcher removes a theme (its codes and coded passages stay).
pub async fn remove_theme(db: &Db, actor: &Actor, project_id: i64, theme_id: i64, confirmed: bool) -> Result<(), AppError> {
    access::require(db, actor, project_id, Want::Change).await?;
    theme_row(db, project_id, theme_id).await?;
    if !confirmed {
        return Err(AppError::field("confirm_remove", "Tick the box to say you want to remove this theme and its list of quotes"));
    }
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM analysis_theme_quotes WHERE theme_id = $1").bind(theme_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM analysis_theme_codes WHERE theme_id = $1").bind(theme_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM analysis_themes WHERE id = $1 AND project_id = $2").bind(theme_id).bind(project_id).execute(&mut *tx).await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::ThemeRemoved, "theme", theme_id)).await?;
    tx.commit().await?;
    Ok(())
}

/// A researcher picks a coded passage as a quote for a theme: it must be coded with one of
/// the theme's codes and count (participant not withdrawn). Picking it twice changes nothing.
pub async fn add_quote(db: &Db, actor: &Actor, project_id: i64, theme_id: i64, highlight_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Want::Change).await?;
    theme_row(db, project_id, theme_id).await?;
    let (fits,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM analysis_highlights h JOIN analysis_theme_codes tc ON tc.code_id = h.code_id AND tc.theme_id = $1 \
         JOIN fieldwork_files f ON f.id = h.file_id JOIN participants p ON p.id = f.participant_id \
         WHERE h.id = $2 AND h.project_id = $3 AND {USABLE}"
    ))
    .bind(theme_id)
    .bind(highlight_id)
    .bind(project_id)
    .fetch_one(db)
    .await?;
    if fits == 0 {
        return Err(AppError::refused(
            "That passage cannot be a quote for this theme: it is not coded with one of the theme's codes, or its participant has withdrawn.",
        ));
    }
    let mut tx = db.begin().await?;
    let added = sqlx::query(
        "INSERT INTO analysis_theme_quotes (theme_id, highlight_id, added_by, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT (theme_id, highlight_id) DO NOTHING",
    )
    .bind(theme_id)
    .bind(highlight_id)
    .bind(actor.user_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() == 1 {
        audit::record(&mut *tx, entry(actor, project_id, Audit::ThemeChanged, "theme", theme_id)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A researcher drops a quote from a theme (the coded passage stays).
pub async fn remove_quote(db: &Db, actor: &Actor, project_id: i64, theme_id: i64, highlight_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Want::Change).await?;
    theme_row(db, project_id, theme_id).await?;
    let mut tx = db.begin().await?;
    let gone = sqlx::query("DELETE FROM analysis_theme_quotes WHERE theme_id = $1 AND highlight_id = $2").bind(theme_id).bind(highlight_id).execute(&mut *tx).await?;
    if gone.rows_affected() == 1 {
        audit::record(&mut *tx, entry(actor, project_id, Audit::ThemeChanged, "theme", theme_id)).await?;
    }
    tx.commit().await?;
    Ok(())
}
