//! Service and data code for projects (server only). An award creates the project with
//! [`create_from_award`], inside the award's transaction; here people who may see it list
//! and open it. Everything is read from project tables: the project keeps its own copy of
//! the agreed terms.

use crate::platform::sql::placeholders;
use crate::authz::{self, projects::ProjectAction, Action};
use crate::error::AppError;
use crate::identity::{Actor, OrgKind, Role};
use crate::platform::db::Db;
use crate::platform::time::format_date;
use crate::projects::access::{self, Need};
use crate::projects::{AgreedWork, AwardTerms, Costs, ProjectPage, ProjectSummary, TeamRole};
use crate::ui::pagination::{PageNumber, Paged};
use crate::validate::readable_date;

/// One statement for every list of projects; each list adds its WHERE and order.
const SUMMARY_SQL: &str = "SELECT p.id, p.title, g.name AS group_name, c.name AS commissioner, p.stage, p.created_at \
     FROM projects p JOIN organisations g ON g.id = p.organisation_id JOIN organisations c ON c.id = p.commissioner_organisation_id";

const NEWEST_FIRST: &str = "ORDER BY p.created_at DESC, p.id DESC";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    title: String,
    group_name: String,
    commissioner: String,
    stage: String,
    created_at: i64,
}

impl SummaryRow {
    fn into_view(self) -> ProjectSummary {
        ProjectSummary {
            id: self.id,
            title: self.title,
            group_name: self.group_name,
            commissioner: self.commissioner,
            stage: self.stage,
            started: format_date(self.created_at),
        }
    }
}


/// Which projects a person may see, as SQL over `p` with its bound ids: the projects of
/// the groups they are in, of the bodies where they are a commissioner, and those whose
/// team they are on (the same rule as [`ProjectAction::ViewProject`]).
fn visible_to(actor: &Actor) -> (String, Vec<i64>) {
    let groups: Vec<i64> =
        actor.memberships.iter().filter(|m| m.kind == OrgKind::ResearchGroup).map(|m| m.organisation_id).collect();
    let bodies: Vec<i64> = actor
        .memberships
        .iter()
        .filter(|m| m.kind == OrgKind::Commissioner && m.role == Role::Commissioner)
        .map(|m| m.organisation_id)
        .collect();
    let mut parts = Vec::new();
    if !groups.is_empty() {
        parts.push(format!("p.organisation_id IN ({})", placeholders(1, groups.len())));
    }
    if !bodies.is_empty() {
        parts.push(format!("p.commissioner_organisation_id IN ({})", placeholders(1 + groups.len(), bodies.len())));
    }
    let me = 1 + groups.len() + bodies.len();
    parts.push(format!("p.id IN (SELECT project_id FROM project_team WHERE user_id = ${me})"));
    let clause = format!("({})", parts.join(" OR "));
    (clause, groups.into_iter().chain(bodies).chain([actor.user_id]).collect())
}

async fn page_of(db: &Db, clause: &str, ids: &[i64], page: PageNumber) -> Result<Paged<ProjectSummary>, AppError> {
    let count_sql = format!("SELECT COUNT(*) FROM projects p WHERE {clause}");
    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
    for id in ids {
        count = count.bind(*id);
    }
    let (total,) = count.fetch_one(db).await?;
    let n = ids.len();
    let sql = format!("{SUMMARY_SQL} WHERE {clause} {NEWEST_FIRST} LIMIT ${} OFFSET ${}", n + 1, n + 2);
    let mut rows = sqlx::query_as::<_, SummaryRow>(&sql);
    for id in ids {
        rows = rows.bind(*id);
    }
    let rows = rows.bind(page.limit()).bind(page.offset()).fetch_all(db).await?;
    Ok(Paged::new(rows.into_iter().map(SummaryRow::into_view).collect(), page, total))
}

/// One page of the projects a group carries out (callers have checked the person is in the group).
pub async fn projects_of_group(db: &Db, group_id: i64, page: PageNumber) -> Result<Paged<ProjectSummary>, AppError> {
    page_of(db, "p.organisation_id = $1", &[group_id], page).await
}

/// One page of the projects the person may see: their groups' and their commissioning bodies'.
pub async fn list_projects(db: &Db, actor: &Actor, page: PageNumber) -> Result<Paged<ProjectSummary>, AppError> {
    authz::require(Some(actor), Action::Projects(ProjectAction::BrowseProjects))?;
    let (clause, ids) = visible_to(actor);
    page_of(db, &clause, &ids, page).await
}

/// Creates the project for an award, with its own copy of the agreed terms. Runs inside
/// the award's transaction, so a project exists exactly when the brief is awarded. A
/// second project for one brief breaks the UNIQUE constraint (the caller says why).
pub async fn create_from_award(tx: &mut sqlx::Transaction<'_, sqlx::Any>, terms: &AwardTerms) -> Result<i64, sqlx::Error> {
    let (project_id,): (i64,) = sqlx::query_as(
        "INSERT INTO projects (title, brief_id, response_id, organisation_id, commissioner_organisation_id, contact_user_id, \
         lead_user_id, stage, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'agreed', $8, $8) RETURNING id",
    )
    .bind(&terms.title)
    .bind(terms.brief_id)
    .bind(terms.response_id)
    .bind(terms.group_id)
    .bind(terms.commissioner_organisation_id)
    .bind(terms.contact_user_id)
    .bind(terms.lead_user_id)
    .bind(terms.agreed_at)
    .fetch_one(&mut **tx)
    .await?;
    let work = &terms.work;
    let costs = work.costs;
    sqlx::query(
        "INSERT INTO project_terms (project_id, brief_summary, brief_questions, brief_outputs, start_date, report_due, \
         contact_name, contact_email, approach, lived_experience, team, timeline, ethics_route, peer_hours, peer_rate_pence, \
         expenses_pence, academic_pence, other_pence, other_note, total_pence) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
    )
    .bind(project_id)
    .bind(&terms.brief_summary)
    .bind(&terms.brief_questions)
    .bind(&terms.brief_outputs)
    .bind(&terms.start_date)
    .bind(&terms.report_due)
    .bind(&terms.contact_name)
    .bind(&terms.contact_email)
    .bind(&work.approach)
    .bind(&work.lived_experience)
    .bind(&work.team)
    .bind(&work.timeline)
    .bind(&work.ethics_route)
    .bind(costs.peer_hours)
    .bind(costs.peer_rate_pence)
    .bind(costs.expenses_pence)
    .bind(costs.academic_pence)
    .bind(costs.other_pence)
    .bind(&work.other_note)
    .bind(costs.total_pence())
    .execute(&mut **tx)
    .await?;
    // The coordinator who led the response leads the project; the awarding commissioner is its contact.
    let team = [(terms.lead_user_id, TeamRole::Lead), (terms.contact_user_id, TeamRole::CommissionerContact)];
    for (user_id, role) in team {
        if let Some(user_id) = user_id {
            sqlx::query(
                "INSERT INTO project_team (project_id, user_id, role, added_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (project_id, user_id) DO NOTHING",
            )
            .bind(project_id)
            .bind(user_id)
            .bind(role.as_str())
            .bind(terms.agreed_at)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(project_id)
}

/// A project with its terms, its organisations' names and the people named on it.
#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: i64,
    title: String,
    brief_id: i64,
    response_id: i64,
    stage: String,
    created_at: i64,
    group_name: String,
    group_slug: String,
    commissioner: String,
    contact_user_name: Option<String>,
    contact_user_email: Option<String>,
    lead_name: Option<String>,
    brief_summary: String,
    brief_questions: String,
    brief_outputs: String,
    start_date: String,
    report_due: String,
    contact_name: String,
    contact_email: String,
    approach: String,
    lived_experience: String,
    team: String,
    timeline: String,
    ethics_route: String,
    #[sqlx(flatten)]
    costs: Costs,
    other_note: String,
    total_pence: i64,
}

impl ProjectRow {
    fn into_view(self) -> ProjectPage {
        // The awarding commissioner is the contact; if their account has gone, the brief's contact.
        let (contact_name, contact_email) = match (self.contact_user_name, self.contact_user_email) {
            (Some(name), Some(email)) => (name, email),
            _ => (self.contact_name, self.contact_email),
        };
        ProjectPage {
            id: self.id,
            title: self.title,
            stage: self.stage,
            agreed_on: format_date(self.created_at),
            group_name: self.group_name,
            group_slug: self.group_slug,
            commissioner: self.commissioner,
            brief_id: self.brief_id,
            brief_summary: self.brief_summary,
            brief_questions: self.brief_questions,
            brief_outputs: self.brief_outputs,
            start_date: readable_date(&self.start_date),
            report_due: readable_date(&self.report_due),
            response_id: self.response_id,
            response: AgreedWork {
                approach: self.approach,
                lived_experience: self.lived_experience,
                team: self.team,
                timeline: self.timeline,
                ethics_route: self.ethics_route,
                costs: self.costs,
                other_note: self.other_note,
            },
            total_pence: self.total_pence,
            contact_name,
            contact_email,
            lead_name: self.lead_name.unwrap_or_else(|| "Not yet chosen".into()),
            sees_work: false,
            manages: false,
        }
    }
}

pub async fn project_page(db: &Db, actor: &Actor, project_id: i64) -> Result<ProjectPage, AppError> {
    let row = sqlx::query_as::<_, ProjectRow>(
        "SELECT p.id, p.title, p.brief_id, p.response_id, p.stage, p.created_at, \
         g.name AS group_name, g.slug AS group_slug, c.name AS commissioner, \
         cu.name AS contact_user_name, cu.email AS contact_user_email, lu.name AS lead_name, \
         t.brief_summary, t.brief_questions, t.brief_outputs, t.start_date, t.report_due, t.contact_name, t.contact_email, \
         t.approach, t.lived_experience, t.team, t.timeline, t.ethics_route, t.peer_hours, t.peer_rate_pence, t.expenses_pence, \
         t.academic_pence, t.other_pence, t.other_note, t.total_pence \
         FROM projects p JOIN project_terms t ON t.project_id = p.id \
         JOIN organisations g ON g.id = p.organisation_id JOIN organisations c ON c.id = p.commissioner_organisation_id \
         LEFT JOIN users cu ON cu.id = p.contact_user_id LEFT JOIN users lu ON lu.id = p.lead_user_id WHERE p.id = $1",
    )
    .bind(project_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    let ctx = access::require(db, actor, project_id, Need::View).await?;
    let mut page = row.into_view();
    page.sees_work = access::may(actor, &ctx, Need::ViewWork);
    page.manages = access::may(actor, &ctx, Need::Manage);
    Ok(page)
}
