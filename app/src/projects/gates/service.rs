//! Gates (server only): the facts the rules read, the overview the project page shows,
//! signing a gate and passing it. Passing moves `projects.stage` with a conditional UPDATE,
//! so of two people passing the same gate at once one wins and the other is told.

use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::audit::{self, Entry};
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;
use crate::platform::time::{format_date, now};
use crate::projects::access::{self, Need, ProjectCtx};
use crate::projects::ethics::clearance::fieldwork_clearance;
use crate::projects::gates::rules::{self, GateFacts};
use crate::projects::gates::*;
use crate::projects::{Stage, TeamRole};
use crate::validate;
use crate::validate::readable_date;

#[derive(sqlx::FromRow)]
struct TeamLine {
    user_id: i64,
    role: String,
}

#[derive(sqlx::FromRow)]
struct PlanFactsRow {
    involvement: Option<String>,
    revision: Option<i64>,
    agreed_questions_id: Option<i64>,
    methods: Option<String>,
    inclusion: Option<String>,
    exclusion: Option<String>,
    risk_plan: Option<String>,
    data_collected: Option<String>,
    data_kept_where: Option<String>,
    data_who_sees: Option<String>,
    retain_until: Option<String>,
    targets: i64,
    milestones: i64,
    signoffs: i64,
}

#[derive(sqlx::FromRow)]
struct StageCount {
    stage: String,
    n: i64,
    done: i64,
}

fn written(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.trim().is_empty())
}

/// Everything the gate rules read about a project; the ethics clearance only for the
/// gate out of ethics.
pub async fn load_facts(db: &Db, project_id: i64, from: Stage) -> Result<GateFacts, AppError> {
    let team = sqlx::query_as::<_, TeamLine>("SELECT user_id, role FROM project_team WHERE project_id = $1 ORDER BY user_id")
        .bind(project_id)
        .fetch_all(db)
        .await?;
    let count_of = |role: TeamRole| team.iter().filter(|t| t.role == role.as_str()).count() as i64;
    let plan = sqlx::query_as::<_, PlanFactsRow>(
        "SELECT p.involvement, pl.revision, pl.agreed_questions_id, pl.methods, pl.inclusion, pl.exclusion, pl.risk_plan, \
         pl.data_collected, pl.data_kept_where, pl.data_who_sees, pl.retain_until, \
         (SELECT COUNT(*) FROM project_sampling_targets WHERE project_id = p.id) AS targets, \
         (SELECT COUNT(*) FROM project_milestones WHERE project_id = p.id) AS milestones, \
         (SELECT COUNT(*) FROM project_plan_signoffs s JOIN project_team t ON t.project_id = s.project_id \
            AND t.user_id = s.user_id AND t.role = 'academic_supporter' \
          WHERE s.project_id = p.id AND s.revision = pl.revision) AS signoffs \
         FROM projects p LEFT JOIN project_plans pl ON pl.project_id = p.id WHERE p.id = $1",
    )
    .bind(project_id)
    .fetch_one(db)
    .await?;
    let by_stage = sqlx::query_as::<_, StageCount>(
        "SELECT stage, COUNT(*) AS n, COUNT(completed_at) AS done FROM project_milestones WHERE project_id = $1 GROUP BY stage",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let clearance_missing =
        if from == Stage::Ethics { fieldwork_clearance(db, project_id).await?.missing } else { Vec::new() };
    let (lay_summary_written, report_signed_off) =
        if from == Stage::Reporting { crate::projects::report::service::gate_facts(db, project_id).await? } else { (false, false) };
    Ok(GateFacts {
        leads: count_of(TeamRole::Lead),
        peer_researchers: count_of(TeamRole::PeerResearcher),
        has_supporter: count_of(TeamRole::AcademicSupporter) > 0,
        involvement_chosen: written(&plan.involvement),
        agreed_questions: plan.agreed_questions_id.is_some(),
        methods_written: written(&plan.methods),
        inclusion_written: written(&plan.inclusion),
        exclusion_written: written(&plan.exclusion),
        targets: plan.targets,
        milestones: plan.milestones,
        risk_plan_written: written(&plan.risk_plan),
        data_plan_written: written(&plan.data_collected) && written(&plan.data_kept_where) && written(&plan.data_who_sees),
        retention_date_set: written(&plan.retain_until),
        plan_signed_off: plan.signoffs > 0,
        milestones_by_stage: by_stage.into_iter().filter_map(|r| Stage::parse(&r.stage).map(|s| (s, r.n, r.done))).collect(),
        clearance_missing,
        lay_summary_written,
        report_signed_off,
        feedback_checked: crate::projects::findings::service::feedback_checked(db, project_id).await?,
        content: format!(
            "team {}|involvement {}|plan {}",
            team.iter().map(|t| format!("{}:{}", t.user_id, t.role)).collect::<Vec<_>>().join(","),
            plan.involvement.as_deref().unwrap_or(""),
            plan.revision.unwrap_or(0)
        ),
    })
}

#[derive(sqlx::FromRow)]
struct SignatureRow {
    id: i64,
    from_stage: String,
    signed_as: String,
    signed_at: i64,
    name: Option<String>,
    checklist: Option<String>,
}

impl SignatureRow {
    fn view(&self, stands: bool) -> Option<SignatureView> {
        Some(SignatureView {
            signed_as: Signer::parse(&self.signed_as)?,
            name: self.name.clone().unwrap_or_else(|| "Someone who has left".into()),
            signed_on: format_date(self.signed_at),
            stands,
        })
    }

    fn stands(&self, facts: &GateFacts, criteria: &[rules::Criterion]) -> bool {
        rules::still_stands(self.checklist.as_deref(), &facts.content, criteria)
    }
}

#[derive(sqlx::FromRow)]
struct PassRow {
    from_stage: String,
    to_stage: String,
    passed_at: i64,
    note: String,
    name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct MilestoneRow {
    id: i64,
    title: String,
    due_on: String,
    stage: String,
    completed_at: Option<i64>,
}

async fn signatures(db: &Db, project_id: i64) -> Result<Vec<SignatureRow>, AppError> {
    Ok(sqlx::query_as::<_, SignatureRow>(
        "SELECT s.id, s.from_stage, s.signed_as, s.signed_at, u.name, s.checklist FROM project_gate_signatures s \
         LEFT JOIN users u ON u.id = s.user_id WHERE s.project_id = $1 ORDER BY s.signed_at, s.id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?)
}

/// Who has signed the gate out of `from` with a signature that still stands.
fn signed_for(rows: &[SignatureRow], from: Stage, facts: &GateFacts, criteria: &[rules::Criterion]) -> Vec<Signer> {
    rows.iter()
        .filter(|r| r.from_stage == from.as_str() && r.stands(facts, criteria))
        .filter_map(|r| Signer::parse(&r.signed_as))
        .collect()
}

/// Whether the caller may sign as this signer (without refusing).
fn may_sign_as(actor: &Actor, ctx: &ProjectCtx, signer: Signer) -> bool {
    match signer {
        Signer::Lead => ctx.team_role == Some(TeamRole::Lead),
        Signer::Supporter => access::may(actor, ctx, Need::ReviewAsSupporter),
        Signer::Commissioner => access::may(actor, ctx, Need::SignAsCommissioner),
    }
}

/// The stage history, the current gate's checklist and signatures, and milestone progress.
pub async fn overview(db: &Db, actor: &Actor, project_id: i64) -> Result<GateOverview, AppError> {
    let ctx = access::require(db, actor, project_id, Need::View).await?;
    let sigs = signatures(db, project_id).await?;
    let passes = sqlx::query_as::<_, PassRow>(
        "SELECT g.from_stage, g.to_stage, g.passed_at, g.note, u.name FROM project_gate_passes g \
         LEFT JOIN users u ON u.id = g.passed_by WHERE g.project_id = $1 ORDER BY g.passed_at, g.id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let timeline = passes
        .into_iter()
        .map(|p| PassView {
            signatures: sigs.iter().filter(|s| s.from_stage == p.from_stage).filter_map(|s| s.view(true)).collect(),
            from: p.from_stage,
            to: p.to_stage,
            passed_by: p.name.unwrap_or_else(|| "Someone who has left".into()),
            passed_on: format_date(p.passed_at),
            note: p.note,
        })
        .collect();
    let gate = match ctx.stage.next() {
        None => None,
        Some(to) => {
            let facts = load_facts(db, project_id, ctx.stage).await?;
            let criteria = rules::criteria(ctx.stage, &facts);
            let required = rules::signers(ctx.stage, facts.has_supporter);
            let signed = signed_for(&sigs, ctx.stage, &facts, &criteria);
            let ready = rules::missing(&criteria, &required, &signed).is_empty();
            let here: Vec<&SignatureRow> = sigs.iter().filter(|s| s.from_stage == ctx.stage.as_str()).collect();
            let signers = required
                .iter()
                .map(|s| (*s, here.iter().find(|r| r.signed_as == s.as_str()).and_then(|r| r.view(r.stands(&facts, &criteria)))))
                .collect();
            Some(CurrentGate {
                from: ctx.stage.as_str().into(),
                to: to.as_str().into(),
                criteria: criteria.into_iter().map(|c| CriterionView { text: c.text, met: c.met }).collect(),
                signers,
                can_sign_as: required.iter().copied().filter(|s| !signed.contains(s) && may_sign_as(actor, &ctx, *s)).collect(),
                can_pass: access::may(actor, &ctx, Need::Manage),
                ready,
            })
        }
    };
    let milestones = sqlx::query_as::<_, MilestoneRow>(
        "SELECT id, title, due_on, stage, completed_at FROM project_milestones WHERE project_id = $1 ORDER BY due_on, id",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    Ok(GateOverview {
        project_id,
        stage: ctx.stage.as_str().into(),
        timeline,
        gate,
        milestones_total: milestones.len() as i64,
        milestones_done: milestones.iter().filter(|m| m.completed_at.is_some()).count() as i64,
        milestones: milestones
            .into_iter()
            .map(|m| MilestoneLine { id: m.id, title: m.title, due_on: readable_date(&m.due_on), stage: m.stage, done: m.completed_at.is_some() })
            .collect(),
    })
}

fn gate_moved() -> AppError {
    AppError::refused("Someone else has already passed this gate. The project has moved on to the next stage: look at the page again.")
}

/// The gate out of `from` when the project is still there; otherwise the refusal.
fn current_gate(ctx: &ProjectCtx, from: &str) -> Result<(Stage, Stage), AppError> {
    let from = Stage::parse(from).ok_or_else(|| AppError::refused("That gate is not known."))?;
    if ctx.stage != from {
        return Err(gate_moved());
    }
    let to = from.next().ok_or_else(|| AppError::refused("This project is closed. There is no gate after this stage."))?;
    Ok((from, to))
}

/// Signs the current gate as the lead, the academic supporter or the commissioner.
pub async fn sign(db: &Db, actor: &Actor, project_id: i64, from: &str, signed_as: &str) -> Result<(), AppError> {
    let ctx = access::require(db, actor, project_id, Need::View).await?;
    let signer = Signer::parse(signed_as).ok_or_else(|| AppError::refused("Choose who you are signing as."))?;
    match signer {
        Signer::Lead if ctx.team_role != Some(TeamRole::Lead) => return Err(AppError::NotAllowed),
        Signer::Lead => {}
        Signer::Supporter => {
            access::require(db, actor, project_id, Need::ReviewAsSupporter).await?;
        }
        Signer::Commissioner => {
            access::require(db, actor, project_id, Need::SignAsCommissioner).await?;
        }
    }
    let (from, _) = current_gate(&ctx, from)?;
    let facts = load_facts(db, project_id, from).await?;
    if !rules::signers(from, facts.has_supporter).contains(&signer) {
        return Err(AppError::refused(format!("This gate does not need the signature of {}.", signer.who())));
    }
    let criteria = rules::criteria(from, &facts);
    let earlier = signatures(db, project_id).await?;
    let earlier = earlier.iter().find(|r| r.from_stage == from.as_str() && r.signed_as == signer.as_str());
    let already = || AppError::refused(format!("This gate already has the signature of {}.", signer.who()));
    let mut tx = db.begin().await?;
    match earlier {
        Some(row) if row.stands(&facts, &criteria) => return Err(already()),
        // Given before the project changed: this signature replaces it. Deleting by id
        // means that of two people signing again at once, one insert wins below.
        Some(row) => {
            sqlx::query("DELETE FROM project_gate_signatures WHERE id = $1").bind(row.id).execute(&mut *tx).await?;
        }
        None => {}
    }
    let done = sqlx::query(
        "INSERT INTO project_gate_signatures (project_id, from_stage, signed_as, user_id, signed_at, checklist) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (project_id, from_stage, signed_as) DO NOTHING",
    )
    .bind(project_id)
    .bind(from.as_str())
    .bind(signer.as_str())
    .bind(actor.user_id)
    .bind(now())
    .bind(rules::snapshot(&facts.content, &criteria))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(already());
    }
    tx.commit().await?;
    audit::record_or_log(db, Entry::new(Some(actor.user_id), audit::Action::GateSigned, "project", Some(project_id)).in_project(project_id)).await;
    Ok(())
}

/// Passes the gate out of `from` when every criterion is met and every signature is there;
/// otherwise refuses, listing what is missing. Returns the new stage.
pub async fn pass(state: &AppState, actor: &Actor, project_id: i64, from: &str, note: &str) -> Result<Stage, AppError> {
    let db = &state.db;
    let ctx = access::require(db, actor, project_id, Need::Manage).await?;
    let (from, to) = current_gate(&ctx, from)?;
    let note = validate::text(note, "a note", 2000, false).map_err(|m| AppError::field("note", m))?;
    let facts = load_facts(db, project_id, from).await?;
    let criteria = rules::criteria(from, &facts);
    let required = rules::signers(from, facts.has_supporter);
    let signed = signed_for(&signatures(db, project_id).await?, from, &facts, &criteria);
    let missing = rules::missing(&criteria, &required, &signed);
    if !missing.is_empty() {
        return Err(AppError::refused(format!(
            "This gate cannot be passed yet. Still needed: {}.",
            missing.iter().map(|m| lower_first(m)).collect::<Vec<_>>().join("; ")
        )));
    }
    let at = now();
    let mut tx = db.begin().await?;
    let moved = sqlx::query("UPDATE projects SET stage = $1, updated_at = $2 WHERE id = $3 AND stage = $4")
        .bind(to.as_str())
        .bind(at)
        .bind(project_id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() == 0 {
        tx.rollback().await?;
        return Err(gate_moved());
    }
    sqlx::query(
        "INSERT INTO project_gate_passes (project_id, from_stage, to_stage, passed_by, passed_at, note) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(project_id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(actor.user_id)
    .bind(at)
    .bind(&note)
    .execute(&mut *tx)
    .await?;
    audit::record(&mut *tx, Entry::new(Some(actor.user_id), audit::Action::GatePassed, "project", Some(project_id)).in_project(project_id)).await?;
    tx.commit().await?;
    tell_the_team(state, &ctx, from, to, &note).await?;
    Ok(to)
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[derive(sqlx::FromRow)]
struct Recipient {
    name: String,
    email: String,
}

/// E-mails the team and the commissioner's contact that a gate was passed (plain text).
async fn tell_the_team(state: &AppState, ctx: &ProjectCtx, from: Stage, to: Stage, note: &str) -> Result<(), AppError> {
    let mut people = sqlx::query_as::<_, Recipient>(
        "SELECT u.name, u.email FROM project_team t JOIN users u ON u.id = t.user_id WHERE t.project_id = $1 \
         UNION SELECT contact_name AS name, contact_email AS email FROM project_terms WHERE project_id = $1",
    )
    .bind(ctx.id)
    .fetch_all(&state.db)
    .await?;
    people.sort_by(|a, b| a.email.to_lowercase().cmp(&b.email.to_lowercase()));
    people.dedup_by(|a, b| a.email.eq_ignore_ascii_case(&b.email));
    let link = state.config.link(&format!("/projects/{}", ctx.id));
    let note = if note.is_empty() { String::new() } else { format!("\n\nA note from the team:\n\n{note}") };
    for person in people {
        state
            .mailer
            .send_or_log(Email {
                to_name: person.name,
                to_address: person.email,
                subject: format!("{}: now at {}", ctx.title, to.name().to_lowercase()),
                body: format!(
                    "The project \"{}\" has passed the gate from {} to {}.\n\n{}.{note}\n\nSee the project and its timeline here:\n\n{link}",
                    ctx.title,
                    from.name().to_lowercase(),
                    to.name().to_lowercase(),
                    to.label()
                ),
                why: "You are getting this e-mail because you are on this project's team or are its commissioner's contact.".into(),
            })
            .await;
    }
    Ok(())
}
