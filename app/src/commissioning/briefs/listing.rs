//! The list of briefs (/briefs), a page at a time (server only). Who may see which brief
//! is decided in the SQL, from the person's memberships, by the same rule as
//! [`CommissioningAction::ViewBrief`]: commissioners see their own bodies' briefs, and
//! members of any research group see every brief once published. Everything a line of the
//! list shows comes from one query.

use crate::platform::sql::placeholders;
use crate::authz::commissioning::CommissioningAction as Act;
use crate::commissioning::briefs::budget_range;
use crate::commissioning::records::allow;
use crate::commissioning::{about_label, time_left, BriefFilter, BriefList, BriefState, BriefSummary};
use crate::error::AppError;
use crate::identity::{Actor, OrgKind, Role};
use crate::platform::db::Db;
use crate::platform::time::today;
use crate::ui::pagination::{PageNumber, Paged};
use crate::validate;

/// The columns of [`BriefLine`], over `briefs b JOIN organisations o`; the response count
/// is added by each list (it is only for the brief's own commissioners).
pub const LINE_COLUMNS: &str = "b.id, b.title, b.summary, o.name AS commissioner, b.about_whom, b.state, b.responses_due, \
    b.budget_min_pence, b.budget_max_pence";

/// Submitted responses to the brief `b` (those sent, whatever was then decided).
pub const SUBMITTED_COUNT: &str =
    "(SELECT COUNT(*) FROM responses r WHERE r.brief_id = b.id AND r.state IN ('submitted', 'awarded', 'declined'))";

/// One line of a list of briefs.
#[derive(sqlx::FromRow)]
pub struct BriefLine {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub commissioner: String,
    pub about_whom: String,
    pub state: String,
    pub responses_due: String,
    pub budget_min_pence: i64,
    pub budget_max_pence: i64,
    pub response_count: i64,
}

impl BriefLine {
    pub fn into_view(self, today: &str) -> Result<BriefSummary, AppError> {
        let state = BriefState::parse(&self.state).ok_or(AppError::Internal)?;
        let published = state == BriefState::Published;
        Ok(BriefSummary {
            id: self.id,
            title: self.title,
            summary: self.summary,
            commissioner: self.commissioner,
            about_whom: about_label(&self.about_whom).to_string(),
            state,
            past_deadline: published && self.responses_due.as_str() < today,
            budget: budget_range(self.budget_min_pence, self.budget_max_pence),
            time_left: if published { time_left(today, &self.responses_due) } else { String::new() },
            responses_due: validate::readable_date(&self.responses_due),
            response_count: self.response_count,
        })
    }
}


/// The bodies where the person is a commissioner.
pub fn my_bodies(actor: &Actor) -> Vec<i64> {
    actor
        .memberships
        .iter()
        .filter(|m| m.kind == OrgKind::Commissioner && m.role == Role::Commissioner)
        .map(|m| m.organisation_id)
        .collect()
}

/// Which briefs the person may see, as SQL over `b`, whose body ids are bound from
/// `$first` on: the [`Act::ViewBrief`] rule.
fn visible_to(actor: &Actor, bodies: &[i64], first: usize) -> String {
    let mut parts = Vec::new();
    if actor.belongs_to_kind(OrgKind::ResearchGroup) {
        parts.push("(b.state <> 'draft' AND b.published_at IS NOT NULL)".to_string());
    }
    if !bodies.is_empty() {
        parts.push(format!("b.organisation_id IN ({})", placeholders(first, bodies.len())));
    }
    if parts.is_empty() {
        "1 = 0".into()
    } else {
        format!("({})", parts.join(" OR "))
    }
}

pub async fn list_briefs(db: &Db, actor: &Actor, filter: &BriefFilter) -> Result<BriefList, AppError> {
    allow(actor, Act::BrowseBriefs)?;
    let today = today();
    let page = PageNumber(filter.page.clamp(1, 1_000_000));
    let mut filter_problem = None;
    let closing_before = match validate::date(&filter.closing_before, "the closing date", false) {
        Ok(date) => date,
        Err(message) => {
            filter_problem = Some(message);
            None
        }
    };
    let status_sql = match filter.status.as_str() {
        "closed" => "(b.state = 'closed' OR (b.state = 'published' AND b.responses_due < $1))",
        "awarded" => "b.state = 'awarded'",
        "all" => "b.state IN ('published', 'closed', 'awarded')",
        _ => "(b.state = 'published' AND b.responses_due >= $1)",
    };
    // $1 today, then the filters that are set, then the person's bodies. A filter left
    // empty adds nothing to the WHERE (not `$2 = '' OR ...`), so the count and the page
    // can be answered from the briefs_listing index alone.
    let closing_before = closing_before.unwrap_or_default();
    let mut texts = vec![today.clone()];
    let mut conditions = vec![status_sql.to_string(), "b.published_at IS NOT NULL".to_string()];
    for (column, op, value) in [("b.about_whom", "=", &filter.about), ("b.responses_due", "<=", &closing_before)] {
        if !value.is_empty() {
            texts.push(value.clone());
            conditions.push(format!("{column} {op} ${}", texts.len()));
        }
    }
    let bodies = my_bodies(actor);
    let first_body = texts.len() + 1;
    conditions.push(visible_to(actor, &bodies, first_body));
    let where_sql = conditions.join(" AND ");

    let count_sql = format!("SELECT COUNT(*) FROM briefs b WHERE {where_sql}");
    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
    for text in &texts {
        count = count.bind(text);
    }
    for id in &bodies {
        count = count.bind(*id);
    }
    let (total,) = count.fetch_one(db).await?;

    // The response count is for the brief's own commissioners only.
    let response_count = if bodies.is_empty() {
        "0".to_string()
    } else {
        format!(
            "CASE WHEN b.organisation_id IN ({}) THEN {SUBMITTED_COUNT} ELSE 0 END",
            placeholders(first_body, bodies.len())
        )
    };
    let next = first_body + bodies.len();
    let sql = format!(
        "SELECT {LINE_COLUMNS}, {response_count} AS response_count FROM briefs b JOIN organisations o ON o.id = b.organisation_id \
         WHERE {where_sql} ORDER BY b.published_at DESC, b.id DESC LIMIT ${next} OFFSET ${}",
        next + 1
    );
    let mut rows = sqlx::query_as::<_, BriefLine>(&sql);
    for text in &texts {
        rows = rows.bind(text);
    }
    for id in &bodies {
        rows = rows.bind(*id);
    }
    let rows = rows.bind(page.limit()).bind(page.offset()).fetch_all(db).await?;
    let briefs = rows.into_iter().map(|row| row.into_view(&today)).collect::<Result<Vec<_>, _>>()?;
    Ok(BriefList { briefs: Paged::new(briefs, page, total), filter_problem })
}
