//! Service and data code for projects (server only). An award creates the project (see
//! `commissioning::service::award`); here people who may see it list and open it.

use crate::authz::{self, commissioning::CommissioningAction as Act, Action};
use crate::identity::Actor;
use crate::commissioning::service::{load_brief, load_response};
use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::format_date;
use crate::projects::{ProjectPage, ProjectSummary};
use crate::validate::readable_date;

const SUMMARY_SQL: &str = "SELECT p.id, p.title, g.name, c.name, p.stage, p.created_at FROM projects p \
     JOIN organisations g ON g.id = p.organisation_id JOIN organisations c ON c.id = p.commissioner_organisation_id";

type SummaryRow = (i64, String, String, String, String, i64);

fn summary((id, title, group_name, commissioner, stage, created): SummaryRow) -> ProjectSummary {
    ProjectSummary { id, title, group_name, commissioner, stage, started: format_date(created) }
}

/// The projects a group carries out (callers have checked the person is in the group).
pub async fn projects_of_group(db: &Db, group_id: i64) -> Result<Vec<ProjectSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!("{SUMMARY_SQL} WHERE p.organisation_id = $1 ORDER BY p.created_at DESC, p.id DESC"))
        .bind(group_id)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(summary).collect())
}

/// Every project the person may see: their groups' and their commissioning bodies'.
pub async fn list_projects(db: &Db, actor: &Actor) -> Result<Vec<ProjectSummary>, AppError> {
    authz::require(Some(actor), Action::Commissioning(Act::BrowseBriefs))?;
    let rows: Vec<(i64, i64, i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT p.organisation_id, p.commissioner_organisation_id, p.id, p.title, g.name, c.name, p.stage, p.created_at FROM projects p \
         JOIN organisations g ON g.id = p.organisation_id JOIN organisations c ON c.id = p.commissioner_organisation_id \
         ORDER BY p.created_at DESC, p.id DESC",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(group_id, commissioner_id, ..)| {
            let (group_id, commissioner_id) = (*group_id, *commissioner_id);
            authz::may(actor, &Action::Commissioning(Act::ViewProject { group_id, commissioner_id }))
        })
        .map(|(_, _, id, title, group, commissioner, stage, created)| summary((id, title, group, commissioner, stage, created)))
        .collect())
}

pub async fn project_page(db: &Db, actor: &Actor, project_id: i64) -> Result<ProjectPage, AppError> {
    #[allow(clippy::type_complexity)]
    let row: Option<(i64, String, i64, i64, i64, i64, Option<i64>, Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT id, title, brief_id, response_id, organisation_id, commissioner_organisation_id, contact_user_id, lead_user_id, \
         stage, created_at FROM projects WHERE id = $1",
    )
    .bind(project_id)
    .fetch_optional(db)
    .await?;
    let (id, title, brief_id, response_id, group_id, commissioner_id, contact_id, lead_id, stage, created) =
        row.ok_or(AppError::NotFound)?;
    authz::require(Some(actor), Action::Commissioning(Act::ViewProject { group_id, commissioner_id }))?;
    let brief = load_brief(db, brief_id).await?;
    let response = load_response(db, response_id).await?;
    let person = |id: Option<i64>| async move {
        match id {
            Some(id) => sqlx::query_as::<_, (String, String)>("SELECT name, email FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(db)
                .await
                .map_err(AppError::from),
            None => Ok(None),
        }
    };
    let (contact_name, contact_email) =
        person(contact_id).await?.unwrap_or((brief.fields.contact_name.clone(), brief.fields.contact_email.clone()));
    let lead_name = person(lead_id).await?.map(|(name, _)| name).unwrap_or_else(|| "Not yet chosen".into());
    Ok(ProjectPage {
        id,
        title,
        stage,
        agreed_on: format_date(created),
        group_name: response.group_name.clone(),
        group_slug: response.group_slug.clone(),
        commissioner: brief.commissioner.clone(),
        brief_id,
        brief_summary: brief.fields.summary.clone(),
        brief_questions: brief.fields.questions.clone(),
        brief_outputs: brief.fields.outputs.clone(),
        start_date: readable_date(&brief.fields.start_date),
        report_due: readable_date(&brief.fields.report_due),
        response_id,
        total_pence: response.fields.costs.total_pence(),
        response: response.fields,
        contact_name,
        contact_email,
        lead_name,
    })
}
