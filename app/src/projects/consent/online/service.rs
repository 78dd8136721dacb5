//! Online consent (server only): sending the link, what the participant's page says about
//! it, the public page behind it, and the participant's answer. Tokens are made and checked
//! as every e-mailed link is (`platform::crypto`), and a link's refusals are the shared
//! invitation ones (`invitations::check_invitation_live`).

use crate::error::AppError;
use crate::identity::Actor;
use crate::invitations::{check_invitation_live, InvitationWording};
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::markdown::to_safe_html;
use crate::platform::state::AppState;
use crate::platform::time::{format_date, now, today};
use crate::projects::access::{self, Need};
use crate::projects::consent::history::{self, Change};
use crate::projects::consent::online::*;
use crate::projects::consent::participants::{participant_in, ParticipantRow};
use crate::projects::consent::records::{current_form, require_consent_allowed, write_consent, NewConsent};
use crate::projects::consent::{ConsentMethod, OptionalParts};
use crate::projects::ethics::clearance::approved_document;
use crate::projects::ethics::DocumentKind;
use crate::validate::{self, readable_date, FormCheck};

/// Said when a researcher tries to send a link to someone with no e-mail address.
pub const NO_EMAIL: &str = "There is no e-mail address for this participant, so a link cannot be sent. Add one under \
     \"Correct the name or contact details\", or take consent on paper or read aloud.";

/// The participant's name and e-mail address (empty when none is held), for the
/// researchers' services only.
async fn contact_of(db: &Db, participant_id: i64) -> Result<(String, String), AppError> {
    let row: Option<(String, String)> = sqlx::query_as("SELECT full_name, email FROM participant_identities WHERE participant_id = $1")
        .bind(participant_id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(n, e)| (n, e.trim().to_string())).unwrap_or_default())
}

/// Why no link can be sent to this participant now, in words for the team.
async fn cannot_send(db: &Db, project_id: i64, participant: &ParticipantRow, has_email: bool) -> Result<Option<String>, AppError> {
    let Some(form) = current_form(db, project_id).await? else {
        return Ok(Some("Consent cannot be taken yet: there is no ethics-approved consent form.".into()));
    };
    if let Err(refusal) = require_consent_allowed(db, project_id, participant, form.document_id).await {
        return Ok(Some(refusal.to_string()));
    }
    Ok((!has_email).then(|| NO_EMAIL.to_string()))
}

/// E-mails the participant a link to give consent online. Only the project's researchers
/// (who may see identities), only when consent could be recorded now, and only to the
/// address in the identity record. A link sent earlier and not used stops working.
pub async fn send_link(state: &AppState, actor: &Actor, project_id: i64, participant_id: i64) -> Result<(), AppError> {
    let db = &state.db;
    let ctx = access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let participant = participant_in(db, project_id, participant_id).await?;
    let (name, email) = contact_of(db, participant_id).await?;
    if let Some(reason) = cannot_send(db, project_id, &participant, !email.is_empty()).await? {
        return Err(AppError::refused(reason));
    }
    let token = random_token();
    let at = now();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE consent_invitations SET revoked_at = $1 WHERE participant_id = $2 AND used_at IS NULL AND revoked_at IS NULL")
        .bind(at)
        .bind(participant_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO consent_invitations (project_id, participant_id, token_hash, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(project_id)
    .bind(participant_id)
    .bind(hash_token(&token))
    .bind(actor.user_id)
    .bind(at)
    .bind(at + ONLINE_CONSENT_DAYS * 24 * 3600)
    .execute(&mut *tx)
    .await?;
    history::record(&mut tx, project_id, participant_id, Change::OnlineConsentSent, actor.user_id).await?;
    tx.commit().await?;
    let (researcher, group): (String, String) = sqlx::query_as(
        "SELECT u.name, g.name FROM users u, projects p JOIN organisations g ON g.id = p.organisation_id WHERE u.id = $1 AND p.id = $2",
    )
    .bind(actor.user_id)
    .bind(project_id)
    .fetch_one(db)
    .await?;
    let link = state.config.link(&format!("/consent/{token}"));
    // The name and address go only into the e-mail itself, never into the link or a log.
    state
        .mailer
        .send_or_log(Email {
            to_name: name,
            to_address: email,
            subject: format!("Taking part in \"{}\": your consent form", ctx.title),
            body: format!(
                "{researcher} of {group} has sent you the consent form for the research project \"{}\".\n\n\
                 Open this link to read the information sheet and the consent form. If you would like to take part, \
                 you can give your consent there, on the same page:\n\n{link}\n\n\
                 The link works once and for {ONLINE_CONSENT_DAYS} days. If you would rather not take part, you need not do \
                 anything. If you have questions, or would rather talk it through or sign on paper, contact {researcher}.",
                ctx.title
            ),
            why: "You are getting this e-mail because you told a research team you might take part in their project.".into(),
        })
        .await;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct LinkRow {
    created_at: i64,
    signed_name: Option<String>,
    sent_by: Option<String>,
    expires_at: i64,
    used_at: Option<i64>,
    revoked_at: Option<i64>,
}

/// The online consent part of a participant's page: whether an address is held (never the
/// address), whether a link can be sent, and the newest link's state.
pub async fn panel(db: &Db, actor: &Actor, project_id: i64, participant_id: i64) -> Result<OnlineConsentPanel, AppError> {
    access::require(db, actor, project_id, Need::DoFieldwork).await?;
    let participant = participant_in(db, project_id, participant_id).await?;
    let has_email = !contact_of(db, participant_id).await?.1.is_empty();
    let latest = sqlx::query_as::<_, LinkRow>(
        "SELECT i.created_at, i.signed_name, u.name AS sent_by, i.expires_at, i.used_at, i.revoked_at FROM consent_invitations i \
         LEFT JOIN users u ON u.id = i.created_by WHERE i.participant_id = $1 ORDER BY i.id DESC LIMIT 1",
    )
    .bind(participant_id)
    .fetch_optional(db)
    .await?;
    let at = now();
    Ok(OnlineConsentPanel {
        project_id,
        participant_id,
        cannot_send: cannot_send(db, project_id, &participant, has_email).await?,
        code: participant.code,
        has_email,
        latest: latest.map(|l| LinkView {
            sent_on: format_date(l.created_at),
            sent_by: l.sent_by.unwrap_or_else(|| "A former user".into()),
            expires_on: format_date(l.expires_at),
            used_on: l.used_at.map(format_date),
            signed_name: l.signed_name,
            state: LinkState::of(l.used_at, l.revoked_at, l.expires_at, at),
        }),
    })
}

/// A link as read back by its token.
#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: i64,
    project_id: i64,
    participant_id: i64,
    created_by: Option<i64>,
    invited_by: Option<String>,
    project_title: String,
    group_name: String,
    expires_at: i64,
    used_at: Option<i64>,
    revoked_at: Option<i64>,
}

/// A participant is sent a link, not an invitation: the refusals say so.
const BROKEN_CONSENT_LINK: &str =
    "This link does not work. It may have been copied only in part: try opening it from the e-mail again.";

/// The link behind a token, if it still works; otherwise a refusal that says why (unknown,
/// used, replaced, expired, or the participant has withdrawn).
async fn live_link(db: &Db, token: &str) -> Result<(InvitationRow, ParticipantRow), AppError> {
    let row = sqlx::query_as::<_, InvitationRow>(
        "SELECT i.id, i.project_id, i.participant_id, i.created_by, u.name AS invited_by, p.title AS project_title, \
         g.name AS group_name, i.expires_at, i.used_at, i.revoked_at FROM consent_invitations i \
         JOIN projects p ON p.id = i.project_id JOIN organisations g ON g.id = p.organisation_id \
         LEFT JOIN users u ON u.id = i.created_by WHERE i.token_hash = $1",
    )
    .bind(hash_token(token.trim()))
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::refused(BROKEN_CONSENT_LINK))?;
    check_invitation_live(
        row.used_at,
        row.revoked_at,
        row.expires_at,
        row.invited_by.as_deref(),
        &InvitationWording {
            noun: "link",
            already_accepted: "This link has already been used to give consent, and each link works only once. \
                 Thank you: the research team has your consent.",
            or_else: "ask the research team for a new one",
            unknown_inviter: "the research team",
        },
    )?;
    let participant = participant_in(db, row.project_id, row.participant_id).await?;
    if participant.withdrawn_on.is_some() {
        return Err(AppError::refused(
            "This link no longer works: the research team has recorded that you have stopped taking part. \
             If that is a mistake, please contact them.",
        ));
    }
    Ok((row, participant))
}

/// What the participant sees behind a working link: the approved information sheet and
/// consent form, the statements to tick and the optional parts.
pub async fn consent_form(db: &Db, token: &str) -> Result<OnlineConsentForm, AppError> {
    let (row, participant) = live_link(db, token).await?;
    let form = approved_form(db, &row, &participant).await?;
    let sheet = approved_document(db, row.project_id, DocumentKind::InformationSheet).await?;
    Ok(OnlineConsentForm {
        project_title: row.project_title,
        group_name: row.group_name,
        invited_by: row.invited_by.unwrap_or_else(|| "The research team".into()),
        today: readable_date(&today()),
        information_sheet: sheet.map(|d| DocumentText { version_no: d.doc_version, title: d.title, body_html: to_safe_html(&d.body) }),
        statements: required_statements(&form.body),
        document_id: form.id,
        form: DocumentText { version_no: form.doc_version, title: form.title, body_html: to_safe_html(&form.body) },
    })
}

/// The approved consent form consent is given on now, when consent may be given at all.
async fn approved_form(
    db: &Db,
    row: &InvitationRow,
    participant: &ParticipantRow,
) -> Result<crate::projects::ethics::clearance::ApprovedDocument, AppError> {
    let form = approved_document(db, row.project_id, DocumentKind::ConsentForm).await?;
    let allowed = match &form {
        Some(form) => require_consent_allowed(db, row.project_id, participant, form.id).await.is_ok(),
        None => false,
    };
    match form {
        Some(form) if allowed => Ok(form),
        _ => Err(AppError::refused(format!(
            "Consent cannot be given online at the moment. Please contact {}, who sent you the link.",
            row.invited_by.as_deref().unwrap_or("the research team")
        ))),
    }
}

/// What the participant sent from the online consent page.
#[derive(Debug, Clone, Default)]
pub struct OnlineConsentInput {
    /// The consent-form version the page showed.
    pub document_id: i64,
    /// Which required statements were ticked, by their place on the page.
    pub ticked: Vec<usize>,
    pub parts: OptionalParts,
    /// Their full name, typed as a signature.
    pub full_name: String,
}

/// The participant gives consent online: every statement ticked and their name typed make a
/// consent record (method "online", today's date, the consent form shown, the optional parts
/// chosen, taken by the researcher who sent the link) with its history and audit entry,
/// and the link stops working. Of two answers sent at once, one wins.
pub async fn give_consent(db: &Db, token: &str, input: &OnlineConsentInput) -> Result<i64, AppError> {
    let (row, participant) = live_link(db, token).await?;
    let form = approved_form(db, &row, &participant).await?;
    if input.document_id != form.id {
        return Err(AppError::refused(
            "The consent form has changed since you opened this page. Please open the link again and read the new version.",
        ));
    }
    let statements = required_statements(&form.body);
    let mut check = FormCheck::new();
    for index in &input.ticked {
        check.keep(&statement_field(*index), "on");
    }
    let unticked: Vec<String> =
        (0..statements.len()).filter(|i| !input.ticked.contains(i)).map(|i| (i + 1).to_string()).collect();
    if !unticked.is_empty() {
        check.fail(
            "statements",
            if unticked.len() == statements.len() {
                "Tick each statement to say you agree. You can only take part if you agree with all of them.".to_string()
            } else {
                format!("Tick each statement to say you agree. Not ticked yet: number {}.", unticked.join(", "))
            },
        );
    }
    for part in OptionalPart::ALL {
        let on = match part {
            OptionalPart::Quotes => input.parts.quotes,
            OptionalPart::Audio => input.parts.audio,
            OptionalPart::Recontact => input.parts.recontact,
        };
        if on {
            check.keep(part.field(), "on");
        }
    }
    let name = check.field("full_name", &input.full_name, |v| validate::line(v, "your full name", validate::NAME_MAX, true));
    let (signed_name,) = check.finish((name,))?;
    let at = now();
    let mut tx = db.begin().await?;
    // Claim the link: only an unused, unreplaced, unexpired link of someone who has not
    // withdrawn. Of two answers sent at once only one changes the row.
    let claimed = sqlx::query(
        "UPDATE consent_invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1 \
         AND EXISTS (SELECT 1 FROM participants p WHERE p.id = consent_invitations.participant_id AND p.withdrawn_on IS NULL)",
    )
    .bind(at)
    .bind(row.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed != 1 {
        tx.rollback().await?;
        // Say why, as a fresh look at the link does.
        live_link(db, token).await?;
        return Err(AppError::refused("This link has already been used to give consent, and each link works only once."));
    }
    let consent = NewConsent {
        participant_id: row.participant_id,
        document_id: form.id,
        consented_on: today(),
        method: ConsentMethod::Online,
        taken_by: row.created_by,
        parts: input.parts,
        recorded_by: None,
    };
    let consent_id = write_consent(&mut tx, row.project_id, &consent, Change::ConsentGivenOnline).await?;
    sqlx::query("UPDATE consent_invitations SET consent_record_id = $1, signed_name = $2 WHERE id = $3")
        .bind(consent_id)
        .bind(&signed_name)
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(consent_id)
}
