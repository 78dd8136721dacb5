//! Organisations, memberships, invitations and demo data against a real database.


use app::accounts::service as accounts;
use app::error::AppError;
use app::organisations::service::{self, LAST_LEAD};
use app::identity::{OrgKind, Role};
use app::platform::state::AppState;
use app::ui::pagination::PageNumber;
use crate::support::*;

async fn user_for(state: &AppState, email: &str) -> app::identity::CurrentUser {
    let (id, ..) = accounts::find_by_email(&state.db, email).await.unwrap().expect("an account");
    accounts::load_current_user(&state.db, id).await.unwrap().unwrap()
}

async fn org_id(state: &AppState, slug: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM organisations WHERE slug = $1").bind(slug).fetch_one(&state.db).await.unwrap();
    id
}

async fn membership_id(state: &AppState, slug: &str, email: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as(
        "SELECT m.id FROM memberships m JOIN organisations o ON o.id = m.organisation_id JOIN users u ON u.id = m.user_id \
         WHERE o.slug = $1 AND u.email = $2",
    )
    .bind(slug)
    .bind(email)
    .fetch_one(&state.db)
    .await
    .unwrap();
    id
}

async fn with_demo(db: &TestDb) -> AppState {
    let state = state(db);
    app::demo::load(&state.db).await.unwrap();
    state
}

#[tokio::test]
async fn demo_data_loads_twice_without_duplicates() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let counts = |sql: &'static str| {
            let db = state.db.clone();
            async move { sqlx::query_as::<_, (i64,)>(sql).fetch_one(&db).await.unwrap().0 }
        };
        let before = (
            counts("SELECT COUNT(*) FROM users").await,
            counts("SELECT COUNT(*) FROM organisations").await,
            counts("SELECT COUNT(*) FROM memberships").await,
        );
        app::demo::load(&state.db).await.unwrap();
        let after = (
            counts("SELECT COUNT(*) FROM users").await,
            counts("SELECT COUNT(*) FROM organisations").await,
            counts("SELECT COUNT(*) FROM memberships").await,
        );
        assert_eq!(before, after);
        assert_eq!(before.0 as usize, app::demo::PEOPLE.len());
        assert_eq!(before.1 as usize, app::demo::ORGANISATIONS.len());
        // Each demo login works with the printed password.
        for person in app::demo::PEOPLE {
            accounts::sign_in(&state, person.email, app::demo::DEMO_PASSWORD, "127.0.0.1").await.unwrap();
        }
        let printed = app::demo::logins_text("http://127.0.0.1:3000/");
        assert!(printed.contains("margaret@whynot.example"));
        assert!(printed.contains("http://127.0.0.1:3000/consent/demo-consent-link-for-p13"), "{printed}");
        db.close().await;
    }
}

#[tokio::test]
async fn only_administrators_create_organisations() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let admin = actor_for(&state, "admin@coresearch.example").await;
        let coordinator = actor_for(&state, "margaret@whynot.example").await;

        assert_eq!(
            service::create_organisation(&state.db, &coordinator, "Healthwatch Essex", "commissioner", "").await,
            Err(AppError::NotAllowed)
        );
        let bad = service::create_organisation(&state.db, &admin, "", "nonsense", &"x".repeat(3000)).await.unwrap_err();
        let errors = bad.form_errors().unwrap();
        assert!(errors.message_for("name").is_some() && errors.message_for("kind").is_some() && errors.message_for("description").is_some());
        let taken = service::create_organisation(&state.db, &admin, "whynot!", "research_group", "").await.unwrap_err();
        assert!(taken.form_errors().unwrap().message_for("name").unwrap().contains("already"));

        let slug = service::create_organisation(&state.db, &admin, "Healthwatch Essex", "commissioner", "Local voice").await.unwrap();
        assert_eq!(slug, "healthwatch-essex");
        let page = service::organisation_page(&state.db, &admin, &slug, PageNumber::default()).await.unwrap();
        assert_eq!(page.kind, OrgKind::Commissioner);
        assert!(page.members.items.is_empty());
        db.close().await;
    }
}

#[tokio::test]
async fn people_see_only_their_own_organisations() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let margaret = actor_for(&state, "margaret@whynot.example").await;
        let dennis = actor_for(&state, "dennis@whynot.example").await;
        let joan = actor_for(&state, "joan@trainee.example").await;

        let mine = service::list_organisations(&state.db, &margaret, PageNumber::default()).await.unwrap().items;
        assert_eq!(mine.iter().map(|o| o.slug.as_str()).collect::<Vec<_>>(), vec!["whynot"]);
        assert!(service::list_organisations(&state.db, &joan, PageNumber::default()).await.unwrap().items.is_empty());

        // Another group's page answers "not found", not its members.
        assert_eq!(service::organisation_page(&state.db, &margaret, "se-surg", PageNumber::default()).await, Err(AppError::NotFound));
        assert_eq!(service::organisation_page(&state.db, &joan, "whynot", PageNumber::default()).await, Err(AppError::NotFound));
        assert_eq!(service::organisation_page(&state.db, &margaret, "no-such-group", PageNumber::default()).await, Err(AppError::NotFound));

        // A member sees names and roles, but not addresses; the coordinator sees both.
        let as_member = service::organisation_page(&state.db, &dennis, "whynot", PageNumber::default()).await.unwrap();
        assert!(!as_member.can_manage);
        assert!(as_member.members.items.iter().all(|m| m.email.is_none()));
        assert!(as_member.members.items.iter().any(|m| m.name == "Margaret Ellis" && m.role == Role::Coordinator));
        let as_lead = service::organisation_page(&state.db, &margaret, "whynot", PageNumber::default()).await.unwrap();
        assert!(as_lead.can_manage);
        assert!(as_lead.members.items.iter().all(|m| m.email.is_some()));
        db.close().await;
    }
}

#[tokio::test]
async fn a_coordinator_invites_and_a_newcomer_accepts_with_a_new_account() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let margaret = actor_for(&state, "margaret@whynot.example").await;
        let whynot = org_id(&state, "whynot").await;

        let bad = service::invite(&state, &margaret, "Margaret", whynot, "nope", "commissioner", false).await.unwrap_err();
        let errors = bad.form_errors().unwrap();
        assert!(errors.message_for("email").is_some() && errors.message_for("role").is_some());
        let already = service::invite(&state, &margaret, "Margaret", whynot, "dennis@whynot.example", "member", false).await.unwrap_err();
        assert!(already.form_errors().unwrap().message_for("email").unwrap().contains("already"));

        service::invite(&state, &margaret, "Margaret Ellis", whynot, "Brenda@Example.org", "member", true).await.unwrap();
        let mail = state.mailer.sent().pop().unwrap();
        assert_eq!(mail.to, "brenda@example.org");
        assert!(mail.subject.contains("Margaret Ellis invited you to join WhyNot!"));
        assert!(mail.text.contains("because Margaret Ellis typed your address"));
        let token = link_token(&state, "brenda@example.org", "/invitations/");

        let view = service::invitation_view(&state.db, &token, None).await.unwrap();
        assert_eq!(view.organisation_name, "WhyNot!");
        assert!(!view.account_exists);
        assert!(!view.is_lead, "a tick cannot make a group member a lead");

        // Bad details change nothing and keep the invitation usable.
        let weak = service::accept_invitation(&state.db, &token, None, Some("Brenda"), Some("short")).await.unwrap_err();
        assert!(weak.form_errors().unwrap().message_for("password").is_some());
        assert!(accounts::find_by_email(&state.db, "brenda@example.org").await.unwrap().is_none());

        let session = service::accept_invitation(&state.db, &token, None, Some("Brenda Hall"), Some("tea and biscuits daily"))
            .await
            .unwrap()
            .expect("a new account is signed in");
        let brenda = app::accounts::session::load(&state.db, &state.config, &session, "").await.unwrap().unwrap().user;
        assert_eq!(brenda.memberships.len(), 1);
        assert_eq!(brenda.memberships[0].role, Role::Member);
        // The e-mailed link proved the address, so the new account can sign in at once.
        accounts::sign_in(&state, "brenda@example.org", "tea and biscuits daily", "127.0.0.1").await.unwrap();

        let again = service::accept_invitation(&state.db, &token, Some(&brenda), None, None).await.unwrap_err();
        assert!(matches!(again, AppError::Refused(m) if m.contains("already been accepted")));
        db.close().await;
    }
}

#[tokio::test]
async fn an_existing_account_must_sign_in_to_accept() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let helen = actor_for(&state, "helen.carter@essex-council.example").await;
        let ecc = org_id(&state, "essex-county-council").await;
        service::invite(&state, &helen, "Helen Carter", ecc, "dennis@whynot.example", "commissioner", false).await.unwrap();
        let token = link_token(&state, "dennis@whynot.example", "/invitations/");

        let view = service::invitation_view(&state.db, &token, None).await.unwrap();
        assert!(view.account_exists);
        let refused = service::accept_invitation(&state.db, &token, None, Some("X"), Some("a long password")).await.unwrap_err();
        assert!(matches!(refused, AppError::Refused(m) if m.contains("Sign in")));

        // Someone else signed in cannot take Dennis's invitation.
        let tom = user_for(&state, "tom@se-surg.example").await;
        assert!(matches!(
            service::accept_invitation(&state.db, &token, Some(&tom), None, None).await,
            Err(AppError::Refused(_))
        ));

        let dennis = user_for(&state, "dennis@whynot.example").await;
        assert_eq!(service::accept_invitation(&state.db, &token, Some(&dennis), None, None).await, Ok(None));
        let dennis = user_for(&state, "dennis@whynot.example").await;
        assert_eq!(dennis.memberships.len(), 2);
        db.close().await;
    }
}

#[tokio::test]
async fn expired_withdrawn_and_replaced_invitations_do_not_work() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let priya = actor_for(&state, "priya@se-surg.example").await;
        let sesurg = org_id(&state, "se-surg").await;

        service::invite(&state, &priya, "Priya", sesurg, "first@example.org", "member", false).await.unwrap();
        let first = link_token(&state, "first@example.org", "/invitations/");
        service::invite(&state, &priya, "Priya", sesurg, "first@example.org", "coordinator", false).await.unwrap();
        let second = link_token(&state, "first@example.org", "/invitations/");
        assert!(matches!(service::invitation_view(&state.db, &first, None).await, Err(AppError::Refused(m)) if m.contains("newer")));
        assert!(service::invitation_view(&state.db, &second, None).await.unwrap().is_lead, "a coordinator leads");

        let page = service::organisation_page(&state.db, &priya, "se-surg", PageNumber::default()).await.unwrap();
        let pending = page.pending_invitations.iter().find(|i| i.email == "first@example.org").unwrap();
        let margaret = actor_for(&state, "margaret@whynot.example").await;
        assert_eq!(service::withdraw_invitation(&state.db, &margaret, pending.id).await, Err(AppError::NotFound));
        service::withdraw_invitation(&state.db, &priya, pending.id).await.unwrap();
        assert!(service::accept_invitation(&state.db, &second, None, Some("First"), Some("a long password")).await.is_err());

        service::invite(&state, &priya, "Priya", sesurg, "late@example.org", "member", false).await.unwrap();
        let late = link_token(&state, "late@example.org", "/invitations/");
        sqlx::query("UPDATE invitations SET expires_at = 1 WHERE email = 'late@example.org'").execute(&state.db).await.unwrap();
        assert!(matches!(service::invitation_view(&state.db, &late, None).await, Err(AppError::Refused(m)) if m.contains("expired")));
        assert!(service::accept_invitation(&state.db, &late, None, Some("Late"), Some("a long password")).await.is_err());
        assert!(accounts::find_by_email(&state.db, "late@example.org").await.unwrap().is_none());
        db.close().await;
    }
}

#[tokio::test]
async fn members_cannot_manage_and_outsiders_learn_nothing() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let dennis = actor_for(&state, "dennis@whynot.example").await;
        let priya = actor_for(&state, "priya@se-surg.example").await;
        let whynot = org_id(&state, "whynot").await;
        let sheila = membership_id(&state, "whynot", "sheila@whynot.example").await;

        assert_eq!(
            service::invite(&state, &dennis, "Dennis", whynot, "x@example.org", "member", false).await,
            Err(AppError::NotAllowed)
        );
        assert_eq!(service::change_role(&state.db, &dennis, sheila, "coordinator", false).await, Err(AppError::NotAllowed));
        assert_eq!(service::remove_member(&state.db, &dennis, sheila).await, Err(AppError::NotAllowed));
        assert_eq!(service::change_role(&state.db, &priya, sheila, "coordinator", false).await, Err(AppError::NotFound));
        assert_eq!(service::remove_member(&state.db, &priya, sheila).await, Err(AppError::NotFound));
        assert_eq!(service::change_role(&state.db, &priya, 999_999, "member", false).await, Err(AppError::NotFound));
        // Nothing changed.
        let page = service::organisation_page(&state.db, &dennis, "whynot", PageNumber::default()).await.unwrap();
        assert_eq!((page.members.items.len(), page.members.total), (3, 3));
        assert!(page.members.items.iter().any(|m| m.name == "Sheila Morton" && m.role == Role::Member));

        // A member may leave by themselves.
        let own = membership_id(&state, "whynot", "dennis@whynot.example").await;
        assert_eq!(service::remove_member(&state.db, &dennis, own).await, Ok((whynot, true)));
        db.close().await;
    }
}

#[tokio::test]
async fn an_organisation_always_keeps_a_lead() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let margaret = actor_for(&state, "margaret@whynot.example").await;
        let own = membership_id(&state, "whynot", "margaret@whynot.example").await;
        let sheila = membership_id(&state, "whynot", "sheila@whynot.example").await;

        assert_eq!(service::change_role(&state.db, &margaret, own, "member", false).await, Err(AppError::refused(LAST_LEAD)));
        assert_eq!(service::remove_member(&state.db, &margaret, own).await, Err(AppError::refused(LAST_LEAD)));
        assert!(service::change_role(&state.db, &margaret, sheila, "commissioner", false).await.is_err(), "no such role in a group");

        service::change_role(&state.db, &margaret, sheila, "coordinator", false).await.unwrap();
        service::change_role(&state.db, &margaret, own, "member", false).await.unwrap();
        let page = service::organisation_page(&state.db, &actor_for(&state, "sheila@whynot.example").await, "whynot", PageNumber::default()).await.unwrap();
        assert!(page.members.items.iter().any(|m| m.name == "Sheila Morton" && m.is_lead));
        assert!(page.members.items.iter().any(|m| m.name == "Margaret Ellis" && !m.is_lead));

        // At a training provider, leadership is a separate tick.
        let ruth = actor_for(&state, "ruth.palmer@aru.example").await;
        let ruth_membership = membership_id(&state, "anglia-ruskin-university", "ruth.palmer@aru.example").await;
        let nadia = membership_id(&state, "anglia-ruskin-university", "nadia.bell@aru.example").await;
        assert!(service::change_role(&state.db, &ruth, ruth_membership, "trainer", false).await.is_err());
        service::change_role(&state.db, &ruth, nadia, "academic_supporter", true).await.unwrap();
        service::change_role(&state.db, &ruth, ruth_membership, "trainer", false).await.unwrap();
        db.close().await;
    }
}

/// A mixed data set on top of the demo: 60 more organisations of every kind, a person in
/// 30 of them (leading some), and Margaret in two more.
async fn with_many_organisations(db: &TestDb) -> AppState {
    let state = with_demo(db).await;
    let kinds = ["research_group", "commissioner", "training_provider"];
    let pat = app::invitations::create_verified_account(&state.db, "Pat Many", "pat@example.org", "not-a-hash").await.unwrap();
    let (margaret,): (i64,) =
        sqlx::query_as("SELECT id FROM users WHERE email = 'margaret@whynot.example'").fetch_one(&state.db).await.unwrap();
    for n in 0..60 {
        let kind = kinds[n % 3];
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO organisations (name, slug, kind, description, created_at) VALUES ($1, $2, $3, '', 1) RETURNING id",
        )
        .bind(format!("Group {n:02} of {kind}"))
        .bind(format!("group-{n:02}"))
        .bind(kind)
        .fetch_one(&state.db)
        .await
        .unwrap();
        let role = match kind {
            "research_group" => "member",
            "commissioner" => "commissioner",
            _ => "trainer",
        };
        let mut members = Vec::new();
        if n % 2 == 0 {
            members.push((pat, (n % 4 == 0) as i64));
        }
        if n == 7 || n == 33 {
            members.push((margaret, 0));
        }
        for (user_id, is_lead) in members {
            sqlx::query("INSERT INTO memberships (organisation_id, user_id, role, is_lead, created_at) VALUES ($1, $2, $3, $4, 1)")
                .bind(id)
                .bind(user_id)
                .bind(role)
                .bind(is_lead)
                .execute(&state.db)
                .await
                .unwrap();
        }
    }
    state
}

#[tokio::test]
async fn the_organisations_list_agrees_with_the_rules_page_by_page() {
    for db in all_backends().await {
        let state = with_many_organisations(&db).await;
        // Every organisation, unfiltered, by name, with its people counted.
        let every: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM organisations ORDER BY name").fetch_all(&state.db).await.unwrap();
        for email in [
            "admin@coresearch.example",
            "margaret@whynot.example",
            "dennis@whynot.example",
            "ruth.palmer@aru.example",
            "joan@trainee.example",
            "pat@example.org",
        ] {
            let actor = actor_for(&state, email).await;
            let expected: Vec<i64> = every
                .iter()
                .filter(|(id, _)| app::authz::may(&actor, &app::authz::Action::ViewOrganisation { organisation_id: *id }))
                .map(|(id, _)| *id)
                .collect();
            let first = service::list_organisations(&state.db, &actor, PageNumber::default()).await.unwrap();
            assert_eq!(first.total, expected.len() as i64, "{email}");
            let mut seen = Vec::new();
            for page in 1..=first.pages() {
                let listed = service::list_organisations(&state.db, &actor, PageNumber(page)).await.unwrap();
                assert!(listed.items.len() as i64 <= app::ui::pagination::PER_PAGE);
                for org in listed.items {
                    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM memberships WHERE organisation_id = $1")
                        .bind(org.id)
                        .fetch_one(&state.db)
                        .await
                        .unwrap();
                    assert_eq!(org.member_count, count, "{email}: {}", org.name);
                    seen.push(org.id);
                }
            }
            assert_eq!(seen, expected, "{email}: the pages together are exactly what the rule allows, in name order");
        }
        let admin = actor_for(&state, "admin@coresearch.example").await;
        assert!(service::list_organisations(&state.db, &admin, PageNumber::default()).await.unwrap().pages() >= 3);
        let past_the_end = service::list_organisations(&state.db, &admin, PageNumber(99)).await.unwrap();
        assert!(past_the_end.items.is_empty() && past_the_end.total == every.len() as i64);
        db.close().await;
    }
}

#[tokio::test]
async fn an_organisations_people_come_a_page_at_a_time_leads_first() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let whynot = org_id(&state, "whynot").await;
        for n in 0..30 {
            let id = app::invitations::create_verified_account(&state.db, &format!("Member {n:02}"), &format!("m{n}@example.org"), "x")
                .await
                .unwrap();
            sqlx::query("INSERT INTO memberships (organisation_id, user_id, role, is_lead, created_at) VALUES ($1, $2, 'member', 0, 1)")
                .bind(whynot)
                .bind(id)
                .execute(&state.db)
                .await
                .unwrap();
        }
        let sheila = actor_for(&state, "sheila@whynot.example").await;
        let first = service::organisation_page(&state.db, &sheila, "whynot", PageNumber::default()).await.unwrap();
        assert_eq!((first.members.total, first.members.pages(), first.members.items.len()), (33, 2, 25));
        assert_eq!(first.members.items[0].name, "Margaret Ellis", "the coordinator comes first");
        let second = service::organisation_page(&state.db, &sheila, "whynot", PageNumber(2)).await.unwrap();
        assert_eq!(second.members.items.len(), 8);
        let mut everyone: Vec<String> = first.members.items.iter().chain(&second.members.items).map(|m| m.name.clone()).collect();
        everyone.sort();
        everyone.dedup();
        assert_eq!(everyone.len(), 33);
        // "Leave" is offered whichever page the person's own row is on.
        assert!(second.my_membership_id.is_some() && first.my_membership_id == second.my_membership_id);
        db.close().await;
    }
}

#[tokio::test]
async fn names_are_unique_in_any_letter_case_and_addresses_stay_free() {
    for db in all_backends().await {
        let state = with_demo(&db).await;
        let admin = actor_for(&state, "admin@coresearch.example").await;
        assert_eq!(service::create_organisation(&state.db, &admin, "Harlow Voices", "commissioner", "").await.unwrap(), "harlow-voices");
        let taken = service::create_organisation(&state.db, &admin, "HARLOW VOICES", "commissioner", "x").await.unwrap_err();
        let errors = taken.form_errors().unwrap();
        assert!(errors.message_for("name").unwrap().contains("already"));
        assert_eq!(errors.value_for("name"), Some("HARLOW VOICES"), "what was typed is kept");
        assert_eq!(service::create_organisation(&state.db, &admin, "Harlow: Voices", "commissioner", "").await.unwrap(), "harlow-voices-2");

        // Inside someone else's transaction, a refused name leaves the transaction usable.
        let mut tx = state.db.begin().await.unwrap();
        let new = |name| service::NewOrganisation { name, kind: OrgKind::ResearchGroup, description: "" };
        let refused = service::create_organisation_in(&mut tx, &new("harlow voices"), || AppError::field("group_name", "taken")).await;
        assert_eq!(refused, Err(AppError::field("group_name", "taken")));
        let made = service::create_organisation_in(&mut tx, &new("Colchester Voices"), || AppError::Internal).await.unwrap();
        assert_eq!(made.slug, "colchester-voices");
        tx.commit().await.unwrap();
        assert_eq!(slug_exists(&state, "colchester-voices").await, 1);
        db.close().await;
    }
}

async fn slug_exists(state: &AppState, slug: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM organisations WHERE slug = $1").bind(slug).fetch_one(&state.db).await.unwrap();
    n
}
