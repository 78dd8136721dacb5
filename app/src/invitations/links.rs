//! Whether an invitation link still works, and what to say when it does not.

use crate::error::AppError;
use crate::platform::time::now;

/// Said when an invitation link matches nothing.
pub const BROKEN_INVITATION_LINK: &str =
    "This invitation link does not work. It may have been copied only in part: try opening it from the e-mail again.";

/// What an invitation's refusals say where group invitations and cohort places differ.
pub struct InvitationWording {
    /// What the person was sent, as they would call it: "invitation", or "link" for a
    /// participant's consent link.
    pub noun: &'static str,
    /// The whole message for a link already used.
    pub already_accepted: &'static str,
    /// Ends "Use the link in the newest e-mail, or …" for a withdrawn invitation.
    pub or_else: &'static str,
    /// Who to ask for a new one when the inviter's account is gone.
    pub unknown_inviter: &'static str,
}

/// An invitation link works once, until it expires or is withdrawn; each refusal says
/// what to do next.
pub fn check_invitation_live(
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
    expires_at: i64,
    invited_by: Option<&str>,
    wording: &InvitationWording,
) -> Result<(), AppError> {
    if accepted_at.is_some() {
        return Err(AppError::refused(wording.already_accepted));
    }
    if revoked_at.is_some() {
        return Err(AppError::refused(format!(
            "This {} was withdrawn or replaced by a newer one. Use the link in the newest e-mail, or {}.",
            wording.noun, wording.or_else
        )));
    }
    if expires_at <= now() {
        return Err(AppError::refused(format!(
            "This {} has expired. Ask {} for a new one.",
            wording.noun,
            invited_by.unwrap_or(wording.unknown_inviter)
        )));
    }
    Ok(())
}
