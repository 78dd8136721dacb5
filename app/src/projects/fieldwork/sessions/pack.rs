//! The printable fieldwork pack of a session (server only, the project's researchers): the
//! ethics-approved information sheet, topic guide and consent form, each with its version
//! number, and a consent form per participant under their pseudonym code, so paper consent
//! is later recorded against the version that was printed.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::markdown::to_safe_html;
use crate::projects::access::{self, Need};
use crate::projects::ethics::clearance::{approved_documents, ApprovedDocument};
use crate::projects::ethics::DocumentKind;
use crate::projects::fieldwork::sessions::service::{present, session_in};
use crate::projects::fieldwork::sessions::{PackDocument, PackPage};
use crate::validate::readable_date;

/// A participant down for the session: their code, and the day they withdrew if they did.
#[derive(sqlx::FromRow)]
struct RosterRow {
    code: String,
    withdrawn_on: Option<String>,
}

fn document(docs: &[ApprovedDocument], kind: DocumentKind) -> Option<PackDocument> {
    docs.iter().find(|d| d.kind == kind.as_str()).map(|d| PackDocument {
        kind_label: kind.label().to_string(),
        title: d.title.clone(),
        version_no: d.doc_version,
        body_html: to_safe_html(&d.body),
    })
}

pub async fn pack_page(db: &Db, actor: &Actor, project_id: i64, session_id: i64) -> Result<PackPage, AppError> {
    let ctx = access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let s = session_in(db, project_id, session_id).await?;
    let docs = approved_documents(db, project_id).await?;
    let (group_name,): (String,) =
        sqlx::query_as("SELECT g.name FROM projects p JOIN organisations g ON g.id = p.organisation_id WHERE p.id = $1")
            .bind(project_id)
            .fetch_one(db)
            .await?;
    let roster = sqlx::query_as::<_, RosterRow>(
        "SELECT p.code, p.withdrawn_on FROM fieldwork_session_participants sp JOIN participants p ON p.id = sp.participant_id \
         WHERE sp.session_id = $1 ORDER BY p.seq",
    )
    .bind(session_id)
    .fetch_all(db)
    .await?;
    let (withdrawn, taking_part): (Vec<_>, Vec<_>) = roster.into_iter().partition(|r| r.withdrawn_on.is_some());
    Ok(PackPage {
        project_id,
        project_title: ctx.title,
        group_name,
        session_id,
        kind_label: s.kind().label().to_string(),
        date: readable_date(&s.held_on),
        starts_at: s.starts_at.clone(),
        venue: s.venue.clone(),
        access: s.access(),
        researchers: present(db, session_id).await?.into_iter().map(|(_, n)| n).collect(),
        information_sheet: document(&docs, DocumentKind::InformationSheet),
        topic_guide: document(&docs, DocumentKind::TopicGuide),
        consent_form: document(&docs, DocumentKind::ConsentForm),
        codes: taking_part.into_iter().map(|r| r.code).collect(),
        withdrawn_codes: withdrawn.into_iter().map(|r| r.code).collect(),
    })
}
