//! The one loader of a project and the caller's place on it. Every project sub-feature
//! finds the project here and asks `authz` with the facts it returns, so the rules about
//! who may see or change what live in one place (`authz::projects`).

use crate::authz::projects::{ProjectAction, ProjectFacts};
use crate::authz::{self, Action};
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::projects::{Stage, TeamRole};

/// A project as every rule and page header needs it.
#[derive(Debug, Clone)]
pub struct ProjectCtx {
    pub id: i64,
    pub title: String,
    pub stage: Stage,
    pub group_id: i64,
    pub commissioner_id: i64,
    /// The caller's role on the team, if they are on it.
    pub team_role: Option<TeamRole>,
}

impl ProjectCtx {
    pub fn facts(&self) -> ProjectFacts {
        ProjectFacts { group_id: self.group_id, commissioner_id: self.commissioner_id, team_role: self.team_role }
    }
}

#[derive(sqlx::FromRow)]
struct CtxRow {
    id: i64,
    title: String,
    stage: String,
    organisation_id: i64,
    commissioner_organisation_id: i64,
    team_role: Option<String>,
}

/// The project and the caller's team role in one query; "not found" when there is none.
pub async fn project_ctx(db: &Db, actor: &Actor, project_id: i64) -> Result<ProjectCtx, AppError> {
    let row = sqlx::query_as::<_, CtxRow>(
        "SELECT p.id, p.title, p.stage, p.organisation_id, p.commissioner_organisation_id, t.role AS team_role \
         FROM projects p LEFT JOIN project_team t ON t.project_id = p.id AND t.user_id = $2 WHERE p.id = $1",
    )
    .bind(project_id)
    .bind(actor.user_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(ProjectCtx {
        id: row.id,
        title: row.title,
        stage: Stage::parse(&row.stage).unwrap_or(Stage::Agreed),
        group_id: row.organisation_id,
        commissioner_id: row.commissioner_organisation_id,
        team_role: row.team_role.as_deref().and_then(TeamRole::parse),
    })
}

/// What a caller wants to do with a project, named without its facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    View,
    ViewWork,
    Manage,
    DoFieldwork,
    ReviewAsSupporter,
    SignAsCommissioner,
}

pub fn action(ctx: &ProjectCtx, need: Need) -> Action {
    let f = ctx.facts();
    Action::Projects(match need {
        Need::View => ProjectAction::ViewProject(f),
        Need::ViewWork => ProjectAction::ViewWork(f),
        Need::Manage => ProjectAction::ManageProject(f),
        Need::DoFieldwork => ProjectAction::DoFieldwork(f),
        Need::ReviewAsSupporter => ProjectAction::ReviewAsSupporter(f),
        Need::SignAsCommissioner => ProjectAction::SignAsCommissioner(f),
    })
}

/// Whether the caller may (without refusing): for showing or hiding parts of a page.
pub fn may(actor: &Actor, ctx: &ProjectCtx, need: Need) -> bool {
    authz::may(actor, &action(ctx, need))
}

/// The project, if the caller may do this with it; otherwise the refusal
/// ("not found" to people who may not see the project at all).
pub async fn require(db: &Db, actor: &Actor, project_id: i64, need: Need) -> Result<ProjectCtx, AppError> {
    let ctx = project_ctx(db, actor, project_id).await?;
    authz::require(Some(actor), action(&ctx, need))?;
    Ok(ctx)
}

/// The project, if the caller may take the action `make` builds from it (a project
/// sub-feature's own rule in `authz`); otherwise that rule's refusal.
pub async fn require_to(db: &Db, actor: &Actor, project_id: i64, make: impl FnOnce(&ProjectCtx) -> Action) -> Result<ProjectCtx, AppError> {
    let ctx = project_ctx(db, actor, project_id).await?;
    authz::require(Some(actor), make(&ctx))?;
    Ok(ctx)
}

/// A new line in the audit trail about one of this project's records.
pub fn audit_entry(actor: &Actor, project_id: i64, what: crate::platform::audit::Action, kind: &'static str, id: i64) -> crate::platform::audit::Entry {
    crate::platform::audit::Entry::new(Some(actor.user_id), what, kind, Some(id)).in_project(project_id)
}
