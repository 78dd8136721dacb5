//! Commissioning: commissioners post research briefs, citizen research groups ask
//! questions and respond, and an award turns the winning response into a project.
//!
//! One folder per part: `briefs` (writing, publishing and finding them), `questions`
//! (asked by groups, answered for all), `responses` (a group's bid and its comments),
//! `attachments` (files on a response), `decisions` (shortlist, clarification, award)
//! and `tracking` (the "Your briefs and responses" page). Each holds its pages, server
//! functions (api) and service. This file holds what both the server and the browser
//! need: the states and their rules, and money and date helpers.

pub mod attachments;
pub mod briefs;
pub mod decisions;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod pages;
pub mod questions;
#[cfg(feature = "ssr")]
pub mod records;
pub mod responses;
pub mod tracking;

pub use crate::projects::{money, Costs};
pub use attachments::{upload_problem_text, AttachmentView};
pub use briefs::{budget_text, BriefFields, BriefFilter, BriefList, BriefPage, BriefSummary, MyGroupResponse};
pub use decisions::{ClarificationView, DecisionsPage, ResponseForDecision};
pub use questions::QuestionView;
pub use responses::{CommentView, ResponseFields, ResponsePage};
pub use tracking::{CommissionerTracking, GroupTracking, TrackedResponse, Tracking};

use serde::{Deserialize, Serialize};

/// Where a brief is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BriefState {
    Draft,
    Published,
    Closed,
    Awarded,
    Withdrawn,
}

/// What a commissioner can do to a brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BriefStep {
    Edit,
    Publish,
    Close,
    Award,
    Withdraw,
}

impl BriefState {
    pub const ALL: [BriefState; 5] =
        [BriefState::Draft, BriefState::Published, BriefState::Closed, BriefState::Awarded, BriefState::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            BriefState::Draft => "draft",
            BriefState::Published => "published",
            BriefState::Closed => "closed",
            BriefState::Awarded => "awarded",
            BriefState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            BriefState::Draft => "Draft (not yet published)",
            BriefState::Published => "Open for responses",
            BriefState::Closed => "Closed for responses",
            BriefState::Awarded => "Awarded",
            BriefState::Withdrawn => "Withdrawn",
        }
    }

    /// The state a step leads to, or why it cannot be taken now.
    pub fn after(self, step: BriefStep) -> Result<BriefState, &'static str> {
        use BriefState::*;
        use BriefStep::*;
        match (self, step) {
            (Draft, Edit) => Ok(Draft),
            (Draft, Publish) => Ok(Published),
            (Published, Close) => Ok(Closed),
            (Published | Closed, Award) => Ok(Awarded),
            (Draft | Published | Closed, Withdraw) => Ok(Withdrawn),
            (Awarded, _) => Err("This brief has already been awarded, so it cannot be changed."),
            (Withdrawn, _) => Err("This brief has been withdrawn, so nothing more can be done with it."),
            (_, Edit) => Err("Only a draft can be changed. Once published, add anything new as an answer to a question."),
            (_, Publish) => Err("This brief is already published."),
            (Closed, Close) => Err("This brief is already closed for responses."),
            (Draft, Close) => Err("Publish the brief before closing it."),
            (Draft, Award) => Err("A draft cannot be awarded: publish it and wait for responses first."),
        }
    }

    /// Whether groups can see the brief at all (drafts stay inside the commissioning body).
    pub fn seen_by_groups(self, ever_published: bool) -> bool {
        !matches!(self, BriefState::Draft) && ever_published
    }
}

/// Where a group's response is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResponseState {
    Draft,
    Submitted,
    Withdrawn,
    Awarded,
    Declined,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResponseStep {
    Edit,
    Submit,
    Withdraw,
    Decide,
}

impl ResponseState {
    pub const ALL: [ResponseState; 5] = [
        ResponseState::Draft,
        ResponseState::Submitted,
        ResponseState::Withdrawn,
        ResponseState::Awarded,
        ResponseState::Declined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResponseState::Draft => "draft",
            ResponseState::Submitted => "submitted",
            ResponseState::Withdrawn => "withdrawn",
            ResponseState::Awarded => "awarded",
            ResponseState::Declined => "declined",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            ResponseState::Draft => "Draft (not yet sent)",
            ResponseState::Submitted => "Submitted",
            ResponseState::Withdrawn => "Withdrawn",
            ResponseState::Awarded => "Awarded",
            ResponseState::Declined => "Not chosen",
        }
    }

    /// The state a step leads to, or why not. `Decide` means "awarded or declined".
    pub fn after(self, step: ResponseStep) -> Result<ResponseState, &'static str> {
        use ResponseState::*;
        use ResponseStep::*;
        match (self, step) {
            (Draft, Edit) => Ok(Draft),
            (Draft, Submit) => Ok(Submitted),
            (Draft | Submitted, Withdraw) => Ok(Withdrawn),
            (Submitted, Decide) => Ok(Awarded),
            (Withdrawn, _) => Err("This response has been withdrawn."),
            (Awarded | Declined, _) => Err("A decision has been made on this response, so it cannot be changed."),
            (Submitted, Edit) => Err("This response has been submitted. Withdraw it if it needs to change."),
            (Submitted, Submit) => Err("This response has already been submitted."),
            (Draft, Decide) => Err("This response has not been submitted."),
        }
    }
}

/// Who the research is about, for filtering.
pub const ABOUT_WHOM: &[(&str, &str)] = &[
    ("older_people", "Older people"),
    ("mental_health", "People who use mental health services"),
    ("young_people", "Young people"),
    ("carers", "Carers"),
    ("disabled_people", "Disabled people"),
    ("communities", "Local communities in general"),
];

pub fn about_label(code: &str) -> &'static str {
    ABOUT_WHOM.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or("Other")
}

/// An amount of money typed as "£1,250.50", "1250.5" or "1250", in whole pence.
pub fn parse_money(raw: &str, label: &str, required: bool) -> Result<i64, String> {
    let cleaned: String = raw.trim().chars().filter(|c| !matches!(c, '£' | ',' | ' ')).collect();
    if cleaned.is_empty() {
        return if required { Err(format!("Enter {label}")) } else { Ok(0) };
    }
    let example = format!("Enter {label} in pounds, like 1250 or 1,250.50");
    let (pounds, pence) = cleaned.split_once('.').unwrap_or((cleaned.as_str(), ""));
    if pounds.is_empty() && pence.is_empty() {
        return Err(example);
    }
    if !pounds.chars().all(|c| c.is_ascii_digit()) || !pence.chars().all(|c| c.is_ascii_digit()) || pence.len() > 2 {
        return Err(example);
    }
    if pounds.len() > 9 {
        return Err(format!("{label} is too large: it must be under £1,000,000,000"));
    }
    let pounds: i64 = if pounds.is_empty() { 0 } else { pounds.parse().map_err(|_| example.clone())? };
    let pence: i64 = match pence.len() {
        0 => 0,
        1 => pence.parse::<i64>().map_err(|_| example.clone())? * 10,
        _ => pence.parse().map_err(|_| example.clone())?,
    };
    Ok(pounds * 100 + pence)
}

/// Days since 1970-01-01 for a YYYY-MM-DD date (the proleptic Gregorian calendar).
pub fn day_number(iso: &str) -> Option<i64> {
    let mut parts = iso.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// "12 days left", "Last day today", or "Closed", from today's date and the due date.
pub fn time_left(today: &str, due: &str) -> String {
    match (day_number(today), day_number(due)) {
        (Some(t), Some(d)) if d > t + 1 => format!("{} days left to respond", d - t),
        (Some(t), Some(d)) if d == t + 1 => "1 day left to respond".into(),
        (Some(t), Some(d)) if d == t => "Last day to respond is today".into(),
        (Some(_), Some(_)) => "The closing date has passed".into(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brief_state_machine() {
        use BriefState::*;
        use BriefStep::*;
        assert_eq!(Draft.after(Publish), Ok(Published));
        assert_eq!(Draft.after(Edit), Ok(Draft));
        assert_eq!(Published.after(Close), Ok(Closed));
        assert_eq!(Published.after(Award), Ok(Awarded));
        assert_eq!(Closed.after(Award), Ok(Awarded));
        assert_eq!(Closed.after(Withdraw), Ok(Withdrawn));
        assert!(Draft.after(Award).is_err());
        assert!(Draft.after(Close).is_err());
        assert!(Published.after(Edit).is_err());
        assert!(Published.after(Publish).is_err());
        for step in [Edit, Publish, Close, Award, Withdraw] {
            assert!(Awarded.after(step).is_err(), "awarded is final ({step:?})");
            assert!(Withdrawn.after(step).is_err(), "no award or change on a withdrawn brief ({step:?})");
        }
        for state in BriefState::ALL {
            assert_eq!(BriefState::parse(state.as_str()), Some(state));
        }
        assert!(!Draft.seen_by_groups(false));
        assert!(Published.seen_by_groups(true));
        assert!(!Withdrawn.seen_by_groups(false), "a draft withdrawn before publishing stays private");
    }

    #[test]
    fn response_state_machine() {
        use ResponseState::*;
        use ResponseStep::*;
        assert_eq!(Draft.after(Submit), Ok(Submitted));
        assert_eq!(Submitted.after(Withdraw), Ok(Withdrawn));
        assert_eq!(Draft.after(Withdraw), Ok(Withdrawn));
        assert_eq!(Submitted.after(Decide), Ok(Awarded));
        assert!(Submitted.after(Edit).is_err());
        assert!(Draft.after(Decide).is_err());
        for step in [Edit, Submit, Withdraw, Decide] {
            assert!(Withdrawn.after(step).is_err(), "no award to a withdrawn response ({step:?})");
            assert!(Awarded.after(step).is_err());
            assert!(Declined.after(step).is_err(), "no withdrawal after a decision");
        }
        for state in ResponseState::ALL {
            assert_eq!(ResponseState::parse(state.as_str()), Some(state));
        }
    }

    #[test]
    fn money_is_read_and_written_in_pence() {
        assert_eq!(parse_money("£1,250.50", "the cost", true), Ok(125_050));
        assert_eq!(parse_money("1250.5", "the cost", true), Ok(125_050));
        assert_eq!(parse_money(" 12 ", "the cost", true), Ok(1_200));
        assert_eq!(parse_money("", "the cost", false), Ok(0));
        assert!(parse_money("", "the cost", true).is_err());
        assert!(parse_money("12.345", "the cost", true).is_err());
        assert!(parse_money("-5", "the cost", true).is_err());
        assert!(parse_money("ten pounds", "the cost", true).is_err());
        assert!(parse_money("9999999999", "the cost", true).is_err());
        assert_eq!(money(125_050), "£1,250.50");
        assert_eq!(money(1_200_000), "£12,000");
        assert_eq!(money(5), "£0.05");
        assert_eq!(money(100_000_000), "£1,000,000");
    }

    #[test]
    fn costs_add_up() {
        let costs = Costs { peer_hours: 120, peer_rate_pence: 1_500, expenses_pence: 40_000, academic_pence: 150_000, other_pence: 2_550 };
        assert_eq!(costs.peer_pence(), 180_000);
        assert_eq!(costs.total_pence(), 372_550);
    }

    #[test]
    fn days_left() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(day_number("2028-03-01").unwrap() - day_number("2028-02-28").unwrap(), 2, "leap year");
        assert_eq!(time_left("2026-11-22", "2026-12-04"), "12 days left to respond");
        assert_eq!(time_left("2026-11-22", "2026-11-23"), "1 day left to respond");
        assert_eq!(time_left("2026-11-22", "2026-11-22"), "Last day to respond is today");
        assert_eq!(time_left("2026-11-22", "2026-11-21"), "The closing date has passed");
    }
}
