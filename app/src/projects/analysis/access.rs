//! The one check every analysis part makes: the project (from `projects::access`) and the
//! caller's right to this piece of analysis (`authz::analysis`).

use crate::authz::analysis::AnalysisAction;
use crate::authz::{self, Action};
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::projects::access::{require_to, ProjectCtx};

/// What the caller wants to do with the project's analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    View,
    Change,
    Export,
}

fn action(ctx: &ProjectCtx, want: Want) -> Action {
    let f = ctx.facts();
    Action::Analysis(match want {
        Want::View => AnalysisAction::ViewAnalysis(f),
        Want::Change => AnalysisAction::DoAnalysis(f),
        Want::Export => AnalysisAction::ExportAnalysis(f),
    })
}

/// Whether the caller may (for showing or hiding parts of a page).
pub fn may(actor: &Actor, ctx: &ProjectCtx, want: Want) -> bool {
    authz::may(actor, &action(ctx, want))
}

/// The project, if the caller may; otherwise the refusal ("not found" to people who may
/// not see the project's work at all).
pub async fn require(db: &Db, actor: &Actor, project_id: i64, want: Want) -> Result<ProjectCtx, AppError> {
    require_to(db, actor, project_id, |ctx| action(ctx, want)).await
}

/// Removing a highlight: its coder, or the project lead.
pub fn require_remove(actor: &Actor, ctx: &ProjectCtx, is_coder: bool) -> Result<(), AppError> {
    authz::require(Some(actor), Action::Analysis(AnalysisAction::RemoveHighlight { project: ctx.facts(), is_coder }))
}

/// The SQL condition (over `fieldwork_files f` joined to `participants p`) for a transcript
/// whose passages count in analysis: not deleted, and its participant has not withdrawn.
pub const USABLE: &str = "(f.deleted_at IS NULL AND p.withdrawn_on IS NULL)";

/// A new line in the audit trail for this project (the one builder, re-exported for analysis).
pub use crate::projects::access::audit_entry as entry;
