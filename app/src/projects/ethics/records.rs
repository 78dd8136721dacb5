//! The one loader of an ethics application and the caller's place on it, the history
//! lines every change writes, and the people its e-mails go to (server only).

use crate::authz::ethics::{EthicsAction, EthicsFacts};
use crate::authz::{self, Action};
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::projects::access::{project_ctx, ProjectCtx};
use crate::projects::ethics::flow::{self, Step};
use crate::projects::ethics::{ApplicationState, Route};

/// Longest title, and longest piece of text (documents, letters, requests).
pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 50_000;
pub const NOTE_MAX: usize = 2_000;

/// An application as every rule and change needs it.
#[derive(Debug, Clone)]
pub struct ApplicationCtx {
    pub id: i64,
    pub project: ProjectCtx,
    pub title: String,
    pub route: Route,
    pub state: ApplicationState,
    pub version_no: i64,
    pub is_reviewer: bool,
}

impl ApplicationCtx {
    pub fn facts(&self) -> EthicsFacts {
        EthicsFacts { project: self.project.facts(), is_reviewer: self.is_reviewer }
    }

    pub fn may(&self, actor: &Actor, action: fn(EthicsFacts) -> EthicsAction) -> bool {
        authz::may(actor, &Action::Ethics(action(self.facts())))
    }

    pub fn require(&self, actor: &Actor, action: fn(EthicsFacts) -> EthicsAction) -> Result<(), AppError> {
        authz::require(Some(actor), Action::Ethics(action(self.facts())))
    }

    /// The state after `step`, or a refusal saying why not.
    pub fn next(&self, step: Step) -> Result<ApplicationState, AppError> {
        flow::next(self.state, step).map_err(AppError::refused)
    }
}

#[derive(sqlx::FromRow)]
struct ApplicationRow {
    id: i64,
    project_id: i64,
    title: String,
    route: String,
    state: String,
    version_no: i64,
    reviewer_count: i64,
}

/// The application and the caller's place on it, if they may read it ("not found" otherwise).
pub async fn load(db: &Db, actor: &Actor, application_id: i64) -> Result<ApplicationCtx, AppError> {
    let row = sqlx::query_as::<_, ApplicationRow>(
        "SELECT a.id, a.project_id, a.title, a.route, a.state, a.version_no, \
         (SELECT COUNT(*) FROM ethics_reviewers r WHERE r.application_id = a.id AND r.user_id = $2) AS reviewer_count \
         FROM ethics_applications a WHERE a.id = $1",
    )
    .bind(application_id)
    .bind(actor.user_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    let project = project_ctx(db, actor, row.project_id).await?;
    let ctx = ApplicationCtx {
        id: row.id,
        project,
        title: row.title,
        route: Route::parse(&row.route).ok_or(AppError::Internal)?,
        state: ApplicationState::parse(&row.state).ok_or(AppError::Internal)?,
        version_no: row.version_no,
        is_reviewer: row.reviewer_count > 0,
    };
    ctx.require(actor, EthicsAction::ViewApplication)?;
    Ok(ctx)
}

/// Loads the application and requires more than reading it.
pub async fn load_for(
    db: &Db,
    actor: &Actor,
    application_id: i64,
    action: fn(EthicsFacts) -> EthicsAction,
) -> Result<ApplicationCtx, AppError> {
    let ctx = load(db, actor, application_id).await?;
    ctx.require(actor, action)?;
    Ok(ctx)
}

/// Moves the application from the state it was read in to `to`, only if nobody changed
/// it since; the loser of a race is told what happened.
pub async fn move_state(
    conn: &mut sqlx::AnyConnection,
    ctx: &ApplicationCtx,
    to: ApplicationState,
    at: i64,
) -> Result<(), AppError> {
    let moved = sqlx::query(
        "UPDATE ethics_applications SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4 AND version_no = $5",
    )
    .bind(to.as_str())
    .bind(at)
    .bind(ctx.id)
    .bind(ctx.state.as_str())
    .bind(ctx.version_no)
    .execute(&mut *conn)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(changed_meanwhile(conn, ctx.id).await);
    }
    Ok(())
}

/// "Someone else already …": what the loser of a race is told.
pub async fn changed_meanwhile(conn: &mut sqlx::AnyConnection, application_id: i64) -> AppError {
    let now: Option<(String,)> = sqlx::query_as("SELECT state FROM ethics_applications WHERE id = $1")
        .bind(application_id)
        .fetch_optional(conn)
        .await
        .unwrap_or(None);
    let state = now.and_then(|(s,)| ApplicationState::parse(&s)).map(|s| s.label().to_lowercase()).unwrap_or_default();
    AppError::refused(format!(
        "Someone else already changed this application a moment ago: it is now {state}. Nothing you sent was saved. Look at the page again before you go on."
    ))
}

/// Kinds of history line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Created,
    Submitted,
    InformationRequested,
    Answered,
    Decided,
    DocumentFixed,
    Amended,
    Withdrawn,
    ReviewerInvited,
    ConditionClosed,
}

impl EventKind {
    pub const ALL: [EventKind; 10] = [
        EventKind::Created,
        EventKind::Submitted,
        EventKind::InformationRequested,
        EventKind::Answered,
        EventKind::Decided,
        EventKind::DocumentFixed,
        EventKind::Amended,
        EventKind::Withdrawn,
        EventKind::ReviewerInvited,
        EventKind::ConditionClosed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Submitted => "submitted",
            EventKind::InformationRequested => "information_requested",
            EventKind::Answered => "answered",
            EventKind::Decided => "decided",
            EventKind::DocumentFixed => "document_fixed",
            EventKind::Amended => "amended",
            EventKind::Withdrawn => "withdrawn",
            EventKind::ReviewerInvited => "reviewer_invited",
            EventKind::ConditionClosed => "condition_closed",
        }
    }

    pub fn parse(value: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            EventKind::Created => "Application started",
            EventKind::Submitted => "Sent for review",
            EventKind::InformationRequested => "Further information requested",
            EventKind::Answered => "The team answered and sent it back",
            EventKind::Decided => "Decision recorded",
            EventKind::DocumentFixed => "Small fix to a document",
            EventKind::Amended => "Amendment sent",
            EventKind::Withdrawn => "Withdrawn",
            EventKind::ReviewerInvited => "Reviewer invited",
            EventKind::ConditionClosed => "Condition closed",
        }
    }
}

/// Writes a line of the application's history.
pub async fn log(
    conn: &mut sqlx::AnyConnection,
    application_id: i64,
    version_no: i64,
    kind: EventKind,
    text: &str,
    user_id: i64,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO ethics_events (application_id, application_version, kind, text, user_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(application_id)
    .bind(version_no)
    .bind(kind.as_str())
    .bind(text)
    .bind(user_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Someone to e-mail.
#[derive(sqlx::FromRow)]
pub struct Recipient {
    pub name: String,
    pub email: String,
}

/// The project's managers: the group's coordinators and the project lead.
pub async fn managers(db: &Db, project: &ProjectCtx) -> Result<Vec<Recipient>, AppError> {
    let people = sqlx::query_as::<_, Recipient>(
        "SELECT u.name, u.email FROM users u WHERE u.id IN \
         (SELECT m.user_id FROM memberships m WHERE m.organisation_id = $1 AND (m.role = 'coordinator' OR m.is_lead = 1)) \
         OR u.id IN (SELECT t.user_id FROM project_team t WHERE t.project_id = $2 AND t.role = 'lead') ORDER BY u.name",
    )
    .bind(project.group_id)
    .bind(project.id)
    .fetch_all(db)
    .await?;
    Ok(people)
}

/// The team who read applications: everyone on the team but the commissioner's contact,
/// and the group's coordinators.
pub async fn team_and_managers(db: &Db, project: &ProjectCtx) -> Result<Vec<Recipient>, AppError> {
    let people = sqlx::query_as::<_, Recipient>(
        "SELECT u.name, u.email FROM users u WHERE u.id IN \
         (SELECT m.user_id FROM memberships m WHERE m.organisation_id = $1 AND (m.role = 'coordinator' OR m.is_lead = 1)) \
         OR u.id IN (SELECT t.user_id FROM project_team t WHERE t.project_id = $2 AND t.role <> 'commissioner_contact') ORDER BY u.name",
    )
    .bind(project.group_id)
    .bind(project.id)
    .fetch_all(db)
    .await?;
    Ok(people)
}

pub async fn send_all(state: &AppState, people: Vec<Recipient>, subject: &str, body: &str, why: &str) {
    for person in people {
        state
            .mailer
            .send_or_log(Email {
                to_name: person.name,
                to_address: person.email,
                subject: subject.to_string(),
                body: body.to_string(),
                why: why.to_string(),
            })
            .await;
    }
}

/// The link to an application's page.
pub fn page_path(ctx: &ApplicationCtx) -> String {
    format!("/projects/{}/ethics/{}", ctx.project.id, ctx.id)
}
