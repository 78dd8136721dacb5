//! Bulk data on top of the demo data, to see how pages behave as the platform grows
//! (`server seed-scale`, and `scripts/bench.sh`): research groups, commissioning bodies and
//! training providers with Essex and East of England names, people with memberships
//! (some of them joining WhyNot!, so its coordinator's lists grow too), published briefs
//! from many bodies with closing dates spread around today, responses from groups, and
//! cohorts with trainees. Rows go in many at a time, inside transactions, so tens of
//! thousands take seconds. Running it again adds more; it never changes existing rows.

use sqlx::{Any, Transaction};

use crate::error::AppError;
use crate::platform::crypto::hash_password;
use crate::platform::db::Db;
use crate::platform::time::now;

use super::DEMO_PASSWORD;

const DAY: i64 = 24 * 3600;
/// The demo's training provider and its lead trainer (see the training demo data).
const UNIVERSITY: &str = "anglia-ruskin-university";
const TRAINER: &str = "ruth.palmer@aru.example";

/// How much to add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScaleOptions {
    pub organisations: usize,
    pub briefs: usize,
    pub people: usize,
    pub cohorts: usize,
}

/// What was added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScaleReport {
    pub organisations: usize,
    pub people: usize,
    pub memberships: usize,
    pub briefs: usize,
    pub responses: usize,
    pub cohorts: usize,
    pub enrolments: usize,
}

impl std::fmt::Display for ScaleReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "added {} organisations, {} people with {} memberships, {} published briefs with {} responses, {} cohorts with {} trainees",
            self.organisations, self.people, self.memberships, self.briefs, self.responses, self.cohorts, self.enrolments
        )
    }
}

const PLACES: &[&str] = &[
    "Chelmsford", "Colchester", "Basildon", "Southend", "Harlow", "Braintree", "Maldon", "Witham", "Brentwood", "Billericay",
    "Rayleigh", "Wickford", "Clacton", "Frinton", "Harwich", "Saffron Walden", "Epping", "Loughton", "Thurrock", "Grays",
    "Canvey Island", "Burnham-on-Crouch", "Halstead", "Coggeshall", "Dunmow", "Tiptree", "Brightlingsea", "Ongar", "Rochford",
    "Hadleigh", "Ipswich", "Cambridge", "Norwich", "Bury St Edmunds", "Sudbury", "Hertford", "Stevenage", "Luton", "Peterborough",
    "Ely",
];
const GROUP_NAMES: &[&str] = &[
    "Older People's Research Group", "Citizen Researchers", "Community Research Circle", "Peer Research Network",
    "Service User Research Forum", "Carers' Research Group", "Lived Experience Researchers", "Research Friends",
];
const COMMISSIONER_NAMES: &[&str] = &[
    "District Council", "Borough Council", "Healthwatch", "Age Concern", "Primary Care Network", "Community Trust",
    "Housing Association", "Carers' Centre", "Mind", "Council for Voluntary Service", "Hospice", "Integrated Care Partnership",
];
const PROVIDER_NAMES: &[&str] = &["Adult Community College", "Research Skills Centre", "University Centre", "Learning Partnership"];
const FIRST_NAMES: &[&str] = &[
    "Margaret", "Dennis", "Sheila", "Brian", "Patricia", "Roy", "Jean", "Keith", "Barbara", "Colin", "Maureen", "Derek",
    "Valerie", "Trevor", "Pauline", "Graham", "Sandra", "Malcolm", "Linda", "Raymond", "Aisha", "Tunde", "Priya", "Tomasz",
];
const SURNAMES: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright", "Walker", "Evans",
    "Thompson", "Clarke", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Okafor", "Nowak", "Khan", "Turner",
];
const TOPICS: &[&str] = &[
    "Loneliness among older people", "Getting home from hospital", "Day centre services", "Falls prevention classes",
    "Mental health crisis support", "Carers' breaks", "Digital access to GP services", "Community transport",
    "Dementia-friendly shops", "Housing adaptations", "Social prescribing", "Recovery college courses",
    "Hearing and sight services", "Library outreach", "Warm spaces in winter", "Peer support after bereavement",
];
const SEASONS: &[&str] = &["spring", "summer", "autumn", "winter"];

/// One value to bind. Every bulk column is NOT NULL, so there is no null here.
enum Value {
    Int(i64),
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}

/// Inserts rows many to a statement (well under both backends' limits on bound values).
async fn insert_rows(tx: &mut Transaction<'_, Any>, table: &str, columns: &[&str], rows: Vec<Vec<Value>>) -> Result<(), AppError> {
    let per_statement = (20_000 / columns.len()).clamp(1, 500);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..columns.len() {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("${n}"));
            }
            sql.push(')');
        }
        let mut query = sqlx::query(&sql);
        for row in chunk {
            for value in row {
                query = match value {
                    Value::Int(v) => query.bind(v),
                    Value::Text(v) => query.bind(v),
                };
            }
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn max_id(db: &Db, table: &str) -> Result<i64, AppError> {
    let (id,): (i64,) = sqlx::query_as(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}")).fetch_one(db).await?;
    Ok(id)
}

async fn id_of(db: &Db, sql: &str, key: &str) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> = sqlx::query_as(sql).bind(key).fetch_optional(db).await?;
    Ok(row.map(|(id,)| id))
}

/// A date `offset` days from today, as dates people choose are stored (YYYY-MM-DD).
fn day(offset: i64) -> String {
    let date = time::OffsetDateTime::now_utc().date() + time::Duration::days(offset);
    let format = time::macros::format_description!("[year]-[month]-[day]");
    date.format(&format).unwrap_or_default()
}

/// A small, repeatable pseudo-random sequence, so every run of the same size looks alike.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % sides.max(1) as u64) as usize
    }
}

#[derive(sqlx::FromRow)]
struct NewOrganisation {
    id: i64,
    kind: String,
}

/// Adds the bulk data. Needs the demo data first (WhyNot!, the training course, the
/// trainer); loads it if it is missing.
pub async fn seed(db: &Db, options: ScaleOptions) -> Result<ScaleReport, AppError> {
    super::load(db).await?;
    let at = now();
    let mut dice = Dice(options.organisations as u64 * 31 + options.briefs as u64 * 7 + options.people as u64 + 1);
    let mut report = ScaleReport::default();

    // Organisations: a quarter research groups, seven in ten commissioning bodies, the rest
    // training providers. The number at the end keeps names unique across runs.
    let first_org = max_id(db, "organisations").await?;
    let mut rows = Vec::with_capacity(options.organisations);
    for k in 0..options.organisations {
        let n = first_org as usize + k + 1;
        let place = PLACES[dice.roll(PLACES.len())];
        let (kind, name) = match k % 20 {
            0..=4 => ("research_group", format!("{place} {} {n}", GROUP_NAMES[dice.roll(GROUP_NAMES.len())])),
            5..=18 => ("commissioner", format!("{place} {} {n}", COMMISSIONER_NAMES[dice.roll(COMMISSIONER_NAMES.len())])),
            _ => ("training_provider", format!("{place} {} {n}", PROVIDER_NAMES[dice.roll(PROVIDER_NAMES.len())])),
        };
        let slug = crate::validate::slugify(&name);
        let description = match kind {
            "research_group" => format!("Local people in and around {place} who research the services they use."),
            "commissioner" => format!("Commissions research into services in {place} and the villages around it."),
            _ => format!("Runs courses for citizen researchers in {place}."),
        };
        rows.push(vec![Value::from(name), slug.into(), kind.into(), description.into(), at.into()]);
    }
    let mut tx = db.begin().await?;
    insert_rows(&mut tx, "organisations", &["name", "slug", "kind", "description", "created_at"], rows).await?;
    tx.commit().await?;
    let organisations: Vec<NewOrganisation> =
        sqlx::query_as("SELECT id, kind FROM organisations WHERE id > $1 ORDER BY id").bind(first_org).fetch_all(db).await?;
    report.organisations = organisations.len();
    let of_kind = |kind: &str| organisations.iter().filter(|o| o.kind == kind).map(|o| o.id).collect::<Vec<_>>();
    let groups = of_kind("research_group");
    let mut commissioners = of_kind("commissioner");
    let providers = of_kind("training_provider");

    // People, each a member of one organisation; one in twenty joins WhyNot!. The first
    // person in each organisation leads it. All can sign in with the demo password.
    let whynot = id_of(db, "SELECT id FROM organisations WHERE slug = $1", "whynot").await?;
    let university = id_of(db, "SELECT id FROM organisations WHERE slug = $1", UNIVERSITY).await?;
    let password_hash = hash_password(DEMO_PASSWORD.to_string()).await?;
    let first_user = max_id(db, "users").await?;
    let mut rows = Vec::with_capacity(options.people);
    for k in 0..options.people {
        let n = first_user as usize + k + 1;
        let first = FIRST_NAMES[dice.roll(FIRST_NAMES.len())];
        let last = SURNAMES[dice.roll(SURNAMES.len())];
        let email = format!("{}.{}.{n}@people.example", first.to_lowercase(), last.to_lowercase());
        rows.push(vec![Value::from(format!("{first} {last}")), email.into(), password_hash.as_str().into(), at.into(), at.into(), at.into()]);
    }
    let mut tx = db.begin().await?;
    insert_rows(&mut tx, "users", &["name", "email", "password_hash", "email_verified_at", "created_at", "updated_at"], rows).await?;
    tx.commit().await?;
    let people: Vec<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE id > $1 ORDER BY id").bind(first_user).fetch_all(db).await?;
    let people: Vec<i64> = people.into_iter().map(|(id,)| id).collect();
    report.people = people.len();

    let member_orgs: Vec<(i64, &str)> = organisations
        .iter()
        .map(|o| {
            let role = match o.kind.as_str() {
                "research_group" => "member",
                "commissioner" => "commissioner",
                _ => "trainer",
            };
            (o.id, role)
        })
        .collect();
    let mut led = std::collections::HashSet::new();
    let mut trainers = Vec::new();
    let mut rows = Vec::with_capacity(people.len());
    for (k, person) in people.iter().enumerate() {
        let (organisation, role) = match (whynot, university) {
            (Some(whynot), _) if k % 20 == 0 => (whynot, "member"),
            (_, Some(university)) if k % 50 == 1 => (university, "trainer"),
            _ if !member_orgs.is_empty() => member_orgs[k % member_orgs.len()],
            _ => continue,
        };
        let lead = led.insert(organisation) && Some(organisation) != whynot && Some(organisation) != university;
        let role = if lead && role == "member" { "coordinator" } else { role };
        if Some(organisation) == university {
            trainers.push(*person);
        }
        rows.push(vec![Value::from(organisation), (*person).into(), role.into(), (lead as i64).into(), at.into()]);
    }
    report.memberships = rows.len();
    let mut tx = db.begin().await?;
    insert_rows(&mut tx, "memberships", &["organisation_id", "user_id", "role", "is_lead", "created_at"], rows).await?;
    tx.commit().await?;

    // Published briefs from many bodies, the demo ones too; most still open, some closed.
    for slug in ["essex-county-council", "mid-and-south-essex-nhs", "age-uk-essex"] {
        if let Some(id) = id_of(db, "SELECT id FROM organisations WHERE slug = $1", slug).await? {
            commissioners.push(id);
        }
    }
    let first_brief = max_id(db, "briefs").await?;
    if !commissioners.is_empty() {
        let mut rows = Vec::with_capacity(options.briefs);
        for k in 0..options.briefs {
            let topic = TOPICS[dice.roll(TOPICS.len())];
            let place = PLACES[dice.roll(PLACES.len())];
            let closes_in = dice.roll(120) as i64 - 30;
            let published = at - (dice.roll(60) as i64 + 1) * DAY;
            let budget = 300_000 + dice.roll(40) as i64 * 50_000;
            rows.push(vec![
                Value::from(commissioners[k % commissioners.len()]),
                format!("{topic} in {place}").into(),
                format!("We would like to know what people in {place} think of {}.", topic.to_lowercase()).into(),
                "What works well? What gets in the way? What would make the biggest difference?".into(),
                "older_people".into(),
                "A short report in plain English and a presentation to the service's managers.".into(),
                budget.into(),
                (budget * 2).into(),
                day(closes_in).into(),
                day(closes_in + 45).into(),
                day(closes_in + 240).into(),
                "Commissioning team".into(),
                "research@commissioner.example".into(),
                "published".into(),
                published.into(),
                published.into(),
                published.into(),
            ]);
        }
        let mut tx = db.begin().await?;
        insert_rows(
            &mut tx,
            "briefs",
            &[
                "organisation_id", "title", "summary", "questions", "about_whom", "outputs", "budget_min_pence", "budget_max_pence",
                "responses_due", "start_date", "report_due", "contact_name", "contact_email", "state", "published_at", "created_at",
                "updated_at",
            ],
            rows,
        )
        .await?;
        tx.commit().await?;
    }
    let briefs: Vec<(i64,)> = sqlx::query_as("SELECT id FROM briefs WHERE id > $1 ORDER BY id").bind(first_brief).fetch_all(db).await?;
    report.briefs = briefs.len();

    // Responses: one brief in ten has a response sent by a group; WhyNot! drafts one in fifty.
    let mut rows = Vec::new();
    for (k, (brief,)) in briefs.iter().enumerate() {
        let mut responders = Vec::new();
        if k % 10 == 0 && !groups.is_empty() {
            responders.push((groups[dice.roll(groups.len())], "submitted"));
        }
        if let Some(whynot) = whynot.filter(|_| k % 50 == 3) {
            responders.push((whynot, "draft"));
        }
        for (group, state) in responders {
            let submitted_at = if state == "submitted" { at } else { 0 };
            rows.push(vec![
                Value::from(*brief),
                group.into(),
                "Peer interviews and a group discussion, designed and carried out by our members.".into(),
                "Our members use these services themselves.".into(),
                120i64.into(),
                1500i64.into(),
                180_000i64.into(),
                state.into(),
                submitted_at.into(),
                at.into(),
                at.into(),
            ]);
        }
    }
    report.responses = rows.len();
    let mut tx = db.begin().await?;
    insert_rows(
        &mut tx,
        "responses",
        &[
            "brief_id", "organisation_id", "approach", "lived_experience", "peer_hours", "peer_rate_pence", "total_pence", "state",
            "submitted_at", "created_at", "updated_at",
        ],
        rows,
    )
    .await?;
    // A draft has no sending time; the bulk insert wrote 0 to keep every value bound.
    sqlx::query("UPDATE responses SET submitted_at = NULL WHERE submitted_at = 0").execute(&mut *tx).await?;
    tx.commit().await?;

    // Cohorts of the demo course at training providers' venues; Dr Palmer teaches one in
    // four, so her training page grows too. Eight trainees each, six weekly sessions.
    let course = match university {
        Some(university) => {
            let row: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM courses WHERE organisation_id = $1 ORDER BY id LIMIT 1").bind(university).fetch_optional(db).await?;
            row.map(|(id,)| id)
        }
        None => None,
    };
    let palmer = id_of(db, "SELECT id FROM users WHERE email = $1", TRAINER).await?;
    if let (Some(course), Some(palmer)) = (course, palmer) {
        let first_cohort = max_id(db, "cohorts").await?;
        let mut rows = Vec::with_capacity(options.cohorts);
        for k in 0..options.cohorts {
            let place = PLACES[dice.roll(PLACES.len())];
            let starts = dice.roll(300) as i64 - 200;
            let name = format!("{place}, {} {}", SEASONS[k % SEASONS.len()], first_cohort as usize + k + 1);
            let venue = match providers.is_empty() {
                true => format!("{place} Library"),
                false => format!("{place} Library (with partner {})", providers[k % providers.len()]),
            };
            rows.push(vec![
                Value::from(course),
                name.into(),
                day(starts).into(),
                day(starts + 42).into(),
                12i64.into(),
                venue.into(),
                75i64.into(),
                palmer.into(),
                at.into(),
            ]);
        }
        let mut tx = db.begin().await?;
        insert_rows(
            &mut tx,
            "cohorts",
            &["course_id", "name", "starts_on", "ends_on", "capacity", "location", "min_attendance", "created_by", "created_at"],
            rows,
        )
        .await?;
        tx.commit().await?;
        let cohorts: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, starts_on FROM cohorts WHERE id > $1 ORDER BY id").bind(first_cohort).fetch_all(db).await?;
        report.cohorts = cohorts.len();

        let mut teaching = Vec::new();
        let mut required = Vec::new();
        let mut sessions = Vec::new();
        let mut enrolments = Vec::new();
        let modules: Vec<(i64,)> = sqlx::query_as("SELECT id FROM course_modules WHERE course_id = $1").bind(course).fetch_all(db).await?;
        let trainees: Vec<i64> = people.iter().copied().filter(|p| !trainers.contains(p)).collect();
        for (k, (cohort, starts_on)) in cohorts.iter().enumerate() {
            let trainer = if k % 4 == 0 || trainers.is_empty() { palmer } else { trainers[k % trainers.len()] };
            teaching.push(vec![Value::from(*cohort), trainer.into()]);
            for (module,) in &modules {
                required.push(vec![Value::from(*cohort), (*module).into()]);
            }
            let start = time::Date::parse(starts_on, time::macros::format_description!("[year]-[month]-[day]")).ok();
            for week in 0..6i64 {
                let on = start.map(|d| d + time::Duration::days(week * 7)).map(|d| d.to_string()).unwrap_or_else(|| day(week * 7));
                sessions.push(vec![Value::from(*cohort), on.into(), "10:30".into(), "Library meeting room".into(), 0i64.into(), at.into()]);
            }
            if !trainees.is_empty() {
                let mut chosen = std::collections::BTreeSet::new();
                for j in 0..8 {
                    chosen.insert(trainees[(k * 8 + j) % trainees.len()]);
                }
                for trainee in chosen {
                    enrolments.push(vec![Value::from(*cohort), trainee.into(), at.into()]);
                }
            }
        }
        report.enrolments = enrolments.len();
        let mut tx = db.begin().await?;
        insert_rows(&mut tx, "cohort_trainers", &["cohort_id", "user_id"], teaching).await?;
        insert_rows(&mut tx, "cohort_required_modules", &["cohort_id", "module_id"], required).await?;
        insert_rows(&mut tx, "cohort_sessions", &["cohort_id", "on_date", "at_time", "place", "online", "created_at"], sessions).await?;
        insert_rows(&mut tx, "enrolments", &["cohort_id", "user_id", "enrolled_at"], enrolments).await?;
        tx.commit().await?;
    }
    Ok(report)
}
