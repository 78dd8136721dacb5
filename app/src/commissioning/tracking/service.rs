//! The tracking page and the group's e-mail choice (server only). Every list on the page
//! comes a page at a time; the queries are per organisation the person belongs to (a
//! handful), never per row.

use crate::authz::commissioning::CommissioningAction as Act;
use crate::platform::sql::placeholders;
use crate::commissioning::briefs::listing::{my_bodies, BriefLine, LINE_COLUMNS, SUBMITTED_COUNT};
use crate::commissioning::records::allow;
use crate::commissioning::{CommissionerTracking, GroupTracking, ResponseState, TrackedResponse, Tracking};
use crate::error::AppError;
use crate::identity::{Actor, OrgKind, Role};
use crate::platform::db::Db;
use crate::platform::time::{now, today};
use crate::ui::pagination::{PageNumber, Paged};
use crate::validate;

pub async fn set_alerts(db: &Db, actor: &Actor, group_id: i64, on: bool) -> Result<(), AppError> {
    allow(actor, Act::ManageAlerts { group_id })?;
    if on {
        sqlx::query("INSERT INTO brief_alerts (organisation_id, created_at) VALUES ($1, $2) ON CONFLICT (organisation_id) DO NOTHING")
            .bind(group_id)
            .bind(now())
            .execute(db)
            .await?;
    } else {
        sqlx::query("DELETE FROM brief_alerts WHERE organisation_id = $1").bind(group_id).execute(db).await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct TrackedRow {
    response_id: i64,
    brief_id: i64,
    brief_title: String,
    commissioner: String,
    state: String,
    responses_due: String,
}

impl TrackedRow {
    fn into_view(self) -> Option<TrackedResponse> {
        Some(TrackedResponse {
            response_id: self.response_id,
            brief_id: self.brief_id,
            brief_title: self.brief_title,
            commissioner: self.commissioner,
            state: ResponseState::parse(&self.state)?,
            responses_due: validate::readable_date(&self.responses_due),
        })
    }
}

async fn count(db: &Db, sql: &str, ids: &[i64]) -> Result<i64, AppError> {
    let mut query = sqlx::query_as::<_, (i64,)>(sql);
    for id in ids {
        query = query.bind(*id);
    }
    Ok(query.fetch_one(db).await?.0)
}

/// One page of a group's responses, last changed first.
async fn responses_of(db: &Db, group_id: i64, page: PageNumber) -> Result<Paged<TrackedResponse>, AppError> {
    let total = count(db, "SELECT COUNT(*) FROM responses r WHERE r.organisation_id = $1", &[group_id]).await?;
    let rows = sqlx::query_as::<_, TrackedRow>(
        "SELECT r.id AS response_id, b.id AS brief_id, b.title AS brief_title, o.name AS commissioner, r.state, b.responses_due \
         FROM responses r JOIN briefs b ON b.id = r.brief_id JOIN organisations o ON o.id = b.organisation_id \
         WHERE r.organisation_id = $1 ORDER BY r.updated_at DESC, r.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(group_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    Ok(Paged::new(rows.into_iter().filter_map(TrackedRow::into_view).collect(), page, total))
}

/// One page of a body's briefs in every state, last changed first, with their response
/// counts (the person is a commissioner there).
async fn briefs_of(db: &Db, body_id: i64, page: PageNumber, today: &str) -> Result<Paged<crate::commissioning::BriefSummary>, AppError> {
    let total = count(db, "SELECT COUNT(*) FROM briefs b WHERE b.organisation_id = $1", &[body_id]).await?;
    let rows = sqlx::query_as::<_, BriefLine>(&format!(
        "SELECT {LINE_COLUMNS}, {SUBMITTED_COUNT} AS response_count FROM briefs b JOIN organisations o ON o.id = b.organisation_id \
         WHERE b.organisation_id = $1 ORDER BY b.updated_at DESC, b.id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(body_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let briefs = rows.into_iter().map(|row| row.into_view(today)).collect::<Result<Vec<_>, _>>()?;
    Ok(Paged::new(briefs, page, total))
}

/// The person's tracking page, without the groups' commissions: those are projects, added
/// by the server function (see `tracking::api`).
pub async fn tracking(db: &Db, actor: &Actor, page: PageNumber) -> Result<Tracking, AppError> {
    allow(actor, Act::BrowseBriefs)?;
    let today = today();
    let group_ids: Vec<i64> =
        actor.memberships.iter().filter(|m| m.kind == OrgKind::ResearchGroup).map(|m| m.organisation_id).collect();
    let bodies = my_bodies(actor);

    // Which groups get e-mails, and the dashboard's counts: one query each.
    let (alerted, draft_responses) = if group_ids.is_empty() {
        (Vec::new(), 0)
    } else {
        let list = placeholders(1, group_ids.len());
        let sql = format!("SELECT organisation_id FROM brief_alerts WHERE organisation_id IN ({list})");
        let mut alerted = sqlx::query_as::<_, (i64,)>(&sql);
        for id in &group_ids {
            alerted = alerted.bind(*id);
        }
        let alerted: Vec<i64> = alerted.fetch_all(db).await?.into_iter().map(|(id,)| id).collect();
        let drafts =
            count(db, &format!("SELECT COUNT(*) FROM responses WHERE state = 'draft' AND organisation_id IN ({list})"), &group_ids)
                .await?;
        (alerted, drafts)
    };
    let waiting_responses = if bodies.is_empty() {
        0
    } else {
        let sql = format!(
            "SELECT COUNT(*) FROM responses r JOIN briefs b ON b.id = r.brief_id WHERE b.organisation_id IN ({}) \
             AND b.state IN ('published', 'closed') AND r.state IN ('submitted', 'awarded', 'declined')",
            placeholders(1, bodies.len())
        );
        count(db, &sql, &bodies).await?
    };

    let mut groups = Vec::new();
    for m in actor.memberships.iter().filter(|m| m.kind == OrgKind::ResearchGroup) {
        groups.push(GroupTracking {
            organisation_id: m.organisation_id,
            name: m.organisation_name.clone(),
            is_coordinator: m.role == Role::Coordinator,
            alerts_on: alerted.contains(&m.organisation_id),
            responses: responses_of(db, m.organisation_id, page).await?,
            projects: Paged::new(Vec::new(), page, 0),
        });
    }
    let mut commissioners = Vec::new();
    for m in actor.memberships.iter().filter(|m| m.kind == OrgKind::Commissioner && m.role == Role::Commissioner) {
        commissioners.push(CommissionerTracking {
            organisation_id: m.organisation_id,
            name: m.organisation_name.clone(),
            briefs: briefs_of(db, m.organisation_id, page, &today).await?,
        });
    }
    Ok(Tracking { groups, commissioners, page: page.0, draft_responses, waiting_responses })
}
