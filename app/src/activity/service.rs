//! The activity report's SQL (server only): each section one query over the group's own
//! projects in the period, counted in SQL where the database can; only the projects' years
//! and stages come back row by row (a group has tens of projects, capped) to be counted by year.

use crate::activity::{by_year, period, ActivityReport, ImpactLine};
use crate::authz::{self, Action};
use crate::error::AppError;
use crate::identity::Actor;
use crate::platform::db::Db;
use crate::platform::time::format_date;
use crate::projects::impact::rules::impact_kind_label;
use crate::projects::outputs::output_kind_label;
use crate::projects::Stage;
use crate::validate::{readable_date, FormCheck};

/// Rows read for one report at most (projects, impact records).
const CAP: i64 = 1000;

#[derive(sqlx::FromRow)]
struct Group {
    id: i64,
    name: String,
    slug: String,
}

#[derive(sqlx::FromRow)]
struct ProjectRow {
    stage: String,
    agreed_at: i64,
}

#[derive(sqlx::FromRow)]
struct Counted {
    label: String,
    n: i64,
}

#[derive(sqlx::FromRow)]
struct ImpactRow {
    kind: String,
    summary: String,
    title: String,
    happened_on: Option<String>,
    created_at: i64,
}

/// Seconds at the start of 1 January of `year` (UTC).
fn year_start(year: i32) -> i64 {
    time::Date::from_calendar_date(year, time::Month::January, 1).map(|d| d.midnight().assume_utc().unix_timestamp()).unwrap_or(0)
}

fn year_of(seconds: i64) -> i32 {
    time::OffsetDateTime::from_unix_timestamp(seconds).map(|t| t.year()).unwrap_or(FALLBACK_YEAR)
}

const FALLBACK_YEAR: i32 = 1970;

pub fn this_year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

/// The report for the group with this address, for its members only ("not found" to anyone
/// else). `from` and `to` are the years as typed; a bad one comes back beside its field.
pub async fn report(db: &Db, actor: &Actor, slug: &str, from: Option<&str>, to: Option<&str>) -> Result<ActivityReport, AppError> {
    let group = sqlx::query_as::<_, Group>("SELECT id, name, slug FROM organisations WHERE slug = $1 AND kind = 'research_group'")
        .bind(slug)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)?;
    authz::require(Some(actor), Action::ViewGroupActivity { organisation_id: group.id })?;
    let (from_year, to_year) = period(from, to, this_year()).map_err(|(field, message)| {
        // The years come back as typed, with the message beside the one that is wrong.
        let mut check = FormCheck::new();
        check.keep("from", from.unwrap_or_default());
        check.keep("to", to.unwrap_or_default());
        check.fail(field, message);
        check.into_error()
    })?;
    let (start, end) = (year_start(from_year), year_start(to_year + 1));

    // Projects agreed in the period: the award's date is when the project was made.
    let projects = sqlx::query_as::<_, ProjectRow>(
        "SELECT stage, created_at AS agreed_at FROM projects WHERE organisation_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY id LIMIT $4",
    )
    .bind(group.id)
    .bind(start)
    .bind(end)
    .bind(CAP)
    .fetch_all(db)
    .await?;
    let names: Vec<&str> = Stage::ALL.iter().map(|s| s.name()).collect();
    let items: Vec<(i32, usize)> = projects
        .iter()
        .filter_map(|p| Stage::ALL.iter().position(|s| s.as_str() == p.stage).map(|i| (year_of(p.agreed_at), i)))
        .collect();
    let years = by_year(&items, &names, from_year, to_year);

    let commissioners = sqlx::query_as::<_, Counted>(
        "SELECT o.name AS label, COUNT(*) AS n FROM projects p JOIN organisations o ON o.id = p.commissioner_organisation_id \
         WHERE p.organisation_id = $1 AND p.created_at >= $2 AND p.created_at < $3 GROUP BY o.name ORDER BY n DESC, o.name LIMIT 50",
    )
    .bind(group.id)
    .bind(start)
    .bind(end)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|c| (c.label, c.n))
    .collect();

    // Members now in the group who were awarded a certificate in the period (not revoked).
    let (members_trained,): (i64,) = sqlx::query_as(
        "SELECT COUNT(DISTINCT c.user_id) FROM certificates c JOIN memberships m ON m.user_id = c.user_id AND m.organisation_id = $1 \
         WHERE c.revoked_at IS NULL AND c.issued_at >= $2 AND c.issued_at < $3",
    )
    .bind(group.id)
    .bind(start)
    .bind(end)
    .fetch_one(db)
    .await?;

    let (first_day, last_day) = (format!("{from_year}-01-01"), format!("{to_year}-12-31"));
    let outputs = sqlx::query_as::<_, Counted>(
        "SELECT o.kind AS label, COUNT(*) AS n FROM project_outputs o JOIN projects p ON p.id = o.project_id \
         WHERE p.organisation_id = $1 AND o.produced_on >= $2 AND o.produced_on <= $3 GROUP BY o.kind ORDER BY n DESC, o.kind",
    )
    .bind(group.id)
    .bind(&first_day)
    .bind(&last_day)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|c| (output_kind_label(&c.label).to_string(), c.n))
    .collect();

    let impacts = sqlx::query_as::<_, ImpactRow>(
        "SELECT i.kind, i.summary, p.title, i.happened_on, i.created_at FROM project_impacts i JOIN projects p ON p.id = i.project_id \
         WHERE p.organisation_id = $1 AND ((i.happened_on >= $2 AND i.happened_on <= $3) \
         OR (i.happened_on IS NULL AND i.created_at >= $4 AND i.created_at < $5)) ORDER BY i.id DESC LIMIT $6",
    )
    .bind(group.id)
    .bind(&first_day)
    .bind(&last_day)
    .bind(start)
    .bind(end)
    .bind(CAP)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|i| ImpactLine {
        kind_label: impact_kind_label(&i.kind).into(),
        summary: i.summary,
        project_title: i.title,
        on: i.happened_on.as_deref().map(readable_date).unwrap_or_else(|| format_date(i.created_at)),
    })
    .collect();

    Ok(ActivityReport {
        group_name: group.name,
        group_slug: group.slug,
        from_year,
        to_year,
        projects_total: years.iter().map(|y| y.total).sum(),
        years,
        commissioners,
        members_trained,
        outputs,
        impacts,
    })
}

/// The report as CSV: one line per figure (section, item, number or text).
pub fn csv(report: &ActivityReport) -> String {
    use crate::platform::csv::line;
    let mut out = line(&["Section", "Item", "Value"]);
    for y in &report.years {
        out.push_str(&line(&["Projects agreed".to_string(), y.year.to_string(), y.total.to_string()]));
        for (stage, n) in &y.stages {
            out.push_str(&line(&["Projects agreed, by stage now".to_string(), format!("{} {stage}", y.year), n.to_string()]));
        }
    }
    for (body, n) in &report.commissioners {
        out.push_str(&line(&["Commissioned by", body.as_str(), &n.to_string()]));
    }
    out.push_str(&line(&["Members trained".to_string(), format!("{} to {}", report.from_year, report.to_year), report.members_trained.to_string()]));
    for (kind, n) in &report.outputs {
        out.push_str(&line(&["Outputs", kind.as_str(), &n.to_string()]));
    }
    for i in &report.impacts {
        out.push_str(&line(&["Impact", &format!("{} ({}, {})", i.kind_label, i.project_title, i.on), &i.summary]));
    }
    out
}
