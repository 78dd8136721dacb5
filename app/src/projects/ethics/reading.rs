//! What the ethics pages show: a project's applications with what still stops fieldwork,
//! and one application with its documents, history, decision and conditions (server only).

use crate::authz::ethics::EthicsAction;
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::markdown::to_safe_html;
use crate::platform::time::{format_date, format_date_time};
use crate::projects::access::{self, Need};
use crate::projects::ethics::clearance::fieldwork_clearance;
use crate::projects::ethics::flow::version_label;
use crate::projects::ethics::records::{self, EventKind};
use crate::projects::ethics::*;
use crate::validate::readable_date;

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    title: String,
    route: String,
    state: String,
    version_no: i64,
    updated_at: i64,
}

/// The project's applications, and what still stops fieldwork.
pub async fn overview(db: &Db, actor: &Actor, project_id: i64) -> Result<EthicsOverview, AppError> {
    let project = access::require(db, actor, project_id, Need::ViewWork).await?;
    let rows = sqlx::query_as::<_, SummaryRow>(
        "SELECT id, title, route, state, version_no, updated_at FROM ethics_applications WHERE project_id = $1 ORDER BY id",
    )
    .bind(project.id)
    .fetch_all(db)
    .await?;
    let mut applications = Vec::new();
    for r in rows {
        applications.push(ApplicationSummary {
            id: r.id,
            title: r.title,
            route: Route::parse(&r.route).ok_or(AppError::Internal)?,
            state: ApplicationState::parse(&r.state).ok_or(AppError::Internal)?,
            version: version_label(r.version_no),
            updated: format_date(r.updated_at),
        });
    }
    let open_routes = Route::ALL
        .into_iter()
        .filter(|route| {
            !applications.iter().any(|a| {
                a.route == *route && !matches!(a.state, ApplicationState::Withdrawn | ApplicationState::NotApproved)
            })
        })
        .map(|r| (r.as_str().to_string(), r.label().to_string()))
        .collect();
    Ok(EthicsOverview {
        project_id: project.id,
        project_title: project.title.clone(),
        can_manage: access::may(actor, &project, Need::Manage),
        applications,
        still_needed: fieldwork_clearance(db, project.id).await?.missing,
        open_routes,
    })
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    summary: String,
    reference: String,
    approved_on: Option<String>,
    expires_on: Option<String>,
    decision_letter: String,
    decided_at: Option<i64>,
    decided_by: Option<String>,
}

#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: i64,
    kind: String,
    doc_version: i64,
    application_version: i64,
    title: String,
    body: String,
    note: String,
    by_name: Option<String>,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    kind: String,
    text: String,
    application_version: i64,
    by_name: Option<String>,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
struct ConditionRow {
    id: i64,
    text: String,
    owner_user_id: Option<i64>,
    owner: Option<String>,
    closed_at: Option<i64>,
    closed_by: Option<String>,
    closing_note: String,
}

#[derive(sqlx::FromRow)]
struct NameRow {
    id: i64,
    name: String,
}

/// One application as the person may see it. `project_id` is the one in the page's
/// address: an application of another project is "not found" there.
pub async fn application_page(db: &Db, actor: &Actor, project_id: i64, application_id: i64) -> Result<ApplicationPage, AppError> {
    let ctx = records::load(db, actor, application_id).await?;
    if ctx.project.id != project_id {
        return Err(AppError::NotFound);
    }
    let detail = sqlx::query_as::<_, DetailRow>(
        "SELECT a.summary, a.reference, a.approved_on, a.expires_on, a.decision_letter, a.decided_at, u.name AS decided_by \
         FROM ethics_applications a LEFT JOIN users u ON u.id = a.decided_by WHERE a.id = $1",
    )
    .bind(ctx.id)
    .fetch_one(db)
    .await?;
    let docs = sqlx::query_as::<_, DocumentRow>(
        "SELECT d.id, d.kind, d.doc_version, d.application_version, d.title, d.body, d.note, u.name AS by_name, d.created_at \
         FROM ethics_documents d LEFT JOIN users u ON u.id = d.created_by WHERE d.application_id = $1 \
         ORDER BY d.kind, d.doc_version DESC",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?;
    let mut documents = Vec::new();
    let mut earlier_documents = Vec::new();
    for kind in DocumentKind::ALL {
        let mut of_kind = docs.iter().filter(|d| d.kind == kind.as_str()).map(|d| DocumentView {
            id: d.id,
            kind,
            doc_version: d.doc_version,
            application_version: d.application_version,
            title: d.title.clone(),
            body: d.body.clone(),
            html: to_safe_html(&d.body),
            note: d.note.clone(),
            by: d.by_name.clone().unwrap_or_default(),
            when: format_date_time(d.created_at),
        });
        if let Some(newest) = of_kind.next() {
            documents.push(newest);
        }
        earlier_documents.extend(of_kind);
    }
    let events = sqlx::query_as::<_, EventRow>(
        "SELECT e.kind, e.text, e.application_version, u.name AS by_name, e.created_at FROM ethics_events e \
         LEFT JOIN users u ON u.id = e.user_id WHERE e.application_id = $1 ORDER BY e.created_at, e.id",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|e| EventView {
        what: EventKind::parse(&e.kind).map(EventKind::label).unwrap_or("Change").to_string(),
        text: e.text,
        by: e.by_name.unwrap_or_default(),
        when: format_date_time(e.created_at),
        version: version_label(e.application_version),
    })
    .collect();
    let manage = ctx.may(actor, EthicsAction::ManageApplication);
    let conditions = sqlx::query_as::<_, ConditionRow>(
        "SELECT c.id, c.text, c.owner_user_id, o.name AS owner, c.closed_at, b.name AS closed_by, c.closing_note \
         FROM ethics_conditions c LEFT JOIN users o ON o.id = c.owner_user_id LEFT JOIN users b ON b.id = c.closed_by \
         WHERE c.application_id = $1 ORDER BY c.id",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|c| {
        let owns = c.owner_user_id == Some(actor.user_id) && ctx.project.team_role.is_some();
        ConditionView {
            id: c.id,
            text: c.text,
            owner: c.owner.unwrap_or_else(|| "nobody (their account was removed)".into()),
            closed: c.closed_at.map(|at| format!("Closed by {} on {}", c.closed_by.unwrap_or_default(), format_date(at))),
            closing_note: c.closing_note,
            may_close: c.closed_at.is_none() && (manage || owns),
        }
    })
    .collect();
    let team = sqlx::query_as::<_, NameRow>(
        "SELECT u.id, u.name FROM project_team t JOIN users u ON u.id = t.user_id \
         WHERE t.project_id = $1 AND t.role <> 'commissioner_contact' ORDER BY u.name",
    )
    .bind(ctx.project.id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|p| (p.id.to_string(), p.name))
    .collect();
    let mut reviewers: Vec<String> = sqlx::query_as::<_, NameRow>(
        "SELECT u.id, u.name FROM ethics_reviewers r JOIN users u ON u.id = r.user_id WHERE r.application_id = $1 ORDER BY u.name",
    )
    .bind(ctx.id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|p| p.name)
    .collect();
    if manage {
        let waiting: Vec<(String,)> = sqlx::query_as(
            "SELECT email FROM ethics_review_invitations WHERE application_id = $1 AND accepted_at IS NULL \
             AND revoked_at IS NULL AND expires_at > $2 ORDER BY id",
        )
        .bind(ctx.id)
        .bind(crate::platform::time::now())
        .fetch_all(db)
        .await?;
        reviewers.extend(waiting.into_iter().map(|(email,)| format!("{email} (invited, not yet accepted)")));
    }
    let sees_project = access::may(actor, &ctx.project, Need::ViewWork);
    let still_needed = match sees_project {
        true => Some(fieldwork_clearance(db, ctx.project.id).await?.missing),
        false => None,
    };
    let decide = ctx.may(actor, EthicsAction::RecordDecision);
    let agreed_questions = crate::projects::plan::service::agreed_questions(db, ctx.project.id).await?;
    Ok(ApplicationPage {
        project_id: ctx.project.id,
        project_title: ctx.project.title.clone(),
        id: ctx.id,
        title: ctx.title.clone(),
        summary: detail.summary,
        route: ctx.route,
        state: ctx.state,
        version_no: ctx.version_no,
        version: version_label(ctx.version_no),
        reference: detail.reference,
        approved_on: detail.approved_on.as_deref().map(readable_date).unwrap_or_default(),
        expires_on: detail.expires_on.as_deref().map(readable_date).unwrap_or_default(),
        decision_letter_html: to_safe_html(&detail.decision_letter),
        decided: match (detail.decided_at, detail.decided_by) {
            (Some(at), by) => format!("Recorded by {} on {}", by.unwrap_or_default(), format_date(at)),
            (None, _) => String::new(),
        },
        agreed_questions,
        documents,
        earlier_documents,
        events,
        conditions,
        team,
        reviewers,
        may: EthicsPermissions { manage, decide, is_reviewer: ctx.is_reviewer },
        still_needed,
    })
}
