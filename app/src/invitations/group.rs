//! Writing an invitation to join a group or organisation: the one place that makes
//! the row and its link.

use crate::error::AppError;
use crate::identity::Role;
use crate::platform::crypto::{hash_token, random_token};

/// How long a group invitation link works.
pub const GROUP_INVITATION_DAYS: i64 = 14;

/// An invitation about to be written.
pub struct NewGroupInvitation<'a> {
    pub organisation_id: i64,
    pub email: &'a str,
    pub role: Role,
    pub is_lead: bool,
    pub invited_by: i64,
    /// When it is sent (seconds); it works for [`GROUP_INVITATION_DAYS`] from then.
    pub at: i64,
}

/// Writes the invitation inside the caller's transaction and returns the token for
/// its link (only the token's hash is stored).
pub async fn write_group_invitation(
    conn: &mut sqlx::AnyConnection,
    invitation: &NewGroupInvitation<'_>,
) -> Result<String, AppError> {
    let token = random_token();
    let (invitation_id,): (i64,) = sqlx::query_as(
        "INSERT INTO invitations (organisation_id, email, role, is_lead, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(invitation.organisation_id)
    .bind(invitation.email)
    .bind(invitation.role.as_str())
    .bind(invitation.is_lead as i64)
    .bind(hash_token(&token))
    .bind(invitation.invited_by)
    .bind(invitation.at)
    .bind(invitation.at + GROUP_INVITATION_DAYS * 24 * 3600)
    .fetch_one(&mut *conn)
    .await?;
    let entry = crate::platform::audit::Entry::new(Some(invitation.invited_by), crate::platform::audit::Action::InvitationSent, "invitations", Some(invitation_id))
        .in_organisation(invitation.organisation_id);
    crate::platform::audit::record(conn, entry).await?;
    Ok(token)
}
