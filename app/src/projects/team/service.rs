//! The team (server only): who is on it, adding and changing members and academic
//! supporters (always exactly one lead), the involvement level and the advisory group.
//! Managers change it; the group and the team see it; the commissioner does not.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::access::{self, Need};
use crate::projects::team::*;
use crate::projects::team_role::PRACTITIONER_ROLES;
use crate::projects::TeamRole;
use crate::validate::{self, readable_date, FormCheck};

#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: i64,
    name: String,
    role: String,
    practitioner_roles: String,
    agreement: String,
    review_on: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Choice {
    id: i64,
    label: String,
}

#[derive(sqlx::FromRow)]
struct AdvisorRow {
    id: i64,
    name: String,
    affiliation: String,
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    meets_on: String,
    note: String,
}

/// How many people a choice list offers at most (groups and providers are small).
const CHOICES_MAX: i64 = 300;

pub async fn team_page(db: &Db, actor: &Actor, project_id: i64) -> Result<TeamPage, AppError> {
    let ctx = access::require(db, actor, project_id, Need::ViewWork).await?;
    let rows = sqlx::query_as::<_, MemberRow>(
        "SELECT t.user_id, u.name, t.role, t.practitioner_roles, t.agreement, t.review_on FROM project_team t \
         JOIN users u ON u.id = t.user_id WHERE t.project_id = $1 \
         ORDER BY CASE t.role WHEN 'lead' THEN 0 WHEN 'peer_researcher' THEN 1 WHEN 'co_coder' THEN 2 WHEN 'support' THEN 3 \
         WHEN 'academic_supporter' THEN 4 ELSE 5 END, u.name",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let members = rows
        .into_iter()
        .filter_map(|r| {
            Some(TeamMemberView {
                user_id: r.user_id,
                name: r.name,
                role: TeamRole::parse(&r.role)?,
                practitioner_roles: r.practitioner_roles.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
                agreement: r.agreement,
                review_on: r.review_on.as_deref().map(readable_date).unwrap_or_default(),
                review_on_value: r.review_on.clone().unwrap_or_default(),
            })
        })
        .collect();
    let can_manage = access::may(actor, &ctx, Need::Manage);
    let (group_choices, supporter_choices) = if can_manage {
        let group = sqlx::query_as::<_, Choice>(
            "SELECT u.id, u.name AS label FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM project_team t WHERE t.project_id = $2 AND t.user_id = u.id) ORDER BY u.name, u.id LIMIT $3",
        )
        .bind(ctx.group_id)
        .bind(project_id)
        .bind(CHOICES_MAX)
        .fetch_all(db)
        .await?;
        let supporters = sqlx::query_as::<_, Choice>(
            "SELECT u.id, MIN(u.name || ', ' || o.name) AS label FROM memberships m JOIN users u ON u.id = m.user_id \
             JOIN organisations o ON o.id = m.organisation_id WHERE o.kind = 'training_provider' \
             AND m.role IN ('academic_supporter', 'trainer') \
             AND NOT EXISTS (SELECT 1 FROM project_team t WHERE t.project_id = $1 AND t.user_id = u.id) \
             GROUP BY u.id ORDER BY MIN(u.name), u.id LIMIT $2",
        )
        .bind(project_id)
        .bind(CHOICES_MAX)
        .fetch_all(db)
        .await?;
        (group.into_iter().map(|c| (c.id, c.label)).collect(), supporters.into_iter().map(|c| (c.id, c.label)).collect())
    } else {
        (Vec::new(), Vec::new())
    };
    let (involvement,): (Option<String>,) =
        sqlx::query_as("SELECT involvement FROM projects WHERE id = $1").bind(project_id).fetch_one(db).await?;
    let advisors = sqlx::query_as::<_, AdvisorRow>(
        "SELECT id, name, affiliation FROM project_advisors WHERE project_id = $1 ORDER BY name, id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let meetings = sqlx::query_as::<_, MeetingRow>(
        "SELECT id, meets_on, note FROM project_advisory_meetings WHERE project_id = $1 ORDER BY meets_on, id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(TeamPage {
        project_id,
        title: ctx.title,
        members,
        can_manage,
        group_choices,
        supporter_choices,
        involvement,
        advisors: advisors.into_iter().map(|a| AdvisorView { id: a.id, name: a.name, affiliation: a.affiliation }).collect(),
        meetings: meetings
            .into_iter()
            .map(|m| MeetingView { id: m.id, meets_on: readable_date(&m.meets_on), note: m.note })
            .collect(),
    })
}

fn group_role(value: &str) -> Result<TeamRole, String> {
    TeamRole::parse(value).filter(|r| GROUP_ROLES.contains(r)).ok_or_else(|| "Choose a project role".to_string())
}

async fn role_of(db: &Db, project_id: i64, user_id: i64) -> Result<Option<TeamRole>, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT role FROM project_team WHERE project_id = $1 AND user_id = $2")
        .bind(project_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(row.and_then(|(r,)| TeamRole::parse(&r)))
}

/// Makes `user_id` the lead inside `tx`: the lead before becomes a peer researcher, so the
/// team always has exactly one lead, and the project records its lead.
async fn hand_lead_to(tx: &mut sqlx::Transaction<'_, sqlx::Any>, project_id: i64, user_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE project_team SET role = 'peer_researcher' WHERE project_id = $1 AND role = 'lead' AND user_id <> $2")
        .bind(project_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE projects SET lead_user_id = $1, updated_at = $2 WHERE id = $3")
        .bind(user_id)
        .bind(now())
        .bind(project_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Adds a member of the project's group with a project role.
pub async fn add_member(db: &Db, actor: &Actor, project_id: i64, user_id: &str, role: &str) -> Result<(), AppError> {
    let ctx = access::require(db, actor, project_id, Need::Manage).await?;
    let mut check = FormCheck::new();
    let user_id = check.field("user_id", user_id, |v| v.trim().parse::<i64>().map_err(|_| "Choose a member of the group".to_string()));
    let role = check.field("role", role, group_role);
    let (user_id, role) = check.finish((user_id, role))?;
    let in_group: Option<(i64,)> = sqlx::query_as("SELECT user_id FROM memberships WHERE organisation_id = $1 AND user_id = $2")
        .bind(ctx.group_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    if in_group.is_none() {
        return Err(AppError::field("user_id", "Choose a member of the group"));
    }
    let mut tx = db.begin().await?;
    let added = sqlx::query(
        "INSERT INTO project_team (project_id, user_id, role, added_by, added_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (project_id, user_id) DO NOTHING",
    )
    .bind(project_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(actor.user_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() == 0 {
        return Err(AppError::field("user_id", "That person is already on the team"));
    }
    if role == TeamRole::Lead {
        hand_lead_to(&mut tx, project_id, user_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Changes a group member's project role. Making someone the lead hands the lead over;
/// the lead cannot step down by themselves (choose the new lead instead).
pub async fn change_role(db: &Db, actor: &Actor, project_id: i64, user_id: i64, role: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let role = group_role(role).map_err(|m| AppError::field("role", m))?;
    let current = role_of(db, project_id, user_id).await?.ok_or(AppError::NotFound)?;
    if !GROUP_ROLES.contains(&current) {
        return Err(AppError::refused("Only group members' project roles can be changed here."));
    }
    if current == TeamRole::Lead && role != TeamRole::Lead {
        return Err(AppError::refused(
            "A project always has one lead. To change the lead, choose \"Project lead\" for the person taking over.",
        ));
    }
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE project_team SET role = $1 WHERE project_id = $2 AND user_id = $3")
        .bind(role.as_str())
        .bind(project_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if role == TeamRole::Lead {
        hand_lead_to(&mut tx, project_id, user_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Takes someone off the team: never the lead, never the commissioner's contact.
pub async fn remove_member(db: &Db, actor: &Actor, project_id: i64, user_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    match role_of(db, project_id, user_id).await?.ok_or(AppError::NotFound)? {
        TeamRole::Lead => Err(AppError::refused("The lead cannot be taken off the team. Choose a new lead first.")),
        TeamRole::CommissionerContact => Err(AppError::refused("The commissioner's contact stays on the team.")),
        _ => {
            sqlx::query("DELETE FROM project_team WHERE project_id = $1 AND user_id = $2 AND role NOT IN ('lead', 'commissioner_contact')")
                .bind(project_id)
                .bind(user_id)
                .execute(db)
                .await?;
            Ok(())
        }
    }
}

/// What the supporter form sends.
#[derive(Debug, Clone, Default)]
pub struct SupporterInput {
    pub user_id: String,
    /// The stored values of the practitioner roles ticked.
    pub roles: Vec<String>,
    pub agreement: String,
    pub review_on: String,
}

/// Adds an academic supporter (or changes one already on the team): an academic supporter
/// or trainer of a training provider, with practitioner roles, an agreement and a review date.
pub async fn save_supporter(db: &Db, actor: &Actor, project_id: i64, input: &SupporterInput) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let mut check = FormCheck::new();
    let user_id =
        check.field("supporter_id", &input.user_id, |v| v.trim().parse::<i64>().map_err(|_| "Choose an academic supporter".to_string()));
    let roles: Vec<&str> =
        PRACTITIONER_ROLES.iter().map(|(v, _)| *v).filter(|v| input.roles.iter().any(|r| r == v)).collect();
    for role in &roles {
        check.keep(&format!("role_{role}"), "on");
    }
    if roles.is_empty() {
        check.fail("practitioner_roles", "Tick at least one practitioner role");
    }
    let agreement = check.field("agreement", &input.agreement, |v| validate::text(v, "the agreement on boundaries", 4000, true));
    let review_on = check.field("review_on", &input.review_on, |v| validate::date(v, "a review date", true));
    let (user_id, agreement, review_on) = check.finish((user_id, agreement, review_on))?;
    let eligible: Option<(i64,)> = sqlx::query_as(
        "SELECT m.user_id FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = $1 \
         AND o.kind = 'training_provider' AND m.role IN ('academic_supporter', 'trainer') LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    if eligible.is_none() {
        return Err(AppError::field("supporter_id", "Choose an academic supporter or trainer from a training provider"));
    }
    let saved = sqlx::query(
        "INSERT INTO project_team (project_id, user_id, role, practitioner_roles, agreement, review_on, added_by, added_at) \
         VALUES ($1, $2, 'academic_supporter', $3, $4, $5, $6, $7) \
         ON CONFLICT (project_id, user_id) DO UPDATE SET practitioner_roles = excluded.practitioner_roles, \
         agreement = excluded.agreement, review_on = excluded.review_on WHERE project_team.role = 'academic_supporter'",
    )
    .bind(project_id)
    .bind(user_id)
    .bind(roles.join(","))
    .bind(&agreement)
    .bind(review_on)
    .bind(actor.user_id)
    .bind(now())
    .execute(db)
    .await?;
    if saved.rows_affected() == 0 {
        return Err(AppError::field("supporter_id", "That person is already on the team in another role"));
    }
    Ok(())
}

pub async fn set_involvement(db: &Db, actor: &Actor, project_id: i64, level: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    if involvement_label(level).is_none() {
        return Err(AppError::field("involvement", "Choose a level of involvement"));
    }
    sqlx::query("UPDATE projects SET involvement = $1, updated_at = $2 WHERE id = $3")
        .bind(level)
        .bind(now())
        .bind(project_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn add_advisor(db: &Db, actor: &Actor, project_id: i64, name: &str, affiliation: &str) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let mut check = FormCheck::new();
    let name = check.field("advisor_name", name, |v| validate::line(v, "their name", 200, true));
    let affiliation = check.field("affiliation", affiliation, |v| validate::line(v, "where they are from", 200, false));
    let (name, affiliation) = check.finish((name, affiliation))?;
    sqlx::query("INSERT INTO project_advisors (project_id, name, affiliation, added_at) VALUES ($1, $2, $3, $4)")
        .bind(project_id)
        .bind(&name)
        .bind(&affiliation)
        .bind(now())
        .execute(db)
        .await?;
    Ok(())
}

pub async fn remove_advisor(db: &Db, actor: &Actor, project_id: i64, advisor_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let gone = sqlx::query("DELETE FROM project_advisors WHERE id = $1 AND project_id = $2")
        .bind(advisor_id)
        .bind(project_id)
        .execute(db)
        .await?;
    if gone.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Adds a meeting and returns its id (for its calendar invitation).
pub async fn add_meeting(db: &Db, actor: &Actor, project_id: i64, meets_on: &str, note: &str) -> Result<i64, AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let mut check = FormCheck::new();
    let meets_on = check.field("meets_on", meets_on, |v| validate::date(v, "the meeting date", true));
    let note = check.field("meeting_note", note, |v| validate::line(v, "the time and place", 300, false));
    let (meets_on, note) = check.finish((meets_on, note))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO project_advisory_meetings (project_id, meets_on, note, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(project_id)
    .bind(meets_on)
    .bind(&note)
    .bind(now())
    .fetch_one(db)
    .await?;
    Ok(id)
}

pub async fn remove_meeting(db: &Db, actor: &Actor, project_id: i64, meeting_id: i64) -> Result<(), AppError> {
    access::require(db, actor, project_id, Need::Manage).await?;
    let gone = sqlx::query("DELETE FROM project_advisory_meetings WHERE id = $1 AND project_id = $2")
        .bind(meeting_id)
        .bind(project_id)
        .execute(db)
        .await?;
    if gone.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
