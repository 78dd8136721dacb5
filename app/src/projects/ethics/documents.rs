//! An application's documents: the protocol, information sheet, consent form and topic
//! guide, written as Markdown in the app. Each kind has its own version numbers; each
//! version records the application version it went with (server only).

use crate::error::{is_unique_violation, AppError};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::ethics::flow;
use crate::projects::ethics::records::{self, EventKind, NOTE_MAX, TEXT_MAX};
use crate::projects::ethics::DocumentKind;
use crate::authz::ethics::EthicsAction;
use crate::validate::{self, FormCheck};

/// The four documents as typed in a form, by kind (empty: not written or not changed).
#[derive(Debug, Clone, Default)]
pub struct DocumentTexts {
    pub protocol: String,
    pub information_sheet: String,
    pub consent_form: String,
    pub topic_guide: String,
}

impl DocumentTexts {
    pub fn text(&self, kind: DocumentKind) -> &str {
        match kind {
            DocumentKind::Protocol => &self.protocol,
            DocumentKind::InformationSheet => &self.information_sheet,
            DocumentKind::ConsentForm => &self.consent_form,
            DocumentKind::TopicGuide => &self.topic_guide,
        }
    }

    /// Checks each text against the limit, keeping what was typed.
    pub fn check(&self, check: &mut FormCheck) -> Option<DocumentTexts> {
        let mut ok = DocumentTexts::default();
        let mut all = true;
        for kind in DocumentKind::ALL {
            let label = kind.label().to_lowercase();
            match check.field(kind.as_str(), self.text(kind), |v| validate::text(v, &label, TEXT_MAX, false)) {
                Some(text) => *ok.slot(kind) = text,
                None => all = false,
            }
        }
        all.then_some(ok)
    }

    fn slot(&mut self, kind: DocumentKind) -> &mut String {
        match kind {
            DocumentKind::Protocol => &mut self.protocol,
            DocumentKind::InformationSheet => &mut self.information_sheet,
            DocumentKind::ConsentForm => &mut self.consent_form,
            DocumentKind::TopicGuide => &mut self.topic_guide,
        }
    }
}

#[derive(sqlx::FromRow)]
struct Latest {
    id: i64,
    kind: String,
    doc_version: i64,
    body: String,
}

/// The newest version of each kind on an application.
async fn latest(conn: &mut sqlx::AnyConnection, application_id: i64) -> Result<Vec<Latest>, AppError> {
    let rows = sqlx::query_as::<_, Latest>(
        "SELECT d.id, d.kind, d.doc_version, d.body FROM ethics_documents d WHERE d.application_id = $1 \
         AND d.doc_version = (SELECT MAX(n.doc_version) FROM ethics_documents n WHERE n.application_id = d.application_id AND n.kind = d.kind)",
    )
    .bind(application_id)
    .fetch_all(conn)
    .await?;
    Ok(rows)
}

/// How a set of documents is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saving {
    /// In a draft the newest version is still being written: it changes in place.
    Draft,
    /// After sending, every change is a new version, with this note.
    NewVersions,
}

/// Saves each document whose text changed, inside the caller's transaction. Returns the
/// kinds that changed.
pub async fn save_changed(
    conn: &mut sqlx::AnyConnection,
    application_id: i64,
    version_no: i64,
    texts: &DocumentTexts,
    saving: Saving,
    note: &str,
    user_id: i64,
    at: i64,
) -> Result<Vec<DocumentKind>, AppError> {
    let current = latest(conn, application_id).await?;
    let mut changed = Vec::new();
    for kind in DocumentKind::ALL {
        let text = texts.text(kind).trim();
        if text.is_empty() {
            continue;
        }
        let newest = current.iter().find(|d| d.kind == kind.as_str());
        match newest {
            Some(d) if d.body.trim() == text => continue,
            Some(d) if saving == Saving::Draft => {
                sqlx::query("UPDATE ethics_documents SET body = $1, created_by = $2, created_at = $3 WHERE id = $4")
                    .bind(text)
                    .bind(user_id)
                    .bind(at)
                    .bind(d.id)
                    .execute(&mut *conn)
                    .await?;
            }
            _ => {
                let doc_version = newest.map(|d| d.doc_version + 1).unwrap_or(1);
                insert_version(conn, application_id, version_no, kind, doc_version, text, note, user_id, at).await?;
            }
        }
        changed.push(kind);
    }
    Ok(changed)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_version(
    conn: &mut sqlx::AnyConnection,
    application_id: i64,
    version_no: i64,
    kind: DocumentKind,
    doc_version: i64,
    body: &str,
    note: &str,
    user_id: i64,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO ethics_documents (application_id, application_version, kind, doc_version, title, body, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(application_id)
    .bind(version_no)
    .bind(kind.as_str())
    .bind(doc_version)
    .bind(kind.label())
    .bind(body)
    .bind(note)
    .bind(user_id)
    .bind(at)
    .execute(conn)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            AppError::refused(format!(
                "Someone else saved a new version of the {} a moment ago. Nothing you sent was saved. Look at the page again before you go on.",
                kind.label().to_lowercase()
            ))
        } else {
            e.into()
        }
    })?;
    Ok(())
}

/// The kinds of document an application still lacks before it can be sent.
pub async fn missing_kinds(db: &Db, application_id: i64) -> Result<Vec<DocumentKind>, AppError> {
    let kinds: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT kind FROM ethics_documents WHERE application_id = $1")
        .bind(application_id)
        .fetch_all(db)
        .await?;
    Ok(DocumentKind::ALL.into_iter().filter(|k| !kinds.iter().any(|(have,)| have == k.as_str())).collect())
}

/// A small fix after sending: a new version of one document with a note, without
/// changing the application's state. Returns the new document version.
pub async fn small_fix(
    db: &Db,
    actor: &Actor,
    application_id: i64,
    kind: &str,
    body: &str,
    note: &str,
) -> Result<(records::ApplicationCtx, i64), AppError> {
    let ctx = records::load_for(db, actor, application_id, EthicsAction::ManageApplication).await?;
    if !flow::allows_small_fix(ctx.state) {
        return Err(AppError::refused(format!(
            "This application is {}. A small fix can be made only after it is sent and before it is closed.",
            ctx.state.label().to_lowercase()
        )));
    }
    let mut check = FormCheck::new();
    check.keep("fix_kind", kind);
    let kind = DocumentKind::parse(kind);
    if kind.is_none() {
        check.fail("fix_kind", "Choose which document you fixed");
    }
    let body = check.field("fix_body", body, |v| validate::text(v, "the corrected document", TEXT_MAX, true));
    let note = check.field("fix_note", note, |v| validate::text(v, "a note saying what you changed", NOTE_MAX, true));
    let (kind, body, note) = check.finish((kind, body, note))?;
    let at = now();
    let mut tx = db.begin().await?;
    let current = latest(&mut tx, ctx.id).await?;
    let newest = current.iter().find(|d| d.kind == kind.as_str());
    if newest.is_some_and(|d| d.body.trim() == body.trim()) {
        let mut errors = FormCheck::new();
        errors.keep("fix_kind", kind.as_str());
        errors.keep("fix_body", &body);
        errors.keep("fix_note", &note);
        errors.fail("fix_body", "This is the same as the newest version. Make your change, then save it.");
        return Err(errors.into_error());
    }
    let doc_version = newest.map(|d| d.doc_version + 1).unwrap_or(1);
    insert_version(&mut tx, ctx.id, ctx.version_no, kind, doc_version, &body, &note, actor.user_id, at).await?;
    let line = format!("{} version {doc_version}: {note}", kind.label());
    records::log(&mut tx, ctx.id, ctx.version_no, EventKind::DocumentFixed, &line, actor.user_id, at).await?;
    // The state must not have moved on meanwhile (a decision or withdrawal at this moment).
    let still: Option<(String,)> = sqlx::query_as("SELECT state FROM ethics_applications WHERE id = $1 AND state = $2 AND version_no = $3")
        .bind(ctx.id)
        .bind(ctx.state.as_str())
        .bind(ctx.version_no)
        .fetch_optional(&mut *tx)
        .await?;
    if still.is_none() {
        return Err(records::changed_meanwhile(&mut tx, ctx.id).await);
    }
    tx.commit().await?;
    Ok((ctx, doc_version))
}
