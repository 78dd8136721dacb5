//! Invitation links, shared by group invitations (organisations) and cohort places
//! (training): whether a link still works, who may take it up, and writing a group
//! invitation. A lower layer: it imports no feature.

mod acceptance;
mod group;
mod links;

pub use acceptance::{account_id_for, acceptor, claim_invitation, create_verified_account, Acceptor, InvitationKind};
pub use group::{write_group_invitation, NewGroupInvitation, GROUP_INVITATION_DAYS};
pub use links::{check_invitation_live, InvitationWording, BROKEN_INVITATION_LINK};
