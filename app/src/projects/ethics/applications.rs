//! Writing an application and moving it on: start one per route, edit the draft and its
//! documents, send it, answer a request for further information, amend an approved one,
//! withdraw it (server only). Every change of state is a conditional UPDATE.

use crate::authz::ethics::EthicsAction;
use crate::error::{AppError, OnUnique};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::state::AppState;
use crate::platform::time::now;
use crate::projects::access::{self, Need};
use crate::projects::ethics::documents::{self, DocumentTexts, Saving};
use crate::projects::ethics::flow::{self, Step};
use crate::projects::ethics::records::{self, ApplicationCtx, EventKind, NOTE_MAX, TEXT_MAX, TITLE_MAX};
use crate::projects::ethics::Route;
use crate::validate::{self, FormCheck};

/// Starts an application for one route. Returns its id.
pub async fn create(db: &Db, actor: &Actor, project_id: i64, route: &str, title: &str, summary: &str) -> Result<i64, AppError> {
    let project = access::require(db, actor, project_id, Need::Manage).await?;
    let mut check = FormCheck::new();
    check.keep("route", route);
    let route = Route::parse(route);
    if route.is_none() {
        check.fail("route", "Choose which ethics route this application is for");
    }
    let title = check.field("title", title, |v| validate::line(v, "a title for the application", TITLE_MAX, true));
    let summary = check.field("summary", summary, |v| validate::text(v, "a short summary", TEXT_MAX, false));
    let (route, title, summary) = check.finish((route, title, summary))?;
    let at = now();
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO ethics_applications (project_id, route, title, summary, state, version_no, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'draft', 1, $5, $6, $6) RETURNING id",
    )
    .bind(project.id)
    .bind(route.as_str())
    .bind(&title)
    .bind(&summary)
    .bind(actor.user_id)
    .bind(at)
    .fetch_one(&mut *tx)
    .await
    .on_unique(|| {
        let mut check = FormCheck::new();
        check.keep("route", route.as_str());
        check.keep("title", &title);
        check.keep("summary", &summary);
        check.fail(
            "route",
            format!("This project already has an application for {} in progress or approved. Open that one instead.", route.label()),
        );
        check.into_error()
    })?;
    records::log(&mut tx, id, 1, EventKind::Created, "", actor.user_id, at).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves a draft: its title, summary and documents (the newest version of each changes
/// in place while it is a draft).
pub async fn save_draft(
    db: &Db,
    actor: &Actor,
    application_id: i64,
    title: &str,
    summary: &str,
    texts: &DocumentTexts,
) -> Result<ApplicationCtx, AppError> {
    let ctx = records::load_for(db, actor, application_id, EthicsAction::ManageApplication).await?;
    if ctx.state != crate::projects::ethics::ApplicationState::Draft {
        return Err(AppError::refused(
            "This application has been sent, so it is no longer a draft. Change a document with a small fix, or make an amendment once it is approved.",
        ));
    }
    let mut check = FormCheck::new();
    let title = check.field("title", title, |v| validate::line(v, "a title for the application", TITLE_MAX, true));
    let summary = check.field("summary", summary, |v| validate::text(v, "a short summary", TEXT_MAX, false));
    let texts = texts.check(&mut check);
    let (title, summary, texts) = check.finish((title, summary, texts))?;
    let at = now();
    let mut tx = db.begin().await?;
    let saved = sqlx::query(
        "UPDATE ethics_applications SET title = $1, summary = $2, updated_at = $3 WHERE id = $4 AND state = 'draft'",
    )
    .bind(&title)
    .bind(&summary)
    .bind(at)
    .bind(ctx.id)
    .execute(&mut *tx)
    .await?;
    if saved.rows_affected() != 1 {
        return Err(records::changed_meanwhile(&mut tx, ctx.id).await);
    }
    documents::save_changed(&mut tx, ctx.id, ctx.version_no, &texts, Saving::Draft, "", actor.user_id, at).await?;
    tx.commit().await?;
    Ok(ctx)
}

/// Sends a draft for review once every document is written.
pub async fn submit(db: &Db, actor: &Actor, application_id: i64) -> Result<ApplicationCtx, AppError> {
    let ctx = records::load_for(db, actor, application_id, EthicsAction::ManageApplication).await?;
    let to = ctx.next(Step::Submit)?;
    let missing = documents::missing_kinds(db, ctx.id).await?;
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|k| k.label().to_lowercase()).collect();
        return Err(AppError::refused(format!("Write every document before you send the application. Still to write: {}.", names.join(", "))));
    }
    let at = now();
    let mut tx = db.begin().await?;
    records::move_state(&mut tx, &ctx, to, at).await?;
    records::log(&mut tx, ctx.id, ctx.version_no, EventKind::Submitted, "", actor.user_id, at).await?;
    tx.commit().await?;
    Ok(ctx)
}

/// Withdraws an application before a decision.
pub async fn withdraw(db: &Db, actor: &Actor, application_id: i64, reason: &str) -> Result<ApplicationCtx, AppError> {
    let ctx = records::load_for(db, actor, application_id, EthicsAction::ManageApplication).await?;
    let to = ctx.next(Step::Withdraw)?;
    let mut check = FormCheck::new();
    let reason = check.field("withdraw_reason", reason, |v| validate::text(v, "the reason", NOTE_MAX, false));
    let (reason,) = check.finish((reason,))?;
    let at = now();
    let mut tx = db.begin().await?;
    records::move_state(&mut tx, &ctx, to, at).await?;
    records::log(&mut tx, ctx.id, ctx.version_no, EventKind::Withdrawn, &reason, actor.user_id, at).await?;
    tx.commit().await?;
    Ok(ctx)
}

/// The team answers a request for further information, with any changed documents as
/// new versions, and sends the application back for review.
pub async fn answer(
    state: &AppState,
    actor: &Actor,
    application_id: i64,
    answer: &str,
    texts: &DocumentTexts,
) -> Result<ApplicationCtx, AppError> {
    let db = &state.db;
    let ctx = records::load_for(db, actor, application_id, EthicsAction::ManageApplication).await?;
    let to = ctx.next(Step::Answer)?;
    let mut check = FormCheck::new();
    let answer = check.field("answer", answer, |v| validate::text(v, "your answer to the committee", TEXT_MAX, true));
    let texts = texts.check(&mut check);
    let (answer, texts) = check.finish((answer, texts))?;
    let at = now();
    let mut tx = db.begin().await?;
    records::move_state(&mut tx, &ctx, to, at).await?;
    let changed = documents::save_changed(
        &mut tx,
        ctx.id,
        ctx.version_no,
        &texts,
        Saving::NewVersions,
        "Changed in answer to the request for further information.",
        actor.user_id,
        at,
    )
    .await?;
    records::log(&mut tx, ctx.id, ctx.version_no, EventKind::Answered, &answer, actor.user_id, at).await?;
    tx.commit().await?;
    let changed: Vec<String> = changed.iter().map(|k| k.label().to_lowercase()).collect();
    let documents_line = if changed.is_empty() { "No document was changed.".to_string() } else { format!("Changed: {}.", changed.join(", ")) };
    let link = state.config.link(&records::page_path(&ctx));
    records::send_all(
        state,
        reviewers(db, ctx.id).await?,
        &format!("The team answered your request about \"{}\"", ctx.title),
        &format!("The team has answered your request for further information and sent the application back for review.\n\n{answer}\n\n{documents_line}\n\nRead it here:\n\n{link}"),
        "You are getting this e-mail because you were invited to review this ethics application.",
    )
    .await;
    Ok(ctx)
}

/// An amendment of an approved application: the next numbered version, with the changed
/// documents as new versions tied to it, back to submitted.
pub async fn amend(
    db: &Db,
    actor: &Actor,
    application_id: i64,
    what_changes: &str,
    texts: &DocumentTexts,
) -> Result<(ApplicationCtx, i64), AppError> {
    let ctx = records::load_for(db, actor, application_id, EthicsAction::ManageApplication).await?;
    let to = ctx.next(Step::Amend)?;
    let mut check = FormCheck::new();
    let what = check.field("amendment", what_changes, |v| validate::text(v, "what the amendment changes and why", NOTE_MAX, true));
    let texts = texts.check(&mut check);
    let (what, texts) = check.finish((what, texts))?;
    let version = flow::amendment_version(ctx.version_no);
    let at = now();
    let mut tx = db.begin().await?;
    let moved = sqlx::query(
        "UPDATE ethics_applications SET state = $1, version_no = $2, updated_at = $3 WHERE id = $4 AND state = $5 AND version_no = $6",
    )
    .bind(to.as_str())
    .bind(version)
    .bind(at)
    .bind(ctx.id)
    .bind(ctx.state.as_str())
    .bind(ctx.version_no)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() != 1 {
        return Err(records::changed_meanwhile(&mut tx, ctx.id).await);
    }
    let changed = documents::save_changed(&mut tx, ctx.id, version, &texts, Saving::NewVersions, &what, actor.user_id, at).await?;
    if changed.is_empty() {
        let mut check = FormCheck::new();
        check.keep("amendment", &what);
        for kind in crate::projects::ethics::DocumentKind::ALL {
            check.keep(kind.as_str(), texts.text(kind));
        }
        check.fail("amendment", "An amendment changes at least one document. Change the documents below, then send it.");
        return Err(check.into_error());
    }
    records::log(&mut tx, ctx.id, version, EventKind::Amended, &what, actor.user_id, at).await?;
    tx.commit().await?;
    Ok((ctx, version))
}

/// The outside reviewers of an application, to e-mail.
pub async fn reviewers(db: &Db, application_id: i64) -> Result<Vec<records::Recipient>, AppError> {
    let people = sqlx::query_as::<_, records::Recipient>(
        "SELECT u.name, u.email FROM ethics_reviewers r JOIN users u ON u.id = r.user_id WHERE r.application_id = $1 ORDER BY u.name",
    )
    .bind(application_id)
    .fetch_all(db)
    .await?;
    Ok(people)
}
