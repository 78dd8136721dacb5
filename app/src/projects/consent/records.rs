//! Consent records (server only): taken on the ethics-approved consent form, each pointing
//! at the exact version seen; the participant's page; the printable record; and the
//! coverage check later parts call before a session, a recording or a quote.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::markdown::to_safe_html;
use crate::platform::time::{format_date, now};
use crate::projects::access::{self, Need};
use crate::projects::consent::history::{self, Change};
use crate::projects::consent::participants::{identity, participant_in, researchers, withdrawals_of, ParticipantRow};
use crate::projects::consent::*;
use crate::projects::ethics::clearance::{approved_document, fieldwork_clearance};
use crate::projects::ethics::DocumentKind;
use crate::projects::recruitment::service::past_date;
use crate::validate::{readable_date, FormCheck};

/// The approved consent form new records are taken on, if there is one.
pub async fn current_form(db: &Db, project_id: i64) -> Result<Option<FormVersion>, AppError> {
    Ok(approved_document(db, project_id, DocumentKind::ConsentForm).await?.map(|d| FormVersion {
        document_id: d.id,
        version_no: d.doc_version,
        title: d.title,
        body_html: to_safe_html(&d.body),
    }))
}

#[derive(sqlx::FromRow)]
struct ConsentRow {
    id: i64,
    document_id: i64,
    doc_version: i64,
    doc_title: String,
    consented_on: String,
    method: String,
    taker: Option<String>,
    agrees_quotes: i64,
    agrees_audio: i64,
    agrees_recontact: i64,
    created_at: i64,
}

impl ConsentRow {
    fn parts(&self) -> OptionalParts {
        OptionalParts { quotes: self.agrees_quotes != 0, audio: self.agrees_audio != 0, recontact: self.agrees_recontact != 0 }
    }

    fn into_view(self) -> ConsentView {
        ConsentView {
            id: self.id,
            document_id: self.document_id,
            version_no: self.doc_version,
            document_title: self.doc_title.clone(),
            consented_on: readable_date(&self.consented_on),
            method: ConsentMethod::parse(&self.method).map(ConsentMethod::label).unwrap_or("").to_string(),
            taken_by: self.taker.clone().unwrap_or_else(|| "A former user".into()),
            parts: self.parts().agreed().into_iter().map(str::to_string).collect(),
            recorded_on: format_date(self.created_at),
        }
    }
}

const CONSENT_SQL: &str = "SELECT c.id, c.document_id, d.doc_version, d.title AS doc_title, c.consented_on, c.method, \
     u.name AS taker, c.agrees_quotes, c.agrees_audio, c.agrees_recontact, c.created_at \
     FROM consent_records c JOIN ethics_documents d ON d.id = c.document_id LEFT JOIN users u ON u.id = c.taken_by";

async fn consent_rows(db: &Db, participant_id: i64) -> Result<Vec<ConsentRow>, AppError> {
    Ok(sqlx::query_as::<_, ConsentRow>(&format!("{CONSENT_SQL} WHERE c.participant_id = $1 ORDER BY c.id DESC"))
        .bind(participant_id)
        .fetch_all(db)
        .await?)
}

/// What a participant's newest consent record covers, and whether they have withdrawn:
/// `None` when they have no consent record. For [`covers`].
pub async fn terms_of(db: &Db, participant_id: i64) -> Result<Option<ConsentTerms>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        agrees_quotes: i64,
        agrees_audio: i64,
        agrees_recontact: i64,
        withdrawn: i64,
    }
    let row = sqlx::query_as::<_, Row>(
        "SELECT c.agrees_quotes, c.agrees_audio, c.agrees_recontact, \
         CASE WHEN p.withdrawn_on IS NULL THEN 0 ELSE 1 END AS withdrawn \
         FROM consent_records c JOIN participants p ON p.id = c.participant_id \
         WHERE c.participant_id = $1 ORDER BY c.id DESC LIMIT 1",
    )
    .bind(participant_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| ConsentTerms {
        parts: OptionalParts { quotes: r.agrees_quotes != 0, audio: r.agrees_audio != 0, recontact: r.agrees_recontact != 0 },
        withdrawn: r.withdrawn != 0,
    }))
}

/// The server's refusal when a participant's consent does not cover an activity (for
/// sessions, recordings and quotes in later parts); `Ok` when it does.
pub async fn require_coverage(db: &Db, participant_id: i64, activity: Activity) -> Result<(), AppError> {
    covers(terms_of(db, participant_id).await?, activity).map_err(AppError::refused)
}

#[derive(Debug, Clone, Default)]
pub struct ConsentInput {
    /// The consent-form version shown on the page (or printed and signed).
    pub document_id: i64,
    pub consented_on: String,
    pub method: String,
    pub taken_by: String,
    pub quotes: bool,
    pub audio: bool,
    pub recontact: bool,
    /// The researcher confirms the participant saw this version and agreed.
    pub confirmed: bool,
}

/// What every consent record needs, however consent is given (recorded by a researcher or
/// given online): ethics approval complete, an approved consent form, the version shown
/// being one of this project's approved consent forms, and a participant who has not withdrawn.
pub(crate) async fn require_consent_allowed(db: &Db, project_id: i64, participant: &ParticipantRow, document_id: i64) -> Result<(), AppError> {
    fieldwork_clearance(db, project_id).await?.require()?;
    if current_form(db, project_id).await?.is_none() {
        return Err(AppError::refused(
            "Consent cannot be recorded until ethics approval is complete. Still needed: an approved consent form.",
        ));
    }
    if participant.withdrawn_on.is_some() {
        return Err(AppError::refused(format!("{} has withdrawn, so no new consent can be recorded.", participant.code)));
    }
    // The version shown must be a consent form on one of this project's approved applications.
    let (approved,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM ethics_documents d JOIN ethics_applications a ON a.id = d.application_id \
         WHERE d.id = $1 AND d.kind = 'consent_form' AND a.project_id = $2 AND a.state IN ('approved', 'approved_with_conditions')",
    )
    .bind(document_id)
    .bind(project_id)
    .fetch_one(db)
    .await?;
    if approved == 0 {
        return Err(AppError::refused("That consent form is not an approved version for this project. Open the page again and use the form shown."));
    }
    Ok(())
}

/// A checked consent record about to be written.
#[derive(Debug, Clone)]
pub(crate) struct NewConsent {
    pub participant_id: i64,
    pub document_id: i64,
    /// YYYY-MM-DD.
    pub consented_on: String,
    pub method: ConsentMethod,
    pub taken_by: Option<i64>,
    pub parts: OptionalParts,
    /// The user who recorded it; `None` when the participant gave it online.
    pub recorded_by: Option<i64>,
}

/// Writes a consent record and the participant's history (which writes the audit trail
/// too), inside the caller's transaction: the one place consent records are made.
pub(crate) async fn write_consent(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    project_id: i64,
    consent: &NewConsent,
    change: Change,
) -> Result<i64, AppError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO consent_records (participant_id, document_id, consented_on, method, taken_by, agrees_quotes, agrees_audio, \
         agrees_recontact, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(consent.participant_id)
    .bind(consent.document_id)
    .bind(&consent.consented_on)
    .bind(consent.method.as_str())
    .bind(consent.taken_by)
    .bind(i64::from(consent.parts.quotes))
    .bind(i64::from(consent.parts.audio))
    .bind(i64::from(consent.parts.recontact))
    .bind(consent.recorded_by)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    history::record(tx, project_id, consent.participant_id, change, consent.recorded_by).await?;
    Ok(id)
}

/// Records a participant's consent on an ethics-approved consent-form version. Refused
/// before ethics approval is complete, without an approved consent form, and for a
/// participant who has withdrawn. Online consent is not recorded here: only the participant
/// gives it, on the page behind their link (`online::service::give_consent`).
pub async fn record_consent(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    participant_id: i64,
    input: &ConsentInput,
) -> Result<i64, AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let participant = participant_in(db, project_id, participant_id).await?;
    require_consent_allowed(db, project_id, &participant, input.document_id).await?;
    let team = researchers(db, project_id).await?;
    let mut check = FormCheck::new();
    let date = check.field("consented_on", &input.consented_on, |v| {
        past_date(v, "the date consent was given", true).map(Option::unwrap_or_default)
    });
    check.keep("method", &input.method);
    let method = ConsentMethod::parse(&input.method).filter(|m| ConsentMethod::RECORDED_BY_RESEARCHER.contains(m));
    if method.is_none() {
        check.fail("method", "Choose how consent was given");
    }
    check.keep("taken_by", &input.taken_by);
    let taken_by = input.taken_by.trim().parse::<i64>().ok().filter(|id| team.iter().any(|(u, _)| u == id));
    if taken_by.is_none() {
        check.fail("taken_by", "Choose the researcher who took consent");
    }
    for (name, on) in [("quotes", input.quotes), ("audio", input.audio), ("recontact", input.recontact)] {
        if on {
            check.keep(name, "on");
        }
    }
    if !input.confirmed {
        check.fail("confirmed", "Tick to confirm the participant saw this version of the form and agreed");
    }
    let (consented_on, method, taken_by) = check.finish((date, method, taken_by))?;
    let consent = NewConsent {
        participant_id,
        document_id: input.document_id,
        consented_on,
        method,
        taken_by: Some(taken_by),
        parts: OptionalParts { quotes: input.quotes, audio: input.audio, recontact: input.recontact },
        recorded_by: Some(actor.user_id),
    };
    let mut tx = db.begin().await?;
    let id = write_consent(&mut tx, project_id, &consent, Change::ConsentRecorded).await?;
    tx.commit().await?;
    Ok(id)
}

/// A participant's page, for the project's researchers only.
pub async fn participant_page(db: &Db, actor: &Actor, project_id: i64, participant_id: i64) -> Result<ParticipantPage, AppError> {
    let ctx = access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let p = participant_in(db, project_id, participant_id).await?;
    let identity = identity(db, actor, project_id, participant_id).await?;
    Ok(ParticipantPage {
        project_id,
        today: crate::platform::time::today(),
        project_title: ctx.title,
        id: p.id,
        code: p.code,
        site: p.site,
        joined_on: readable_date(&p.joined_on),
        withdrawn_on: p.withdrawn_on.as_deref().map(readable_date),
        identity,
        consents: consent_rows(db, participant_id).await?.into_iter().map(ConsentRow::into_view).collect(),
        form: current_form(db, project_id).await?,
        clearance_missing: fieldwork_clearance(db, project_id).await?.missing,
        researchers: researchers(db, project_id).await?,
        me: actor.user_id,
        withdrawals: withdrawals_of(db, participant_id).await?,
        history: history::of_participant(db, participant_id).await?,
    })
}

/// One consent record as printed on A4, with the text of the form version it was taken on.
pub async fn consent_print(
    db: &Db,
    actor: &Actor,
    project_id: i64,
    participant_id: i64,
    consent_id: i64,
) -> Result<ConsentPrint, AppError> {
    let ctx = access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let p = participant_in(db, project_id, participant_id).await?;
    let row = sqlx::query_as::<_, ConsentRow>(&format!("{CONSENT_SQL} WHERE c.id = $1 AND c.participant_id = $2"))
        .bind(consent_id)
        .bind(participant_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (body, group_name): (String, String) = sqlx::query_as(
        "SELECT d.body, g.name FROM ethics_documents d, projects pr JOIN organisations g ON g.id = pr.organisation_id \
         WHERE d.id = $1 AND pr.id = $2",
    )
    .bind(row.document_id)
    .bind(project_id)
    .fetch_one(db)
    .await?;
    let identity = identity(db, actor, project_id, participant_id).await?;
    let signed_name: Option<String> =
        sqlx::query_scalar("SELECT signed_name FROM consent_invitations WHERE consent_record_id = $1 AND signed_name IS NOT NULL")
            .bind(consent_id)
            .fetch_optional(db)
            .await?;
    Ok(ConsentPrint {
        project_id,
        project_title: ctx.title,
        group_name,
        participant_id,
        code: p.code,
        full_name: identity.full_name,
        signed_name,
        consent: row.into_view(),
        form_body_html: to_safe_html(&body),
        withdrawn_on: p.withdrawn_on.as_deref().map(readable_date),
    })
}
