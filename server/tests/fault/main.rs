//! Issue 11, the fault test: the real server program is killed with SIGKILL while several
//! people write through it (three times, each kill aimed at an award being sent), then
//! started again on the same database, which must hold every write the server
//! acknowledged, no half-done award, and nothing broken.
//! On a fresh SQLite file, and on a fresh PostgreSQL database whenever one answers
//! (the output says when PostgreSQL was skipped).
#![cfg(unix)]

mod checks;
mod clients;
mod process;
mod wire;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::platform::db::{self, Db};
use clients::{sign_in, Client, Commissioner, Group, Progress, Write};
use process::Server;
use test_support::TestDb;

/// How many times the server is killed and started again on each backend.
const ROUNDS: usize = 3;
/// Each kill comes once the clients have made this many acknowledged writes since the last
/// restart, awards among them.
const WRITES_BEFORE_KILL: usize = 30;
const AWARDS_BEFORE_KILL: usize = 1;

const HELEN: (&str, &str) = ("Helen Carter", "helen.carter@essex-council.example");
const SAM: (&str, &str) = ("Samuel Okafor", "sam.okafor@msenhs.example");

#[test]
fn acknowledged_writes_survive_a_sigkill_and_nothing_is_half_done() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    // test_support says whether PostgreSQL answered or was skipped.
    let dbs = runtime.block_on(test_support::all_backends());
    for db in dbs {
        kill_during_writes_and_check(&runtime, db);
    }
}

/// What the clients need to know from the demo data.
struct Ids {
    essex: i64,
    nhs: i64,
    whynot: i64,
    sesurg: i64,
    /// (cohort, module) where Joan and Frank write in their learning logs.
    joan_study: (i64, i64),
    frank_study: (i64, i64),
}

impl Ids {
    async fn read(db: &Db) -> Ids {
        let organisation = |slug: &'static str| async move {
            sqlx::query_as::<_, (i64,)>("SELECT id FROM organisations WHERE slug = $1").bind(slug).fetch_one(db).await.unwrap().0
        };
        let study = |email: &'static str| async move {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT r.cohort_id, r.module_id FROM reflections r JOIN users u ON u.id = r.user_id WHERE u.email = $1 ORDER BY r.id",
            )
            .bind(email)
            .fetch_one(db)
            .await
            .unwrap()
        };
        Ids {
            essex: organisation("essex-county-council").await,
            nhs: organisation("mid-and-south-essex-nhs").await,
            whynot: organisation("whynot").await,
            sesurg: organisation("se-surg").await,
            joan_study: study("joan@trainee.example").await,
            frank_study: study("frank@trainee.example").await,
        }
    }
}

/// Five people at once, each signed in on a session of their own.
fn clients(port: u16, ids: &Ids) -> Vec<(String, Client)> {
    let commissioner = |(name, email): (&'static str, &'static str), organisation_id| Commissioner {
        cookie: sign_in(port, email),
        organisation_id,
        name,
        email,
    };
    let margaret = || Group { cookie: sign_in(port, "margaret@whynot.example"), group_id: ids.whynot };
    let priya = || Group { cookie: sign_in(port, "priya@se-surg.example"), group_id: ids.sesurg };
    let log = |email: &'static str, (cohort_id, module_id): (i64, i64)| Client::LearningLog {
        email,
        cookie: sign_in(port, email),
        cohort_id,
        module_id,
    };
    vec![
        ("Joan's learning log".into(), log("joan@trainee.example", ids.joan_study)),
        ("Frank's learning log".into(), log("frank@trainee.example", ids.frank_study)),
        ("Helen's drafts".into(), Client::Drafts(commissioner(HELEN, ids.essex))),
        ("Essex awards".into(), Client::Awards { commissioner: commissioner(HELEN, ids.essex), winner: margaret(), other: priya() }),
        ("NHS awards".into(), Client::Awards { commissioner: commissioner(SAM, ids.nhs), winner: priya(), other: margaret() }),
    ]
}

/// Written straight to stderr, past the test harness, so every run says what it did.
fn say(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "[fault] {line}");
}

fn kill_during_writes_and_check(runtime: &tokio::runtime::Runtime, db: TestDb) {
    let backend = db.backend;
    let dir = std::env::temp_dir().join("coresearch-tests").join(format!("fault-{backend}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let started = Instant::now();

    let mut server = Server::start(&db.url, &dir, true);
    let ids = runtime.block_on(Ids::read(&db.pool));
    // Signed in once: sessions are kept in the database, so people carry on after each restart.
    let clients = clients(server.port, &ids);
    let mut acked = Vec::new();
    let mut kills_in_award = 0;
    for round in 1..=ROUNDS {
        let (written, in_award) = write_until_killed(&mut server, &clients, round, backend);
        acked.extend(written);
        kills_in_award += usize::from(in_award);
        // Started again on the same database, it answers, and everything must be as it should.
        server = Server::start(&db.url, &dir, false);
        check(runtime, &db, &acked, &server, round);
    }

    // Someone signed in before the kills carries on where they were.
    let joan = match &clients[0].1 {
        Client::LearningLog { cookie, .. } => cookie.clone(),
        _ => unreachable!("Joan writes first"),
    };
    let (cohort, module) = ids.joan_study;
    let page = format!("/training/cohorts/{cohort}/modules/{module}");
    let body = "Fault test: written after the restarts.".to_string();
    let form = [("cohort_id", cohort.to_string()), ("module_id", module.to_string()), ("body", body.clone())];
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let after = wire::send(server.port, "/api/training-reflect", Some(&form), Some(&joan), &page).expect("the restarted server answers");
    assert!(after.saved() && after.location().starts_with(&page), "after the restarts: {} {}", after.status, after.location());
    let written_after = vec![Write::Reflection { email: "joan@trainee.example".into(), body }];
    check(runtime, &db, &written_after, &server, ROUNDS);

    let awards = acked.iter().filter(|w| matches!(w, Write::Awarded { .. })).count();
    say(&format!(
        "{backend}: killed with SIGKILL {ROUNDS} times ({kills_in_award} while an award was being sent) during {} acknowledged \
         writes ({awards} awards) from {} people; after each restart all were there, no award was half-done and the \
         database was intact ({:.1} s)",
        acked.len(),
        clients.len(),
        started.elapsed().as_secs_f64()
    ));
    drop(server);
    runtime.block_on(db.close());
    let _ = std::fs::remove_dir_all(&dir);
}

/// One round: the clients write until the server is killed, aimed at an award being sent.
/// Returns the writes acknowledged, and whether an award was being sent at the kill.
fn write_until_killed(server: &mut Server, clients: &[(String, Client)], round: usize, backend: &str) -> (Vec<Write>, bool) {
    let progress = Arc::new(Progress::default());
    let threads: Vec<_> = clients
        .iter()
        .map(|(name, client)| {
            let (client, name, progress, port) = (client.clone(), format!("{name}, round {round}"), progress.clone(), server.port);
            std::thread::spawn(move || client.run(name, port, &progress))
        })
        .collect();

    // Wait until the clients are well into their writes...
    let waiting = Instant::now();
    while progress.writes.load(Ordering::SeqCst) < WRITES_BEFORE_KILL || progress.awards.load(Ordering::SeqCst) < AWARDS_BEFORE_KILL {
        if waiting.elapsed() > Duration::from_secs(90) {
            progress.stop.store(true, Ordering::SeqCst);
            let refused: Vec<String> = threads.into_iter().flat_map(|t| t.join().unwrap().refused).collect();
            panic!(
                "on {backend}, round {round}, the clients made only {} writes ({} awards) in 90 seconds; refused: {refused:#?}\n{}",
                progress.writes.load(Ordering::SeqCst),
                progress.awards.load(Ordering::SeqCst),
                server.log_tail()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    // ...then kill it a few milliseconds after the next award is sent (or, if none comes,
    // wherever the writes are): inside the award's transaction, or just before or after it.
    let aiming = Instant::now();
    while progress.awarding.load(Ordering::SeqCst) == 0 && aiming.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(1));
    }
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    std::thread::sleep(Duration::from_micros(u64::from(nanos % 20_000)));
    let in_award = progress.awarding.load(Ordering::SeqCst) > 0;
    server.kill();
    progress.stop.store(true, Ordering::SeqCst);

    let mut written = Vec::new();
    for thread in threads {
        let outcome = thread.join().expect("a client thread ends");
        if !outcome.refused.is_empty() {
            say(&format!("{backend}: {} had writes refused: {:?}", outcome.name, outcome.refused));
        }
        written.extend(outcome.acked);
    }
    (written, in_award)
}

/// The three checks, on new connections opened after the kill and the restart.
fn check(runtime: &tokio::runtime::Runtime, db: &TestDb, acked: &[Write], server: &Server, round: usize) {
    let problems = runtime.block_on(async {
        let fresh = db::connect(&db.url).await.expect("the database opens after the kill");
        let mut problems = checks::acknowledged_writes_are_there(&fresh, acked).await;
        problems.extend(checks::no_half_done_awards(&fresh).await);
        problems.extend(checks::database_is_intact(&fresh, db.backend).await);
        fresh.close().await;
        problems
    });
    assert!(
        problems.is_empty(),
        "on {}, after SIGKILL number {round} and a restart:\n{}\n{}",
        db.backend,
        problems.join("\n"),
        server.log_tail()
    );
}
