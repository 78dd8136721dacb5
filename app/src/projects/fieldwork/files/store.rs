//! Keeping recordings and transcripts (server only): uploading and pasting, downloading,
//! changing the date to delete by, and deleting (the lists and pages are in `listing`). Every
//! change and every download goes into the participant's history in the same transaction.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{now, today};
use crate::projects::access::{self, Need};
use crate::projects::consent::history::{self, Change};
use crate::projects::consent::records::terms_of;
use crate::projects::ethics::clearance::fieldwork_clearance;
use crate::projects::fieldwork::files::checks::{check_pasted, check_upload, coverage_problem, TRANSCRIPT_TYPE};
use crate::projects::fieldwork::files::listing::file_row;
use crate::projects::fieldwork::files::*;
use crate::validate::{self, FormCheck};

/// Why an upload was refused: a problem to show beside a field, or a refusal of the person.
#[derive(Debug)]
pub enum UploadError {
    Problem(UploadProblem),
    App(AppError),
}

impl From<AppError> for UploadError {
    fn from(error: AppError) -> Self {
        UploadError::App(error)
    }
}

impl From<sqlx::Error> for UploadError {
    fn from(error: sqlx::Error) -> Self {
        UploadError::App(error.into())
    }
}

/// What the upload form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct UploadInput {
    pub kind: String,
    pub participant_id: String,
    pub session_id: String,
    pub retain_until: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What the paste form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct PasteInput {
    pub participant_id: String,
    pub session_id: String,
    pub retain_until: String,
    pub text: String,
}

/// A new file, checked, for [`insert`].
pub struct NewFile<'a> {
    pub project_id: i64,
    pub participant_id: i64,
    pub session_id: Option<i64>,
    pub kind: FileKind,
    pub pasted: bool,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    pub text: Option<&'a str>,
    pub retain_until: &'a str,
    pub uploaded_by: i64,
    pub uploaded_at: i64,
}

/// Writes the file and its line in the participant's history, in one transaction.
pub async fn insert(db: &Db, file: &NewFile<'_>) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO fieldwork_files (project_id, participant_id, session_id, kind, source, file_name, content_type, size_bytes, \
         content, transcript_text, retain_until, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(file.project_id)
    .bind(file.participant_id)
    .bind(file.session_id)
    .bind(file.kind.as_str())
    .bind(if file.pasted { "pasted" } else { "upload" })
    .bind(file.file_name)
    .bind(file.content_type)
    .bind(file.bytes.len() as i64)
    .bind(file.bytes.to_vec())
    .bind(file.text)
    .bind(file.retain_until)
    .bind(file.uploaded_by)
    .bind(file.uploaded_at)
    .fetch_one(&mut *tx)
    .await?;
    let change = if file.pasted { Change::TranscriptPasted } else { Change::FileUploaded };
    history::record(&mut tx, file.project_id, file.participant_id, change, file.uploaded_by).await?;
    tx.commit().await?;
    Ok(id)
}

/// The participant (of this project) a file is for, if their consent covers it.
async fn participant_for(db: &Db, project_id: i64, raw: &str, kind: FileKind) -> Result<Result<i64, UploadProblem>, AppError> {
    let Ok(id) = raw.trim().parse::<i64>() else { return Ok(Err(UploadProblem::Participant)) };
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM participants WHERE id = $1 AND project_id = $2")
        .bind(id)
        .bind(project_id)
        .fetch_optional(db)
        .await?;
    if found.is_none() {
        return Ok(Err(UploadProblem::Participant));
    }
    Ok(match coverage_problem(terms_of(db, id).await?, kind) {
        Some(problem) => Err(problem),
        None => Ok(id),
    })
}

/// The session (of this project) chosen, or none.
async fn session_for(db: &Db, project_id: i64, raw: &str) -> Result<Result<Option<i64>, UploadProblem>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Ok(None));
    }
    let Ok(id) = raw.parse::<i64>() else { return Ok(Err(UploadProblem::Session)) };
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM fieldwork_sessions WHERE id = $1 AND project_id = $2")
        .bind(id)
        .bind(project_id)
        .fetch_optional(db)
        .await?;
    Ok(found.map(|_| Some(id)).ok_or(UploadProblem::Session))
}

/// The data management plan's date to delete data by, if it has one.
pub async fn plan_retain_until(db: &Db, project_id: i64) -> Result<Option<String>, AppError> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT retain_until FROM project_plans WHERE project_id = $1")
        .bind(project_id)
        .fetch_optional(db)
        .await?;
    Ok(row.and_then(|(d,)| d).filter(|d| !d.is_empty()))
}

/// A date to delete by: today or later; empty means the plan's date.
pub fn retention_date(raw: &str, plan: Option<&str>) -> Result<String, String> {
    let typed = validate::date(raw, "the date to delete it by", plan.is_none())?;
    let date = typed.or_else(|| plan.map(str::to_string)).unwrap_or_default();
    if date < today() {
        return Err("The date to delete it by must be today or later".into());
    }
    Ok(date)
}

/// A researcher uploads a recording or a transcript file. Refused (as a problem for the
/// page) before ethics clearance, for a participant whose consent does not cover it or who
/// has withdrawn, and for a file of the wrong size or type. Returns the file's id.
pub async fn upload(db: &Db, actor: &Actor, project_id: i64, input: &UploadInput) -> Result<i64, UploadError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    if !fieldwork_clearance(db, project_id).await?.is_clear() {
        return Err(UploadError::Problem(UploadProblem::Clearance));
    }
    let kind = FileKind::parse(&input.kind).ok_or(UploadError::Problem(UploadProblem::Kind))?;
    let participant_id = participant_for(db, project_id, &input.participant_id, kind).await?.map_err(UploadError::Problem)?;
    let session_id = session_for(db, project_id, &input.session_id).await?.map_err(UploadError::Problem)?;
    let plan = plan_retain_until(db, project_id).await?;
    let retain_until = retention_date(&input.retain_until, plan.as_deref()).map_err(|_| UploadError::Problem(UploadProblem::Retention))?;
    let checked = check_upload(kind, &input.file_name, &input.bytes).map_err(UploadError::Problem)?;
    let file = NewFile {
        project_id,
        participant_id,
        session_id,
        kind,
        pasted: false,
        file_name: &checked.name,
        content_type: checked.content_type,
        bytes: &input.bytes,
        text: checked.text.as_deref(),
        retain_until: &retain_until,
        uploaded_by: actor.user_id,
        uploaded_at: now(),
    };
    Ok(insert(db, &file).await?)
}

/// A researcher pastes (or types) a transcript. A failed save keeps the text for the form.
pub async fn paste(db: &Db, actor: &Actor, project_id: i64, input: &PasteInput) -> Result<i64, AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    fieldwork_clearance(db, project_id).await?.require()?;
    let mut check = FormCheck::new();
    check.keep("participant_id", &input.participant_id);
    check.keep("session_id", &input.session_id);
    let participant = participant_for(db, project_id, &input.participant_id, FileKind::Transcript).await?;
    let participant = participant.map_err(|p| check.fail("participant_id", p.text().trim_end_matches('.'))).ok();
    let session = session_for(db, project_id, &input.session_id).await?;
    let session = session.map_err(|p| check.fail("session_id", p.text().trim_end_matches('.'))).ok();
    let plan = plan_retain_until(db, project_id).await?;
    let retain = check.field("retain_until", &input.retain_until, |v| retention_date(v, plan.as_deref()));
    let text = check.field("transcript", &input.text, check_pasted);
    let (participant_id, session_id, retain_until, text) = check.finish((participant, session, retain, text))?;
    let file = NewFile {
        project_id,
        participant_id,
        session_id,
        kind: FileKind::Transcript,
        pasted: true,
        file_name: "pasted-transcript.txt",
        content_type: TRANSCRIPT_TYPE,
        bytes: text.as_bytes(),
        text: Some(&text),
        retain_until: &retain_until,
        uploaded_by: actor.user_id,
        uploaded_at: now(),
    };
    insert(db, &file).await
}

/// Whose file it is, and whether it has been deleted.
#[derive(sqlx::FromRow)]
struct FileFacts {
    project_id: i64,
    participant_id: i64,
    deleted_at: Option<i64>,
}


/// A stored file, for the download route.
#[derive(sqlx::FromRow)]
pub struct StoredFile {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// Says what it is, never its name or content (which must stay out of logs).
impl std::fmt::Debug for StoredFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoredFile({}, {} bytes)", self.content_type, self.content.len())
    }
}

/// The file's project and participant, for someone who may do fieldwork on that project.
async fn facts(db: &Db, actor: &Actor, file_id: i64) -> Result<FileFacts, AppError> {
    let facts = sqlx::query_as::<_, FileFacts>("SELECT project_id, participant_id, deleted_at FROM fieldwork_files WHERE id = $1")
        .bind(file_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)?;
    access::require(db, actor, facts.project_id, Need::DoFieldwork).await?;
    Ok(facts)
}

/// A researcher downloads a file; the download goes into the participant's history.
pub async fn download(db: &Db, actor: &Actor, file_id: i64) -> Result<StoredFile, AppError> {
    let FileFacts { project_id, participant_id, deleted_at } = facts(db, actor, file_id).await?;
    if deleted_at.is_some() {
        return Err(AppError::refused("This file has been deleted. Only the record that it existed is kept."));
    }
    let mut tx = db.begin().await?;
    let file = sqlx::query_as::<_, StoredFile>(
        "SELECT file_name, content_type, content FROM fieldwork_files WHERE id = $1 AND deleted_at IS NULL AND content IS NOT NULL",
    )
    .bind(file_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::refused("This file has been deleted. Only the record that it existed is kept."))?;
    history::record(&mut tx, project_id, participant_id, Change::FileDownloaded, actor.user_id).await?;
    tx.commit().await?;
    Ok(file)
}

/// A researcher changes the date a file is to be deleted by.
pub async fn change_retention(db: &Db, actor: &Actor, project_id: i64, file_id: i64, raw: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let row = file_row(db, project_id, file_id).await?;
    let mut check = FormCheck::new();
    let date = check.field("retain_until", raw, |v| {
        if v.trim().is_empty() {
            return Err("Enter the date to delete it by".to_string());
        }
        retention_date(v, None)
    });
    let (date,) = check.finish((date,))?;
    let mut tx = db.begin().await?;
    let changed = sqlx::query("UPDATE fieldwork_files SET retain_until = $1, retention_flagged_at = NULL WHERE id = $2 AND project_id = $3 AND deleted_at IS NULL")
        .bind(&date)
        .bind(file_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::refused("This file has been deleted, so it has no date to change."));
    }
    history::record(&mut tx, project_id, row.participant_id, Change::RetentionChanged, actor.user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// A researcher deletes a file: its content and text go for good, the record stays.
/// Deleting twice changes nothing the second time.
pub async fn delete(db: &Db, actor: &Actor, project_id: i64, file_id: i64, confirmed: bool) -> Result<bool, AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let row = file_row(db, project_id, file_id).await?;
    if !confirmed {
        return Err(AppError::field("confirm_delete", "Tick the box to confirm you want to delete it for good"));
    }
    let mut tx = db.begin().await?;
    let changed = sqlx::query(
        "UPDATE fieldwork_files SET content = NULL, transcript_text = NULL, deleted_at = $1, deleted_by = $2 \
         WHERE id = $3 AND project_id = $4 AND deleted_at IS NULL",
    )
    .bind(now())
    .bind(actor.user_id)
    .bind(file_id)
    .bind(project_id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        return Ok(false);
    }
    history::record(&mut tx, project_id, row.participant_id, Change::FileDeleted, actor.user_id).await?;
    tx.commit().await?;
    Ok(true)
}
