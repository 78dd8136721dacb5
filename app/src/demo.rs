//! Believable demo data: the WhyNot!, SE-SURG and North Essex Research Network groups,
//! Essex County Council, an NHS trust and Age UK Essex as commissioners, Anglia Ruskin
//! University as training provider, and a login for each role. Loading twice changes
//! nothing the second time.

pub mod scale;

use crate::error::AppError;
use crate::identity::{OrgKind, Role};
use crate::platform::crypto::hash_password;
use crate::platform::db::Db;
use crate::platform::time::now;

/// Every demo account uses this password; it is printed at start-up.
pub const DEMO_PASSWORD: &str = "coresearch-demo";

pub struct DemoOrganisation {
    pub name: &'static str,
    pub slug: &'static str,
    pub kind: OrgKind,
    pub description: &'static str,
}

pub const ORGANISATIONS: &[DemoOrganisation] = &[
    DemoOrganisation {
        name: "WhyNot!",
        slug: "whynot",
        kind: OrgKind::ResearchGroup,
        description: "Older people in Essex who research the services older people use. Founded in 2007 by ten of the \
                      twenty-two people who finished the first training course; since then commissioned by the County \
                      Council, district councils, the NHS and Age UK.",
    },
    DemoOrganisation {
        name: "South Essex Service User Research Group (SE-SURG)",
        slug: "se-surg",
        kind: OrgKind::ResearchGroup,
        description: "People with experience of mental health services in south Essex, doing research on the services \
                      they know from the inside. Founded in 2005.",
    },
    DemoOrganisation {
        name: "North Essex Research Network",
        slug: "north-essex-research-network",
        kind: OrgKind::ResearchGroup,
        description: "Mental health service users in north Essex. Nine of the twenty people trained through MIME \
                      founded the network in 2012.",
    },
    DemoOrganisation {
        name: "Essex County Council",
        slug: "essex-county-council",
        kind: OrgKind::Commissioner,
        description: "Research and Analysis, and Adult Social Care commissioning.",
    },
    DemoOrganisation {
        name: "Mid and South Essex NHS Foundation Trust",
        slug: "mid-and-south-essex-nhs",
        kind: OrgKind::Commissioner,
        description: "Commissions evaluations of mental health recovery and community services.",
    },
    DemoOrganisation {
        name: "Age UK Essex",
        slug: "age-uk-essex",
        kind: OrgKind::Commissioner,
        description: "The local Age UK, which asks older people what works for them.",
    },
    DemoOrganisation {
        name: "Anglia Ruskin University",
        slug: "anglia-ruskin-university",
        kind: OrgKind::TrainingProvider,
        description: "Runs the research skills course for citizen researchers and offers academic support to groups.",
    },
];

pub struct DemoPerson {
    pub name: &'static str,
    pub email: &'static str,
    pub is_admin: bool,
    /// (organisation slug, role, lead)
    pub memberships: &'static [(&'static str, Role, bool)],
    /// What this login shows off, printed at start-up.
    pub about: &'static str,
}

pub const PEOPLE: &[DemoPerson] = &[
    DemoPerson { name: "Pat Administrator", email: "admin@coresearch.example", is_admin: true, memberships: &[], about: "platform administrator" },
    DemoPerson {
        name: "Margaret Ellis",
        email: "margaret@whynot.example",
        is_admin: false,
        memberships: &[("whynot", Role::Coordinator, true)],
        about: "coordinator of WhyNot!",
    },
    DemoPerson {
        name: "Dennis Clarke",
        email: "dennis@whynot.example",
        is_admin: false,
        memberships: &[("whynot", Role::Member, false)],
        about: "member of WhyNot!",
    },
    DemoPerson {
        name: "Sheila Morton",
        email: "sheila@whynot.example",
        is_admin: false,
        memberships: &[("whynot", Role::Member, false)],
        about: "member of WhyNot!",
    },
    DemoPerson {
        name: "Priya Shah",
        email: "priya@se-surg.example",
        is_admin: false,
        memberships: &[("se-surg", Role::Coordinator, true)],
        about: "coordinator of SE-SURG",
    },
    DemoPerson {
        name: "Tom Barker",
        email: "tom@se-surg.example",
        is_admin: false,
        memberships: &[("se-surg", Role::Member, false)],
        about: "member of SE-SURG",
    },
    DemoPerson {
        name: "Alan Hughes",
        email: "alan@nern.example",
        is_admin: false,
        memberships: &[("north-essex-research-network", Role::Coordinator, true)],
        about: "coordinator of the North Essex Research Network",
    },
    DemoPerson {
        name: "Helen Carter",
        email: "helen.carter@essex-council.example",
        is_admin: false,
        memberships: &[("essex-county-council", Role::Commissioner, true)],
        about: "commissioner at Essex County Council",
    },
    DemoPerson {
        name: "Samuel Okafor",
        email: "sam.okafor@msenhs.example",
        is_admin: false,
        memberships: &[("mid-and-south-essex-nhs", Role::Commissioner, true)],
        about: "commissioner at the NHS trust",
    },
    DemoPerson {
        name: "Dr Ruth Palmer",
        email: "ruth.palmer@aru.example",
        is_admin: false,
        memberships: &[("anglia-ruskin-university", Role::Trainer, true)],
        about: "trainer at Anglia Ruskin University",
    },
    DemoPerson {
        name: "Dr Nadia Bell",
        email: "nadia.bell@aru.example",
        is_admin: false,
        memberships: &[("anglia-ruskin-university", Role::AcademicSupporter, false)],
        about: "academic supporter at Anglia Ruskin University",
    },
    DemoPerson {
        name: "Joan Whitfield",
        email: "joan@trainee.example",
        is_admin: false,
        memberships: &[],
        about: "trainee, not yet in a group",
    },
    DemoPerson {
        name: "Frank Osei",
        email: "frank@trainee.example",
        is_admin: false,
        memberships: &[],
        about: "trainee, half-way through the research skills course",
    },
    DemoPerson {
        name: "Irene Walsh",
        email: "irene@trainee.example",
        is_admin: false,
        memberships: &[],
        about: "trainee who missed a session and is catching up",
    },
    DemoPerson {
        name: "Gwen Foster",
        email: "gwen@trainee.example",
        is_admin: false,
        memberships: &[],
        about: "graduate (certificate CR-DEMO-2027) looking for a research group to join",
    },
    DemoPerson {
        name: "Carol Jennings",
        email: "ethics.secretary@anglia.example",
        is_admin: false,
        memberships: &[],
        about: "ethics committee secretary reviewing WhyNot!'s application (outside reviewer)",
    },
];

/// Loads the demo data; safe to run any number of times.
pub async fn load(db: &Db) -> Result<(), AppError> {
    let at = now();
    for org in ORGANISATIONS {
        sqlx::query(
            "INSERT INTO organisations (name, slug, kind, description, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (slug) DO NOTHING",
        )
        .bind(org.name)
        .bind(org.slug)
        .bind(org.kind.as_str())
        .bind(org.description)
        .bind(at)
        .execute(db)
        .await?;
    }

    let password_hash = hash_password(DEMO_PASSWORD.to_string()).await?;
    for person in PEOPLE {
        let user_id = user_id(db, person, &password_hash, at).await?;
        for (slug, role, lead) in person.memberships {
            sqlx::query(
                "INSERT INTO memberships (organisation_id, user_id, role, is_lead, created_at) \
                 SELECT id, $1, $2, $3, $4 FROM organisations WHERE slug = $5 \
                 ON CONFLICT (organisation_id, user_id) DO NOTHING",
            )
            .bind(user_id)
            .bind(role.as_str())
            .bind(*lead as i64)
            .bind(at)
            .bind(*slug)
            .execute(db)
            .await?;
        }
    }
    // Each feature adds its own examples on top of the people and organisations above.
    crate::training::demo::load(db).await?;
    crate::commissioning::demo::load(db).await?;
    crate::projects::demo::load(db).await?;
    Ok(())
}

async fn user_id(db: &Db, person: &DemoPerson, password_hash: &str, at: i64) -> Result<i64, AppError> {
    sqlx::query(
        "INSERT INTO users (name, email, password_hash, email_verified_at, is_admin, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $4, $4) ON CONFLICT (email) DO NOTHING",
    )
    .bind(person.name)
    .bind(person.email)
    .bind(password_hash)
    .bind(at)
    .bind(person.is_admin as i64)
    .execute(db)
    .await?;
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1").bind(person.email).fetch_one(db).await?;
    Ok(id)
}

/// The lines printed at start-up so a newcomer can sign in, and open the page a research
/// participant sees.
pub fn logins_text(public_url: &str) -> String {
    let mut text = format!("Demo logins (every password is {DEMO_PASSWORD}):\n");
    for person in PEOPLE {
        text.push_str(&format!("  {:<38} {}\n", person.email, person.about));
    }
    text.push_str(&format!(
        "\nA research participant's consent link (P-13 in SE-SURG's recovery college project; no sign-in needed):\n  {}/consent/{}\n",
        public_url.trim_end_matches('/'),
        crate::projects::consent::demo::DEMO_CONSENT_TOKEN
    ));
    text
}
