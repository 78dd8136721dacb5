//! The work and its SQL (server only) for certificates: issued when someone meets the completion rule, issued or revoked by hand, verified publicly.

use std::collections::{HashMap, HashSet};

use crate::platform::audit::{self, Entry};
use crate::authz::training::TrainingAction;
use crate::authz;
use crate::error::{AppError, FormErrors};
use crate::identity::Actor;
use crate::platform::crypto::random_token;
use crate::platform::db::Db;
use crate::platform::time::{format_date, now};
use crate::training::*;
use crate::training::cohort_ctx::*;
use crate::platform::sql::values;
use crate::training::graduation::service::is_seeking;
use crate::training::progress::*;
use crate::validate;

pub const REASON_MAX: usize = 500;

/// A code people can read out over the phone: CR- and eight letters and digits.
pub fn certificate_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let token = random_token();
    let chars: String = token.bytes().take(8).map(|b| ALPHABET[(b as usize) % ALPHABET.len()] as char).collect();
    format!("CR-{}-{}", &chars[..4], &chars[4..])
}

/// Issues a certificate when a trainee has just met the rule. A revoked certificate is
/// never re-issued automatically: only a trainer can issue again, with a reason.
pub async fn refresh_certificate(db: &Db, ctx: &CohortCtx, user_id: i64) -> Result<Option<String>, AppError> {
    let any: Option<(i64,)> = sqlx::query_as("SELECT id FROM certificates WHERE cohort_id = $1 AND user_id = $2")
        .bind(ctx.id)
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    if any.is_some() || !is_enrolled(db, ctx.id, user_id).await? {
        return Ok(None);
    }
    let progress = cohort_progress(db, ctx).await?;
    if !progress.meets_rule(user_id) {
        return Ok(None);
    }
    let code = certificate_code();
    sqlx::query(
        "INSERT INTO certificates (cohort_id, user_id, code, issued_at, issue_reason) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(ctx.id)
    .bind(user_id)
    .bind(&code)
    .bind(now())
    .bind("Met the cohort's completion rule")
    .execute(db)
    .await?;
    Ok(Some(code))
}

/// Issues certificates to everyone in the cohort who has just met the rule (after the
/// rule or attendance changed): the progress, the enrolments and the certificates are
/// each read once, and the new certificates written in one statement.
pub async fn refresh_all_certificates(db: &Db, ctx: &CohortCtx) -> Result<(), AppError> {
    let enrolled: Vec<(i64,)> =
        sqlx::query_as("SELECT user_id FROM enrolments WHERE cohort_id = $1").bind(ctx.id).fetch_all(db).await?;
    let holders: Vec<(i64,)> =
        sqlx::query_as("SELECT DISTINCT user_id FROM certificates WHERE cohort_id = $1").bind(ctx.id).fetch_all(db).await?;
    let holders: HashSet<i64> = holders.into_iter().map(|(id,)| id).collect();
    let progress = cohort_progress(db, ctx).await?;
    let due: Vec<i64> = enrolled
        .into_iter()
        .map(|(id,)| id)
        .filter(|id| !holders.contains(id) && progress.meets_rule(*id))
        .collect();
    if due.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO certificates (cohort_id, issued_at, issue_reason, user_id, code) VALUES {}",
        values(due.len(), 3, 2)
    );
    let mut insert = sqlx::query(&sql).bind(ctx.id).bind(now()).bind("Met the cohort's completion rule");
    for user_id in due {
        insert = insert.bind(user_id).bind(certificate_code());
    }
    insert.execute(db).await?;
    Ok(())
}

/// Every cohort of a course this person studies, for refreshing after module progress.
pub async fn cohorts_studying_course(db: &Db, user_id: i64, course_id: i64) -> Result<Vec<i64>, AppError> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT c.id FROM cohorts c JOIN enrolments e ON e.cohort_id = c.id WHERE e.user_id = $1 AND c.course_id = $2",
    )
    .bind(user_id)
    .bind(course_id)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// A certificate as stored, for finding each person's latest one.
#[derive(sqlx::FromRow)]
struct CertificateRecord {
    id: i64,
    cohort_id: i64,
    user_id: i64,
    code: String,
    revoked_at: Option<i64>,
}

impl CertificateRecord {
    fn into_row(self) -> CertificateRow {
        CertificateRow { id: self.id, code: self.code, revoked: self.revoked_at.is_some() }
    }
}

const CERTIFICATE_COLUMNS: &str = "SELECT id, cohort_id, user_id, code, revoked_at FROM certificates";

pub async fn active_certificate(db: &Db, cohort_id: i64, user_id: i64) -> Result<Option<CertificateRow>, AppError> {
    let row = sqlx::query_as::<_, CertificateRecord>(&format!(
        "{CERTIFICATE_COLUMNS} WHERE cohort_id = $1 AND user_id = $2 ORDER BY issued_at DESC, id DESC"
    ))
    .bind(cohort_id)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(CertificateRecord::into_row))
}

/// Each trainee's latest certificate in a cohort, by user id, in one query.
pub async fn latest_certificates_in_cohort(db: &Db, cohort_id: i64) -> Result<HashMap<i64, CertificateRow>, AppError> {
    let rows = sqlx::query_as::<_, CertificateRecord>(&format!(
        "{CERTIFICATE_COLUMNS} WHERE cohort_id = $1 ORDER BY issued_at DESC, id DESC"
    ))
    .bind(cohort_id)
    .fetch_all(db)
    .await?;
    let mut latest = HashMap::new();
    for row in rows {
        latest.entry(row.user_id).or_insert_with(|| row.into_row());
    }
    Ok(latest)
}

/// One person's latest certificate in each cohort, by cohort id, in one query.
pub async fn latest_certificates_of(db: &Db, user_id: i64) -> Result<HashMap<i64, CertificateRow>, AppError> {
    let rows = sqlx::query_as::<_, CertificateRecord>(&format!(
        "{CERTIFICATE_COLUMNS} WHERE user_id = $1 ORDER BY issued_at DESC, id DESC"
    ))
    .bind(user_id)
    .fetch_all(db)
    .await?;
    let mut latest = HashMap::new();
    for row in rows {
        latest.entry(row.cohort_id).or_insert_with(|| row.into_row());
    }
    Ok(latest)
}

/// A certificate with its holder's name, for its printable page.
#[derive(sqlx::FromRow)]
struct HeldCertificate {
    cohort_id: i64,
    holder_id: i64,
    holder: String,
    issued_at: i64,
    revoked_at: Option<i64>,
}

pub async fn certificate_page(db: &Db, actor: &Actor, code: &str) -> Result<CertificateView, AppError> {
    let HeldCertificate { cohort_id, holder_id, holder, issued_at, revoked_at } = sqlx::query_as::<_, HeldCertificate>(
        "SELECT c.cohort_id, c.user_id AS holder_id, u.name AS holder, c.issued_at, c.revoked_at \
         FROM certificates c JOIN users u ON u.id = c.user_id WHERE c.code = $1",
    )
    .bind(code.trim().to_uppercase())
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    let ctx = cohort_ctx(db, cohort_id).await?;
    let runs_cohort = runs(db, actor, &ctx).await?;
    authz::require(Some(actor), training(TrainingAction::ViewCertificate { holder_id, runs_cohort }))?;
    Ok(CertificateView {
        holder,
        course_title: ctx.course_title,
        cohort_name: ctx.name,
        organisation_name: ctx.organisation_name,
        issued_on: format_date(issued_at),
        code: code.trim().to_uppercase(),
        revoked: revoked_at.is_some(),
        cohort_id,
        is_holder: holder_id == actor.user_id,
        seeking_group: is_seeking(db, holder_id).await?,
    })
}

/// Public: says only whether a code belongs to a valid certificate.
pub async fn verify_certificate(db: &Db, code: &str) -> Result<Verification, AppError> {
    let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT revoked_at FROM certificates WHERE code = $1")
        .bind(code.trim().to_uppercase())
        .fetch_optional(db)
        .await?;
    Ok(match row {
        Some((None,)) => Verification::Valid,
        Some((Some(_),)) => Verification::Revoked,
        None => Verification::Unknown,
    })
}

pub fn reason(raw: &str) -> Result<String, AppError> {
    validate::text(raw, "the reason", REASON_MAX, true).map_err(|message| {
        let mut errors = FormErrors::default();
        errors.keep("reason", raw);
        errors.add("reason", message);
        AppError::Invalid(errors)
    })
}

/// A trainer issues a certificate by hand (for example after agreed catch-up work).
pub async fn issue_certificate(db: &Db, actor: &Actor, cohort_id: i64, user_id: i64, why: &str) -> Result<String, AppError> {
    require_run(db, actor, cohort_id).await?;
    if !is_enrolled(db, cohort_id, user_id).await? {
        return Err(AppError::NotFound);
    }
    let why = reason(why)?;
    if active_certificate(db, cohort_id, user_id).await?.is_some_and(|c| !c.revoked) {
        return Err(AppError::refused("This person already has a certificate for this cohort."));
    }
    let code = certificate_code();
    let mut tx = db.begin().await?;
    let (certificate_id,): (i64,) = sqlx::query_as(
        "INSERT INTO certificates (cohort_id, user_id, code, issued_at, issued_by, issue_reason) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(cohort_id)
    .bind(user_id)
    .bind(&code)
    .bind(now())
    .bind(actor.user_id)
    .bind(&why)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut *tx, Entry::new(Some(actor.user_id), audit::Action::CertificateIssued, "certificate", Some(certificate_id))).await?;
    tx.commit().await?;
    Ok(code)
}

pub async fn revoke_certificate(db: &Db, actor: &Actor, certificate_id: i64, why: &str) -> Result<i64, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT cohort_id FROM certificates WHERE id = $1")
        .bind(certificate_id)
        .fetch_optional(db)
        .await?;
    let (cohort_id,) = row.ok_or(AppError::NotFound)?;
    require_run(db, actor, cohort_id).await?;
    let why = reason(why)?;
    let mut tx = db.begin().await?;
    let revoked = sqlx::query("UPDATE certificates SET revoked_at = $1, revoked_by = $2, revoke_reason = $3 WHERE id = $4 AND revoked_at IS NULL")
        .bind(now())
        .bind(actor.user_id)
        .bind(&why)
        .bind(certificate_id)
        .execute(&mut *tx)
        .await?;
    if revoked.rows_affected() == 1 {
        audit::record(&mut *tx, Entry::new(Some(actor.user_id), audit::Action::CertificateRevoked, "certificate", Some(certificate_id))).await?;
    }
    tx.commit().await?;
    Ok(cohort_id)
}
