//! The work and its SQL (server only) for graduation: which graduates may be invited into
//! a group, graduates asking to be found, and the list coordinators look through.
//! Writing the group invitations themselves belongs to organisations: the server
//! functions in `api.rs` compose the two.

use crate::authz::training::TrainingAction;
use crate::authz;
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::training::cohort_ctx::*;
use crate::training::{GraduatesPage, SeekingGraduate};
use crate::ui::pagination::{PageNumber, Paged};

/// The e-mail address of someone holding a valid certificate from this cohort, for a
/// trainer who runs it to invite them into a group.
pub async fn graduate_email(db: &Db, actor: &Actor, cohort_id: i64, user_id: i64) -> Result<String, AppError> {
    require_run(db, actor, cohort_id).await?;
    let emails = certified_emails(db, cohort_id, &[user_id]).await?;
    emails
        .into_iter()
        .next()
        .map(|(_, email)| email)
        .ok_or_else(|| AppError::refused("Only people with a certificate from this cohort can be invited as graduates."))
}

/// A certificate holder's e-mail address.
#[derive(sqlx::FromRow)]
struct CertifiedEmail {
    user_id: i64,
    email: String,
}

/// (user id, e-mail) of those among `user_ids` holding a valid certificate from the cohort,
/// in one query.
pub async fn certified_emails(db: &Db, cohort_id: i64, user_ids: &[i64]) -> Result<Vec<(i64, String)>, AppError> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = (0..user_ids.len()).map(|n| format!("${}", n + 2)).collect::<Vec<_>>().join(", ");
    let sql = format!(
        "SELECT DISTINCT u.id AS user_id, u.email FROM certificates c JOIN users u ON u.id = c.user_id \
         WHERE c.cohort_id = $1 AND c.revoked_at IS NULL AND c.user_id IN ({list})"
    );
    let mut query = sqlx::query_as::<_, CertifiedEmail>(&sql).bind(cohort_id);
    for id in user_ids {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(db).await?.into_iter().map(|c| (c.user_id, c.email)).collect())
}

/// A certificate: whose it is, and whether it was revoked.
#[derive(sqlx::FromRow)]
struct CertificateRow {
    id: i64,
    user_id: i64,
    revoked_at: Option<i64>,
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
    let CertificateRow { id: certificate_id, user_id: holder_id, revoked_at } =
        sqlx::query_as::<_, CertificateRow>("SELECT id, user_id, revoked_at FROM certificates WHERE code = $1")
            .bind(&code)
            .fetch_optional(db)
            .await?
            .ok_or(AppError::NotFound)?;
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
const SEEKING_FROM: &str = "FROM graduates_seeking_group g \
     JOIN users u ON u.id = g.user_id JOIN certificates c ON c.id = g.certificate_id AND c.user_id = g.user_id \
     JOIN cohorts h ON h.id = c.cohort_id JOIN courses co ON co.id = h.course_id \
     WHERE c.revoked_at IS NULL AND NOT EXISTS (SELECT 1 FROM memberships m JOIN organisations o ON o.id = m.organisation_id \
     WHERE m.user_id = g.user_id AND o.kind = 'research_group')";

#[derive(sqlx::FromRow)]
struct SeekingRow {
    user_id: i64,
    name: String,
    course_title: String,
    cohort_name: String,
    issued_at: i64,
}

impl SeekingRow {
    fn into_view(self) -> SeekingGraduate {
        SeekingGraduate {
            user_id: self.user_id,
            name: self.name,
            course_title: self.course_title,
            cohort_name: self.cohort_name,
            certified_on: format_date(self.issued_at),
        }
    }
}

/// One page of the graduates looking for a group, for coordinators of research groups
/// (every coordinator sees the whole list: the rule is who may look, not whom).
pub async fn seeking_graduates(db: &Db, actor: &Actor, page: PageNumber) -> Result<GraduatesPage, AppError> {
    authz::require(Some(actor), training(TrainingAction::FindGraduates))?;
    let (total,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) {SEEKING_FROM}")).fetch_one(db).await?;
    let rows = sqlx::query_as::<_, SeekingRow>(&format!(
        "SELECT u.id AS user_id, u.name, co.title AS course_title, h.name AS cohort_name, c.issued_at {SEEKING_FROM} \
         ORDER BY c.issued_at DESC, u.name, u.id LIMIT $1 OFFSET $2"
    ))
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let graduates = Paged::new(rows.into_iter().map(SeekingRow::into_view).collect(), page, total);
    let mut groups: Vec<(i64, String)> = actor
        .memberships
        .iter()
        .filter(|m| authz::may(actor, &training(TrainingAction::InviteGraduateToGroup { organisation_id: m.organisation_id })))
        .map(|m| (m.organisation_id, m.organisation_name.clone()))
        .collect();
    groups.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(GraduatesPage { graduates, groups })
}

/// The e-mail address of a graduate who is looking for a group, for a coordinator to
/// invite them into a group they coordinate.
pub async fn seeking_graduate_email(db: &Db, actor: &Actor, user_id: i64, organisation_id: i64) -> Result<String, AppError> {
    authz::require(Some(actor), training(TrainingAction::InviteGraduateToGroup { organisation_id }))?;
    let row: Option<(String,)> = sqlx::query_as(&format!("SELECT u.email {SEEKING_FROM} AND g.user_id = $1"))
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(row.ok_or(AppError::NotFound)?.0)
}
