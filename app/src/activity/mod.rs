//! A research group's activity report for a chosen period, like WhyNot!'s own "Activity
//! Report 2008-2013": projects by year and stage, who commissioned them, members trained,
//! outputs and impact records. Charts are drawn as SVG on the server (no JavaScript), each
//! with a table of the same figures; the page prints on A4 and downloads as CSV. It reads
//! the features' tables in SQL of its own and imports only their labels, never their services.

pub mod api;
pub mod chart;
pub mod pages;
#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "ssr")]
pub use routes::routes;

use serde::{Deserialize, Serialize};

/// The earliest year a report may start.
pub const FIRST_YEAR: i32 = 2000;

/// Projects agreed in one year, by the stage each is at now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRow {
    pub year: i32,
    /// (stage name, count), in the stages' order, only stages with projects.
    pub stages: Vec<(String, i64)>,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactLine {
    pub kind_label: String,
    pub summary: String,
    pub project_title: String,
    pub on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityReport {
    pub group_name: String,
    pub group_slug: String,
    pub from_year: i32,
    pub to_year: i32,
    pub years: Vec<YearRow>,
    pub projects_total: i64,
    /// (commissioning body, projects).
    pub commissioners: Vec<(String, i64)>,
    pub members_trained: i64,
    /// (kind of output, how many).
    pub outputs: Vec<(String, i64)>,
    pub impacts: Vec<ImpactLine>,
}

/// The period asked for: years as typed, checked; the last five years when nothing is given.
pub fn period(from: Option<&str>, to: Option<&str>, this_year: i32) -> Result<(i32, i32), (&'static str, String)> {
    let parse = |raw: Option<&str>, default: i32, field: &'static str| -> Result<i32, (&'static str, String)> {
        match raw.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(default),
            Some(v) => match v.parse::<i32>() {
                Ok(y) if (FIRST_YEAR..=this_year).contains(&y) => Ok(y),
                _ => Err((field, format!("Enter a year from {FIRST_YEAR} to {this_year}, for example {this_year}"))),
            },
        }
    };
    let from = parse(from, this_year - 4, "from")?;
    let to = parse(to, this_year, "to")?;
    if from > to {
        return Err(("to", "The last year must be the same as the first year or after it".into()));
    }
    Ok((from, to))
}

/// Counts (year, stage index) pairs into rows per year of the period, every year shown.
pub fn by_year(items: &[(i32, usize)], stage_names: &[&str], from: i32, to: i32) -> Vec<YearRow> {
    (from..=to)
        .map(|year| {
            let mut counts = vec![0_i64; stage_names.len()];
            for (y, stage) in items {
                if *y == year && *stage < counts.len() {
                    counts[*stage] += 1;
                }
            }
            let total = counts.iter().sum();
            let stages = stage_names.iter().zip(counts).filter(|(_, n)| *n > 0).map(|(name, n)| (name.to_string(), n)).collect();
            YearRow { year, stages, total }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_defaults_to_five_years_and_is_checked() {
        assert_eq!(period(None, None, 2026), Ok((2022, 2026)));
        assert_eq!(period(Some("2008"), Some("2013"), 2026), Ok((2008, 2013)));
        assert_eq!(period(Some(" "), Some("2024"), 2026), Ok((2022, 2024)));
        assert_eq!(period(Some("1999"), None, 2026).unwrap_err().0, "from");
        assert_eq!(period(None, Some("2030"), 2026).unwrap_err().0, "to");
        assert_eq!(period(Some("abc"), None, 2026).unwrap_err().0, "from");
        assert_eq!(period(Some("2025"), Some("2024"), 2026).unwrap_err().0, "to");
    }

    #[test]
    fn projects_are_counted_per_year_and_stage() {
        let names = ["Agreed", "Fieldwork", "Closed"];
        let rows = by_year(&[(2024, 1), (2024, 1), (2024, 2), (2026, 0), (2019, 0)], &names, 2024, 2026);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0], YearRow { year: 2024, stages: vec![("Fieldwork".into(), 2), ("Closed".into(), 1)], total: 3 });
        assert_eq!(rows[1].total, 0);
        assert_eq!(rows[2].stages, vec![("Agreed".into(), 1)]);
    }
}
