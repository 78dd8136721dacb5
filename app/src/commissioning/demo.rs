//! Demo data for this feature, loaded after the foundation's; safe to load twice.
//! Open briefs from Essex County Council and the NHS trust, a WhyNot! response in
//! draft, questions with answers, and two awarded briefs with their projects: SE-SURG's
//! recovery college evaluation and WhyNot!'s study of assistive technology at home, and
//! WhyNot!'s finished study of day services in Tendring, awarded over a year ago.

use crate::error::AppError;
use crate::platform::db::Db;
use crate::platform::time::{date_in, now};
use crate::projects::{AgreedWork, AwardTerms, Costs};

struct DemoBrief {
    commissioner: &'static str,
    author: &'static str,
    title: &'static str,
    summary: &'static str,
    background: &'static str,
    questions: &'static str,
    about_whom: &'static str,
    methods: &'static str,
    outputs: &'static str,
    budget: (i64, i64),
    /// Days from today: responses due, start, report due.
    days: (i64, i64, i64),
    contact: (&'static str, &'static str),
    state: &'static str,
}

const BRIEFS: &[DemoBrief] = &[
    DemoBrief {
        commissioner: "essex-county-council",
        author: "helen.carter@essex-council.example",
        title: "Loneliness among older people in rural Essex",
        summary: "We want to understand what helps older people in villages stay connected, and what gets in the way, \
                  so that the new community connectors service is shaped around what people say works.",
        background: "## Why now\n\nThe County Council is recommissioning its **community connectors** service in 2027. \
                     Our survey data shows higher loneliness scores in rural districts, but it does not tell us why.\n\n\
                     - Bus routes were cut in 2024\n- Two village halls closed last year\n\nSee the [Age UK loneliness evidence](https://www.ageuk.org.uk).",
        questions: "What helps older people in rural Essex feel connected to others?\n\nWhat gets in the way, especially transport and the cost of getting about?\n\nWhat would they want from a community connector?",
        about_whom: "older_people",
        methods: "Peer interviews with older people in at least three villages; a group discussion with community connectors.",
        outputs: "A written report with recommendations, a two-page summary for the public, and a presentation to the Research and Governance Committee.",
        budget: (800_000, 1_500_000),
        days: (28, 56, 200),
        contact: ("Helen Carter", "helen.carter@essex-council.example"),
        state: "published",
    },
    DemoBrief {
        commissioner: "essex-county-council",
        author: "helen.carter@essex-council.example",
        title: "How carers of people with dementia find support",
        summary: "Find out how family carers first hear about the support available to them, and where they fall through the gaps.",
        background: "Carers tell us they found out about respite and carers' assessments *too late*.",
        questions: "How do carers first hear about support?\n\nWhat stops them asking for a carer's assessment?",
        about_whom: "carers",
        methods: "",
        outputs: "A short report and a list of practical changes to how information is given out.",
        budget: (500_000, 700_000),
        days: (10, 40, 160),
        contact: ("Helen Carter", "helen.carter@essex-council.example"),
        state: "published",
    },
    DemoBrief {
        commissioner: "mid-and-south-essex-nhs",
        author: "sam.okafor@msenhs.example",
        title: "Evaluation of the recovery college in south Essex",
        summary: "An evaluation, led by people who use mental health services, of whether the recovery college helps students in their recovery.",
        background: "The recovery college has run courses since 2023. We want an independent, service-user-led evaluation.",
        questions: "Does the recovery college help students in their recovery?\n\nWhat could be better?",
        about_whom: "mental_health",
        methods: "Interviews and a survey of past students, using a recovery outcome measure.",
        outputs: "An evaluation report and feedback seminars for students and staff.",
        budget: (1_200_000, 2_000_000),
        days: (-30, 14, 180),
        contact: ("Samuel Okafor", "sam.okafor@msenhs.example"),
        state: "awarded",
    },
    DemoBrief {
        commissioner: "essex-county-council",
        author: "helen.carter@essex-council.example",
        title: "Day opportunities for people with learning disabilities (draft)",
        summary: "Still being written: what people want from day opportunities.",
        background: "",
        questions: "What do people want from day opportunities?",
        about_whom: "disabled_people",
        methods: "",
        outputs: "A report.",
        budget: (600_000, 600_000),
        days: (45, 70, 220),
        contact: ("Helen Carter", "helen.carter@essex-council.example"),
        state: "draft",
    },
    DemoBrief {
        commissioner: "essex-county-council",
        author: "helen.carter@essex-council.example",
        title: "Assistive technology at home: what helps older people stay independent",
        summary: "Find out which aids and gadgets at home really help older people stay independent, and why some are never used.",
        background: "The County Council lends pendant alarms, sensors and other equipment to thousands of older people. \
                     Many items are returned unused. We want to hear from the people who use them.",
        questions: "Which assistive technology helps older people stay independent at home?\n\nWhy is some equipment never used?\n\nWhat would make it easier to choose and use?",
        about_whom: "older_people",
        methods: "Peer interviews in people's homes, and a group discussion.",
        outputs: "A report with recommendations for the equipment service, and a short summary for the people who took part.",
        budget: (700_000, 1_200_000),
        days: (-20, 21, 200),
        contact: ("Helen Carter", "helen.carter@essex-council.example"),
        state: "awarded",
    },
    // Finished over a year ago: the project that shows a report, outputs and impact.
    DemoBrief {
        commissioner: "essex-county-council",
        author: "helen.carter@essex-council.example",
        title: "Day services for older people in Tendring: what would people choose?",
        summary: "Ask older people who use, or have stopped using, day centres in Tendring what they value and what they would choose instead.",
        background: "Attendance at the district's three day centres has fallen for five years. Before deciding their future, \
                     the County Council wants to hear from the people who use them and from those who stopped going.",
        questions: "What do older people value about day services?\n\nWhy do some people stop going?\n\nWhat would they choose instead?",
        about_whom: "older_people",
        methods: "Peer interviews and a group discussion at each day centre.",
        outputs: "A report with recommendations, a plain-English summary, and a presentation to the day services board.",
        budget: (600_000, 1_000_000),
        days: (-420, -400, -220),
        contact: ("Helen Carter", "helen.carter@essex-council.example"),
        state: "awarded",
    },
];

async fn id_of(db: &Db, sql: &str, key: &str) -> Result<i64, AppError> {
    let (id,): (i64,) = sqlx::query_as(sql).bind(key).fetch_one(db).await?;
    Ok(id)
}

pub async fn load(db: &Db) -> Result<(), AppError> {
    let at = now();
    let whynot = id_of(db, "SELECT id FROM organisations WHERE slug = $1", "whynot").await?;
    let sesurg = id_of(db, "SELECT id FROM organisations WHERE slug = $1", "se-surg").await?;
    let margaret = id_of(db, "SELECT id FROM users WHERE email = $1", "margaret@whynot.example").await?;
    let dennis = id_of(db, "SELECT id FROM users WHERE email = $1", "dennis@whynot.example").await?;
    let priya = id_of(db, "SELECT id FROM users WHERE email = $1", "priya@se-surg.example").await?;
    let tom = id_of(db, "SELECT id FROM users WHERE email = $1", "tom@se-surg.example").await?;

    sqlx::query("INSERT INTO brief_alerts (organisation_id, created_at) VALUES ($1, $2) ON CONFLICT (organisation_id) DO NOTHING")
        .bind(whynot)
        .bind(at)
        .execute(db)
        .await?;

    let mut ids = Vec::new();
    for (n, b) in BRIEFS.iter().enumerate() {
        let organisation_id = id_of(db, "SELECT id FROM organisations WHERE slug = $1", b.commissioner).await?;
        let existing: Option<(i64,)> = sqlx::query_as("SELECT id FROM briefs WHERE organisation_id = $1 AND title = $2")
            .bind(organisation_id)
            .bind(b.title)
            .fetch_optional(db)
            .await?;
        if let Some((id,)) = existing {
            ids.push((id, false));
            continue;
        }
        let author = id_of(db, "SELECT id FROM users WHERE email = $1", b.author).await?;
        let published_at = (b.state != "draft").then_some(at - 86_400 * (40 - n as i64 * 5));
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO briefs (organisation_id, created_by, title, summary, background, questions, about_whom, methods, outputs, \
             budget_min_pence, budget_max_pence, responses_due, start_date, report_due, contact_name, contact_email, state, \
             published_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id",
        )
        .bind(organisation_id)
        .bind(author)
        .bind(b.title)
        .bind(b.summary)
        .bind(b.background)
        .bind(b.questions)
        .bind(b.about_whom)
        .bind(b.methods)
        .bind(b.outputs)
        .bind(b.budget.0)
        .bind(b.budget.1)
        .bind(date_in(b.days.0))
        .bind(date_in(b.days.1))
        .bind(date_in(b.days.2))
        .bind(b.contact.0)
        .bind(b.contact.1)
        .bind(b.state)
        .bind(published_at)
        .bind(at)
        .fetch_one(db)
        .await?;
        ids.push((id, true));
    }

    // The loneliness brief: a question answered, and WhyNot!'s response in draft with a comment.
    let (loneliness, new) = ids[0];
    if new {
        let helen = id_of(db, "SELECT id FROM users WHERE email = $1", "helen.carter@essex-council.example").await?;
        sqlx::query(
            "INSERT INTO brief_questions (brief_id, asked_by, question, answer, answered_by, answered_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(loneliness)
        .bind(tom)
        .bind("Can the interviews include people who have moved into a care home from a village?")
        .bind("Yes. People who moved into care in the last two years are very welcome to take part.")
        .bind(helen)
        .bind(at)
        .execute(db)
        .await?;
        let (response,): (i64,) = sqlx::query_as(
            "INSERT INTO responses (brief_id, organisation_id, created_by, approach, lived_experience, team, timeline, ethics_route, \
             peer_hours, peer_rate_pence, expenses_pence, academic_pence, other_pence, other_note, total_pence, state, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 160, 1500, 60000, 200000, 0, '', 500000, 'draft', $9, $9) RETURNING id",
        )
        .bind(loneliness)
        .bind(whynot)
        .bind(margaret)
        .bind("Twenty peer interviews in four villages, done in pairs by WhyNot! members, and one group discussion at a village hall.")
        .bind("WhyNot! members are older people themselves. They design the questions, interview, analyse and present the findings.")
        .bind("Margaret Ellis (coordinator), Dennis Clarke and Sheila Morton (peer researchers), with Dr Nadia Bell from Anglia Ruskin University.")
        .bind("Month 1: design and ethics. Months 2-4: interviews. Month 5: analysis. Month 6: report and presentation.")
        .bind("Anglia Ruskin University's research ethics committee.")
        .bind(at)
        .fetch_one(db)
        .await?;
        sqlx::query("INSERT INTO response_comments (response_id, user_id, body, created_at) VALUES ($1, $2, $3, $4)")
            .bind(response)
            .bind(dennis)
            .bind("Could we add the mobile library stops? People talk there.")
            .bind(at)
            .execute(db)
            .await?;
    }

    // The recovery college evaluation: awarded to SE-SURG, with its project.
    let (recovery, new) = ids[2];
    if new {
        let work = AgreedWork {
            approach: "Interviews with 20 past students and a survey using the Recovery Assessment Scale, with feedback seminars on the preliminary findings.".into(),
            lived_experience: "SE-SURG members, all mental health service users, lead every stage from design to dissemination.".into(),
            team: "Priya Shah (coordinator) and Tom Barker (peer researchers), supported by an academic from Anglia Ruskin University.".into(),
            timeline: "Six months, starting with ethics approval.".into(),
            ethics_route: "NHS research ethics through the trust's research and development office.".into(),
            costs: Costs { peer_hours: 300, peer_rate_pence: 1500, expenses_pence: 120_000, academic_pence: 300_000, other_pence: 50_000 },
            other_note: "Printing and feedback seminars".into(),
        };
        let awarded = Awarded { brief: &BRIEFS[2], brief_id: recovery, group_id: sesurg, lead: priya, contact_email: "sam.okafor@msenhs.example", work };
        awarded_project(db, awarded, at - 86_400 * 20, at - 86_400 * 10).await?;
    }

    // Assistive technology at home: awarded to WhyNot!, with its project.
    let (assistive, new) = ids[4];
    if new {
        let work = AgreedWork {
            approach: "Sixteen peer interviews in people's homes across Essex, done in pairs by WhyNot! members, and one group discussion with people who returned equipment.".into(),
            lived_experience: "WhyNot! members are older people; several use assistive technology themselves. They shape the questions, interview and present the findings.".into(),
            team: "Margaret Ellis (coordinator), Dennis Clarke and Sheila Morton (peer researchers), with Dr Nadia Bell from Anglia Ruskin University.".into(),
            timeline: "Month 1: ethics. Months 2 to 4: interviews. Month 5: analysis. Month 6: report.".into(),
            ethics_route: "Anglia Ruskin University's research ethics committee.".into(),
            costs: Costs { peer_hours: 200, peer_rate_pence: 1500, expenses_pence: 80_000, academic_pence: 250_000, other_pence: 20_000 },
            other_note: "Large-print information sheets".into(),
        };
        let awarded = Awarded { brief: &BRIEFS[4], brief_id: assistive, group_id: whynot, lead: margaret, contact_email: "helen.carter@essex-council.example", work };
        awarded_project(db, awarded, at - 86_400 * 15, at - 86_400 * 6).await?;
    }

    // Day services in Tendring: awarded to WhyNot! over a year ago; the projects demo
    // takes its project through to impact follow-up.
    let (day_services, new) = ids[5];
    if new {
        sqlx::query("UPDATE briefs SET published_at = $1, created_at = $1, updated_at = $1 WHERE id = $2")
            .bind(at - 86_400 * 450)
            .bind(day_services)
            .execute(db)
            .await?;
        let work = AgreedWork {
            approach: "Twenty-four peer interviews with people who use, or used to use, the three day centres, and a group discussion at each centre.".into(),
            lived_experience: "WhyNot! members are older people; two of them used a day centre after a stroke. They wrote the questions, interviewed and analysed.".into(),
            team: "Margaret Ellis (coordinator), Dennis Clarke and Sheila Morton (peer researchers), with Dr Nadia Bell from Anglia Ruskin University.".into(),
            timeline: "Month 1: ethics. Months 2 to 4: interviews. Month 5: analysis. Month 6: report and presentation.".into(),
            ethics_route: "Anglia Ruskin University's research ethics committee.".into(),
            costs: Costs { peer_hours: 240, peer_rate_pence: 1500, expenses_pence: 90_000, academic_pence: 250_000, other_pence: 30_000 },
            other_note: "Venue hire for the feedback seminar".into(),
        };
        let awarded = Awarded { brief: &BRIEFS[5], brief_id: day_services, group_id: whynot, lead: margaret, contact_email: "helen.carter@essex-council.example", work };
        awarded_project(db, awarded, at - 86_400 * 425, at - 86_400 * 410).await?;
    }
    Ok(())
}

/// An awarded brief's winning response, and its project made the way an award makes it.
struct Awarded<'a> {
    brief: &'a DemoBrief,
    brief_id: i64,
    group_id: i64,
    lead: i64,
    contact_email: &'static str,
    work: AgreedWork,
}

async fn awarded_project(db: &Db, a: Awarded<'_>, submitted: i64, agreed_at: i64) -> Result<(), AppError> {
    let contact = id_of(db, "SELECT id FROM users WHERE email = $1", a.contact_email).await?;
    let body = id_of(db, "SELECT id FROM organisations WHERE slug = $1", a.brief.commissioner).await?;
    let work = a.work;
    let (response,): (i64,) = sqlx::query_as(
        "INSERT INTO responses (brief_id, organisation_id, created_by, submitted_by, approach, lived_experience, team, timeline, \
         ethics_route, peer_hours, peer_rate_pence, expenses_pence, academic_pence, other_pence, other_note, total_pence, state, \
         submitted_at, decided_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'awarded', $16, $16, $16, $16) RETURNING id",
    )
    .bind(a.brief_id)
    .bind(a.group_id)
    .bind(a.lead)
    .bind(&work.approach)
    .bind(&work.lived_experience)
    .bind(&work.team)
    .bind(&work.timeline)
    .bind(&work.ethics_route)
    .bind(work.costs.peer_hours)
    .bind(work.costs.peer_rate_pence)
    .bind(work.costs.expenses_pence)
    .bind(work.costs.academic_pence)
    .bind(work.costs.other_pence)
    .bind(&work.other_note)
    .bind(work.costs.total_pence())
    .bind(submitted)
    .fetch_one(db)
    .await?;
    // The project, made the way an award makes it, with its copy of the agreed terms.
    let brief = a.brief;
    let terms = AwardTerms {
        brief_id: a.brief_id,
        response_id: response,
        title: brief.title.into(),
        group_id: a.group_id,
        commissioner_organisation_id: body,
        contact_user_id: Some(contact),
        contact_name: brief.contact.0.into(),
        contact_email: brief.contact.1.into(),
        lead_user_id: Some(a.lead),
        brief_summary: brief.summary.into(),
        brief_questions: brief.questions.into(),
        brief_outputs: brief.outputs.into(),
        start_date: date_in(brief.days.1),
        report_due: date_in(brief.days.2),
        work,
        agreed_at,
    };
    let mut tx = db.begin().await?;
    crate::projects::service::create_from_award(&mut tx, &terms).await?;
    tx.commit().await?;
    Ok(())
}
