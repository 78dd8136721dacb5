//! Founding a new research group from a cohort's graduates (server only).
//!
//! Kept apart on purpose: today this re-implements what organisations own, creating an
//! organisation (the name and slug checks) and writing its invitations. It behaves as it
//! always has; the plan is to replace the organisation and invitation writing with calls
//! to the organisations feature composed in `api.rs`, leaving here only the training
//! side (the form and which graduates may found a group).

use crate::error::{AppError, FormErrors};
use crate::identity::Actor;
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::training::cohort_ctx::require_run;
use crate::training::graduation::service::certified_emails;
use crate::validate::{self, FormCheck};

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
    let certified = certified_emails(db, cohort_id, founders).await?;
    let mut emails = Vec::new();
    for user_id in founders {
        let (_, email) = certified
            .iter()
            .find(|(id, _)| id == user_id)
            .ok_or_else(|| AppError::field("founders", "Only people with a certificate from this cohort can found a group"))?;
        emails.push(email.clone());
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
