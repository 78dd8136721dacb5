//! Reading recordings and transcripts (server only): the counts, the data page's list and
//! forms, one participant's files, and one file's page. Writing and deleting them is in
//! `store`.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{format_date, format_date_time, today};
use crate::projects::access::{self, Need, ProjectCtx};
use crate::projects::ethics::clearance::fieldwork_clearance;
use crate::projects::fieldwork::files::checks::size_text;
use crate::projects::fieldwork::files::store::plan_retain_until;
use crate::projects::fieldwork::files::*;
use crate::ui::pagination::{PageNumber, Paged};
use crate::validate::readable_date;

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
pub(super) struct FileRow {
    pub(super) id: i64,
    pub(super) participant_id: i64,
    pub(super) code: String,
    pub(super) withdrawn: i64,
    pub(super) kind: String,
    pub(super) source: String,
    pub(super) file_name: String,
    pub(super) size_bytes: i64,
    pub(super) session_kind: Option<String>,
    pub(super) session_on: Option<String>,
    pub(super) retain_until: String,
    pub(super) uploader: Option<String>,
    pub(super) uploaded_at: i64,
    pub(super) deleted_at: Option<i64>,
    pub(super) deleter: Option<String>,
    pub(super) transcript_text: Option<String>,
}

/// The file, if it belongs to this project; callers have checked the person.
pub(super) async fn file_row(db: &Db, project_id: i64, file_id: i64) -> Result<FileRow, AppError> {
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
