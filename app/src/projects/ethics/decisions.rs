//! The committee's word on an application: a request for further information, the
//! decision with its reference, dates, letter and conditions, and closing conditions
//! (server only). Recorded by the outside reviewer, or by a manager from a letter.

use crate::platform::audit;
use crate::authz::ethics::EthicsAction;
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::projects::ethics::flow::{Outcome, Step};
use crate::projects::ethics::records::{self, ApplicationCtx, EventKind, Recipient, NOTE_MAX, TEXT_MAX};
use crate::projects::ethics::ApplicationState;
use crate::validate::{self, readable_date, FormCheck};

/// How many conditions the decision form offers; more are added one at a time after.
pub const CONDITION_ROWS: usize = 3;

/// The decision as typed in the form.
#[derive(Debug, Clone, Default)]
pub struct DecisionForm {
    pub outcome: String,
    pub reference: String,
    pub approved_on: String,
    pub expires_on: String,
    pub letter: String,
    /// (condition text, owner's user id) for each row of the form.
    pub conditions: Vec<(String, String)>,
}

/// A condition ready to write: its text and its owner on the team.
struct NewCondition {
    text: String,
    owner: i64,
}

/// The reviewer (or a manager from a letter) asks the team for further information.
pub async fn request_information(state: &AppState, actor: &Actor, application_id: i64, request: &str) -> Result<ApplicationCtx, AppError> {
    let db = &state.db;
    let ctx = records::load_for(db, actor, application_id, EthicsAction::RecordDecision).await?;
    let to = ctx.next(Step::RequestInformation)?;
    let mut check = FormCheck::new();
    let request = check.field("request", request, |v| validate::text(v, "what the team needs to tell or change", TEXT_MAX, true));
    let (request,) = check.finish((request,))?;
    let at = now();
    let mut tx = db.begin().await?;
    records::move_state(&mut tx, &ctx, to, at).await?;
    records::log(&mut tx, ctx.id, ctx.version_no, EventKind::InformationRequested, &request, actor.user_id, at).await?;
    tx.commit().await?;
    let link = state.config.link(&records::page_path(&ctx));
    records::send_all(
        state,
        records::managers(db, &ctx.project).await?,
        &format!("Further information requested on \"{}\"", ctx.title),
        &format!(
            "The ethics review of \"{}\" for {} needs further information from you:\n\n{request}\n\nAnswer it, and change any documents, here:\n\n{link}",
            ctx.title, ctx.project.title
        ),
        "You are getting this e-mail because you manage this project.",
    )
    .await;
    Ok(ctx)
}

/// Team members who may own a condition: everyone on the team but the commissioner's contact.
pub async fn team_ids(db: &crate::platform::db::Db, project_id: i64) -> Result<Vec<i64>, AppError> {
    let ids: Vec<(i64,)> =
        sqlx::query_as("SELECT user_id FROM project_team WHERE project_id = $1 AND role <> 'commissioner_contact'")
            .bind(project_id)
            .fetch_all(db)
            .await?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}

fn check_condition(check: &mut FormCheck, team: &[i64], n: usize, text: &str, owner: &str) -> Option<Option<NewCondition>> {
    let text_field = format!("condition_{n}");
    let owner_field = format!("owner_{n}");
    check.keep(&owner_field, owner);
    let text = check.field(&text_field, text, |v| validate::text(v, "the condition", NOTE_MAX, false))?;
    let owner = owner.trim();
    match (text.is_empty(), owner.is_empty()) {
        (true, true) => Some(None),
        (true, false) => {
            check.fail(&text_field, "Write the condition, or leave its owner empty");
            None
        }
        (false, true) => {
            check.fail(&owner_field, "Choose who on the team will see to this condition");
            None
        }
        (false, false) => match owner.parse::<i64>().ok().filter(|id| team.contains(id)) {
            Some(owner) => Some(Some(NewCondition { text, owner })),
            None => {
                check.fail(&owner_field, "Choose someone on the project team");
                None
            }
        },
    }
}

/// Records the decision. Of two people deciding at once, one wins; the other is told.
pub async fn record_decision(state: &AppState, actor: &Actor, application_id: i64, form: &DecisionForm) -> Result<ApplicationCtx, AppError> {
    let db = &state.db;
    let ctx = records::load_for(db, actor, application_id, EthicsAction::RecordDecision).await?;
    let team = team_ids(db, ctx.project.id).await?;
    let mut check = FormCheck::new();
    check.keep("outcome", &form.outcome);
    let outcome = Outcome::parse(&form.outcome);
    if outcome.is_none() {
        check.fail("outcome", "Choose the committee's decision");
    }
    let approving = outcome.is_some_and(|o| o != Outcome::NotApproved);
    let reference = check.field("reference", &form.reference, |v| validate::line(v, "the committee's reference", 100, approving));
    let approved_on = check.field("approved_on", &form.approved_on, |v| validate::date(v, "the approval date", approving));
    let expires_on = check.field("expires_on", &form.expires_on, |v| validate::date(v, "the expiry date", false));
    let letter = check.field("letter", &form.letter, |v| validate::text(v, "the decision letter", TEXT_MAX, false));
    if let (Some(Some(from)), Some(Some(to))) = (&approved_on, &expires_on) {
        if to <= from {
            check.fail("expires_on", format!("The expiry date must be after the approval date ({})", readable_date(from)));
        }
    }
    let mut conditions = Vec::new();
    let mut rows_ok = true;
    for (n, (text, owner)) in form.conditions.iter().enumerate().take(CONDITION_ROWS) {
        match check_condition(&mut check, &team, n + 1, text, owner) {
            Some(Some(c)) => conditions.push(c),
            Some(None) => {}
            None => rows_ok = false,
        }
    }
    match outcome {
        Some(Outcome::ApprovedWithConditions) if conditions.is_empty() && rows_ok => {
            check.fail("condition_1", "Write at least one condition, with its owner, for an approval with conditions")
        }
        Some(Outcome::Approved | Outcome::NotApproved) if !conditions.is_empty() => {
            check.fail("outcome", "There are conditions below: choose \"Approved with conditions\", or remove them")
        }
        _ => {}
    }
    let (outcome, reference, approved_on, expires_on, letter) = check.finish((outcome, reference, approved_on, expires_on, letter))?;
    if !rows_ok {
        return Err(AppError::Internal);
    }
    let to = ctx.next(Step::Decide(outcome))?;
    let at = now();
    let mut tx = db.begin().await?;
    let decided = sqlx::query(
        "UPDATE ethics_applications SET state = $1, reference = $2, approved_on = $3, expires_on = $4, decision_letter = $5, \
         decided_at = $6, decided_by = $7, updated_at = $6 WHERE id = $8 AND state = 'submitted' AND version_no = $9",
    )
    .bind(to.as_str())
    .bind(&reference)
    .bind(&approved_on)
    .bind(&expires_on)
    .bind(&letter)
    .bind(at)
    .bind(actor.user_id)
    .bind(ctx.id)
    .bind(ctx.version_no)
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() != 1 {
        let mut error = records::changed_meanwhile(&mut tx, ctx.id).await;
        if let AppError::Refused(message) = &mut error {
            *message = message.replace("Someone else already changed this application", "Someone else already recorded a decision or a request on this application");
        }
        return Err(error);
    }
    for c in &conditions {
        insert_condition(&mut tx, ctx.id, &c.text, c.owner, at).await?;
    }
    let line = if reference.is_empty() { to.label().to_string() } else { format!("{} (reference {reference})", to.label()) };
    records::log(&mut tx, ctx.id, ctx.version_no, EventKind::Decided, &line, actor.user_id, at).await?;
    let entry = audit::Entry::new(Some(actor.user_id), audit::Action::EthicsDecision, "ethics_application", Some(ctx.id));
    audit::record(&mut *tx, entry.in_project(ctx.project.id)).await?;
    tx.commit().await?;

    let link = state.config.link(&records::page_path(&ctx));
    let conditions_text = if conditions.is_empty() {
        String::new()
    } else {
        let lines: Vec<String> = conditions.iter().map(|c| format!("- {}", c.text)).collect();
        format!("\n\nConditions to close before fieldwork:\n{}", lines.join("\n"))
    };
    records::send_all(
        state,
        records::team_and_managers(db, &ctx.project).await?,
        &format!("Ethics decision on \"{}\": {}", ctx.title, to.label().to_lowercase()),
        &format!("The ethics decision on \"{}\" for {} is: {}.{conditions_text}\n\nRead the decision here:\n\n{link}", ctx.title, ctx.project.title, to.label().to_lowercase()),
        "You are getting this e-mail because you are on this project's team.",
    )
    .await;
    for c in &conditions {
        tell_owner(state, &ctx, c.owner, &c.text).await?;
    }
    Ok(ctx)
}

async fn insert_condition(conn: &mut sqlx::AnyConnection, application_id: i64, text: &str, owner: i64, at: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO ethics_conditions (application_id, text, owner_user_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(application_id)
        .bind(text)
        .bind(owner)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

async fn tell_owner(state: &AppState, ctx: &ApplicationCtx, owner: i64, text: &str) -> Result<(), AppError> {
    let person = sqlx::query_as::<_, Recipient>("SELECT name, email FROM users WHERE id = $1").bind(owner).fetch_all(&state.db).await?;
    let link = state.config.link(&records::page_path(ctx));
    records::send_all(
        state,
        person,
        &format!("An ethics condition for you to close on \"{}\"", ctx.title),
        &format!(
            "The ethics approval of \"{}\" for {} has a condition, and you are its owner:\n\n{text}\n\nFieldwork cannot begin until it is closed. When it is done, close it with a note here:\n\n{link}",
            ctx.title, ctx.project.title
        ),
        "You are getting this e-mail because you are on this project's team.",
    )
    .await;
    Ok(())
}

/// Adds one more condition to an application approved with conditions.
pub async fn add_condition(state: &AppState, actor: &Actor, application_id: i64, text: &str, owner: &str) -> Result<ApplicationCtx, AppError> {
    let db = &state.db;
    let ctx = records::load_for(db, actor, application_id, EthicsAction::RecordDecision).await?;
    if ctx.state != ApplicationState::ApprovedWithConditions {
        return Err(AppError::refused("Conditions can be added only to an application approved with conditions."));
    }
    let team = team_ids(db, ctx.project.id).await?;
    let mut check = FormCheck::new();
    let row = check_condition(&mut check, &team, 1, text, owner);
    if matches!(row, Some(None)) {
        check.fail("condition_1", "Write the condition");
    }
    let (condition,) = check.finish((row.flatten(),))?;
    let at = now();
    let mut tx = db.begin().await?;
    insert_condition(&mut tx, ctx.id, &condition.text, condition.owner, at).await?;
    tx.commit().await?;
    tell_owner(state, &ctx, condition.owner, &condition.text).await?;
    Ok(ctx)
}

#[derive(sqlx::FromRow)]
struct ConditionRow {
    application_id: i64,
    owner_user_id: Option<i64>,
}

/// Closes a condition with a note: a manager, or its owner. Closing twice is refused.
pub async fn close_condition(db: &crate::platform::db::Db, actor: &Actor, condition_id: i64, note: &str) -> Result<ApplicationCtx, AppError> {
    let row = sqlx::query_as::<_, ConditionRow>("SELECT application_id, owner_user_id FROM ethics_conditions WHERE id = $1")
        .bind(condition_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let ctx = records::load(db, actor, row.application_id).await?;
    let owns_condition = row.owner_user_id == Some(actor.user_id);
    crate::authz::require(
        Some(actor),
        crate::authz::Action::Ethics(EthicsAction::CloseCondition { facts: ctx.facts(), owns_condition }),
    )?;
    let mut check = FormCheck::new();
    check.keep("condition_id", &condition_id.to_string());
    let note = check.field("closing_note", note, |v| validate::text(v, "a note saying how the condition was met", NOTE_MAX, true));
    let (note,) = check.finish((note,))?;
    let at = now();
    let mut tx = db.begin().await?;
    let closed = sqlx::query(
        "UPDATE ethics_conditions SET closed_at = $1, closed_by = $2, closing_note = $3 WHERE id = $4 AND closed_at IS NULL",
    )
    .bind(at)
    .bind(actor.user_id)
    .bind(&note)
    .bind(condition_id)
    .execute(&mut *tx)
    .await?;
    if closed.rows_affected() != 1 {
        return Err(AppError::refused("Someone else already closed this condition. Nothing you sent was saved."));
    }
    records::log(&mut tx, ctx.id, ctx.version_no, EventKind::ConditionClosed, &note, actor.user_id, at).await?;
    tx.commit().await?;
    Ok(ctx)
}
