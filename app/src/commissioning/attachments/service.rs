//! Attaching, downloading and removing a response's files (server only).

use std::collections::HashMap;

use crate::platform::audit;
use crate::commissioning::attachments::{check_file, content_matches, size_text, AttachmentView, UploadProblem, MAX_FILES};
use crate::commissioning::records::{allow, response_for_viewing};
use crate::commissioning::ResponseState;
use crate::authz::commissioning::CommissioningAction as Act;
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::now;

pub enum AttachError {
    App(AppError),
    Upload(UploadProblem),
}

impl From<AppError> for AttachError {
    fn from(error: AppError) -> Self {
        AttachError::App(error)
    }
}

impl From<sqlx::Error> for AttachError {
    fn from(error: sqlx::Error) -> Self {
        AttachError::App(error.into())
    }
}

/// The coordinator attaches a file to the group's draft response. Returns the brief's id.
pub async fn attach(db: &Db, actor: &Actor, response_id: i64, file_name: &str, bytes: &[u8]) -> Result<i64, AttachError> {
    let (response, brief) = response_for_viewing(db, actor, response_id).await?;
    allow(actor, Act::WriteResponse { group_id: response.group_id })?;
    if response.state != ResponseState::Draft {
        return Err(AttachError::Upload(UploadProblem::NotDraft));
    }
    let (name, content_type) = check_file(file_name, bytes.len()).map_err(AttachError::Upload)?;
    if !content_matches(&name, bytes) {
        return Err(AttachError::Upload(UploadProblem::Type));
    }
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM response_attachments WHERE response_id = $1")
        .bind(response_id)
        .fetch_one(db)
        .await?;
    if count >= MAX_FILES {
        return Err(AttachError::Upload(UploadProblem::TooMany));
    }
    sqlx::query(
        "INSERT INTO response_attachments (response_id, uploaded_by, file_name, content_type, size_bytes, content, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(response_id)
    .bind(actor.user_id)
    .bind(&name)
    .bind(content_type)
    .bind(bytes.len() as i64)
    .bind(bytes.to_vec())
    .bind(now())
    .execute(db)
    .await?;
    Ok(brief.id)
}

/// The file's response, for someone who may see that response: (group id, response id).
async fn facts(db: &Db, actor: &Actor, attachment_id: i64) -> Result<(i64, i64), AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT response_id FROM response_attachments WHERE id = $1")
        .bind(attachment_id)
        .fetch_optional(db)
        .await?;
    let (response_id,) = row.ok_or(AppError::NotFound)?;
    let (response, _) = response_for_viewing(db, actor, response_id).await?;
    Ok((response.group_id, response_id))
}

/// A stored file.
#[derive(sqlx::FromRow)]
pub struct StoredFile {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// A file for someone who may see the response.
pub async fn download(db: &Db, actor: &Actor, attachment_id: i64) -> Result<StoredFile, AppError> {
    facts(db, actor, attachment_id).await?;
    let file = sqlx::query_as::<_, StoredFile>("SELECT file_name, content_type, content FROM response_attachments WHERE id = $1")
        .bind(attachment_id)
        .fetch_one(db)
        .await?;
    audit::record_or_log(db, audit::Entry::new(Some(actor.user_id), audit::Action::Downloaded, "response_attachment", Some(attachment_id))).await;
    Ok(file)
}

/// The coordinator removes a file from a draft. Returns the response's id.
pub async fn remove(db: &Db, actor: &Actor, attachment_id: i64) -> Result<i64, AppError> {
    let (group_id, response_id) = facts(db, actor, attachment_id).await?;
    allow(actor, Act::WriteResponse { group_id })?;
    let changed = sqlx::query(
        "DELETE FROM response_attachments WHERE id = $1 AND response_id IN (SELECT id FROM responses WHERE state = 'draft')",
    )
    .bind(attachment_id)
    .execute(db)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(AppError::refused("Files can only be removed while the response is a draft."));
    }
    Ok(response_id)
}

#[derive(sqlx::FromRow)]
struct AttachmentRow {
    id: i64,
    response_id: i64,
    file_name: String,
    size_bytes: i64,
}

impl AttachmentRow {
    fn into_view(self) -> AttachmentView {
        AttachmentView { id: self.id, file_name: self.file_name, size: size_text(self.size_bytes) }
    }
}

const LIST_SQL: &str = "SELECT a.id, a.response_id, a.file_name, a.size_bytes FROM response_attachments a";

/// One response's files (callers have checked the person may see the response).
pub async fn list(db: &Db, response_id: i64) -> Result<Vec<AttachmentView>, AppError> {
    let rows = sqlx::query_as::<_, AttachmentRow>(&format!("{LIST_SQL} WHERE a.response_id = $1 ORDER BY a.created_at, a.id"))
        .bind(response_id)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(AttachmentRow::into_view).collect())
}

/// The files of every submitted response to a brief, by response, in one query (callers
/// have checked the person decides on the brief).
pub async fn of_submitted_responses(db: &Db, brief_id: i64) -> Result<HashMap<i64, Vec<AttachmentView>>, AppError> {
    let rows = sqlx::query_as::<_, AttachmentRow>(&format!(
        "{LIST_SQL} JOIN responses r ON r.id = a.response_id \
         WHERE r.brief_id = $1 AND r.submitted_at IS NOT NULL AND r.state <> 'draft' ORDER BY a.created_at, a.id"
    ))
    .bind(brief_id)
    .fetch_all(db)
    .await?;
    let mut by_response: HashMap<i64, Vec<AttachmentView>> = HashMap::new();
    for row in rows {
        by_response.entry(row.response_id).or_default().push(row.into_view());
    }
    Ok(by_response)
}
