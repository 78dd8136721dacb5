//! What was agreed when a brief was awarded: the work and the money. A project keeps its
//! own copy, so it never has to look back at the brief or the response it came from.
//! Commissioning writes responses in these same terms (money in whole pence).

use serde::{Deserialize, Serialize};

/// The money asked for in a response, and agreed in a project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Costs {
    pub peer_hours: i64,
    pub peer_rate_pence: i64,
    pub expenses_pence: i64,
    pub academic_pence: i64,
    pub other_pence: i64,
}

impl Costs {
    pub fn peer_pence(&self) -> i64 {
        self.peer_hours.saturating_mul(self.peer_rate_pence)
    }

    pub fn total_pence(&self) -> i64 {
        self.peer_pence()
            .saturating_add(self.expenses_pence)
            .saturating_add(self.academic_pence)
            .saturating_add(self.other_pence)
    }
}

/// Whole pence as people read it: "£1,250.50", or "£1,250" for whole pounds.
pub fn money(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.abs();
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match pence % 100 {
        0 => format!("{sign}£{grouped}"),
        p => format!("{sign}£{grouped}.{p:02}"),
    }
}

/// The work the group agreed to do: the winning response as it stood at the award.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreedWork {
    pub approach: String,
    pub lived_experience: String,
    pub team: String,
    pub timeline: String,
    pub ethics_route: String,
    pub costs: Costs,
    pub other_note: String,
}

/// Everything an award hands to projects, inside the award's transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardTerms {
    pub brief_id: i64,
    pub response_id: i64,
    pub title: String,
    /// The research group that carries the project out.
    pub group_id: i64,
    pub commissioner_organisation_id: i64,
    /// The commissioner who awarded it: the project's contact.
    pub contact_user_id: Option<i64>,
    /// The brief's named contact, shown if the awarding commissioner's account is gone.
    pub contact_name: String,
    pub contact_email: String,
    /// The coordinator who sent the winning response: the project's lead.
    pub lead_user_id: Option<i64>,
    pub brief_summary: String,
    pub brief_questions: String,
    pub brief_outputs: String,
    /// YYYY-MM-DD.
    pub start_date: String,
    pub report_due: String,
    pub work: AgreedWork,
    /// When the award was made (Unix seconds).
    pub agreed_at: i64,
}
