//! Organisations, memberships and invitations. Each function that acts for a person
//! takes their [`Actor`] and asks [`authz::require`] before touching anything.

use crate::authz::{self, Action};
use crate::identity::{role_label, Actor, CurrentUser, MyMembership};
use crate::error::{AppError, FormErrors};
use crate::organisations::*;
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::platform::mail::Email;
use crate::accounts::session;
use crate::platform::state::AppState;
use crate::validate::{self, FormCheck};

pub const INVITATION_DAYS: i64 = 14;

pub async fn memberships_of(db: &Db, user_id: i64) -> Result<Vec<MyMembership>, AppError> {
    let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT o.id, o.name, o.slug, o.kind, m.role, m.is_lead FROM memberships m \
         JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = $1 ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, slug, kind, role, is_lead)| {
            Some(MyMembership {
                organisation_id: id,
                organisation_name: name,
                organisation_slug: slug,
                kind: OrgKind::parse(&kind)?,
                role: Role::parse(&role)?,
                is_lead: is_lead != 0,
            })
        })
        .collect())
}

/// A web-address-friendly version of a name: "WhyNot!" becomes "whynot".
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() && (c.is_whitespace() || c == '-' || c == '_' || c == '&') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() { "organisation".into() } else { slug }
}

struct OrgFacts {
    id: i64,
    name: String,
    slug: String,
    kind: OrgKind,
    description: String,
}

async fn organisation_by_slug(db: &Db, slug: &str) -> Result<OrgFacts, AppError> {
    let row: Option<(i64, String, String, String, String)> =
        sqlx::query_as("SELECT id, name, slug, kind, description FROM organisations WHERE slug = $1")
            .bind(slug)
            .fetch_optional(db)
            .await?;
    let (id, name, slug, kind, description) = row.ok_or(AppError::NotFound)?;
    Ok(OrgFacts { id, name, slug, kind: OrgKind::parse(&kind).ok_or(AppError::Internal)?, description })
}

async fn organisation_by_id(db: &Db, id: i64) -> Result<OrgFacts, AppError> {
    let row: Option<(i64, String, String, String, String)> =
        sqlx::query_as("SELECT id, name, slug, kind, description FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    let (id, name, slug, kind, description) = row.ok_or(AppError::NotFound)?;
    Ok(OrgFacts { id, name, slug, kind: OrgKind::parse(&kind).ok_or(AppError::Internal)?, description })
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

    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE LOWER(name) = LOWER($1)")
        .bind(&name)
        .fetch_optional(db)
        .await?;
    if taken.is_some() {
        let mut errors = FormErrors::default();
        errors.keep("name", &name);
        errors.keep("kind", kind.as_str());
        errors.keep("description", &description);
        errors.add("name", "There is already an organisation with this name");
        return Err(AppError::Invalid(errors));
    }
    let base = slugify(&name);
    let mut slug = base.clone();
    let mut n = 1;
    while sqlx::query_as::<_, (i64,)>("SELECT id FROM organisations WHERE slug = $1")
        .bind(&slug)
        .fetch_optional(db)
        .await?
        .is_some()
    {
        n += 1;
        slug = format!("{base}-{n}");
    }
    sqlx::query("INSERT INTO organisations (name, slug, kind, description, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&name)
        .bind(&slug)
        .bind(kind.as_str())
        .bind(&description)
        .bind(now())
        .execute(db)
        .await?;
    Ok(slug)
}

/// The organisations a person may open: their own, or all of them for an administrator.
pub async fn list_organisations(db: &Db, actor: &Actor) -> Result<Vec<OrganisationSummary>, AppError> {
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT o.id, o.name, o.slug, o.kind, (SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = o.id) \
         FROM organisations o ORDER BY o.name",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(id, ..)| authz::may(actor, &Action::ViewOrganisation { organisation_id: *id }))
        .filter_map(|(id, name, slug, kind, member_count)| {
            Some(OrganisationSummary { id, name, slug, kind: OrgKind::parse(&kind)?, member_count })
        })
        .collect())
}

pub async fn organisation_page(db: &Db, actor: &Actor, slug: &str) -> Result<OrganisationPage, AppError> {
    let org = organisation_by_slug(db, slug).await?;
    authz::require(Some(actor), Action::ViewOrganisation { organisation_id: org.id })?;
    let can_manage = authz::may(actor, &Action::ManageMembers { organisation_id: org.id });
    let sees_contacts = authz::may(actor, &Action::ViewMemberContacts { organisation_id: org.id });

    let rows: Vec<(i64, i64, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT m.id, u.id, u.name, u.email, m.role, m.is_lead, m.created_at FROM memberships m \
         JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 ORDER BY m.is_lead DESC, u.name",
    )
    .bind(org.id)
    .fetch_all(db)
    .await?;
    let members = rows
        .into_iter()
        .filter_map(|(membership_id, user_id, name, email, role, is_lead, joined)| {
            Some(MemberRow {
                membership_id,
                user_id,
                name,
                email: sees_contacts.then_some(email),
                role: Role::parse(&role)?,
                is_lead: is_lead != 0,
                joined_on: format_date(joined),
            })
        })
        .collect::<Vec<_>>();
    let my_membership_id = members.iter().find(|m| m.user_id == actor.user_id).map(|m| m.membership_id);

    let pending_invitations = if sees_contacts {
        let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
            "SELECT id, email, role, is_lead, expires_at FROM invitations WHERE organisation_id = $1 \
             AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC",
        )
        .bind(org.id)
        .bind(now())
        .fetch_all(db)
        .await?;
        rows.into_iter()
            .filter_map(|(id, email, role, is_lead, expires)| {
                Some(InvitationRow { id, email, role: Role::parse(&role)?, is_lead: is_lead != 0, expires_on: format_date(expires) })
            })
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
        my_membership_id,
    })
}

/// Research groups are led by their coordinators; elsewhere "lead" is chosen separately.
fn lead_flag(kind: OrgKind, role: Role, lead_ticked: bool) -> bool {
    if kind.lead_is_a_role() { role == Role::Coordinator } else { lead_ticked }
}

/// Invites someone by e-mail to an organisation with a role.
pub async fn invite(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    organisation_id: i64,
    email: &str,
    role: &str,
    lead: bool,
) -> Result<(), AppError> {
    let db = &state.db;
    let org = organisation_by_id(db, organisation_id).await?;
    authz::require(Some(actor), Action::ManageMembers { organisation_id })?;

    let mut check = FormCheck::new();
    let email = check.field("email", email, validate::email);
    let role = check.field("role", role, |r| {
        Role::parse(r).filter(|role| role.fits(org.kind)).ok_or_else(|| "Choose a role from the list".to_string())
    });
    let (email, role) = check.finish((email, role))?;
    let is_lead = lead_flag(org.kind, role, lead);

    let already: Option<(i64,)> = sqlx::query_as(
        "SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 AND u.email = $2",
    )
    .bind(organisation_id)
    .bind(&email)
    .fetch_optional(db)
    .await?;
    if already.is_some() {
        let mut errors = FormErrors::default();
        errors.keep("email", &email);
        errors.keep("role", role.as_str());
        errors.add("email", format!("{email} is already in {}", org.name));
        return Err(AppError::Invalid(errors));
    }

    let token = random_token();
    let at = now();
    let mut tx = db.begin().await?;
    // A new invitation replaces any earlier one to the same address, so only one link works.
    sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE organisation_id = $2 AND email = $3 \
         AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(organisation_id)
    .bind(&email)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO invitations (organisation_id, email, role, is_lead, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(organisation_id)
    .bind(&email)
    .bind(role.as_str())
    .bind(is_lead as i64)
    .bind(hash_token(&token))
    .bind(actor.user_id)
    .bind(at)
    .bind(at + INVITATION_DAYS * 24 * 3600)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;

    let link = state.config.link(&format!("/invitations/{token}"));
    let role_words = role_label(org.kind, role, is_lead);
    state
        .mailer
        .send_or_log(Email {
            to_name: "there".into(),
            to_address: email.clone(),
            subject: format!("{inviter_name} invited you to join {} on CoResearch", org.name),
            body: format!(
                "{inviter_name} has invited you to join {} ({}) on CoResearch, as: {role_words}.\n\n\
                 To accept, open this link:\n\n{link}\n\n\
                 If you do not have a CoResearch account yet, the link lets you create one. \
                 The invitation works for {INVITATION_DAYS} days.",
                org.name,
                org.kind.label().to_lowercase()
            ),
            why: format!(
                "You are getting this e-mail because {inviter_name} typed your address into CoResearch to invite you. \
                 If you do not want to join, you can ignore it."
            ),
        })
        .await;
    Ok(())
}

struct InvitationFacts {
    id: i64,
    organisation_id: i64,
    organisation_name: String,
    kind: OrgKind,
    email: String,
    role: Role,
    is_lead: bool,
    invited_by: Option<String>,
}

async fn live_invitation(db: &Db, token: &str) -> Result<InvitationFacts, AppError> {
    #[allow(clippy::type_complexity)]
    let row: Option<(i64, i64, String, String, String, String, i64, Option<String>, i64, Option<i64>, Option<i64>)> =
        sqlx::query_as(
            "SELECT i.id, o.id, o.name, o.kind, i.email, i.role, i.is_lead, u.name, i.expires_at, i.accepted_at, i.revoked_at \
             FROM invitations i JOIN organisations o ON o.id = i.organisation_id \
             LEFT JOIN users u ON u.id = i.invited_by WHERE i.token_hash = $1",
        )
        .bind(hash_token(token.trim()))
        .fetch_optional(db)
        .await?;
    let Some((id, organisation_id, organisation_name, kind, email, role, is_lead, invited_by, expires_at, accepted, revoked)) = row
    else {
        return Err(AppError::refused(crate::accounts::service::BROKEN_INVITATION_LINK));
    };
    crate::accounts::service::check_invitation_live(
        accepted,
        revoked,
        expires_at,
        invited_by.as_deref(),
        &crate::accounts::service::InvitationWording {
            already_accepted: "This invitation has already been accepted. Sign in to see your groups.",
            or_else: "ask for a new invitation",
            unknown_inviter: "the person who invited you",
        },
    )?;
    Ok(InvitationFacts {
        id,
        organisation_id,
        organisation_name,
        kind: OrgKind::parse(&kind).ok_or(AppError::Internal)?,
        email,
        role: Role::parse(&role).ok_or(AppError::Internal)?,
        is_lead: is_lead != 0,
        invited_by,
    })
}

/// What the holder of an invitation link sees.
pub async fn invitation_view(db: &Db, token: &str, me: Option<&CurrentUser>) -> Result<InvitationView, AppError> {
    let facts = live_invitation(db, token).await?;
    let account_exists = crate::accounts::service::find_by_email(db, &facts.email).await?.is_some();
    Ok(InvitationView {
        organisation_name: facts.organisation_name,
        kind: facts.kind,
        role: facts.role,
        is_lead: facts.is_lead,
        email: facts.email,
        invited_by: facts.invited_by,
        account_exists,
        signed_in_as: me.map(|m| m.email.clone()),
    })
}

/// Accepts an invitation: a signed-in person joins with their account; someone without
/// an account creates one (the e-mailed link shows they own the address). Returns a
/// session token when a new account was created and signed in.
pub async fn accept_invitation(
    db: &Db,
    token: &str,
    me: Option<&CurrentUser>,
    name: Option<&str>,
    password: Option<&str>,
) -> Result<Option<String>, AppError> {
    let facts = live_invitation(db, token).await?;
    // Work out whose account joins, checking a new account's details before changing anything.
    let acceptor = crate::accounts::service::acceptor(db, &facts.email, me, name, password, "this invitation", false).await?;

    let at = now();
    let mut tx = db.begin().await?;
    let user_id = acceptor.user_id(&mut tx, &facts.email, "this invitation").await?;
    let claimed = sqlx::query(
        "UPDATE invitations SET accepted_at = $1, accepted_by = $2 WHERE id = $3 \
         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(at)
    .bind(user_id)
    .bind(facts.id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::refused("This invitation has already been used."));
    }
    let member: Option<(i64,)> = sqlx::query_as("SELECT id FROM memberships WHERE organisation_id = $1 AND user_id = $2")
        .bind(facts.organisation_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    if member.is_none() {
        sqlx::query(
            "INSERT INTO memberships (organisation_id, user_id, role, is_lead, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(facts.organisation_id)
        .bind(user_id)
        .bind(facts.role.as_str())
        .bind(facts.is_lead as i64)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;

    match acceptor.is_new_account() {
        true => Ok(Some(session::start(db, user_id).await?)),
        false => Ok(None),
    }
}

/// The slug of an organisation, for redirects after a change.
pub async fn slug_of(db: &Db, organisation_id: i64) -> Result<String, AppError> {
    Ok(organisation_by_id(db, organisation_id).await?.slug)
}

struct MembershipFacts {
    organisation_id: i64,
    kind: OrgKind,
    user_id: i64,
}

async fn membership_facts(db: &Db, membership_id: i64) -> Result<MembershipFacts, AppError> {
    let row: Option<(i64, String, i64)> = sqlx::query_as(
        "SELECT m.organisation_id, o.kind, m.user_id FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.id = $1",
    )
    .bind(membership_id)
    .fetch_optional(db)
    .await?;
    let (organisation_id, kind, user_id) = row.ok_or(AppError::NotFound)?;
    Ok(MembershipFacts { organisation_id, kind: OrgKind::parse(&kind).ok_or(AppError::Internal)?, user_id })
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
    tx.commit().await?;
    Ok((facts.organisation_id, facts.user_id == actor.user_id))
}

pub async fn withdraw_invitation(db: &Db, actor: &Actor, invitation_id: i64) -> Result<i64, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT organisation_id FROM invitations WHERE id = $1")
        .bind(invitation_id)
        .fetch_optional(db)
        .await?;
    let (organisation_id,) = row.ok_or(AppError::NotFound)?;
    authz::require(Some(actor), Action::ManageMembers { organisation_id })?;
    sqlx::query("UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(now())
        .bind(invitation_id)
        .execute(db)
        .await?;
    Ok(organisation_id)
}

/// Invitations waiting for a person's address, for their dashboard.
pub async fn invitations_for(db: &Db, email: &str) -> Result<Vec<(String, String)>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT o.name, i.role FROM invitations i JOIN organisations o ON o.id = i.organisation_id \
         WHERE i.email = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > $2 ORDER BY i.created_at",
    )
    .bind(email)
    .bind(now())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, role)| (name, Role::parse(&role).map(Role::label).unwrap_or_default().to_string()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slugify("WhyNot!"), "whynot");
        assert_eq!(slugify("South Essex Service User Research Group (SE-SURG)"), "south-essex-service-user-research-group-se-surg");
        assert_eq!(slugify("Age UK Essex"), "age-uk-essex");
        assert_eq!(slugify("!!!"), "organisation");
    }

    #[test]
    fn group_coordinators_are_the_leads() {
        assert!(lead_flag(OrgKind::ResearchGroup, Role::Coordinator, false));
        assert!(!lead_flag(OrgKind::ResearchGroup, Role::Member, true), "a tick cannot make a member a lead");
        assert!(lead_flag(OrgKind::Commissioner, Role::Commissioner, true));
        assert!(!lead_flag(OrgKind::TrainingProvider, Role::Trainer, false));
    }
}
