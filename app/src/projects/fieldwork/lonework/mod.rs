//! Lone working: check-in, check-out, and the alert when a check-out is missed.
//!
//! A researcher on the team (`Need::DoFieldwork`) checks in when they go out on fieldwork:
//! where (a short place, never a participant's name), optionally which fieldwork session,
//! a phone number they carry, and when they expect to be back. They check out when safe.
//!
//! If nobody has checked out by the due time plus a grace period
//! (`CORESEARCH_LONE_WORKING_GRACE_MINUTES`, 15 by default), `sweep::sweep_missed_check_outs`
//! e-mails the project lead, once: it claims the check-in with a conditional UPDATE
//! (`alerted_at` set only while it is NULL and the check-in is still open) and sends only
//! for the rows its own UPDATE changed, so several app servers on one database send one
//! alert between them. When the researcher is the lead, or the project has no lead, the
//! group's coordinators are told instead. A late check-out after an alert tells the same
//! people that the researcher is safe. The server runs the sweep every minute
//! (`CORESEARCH_LONE_WORKING_SWEEP_SECONDS`).
//!
//! Who sees what: each researcher sees their own check-ins; the project lead and the
//! group's coordinators see who is out now and who is overdue; nobody else (the commissioner
//! never). Only the person who checked in can check out: that is what says they are safe.

pub mod api;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod sweep;

use serde::{Deserialize, Serialize};

/// The longest a check-in may run: fieldwork is a day's work at most.
pub const LONGEST_SECONDS: i64 = 24 * 3600;

/// The moment the lead is told about a check-in still open: its due time plus the grace.
pub fn alert_at(due_back_at: i64, grace_seconds: i64) -> i64 {
    due_back_at + grace_seconds
}

/// Whether an open check-in is past its due time (shown as "overdue"), and whether it is
/// past the grace as well (the lead is e-mailed). A checked-out one is neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lateness {
    /// Checked out, or not yet due back.
    OnTime,
    /// Past the due time, within the grace period.
    Overdue,
    /// Past the due time and the grace: the lead is (or is about to be) e-mailed.
    Missed,
}

pub fn lateness(due_back_at: i64, checked_out: bool, grace_seconds: i64, now: i64) -> Lateness {
    if checked_out || now <= due_back_at {
        Lateness::OnTime
    } else if now < alert_at(due_back_at, grace_seconds) {
        Lateness::Overdue
    } else {
        Lateness::Missed
    }
}

/// The due-back time a researcher gave, checked against now: later than now, and within a day.
pub fn check_due_back(due_back_at: i64, now: i64) -> Result<(), String> {
    if due_back_at <= now {
        Err("The time you expect to be back must be later than now".into())
    } else if due_back_at - now > LONGEST_SECONDS {
        Err("The time you expect to be back must be within 24 hours. Check in again for another day".into())
    } else {
        Ok(())
    }
}

/// One check-in as its researcher sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckInView {
    pub id: i64,
    pub place: String,
    pub session: Option<String>,
    pub checked_in: String,
    pub due_back: String,
    pub checked_out: Option<String>,
    /// Past the due time and not checked out.
    pub overdue: bool,
    /// The lead was e-mailed.
    pub alerted: bool,
}

/// Someone out now, as the lead and coordinators see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutNowView {
    pub id: i64,
    pub name: String,
    pub place: String,
    pub phone: String,
    pub session: Option<String>,
    pub checked_in: String,
    pub due_back: String,
    pub overdue: bool,
    pub alerted: bool,
}

/// The lone-working page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoneWorkingPage {
    pub project_id: i64,
    pub project_title: String,
    /// Today's date (YYYY-MM-DD), the form's default.
    pub today: String,
    /// The caller is one of the project's researchers: may check in.
    pub is_researcher: bool,
    /// The caller leads the project or coordinates its group: sees who is out.
    pub sees_team: bool,
    pub grace_minutes: i64,
    /// The caller's open check-in, if they are out now.
    pub open: Option<CheckInView>,
    /// The caller's recent check-ins (newest first).
    pub recent: Vec<CheckInView>,
    /// The project's fieldwork sessions to choose from: (id, label).
    pub sessions: Vec<(i64, String)>,
    /// Who is out now (for the lead and coordinators only; empty for others).
    pub out_now: Vec<OutNowView>,
}

/// What the small "out now" panel shows: for embedding on other pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoneWorkingSummary {
    pub project_id: i64,
    pub is_researcher: bool,
    pub sees_team: bool,
    /// The caller's open check-in.
    pub open: Option<CheckInView>,
    /// How many are out now, and how many of them are overdue (lead and coordinators only).
    pub out_now: i64,
    pub overdue: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUE: i64 = 1_800_000_000;
    const GRACE: i64 = 15 * 60;

    #[test]
    fn on_time_until_the_due_time() {
        assert_eq!(lateness(DUE, false, GRACE, DUE - 60), Lateness::OnTime);
        assert_eq!(lateness(DUE, false, GRACE, DUE), Lateness::OnTime, "exactly on time is on time");
    }

    #[test]
    fn overdue_within_the_grace_then_missed() {
        assert_eq!(lateness(DUE, false, GRACE, DUE + 1), Lateness::Overdue);
        assert_eq!(lateness(DUE, false, GRACE, DUE + GRACE - 1), Lateness::Overdue);
        assert_eq!(lateness(DUE, false, GRACE, DUE + GRACE), Lateness::Missed, "the alert goes at due time plus grace");
        assert_eq!(lateness(DUE, false, GRACE, DUE + 10 * GRACE), Lateness::Missed);
        assert_eq!(alert_at(DUE, GRACE), DUE + 900);
    }

    #[test]
    fn a_check_out_is_never_late() {
        assert_eq!(lateness(DUE, true, GRACE, DUE + 10 * GRACE), Lateness::OnTime);
    }

    #[test]
    fn the_grace_period_is_the_setting() {
        assert_eq!(lateness(DUE, false, 60, DUE + 61), Lateness::Missed);
        assert_eq!(lateness(DUE, false, 3600, DUE + 61), Lateness::Overdue);
    }

    #[test]
    fn due_back_is_later_than_now_and_within_a_day() {
        let now = DUE - 3600;
        assert_eq!(check_due_back(DUE, now), Ok(()));
        assert!(check_due_back(now, now).unwrap_err().contains("later than now"));
        assert!(check_due_back(now - 60, now).is_err());
        assert_eq!(check_due_back(now + LONGEST_SECONDS, now), Ok(()));
        assert!(check_due_back(now + LONGEST_SECONDS + 1, now).unwrap_err().contains("24 hours"));
    }
}
