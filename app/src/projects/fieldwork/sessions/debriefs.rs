//! Debriefs and wellbeing checks (server only). After a held session each researcher
//! present says how they are, whether anything upset them and whether they want support,
//! and may name a supporter on the team (the academic supporter or the lead). Only they and
//! that supporter read it (`authz::fieldwork`); everyone else who sees the project's work
//! learns only how many were done. Asking for support e-mails the supporter, without a word
//! of the debrief. A supporter's dashboard lists the debriefs shared with them, without content.

use crate::authz::fieldwork::{DebriefAction, DebriefFacts};
use crate::authz::{self, Action};
use crate::error::AppError;
use crate::identity::{Actor, TeamRole};
use crate::platform::db::Db;
use crate::platform::state::AppState;
use crate::platform::time::{format_date, now};
use crate::projects::access::{self, Need, ProjectCtx};
use crate::projects::fieldwork::sessions::history::{self, SessionChange};
use crate::projects::fieldwork::sessions::service::{present, session_in};
use crate::projects::fieldwork::sessions::*;
use crate::validate::{self, readable_date, FormCheck};

pub const UPSETTING_MAX: usize = 4_000;

/// Whether the caller may write a debrief for a session they were (or were not) at.
pub fn may_write(actor: &Actor, ctx: &ProjectCtx, was_present: bool) -> bool {
    authz::may(actor, &Action::Fieldwork(DebriefAction::WriteDebrief { project: ctx.facts(), present: was_present }))
}

#[derive(sqlx::FromRow)]
struct DebriefRow {
    id: i64,
    session_id: i64,
    user_id: i64,
    author: String,
    feeling: String,
    upsetting: String,
    wants_support: i64,
    supporter_id: Option<i64>,
    supporter: Option<String>,
    updated_at: i64,
}

impl DebriefRow {
    fn into_view(self) -> DebriefView {
        let feeling = Feeling::parse(&self.feeling);
        DebriefView {
            id: self.id,
            author: self.author,
            feeling: self.feeling,
            feeling_label: feeling.map(Feeling::label).unwrap_or("").to_string(),
            upsetting: self.upsetting,
            wants_support: self.wants_support != 0,
            supporter_id: self.supporter_id,
            supporter: self.supporter,
            updated: format_date(self.updated_at),
        }
    }
}

const DEBRIEF_SQL: &str = "SELECT d.id, d.session_id, d.user_id, a.name AS author, d.feeling, d.upsetting, d.wants_support, \
     d.supporter_id, s.name AS supporter, d.updated_at FROM fieldwork_debriefs d JOIN users a ON a.id = d.user_id \
     LEFT JOIN users s ON s.id = d.supporter_id";

/// The caller's own debrief of a session, if they wrote one (callers have checked they were present).
pub async fn own(db: &Db, session_id: i64, user_id: i64) -> Result<Option<DebriefView>, AppError> {
    Ok(sqlx::query_as::<_, DebriefRow>(&format!("{DEBRIEF_SQL} WHERE d.session_id = $1 AND d.user_id = $2"))
        .bind(session_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?
        .map(DebriefRow::into_view))
}

/// Someone on the team a researcher may name as supporter.
#[derive(sqlx::FromRow)]
struct SupporterChoice {
    id: i64,
    name: String,
    role: String,
}

/// Who a researcher may name as supporter: the project's academic supporters and its lead,
/// not themselves. (user id, "name (role)").
pub async fn supporter_choices(db: &Db, project_id: i64, me: i64) -> Result<Vec<(i64, String)>, AppError> {
    let rows = sqlx::query_as::<_, SupporterChoice>(
        "SELECT u.id, u.name, t.role FROM project_team t JOIN users u ON u.id = t.user_id \
         WHERE t.project_id = $1 AND t.role IN ('academic_supporter', 'lead') AND t.user_id <> $2 ORDER BY u.name, u.id",
    )
    .bind(project_id)
    .bind(me)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|s| {
            let role = TeamRole::parse(&s.role).map(TeamRole::label).unwrap_or("").to_lowercase();
            (s.id, format!("{} ({role})", s.name))
        })
        .collect())
}

/// What the caller's debrief of a session said before this save, if they wrote one.
#[derive(sqlx::FromRow)]
struct EarlierDebrief {
    wants_support: i64,
    supporter_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct SharedRow {
    id: i64,
    session_id: i64,
    author: String,
    kind: String,
    held_on: String,
    wants_support: i64,
    updated_at: i64,
}

/// The debriefs of a project (or of one session) whose authors named the caller as their
/// supporter, while the caller is its academic supporter or lead: the SQL form of the rule
/// `authz::fieldwork` applies to one debrief (a data test checks they agree).
pub async fn shared_with(db: &Db, actor: &Actor, project_id: i64, session_id: Option<i64>) -> Result<Vec<SharedDebrief>, AppError> {
    let rows = sqlx::query_as::<_, SharedRow>(
        "SELECT d.id, d.session_id, a.name AS author, s.kind, s.held_on, d.wants_support, d.updated_at \
         FROM fieldwork_debriefs d JOIN fieldwork_sessions s ON s.id = d.session_id JOIN users a ON a.id = d.user_id \
         JOIN project_team t ON t.project_id = s.project_id AND t.user_id = d.supporter_id AND t.role IN ('academic_supporter', 'lead') \
         WHERE s.project_id = $1 AND d.supporter_id = $2 AND ($3 = 0 OR d.session_id = $3) \
         ORDER BY d.wants_support DESC, d.updated_at DESC, d.id DESC LIMIT 100",
    )
    .bind(project_id)
    .bind(actor.user_id)
    .bind(session_id.unwrap_or(0))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SharedDebrief {
            id: r.id,
            session_id: r.session_id,
            author: r.author,
            session_kind: SessionKind::parse(&r.kind).map(SessionKind::label).unwrap_or("Session").to_string(),
            session_date: readable_date(&r.held_on),
            wants_support: r.wants_support != 0,
            updated: format_date(r.updated_at),
        })
        .collect())
}

/// How many debriefs a supporter's dashboard lists; the rest are counted.
pub const ON_DASHBOARD: i64 = 10;

/// Debriefs whose authors named this person as supporter, while the person is on that
/// project's team as its academic supporter or lead (the rule `shared_with` follows).
const SHARED_WITH_ME: &str = "FROM fieldwork_debriefs d JOIN fieldwork_sessions s ON s.id = d.session_id \
     JOIN projects p ON p.id = s.project_id JOIN users a ON a.id = d.user_id \
     JOIN project_team t ON t.project_id = s.project_id AND t.user_id = d.supporter_id AND t.role IN ('academic_supporter', 'lead') \
     WHERE d.supporter_id = $1";

#[derive(sqlx::FromRow)]
struct SupportedRow {
    id: i64,
    project_id: i64,
    project_title: String,
    session_id: i64,
    author: String,
    kind: String,
    held_on: String,
    wants_support: i64,
}

/// The debriefs shared with the caller across all their projects, for their dashboard:
/// the newest sessions first, at most `limit`, and how many more there are. Who, which
/// session and whether they asked for support; nothing of what a debrief says.
pub async fn shared_with_me_everywhere(db: &Db, actor: &Actor, limit: i64) -> Result<DebriefsForSupporter, AppError> {
    let rows = sqlx::query_as::<_, SupportedRow>(&format!(
        "SELECT d.id, s.project_id, p.title AS project_title, d.session_id, a.name AS author, s.kind, s.held_on, d.wants_support \
         {SHARED_WITH_ME} ORDER BY s.held_on DESC, d.updated_at DESC, d.id DESC LIMIT $2"
    ))
    .bind(actor.user_id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {SHARED_WITH_ME}")).bind(actor.user_id).fetch_one(db).await?;
    Ok(DebriefsForSupporter {
        more: (total - rows.len() as i64).max(0),
        items: rows
            .into_iter()
            .map(|r| SupportedDebrief {
                id: r.id,
                project_id: r.project_id,
                project_title: r.project_title,
                session_id: r.session_id,
                session_kind: SessionKind::parse(&r.kind).map(SessionKind::label).unwrap_or("Session").to_string(),
                session_date: readable_date(&r.held_on),
                author: r.author,
                wants_support: r.wants_support != 0,
            })
            .collect(),
    })
}

#[derive(Debug, Clone, Default)]
pub struct DebriefInput {
    pub feeling: String,
    pub upsetting: String,
    /// "yes" or "no".
    pub wants_support: String,
    /// A user id, or empty for nobody.
    pub supporter_id: String,
}

/// Writes (or changes) the caller's own debrief of a held session they were at. A failed
/// save keeps what was typed for the form, never in an address (`platform::form_return`).
/// Returns the debrief's id.
pub async fn save_debrief(state: &AppState, actor: &Actor, project_id: i64, session_id: i64, input: &DebriefInput) -> Result<i64, AppError> {
    let db = &state.db;
    let ctx = access::require(db, actor, project_id, Need::View).await?;
    let session = session_in(db, project_id, session_id).await?;
    let was_present = present(db, session_id).await?.iter().any(|(u, _)| *u == actor.user_id);
    authz::require(Some(actor), Action::Fieldwork(DebriefAction::WriteDebrief { project: ctx.facts(), present: was_present }))?;
    if session.status() != SessionStatus::Held {
        return Err(AppError::refused("A debrief is written once the session has been marked held."));
    }
    let choices = supporter_choices(db, project_id, actor.user_id).await?;
    let mut check = FormCheck::new();
    let feeling = check.field("feeling", &input.feeling, |v| Feeling::parse(v).ok_or_else(|| "Choose how you are".to_string()));
    let upsetting = check.field("upsetting", &input.upsetting, |v| validate::text(v, "what upset you", UPSETTING_MAX, false));
    let wants = check.field("wants_support", &input.wants_support, |v| match v {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err("Say whether you would like support".to_string()),
    });
    let supporter = match input.supporter_id.trim() {
        "" => Some(None),
        raw => match raw.parse::<i64>().ok().filter(|id| choices.iter().any(|(c, _)| c == id)) {
            Some(id) => Some(Some(id)),
            None => {
                check.fail("supporter_id", "Choose the academic supporter or the lead from the list");
                None
            }
        },
    };
    if wants == Some(true) && supporter == Some(None) && !choices.is_empty() {
        check.fail("supporter_id", "Choose who you would like support from");
    }
    let (feeling, upsetting, wants, supporter) = check.finish((feeling, upsetting, wants, supporter))?;
    let before = sqlx::query_as::<_, EarlierDebrief>(
        "SELECT id, wants_support, supporter_id FROM fieldwork_debriefs WHERE session_id = $1 AND user_id = $2",
    )
    .bind(session_id)
    .bind(actor.user_id)
    .fetch_optional(db)
    .await?;
    let at = now();
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO fieldwork_debriefs (session_id, user_id, feeling, upsetting, wants_support, supporter_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (session_id, user_id) DO UPDATE SET feeling = excluded.feeling, \
         upsetting = excluded.upsetting, wants_support = excluded.wants_support, supporter_id = excluded.supporter_id, \
         updated_at = excluded.updated_at RETURNING id",
    )
    .bind(session_id)
    .bind(actor.user_id)
    .bind(feeling.as_str())
    .bind(&upsetting)
    .bind(i64::from(wants))
    .bind(supporter)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let change = if before.is_some() { SessionChange::DebriefChanged } else { SessionChange::DebriefWritten };
    history::record(&mut tx, project_id, session_id, change, actor.user_id).await?;
    tx.commit().await?;
    // A new request for support (or a request now sent to someone else) tells the supporter.
    let asked_before = before.is_some_and(|b| b.wants_support != 0 && b.supporter_id == supporter);
    if let (true, Some(supporter), false) = (wants, supporter, asked_before) {
        crate::projects::fieldwork::sessions::notify::support_asked(state, &ctx, &session, id, actor, supporter).await?;
    }
    Ok(id)
}

/// One debrief, for its author or the supporter they named; everyone else is refused (the
/// lead and coordinators "not allowed", anyone who does not see the project's work "not found").
pub async fn debrief_page(db: &Db, actor: &Actor, project_id: i64, session_id: i64, debrief_id: i64) -> Result<DebriefPage, AppError> {
    let ctx = access::project_ctx(db, actor, project_id).await?;
    let row = sqlx::query_as::<_, DebriefRow>(&format!(
        "{DEBRIEF_SQL} JOIN fieldwork_sessions fs ON fs.id = d.session_id WHERE d.id = $1 AND d.session_id = $2 AND fs.project_id = $3"
    ))
    .bind(debrief_id)
    .bind(session_id)
    .bind(project_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    let facts = DebriefFacts {
        project: ctx.facts(),
        is_author: row.user_id == actor.user_id,
        is_named_supporter: row.supporter_id == Some(actor.user_id),
    };
    authz::require(Some(actor), Action::Fieldwork(DebriefAction::ReadDebrief(facts)))?;
    let session = session_in(db, project_id, row.session_id).await?;
    Ok(DebriefPage {
        project_id,
        project_title: ctx.title.clone(),
        session_id: row.session_id,
        session_kind: session.kind().label().to_string(),
        session_date: readable_date(&session.held_on),
        is_author: row.user_id == actor.user_id,
        debrief: row.into_view(),
    })
}
