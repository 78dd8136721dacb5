//! The work and its SQL (server only) for places on a cohort: inviting trainees by e-mail, withdrawing invitations, accepting a place.

use std::collections::HashSet;

use crate::accounts::session;
use crate::error::{AppError, FormErrors};
use crate::identity::Actor;
use crate::identity::CurrentUser;
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::training::*;
use crate::training::cohort_ctx::*;
use crate::validate;

pub const INVITATION_DAYS: i64 = 21;

/// Addresses typed one at a time or pasted as a list (commas, semicolons, spaces or lines).
pub fn split_addresses(raw: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    raw.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|a| a.trim().trim_matches(['<', '>']).to_string())
        .filter(|a| !a.is_empty())
        .filter(|a| seen.insert(a.to_lowercase()))
        .collect()
}

pub async fn enrolled_count(db: &Db, cohort_id: i64) -> Result<i64, AppError> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM enrolments WHERE cohort_id = $1").bind(cohort_id).fetch_one(db).await?;
    Ok(n)
}

/// Invites people by e-mail. Returns how many invitations were sent.
pub async fn invite_trainees(
    state: &AppState,
    actor: &Actor,
    inviter_name: &str,
    cohort_id: i64,
    emails: &str,
) -> Result<usize, AppError> {
    let db = &state.db;
    let ctx = require_run(db, actor, cohort_id).await?;
    let typed = split_addresses(emails);
    let keep = |message: String| {
        let mut errors = FormErrors::default();
        errors.keep("emails", emails);
        errors.add("emails", message);
        AppError::Invalid(errors)
    };
    if typed.is_empty() {
        return Err(keep("Enter at least one e-mail address".into()));
    }
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for address in &typed {
        match validate::email(address) {
            Ok(address) => good.push(address),
            Err(_) => bad.push(address.clone()),
        }
    }
    if !bad.is_empty() {
        return Err(keep(format!(
            "These do not look like e-mail addresses: {}. Check them and send the list again.",
            bad.join(", ")
        )));
    }
    // Everyone on the course already, read once and compared in memory.
    let enrolled: Vec<(String,)> =
        sqlx::query_as("SELECT u.email FROM enrolments e JOIN users u ON u.id = e.user_id WHERE e.cohort_id = $1")
            .bind(cohort_id)
            .fetch_all(db)
            .await?;
    let enrolled: HashSet<String> = enrolled.into_iter().map(|(email,)| email).collect();
    let already: Vec<String> = good.iter().filter(|address| enrolled.contains(*address)).cloned().collect();
    if !already.is_empty() {
        return Err(keep(format!("Already on this course: {}. Take them out of the list.", already.join(", "))));
    }
    // Places: people enrolled, plus live invitations to other addresses, plus these.
    let pending: Vec<(String,)> = sqlx::query_as(
        "SELECT email FROM cohort_invitations WHERE cohort_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2",
    )
    .bind(cohort_id)
    .bind(now())
    .fetch_all(db)
    .await?;
    let other_pending = pending.iter().filter(|(e,)| !good.contains(e)).count() as i64;
    let places_left = ctx.capacity - enrolled_count(db, cohort_id).await? - other_pending;
    if good.len() as i64 > places_left {
        return Err(keep(format!(
            "This cohort has {} places and {} left (counting invitations not yet accepted). You listed {} people.",
            ctx.capacity,
            places_left.max(0),
            good.len()
        )));
    }

    let at = now();
    let mut links = Vec::new();
    let mut tx = db.begin().await?;
    for address in &good {
        let token = random_token();
        sqlx::query(
            "UPDATE cohort_invitations SET revoked_at = $1 WHERE cohort_id = $2 AND email = $3 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(at)
        .bind(cohort_id)
        .bind(address)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO cohort_invitations (cohort_id, email, token_hash, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(cohort_id)
        .bind(address)
        .bind(hash_token(&token))
        .bind(actor.user_id)
        .bind(at)
        .bind(at + INVITATION_DAYS * 24 * 3600)
        .execute(&mut *tx)
        .await?;
        links.push((address.clone(), state.config.link(&format!("/training/join/{token}"))));
    }
    tx.commit().await?;
    for (address, link) in &links {
        state
            .mailer
            .send_or_log(Email {
                to_name: "there".into(),
                to_address: address.clone(),
                subject: format!("{inviter_name} invited you to the course {}", ctx.course_title),
                body: format!(
                    "{inviter_name} has offered you a place on \"{}\" ({}), run by {}.\n\n\
                     It starts on {}{}.\n\n\
                     To accept your place, open this link:\n\n{link}\n\n\
                     If you do not have a CoResearch account yet, the link lets you make one. \
                     The invitation works for {INVITATION_DAYS} days.",
                    ctx.course_title,
                    ctx.name,
                    ctx.organisation_name,
                    validate::readable_date(&ctx.starts_on),
                    if ctx.location.is_empty() { String::new() } else { format!(" at {}", ctx.location) },
                ),
                why: format!(
                    "You are getting this e-mail because {inviter_name} typed your address into CoResearch to invite you. \
                     If you do not want to take part, you can ignore it."
                ),
            })
            .await;
    }
    Ok(links.len())
}

pub async fn withdraw_cohort_invitation(db: &Db, actor: &Actor, invitation_id: i64) -> Result<i64, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT cohort_id FROM cohort_invitations WHERE id = $1")
        .bind(invitation_id)
        .fetch_optional(db)
        .await?;
    let (cohort_id,) = row.ok_or(AppError::NotFound)?;
    require_run(db, actor, cohort_id).await?;
    sqlx::query("UPDATE cohort_invitations SET revoked_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL")
        .bind(now())
        .bind(invitation_id)
        .execute(db)
        .await?;
    Ok(cohort_id)
}

pub struct LiveCohortInvitation {
    id: i64,
    cohort_id: i64,
    email: String,
    invited_by: Option<String>,
}

/// A cohort invitation as stored, found by its link's token.
#[derive(sqlx::FromRow)]
struct CohortInvitationRecord {
    id: i64,
    cohort_id: i64,
    email: String,
    invited_by: Option<String>,
    expires_at: i64,
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
}

pub async fn live_cohort_invitation(db: &Db, token: &str) -> Result<LiveCohortInvitation, AppError> {
    let row = sqlx::query_as::<_, CohortInvitationRecord>(
        "SELECT i.id, i.cohort_id, i.email, u.name AS invited_by, i.expires_at, i.accepted_at, i.revoked_at \
         FROM cohort_invitations i LEFT JOIN users u ON u.id = i.invited_by WHERE i.token_hash = $1",
    )
    .bind(hash_token(token.trim()))
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Err(AppError::refused(crate::invitations::BROKEN_INVITATION_LINK));
    };
    crate::invitations::check_invitation_live(
        row.accepted_at,
        row.revoked_at,
        row.expires_at,
        row.invited_by.as_deref(),
        &crate::invitations::InvitationWording {
            noun: "invitation",
            already_accepted: "This place has already been accepted. Sign in and choose Training to see your course.",
            or_else: "ask your trainer",
            unknown_inviter: "your trainer",
        },
    )?;
    Ok(LiveCohortInvitation { id: row.id, cohort_id: row.cohort_id, email: row.email, invited_by: row.invited_by })
}

pub async fn cohort_invitation_view(db: &Db, token: &str, me: Option<&CurrentUser>) -> Result<CohortInvitationView, AppError> {
    let invitation = live_cohort_invitation(db, token).await?;
    let ctx = cohort_ctx(db, invitation.cohort_id).await?;
    let account_exists = crate::invitations::account_id_for(db, &invitation.email).await?.is_some();
    Ok(CohortInvitationView {
        cohort_name: ctx.name,
        course_title: ctx.course_title,
        organisation_name: ctx.organisation_name,
        email: invitation.email,
        invited_by: invitation.invited_by,
        account_exists,
        signed_in_as: me.map(|m| m.email.clone()),
        places_left: (ctx.capacity - enrolled_count(db, ctx.id).await?).max(0),
    })
}

/// Accepts a place: enrols the signed-in person, or makes an account for someone new.
/// Returns the cohort and, for a new account, a session token.
pub async fn accept_cohort_invitation(
    db: &Db,
    token: &str,
    me: Option<&CurrentUser>,
    name: Option<&str>,
    password: Option<&str>,
) -> Result<(i64, Option<String>), AppError> {
    let invitation = live_cohort_invitation(db, token).await?;
    let ctx = cohort_ctx(db, invitation.cohort_id).await?;
    let acceptor =
        crate::invitations::acceptor(db, &invitation.email, me, name, password, "your place", true).await?;
    let at = now();
    let mut tx = db.begin().await?;
    // Take the cohort's lock so two people cannot both take the last place.
    sqlx::query("UPDATE cohorts SET capacity = capacity WHERE id = $1").bind(ctx.id).execute(&mut *tx).await?;
    let (enrolled,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM enrolments WHERE cohort_id = $1").bind(ctx.id).fetch_one(&mut *tx).await?;
    if enrolled >= ctx.capacity {
        return Err(AppError::refused(format!(
            "Sorry: {} is full. Ask {} whether a place will come free or when the next course starts.",
            ctx.name,
            invitation.invited_by.as_deref().unwrap_or("your trainer")
        )));
    }
    let user_id = acceptor.user_id(&mut tx, &invitation.email, "your place").await?;
    crate::invitations::claim_invitation(&mut tx, crate::invitations::InvitationKind::CohortPlace, invitation.id, user_id, at)
        .await?;
    sqlx::query("INSERT INTO enrolments (cohort_id, user_id, enrolled_at) VALUES ($1, $2, $3) ON CONFLICT (cohort_id, user_id) DO NOTHING")
        .bind(ctx.id)
        .bind(user_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let session = match acceptor.is_new_account() {
        true => Some(session::start(db, user_id).await?),
        false => None,
    };
    Ok((ctx.id, session))
}
