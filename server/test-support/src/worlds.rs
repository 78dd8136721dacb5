//! Builders for the situations tests start from: a research group with members, a cohort
//! part-way through its course, a published brief with responses from groups.
//!
//! They write rows straight into the tables (the schema changes far less often than the
//! services), on a database that already holds the demo data (`app::demo::load`; the HTTP
//! harness loads it). Everyone they create can sign in with the demo password.

use app::demo::DEMO_PASSWORD;
use app::platform::db::Db;
use app::platform::time::now;

const DAY: i64 = 24 * 3600;

/// First names and surnames to make people from, so pages read like real ones.
const FIRST_NAMES: &[&str] = &["Audrey", "Bernard", "Carol", "Derek", "Eileen", "Geoffrey", "Hilda", "Ivor", "Jean", "Keith", "Lorna", "Maurice"];
const SURNAMES: &[&str] = &["Ashworth", "Brennan", "Cartwright", "Dawson", "Eastwood", "Fletcher", "Gibbs", "Hammond", "Ingram", "Jarvis"];

#[derive(Debug, Clone)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub coordinator: Person,
    pub members: Vec<Person>,
}

#[derive(Debug, Clone)]
pub struct Trainee {
    pub person: Person,
    /// How many of the course's modules they have read and passed, in order.
    pub modules_done: usize,
}

#[derive(Debug, Clone)]
pub struct Cohort {
    pub id: i64,
    pub name: String,
    pub course_id: i64,
    pub trainer_id: i64,
    /// The course's modules, in order.
    pub modules: Vec<i64>,
    /// Six weekly sessions: the first three held (attendance marked), three to come.
    pub sessions: Vec<i64>,
    pub trainees: Vec<Trainee>,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub id: i64,
    pub organisation_id: i64,
    pub state: &'static str,
}

#[derive(Debug, Clone)]
pub struct Brief {
    pub id: i64,
    pub title: String,
    pub commissioner_id: i64,
    pub responses: Vec<Response>,
}

/// The date `offset` days from today, as the app stores dates people choose.
pub fn day(offset: i64) -> String {
    let date = time_date(now() + offset * DAY);
    format!("{:04}-{:02}-{:02}", date.0, date.1, date.2)
}

/// (year, month, day) of a Unix time, in UTC (civil-from-days).
fn time_date(unix: i64) -> (i64, u32, u32) {
    let z = unix.div_euclid(DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

async fn one_id(db: &Db, sql: &str, key: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(sql).bind(key).fetch_one(db).await.unwrap_or_else(|e| panic!("{sql} with {key:?}: {e}"));
    id
}

/// The id of the organisation with this slug.
pub async fn organisation_id(db: &Db, slug: &str) -> i64 {
    one_id(db, "SELECT id FROM organisations WHERE slug = $1", slug).await
}

/// The id of the person with this e-mail address.
pub async fn user_id(db: &Db, email: &str) -> i64 {
    one_id(db, "SELECT id FROM users WHERE email = $1", email).await
}

/// A confirmed account with the demo password.
pub async fn person(db: &Db, name: &str, email: &str) -> Person {
    let hash = app::platform::crypto::hash_password(DEMO_PASSWORD.to_string()).await.unwrap();
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (name, email, password_hash, email_verified_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4, $4) RETURNING id",
    )
    .bind(name)
    .bind(email)
    .bind(hash)
    .bind(at)
    .fetch_one(db)
    .await
    .unwrap();
    Person { id, name: name.to_string(), email: email.to_string() }
}

/// `count` people with believable names and addresses at `domain`, sharing one password hash.
pub async fn people(db: &Db, count: usize, domain: &str) -> Vec<Person> {
    let hash = app::platform::crypto::hash_password(DEMO_PASSWORD.to_string()).await.unwrap();
    let at = now();
    let mut made = Vec::with_capacity(count);
    for n in 0..count {
        let first = FIRST_NAMES[n % FIRST_NAMES.len()];
        let last = SURNAMES[(n / FIRST_NAMES.len() + n) % SURNAMES.len()];
        let name = format!("{first} {last}");
        let email = format!("{}.{}{n}@{domain}", first.to_lowercase(), last.to_lowercase());
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (name, email, password_hash, email_verified_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4, $4) RETURNING id",
        )
        .bind(&name)
        .bind(&email)
        .bind(&hash)
        .bind(at)
        .fetch_one(db)
        .await
        .unwrap();
        made.push(Person { id, name, email });
    }
    made
}

/// Adds someone to an organisation.
pub async fn add_member(db: &Db, organisation_id: i64, user_id: i64, role: &str, lead: bool) {
    sqlx::query("INSERT INTO memberships (organisation_id, user_id, role, is_lead, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(organisation_id)
        .bind(user_id)
        .bind(role)
        .bind(lead as i64)
        .bind(now())
        .execute(db)
        .await
        .unwrap();
}

/// An organisation of the given kind (`research_group`, `commissioner`, `training_provider`).
pub async fn organisation(db: &Db, name: &str, kind: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO organisations (name, slug, kind, description, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(name)
    .bind(app::validate::slugify(name))
    .bind(kind)
    .bind(format!("{name}, made for a test."))
    .bind(now())
    .fetch_one(db)
    .await
    .unwrap();
    id
}

/// A research group with a coordinator (its lead) and `members` other members.
pub async fn group_with_members(db: &Db, name: &str, members: usize) -> Group {
    let slug = app::validate::slugify(name);
    let id = organisation(db, name, "research_group").await;
    let coordinator = person(db, &format!("Coordinator of {name}"), &format!("coordinator@{slug}.example")).await;
    add_member(db, id, coordinator.id, "coordinator", true).await;
    let members = people(db, members, &format!("{slug}.example")).await;
    for member in &members {
        add_member(db, id, member.id, "member", false).await;
    }
    Group { id, name: name.to_string(), slug, coordinator, members }
}

/// A cohort of the demo course run by `trainer_email` (a trainer at the organisation that
/// offers it), part-way through: it began three weeks ago, three of six sessions are held
/// and marked, and its `trainees` new trainees are at different points (trainee n has
/// passed the first n modules, up to six).
pub async fn cohort_part_way(db: &Db, name: &str, trainer_email: &str, trainees: usize) -> Cohort {
    let trainer_id = user_id(db, trainer_email).await;
    let (course_id,): (i64,) = sqlx::query_as(
        "SELECT c.id FROM courses c JOIN memberships m ON m.organisation_id = c.organisation_id \
         WHERE m.user_id = $1 AND m.role = 'trainer' ORDER BY c.id LIMIT 1",
    )
    .bind(trainer_id)
    .fetch_one(db)
    .await
    .expect("the trainer's organisation offers a course (load the demo data first)");
    let modules: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM course_modules WHERE course_id = $1 ORDER BY position").bind(course_id).fetch_all(db).await.unwrap();
    let modules: Vec<i64> = modules.into_iter().map(|(id,)| id).collect();
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO cohorts (course_id, name, starts_on, ends_on, capacity, location, min_attendance, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'Braintree Library, meeting room 1', 75, $6, $7) RETURNING id",
    )
    .bind(course_id)
    .bind(name)
    .bind(day(-21))
    .bind(day(21))
    .bind(trainees.max(12) as i64)
    .bind(trainer_id)
    .bind(at)
    .fetch_one(db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO cohort_trainers (cohort_id, user_id) VALUES ($1, $2)").bind(id).bind(trainer_id).execute(db).await.unwrap();
    sqlx::query("INSERT INTO cohort_required_modules (cohort_id, module_id) SELECT $1, id FROM course_modules WHERE course_id = $2")
        .bind(id)
        .bind(course_id)
        .execute(db)
        .await
        .unwrap();
    let mut sessions = Vec::new();
    for week in 0..6i64 {
        let (session_id,): (i64,) = sqlx::query_as(
            "INSERT INTO cohort_sessions (cohort_id, on_date, at_time, place, online, created_at) \
             VALUES ($1, $2, '10:30', 'Braintree Library, meeting room 1', 0, $3) RETURNING id",
        )
        .bind(id)
        .bind(day(-21 + week * 7))
        .bind(at)
        .fetch_one(db)
        .await
        .unwrap();
        for module_id in modules.iter().skip(week as usize * 2).take(2) {
            sqlx::query("INSERT INTO session_modules (session_id, module_id) VALUES ($1, $2)")
                .bind(session_id)
                .bind(module_id)
                .execute(db)
                .await
                .unwrap();
        }
        sessions.push(session_id);
    }
    let mut made = Vec::new();
    for (n, person) in people(db, trainees, &format!("{}.example", app::validate::slugify(name))).await.into_iter().enumerate() {
        sqlx::query("INSERT INTO enrolments (cohort_id, user_id, enrolled_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(person.id)
            .bind(at - 22 * DAY)
            .execute(db)
            .await
            .unwrap();
        let modules_done = (n + 1).min(6).min(modules.len());
        for (k, module_id) in modules.iter().take(modules_done).enumerate() {
            pass_module(db, person.id, *module_id, at - (20 - k as i64) * DAY).await;
        }
        for (week, session_id) in sessions.iter().take(3).enumerate() {
            let status = if (n + week) % 5 == 4 { "absent" } else { "present" };
            sqlx::query("INSERT INTO attendance (session_id, user_id, status, note, marked_by, marked_at) VALUES ($1, $2, $3, '', $4, $5)")
                .bind(session_id)
                .bind(person.id)
                .bind(status)
                .bind(trainer_id)
                .bind(at)
                .execute(db)
                .await
                .unwrap();
        }
        made.push(Trainee { person, modules_done });
    }
    Cohort { id, name: name.to_string(), course_id, trainer_id, modules, sessions, trainees: made }
}

/// Marks a module read, with a knowledge check passed on the right answers.
async fn pass_module(db: &Db, user_id: i64, module_id: i64, at: i64) {
    sqlx::query("INSERT INTO module_reads (user_id, module_id, read_at) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(module_id)
        .bind(at)
        .execute(db)
        .await
        .unwrap();
    let (attempt_id,): (i64,) = sqlx::query_as(
        "INSERT INTO check_attempts (user_id, module_id, module_version, score, passed, created_at) \
         SELECT $1, id, version, 100, 1, $2 FROM course_modules WHERE id = $3 RETURNING id",
    )
    .bind(user_id)
    .bind(at)
    .bind(module_id)
    .fetch_one(db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO attempt_answers (attempt_id, question_id, option_id) \
         SELECT $1, q.id, o.id FROM module_questions q JOIN question_options o ON o.question_id = q.id \
         WHERE q.module_id = $2 AND q.retired_at IS NULL AND o.correct = 1",
    )
    .bind(attempt_id)
    .bind(module_id)
    .execute(db)
    .await
    .unwrap();
}

/// A brief published by the commissioner with this slug, open for another four weeks, with a
/// response from each group in `responses` (group id and state: `draft`, `submitted`, ...).
pub async fn brief_with_responses(db: &Db, commissioner_slug: &str, title: &str, responses: &[(i64, &'static str)]) -> Brief {
    let commissioner_id = organisation_id(db, commissioner_slug).await;
    let (author,): (i64,) = sqlx::query_as("SELECT user_id FROM memberships WHERE organisation_id = $1 ORDER BY is_lead DESC, id LIMIT 1")
        .bind(commissioner_id)
        .fetch_one(db)
        .await
        .expect("the commissioner has a member");
    let at = now();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO briefs (organisation_id, created_by, title, summary, background, questions, about_whom, methods, outputs, \
         budget_min_pence, budget_max_pence, responses_due, start_date, report_due, contact_name, contact_email, state, \
         published_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, '', $5, $6, '', $7, 500000, 1500000, $8, $9, $10, 'Commissioning team', 'research@example.org', \
         'published', $11, $11, $11) RETURNING id",
    )
    .bind(commissioner_id)
    .bind(author)
    .bind(title)
    .bind(format!("{title}: what people who use the service think of it."))
    .bind("What works well? What would make it better?")
    .bind("People who use the service, and their carers.")
    .bind("A short report and a presentation to the service's managers.")
    .bind(day(28))
    .bind(day(60))
    .bind(day(240))
    .bind(at)
    .fetch_one(db)
    .await
    .unwrap();
    let mut made = Vec::new();
    for (organisation_id, state) in responses {
        let (creator,): (i64,) = sqlx::query_as("SELECT user_id FROM memberships WHERE organisation_id = $1 ORDER BY is_lead DESC, id LIMIT 1")
            .bind(organisation_id)
            .fetch_one(db)
            .await
            .expect("the group has a member");
        let submitted = if *state == "draft" { None } else { Some(at) };
        let (response_id,): (i64,) = sqlx::query_as(
            "INSERT INTO responses (brief_id, organisation_id, created_by, submitted_by, approach, lived_experience, team, timeline, \
             ethics_route, peer_hours, peer_rate_pence, expenses_pence, total_pence, state, submitted_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 'Our members use this service themselves.', 'Four peer researchers.', \
             'Six months.', 'A university ethics committee.', 100, 1500, 50000, 200000, $6, $7, $8, $8) RETURNING id",
        )
        .bind(id)
        .bind(organisation_id)
        .bind(creator)
        .bind(submitted.map(|_| creator))
        .bind(format!("Peer interviews about {title}."))
        .bind(*state)
        .bind(submitted)
        .bind(at)
        .fetch_one(db)
        .await
        .unwrap();
        made.push(Response { id: response_id, organisation_id: *organisation_id, state });
    }
    Brief { id, title: title.to_string(), commissioner_id, responses: made }
}

/// A project of its own for a test, made the way an award makes it (an awarded brief, the
/// winning response, the project with its terms and team): the group's `lead_email` leads
/// it and the commissioner `contact_email` is its contact. Tests of one project's
/// lifecycle start here rather than from the demo's projects, which other parts fill.
pub async fn awarded_project(db: &Db, group_slug: &str, commissioner_slug: &str, lead_email: &str, contact_email: &str, title: &str) -> i64 {
    let group = organisation_id(db, group_slug).await;
    let body = organisation_id(db, commissioner_slug).await;
    let lead = user_id(db, lead_email).await;
    let contact = user_id(db, contact_email).await;
    let (brief,): (i64,) = sqlx::query_as(
        "INSERT INTO briefs (organisation_id, title, summary, questions, about_whom, outputs, budget_min_pence, budget_max_pence, \
         responses_due, start_date, report_due, contact_name, contact_email, state, published_at, created_at, updated_at) \
         VALUES ($1, $2, 'A summary', 'Questions', 'mental_health', 'A report', 100000, 200000, $3, $4, $5, 'A contact', $6, \
         'awarded', 1, 1, 1) RETURNING id",
    )
    .bind(body)
    .bind(title)
    .bind(day(-30))
    .bind(day(10))
    .bind(day(200))
    .bind(contact_email)
    .fetch_one(db)
    .await
    .unwrap();
    let (response,): (i64,) = sqlx::query_as(
        "INSERT INTO responses (brief_id, organisation_id, state, submitted_at, created_at, updated_at) \
         VALUES ($1, $2, 'awarded', 1, 1, 1) RETURNING id",
    )
    .bind(brief)
    .bind(group)
    .fetch_one(db)
    .await
    .unwrap();
    let terms = app::projects::AwardTerms {
        brief_id: brief,
        response_id: response,
        title: title.to_string(),
        group_id: group,
        commissioner_organisation_id: body,
        contact_user_id: Some(contact),
        contact_name: "A contact".into(),
        contact_email: contact_email.to_string(),
        lead_user_id: Some(lead),
        brief_summary: "A summary".into(),
        brief_questions: "Questions".into(),
        brief_outputs: "A report".into(),
        start_date: day(10),
        report_due: day(200),
        work: app::projects::AgreedWork::default(),
        agreed_at: now(),
    };
    let mut tx = db.begin().await.unwrap();
    let id = app::projects::service::create_from_award(&mut tx, &terms).await.unwrap();
    tx.commit().await.unwrap();
    id
}
