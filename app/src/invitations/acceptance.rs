//! Who takes up an invitation: the rules every invitation shares, checked before
//! anything changes.

use crate::error::{AppError, OnUnique};
use crate::identity::CurrentUser;
use crate::platform::crypto::hash_password;
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::validate::{self, FormCheck};

/// The account that uses an e-mail address, if there is one.
pub async fn account_id_for(db: &Db, email: &str) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// Creates an account whose address is already known to be right (an accepted
/// invitation, or demo data). Returns the new id.
pub async fn create_verified_account(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    name: &str,
    email: &str,
    password_hash: &str,
) -> Result<i64, sqlx::Error> {
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (name, email, password_hash, email_verified_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4, $4) RETURNING id",
    )
    .bind(name)
    .bind(email)
    .bind(password_hash)
    .bind(at)
    .fetch_one(executor)
    .await?;
    Ok(id)
}

/// Who takes up an invitation sent to an e-mail address: the signed-in person, or
/// someone new whose account is made from the form (the e-mailed link shows they own
/// the address).
pub enum Acceptor {
    SignedIn(i64),
    NewAccount { name: String, password_hash: String },
}

/// The rules every invitation shares, checked before anything changes: an address that
/// belongs to another account must be accepted from that account, someone with an
/// account signs in first, and a newcomer's name and password are checked. `to_accept`
/// ends "Sign in to accept …" ("this invitation", "your place"). With
/// `same_address_only`, a signed-in person accepts only at their own address.
pub async fn acceptor(
    db: &Db,
    email: &str,
    me: Option<&CurrentUser>,
    name: Option<&str>,
    password: Option<&str>,
    to_accept: &str,
    same_address_only: bool,
) -> Result<Acceptor, AppError> {
    let owner = account_id_for(db, email).await?;
    match (me, owner) {
        (Some(me), Some(owner)) if owner != me.id => Err(AppError::refused(format!(
            "This invitation was sent to {email}, which belongs to another account. Sign out, then sign in with that address to accept it."
        ))),
        (Some(me), None) if same_address_only && me.email != email => Err(AppError::refused(format!(
            "This invitation was sent to {email}. Sign out first, then open the link again to make an account with that address."
        ))),
        (Some(me), _) => Ok(Acceptor::SignedIn(me.id)),
        (None, Some(_)) => {
            Err(AppError::refused(format!("You already have an account with {email}. Sign in to accept {to_accept}.")))
        }
        (None, None) => {
            let mut check = FormCheck::new();
            let name = check.field("name", name.unwrap_or_default(), validate::person_name);
            let strong = check.secret("password", password.unwrap_or_default(), |p| {
                validate::new_password(p, name.as_deref().unwrap_or_default(), email)
            });
            let (name, ()) = check.finish((name, strong))?;
            let password_hash = hash_password(password.unwrap_or_default().to_string()).await?;
            Ok(Acceptor::NewAccount { name, password_hash })
        }
    }
}

impl Acceptor {
    /// The accepting account's id, making the new account inside the caller's transaction.
    pub async fn user_id(&self, conn: &mut sqlx::AnyConnection, email: &str, to_accept: &str) -> Result<i64, AppError> {
        match self {
            Acceptor::SignedIn(id) => Ok(*id),
            Acceptor::NewAccount { name, password_hash } => {
                create_verified_account(conn, name, email, password_hash).await.on_unique(|| {
                    AppError::refused(format!(
                        "An account with {email} was created a moment ago. Sign in to accept {to_accept}."
                    ))
                })
            }
        }
    }

    /// A new account is signed in once the acceptance is saved.
    pub fn is_new_account(&self) -> bool {
        matches!(self, Acceptor::NewAccount { .. })
    }
}

/// Which kind of invitation a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationKind {
    /// A place in a group or organisation (`invitations`).
    Membership,
    /// A place on a cohort (`cohort_invitations`).
    CohortPlace,
    /// Reviewing one ethics application from outside the project (`ethics_review_invitations`).
    EthicsReview,
}

impl InvitationKind {
    fn table(self) -> &'static str {
        match self {
            InvitationKind::Membership => "invitations",
            InvitationKind::CohortPlace => "cohort_invitations",
            InvitationKind::EthicsReview => "ethics_review_invitations",
        }
    }
}

/// Marks a live invitation as taken up by `user_id`, inside the caller's transaction.
/// The update only matches an invitation nobody has used, withdrawn or let expire, so of
/// two people (or two clicks) at once, one wins and the other is told.
pub async fn claim_invitation(
    conn: &mut sqlx::AnyConnection,
    kind: InvitationKind,
    invitation_id: i64,
    user_id: i64,
    at: i64,
) -> Result<(), AppError> {
    let claimed = sqlx::query(&format!(
        "UPDATE {} SET accepted_at = $1, accepted_by = $2 WHERE id = $3 \
         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
        kind.table()
    ))
    .bind(at)
    .bind(user_id)
    .bind(invitation_id)
    .execute(&mut *conn)
    .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::refused("This invitation has already been used."));
    }
    let entry = crate::platform::audit::Entry::new(Some(user_id), crate::platform::audit::Action::InvitationAccepted, kind.table(), Some(invitation_id));
    crate::platform::audit::record(conn, entry).await?;
    Ok(())
}
