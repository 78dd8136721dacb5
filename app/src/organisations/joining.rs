//! Joining an organisation: a lead invites someone by e-mail, the link holder sees the
//! invitation and accepts it, and a lead may withdraw it. The link checks and the
//! acceptance rules are shared with cohort places, in [`crate::invitations`].

use crate::accounts::session;
use crate::authz::{self, Action};
use crate::error::{AppError, FormErrors};
use crate::identity::{role_label, Actor, CurrentUser, OrgKind, Role};
use crate::invitations::{self, InvitationWording, NewGroupInvitation, GROUP_INVITATION_DAYS, BROKEN_INVITATION_LINK};
use crate::organisations::service::{lead_flag, load_organisation, OrganisationKey};
use crate::organisations::{InvitationView, WaitingInvitation};
use crate::platform::crypto::hash_token;
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::validate::{self, FormCheck};

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
    let org = load_organisation(db, OrganisationKey::Id(organisation_id)).await?;
    // A lead invites anyone; an administrator only the first lead, never themselves.
    let as_administrator = !authz::may(actor, &Action::ManageMembers { organisation_id });
    if as_administrator {
        let has_lead = has_lead(db, organisation_id).await?;
        authz::require(Some(actor), Action::InviteFirstLead { organisation_id, has_lead })?;
    }

    let mut check = FormCheck::new();
    let email = check.field("email", email, validate::email);
    let role = check.field("role", role, |r| {
        Role::parse(r).filter(|role| role.fits(org.kind)).ok_or_else(|| "Choose a role from the list".to_string())
    });
    let (email, role) = check.finish((email, role))?;
    let is_lead = lead_flag(org.kind, role, lead);
    if as_administrator {
        let own: (String,) = sqlx::query_as("SELECT email FROM users WHERE id = $1").bind(actor.user_id).fetch_one(db).await?;
        let mut errors = FormErrors::default();
        if own.0 == email {
            errors.add("email", "You cannot invite yourself. Administrators set up organisations and invite their first lead; they do not join them.");
        } else if !is_lead {
            let how = if org.kind.lead_is_a_role() { "Choose the coordinator role" } else { "Tick \"Make them a lead\"" };
            errors.add("role", format!("As an administrator you invite only the first lead. {how}; the lead then invites everyone else."));
        }
        if !errors.fields.is_empty() {
            errors.keep("email", &email);
            errors.keep("role", role.as_str());
            return Err(AppError::Invalid(errors));
        }
    }

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
    let invitation = NewGroupInvitation { organisation_id, email: &email, role, is_lead, invited_by: actor.user_id, at };
    let token = invitations::write_group_invitation(&mut tx, &invitation).await?;
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
                 The invitation works for {GROUP_INVITATION_DAYS} days.",
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

/// Whether an organisation has a lead yet (until it does, an administrator may invite one).
pub(crate) async fn has_lead(db: &Db, organisation_id: i64) -> Result<bool, AppError> {
    let (leads,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND is_lead = 1")
        .bind(organisation_id)
        .fetch_one(db)
        .await?;
    Ok(leads > 0)
}

/// An invitation found by its link, with its organisation and who sent it.
#[derive(sqlx::FromRow)]
struct InvitationLinkRow {
    id: i64,
    organisation_id: i64,
    organisation_name: String,
    kind: String,
    email: String,
    role: String,
    is_lead: i64,
    invited_by: Option<String>,
    expires_at: i64,
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
}

/// A live invitation, its link checked.
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
    let row = sqlx::query_as::<_, InvitationLinkRow>(
        "SELECT i.id, o.id AS organisation_id, o.name AS organisation_name, o.kind, i.email, i.role, i.is_lead, \
         u.name AS invited_by, i.expires_at, i.accepted_at, i.revoked_at \
         FROM invitations i JOIN organisations o ON o.id = i.organisation_id \
         LEFT JOIN users u ON u.id = i.invited_by WHERE i.token_hash = $1",
    )
    .bind(hash_token(token.trim()))
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::refused(BROKEN_INVITATION_LINK))?;
    invitations::check_invitation_live(
        row.accepted_at,
        row.revoked_at,
        row.expires_at,
        row.invited_by.as_deref(),
        &InvitationWording {
            noun: "invitation",
            already_accepted: "This invitation has already been accepted. Sign in to see your groups.",
            or_else: "ask for a new invitation",
            unknown_inviter: "the person who invited you",
        },
    )?;
    Ok(InvitationFacts {
        id: row.id,
        organisation_id: row.organisation_id,
        organisation_name: row.organisation_name,
        kind: OrgKind::parse(&row.kind).ok_or(AppError::Internal)?,
        email: row.email,
        role: Role::parse(&row.role).ok_or(AppError::Internal)?,
        is_lead: row.is_lead != 0,
        invited_by: row.invited_by,
    })
}

/// What the holder of an invitation link sees.
pub async fn invitation_view(db: &Db, token: &str, me: Option<&CurrentUser>) -> Result<InvitationView, AppError> {
    let facts = live_invitation(db, token).await?;
    let account_exists = invitations::account_id_for(db, &facts.email).await?.is_some();
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
    // Only the invited address may accept: a signed-in person with another address is
    // refused (someone else's link must not put them in the group).
    let acceptor = invitations::acceptor(db, &facts.email, me, name, password, "this invitation", true).await?;

    let at = now();
    let mut tx = db.begin().await?;
    let user_id = acceptor.user_id(&mut tx, &facts.email, "this invitation").await?;
    invitations::claim_invitation(&mut tx, invitations::InvitationKind::Membership, facts.id, user_id, at).await?;
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

pub async fn withdraw_invitation(db: &Db, actor: &Actor, invitation_id: i64) -> Result<i64, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT organisation_id FROM invitations WHERE id = $1")
        .bind(invitation_id)
        .fetch_optional(db)
        .await?;
    let (organisation_id,) = row.ok_or(AppError::NotFound)?;
    if !authz::may(actor, &Action::ManageMembers { organisation_id }) {
        let has_lead = has_lead(db, organisation_id).await?;
        authz::require(Some(actor), Action::InviteFirstLead { organisation_id, has_lead })?;
    }
    sqlx::query("UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(now())
        .bind(invitation_id)
        .execute(db)
        .await?;
    Ok(organisation_id)
}

/// Invitations waiting for a person's address, for their dashboard.
pub async fn invitations_for(db: &Db, email: &str) -> Result<Vec<WaitingInvitation>, AppError> {
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
        .map(|(organisation_name, role)| WaitingInvitation {
            organisation_name,
            role: Role::parse(&role).map(Role::label).unwrap_or_default().to_string(),
        })
        .collect())
}
