//! Reading two coders' coding for the comparison (server only). Only passages that count
//! (`access::USABLE`: transcript kept, participant not withdrawn) are read.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::projects::analysis::access::{self, Want, USABLE};
use crate::projects::analysis::codebook::service::codes;
use crate::projects::analysis::coding::service::code_options;
use crate::projects::analysis::comparison::{compare, ComparisonPage};

/// Everyone who has coded in the project, by name.
pub async fn coders(db: &Db, project_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT u.id, u.name FROM analysis_highlights h JOIN users u ON u.id = h.coded_by WHERE h.project_id = $1 ORDER BY u.name, u.id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?)
}

/// One coder's coding that counts: (code, (transcript, paragraph)).
pub async fn coding_of(db: &Db, project_id: i64, coder: i64) -> Result<Vec<(i64, (i64, i64))>, AppError> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT h.code_id, h.file_id, hp.paragraph FROM analysis_highlights h \
         JOIN analysis_highlight_paragraphs hp ON hp.highlight_id = h.id \
         JOIN fieldwork_files f ON f.id = h.file_id JOIN participants p ON p.id = f.participant_id \
         WHERE h.project_id = $1 AND h.coded_by = $2 AND {USABLE}"
    ))
    .bind(project_id)
    .bind(coder)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(code, file, paragraph)| (code, (file, paragraph))).collect())
}

/// The comparison page; `a` and `b` are the coders asked for (ignored unless both coded here).
pub async fn comparison_page(db: &Db, actor: &Actor, project_id: i64, a: Option<i64>, b: Option<i64>) -> Result<ComparisonPage, AppError> {
    let ctx = access::require(db, actor, project_id, Want::View).await?;
    let coders = coders(db, project_id).await?;
    let find = |id: Option<i64>| id.and_then(|id| coders.iter().find(|(c, _)| *c == id).cloned());
    let chosen = match (find(a), find(b)) {
        (Some(a), Some(b)) if a.0 != b.0 => Some((a, b)),
        _ => None,
    };
    let mut page = ComparisonPage { project_id, project_title: ctx.title, coders: coders.clone(), chosen: chosen.clone(), rows: vec![], overall: None, transcripts: vec![] };
    if let Some(((a, _), (b, _))) = chosen {
        let codebook: Vec<(i64, String)> = code_options(&codes(db, project_id).await?);
        let (rows, overall) = compare(&codebook, &coding_of(db, project_id, a).await?, &coding_of(db, project_id, b).await?);
        page.rows = rows;
        page.overall = overall;
        page.transcripts = sqlx::query_as(
            "SELECT f.id, p.code FROM fieldwork_files f JOIN participants p ON p.id = f.participant_id WHERE f.project_id = $1 AND f.kind = 'transcript'",
        )
        .bind(project_id)
        .fetch_all(db)
        .await?;
    }
    Ok(page)
}
