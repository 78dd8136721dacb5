//! Outside reviewers: a manager invites a committee secretary by e-mail to review one
//! application; the link (only its hash is stored, and it expires) lets them create an
//! account or sign in, and gives them a view of that application only (server only).

use crate::accounts::session;
use crate::authz::ethics::EthicsAction;
use crate::error::AppError;
use crate::identity::{Actor, CurrentUser};
use crate::invitations::{self, check_invitation_live, InvitationWording, BROKEN_INVITATION_LINK, GROUP_INVITATION_DAYS};
use crate::platform::crypto::{hash_token, random_token};
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::projects::ethics::records::{self, ApplicationCtx, EventKind};
use crate::projects::ethics::{ApplicationState, ReviewInvitationView, ReviewSummary, Route};
use crate::ui::pagination::{PageNumber, Paged};
use crate::validate::{self, FormCheck};

/// Invites someone by e-mail to review this application. Any earlier invitation to the
/// same address for it that was not taken up stops working.
pub async fn invite(state: &AppState, actor: &Actor, application_id: i64, email: &str) -> Result<ApplicationCtx, AppError> {
    let db = &state.db;
    let ctx = records::load_for(db, actor, application_id, EthicsAction::ManageApplication).await?;
    if matches!(ctx.state, ApplicationState::Withdrawn | ApplicationState::NotApproved) {
        return Err(AppError::refused("This application is closed, so nobody can be invited to review it."));
    }
    let mut check = FormCheck::new();
    let email = check.field("reviewer_email", email, validate::email);
    let (email,) = check.finish((email,))?;
    let at = now();
    let token = random_token();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE ethics_review_invitations SET revoked_at = $1 WHERE application_id = $2 AND email = $3 \
         AND accepted_at IS NULL AND revoked_at IS NULL",
    )
    .bind(at)
    .bind(ctx.id)
    .bind(&email)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO ethics_review_invitations (application_id, email, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(ctx.id)
    .bind(&email)
    .bind(hash_token(&token))
    .bind(actor.user_id)
    .bind(at)
    .bind(at + GROUP_INVITATION_DAYS * 24 * 3600)
    .execute(&mut *tx)
    .await?;
    records::log(&mut tx, ctx.id, ctx.version_no, EventKind::ReviewerInvited, &email, actor.user_id, at).await?;
    tx.commit().await?;
    let (inviter,): (String,) = sqlx::query_as("SELECT name FROM users WHERE id = $1").bind(actor.user_id).fetch_one(db).await?;
    let link = state.config.link(&format!("/ethics-reviews/{token}"));
    state
        .mailer
        .send_or_log(Email {
            to_name: String::new(),
            to_address: email.clone(),
            subject: format!("Please review an ethics application: \"{}\"", ctx.title),
            body: format!(
                "{inviter} has invited you to review the ethics application \"{}\" ({}).\n\n\
                 Open this link to see the application and its documents. There you can ask for further information, \
                 set conditions and record the committee's decision. You will see this application only.\n\n{link}\n\n\
                 The link works once and for {GROUP_INVITATION_DAYS} days.",
                ctx.title,
                ctx.route.label()
            ),
            why: "You are getting this e-mail because a research team asked you to review their ethics application.".into(),
        })
        .await;
    Ok(ctx)
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    id: i64,
    application_id: i64,
    project_id: i64,
    application_title: String,
    route: String,
    group_name: String,
    email: String,
    invited_by: Option<String>,
    expires_at: i64,
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
}

async fn live_invitation(db: &Db, token: &str) -> Result<InvitationRow, AppError> {
    let row = sqlx::query_as::<_, InvitationRow>(
        "SELECT i.id, i.application_id, a.project_id, a.title AS application_title, a.route, g.name AS group_name, i.email, \
         u.name AS invited_by, i.expires_at, i.accepted_at, i.revoked_at \
         FROM ethics_review_invitations i JOIN ethics_applications a ON a.id = i.application_id \
         JOIN projects p ON p.id = a.project_id JOIN organisations g ON g.id = p.organisation_id \
         LEFT JOIN users u ON u.id = i.invited_by WHERE i.token_hash = $1",
    )
    .bind(hash_token(token.trim()))
    .fetch_optional(db)
    .await?
    .ok_or_else(|| AppError::refused(BROKEN_INVITATION_LINK))?;
    check_invitation_live(
        row.accepted_at,
        row.revoked_at,
        row.expires_at,
        row.invited_by.as_deref(),
        &InvitationWording {
            noun: "invitation",
            already_accepted: "This invitation has already been accepted. Sign in, then open Applications you review.",
            or_else: "ask the research team for a new invitation",
            unknown_inviter: "the research team",
        },
    )?;
    Ok(row)
}

/// What the holder of the link sees before accepting.
pub async fn invitation_view(db: &Db, token: &str, me: Option<&CurrentUser>) -> Result<ReviewInvitationView, AppError> {
    let row = live_invitation(db, token).await?;
    let account_exists = invitations::account_id_for(db, &row.email).await?.is_some();
    Ok(ReviewInvitationView {
        application_title: row.application_title,
        route: Route::parse(&row.route).ok_or(AppError::Internal)?,
        group_name: row.group_name,
        email: row.email,
        invited_by: row.invited_by,
        account_exists,
        signed_in_as: me.map(|m| m.email.clone()),
    })
}

/// What accepting gives: where to go, and a session when a new account was made.
#[derive(Debug)]
pub struct Accepted {
    pub path: String,
    pub new_session: Option<String>,
}

/// Accepts a review invitation: a signed-in person with that address, or someone new
/// who creates an account from the form, becomes a reviewer of that one application.
pub async fn accept(
    db: &Db,
    token: &str,
    me: Option<&CurrentUser>,
    name: Option<&str>,
    password: Option<&str>,
) -> Result<Accepted, AppError> {
    let row = live_invitation(db, token).await?;
    let acceptor = invitations::acceptor(db, &row.email, me, name, password, "this invitation", true).await?;
    let at = now();
    let mut tx = db.begin().await?;
    let user_id = acceptor.user_id(&mut tx, &row.email, "this invitation").await?;
    invitations::claim_invitation(&mut tx, invitations::InvitationKind::EthicsReview, row.id, user_id, at).await?;
    sqlx::query(
        "INSERT INTO ethics_reviewers (application_id, user_id, added_at) VALUES ($1, $2, $3) \
         ON CONFLICT (application_id, user_id) DO NOTHING",
    )
    .bind(row.application_id)
    .bind(user_id)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let new_session = match acceptor.is_new_account() {
        true => Some(session::start(db, user_id).await?),
        false => None,
    };
    Ok(Accepted { path: format!("/projects/{}/ethics/{}?done=reviewer", row.project_id, row.application_id), new_session })
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    project_id: i64,
    application_id: i64,
    title: String,
    group_name: String,
    state: String,
}

/// The applications the person reviews from outside, newest first, a page at a time.
pub async fn my_reviews(db: &Db, actor: &Actor, page: PageNumber) -> Result<Paged<ReviewSummary>, AppError> {
    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ethics_reviewers WHERE user_id = $1")
        .bind(actor.user_id)
        .fetch_one(db)
        .await?;
    let rows = sqlx::query_as::<_, ReviewRow>(
        "SELECT a.project_id, a.id AS application_id, a.title, g.name AS group_name, a.state \
         FROM ethics_reviewers r JOIN ethics_applications a ON a.id = r.application_id \
         JOIN projects p ON p.id = a.project_id JOIN organisations g ON g.id = p.organisation_id \
         WHERE r.user_id = $1 ORDER BY r.added_at DESC, a.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(actor.user_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let items = rows
        .into_iter()
        .map(|r| ReviewSummary {
            project_id: r.project_id,
            application_id: r.application_id,
            title: r.title,
            group_name: r.group_name,
            state: ApplicationState::parse(&r.state).unwrap_or(ApplicationState::Draft),
        })
        .collect();
    Ok(Paged::new(items, page, total))
}
