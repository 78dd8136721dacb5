//! Organisations and the people in them. Each function that acts for a person takes
//! their [`Actor`] and asks [`authz::require`] before touching anything. Invitations
//! to join are in [`super::joining`].

use std::collections::{HashMap, HashSet};

use sqlx::Connection;

use crate::platform::audit::{self, Entry};
use crate::platform::sql::placeholders;
use crate::authz::{self, Action};
use crate::error::{is_unique_violation, AppError, FormErrors};
use crate::identity::{Actor, OrgKind, Role};
use crate::invitations::{write_group_invitation, NewGroupInvitation};
use crate::organisations::*;
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::ui::pagination::{PageNumber, Paged};
use crate::validate::{self, slugify, FormCheck};

pub use crate::organisations::joining::{accept_invitation, invitation_view, invitations_for, invite, withdraw_invitation};



/// An organisation as stored.
#[derive(sqlx::FromRow)]
struct OrganisationRow {
    id: i64,
    name: String,
    slug: String,
    kind: String,
    description: String,
}

/// An organisation, read once by whichever key the caller has.
pub(crate) struct Organisation {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub kind: OrgKind,
    pub description: String,
}

/// How a caller names an organisation: by its web address or by its id.
#[derive(Clone, Copy)]
pub(crate) enum OrganisationKey<'a> {
    Slug(&'a str),
    Id(i64),
}

/// The one loader for an organisation; "not found" when there is none.
pub(crate) async fn load_organisation(db: &Db, key: OrganisationKey<'_>) -> Result<Organisation, AppError> {
    let sql = |column: &str| format!("SELECT id, name, slug, kind, description FROM organisations WHERE {column} = $1");
    let row = match key {
        OrganisationKey::Slug(slug) => sqlx::query_as::<_, OrganisationRow>(&sql("slug")).bind(slug).fetch_optional(db).await?,
        OrganisationKey::Id(id) => sqlx::query_as::<_, OrganisationRow>(&sql("id")).bind(id).fetch_optional(db).await?,
    };
    let row = row.ok_or(AppError::NotFound)?;
    Ok(Organisation {
        id: row.id,
        name: row.name,
        slug: row.slug,
        kind: OrgKind::parse(&row.kind).ok_or(AppError::Internal)?,
        description: row.description,
    })
}

/// An organisation about to be created, its details already checked.
pub struct NewOrganisation<'a> {
    pub name: &'a str,
    pub kind: OrgKind,
    pub description: &'a str,
}

/// What was created: its id and its web address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedOrganisation {
    pub id: i64,
    pub slug: String,
}

/// A new research group founded by people who are not on CoResearch's books as its
/// members yet: creates the group and invites each address as a coordinator (lead), in
/// one transaction. Callers have checked that the person may found it (graduation asks
/// the training rules). Returns the group and each address with its invitation token.
pub async fn found_group_with_coordinators(
    db: &Db,
    invited_by: i64,
    new: &NewOrganisation<'_>,
    coordinators: &[String],
    name_taken: impl Fn() -> AppError,
) -> Result<(CreatedOrganisation, Vec<(String, String)>), AppError> {
    let mut tx = db.begin().await?;
    let group = create_organisation_in(&mut tx, new, name_taken).await?;
    let at = now();
    let mut tokens = Vec::with_capacity(coordinators.len());
    for email in coordinators {
        let invitation =
            NewGroupInvitation { organisation_id: group.id, email, role: Role::Coordinator, is_lead: true, invited_by, at };
        tokens.push((email.clone(), write_group_invitation(&mut tx, &invitation).await?));
    }
    tx.commit().await?;
    Ok((group, tokens))
}

/// The first free web address made from a name: `base`, then `base-2`, `base-3`, …
async fn free_slug(conn: &mut sqlx::AnyConnection, base: &str) -> Result<String, AppError> {
    let taken: Vec<(String,)> = sqlx::query_as("SELECT slug FROM organisations WHERE slug = $1 OR slug LIKE $2")
        .bind(base)
        .bind(format!("{base}-%"))
        .fetch_all(&mut *conn)
        .await?;
    let taken: HashSet<String> = taken.into_iter().map(|(slug,)| slug).collect();
    let mut slug = base.to_string();
    let mut n = 1;
    while taken.contains(&slug) {
        n += 1;
        slug = format!("{base}-{n}");
    }
    Ok(slug)
}

/// Creates an organisation inside the caller's transaction, with a free web address
/// made from its name. The database's unique index on the name (in any letter case)
/// decides whether the name is free, so two people saving the same name at once cannot
/// both win; `name_taken` says what to tell them.
pub async fn create_organisation_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    new: &NewOrganisation<'_>,
    name_taken: impl Fn() -> AppError,
) -> Result<CreatedOrganisation, AppError> {
    let base = slugify(new.name);
    // A few tries: another organisation may take the chosen address at the same moment.
    for _ in 0..5 {
        let slug = free_slug(tx, &base).await?;
        // A savepoint, so a refused insert leaves the caller's transaction usable.
        let mut attempt = tx.begin().await?;
        let inserted = sqlx::query_as::<_, (i64,)>(
            "INSERT INTO organisations (name, slug, kind, description, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(new.name)
        .bind(&slug)
        .bind(new.kind.as_str())
        .bind(new.description)
        .bind(now())
        .fetch_one(&mut *attempt)
        .await;
        match inserted {
            Ok((id,)) => {
                attempt.commit().await?;
                return Ok(CreatedOrganisation { id, slug });
            }
            Err(error) if is_unique_violation(&error) => {
                attempt.rollback().await?;
                let same_name: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE LOWER(name) = LOWER($1)")
                    .bind(new.name)
                    .fetch_optional(&mut **tx)
                    .await?;
                if same_name.is_some() {
                    return Err(name_taken());
                }
            }
            Err(error) => return Err(error.into()),
        }
    }
    Err(AppError::Internal)
}

/// Platform administrators create organisations. Returns the new organisation's slug.
pub async fn create_organisation(
    db: &Db,
    actor: &Actor,
    name: &str,
    kind: &str,
    description: &str,
) -> Result<String, AppError> {
    authz::require(Some(actor), Action::Administer)?;
    let mut check = FormCheck::new();
    let name = check.field("name", name, |n| validate::line(n, "the organisation's name", validate::ORG_NAME_MAX, true));
    let kind = check.field("kind", kind, |k| OrgKind::parse(k).ok_or_else(|| "Choose what kind of organisation this is".to_string()));
    let description =
        check.field("description", description, |d| validate::text(d, "a description", validate::SHORT_TEXT_MAX, false));
    let (name, kind, description) = check.finish((name, kind, description))?;

    let name_taken = || {
        let mut errors = FormErrors::default();
        errors.keep("name", &name);
        errors.keep("kind", kind.as_str());
        errors.keep("description", &description);
        errors.add("name", "There is already an organisation with this name");
        AppError::Invalid(errors)
    };
    let mut tx = db.begin().await?;
    let created =
        create_organisation_in(&mut tx, &NewOrganisation { name: &name, kind, description: &description }, name_taken).await?;
    tx.commit().await?;
    Ok(created.slug)
}

/// One organisation in a list, before its people are counted.
#[derive(sqlx::FromRow)]
struct ListedRow {
    id: i64,
    name: String,
    slug: String,
    kind: String,
}

/// The organisations a person may open (the rule [`Action::ViewOrganisation`], as SQL):
/// all of them for an administrator, otherwise the ones they belong to. A page at a time,
/// by name.
pub async fn list_organisations(db: &Db, actor: &Actor, page: PageNumber) -> Result<Paged<OrganisationSummary>, AppError> {
    let mine: Vec<i64> = actor.memberships.iter().map(|m| m.organisation_id).collect();
    let filter = if actor.is_admin {
        String::new()
    } else if mine.is_empty() {
        return Ok(Paged::new(Vec::new(), page, 0));
    } else {
        format!("WHERE o.id IN ({})", placeholders(1, mine.len()))
    };
    let bound = if actor.is_admin { 0 } else { mine.len() };

    let count_sql = format!("SELECT COUNT(*) FROM organisations o {filter}");
    let mut count = sqlx::query_as::<_, (i64,)>(&count_sql);
    let list_sql = format!(
        "SELECT o.id, o.name, o.slug, o.kind FROM organisations o {filter} ORDER BY o.name LIMIT ${} OFFSET ${}",
        bound + 1,
        bound + 2
    );
    let mut list = sqlx::query_as::<_, ListedRow>(&list_sql);
    if !actor.is_admin {
        for id in &mine {
            count = count.bind(*id);
            list = list.bind(*id);
        }
    }
    let (total,) = count.fetch_one(db).await?;
    let rows = list.bind(page.limit()).bind(page.offset()).fetch_all(db).await?;

    let counts = member_counts(db, &rows.iter().map(|r| r.id).collect::<Vec<_>>()).await?;
    let items = rows
        .into_iter()
        .filter_map(|row| {
            Some(OrganisationSummary {
                member_count: counts.get(&row.id).copied().unwrap_or(0),
                kind: OrgKind::parse(&row.kind)?,
                id: row.id,
                name: row.name,
                slug: row.slug,
            })
        })
        .collect();
    Ok(Paged::new(items, page, total))
}

/// How many people are in each of these organisations, in one query.
async fn member_counts(db: &Db, ids: &[i64]) -> Result<HashMap<i64, i64>, AppError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT organisation_id, COUNT(*) FROM memberships WHERE organisation_id IN ({}) GROUP BY organisation_id",
        placeholders(1, ids.len())
    );
    let mut query = sqlx::query_as::<_, (i64, i64)>(&sql);
    for id in ids {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(db).await?.into_iter().collect())
}

/// A person in an organisation, as stored.
#[derive(sqlx::FromRow)]
struct MemberDbRow {
    membership_id: i64,
    user_id: i64,
    name: String,
    email: String,
    role: String,
    is_lead: i64,
    created_at: i64,
}

impl MemberDbRow {
    fn into_view(self, sees_contacts: bool) -> Option<MemberRow> {
        Some(MemberRow {
            membership_id: self.membership_id,
            user_id: self.user_id,
            name: self.name,
            email: sees_contacts.then_some(self.email),
            role: Role::parse(&self.role)?,
            is_lead: self.is_lead != 0,
            joined_on: format_date(self.created_at),
        })
    }
}

/// An invitation not yet accepted, as stored.
#[derive(sqlx::FromRow)]
struct PendingDbRow {
    id: i64,
    email: String,
    role: String,
    is_lead: i64,
    expires_at: i64,
}

impl PendingDbRow {
    fn into_view(self) -> Option<InvitationRow> {
        Some(InvitationRow {
            id: self.id,
            email: self.email,
            role: Role::parse(&self.role)?,
            is_lead: self.is_lead != 0,
            expires_on: format_date(self.expires_at),
        })
    }
}

/// An organisation's page: its people a page at a time (leads first, then by name),
/// and, for those who manage it, the invitations not yet accepted.
pub async fn organisation_page(db: &Db, actor: &Actor, slug: &str, page: PageNumber) -> Result<OrganisationPage, AppError> {
    let org = load_organisation(db, OrganisationKey::Slug(slug)).await?;
    authz::require(Some(actor), Action::ViewOrganisation { organisation_id: org.id })?;
    let can_manage = authz::may(actor, &Action::ManageMembers { organisation_id: org.id })
        || (actor.is_admin && {
            let has_lead = crate::organisations::joining::has_lead(db, org.id).await?;
            authz::may(actor, &Action::InviteFirstLead { organisation_id: org.id, has_lead })
        });
    let sees_contacts = authz::may(actor, &Action::ViewMemberContacts { organisation_id: org.id });

    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE organisation_id = $1")
        .bind(org.id)
        .fetch_one(db)
        .await?;
    let rows = sqlx::query_as::<_, MemberDbRow>(
        "SELECT m.id AS membership_id, u.id AS user_id, u.name, u.email, m.role, m.is_lead, m.created_at FROM memberships m \
         JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 ORDER BY m.is_lead DESC, u.name, m.id \
         LIMIT $2 OFFSET $3",
    )
    .bind(org.id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let members = Paged::new(rows.into_iter().filter_map(|row| row.into_view(sees_contacts)).collect(), page, total);
    let mine: Option<(i64,)> = sqlx::query_as("SELECT id FROM memberships WHERE organisation_id = $1 AND user_id = $2")
        .bind(org.id)
        .bind(actor.user_id)
        .fetch_optional(db)
        .await?;

    let pending_invitations = if sees_contacts {
        sqlx::query_as::<_, PendingDbRow>(
            "SELECT id, email, role, is_lead, expires_at FROM invitations WHERE organisation_id = $1 \
             AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(org.id)
        .bind(now())
        .fetch_all(db)
        .await?
        .into_iter()
        .filter_map(PendingDbRow::into_view)
        .collect()
    } else {
        Vec::new()
    };

    Ok(OrganisationPage {
        id: org.id,
        name: org.name,
        slug: org.slug,
        kind: org.kind,
        description: org.description,
        members,
        pending_invitations,
        can_manage,
        my_membership_id: mine.map(|(id,)| id),
    })
}

/// Research groups are led by their coordinators; elsewhere "lead" is chosen separately.
pub(crate) fn lead_flag(kind: OrgKind, role: Role, lead_ticked: bool) -> bool {
    if kind.lead_is_a_role() { role == Role::Coordinator } else { lead_ticked }
}

/// The slug of an organisation, for redirects after a change.
pub async fn slug_of(db: &Db, organisation_id: i64) -> Result<String, AppError> {
    Ok(load_organisation(db, OrganisationKey::Id(organisation_id)).await?.slug)
}

/// Whose membership it is, and where.
#[derive(sqlx::FromRow)]
struct MembershipFactsRow {
    organisation_id: i64,
    kind: String,
    user_id: i64,
}

struct MembershipFacts {
    organisation_id: i64,
    kind: OrgKind,
    user_id: i64,
}

async fn membership_facts(db: &Db, membership_id: i64) -> Result<MembershipFacts, AppError> {
    let row = sqlx::query_as::<_, MembershipFactsRow>(
        "SELECT m.organisation_id, o.kind, m.user_id FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.id = $1",
    )
    .bind(membership_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(MembershipFacts {
        organisation_id: row.organisation_id,
        kind: OrgKind::parse(&row.kind).ok_or(AppError::Internal)?,
        user_id: row.user_id,
    })
}

pub const LAST_LEAD: &str = "Every group and organisation needs at least one lead (for a research group, a coordinator). \
                             Make someone else a lead first.";

/// Within a transaction: take the organisation's lock (so two changes to its leads cannot
/// pass each other), and check that at least one lead would remain.
async fn lock_and_count_other_leads(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    organisation_id: i64,
    except_membership: i64,
) -> Result<i64, AppError> {
    // A no-op write takes a row lock on PostgreSQL and the write lock on SQLite.
    sqlx::query("UPDATE organisations SET name = name WHERE id = $1").bind(organisation_id).execute(&mut **tx).await?;
    let (others,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND is_lead = 1 AND id <> $2")
            .bind(organisation_id)
            .bind(except_membership)
            .fetch_one(&mut **tx)
            .await?;
    Ok(others)
}

pub async fn change_role(db: &Db, actor: &Actor, membership_id: i64, role: &str, lead: bool) -> Result<i64, AppError> {
    let facts = membership_facts(db, membership_id).await?;
    authz::require(Some(actor), Action::ManageMembers { organisation_id: facts.organisation_id })?;
    let role = Role::parse(role)
        .filter(|r| r.fits(facts.kind))
        .ok_or_else(|| AppError::field("role", "Choose a role from the list"))?;
    let is_lead = lead_flag(facts.kind, role, lead);
    let mut tx = db.begin().await?;
    if !is_lead && lock_and_count_other_leads(&mut tx, facts.organisation_id, membership_id).await? == 0 {
        return Err(AppError::refused(LAST_LEAD));
    }
    sqlx::query("UPDATE memberships SET role = $1, is_lead = $2 WHERE id = $3")
        .bind(role.as_str())
        .bind(is_lead as i64)
        .bind(membership_id)
        .execute(&mut *tx)
        .await?;
    audit::record(&mut *tx, Entry::new(Some(actor.user_id), audit::Action::RoleChanged, "membership", Some(membership_id)).in_organisation(facts.organisation_id)).await?;
    tx.commit().await?;
    Ok(facts.organisation_id)
}

/// A lead removes a member, or a member leaves. The last lead can do neither.
/// Returns the organisation and whether the person removed themselves.
pub async fn remove_member(db: &Db, actor: &Actor, membership_id: i64) -> Result<(i64, bool), AppError> {
    let facts = membership_facts(db, membership_id).await?;
    if facts.user_id != actor.user_id {
        authz::require(Some(actor), Action::ManageMembers { organisation_id: facts.organisation_id })?;
    }
    let mut tx = db.begin().await?;
    if lock_and_count_other_leads(&mut tx, facts.organisation_id, membership_id).await? == 0 {
        let (is_lead,): (i64,) = sqlx::query_as("SELECT is_lead FROM memberships WHERE id = $1")
            .bind(membership_id)
            .fetch_one(&mut *tx)
            .await?;
        if is_lead != 0 {
            return Err(AppError::refused(LAST_LEAD));
        }
    }
    sqlx::query("DELETE FROM memberships WHERE id = $1").bind(membership_id).execute(&mut *tx).await?;
    audit::record(&mut *tx, Entry::new(Some(actor.user_id), audit::Action::MemberRemoved, "membership", Some(membership_id)).in_organisation(facts.organisation_id)).await?;
    tx.commit().await?;
    Ok((facts.organisation_id, facts.user_id == actor.user_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_coordinators_are_the_leads() {
        assert!(lead_flag(OrgKind::ResearchGroup, Role::Coordinator, false));
        assert!(!lead_flag(OrgKind::ResearchGroup, Role::Member, true), "a tick cannot make a member a lead");
        assert!(lead_flag(OrgKind::Commissioner, Role::Commissioner, true));
        assert!(!lead_flag(OrgKind::TrainingProvider, Role::Trainer, false));
    }

}
