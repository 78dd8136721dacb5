//! Files a group attaches to its response: checked for size and type, kept in the
//! database, uploaded and downloaded through plain HTTP routes (a multipart form works
//! without JavaScript), and seen only by people who may see the response.

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::authz::{self, commissioning::CommissioningAction as Act, Action};
use crate::identity::Actor;
use crate::commissioning::service::{load_brief, load_response};
use crate::commissioning::{AttachmentView, ResponseState};
use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::accounts::session::Session;
use crate::platform::state::AppState;

/// The largest file accepted: 5 MB.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// At most this many files on one response.
pub const MAX_FILES: i64 = 10;

/// The kinds of file accepted, by name ending, with the type they are served as.
pub const ALLOWED: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("txt", "text/plain; charset=utf-8"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
];

/// Why an upload was refused, as a short code for the address and words for the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    Missing,
    Empty,
    TooBig,
    Type,
    TooMany,
    NotDraft,
}

impl UploadProblem {
    pub const ALL: [UploadProblem; 6] = [
        UploadProblem::Missing,
        UploadProblem::Empty,
        UploadProblem::TooBig,
        UploadProblem::Type,
        UploadProblem::TooMany,
        UploadProblem::NotDraft,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UploadProblem::Missing => "missing",
            UploadProblem::Empty => "empty",
            UploadProblem::TooBig => "too-big",
            UploadProblem::Type => "type",
            UploadProblem::TooMany => "too-many",
            UploadProblem::NotDraft => "not-draft",
        }
    }
}

/// A clean file name (no folders, no odd characters) and its type, or why not.
pub fn check_file(name: &str, size: usize) -> Result<(String, &'static str), UploadProblem> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    if base.is_empty() {
        return Err(UploadProblem::Missing);
    }
    if size == 0 {
        return Err(UploadProblem::Empty);
    }
    if size > MAX_BYTES {
        return Err(UploadProblem::TooBig);
    }
    let extension = base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let content_type = ALLOWED.iter().find(|(e, _)| *e == extension).map(|(_, t)| *t).ok_or(UploadProblem::Type)?;
    let clean: String = base
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') { c } else { '_' })
        .take(120)
        .collect();
    Ok((clean, content_type))
}

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
    let response = load_response(db, response_id).await?;
    let brief = load_brief(db, response.brief_id).await?;
    authz::require(
        Some(actor),
        Action::Commissioning(Act::ViewResponse {
            group_id: response.group_id,
            brief_organisation_id: brief.organisation_id,
            ever_submitted: response.submitted_at.is_some(),
        }),
    )?;
    authz::require(Some(actor), Action::Commissioning(Act::WriteResponse { group_id: response.group_id }))?;
    if response.state != ResponseState::Draft {
        return Err(AttachError::Upload(UploadProblem::NotDraft));
    }
    let (name, content_type) = check_file(file_name, bytes.len()).map_err(AttachError::Upload)?;
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

async fn facts(db: &Db, actor: &Actor, attachment_id: i64) -> Result<(i64, i64), AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT response_id FROM response_attachments WHERE id = $1")
        .bind(attachment_id)
        .fetch_optional(db)
        .await?;
    let (response_id,) = row.ok_or(AppError::NotFound)?;
    let response = load_response(db, response_id).await?;
    let brief = load_brief(db, response.brief_id).await?;
    authz::require(
        Some(actor),
        Action::Commissioning(Act::ViewResponse {
            group_id: response.group_id,
            brief_organisation_id: brief.organisation_id,
            ever_submitted: response.submitted_at.is_some(),
        }),
    )?;
    Ok((response.group_id, response_id))
}

/// A file for someone who may see the response: (name, type, bytes).
pub async fn download(db: &Db, actor: &Actor, attachment_id: i64) -> Result<(String, String, Vec<u8>), AppError> {
    facts(db, actor, attachment_id).await?;
    let (name, content_type, content): (String, String, Vec<u8>) =
        sqlx::query_as("SELECT file_name, content_type, content FROM response_attachments WHERE id = $1")
            .bind(attachment_id)
            .fetch_one(db)
            .await?;
    Ok((name, content_type, content))
}

/// The coordinator removes a file from a draft. Returns the response's id.
pub async fn remove(db: &Db, actor: &Actor, attachment_id: i64) -> Result<i64, AppError> {
    let (group_id, response_id) = facts(db, actor, attachment_id).await?;
    authz::require(Some(actor), Action::Commissioning(Act::WriteResponse { group_id }))?;
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

pub async fn list(db: &Db, response_id: i64) -> Result<Vec<AttachmentView>, AppError> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, file_name, size_bytes FROM response_attachments WHERE response_id = $1 ORDER BY created_at, id",
    )
    .bind(response_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id, file_name, size)| AttachmentView { id, file_name, size: size_text(size) }).collect())
}

pub fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn problem_response(error: AppError, back: &str) -> Response {
    match error {
        AppError::NotSignedIn => Redirect::to(&format!("/sign-in?next={}", crate::ui::encode_query_value(back))).into_response(),
        AppError::NotFound => (StatusCode::NOT_FOUND, "We could not find that file, or you may not see it.").into_response(),
        AppError::NotAllowed => (StatusCode::FORBIDDEN, AppError::NotAllowed.to_string()).into_response(),
        other => (StatusCode::INTERNAL_SERVER_ERROR, other.to_string()).into_response(),
    }
}

async fn upload(State(state): State<AppState>, Path(response_id): Path<i64>, request: Request) -> Response {
    let actor = request.extensions().get::<Session>().map(|s| s.user.actor());
    let brief_id = load_response(&state.db, response_id).await.map(|r| r.brief_id).unwrap_or_default();
    let back = format!("/briefs/{brief_id}/responses/{response_id}");
    let Some(actor) = actor else { return problem_response(AppError::NotSignedIn, &back) };
    let refuse = |problem: UploadProblem| Redirect::to(&format!("{back}?attach_error={}#attachments", problem.code())).into_response();
    let mut multipart = match Multipart::from_request(request, &state).await {
        Ok(m) => m,
        Err(_) => return refuse(UploadProblem::Missing),
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                match field.bytes().await {
                    Ok(bytes) => file = Some((name, bytes.to_vec())),
                    Err(_) => return refuse(UploadProblem::TooBig),
                }
            }
            Ok(Some(_)) => continue,
            Ok(None) => break,
            // The body was cut off at the size limit.
            Err(_) => return refuse(UploadProblem::TooBig),
        }
    }
    let Some((name, bytes)) = file else { return refuse(UploadProblem::Missing) };
    match attach(&state.db, &actor, response_id, &name, &bytes).await {
        Ok(brief_id) => Redirect::to(&format!("/briefs/{brief_id}/responses/{response_id}?done=attached#attachments")).into_response(),
        Err(AttachError::Upload(problem)) => refuse(problem),
        Err(AttachError::App(error)) => problem_response(error, &back),
    }
}

async fn serve(State(state): State<AppState>, Path(attachment_id): Path<i64>, request: Request) -> Response {
    let actor = request.extensions().get::<Session>().map(|s| s.user.actor());
    let back = format!("/brief-files/{attachment_id}");
    let Some(actor) = actor else { return problem_response(AppError::NotSignedIn, &back) };
    match download(&state.db, &actor, attachment_id).await {
        Ok((name, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", name.replace('"', "_"))),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => problem_response(error, &back),
    }
}

/// Upload and download routes, merged into the app's router by `http_routes`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/brief-files/responses/{response_id}",
            post(upload).layer(axum::extract::DefaultBodyLimit::max(MAX_BYTES + 64 * 1024)),
        )
        .route("/brief-files/{attachment_id}", get(serve))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_checked_by_size_and_type() {
        assert_eq!(check_file("report.PDF", 10), Ok(("report.PDF".into(), "application/pdf")));
        assert_eq!(check_file("C:\\Users\\m\\plan v2.docx", 10).unwrap().0, "plan v2.docx");
        assert_eq!(check_file("../../etc/pass<wd>.txt", 10).unwrap().0, "pass_wd_.txt");
        assert_eq!(check_file("virus.exe", 10), Err(UploadProblem::Type));
        assert_eq!(check_file("page.html", 10), Err(UploadProblem::Type), "nothing a browser would run");
        assert_eq!(check_file("noextension", 10), Err(UploadProblem::Type));
        assert_eq!(check_file("big.pdf", MAX_BYTES + 1), Err(UploadProblem::TooBig));
        assert_eq!(check_file("empty.pdf", 0), Err(UploadProblem::Empty));
        assert_eq!(check_file("", 10), Err(UploadProblem::Missing));
        assert_eq!(size_text(2_000), "2 KB");
        assert_eq!(size_text(3 * 1024 * 1024), "3.0 MB");
    }
}
