//! A brief and a response as stored, with the facts the rules need, and the helpers
//! every part of commissioning uses: asking authz, finding people to e-mail (server only).

use crate::authz::{self, commissioning::CommissioningAction as Act, Action};
use crate::commissioning::{BriefFields, BriefState, Costs, ResponseFields, ResponseState};
use crate::error::AppError;
use crate::identity::{Actor, Role};
use crate::platform::db::Db;
use crate::platform::mail::Email;
use crate::platform::state::AppState;

pub const TITLE_MAX: usize = 150;
pub const SUMMARY_MAX: usize = 1_000;
pub const LONG_TEXT_MAX: usize = 20_000;
pub const MEDIUM_TEXT_MAX: usize = 5_000;

pub fn allow(actor: &Actor, action: Act) -> Result<(), AppError> {
    authz::require(Some(actor), Action::Commissioning(action))
}

pub fn may(actor: &Actor, action: Act) -> bool {
    authz::may(actor, &Action::Commissioning(action))
}

/// The columns of [`BriefRecord`], over `briefs b JOIN organisations o`.
pub const BRIEF_COLUMNS: &str = "b.id, b.organisation_id, o.name AS commissioner, b.title, b.summary, b.background, b.questions, \
    b.about_whom, b.methods, b.outputs, b.budget_min_pence, b.budget_max_pence, b.responses_due, b.start_date, \
    b.report_due, b.contact_name, b.contact_email, b.state, b.published_at";

/// A brief as stored.
#[derive(sqlx::FromRow)]
pub struct BriefRecord {
    pub id: i64,
    pub organisation_id: i64,
    pub commissioner: String,
    pub title: String,
    pub summary: String,
    pub background: String,
    pub questions: String,
    pub about_whom: String,
    pub methods: String,
    pub outputs: String,
    pub budget_min_pence: i64,
    pub budget_max_pence: i64,
    pub responses_due: String,
    pub start_date: String,
    pub report_due: String,
    pub contact_name: String,
    pub contact_email: String,
    pub state: String,
    pub published_at: Option<i64>,
}

/// A brief with its state read, and the facts the rules need.
#[derive(Debug, Clone)]
pub struct BriefRow {
    pub id: i64,
    pub organisation_id: i64,
    pub commissioner: String,
    pub fields: BriefFields,
    pub state: BriefState,
    pub published_at: Option<i64>,
}

impl BriefRecord {
    pub fn into_row(self) -> Result<BriefRow, AppError> {
        Ok(BriefRow {
            id: self.id,
            organisation_id: self.organisation_id,
            commissioner: self.commissioner,
            state: BriefState::parse(&self.state).ok_or(AppError::Internal)?,
            published_at: self.published_at,
            fields: BriefFields {
                title: self.title,
                summary: self.summary,
                background: self.background,
                questions: self.questions,
                about_whom: self.about_whom,
                methods: self.methods,
                outputs: self.outputs,
                budget_min_pence: self.budget_min_pence,
                budget_max_pence: self.budget_max_pence,
                responses_due: self.responses_due,
                start_date: self.start_date,
                report_due: self.report_due,
                contact_name: self.contact_name,
                contact_email: self.contact_email,
            },
        })
    }
}

impl BriefRow {
    pub fn seen_by_groups(&self) -> bool {
        self.state.seen_by_groups(self.published_at.is_some())
    }

    pub fn past_deadline(&self, today: &str) -> bool {
        self.fields.responses_due.as_str() < today
    }

    /// The rule's facts for seeing this brief.
    pub fn view_action(&self) -> Act {
        Act::ViewBrief { organisation_id: self.organisation_id, seen_by_groups: self.seen_by_groups() }
    }
}

pub async fn load_brief(db: &Db, brief_id: i64) -> Result<BriefRow, AppError> {
    sqlx::query_as::<_, BriefRecord>(&format!(
        "SELECT {BRIEF_COLUMNS} FROM briefs b JOIN organisations o ON o.id = b.organisation_id WHERE b.id = $1"
    ))
    .bind(brief_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?
    .into_row()
}

/// The columns of [`ResponseRecord`], over `responses r JOIN organisations o`.
pub const RESPONSE_COLUMNS: &str = "r.id, r.brief_id, r.organisation_id, o.name AS group_name, o.slug AS group_slug, r.approach, \
    r.lived_experience, r.team, r.timeline, r.ethics_route, r.peer_hours, r.peer_rate_pence, r.expenses_pence, r.academic_pence, \
    r.other_pence, r.other_note, r.total_pence, r.state, r.shortlisted, r.feedback, r.submitted_at, r.submitted_by";

/// A response as stored (flags are 0/1 integers on both backends).
#[derive(sqlx::FromRow)]
pub struct ResponseRecord {
    pub id: i64,
    pub brief_id: i64,
    pub organisation_id: i64,
    pub group_name: String,
    pub group_slug: String,
    pub approach: String,
    pub lived_experience: String,
    pub team: String,
    pub timeline: String,
    pub ethics_route: String,
    #[sqlx(flatten)]
    pub costs: Costs,
    pub other_note: String,
    pub total_pence: i64,
    pub state: String,
    pub shortlisted: i64,
    pub feedback: String,
    pub submitted_at: Option<i64>,
    pub submitted_by: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub id: i64,
    pub brief_id: i64,
    pub group_id: i64,
    pub group_name: String,
    pub group_slug: String,
    pub fields: ResponseFields,
    pub total_pence: i64,
    pub state: ResponseState,
    pub shortlisted: bool,
    pub feedback: String,
    pub submitted_at: Option<i64>,
    pub submitted_by: Option<i64>,
}

impl ResponseRecord {
    pub fn into_row(self) -> Result<ResponseRow, AppError> {
        Ok(ResponseRow {
            id: self.id,
            brief_id: self.brief_id,
            group_id: self.organisation_id,
            group_name: self.group_name,
            group_slug: self.group_slug,
            fields: ResponseFields {
                approach: self.approach,
                lived_experience: self.lived_experience,
                team: self.team,
                timeline: self.timeline,
                ethics_route: self.ethics_route,
                costs: self.costs,
                other_note: self.other_note,
            },
            total_pence: self.total_pence,
            state: ResponseState::parse(&self.state).ok_or(AppError::Internal)?,
            shortlisted: self.shortlisted != 0,
            feedback: self.feedback,
            submitted_at: self.submitted_at,
            submitted_by: self.submitted_by,
        })
    }
}

impl ResponseRow {
    /// The rule's facts for seeing this response, on the brief it answers.
    pub fn view_action(&self, brief: &BriefRow) -> Act {
        Act::ViewResponse {
            group_id: self.group_id,
            brief_organisation_id: brief.organisation_id,
            ever_submitted: self.submitted_at.is_some(),
        }
    }
}

pub async fn load_response(db: &Db, response_id: i64) -> Result<ResponseRow, AppError> {
    sqlx::query_as::<_, ResponseRecord>(&format!(
        "SELECT {RESPONSE_COLUMNS} FROM responses r JOIN organisations o ON o.id = r.organisation_id WHERE r.id = $1"
    ))
    .bind(response_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?
    .into_row()
}

/// A response and its brief, for someone who may see the response.
pub async fn response_for_viewing(db: &Db, actor: &Actor, response_id: i64) -> Result<(ResponseRow, BriefRow), AppError> {
    let response = load_response(db, response_id).await?;
    let brief = load_brief(db, response.brief_id).await?;
    allow(actor, response.view_action(&brief))?;
    Ok((response, brief))
}

/// Someone to e-mail.
#[derive(sqlx::FromRow)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// Everyone in an organisation (or only those with one role), to e-mail.
pub async fn people_in(db: &Db, organisation_id: i64, only_role: Option<Role>) -> Result<Vec<Person>, AppError> {
    let people = sqlx::query_as::<_, Person>(
        "SELECT u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.organisation_id = $1 AND ($2 = '' OR m.role = $2) ORDER BY u.name",
    )
    .bind(organisation_id)
    .bind(only_role.map(|r| r.as_str()).unwrap_or_default())
    .fetch_all(db)
    .await?;
    Ok(people)
}

pub async fn send_all(state: &AppState, people: Vec<Person>, subject: &str, body: &str, why: &str) {
    for person in people {
        state
            .mailer
            .send_or_log(Email {
                to_name: person.name,
                to_address: person.email,
                subject: subject.to_string(),
                body: body.to_string(),
                why: why.to_string(),
            })
            .await;
    }
}
