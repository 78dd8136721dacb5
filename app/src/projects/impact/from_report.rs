//! Taking the recommendations from the signed-off report into the tracker, so nobody types
//! them in again: the items of a list in one section of the latest signed-off version each
//! become a recommendation waiting for the commissioner's answer. Ones already tracked (the
//! same words) are left alone, so taking them twice adds nothing.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::markdown::top_level_list_items;
use crate::platform::time::now;
use crate::projects::impact::service::{insert_recommendation, require_to_record, LIST_CAP};
use crate::projects::report::diff::FrozenSection;

/// The latest signed-off version of a project's report: its number and its sections.
pub struct SignedOffReport {
    pub number: i64,
    pub sections: Vec<FrozenSection>,
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    number: i64,
    sections_json: String,
}

/// Read straight from the frozen copy: the commissioner signed off these words, not the
/// draft as it is now.
pub async fn signed_off_report(db: &Db, project_id: i64) -> Result<Option<SignedOffReport>, AppError> {
    let row = sqlx::query_as::<_, VersionRow>(
        "SELECT number, sections_json FROM report_versions WHERE project_id = $1 AND decision = 'signed_off' ORDER BY number DESC LIMIT 1",
    )
    .bind(project_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| SignedOffReport { number: r.number, sections: serde_json::from_str(&r.sections_json).unwrap_or_default() }))
}

/// How many were added, and how many were tracked already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    pub added: usize,
    pub already: usize,
}

fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().map(str::to_lowercase).eq(b.split_whitespace().map(str::to_lowercase))
}

/// Adds each list item of section `section` (counted from 1) of signed-off version
/// `version`. Refused when a newer version has been signed off since the page was shown,
/// so nobody takes recommendations from words that are no longer the report's.
pub async fn take_from_report(db: &Db, actor: &Actor, project_id: i64, version: i64, section: i64) -> Result<Taken, AppError> {
    require_to_record(db, actor, project_id).await?;
    let Some(report) = signed_off_report(db, project_id).await? else {
        return Err(AppError::refused("The commissioner has not signed off a version of the report yet."));
    };
    if report.number != version {
        return Err(AppError::refused(format!(
            "Version {} of the report has been signed off since this page was opened. Choose the section again.",
            report.number
        )));
    }
    let chosen = usize::try_from(section).ok().and_then(|i| i.checked_sub(1)).and_then(|i| report.sections.get(i));
    let Some(chosen) = chosen else {
        return Err(AppError::field("section", "Choose the section that holds the recommendations"));
    };
    let items = top_level_list_items(&chosen.body);
    if items.is_empty() {
        return Err(AppError::field(
            "section",
            format!("“{}” has no list in it. Choose the section where the recommendations are listed, one to a line.", chosen.title),
        ));
    }
    let tracked: Vec<String> = sqlx::query_scalar("SELECT body FROM project_recommendations WHERE project_id = $1 LIMIT $2")
        .bind(project_id)
        .bind(LIST_CAP)
        .fetch_all(db)
        .await?;
    let mut new: Vec<&String> = Vec::new();
    for item in &items {
        if !tracked.iter().chain(new.iter().copied()).any(|t| same_words(t, item)) {
            new.push(item);
        }
    }
    let taken = Taken { added: new.len(), already: items.len() - new.len() };
    if new.is_empty() {
        return Ok(taken);
    }
    if tracked.len() + new.len() > LIST_CAP as usize {
        return Err(AppError::field("section", format!("A project can track at most {LIST_CAP} recommendations")));
    }
    let at = now();
    let mut tx = db.begin().await?;
    for body in new {
        let body: String = body.chars().take(2000).collect();
        insert_recommendation(&mut tx, actor, project_id, &body, Some(version), at).await?;
    }
    tx.commit().await?;
    Ok(taken)
}

#[cfg(test)]
mod tests {
    use super::same_words;

    #[test]
    fn the_same_words_ignore_case_and_spacing() {
        assert!(same_words("Sort out  transport first.", "sort out transport\nfirst."));
        assert!(!same_words("Sort out transport first.", "Sort out transport."));
    }
}
