//! Recruitment's work and SQL (server only): the sampling frame, invitations and declines
//! as counts, and the progress counts.

use crate::error::{AppError, OnUnique};
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::{now, today};
use crate::projects::access::{self, Need, ProjectCtx};
use crate::projects::ethics::clearance::fieldwork_clearance;
use crate::projects::recruitment::*;
use crate::ui::pagination::{PageNumber, Paged};
use crate::validate::{self, readable_date, FormCheck};

pub const NAME_MAX: usize = 150;
pub const NOTE_MAX: usize = 1_000;
const COUNT_MAX: i64 = 100_000;

/// The progress counts of a project: numbers only, no identities. Callers have checked the
/// person may see the project (`Need::View`).
pub async fn progress_counts(db: &Db, project_id: i64) -> Result<ProgressCounts, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        invited: i64,
        declined: i64,
        joined: i64,
        consented: i64,
        withdrawn: i64,
        target: i64,
        sessions_held: i64,
    }
    let row = sqlx::query_as::<_, Row>(
        "SELECT \
         (SELECT CAST(COALESCE(SUM(people), 0) AS BIGINT) FROM recruitment_tallies WHERE project_id = $1 AND kind = 'invited') AS invited, \
         (SELECT CAST(COALESCE(SUM(people), 0) AS BIGINT) FROM recruitment_tallies WHERE project_id = $1 AND kind = 'declined') AS declined, \
         (SELECT COUNT(*) FROM participants WHERE project_id = $1) AS joined, \
         (SELECT COUNT(*) FROM participants p WHERE p.project_id = $1 AND p.withdrawn_on IS NULL \
            AND EXISTS (SELECT 1 FROM consent_records c WHERE c.participant_id = p.id)) AS consented, \
         (SELECT COUNT(*) FROM participants WHERE project_id = $1 AND withdrawn_on IS NOT NULL) AS withdrawn, \
         (SELECT CAST(COALESCE(SUM(target), 0) AS BIGINT) FROM project_sampling_targets WHERE project_id = $1) AS target, \
         (SELECT COUNT(*) FROM fieldwork_sessions WHERE project_id = $1 AND status = 'held') AS sessions_held",
    )
    .bind(project_id)
    .fetch_one(db)
    .await?;
    Ok(ProgressCounts {
        invited: row.invited,
        declined: row.declined,
        joined: row.joined,
        consented: row.consented,
        withdrawn: row.withdrawn,
        target: row.target,
        sessions_held: row.sessions_held,
    })
}

/// The counts for the project page, for anyone who sees the project.
pub async fn recruitment_summary(db: &Db, actor: &Actor, project_id: i64) -> Result<RecruitmentSummary, AppError> {
    let ctx = access::require(db, actor, project_id, Need::View).await?;
    Ok(RecruitmentSummary {
        project_id,
        counts: progress_counts(db, project_id).await?,
        sees_work: access::may(actor, &ctx, Need::ViewWork),
    })
}

/// Who may add to the sampling frame and record invitations and declines: the people who
/// manage the project and its researchers.
fn may_record(actor: &Actor, ctx: &ProjectCtx) -> bool {
    access::may(actor, ctx, Need::Manage) || access::may(actor, ctx, Need::DoFieldwork)
}

async fn require_recorder(db: &Db, actor: &Actor, project_id: i64) -> Result<ProjectCtx, AppError> {
    let ctx = access::require(db, actor, project_id, Need::ViewWork).await?;
    if may_record(actor, &ctx) {
        Ok(ctx)
    } else {
        Err(AppError::NotAllowed)
    }
}

#[derive(sqlx::FromRow)]
struct SiteRow {
    id: i64,
    name: String,
    kind: String,
    approached_on: Option<String>,
    people_reached: i64,
    notes: String,
    invited: i64,
    declined: i64,
    joined: i64,
}

#[derive(sqlx::FromRow)]
struct NoteRow {
    recorded_on: String,
    reason: String,
    people: i64,
    note: String,
}

/// How many people declined for one reason.
#[derive(sqlx::FromRow)]
struct ReasonRow {
    reason: String,
    people: i64,
}

/// A place in the sampling frame, as offered in a form.
#[derive(sqlx::FromRow)]
struct SiteChoice {
    id: i64,
    name: String,
}

fn reason_label(value: &str) -> String {
    DeclineReason::parse(value).map(DeclineReason::label).unwrap_or("Not given").to_string()
}

/// The newest notes on declines shown; and the most places offered in a form's list (real
/// sampling frames are a few places; the table itself comes in pages).
const NOTES_SHOWN: i64 = 25;
const SITE_CHOICES: i64 = 500;

/// The recruitment page: counts, one page of the sampling frame, declines by reason.
pub async fn recruitment_page(db: &Db, actor: &Actor, project_id: i64, page: PageNumber) -> Result<RecruitmentPage, AppError> {
    let ctx = access::require(db, actor, project_id, Need::ViewWork).await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM recruitment_sites WHERE project_id = $1")
        .bind(project_id)
        .fetch_one(db)
        .await?;
    let sites = sqlx::query_as::<_, SiteRow>(
        "SELECT s.id, s.name, s.kind, s.approached_on, s.people_reached, s.notes, \
         CAST(COALESCE((SELECT SUM(t.people) FROM recruitment_tallies t WHERE t.site_id = s.id AND t.kind = 'invited'), 0) AS BIGINT) AS invited, \
         CAST(COALESCE((SELECT SUM(t.people) FROM recruitment_tallies t WHERE t.site_id = s.id AND t.kind = 'declined'), 0) AS BIGINT) AS declined, \
         (SELECT COUNT(*) FROM participants p WHERE p.site_id = s.id) AS joined \
         FROM recruitment_sites s WHERE s.project_id = $1 ORDER BY s.name, s.id LIMIT $2 OFFSET $3",
    )
    .bind(project_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(db)
    .await?;
    let reasons = sqlx::query_as::<_, ReasonRow>(
        "SELECT reason, CAST(SUM(people) AS BIGINT) AS people FROM recruitment_tallies WHERE project_id = $1 AND kind = 'declined' GROUP BY reason ORDER BY reason",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let notes = sqlx::query_as::<_, NoteRow>(
        "SELECT recorded_on, reason, people, note FROM recruitment_tallies \
         WHERE project_id = $1 AND kind = 'declined' AND note <> '' ORDER BY recorded_on DESC, id DESC LIMIT $2",
    )
    .bind(project_id)
    .bind(NOTES_SHOWN)
    .fetch_all(db)
    .await?;
    Ok(RecruitmentPage {
        project_id,
        today: today(),
        project_title: ctx.title.clone(),
        counts: progress_counts(db, project_id).await?,
        may_record: may_record(actor, &ctx),
        clearance_missing: fieldwork_clearance(db, project_id).await?.missing,
        site_choices: site_choices(db, project_id).await?,
        sites: Paged::new(sites, page, total).map(|s| SiteView {
                id: s.id,
                name: s.name,
                kind: s.kind,
                approached_on: s.approached_on.as_deref().map(readable_date),
                people_reached: s.people_reached,
                notes: s.notes,
                invited: s.invited,
                declined: s.declined,
                joined: s.joined,
            }),
        reasons: reasons.into_iter().map(|r| ReasonCount { reason: reason_label(&r.reason), people: r.people }).collect(),
        notes: notes
            .into_iter()
            .map(|n| DeclineNote {
                recorded_on: readable_date(&n.recorded_on),
                reason: reason_label(&n.reason),
                people: n.people,
                note: n.note,
            })
            .collect(),
    })
}

/// The places in a project's sampling frame, (id, name), for choosing one in a form.
pub async fn site_choices(db: &Db, project_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    let sites = sqlx::query_as::<_, SiteChoice>(
        "SELECT id, name FROM recruitment_sites WHERE project_id = $1 ORDER BY name, id LIMIT $2",
    )
    .bind(project_id)
    .bind(SITE_CHOICES)
    .fetch_all(db)
    .await?;
    Ok(sites.into_iter().map(|s| (s.id, s.name)).collect())
}

/// A count people type: a whole number from `min` to 100,000.
pub fn count(raw: &str, label: &str, min: i64) -> Result<i64, String> {
    let value = raw.trim().replace(',', "");
    if value.is_empty() {
        return Err(format!("Enter {label}"));
    }
    match value.parse::<i64>() {
        Ok(n) if (min..=COUNT_MAX).contains(&n) => Ok(n),
        _ => Err(format!("Enter {label} as a whole number from {min} to 100,000")),
    }
}

/// A date that is not in the future.
pub fn past_date(raw: &str, label: &str, required: bool) -> Result<Option<String>, String> {
    let date = validate::date(raw, label, required)?;
    if date.as_deref().is_some_and(|d| d > today().as_str()) {
        return Err(format!("{} cannot be in the future", capitalised(label)));
    }
    Ok(date)
}

fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[derive(Debug, Clone, Default)]
pub struct SiteInput {
    pub name: String,
    pub kind: String,
    pub approached_on: String,
    pub people_reached: String,
    pub notes: String,
}

/// Adds a place or organisation to the sampling frame. Allowed before ethics approval:
/// planning who to approach comes first.
pub async fn add_site(db: &Db, actor: &Actor, project_id: i64, input: &SiteInput) -> Result<i64, AppError> {
    require_recorder(db, actor, project_id).await?;
    let mut check = FormCheck::new();
    let name = check.field("name", &input.name, |v| validate::line(v, "the name of the place or organisation", NAME_MAX, true));
    let kind = check.field("place_kind", &input.kind, |v| validate::line(v, "what kind of place it is", NAME_MAX, false));
    let approached = check.field("approached_on", &input.approached_on, |v| past_date(v, "the date you approached them", false));
    let reached = check.field("people_reached", &input.people_reached, |v| {
        if v.trim().is_empty() { Ok(0) } else { count(v, "how many people it reached", 0) }
    });
    let notes = check.field("notes", &input.notes, |v| validate::text(v, "the notes", NOTE_MAX, false));
    let (name, kind, approached, reached, notes) = check.finish((name, kind, approached, reached, notes))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO recruitment_sites (project_id, name, kind, approached_on, people_reached, notes, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(project_id)
    .bind(&name)
    .bind(&kind)
    .bind(&approached)
    .bind(reached)
    .bind(&notes)
    .bind(actor.user_id)
    .bind(now())
    .fetch_one(db)
    .await
    .on_unique(|| {
        let mut errors = crate::error::FormErrors::default();
        errors.add("name", "This place is already in the sampling frame");
        errors.keep("name", &input.name);
        errors.keep("place_kind", &input.kind);
        errors.keep("approached_on", &input.approached_on);
        errors.keep("people_reached", &input.people_reached);
        errors.keep("notes", &input.notes);
        AppError::Invalid(errors)
    })?;
    Ok(id)
}

#[derive(Debug, Clone, Default)]
pub struct TallyInput {
    /// "invited" or "declined".
    pub kind: String,
    pub people: String,
    /// A place in the sampling frame, or empty.
    pub site_id: String,
    /// A `DeclineReason` for declines; ignored for invitations.
    pub reason: String,
    pub note: String,
    pub recorded_on: String,
}

/// Records invitations sent or declines, as a count. Recruiting is fieldwork: it needs
/// ethics approval first, like participants and consent.
pub async fn record_tally(db: &Db, actor: &Actor, project_id: i64, input: &TallyInput) -> Result<(), AppError> {
    require_recorder(db, actor, project_id).await?;
    fieldwork_clearance(db, project_id).await?.require()?;
    let mut check = FormCheck::new();
    check.keep("kind", &input.kind);
    check.keep("site_id", &input.site_id);
    check.keep("reason", &input.reason);
    let kind = match input.kind.as_str() {
        "invited" | "declined" => Some(input.kind.clone()),
        _ => {
            check.fail("kind", "Choose whether these are invitations or declines");
            None
        }
    };
    let people = check.field("people", &input.people, |v| count(v, "how many people", 1));
    let reason = if kind.as_deref() == Some("declined") {
        match DeclineReason::parse(&input.reason) {
            Some(r) => Some(r.as_str().to_string()),
            None => {
                check.fail("reason", "Choose the main reason people gave for saying no");
                None
            }
        }
    } else {
        Some(String::new())
    };
    let note = check.field("note", &input.note, |v| validate::text(v, "the note", NOTE_MAX, false));
    let recorded_on = check.field("recorded_on", &input.recorded_on, |v| past_date(v, "the date", true).map(Option::unwrap_or_default));
    let site_id = match input.site_id.trim() {
        "" => Some(None),
        raw => match raw.parse::<i64>() {
            Ok(id) if site_choices(db, project_id).await?.iter().any(|(s, _)| *s == id) => Some(Some(id)),
            _ => {
                check.fail("site_id", "Choose a place from the sampling frame");
                None
            }
        },
    };
    let (kind, people, reason, note, recorded_on, site_id) = check.finish((kind, people, reason, note, recorded_on, site_id))?;
    sqlx::query(
        "INSERT INTO recruitment_tallies (project_id, site_id, kind, people, reason, note, recorded_on, recorded_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(project_id)
    .bind(site_id)
    .bind(&kind)
    .bind(people)
    .bind(&reason)
    .bind(&note)
    .bind(&recorded_on)
    .bind(actor.user_id)
    .bind(now())
    .execute(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_whole_numbers_in_range() {
        assert_eq!(count("12", "x", 1), Ok(12));
        assert_eq!(count("1,200", "x", 1), Ok(1200));
        assert!(count("0", "how many people", 1).unwrap_err().contains("from 1"));
        assert!(count("lots", "x", 0).is_err());
        assert!(count("", "how many people", 1).unwrap_err().contains("Enter how many people"));
    }
}
