//! Founding a new research group from a cohort's graduates: the training side (who may
//! found it, the form, which graduates) and the e-mails to the founders. Creating the
//! group and its invitations belongs to organisations; the server function composes both.

use crate::error::{AppError, FormErrors};
use crate::identity::Actor;
use crate::invitations::GROUP_INVITATION_DAYS;
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::training::cohort_ctx::require_run;
use crate::training::graduation::service::certified_emails;
use crate::validate::{self, FormCheck};

/// A group the cohort's trainer may found, checked: its name and description, and the
/// founders' addresses (each holds a certificate from this cohort).
pub struct Founding {
    pub name: String,
    pub description: String,
    pub founder_emails: Vec<String>,
}

impl Founding {
    /// What to say when the name is taken, keeping what was typed.
    pub fn name_taken(&self) -> AppError {
        let mut errors = FormErrors::default();
        errors.keep("group_name", &self.name);
        errors.keep("group_description", &self.description);
        errors.add("group_name", "There is already a group or organisation with this name");
        AppError::Invalid(errors)
    }
}

/// Checks that the person runs the cohort, the form, and that every founder chosen holds
/// a certificate from it.
pub async fn check_founding(
    db: &Db,
    actor: &Actor,
    cohort_id: i64,
    name: &str,
    description: &str,
    founders: &[i64],
) -> Result<Founding, AppError> {
    require_run(db, actor, cohort_id).await?;
    let mut check = FormCheck::new();
    let name = check.field("group_name", name, |n| validate::line(n, "the new group's name", validate::ORG_NAME_MAX, true));
    let description =
        check.field("group_description", description, |d| validate::text(d, "a description", validate::SHORT_TEXT_MAX, false));
    if founders.is_empty() {
        check.fail("founders", "Choose at least one graduate to found the group");
    }
    let (name, description) = check.finish((name, description))?;
    let certified = certified_emails(db, cohort_id, founders).await?;
    let mut founder_emails = Vec::new();
    for user_id in founders {
        let (_, email) = certified
            .iter()
            .find(|(id, _)| id == user_id)
            .ok_or_else(|| AppError::field("founders", "Only people with a certificate from this cohort can found a group"))?;
        founder_emails.push(email.clone());
    }
    Ok(Founding { name, description, founder_emails })
}

/// Tells each founder their group is ready, with their own invitation link.
pub async fn tell_founders(state: &AppState, inviter_name: &str, founding: &Founding, tokens: &[(String, String)]) {
    let name = &founding.name;
    for (email, token) in tokens {
        let link = state.config.link(&format!("/invitations/{token}"));
        state
            .mailer
            .send_or_log(Email {
                to_name: "there".into(),
                to_address: email.clone(),
                subject: format!("Your new research group, {name}, is ready on CoResearch"),
                body: format!(
                    "{inviter_name} has set up {name} on CoResearch for you and the others founding it, as its coordinators.\n\n\
                     To accept, open this link:\n\n{link}\n\nThe invitation works for {GROUP_INVITATION_DAYS} days."
                ),
                why: format!("You are getting this e-mail because {inviter_name}, your trainer, set up the group with you."),
            })
            .await;
    }
}
