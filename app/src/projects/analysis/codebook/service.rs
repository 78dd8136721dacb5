//! The codebook's work and SQL (server only). Every change is written to the audit trail in
//! the same transaction (the code's id, never its words).

use crate::error::{AppError, OnUnique};
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::projects::analysis::access::{self, entry, Want};
use crate::projects::analysis::codebook::{AnalysisHome, CodePage, CodeView, TranscriptItem};
use crate::projects::analysis::export::qdc::new_guid;
use crate::projects::access::{self as project_access, Need};
use crate::validate::{self, FormCheck};

/// What the code form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct CodeInput {
    pub name: String,
    pub description: String,
    pub parent_id: String,
}

/// The most codes a codebook shows on one page (a codebook is a short list; this is a guard).
pub const MAX_CODES: i64 = 500;

#[derive(sqlx::FromRow)]
struct CodeRow {
    id: i64,
    name: String,
    description: String,
    parent_id: Option<i64>,
    passages: i64,
    sub_codes: i64,
    themes: i64,
}

impl CodeRow {
    fn into_view(self) -> CodeView {
        CodeView {
            id: self.id,
            name: self.name,
            description: self.description,
            parent_id: self.parent_id,
            passages: self.passages,
            sub_codes: self.sub_codes,
            themes: self.themes,
        }
    }
}

/// The project's codebook in order: each top-level code (by name) followed by its sub-codes.
pub async fn codes(db: &Db, project_id: i64) -> Result<Vec<CodeView>, AppError> {
    let rows = sqlx::query_as::<_, CodeRow>(
        "SELECT c.id, c.name, c.description, c.parent_id, \
         (SELECT COUNT(*) FROM analysis_highlights h WHERE h.code_id = c.id) AS passages, \
         (SELECT COUNT(*) FROM analysis_codes s WHERE s.parent_id = c.id) AS sub_codes, \
         (SELECT COUNT(*) FROM analysis_theme_codes t WHERE t.code_id = c.id) AS themes \
         FROM analysis_codes c LEFT JOIN analysis_codes pc ON pc.id = c.parent_id \
         WHERE c.project_id = $1 \
         ORDER BY LOWER(COALESCE(pc.name, c.name)), COALESCE(pc.id, c.id), CASE WHEN c.parent_id IS NULL THEN 0 ELSE 1 END, LOWER(c.name), c.id LIMIT $2",
    )
    .bind(project_id)
    .bind(MAX_CODES)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(CodeRow::into_view).collect())
}

#[derive(sqlx::FromRow)]
struct TranscriptRow {
    id: i64,
    code: String,
    withdrawn: i64,
    deleted: i64,
    uploaded_at: i64,
    highlights: i64,
}

/// The project's transcripts, newest first, each marked if left out.
pub async fn transcripts(db: &Db, project_id: i64) -> Result<Vec<TranscriptItem>, AppError> {
    let rows = sqlx::query_as::<_, TranscriptRow>(
        "SELECT f.id, p.code, CASE WHEN p.withdrawn_on IS NULL THEN 0 ELSE 1 END AS withdrawn, \
         CASE WHEN f.deleted_at IS NULL THEN 0 ELSE 1 END AS deleted, f.uploaded_at, \
         (SELECT COUNT(*) FROM analysis_highlights h WHERE h.file_id = f.id) AS highlights \
         FROM fieldwork_files f JOIN participants p ON p.id = f.participant_id \
         WHERE f.project_id = $1 AND f.kind = 'transcript' ORDER BY p.seq, f.uploaded_at, f.id LIMIT 200",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TranscriptItem {
            file_id: r.id,
            participant: r.code,
            withdrawn: r.withdrawn != 0,
            deleted: r.deleted != 0,
            uploaded_on: format_date(r.uploaded_at),
            highlights: r.highlights,
        })
        .collect())
}

async fn counts(db: &Db, project_id: i64) -> Result<(i64, i64, i64), AppError> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM analysis_codes WHERE project_id = $1), \
         (SELECT COUNT(*) FROM analysis_highlights WHERE project_id = $1), \
         (SELECT COUNT(*) FROM analysis_themes WHERE project_id = $1)",
    )
    .bind(project_id)
    .fetch_one(db)
    .await?)
}

/// The analysis home page: the codebook and transcripts for researchers; counts only for
/// others who see the project's work; refused to everyone else.
pub async fn home(db: &Db, actor: &Actor, project_id: i64) -> Result<AnalysisHome, AppError> {
    let ctx = project_access::project_ctx(db, actor, project_id).await?;
    let is_researcher = access::may(actor, &ctx, Want::View);
    if !is_researcher && !project_access::may(actor, &ctx, Need::ViewWork) {
        access::require(db, actor, project_id, Want::View).await?;
    }
    let (code_count, highlight_count, theme_count) = counts(db, project_id).await?;
    let mut page = AnalysisHome {
        project_id,
        project_title: ctx.title,
        is_researcher,
        code_count,
        highlight_count,
        theme_count,
        codes: Vec::new(),
        transcripts: Vec::new(),
    };
    if is_researcher {
        page.codes = codes(db, project_id).await?;
        page.transcripts = transcripts(db, project_id).await?;
    }
    Ok(page)
}

/// The parent chosen: none, or a top-level code of this project other than `this`.
async fn parent_for(db: &Db, project_id: i64, raw: &str, this: Option<i64>) -> Result<Result<Option<i64>, String>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Ok(None));
    }
    let Ok(id) = raw.parse::<i64>() else { return Ok(Err("Choose a code from the list".into())) };
    if Some(id) == this {
        return Ok(Err("A code cannot sit under itself".into()));
    }
    let found: Option<(Option<i64>,)> = sqlx::query_as("SELECT parent_id FROM analysis_codes WHERE id = $1 AND project_id = $2")
        .bind(id)
        .bind(project_id)
        .fetch_optional(db)
        .await?;
    Ok(match found {
        None => Err("Choose a code from the list".into()),
        Some((Some(_),)) => Err("That code is itself a sub-code. Choose a top-level code".into()),
        Some((None,)) => Ok(Some(id)),
    })
}

struct Checked {
    name: String,
    description: String,
    parent_id: Option<i64>,
}

async fn check(db: &Db, project_id: i64, input: &CodeInput, this: Option<(i64, i64)>) -> Result<Checked, AppError> {
    let mut check = FormCheck::new();
    let name = check.field("name", &input.name, |v| validate::line(v, "the code's name", 80, true));
    let description = check.field("description", &input.description, |v| validate::text(v, "the description", 2000, false));
    check.keep("parent_id", &input.parent_id);
    let mut parent = parent_for(db, project_id, &input.parent_id, this.map(|(id, _)| id)).await?;
    if let (Ok(Some(_)), Some((_, sub_codes))) = (&parent, this) {
        if sub_codes > 0 {
            parent = Err("This code has sub-codes, so it stays at the top level".into());
        }
    }
    let parent = parent.map_err(|m| check.fail("parent_id", m)).ok();
    let (name, description, parent_id) = check.finish((name, description, parent))?;
    Ok(Checked { name, description, parent_id })
}

fn name_taken(input: &CodeInput) -> impl FnOnce() -> AppError + '_ {
    move || {
        let mut check = FormCheck::new();
        check.keep("name", &input.name);
        check.keep("description", &input.description);
        check.keep("parent_id", &input.parent_id);
        check.fail("name", "The codebook already has a code with this name. Choose another name");
        check.into_error()
    }
}

/// A researcher adds a code; returns its id.
pub async fn add_code(db: &Db, actor: &Actor, project_id: i64, input: &CodeInput) -> Result<i64, AppError> {
    access::require(db, actor, project_id, Want::Change).await?;
    let c = check(db, project_id, input, None).await?;
    let mut tx = db.begin().await?;
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO analysis_codes (project_id, parent_id, guid, name, description, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(project_id)
    .bind(c.parent_id)
    .bind(new_guid())
    .bind(&c.name)
    .bind(&c.description)
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .on_unique(name_taken(input))?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::CodeAdded, "code", id)).await?;
    tx.commit().await?;
    Ok(id)
}

async fn code_row(db: &Db, project_id: i64, code_id: i64) -> Result<CodeView, AppError> {
    codes(db, project_id).await?.into_iter().find(|c| c.id == code_id).ok_or(AppError::NotFound)
}

/// One code's page.
pub async fn code_page(db: &Db, actor: &Actor, project_id: i64, code_id: i64) -> Result<CodePage, AppError> {
    let ctx = access::require(db, actor, project_id, Want::View).await?;
    let all = codes(db, project_id).await?;
    let code = all.iter().find(|c| c.id == code_id).cloned().ok_or(AppError::NotFound)?;
    let parents = if code.sub_codes > 0 {
        Vec::new()
    } else {
        all.iter().filter(|c| c.parent_id.is_none() && c.id != code_id).map(|c| (c.id, c.name.clone())).collect()
    };
    Ok(CodePage { project_id, project_title: ctx.title, code, parents })
}

/// A researcher changes a code's name, description or place.
pub async fn change_code(db: &Db, actor: &Actor, project_id: i64, code_id: i64, input: &CodeInput) -> Result<(), AppError> {
    access::require(db, actor, project_id, Want::Change).await?;
    let existing = code_row(db, project_id, code_id).await?;
    let c = check(db, project_id, input, Some((code_id, existing.sub_codes))).await?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE analysis_codes SET name = $1, description = $2, parent_id = $3, updated_at = $4 WHERE id = $5 AND project_id = $6")
        .bind(&c.name)
        .bind(&c.description)
        .bind(c.parent_id)
        .bind(now())
        .bind(code_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await
        .on_unique(name_taken(input))?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::CodeChanged, "code", code_id)).await?;
    tx.commit().await?;
    Ok(())
}

fn counted(n: i64, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// A researcher removes a code. Refused while it has sub-codes; a code in use (coded
/// passages or themes) needs `confirmed`, and its coded passages go with it.
pub async fn remove_code(db: &Db, actor: &Actor, project_id: i64, code_id: i64, confirmed: bool) -> Result<(), AppError> {
    access::require(db, actor, project_id, Want::Change).await?;
    let code = code_row(db, project_id, code_id).await?;
    if code.sub_codes > 0 {
        return Err(AppError::refused("This code has sub-codes. Move them to another code or remove them first."));
    }
    if (code.passages > 0 || code.themes > 0) && !confirmed {
        return Err(AppError::field(
            "confirm_remove",
            format!(
                "This code is in use: {} and {}. Tick the box to say you want to remove it and its coded passages",
                counted(code.passages, "coded passage", "coded passages"),
                counted(code.themes, "theme", "themes")
            ),
        ));
    }
    let mut tx = db.begin().await?;
    let highlights = "SELECT id FROM analysis_highlights WHERE code_id = $1";
    sqlx::query(&format!("DELETE FROM analysis_theme_quotes WHERE highlight_id IN ({highlights})")).bind(code_id).execute(&mut *tx).await?;
    sqlx::query(&format!("DELETE FROM analysis_highlight_paragraphs WHERE highlight_id IN ({highlights})")).bind(code_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM analysis_highlights WHERE code_id = $1").bind(code_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM analysis_theme_codes WHERE code_id = $1").bind(code_id).execute(&mut *tx).await?;
    let gone = sqlx::query("DELETE FROM analysis_codes WHERE id = $1 AND project_id = $2 AND NOT EXISTS (SELECT 1 FROM analysis_codes s WHERE s.parent_id = $1)")
        .bind(code_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    if gone.rows_affected() != 1 {
        return Err(AppError::refused("This code has sub-codes now. Move them to another code or remove them first."));
    }
    audit::record(&mut *tx, entry(actor, project_id, Audit::CodeRemoved, "code", code_id)).await?;
    tx.commit().await?;
    Ok(())
}
