//! Coding's work and SQL (server only): the transcript page, saving a highlight, removing
//! one. Every change is written to the audit trail in its transaction (ids only).

use std::collections::HashMap;

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::projects::analysis::access::{self, entry, Want};
use crate::projects::analysis::anchor::{paragraphs, Anchor};
use crate::projects::analysis::codebook::service::codes;
use crate::projects::analysis::coding::{CodedParagraph, HighlightView, ParagraphView, TranscriptPage};
use crate::projects::TeamRole;
use crate::validate::{self, FormCheck};

/// What the coding form sends, as typed: the ticked paragraphs' numbers, the code, a memo.
#[derive(Debug, Clone, Default)]
pub struct CodingInput {
    pub paragraphs: Vec<String>,
    pub code_id: String,
    pub memo: String,
}

#[derive(sqlx::FromRow)]
struct FileRow {
    code: String,
    withdrawn: i64,
    deleted_at: Option<i64>,
    transcript_text: Option<String>,
}

async fn transcript(db: &Db, project_id: i64, file_id: i64) -> Result<FileRow, AppError> {
    sqlx::query_as::<_, FileRow>(
        "SELECT p.code, CASE WHEN p.withdrawn_on IS NULL THEN 0 ELSE 1 END AS withdrawn, f.deleted_at, f.transcript_text \
         FROM fieldwork_files f JOIN participants p ON p.id = f.participant_id \
         WHERE f.id = $1 AND f.project_id = $2 AND f.kind = 'transcript'",
    )
    .bind(file_id)
    .bind(project_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

#[derive(sqlx::FromRow)]
struct HighlightRow {
    id: i64,
    code: String,
    coder: Option<String>,
    coded_by: Option<i64>,
    coded_at: i64,
    memo: String,
}

#[derive(sqlx::FromRow)]
struct ParagraphRow {
    highlight_id: i64,
    paragraph: i64,
    paragraph_text: String,
}

/// The codebook as the form lists it: sub-codes marked as under their code.
pub fn code_options(project_codes: &[crate::projects::analysis::codebook::CodeView]) -> Vec<(i64, String)> {
    project_codes
        .iter()
        .map(|c| {
            let label = match c.parent_id.and_then(|p| project_codes.iter().find(|x| x.id == p)) {
                Some(parent) => format!("{} › {}", parent.name, c.name),
                None => c.name.clone(),
            };
            (c.id, label)
        })
        .collect()
}

/// A transcript's coding page: researchers only.
pub async fn transcript_page(db: &Db, actor: &Actor, project_id: i64, file_id: i64) -> Result<TranscriptPage, AppError> {
    let ctx = access::require(db, actor, project_id, Want::View).await?;
    let file = transcript(db, project_id, file_id).await?;
    let current: Option<Vec<String>> = file.transcript_text.as_deref().filter(|_| file.deleted_at.is_none()).map(paragraphs);
    let rows = sqlx::query_as::<_, HighlightRow>(
        "SELECT h.id, c.name AS code, u.name AS coder, h.coded_by, h.coded_at, h.memo \
         FROM analysis_highlights h JOIN analysis_codes c ON c.id = h.code_id LEFT JOIN users u ON u.id = h.coded_by \
         WHERE h.file_id = $1 AND h.project_id = $2 ORDER BY h.coded_at, h.id",
    )
    .bind(file_id)
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let paragraph_rows = sqlx::query_as::<_, ParagraphRow>(
        "SELECT hp.highlight_id, hp.paragraph, hp.paragraph_text FROM analysis_highlight_paragraphs hp \
         JOIN analysis_highlights h ON h.id = hp.highlight_id WHERE h.file_id = $1 ORDER BY hp.highlight_id, hp.paragraph",
    )
    .bind(file_id)
    .fetch_all(db)
    .await?;
    let mut by_highlight: HashMap<i64, Vec<ParagraphRow>> = HashMap::new();
    for row in paragraph_rows {
        by_highlight.entry(row.highlight_id).or_default().push(row);
    }
    let mut on_paragraph: HashMap<usize, Vec<String>> = HashMap::new();
    let is_lead = ctx.team_role == Some(TeamRole::Lead);
    let highlights = rows
        .into_iter()
        .map(|h| {
            let coder = h.coder.unwrap_or_else(|| "A former user".into());
            let paragraphs = by_highlight
                .remove(&h.id)
                .unwrap_or_default()
                .into_iter()
                .map(|p| {
                    let anchor = Anchor::find(current.as_deref(), p.paragraph as usize, &p.paragraph_text);
                    match anchor {
                        Anchor::Same => on_paragraph.entry(p.paragraph as usize).or_default().push(format!("{} ({coder})", h.code)),
                        Anchor::Moved(to) => on_paragraph.entry(to).or_default().push(format!("{} ({coder})", h.code)),
                        Anchor::Gone => {}
                    }
                    CodedParagraph { number: p.paragraph, text: p.paragraph_text, note: anchor.note() }
                })
                .collect();
            HighlightView {
                id: h.id,
                code: h.code,
                coded_on: format_date(h.coded_at),
                memo: h.memo,
                paragraphs,
                may_remove: h.coded_by == Some(actor.user_id) || is_lead,
                coder,
            }
        })
        .collect();
    let paragraphs = current
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, text)| ParagraphView { number: i as i64 + 1, text, coded: on_paragraph.remove(&(i + 1)).unwrap_or_default() })
        .collect();
    Ok(TranscriptPage {
        project_id,
        project_title: ctx.title,
        file_id,
        participant: file.code,
        withdrawn: file.withdrawn != 0,
        deleted: file.deleted_at.is_some(),
        paragraphs,
        codes: code_options(&codes(db, project_id).await?),
        highlights,
    })
}

/// A researcher codes the ticked paragraphs of a transcript; returns the highlight's id.
pub async fn code_passage(db: &Db, actor: &Actor, project_id: i64, file_id: i64, input: &CodingInput) -> Result<i64, AppError> {
    access::require(db, actor, project_id, Want::Change).await?;
    let file = transcript(db, project_id, file_id).await?;
    if file.withdrawn != 0 {
        return Err(AppError::refused("This participant has withdrawn, so their transcript is left out of analysis and cannot be coded."));
    }
    let Some(text) = file.transcript_text.filter(|_| file.deleted_at.is_none()) else {
        return Err(AppError::refused("This transcript has been deleted, so it cannot be coded."));
    };
    let current = paragraphs(&text);
    let mut check = FormCheck::new();
    let mut ticked: Vec<usize> = input.paragraphs.iter().filter_map(|v| v.trim().parse::<usize>().ok()).collect();
    ticked.sort_unstable();
    ticked.dedup();
    check.keep("paragraphs", &ticked.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(","));
    let chosen = if ticked.is_empty() {
        check.fail("paragraphs", "Tick at least one paragraph to code");
        None
    } else if ticked.iter().any(|&n| n == 0 || n > current.len()) {
        check.fail("paragraphs", "The transcript has changed since the page was opened. Tick the paragraphs again");
        None
    } else {
        Some(ticked)
    };
    check.keep("code_id", &input.code_id);
    let code: Option<(i64,)> = match input.code_id.trim().parse::<i64>() {
        Ok(id) => sqlx::query_as("SELECT id FROM analysis_codes WHERE id = $1 AND project_id = $2").bind(id).bind(project_id).fetch_optional(db).await?,
        Err(_) => None,
    };
    let code = code.map(|(id,)| id);
    if code.is_none() {
        check.fail("code_id", "Choose a code from the codebook");
    }
    let memo = check.field("memo", &input.memo, |v| validate::text(v, "the memo", 2000, false));
    let (numbers, code_id, memo) = check.finish((chosen, code, memo))?;
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO analysis_highlights (project_id, file_id, code_id, memo, coded_by, coded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(project_id)
    .bind(file_id)
    .bind(code_id)
    .bind(&memo)
    .bind(actor.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    for n in numbers {
        sqlx::query("INSERT INTO analysis_highlight_paragraphs (highlight_id, paragraph, paragraph_text) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(n as i64)
            .bind(&current[n - 1])
            .execute(&mut *tx)
            .await?;
    }
    audit::record(&mut *tx, entry(actor, project_id, Audit::PassageCoded, "highlight", id)).await?;
    tx.commit().await?;
    Ok(id)
}

/// A highlight's coder (or the project lead) removes it, and any quote made from it.
/// Returns the transcript it was on, for going back to it.
pub async fn remove_highlight(db: &Db, actor: &Actor, project_id: i64, highlight_id: i64) -> Result<i64, AppError> {
    let ctx = access::require(db, actor, project_id, Want::View).await?;
    let found: Option<(i64, Option<i64>)> = sqlx::query_as("SELECT file_id, coded_by FROM analysis_highlights WHERE id = $1 AND project_id = $2")
        .bind(highlight_id)
        .bind(project_id)
        .fetch_optional(db)
        .await?;
    let (file_id, coded_by) = found.ok_or(AppError::NotFound)?;
    access::require_remove(actor, &ctx, coded_by == Some(actor.user_id))?;
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM analysis_theme_quotes WHERE highlight_id = $1").bind(highlight_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM analysis_highlight_paragraphs WHERE highlight_id = $1").bind(highlight_id).execute(&mut *tx).await?;
    let gone = sqlx::query("DELETE FROM analysis_highlights WHERE id = $1 AND project_id = $2").bind(highlight_id).bind(project_id).execute(&mut *tx).await?;
    if gone.rows_affected() == 1 {
        audit::record(&mut *tx, entry(actor, project_id, Audit::HighlightRemoved, "highlight", highlight_id)).await?;
    }
    tx.commit().await?;
    Ok(file_id)
}
