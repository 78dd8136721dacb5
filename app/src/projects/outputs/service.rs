//! Outputs and the public page (server only). The public page is read without signing in,
//! so its query itself demands both agreements and a project past reporting: there is no
//! path that shows an unagreed page.

use crate::authz::outputs::OutputAction;
use crate::authz::projects::ProjectFacts;
use crate::authz::{self, Action};
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Action as Audit};
use crate::platform::db::Db;
use crate::platform::time::now;
use crate::projects::access::{audit_entry as entry, require_to, ProjectCtx};
use crate::projects::outputs::{check_link, output_kind_label, publication_words, OutputView, OutputsPage, PublicProject, PublicationView, OUTPUT_KINDS};
use crate::projects::Stage;
use crate::validate::{self, readable_date, FormCheck};

/// At most this many outputs are kept for one project.
pub const LIST_CAP: i64 = 100;

fn action(ctx: &ProjectCtx, make: fn(ProjectFacts) -> OutputAction) -> Action {
    Action::Outputs(make(ctx.facts()))
}

async fn require(db: &Db, actor: &Actor, project_id: i64, make: fn(ProjectFacts) -> OutputAction) -> Result<ProjectCtx, AppError> {
    require_to(db, actor, project_id, |ctx| action(ctx, make)).await
}

#[derive(sqlx::FromRow)]
struct OutputRow {
    id: i64,
    kind: String,
    title: String,
    audience: String,
    produced_on: Option<String>,
    link: String,
    on_public_page: i64,
}

impl From<OutputRow> for OutputView {
    fn from(r: OutputRow) -> Self {
        OutputView {
            id: r.id,
            kind_label: output_kind_label(&r.kind).into(),
            title: r.title,
            audience: r.audience,
            produced_on: r.produced_on.as_deref().map(readable_date).unwrap_or_default(),
            link: r.link,
            on_public_page: r.on_public_page != 0,
        }
    }
}

const OUTPUT_SELECT: &str = "SELECT id, kind, title, audience, produced_on, link, on_public_page FROM project_outputs";

#[derive(sqlx::FromRow, Default)]
struct AgreementRow {
    group_agreed: i64,
    commissioner_agreed: i64,
}

async fn agreements(db: &Db, project_id: i64) -> Result<AgreementRow, AppError> {
    Ok(sqlx::query_as::<_, AgreementRow>(
        "SELECT CASE WHEN group_agreed_at IS NULL THEN 0 ELSE 1 END AS group_agreed, \
         CASE WHEN commissioner_agreed_at IS NULL THEN 0 ELSE 1 END AS commissioner_agreed \
         FROM project_publication WHERE project_id = $1",
    )
    .bind(project_id)
    .fetch_optional(db)
    .await?
    .unwrap_or_default())
}

fn finished(stage: Stage) -> bool {
    stage >= Stage::Dissemination
}

pub async fn outputs_page(db: &Db, actor: &Actor, project_id: i64) -> Result<OutputsPage, AppError> {
    let ctx = require(db, actor, project_id, OutputAction::ViewOutputs).await?;
    let outputs = sqlx::query_as::<_, OutputRow>(&format!("{OUTPUT_SELECT} WHERE project_id = $1 ORDER BY produced_on DESC, id DESC LIMIT $2"))
        .bind(project_id)
        .bind(LIST_CAP)
        .fetch_all(db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    let a = agreements(db, project_id).await?;
    let (group, commissioner) = (a.group_agreed != 0, a.commissioner_agreed != 0);
    Ok(OutputsPage {
        project_id,
        project_title: ctx.title.clone(),
        outputs,
        may_record: authz::may(actor, &action(&ctx, OutputAction::RecordOutputs)),
        publication: PublicationView {
            group_agreed: group,
            commissioner_agreed: commissioner,
            words: publication_words(group, commissioner).into(),
            finished: finished(ctx.stage),
            may_agree_for_group: authz::may(actor, &action(&ctx, OutputAction::PublishForGroup)),
            may_agree_for_commissioner: authz::may(actor, &action(&ctx, OutputAction::PublishForCommissioner)),
        },
    })
}

/// What the output form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct OutputInput {
    pub kind: String,
    pub title: String,
    pub audience: String,
    pub produced_on: String,
    pub link: String,
    pub on_public_page: bool,
}

pub async fn add_output(db: &Db, actor: &Actor, project_id: i64, input: &OutputInput) -> Result<i64, AppError> {
    require(db, actor, project_id, OutputAction::RecordOutputs).await?;
    let mut check = FormCheck::new();
    let kind = check.field("kind", &input.kind, |v| {
        OUTPUT_KINDS.iter().find(|(k, _)| *k == v).map(|(k, _)| *k).ok_or_else(|| "Choose what kind of output it is".to_string())
    });
    let title = check.field("title", &input.title, |v| validate::line(v, "its title", 300, true));
    let audience = check.field("audience", &input.audience, |v| validate::line(v, "who it is for", 300, true));
    let produced_on = check.field("produced_on", &input.produced_on, |v| validate::date(v, "the date", true));
    let link = check.field("link", &input.link, |v| check_link(v, input.kind == "repository"));
    let (kind, title, audience, produced_on, link) = check.finish((kind, title, audience, produced_on, link))?;
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM project_outputs WHERE project_id = $1").bind(project_id).fetch_one(db).await?;
    if count >= LIST_CAP {
        return Err(AppError::field("title", format!("A project can list at most {LIST_CAP} outputs")));
    }
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO project_outputs (project_id, kind, title, audience, produced_on, link, on_public_page, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(project_id)
    .bind(kind)
    .bind(&title)
    .bind(&audience)
    .bind(&produced_on)
    .bind(&link)
    .bind(input.on_public_page as i64)
    .bind(actor.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut *tx, entry(actor, project_id, Audit::OutputAdded, "output", id)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn remove_output(db: &Db, actor: &Actor, project_id: i64, output_id: i64) -> Result<(), AppError> {
    require(db, actor, project_id, OutputAction::RecordOutputs).await?;
    let mut tx = db.begin().await?;
    let gone = sqlx::query("DELETE FROM project_outputs WHERE id = $1 AND project_id = $2").bind(output_id).bind(project_id).execute(&mut *tx).await?;
    if gone.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(&mut *tx, entry(actor, project_id, Audit::OutputRemoved, "output", output_id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Which side is agreeing (or withdrawing) to the public page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Group,
    Commissioner,
}

impl Side {
    pub fn parse(value: &str) -> Option<Side> {
        match value {
            "group" => Some(Side::Group),
            "commissioner" => Some(Side::Commissioner),
            _ => None,
        }
    }
}

/// Records one side's agreement to the public page, or withdraws it. Agreeing is refused
/// before the project reaches dissemination (the report is not signed off yet).
pub async fn set_agreement(db: &Db, actor: &Actor, project_id: i64, side: &str, agree: bool) -> Result<(), AppError> {
    let side = Side::parse(side).ok_or_else(|| AppError::refused("Choose which side you are agreeing for."))?;
    let make: fn(ProjectFacts) -> OutputAction = match side {
        Side::Group => OutputAction::PublishForGroup,
        Side::Commissioner => OutputAction::PublishForCommissioner,
    };
    let ctx = require(db, actor, project_id, make).await?;
    if agree && !finished(ctx.stage) {
        return Err(AppError::refused(
            "The public page is for a finished project: it can be agreed once the report is signed off and the project has reached dissemination.",
        ));
    }
    let (by, at): (Option<i64>, Option<i64>) = if agree { (Some(actor.user_id), Some(now())) } else { (None, None) };
    let column = match side {
        Side::Group => "group",
        Side::Commissioner => "commissioner",
    };
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO project_publication (project_id) VALUES ($1) ON CONFLICT (project_id) DO NOTHING")
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(&format!("UPDATE project_publication SET {column}_agreed_by = $1, {column}_agreed_at = $2 WHERE project_id = $3"))
        .bind(by)
        .bind(at)
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    let what = if agree { Audit::PublicPageAgreed } else { Audit::PublicPageWithdrawn };
    audit::record(&mut *tx, entry(actor, project_id, what, "public_page", project_id)).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct PublicRow {
    title: String,
    group_name: String,
    commissioner_name: String,
    lay_summary: Option<String>,
}

/// The public page of a finished project, for anyone, only while both sides agree; "not
/// found" otherwise. The lay summary is the one in the signed-off report.
pub async fn public_project(db: &Db, project_id: i64) -> Result<PublicProject, AppError> {
    let shown_stages = Stage::ALL.into_iter().filter(|s| finished(*s)).map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ");
    let row = sqlx::query_as::<_, PublicRow>(&format!(
        "SELECT p.title, g.name AS group_name, c.name AS commissioner_name, \
         (SELECT v.lay_summary FROM report_versions v WHERE v.project_id = p.id AND v.decision = 'signed_off' \
          ORDER BY v.number DESC LIMIT 1) AS lay_summary \
         FROM projects p JOIN project_publication pp ON pp.project_id = p.id \
         JOIN organisations g ON g.id = p.organisation_id JOIN organisations c ON c.id = p.commissioner_organisation_id \
         WHERE p.id = $1 AND pp.group_agreed_at IS NOT NULL AND pp.commissioner_agreed_at IS NOT NULL AND p.stage IN ({shown_stages})"
    ))
    .bind(project_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    let outputs = sqlx::query_as::<_, OutputRow>(&format!(
        "{OUTPUT_SELECT} WHERE project_id = $1 AND on_public_page = 1 ORDER BY produced_on DESC, id DESC LIMIT $2"
    ))
    .bind(project_id)
    .bind(LIST_CAP)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(Into::into)
    .collect();
    Ok(PublicProject {
        title: row.title,
        group_name: row.group_name,
        commissioner_name: row.commissioner_name,
        lay_summary: row.lay_summary.unwrap_or_default(),
        outputs,
    })
}
