//! Keeping recordings and transcripts (server only): uploading and pasting, the list and
//! one file's page, downloading, changing the date to delete by, and deleting. Every
//! change and every download goes into the participant's history in the same transaction.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{format_date, format_date_time, now, today};
use crate::projects::access::{self, Need, ProjectCtx};
use crate::projects::consent::history::{self, Change};
use crate::projects::consent::records::terms_of;
use crate::projects::ethics::clearance::fieldwork_clearance;
use crate::projects::fieldwork::files::checks::{check_pasted, check_upload, coverage_problem, size_text, TRANSCRIPT_TYPE};
use crate::projects::fieldwork::files::*;
use crate::ui::pagination::{PageNumber, Paged};
use crate::validate::{self, readable_date, FormCheck};

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

/// A researcher pastes (or types) a transcript. The text is never kept for showing the
/// form again: without JavaScript a failed form comes back through its address.
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
    let text = check.secret("transcript", &input.text, check_pasted);
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

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    participant_id: i64,
    code: String,
    withdrawn: i64,
    kind: String,
    session_kind: Option<String>,
    session_on: Option<String>,
    size_bytes: i64,
    retain_until: String,
    uploaded_at: i64,
    deleted_at: Option<i64>,
}

fn session_text(kind: Option<&str>, on: Option<&str>) -> Option<String> {
    let label = match kind? {
        "interview" => "Interview",
        "focus_group" => "Focus group",
        "survey" => "Survey",
        "observation" => "Observation",
        _ => "Session",
    };
    Some(format!("{label}, {}", readable_date(on.unwrap_or_default())))
}

/// A participant to link a file to.
#[derive(sqlx::FromRow)]
struct ParticipantRow {
    id: i64,
    code: String,
    withdrawn: i64,
}

/// A session to link a file to.
#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    kind: String,
    held_on: String,
}

/// Whose file it is, and whether it has been deleted.
#[derive(sqlx::FromRow)]
struct FileFacts {
    project_id: i64,
    participant_id: i64,
    deleted_at: Option<i64>,
}

impl SummaryRow {
    fn into_view(self, today: &str) -> FileSummary {
        FileSummary {
            id: self.id,
            participant_id: self.participant_id,
            code: self.code,
            withdrawn: self.withdrawn != 0,
            kind: FileKind::parse(&self.kind).unwrap_or(FileKind::Transcript),
            session: session_text(self.session_kind.as_deref(), self.session_on.as_deref()),
            size: size_text(self.size_bytes),
            overdue: self.deleted_at.is_none() && self.retain_until.as_str() < today,
            retain_until: readable_date(&self.retain_until),
            uploaded_on: format_date(self.uploaded_at),
            deleted_on: self.deleted_at.map(format_date),
        }
    }
}

const SUMMARY_SQL: &str = "SELECT f.id, f.participant_id, p.code, CASE WHEN p.withdrawn_on IS NULL THEN 0 ELSE 1 END AS withdrawn, \
     f.kind, s.kind AS session_kind, s.held_on AS session_on, f.size_bytes, f.retain_until, f.uploaded_at, f.deleted_at \
     FROM fieldwork_files f JOIN participants p ON p.id = f.participant_id LEFT JOIN fieldwork_sessions s ON s.id = f.session_id";

/// How many recordings and transcripts the project holds, not counting deleted ones.
pub async fn counts(db: &Db, project_id: i64) -> Result<FileCounts, AppError> {
    Ok(sqlx::query_as::<_, FileCounts>(
        "SELECT COALESCE(SUM(CASE WHEN kind = 'recording' THEN 1 ELSE 0 END), 0) AS recordings, \
         COALESCE(SUM(CASE WHEN kind = 'transcript' THEN 1 ELSE 0 END), 0) AS transcripts \
         FROM fieldwork_files WHERE project_id = $1 AND deleted_at IS NULL",
    )
    .bind(project_id)
    .fetch_one(db)
    .await?)
}

/// The data page: the list and forms for researchers, counts for others who see the
/// project's work; refused to everyone else. `only` lists one participant's files.
pub async fn data_page(db: &Db, actor: &Actor, project_id: i64, page: PageNumber, only: Option<i64>) -> Result<DataPage, AppError> {
    let ctx = access::require(db, actor, project_id, Need::ViewWork).await?;
    let is_researcher = access::may(actor, &ctx, Need::DoFieldwork);
    let counts = counts(db, project_id).await?;
    let mut data = DataPage {
        project_id,
        project_title: ctx.title.clone(),
        today: today(),
        is_researcher,
        counts,
        clearance_missing: Vec::new(),
        plan_retain_until: None,
        participants: Vec::new(),
        sessions: Vec::new(),
        only_participant: None,
        list: Paged::new(Vec::new(), page, 0),
    };
    if !is_researcher {
        return Ok(data);
    }
    data.clearance_missing = fieldwork_clearance(db, project_id).await?.missing;
    data.plan_retain_until = plan_retain_until(db, project_id).await?;
    data.participants = sqlx::query_as::<_, ParticipantRow>(
        "SELECT p.id, p.code, CASE WHEN p.withdrawn_on IS NULL THEN 0 ELSE 1 END AS withdrawn FROM participants p WHERE p.project_id = $1 ORDER BY p.seq",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|p| ParticipantChoice { id: p.id, code: p.code, withdrawn: p.withdrawn != 0 })
    .collect();
    data.sessions = sessions_of(db, project_id).await?;
    let only = only.and_then(|id| data.participants.iter().find(|p| p.id == id)).map(|p| (p.id, p.code.clone()));
    let filter = only.as_ref().map(|(id, _)| *id).unwrap_or(0);
    let (total,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM fieldwork_files f WHERE f.project_id = $1 AND ($2 = 0 OR f.participant_id = $2)")
            .bind(project_id)
            .bind(filter)
            .fetch_one(db)
            .await?;
    let rows = sqlx::query_as::<_, SummaryRow>(&format!(
        "{SUMMARY_SQL} WHERE f.project_id = $1 AND ($2 = 0 OR f.participant_id = $2) ORDER BY f.uploaded_at DESC, f.id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(project_id)
    .bind(filter)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let day = today();
    data.list = Paged::new(rows.into_iter().map(|r| r.into_view(&day)).collect(), page, total);
    data.only_participant = only;
    Ok(data)
}

async fn sessions_of(db: &Db, project_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query_as::<_, SessionRow>(
        "SELECT id, kind, held_on FROM fieldwork_sessions WHERE project_id = $1 AND status <> 'cancelled' ORDER BY held_on DESC, id DESC",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|s| (s.id, session_text(Some(&s.kind), Some(&s.held_on)).unwrap_or_default())).collect())
}

/// One participant's files, for the link list on their page (researchers only).
pub async fn participant_files(db: &Db, actor: &Actor, project_id: i64, participant_id: i64) -> Result<ParticipantFiles, AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let day = today();
    let rows = sqlx::query_as::<_, SummaryRow>(&format!(
        "{SUMMARY_SQL} WHERE f.project_id = $1 AND f.participant_id = $2 ORDER BY f.uploaded_at DESC, f.id DESC LIMIT 50"
    ))
    .bind(project_id)
    .bind(participant_id)
    .fetch_all(db)
    .await?;
    let files = rows
        .into_iter()
        .map(|r| {
            let v = r.into_view(&day);
            let state = match (&v.deleted_on, v.overdue) {
                (Some(on), _) => format!(", deleted on {on}"),
                (None, true) => ", past its date to delete".to_string(),
                _ => String::new(),
            };
            (v.id, format!("{}, uploaded {}{}{state}", v.kind.label(), v.uploaded_on, v.session.map(|s| format!(" ({s})")).unwrap_or_default()))
        })
        .collect();
    Ok(ParticipantFiles { project_id, participant_id, files })
}

#[derive(sqlx::FromRow)]
struct FileRow {
    id: i64,
    participant_id: i64,
    code: String,
    withdrawn: i64,
    kind: String,
    source: String,
    file_name: String,
    size_bytes: i64,
    session_kind: Option<String>,
    session_on: Option<String>,
    retain_until: String,
    uploader: Option<String>,
    uploaded_at: i64,
    deleted_at: Option<i64>,
    deleter: Option<String>,
    transcript_text: Option<String>,
}

/// The file, if it belongs to this project; callers have checked the person.
async fn file_row(db: &Db, project_id: i64, file_id: i64) -> Result<FileRow, AppError> {
    sqlx::query_as::<_, FileRow>(
        "SELECT f.id, f.participant_id, p.code, CASE WHEN p.withdrawn_on IS NULL THEN 0 ELSE 1 END AS withdrawn, f.kind, f.source, \
         f.file_name, f.size_bytes, s.kind AS session_kind, s.held_on AS session_on, f.retain_until, u.name AS uploader, \
         f.uploaded_at, f.deleted_at, d.name AS deleter, f.transcript_text \
         FROM fieldwork_files f JOIN participants p ON p.id = f.participant_id LEFT JOIN fieldwork_sessions s ON s.id = f.session_id \
         LEFT JOIN users u ON u.id = f.uploaded_by LEFT JOIN users d ON d.id = f.deleted_by \
         WHERE f.id = $1 AND f.project_id = $2",
    )
    .bind(file_id)
    .bind(project_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)
}

/// One file's page, with a transcript's text: researchers only.
pub async fn file_page(db: &Db, actor: &Actor, project_id: i64, file_id: i64) -> Result<FilePage, AppError> {
    let ctx: ProjectCtx = access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let row = file_row(db, project_id, file_id).await?;
    let day = today();
    Ok(FilePage {
        project_id,
        project_title: ctx.title,
        today: day.clone(),
        id: row.id,
        participant_id: row.participant_id,
        code: row.code,
        withdrawn: row.withdrawn != 0,
        kind: FileKind::parse(&row.kind).unwrap_or(FileKind::Transcript),
        pasted: row.source == "pasted",
        file_name: row.file_name,
        size: size_text(row.size_bytes),
        session: session_text(row.session_kind.as_deref(), row.session_on.as_deref()),
        overdue: row.deleted_at.is_none() && row.retain_until < day,
        retain_until_text: readable_date(&row.retain_until),
        retain_until: row.retain_until,
        uploaded_by: row.uploader.unwrap_or_else(|| "A former user".into()),
        uploaded_on: format_date_time(row.uploaded_at),
        deleted: row.deleted_at.map(|at| (format_date_time(at), row.deleter.unwrap_or_else(|| "A former user".into()))),
        text: row.transcript_text,
    })
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
