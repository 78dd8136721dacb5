//! The work and its SQL (server only): graduation: inviting graduates into research groups, graduates asking to be found, founding a new group.

use crate::authz::{self};
use crate::authz::training::TrainingAction;
use crate::error::{AppError, FormErrors};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::training::*;
use crate::training::cohort_ctx::*;
use crate::validate::{self, FormCheck};
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::mail::Email;
use crate::platform::state::AppState;

/// Invites a graduate (someone holding a valid certificate) into a research group the
/// trainer or coordinator leads, through the organisations' own invitations.
pub async fn invite_graduate(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    cohort_id: i64,
    user_id: i64,
    organisation_id: i64,
) -> Result<(), AppError> {
    require_run(&state.db, actor, cohort_id).await?;
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT u.email FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.cohort_id = $1 AND c.user_id = $2 AND c.revoked_at IS NULL",
    )
    .bind(cohort_id)
    .bind(user_id)
    .fetch_optional(&state.db)
    .await?;
    let (email,) = row.ok_or_else(|| AppError::refused("Only people with a certificate from this cohort can be invited as graduates."))?;
    crate::organisations::service::invite(state, actor, inviter_name, organisation_id, &email, "member", false).await
}

pub async fn is_seeking(db: &Db, user_id: i64) -> Result<bool, AppError> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT user_id FROM graduates_seeking_group WHERE user_id = $1").bind(user_id).fetch_optional(db).await?;
    Ok(row.is_some())
}

/// The holder of a valid certificate says they would (or no longer would) like to join a
/// research group. Returns the certificate's code.
pub async fn set_seeking_group(db: &Db, actor: &Actor, code: &str, seeking: bool) -> Result<String, AppError> {
    let code = code.trim().to_uppercase();
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as("SELECT id, user_id, revoked_at FROM certificates WHERE code = $1")
        .bind(&code)
        .fetch_optional(db)
        .await?;
    let (certificate_id, holder_id, revoked_at) = row.ok_or(AppError::NotFound)?;
    if seeking {
        authz::require(Some(actor), training(TrainingAction::SeekGroup { holder_id, valid: revoked_at.is_none() }))?;
        sqlx::query(
            "INSERT INTO graduates_seeking_group (user_id, certificate_id, since_at) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET certificate_id = excluded.certificate_id",
        )
        .bind(holder_id)
        .bind(certificate_id)
        .bind(now())
        .execute(db)
        .await?;
    } else {
        // Anyone may always take themself off the list, even with a revoked certificate.
        authz::require(Some(actor), training(TrainingAction::SeekGroup { holder_id, valid: true }))?;
        sqlx::query("DELETE FROM graduates_seeking_group WHERE user_id = $1").bind(holder_id).execute(db).await?;
    }
    Ok(code)
}

/// Graduates still looking: a valid certificate, opted in, and not (yet) in any research group.
pub const SEEKING_SQL: &str = "SELECT u.id, u.name, co.title, h.name, c.issued_at FROM graduates_seeking_group g \
     JOIN users u ON u.id = g.user_id JOIN certificates c ON c.id = g.certificate_id AND c.user_id = g.user_id \
     JOIN cohorts h ON h.id = c.cohort_id JOIN courses co ON co.id = h.course_id \
     WHERE c.revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM memberships m JOIN organisations o ON o.id = m.organisation_id \
     WHERE m.user_id = g.user_id AND o.kind = 'research_group')";

pub async fn seeking_graduates(db: &Db, actor: &Actor) -> Result<GraduatesPage, AppError> {
    authz::require(Some(actor), training(TrainingAction::FindGraduates))?;
    let rows: Vec<(i64, String, String, String, i64)> =
        sqlx::query_as(&format!("{SEEKING_SQL} ORDER BY c.issued_at DESC, u.name")).fetch_all(db).await?;
    let graduates = rows
        .into_iter()
        .map(|(user_id, name, course_title, cohort_name, issued_at)| SeekingGraduate {
            user_id,
            name,
            course_title,
            cohort_name,
            certified_on: format_date(issued_at),
        })
        .collect();
    let mut groups: Vec<(i64, String)> = actor
        .memberships
        .iter()
        .filter(|m| authz::may(actor, &training(TrainingAction::InviteGraduateToGroup { organisation_id: m.organisation_id })))
        .map(|m| (m.organisation_id, m.organisation_name.clone()))
        .collect();
    groups.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(GraduatesPage { graduates, groups })
}

/// A coordinator invites a graduate who is looking for a group into a group they coordinate,
/// through the organisations' own invitations (as a member).
pub async fn invite_seeking_graduate(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    user_id: i64,
    organisation_id: i64,
) -> Result<(), AppError> {
    authz::require(Some(actor), training(TrainingAction::InviteGraduateToGroup { organisation_id }))?;
    let row: Option<(i64, String, String, String, i64)> =
        sqlx::query_as(&format!("{SEEKING_SQL} AND g.user_id = $1")).bind(user_id).fetch_optional(&state.db).await?;
    row.ok_or(AppError::NotFound)?;
    let (email,): (String,) = sqlx::query_as("SELECT email FROM users WHERE id = $1").bind(user_id).fetch_one(&state.db).await?;
    crate::organisations::service::invite(state, actor, inviter_name, organisation_id, &email, "member", false).await
}

/// Helps graduates found a new citizen research group: creates the group and invites
/// the chosen graduates as its first coordinators. The trainer does not join it.
/// Returns the new group's slug.
#[allow(clippy::too_many_arguments)]
pub async fn found_group(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    cohort_id: i64,
    name: &str,
    description: &str,
    founders: &[i64],
) -> Result<String, AppError> {
    use crate::organisations::service::{slugify, INVITATION_DAYS as GROUP_INVITATION_DAYS};
    let db = &state.db;
    require_run(db, actor, cohort_id).await?;
    let mut check = FormCheck::new();
    let name = check.field("group_name", name, |n| validate::line(n, "the new group's name", validate::ORG_NAME_MAX, true));
    let description =
        check.field("group_description", description, |d| validate::text(d, "a description", validate::SHORT_TEXT_MAX, false));
    if founders.is_empty() {
        check.fail("founders", "Choose at least one graduate to found the group");
    }
    let (name, description) = check.finish((name, description))?;
    let mut emails = Vec::new();
    for user_id in founders {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT u.email FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.cohort_id = $1 AND c.user_id = $2 AND c.revoked_at IS NULL",
        )
        .bind(cohort_id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
        let (email,) = row.ok_or_else(|| AppError::field("founders", "Only people with a certificate from this cohort can found a group"))?;
        emails.push(email);
    }
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE LOWER(name) = LOWER($1)")
        .bind(&name)
        .fetch_optional(db)
        .await?;
    if taken.is_some() {
        let mut errors = FormErrors::default();
        errors.keep("group_name", &name);
        errors.keep("group_description", &description);
        errors.add("group_name", "There is already a group or organisation with this name");
        return Err(AppError::Invalid(errors));
    }
    let base = slugify(&name);
    let mut slug = base.clone();
    let mut n = 1;
    while sqlx::query_as::<_, (i64,)>("SELECT id FROM organisations WHERE slug = $1").bind(&slug).fetch_optional(db).await?.is_some() {
        n += 1;
        slug = format!("{base}-{n}");
    }
    let at = now();
    let mut tx = db.begin().await?;
    let (organisation_id,): (i64,) = sqlx::query_as(
        "INSERT INTO organisations (name, slug, kind, description, created_at) VALUES ($1, $2, 'research_group', $3, $4) RETURNING id",
    )
    .bind(&name)
    .bind(&slug)
    .bind(&description)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?;
    let mut links = Vec::new();
    for email in &emails {
        let token = random_token();
        sqlx::query(
            "INSERT INTO invitations (organisation_id, email, role, is_lead, token_hash, invited_by, created_at, expires_at) \
             VALUES ($1, $2, 'coordinator', 1, $3, $4, $5, $6)",
        )
        .bind(organisation_id)
        .bind(email)
        .bind(hash_token(&token))
        .bind(actor.user_id)
        .bind(at)
        .bind(at + GROUP_INVITATION_DAYS * 24 * 3600)
        .execute(&mut *tx)
        .await?;
        links.push((email.clone(), state.config.link(&format!("/invitations/{token}"))));
    }
    tx.commit().await?;
    for (email, link) in links {
        state
            .mailer
            .send_or_log(Email {
                to_name: "there".into(),
                to_address: email,
                subject: format!("Your new research group, {name}, is ready on CoResearch"),
                body: format!(
                    "{inviter_name} has set up {name} on CoResearch for you and the others founding it, as its coordinators.\n\n\
                     To accept, open this link:\n\n{link}\n\nThe invitation works for {GROUP_INVITATION_DAYS} days."
                ),
                why: format!("You are getting this e-mail because {inviter_name}, your trainer, set up the group with you."),
            })
            .await;
    }
    Ok(slug)
}
