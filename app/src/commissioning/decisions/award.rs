//! The award: where a commissioner's decision becomes the group's project. This is the one
//! place commissioning hands over to projects: inside the award's transaction it gives
//! projects the agreed terms ([`crate::projects::AwardTerms`]), and projects keeps its own
//! copy (server only).

use crate::commissioning::decisions::service::response_for_decision;
use crate::commissioning::records::{send_all, BriefRow, Person, ResponseRow, MEDIUM_TEXT_MAX};
use crate::commissioning::{BriefStep, ResponseState, ResponseStep};
use crate::error::{AppError, OnUnique};
use crate::identity::Actor;
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::projects::{AgreedWork, AwardTerms};
use crate::validate::{self, FormCheck};

/// What was agreed: the brief's terms and the winning response, as the project keeps them.
fn agreed_terms(brief: &BriefRow, response: &ResponseRow, awarded_by: i64, at: i64) -> AwardTerms {
    let f = &brief.fields;
    let r = &response.fields;
    AwardTerms {
        brief_id: brief.id,
        response_id: response.id,
        title: f.title.clone(),
        group_id: response.group_id,
        commissioner_organisation_id: brief.organisation_id,
        contact_user_id: Some(awarded_by),
        contact_name: f.contact_name.clone(),
        contact_email: f.contact_email.clone(),
        lead_user_id: response.submitted_by,
        brief_summary: f.summary.clone(),
        brief_questions: f.questions.clone(),
        brief_outputs: f.outputs.clone(),
        start_date: f.start_date.clone(),
        report_due: f.report_due.clone(),
        work: AgreedWork {
            approach: r.approach.clone(),
            lived_experience: r.lived_experience.clone(),
            team: r.team.clone(),
            timeline: r.timeline.clone(),
            ethics_route: r.ethics_route.clone(),
            costs: r.costs,
            other_note: r.other_note.clone(),
        },
        agreed_at: at,
    }
}

#[derive(sqlx::FromRow)]
struct DecidedPerson {
    group_name: String,
    outcome: String,
    name: String,
    email: String,
}

/// Awards the brief to one submitted response, declines the others with the feedback,
/// and creates the project. Only one award per brief, even when two people click at once:
/// the brief's state changes only if it is still open, and that is checked in the same
/// statement inside the transaction.
pub async fn award(state: &AppState, actor: &Actor, response_id: i64, feedback: &str) -> Result<i64, AppError> {
    let db = &state.db;
    let (response, brief) = response_for_decision(db, actor, response_id).await?;
    brief.state.after(BriefStep::Award).map_err(AppError::refused)?;
    response.state.after(ResponseStep::Decide).map_err(|_| {
        AppError::refused(match response.state {
            ResponseState::Withdrawn => "This response was withdrawn by the group, so it cannot be awarded.",
            _ => "Only a submitted response can be awarded.",
        })
    })?;
    let mut check = FormCheck::new();
    let feedback = check.field("feedback", feedback, |v| {
        validate::text(v, "feedback for the groups not chosen", MEDIUM_TEXT_MAX, false)
    });
    let (feedback,) = check.finish((feedback,))?;
    let (others,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM responses WHERE brief_id = $1 AND state = 'submitted' AND id <> $2")
            .bind(brief.id)
            .bind(response_id)
            .fetch_one(db)
            .await?;
    if others > 0 && feedback.is_empty() {
        return Err(AppError::field("feedback", "Write some feedback for the groups not chosen: it helps them next time"));
    }

    let at = now();
    let mut tx = db.begin().await?;
    let claimed =
        sqlx::query("UPDATE briefs SET state = 'awarded', updated_at = $1 WHERE id = $2 AND state IN ('published', 'closed')")
            .bind(at)
            .bind(brief.id)
            .execute(&mut *tx)
            .await?;
    if claimed.rows_affected() != 1 {
        return Err(AppError::refused("This brief has just been awarded or withdrawn by someone else. Look at it again."));
    }
    let won = sqlx::query(
        "UPDATE responses SET state = 'awarded', decided_at = $1, updated_at = $1 WHERE id = $2 AND brief_id = $3 AND state = 'submitted'",
    )
    .bind(at)
    .bind(response_id)
    .bind(brief.id)
    .execute(&mut *tx)
    .await?;
    if won.rows_affected() != 1 {
        return Err(AppError::refused("This response was withdrawn a moment ago, so it cannot be awarded."));
    }
    sqlx::query(
        "UPDATE responses SET state = 'declined', feedback = $1, decided_at = $2, updated_at = $2, shortlisted = 0 \
         WHERE brief_id = $3 AND state = 'submitted'",
    )
    .bind(&feedback)
    .bind(at)
    .bind(brief.id)
    .execute(&mut *tx)
    .await?;
    // One project per brief: the UNIQUE constraint on projects.brief_id is the last guard.
    let terms = agreed_terms(&brief, &response, actor.user_id, at);
    let project_id = crate::projects::service::create_from_award(&mut tx, &terms)
        .await
        .on_unique(|| AppError::refused("This brief has just been awarded by someone else. Look at it again."))?;
    tx.commit().await?;

    // Tell everyone in every group that sent a response what was decided (one query for all).
    let decided = sqlx::query_as::<_, DecidedPerson>(
        "SELECT o.name AS group_name, r.state AS outcome, u.name, u.email FROM responses r \
         JOIN organisations o ON o.id = r.organisation_id JOIN memberships m ON m.organisation_id = r.organisation_id \
         JOIN users u ON u.id = m.user_id WHERE r.brief_id = $1 AND r.state IN ('awarded', 'declined') ORDER BY r.id, u.name",
    )
    .bind(brief.id)
    .fetch_all(db)
    .await?;
    for DecidedPerson { group_name, outcome, name, email } in decided {
        // The winners hear where their project is; the others hear the feedback.
        let (subject, body) = if outcome == "awarded" {
            let link = state.config.link(&format!("/projects/{project_id}"));
            (
                format!("{group_name} has been awarded \"{}\"", brief.fields.title),
                format!(
                    "Good news: {} has chosen {group_name}'s response to \"{}\". A project has been set up with what was agreed:\n\n{link}",
                    brief.commissioner, brief.fields.title
                ),
            )
        } else {
            let link = state.config.link(&format!("/briefs/{}", brief.id));
            (
                format!("Decision on \"{}\"", brief.fields.title),
                format!(
                    "{} has chosen another group's response to \"{}\". Thank you for responding.\n\nTheir feedback:\n\n{feedback}\n\n{link}",
                    brief.commissioner, brief.fields.title
                ),
            )
        };
        let why = format!("You are getting this e-mail because you are in {group_name}.");
        send_all(state, vec![Person { name, email }], &subject, &body, &why).await;
    }
    Ok(project_id)
}

