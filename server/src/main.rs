//! `server` starts CoResearch. `server --demo` loads the demo data first and prints the
//! demo logins; `server demo-data` only loads it; `server migrate` only updates the schema;
//! `server seed-scale --organisations N --briefs N --people N --cohorts N` adds bulk data on
//! top of the demo data, to see how pages behave as the platform grows.

use app::demo::scale::ScaleOptions;
use app::platform::config::Config;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: server [--demo] | server demo-data | server migrate | \
                     server seed-scale [--organisations N] [--briefs N] [--people N] [--cohorts N]";

/// The sizes `seed-scale` uses when not told: those the benchmark measures.
const DEFAULT_SCALE: ScaleOptions = ScaleOptions { organisations: 20_000, briefs: 10_000, people: 5_000, cohorts: 200 };

enum Command {
    Serve { with_demo: bool },
    DemoData,
    Migrate,
    SeedScale(ScaleOptions),
}

fn parse(args: &[String]) -> Result<Command, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => Ok(Command::Serve { with_demo: false }),
        ["--demo"] => Ok(Command::Serve { with_demo: true }),
        ["demo-data"] => Ok(Command::DemoData),
        ["migrate"] => Ok(Command::Migrate),
        ["seed-scale", rest @ ..] => {
            let mut options = DEFAULT_SCALE;
            let mut rest = rest.iter();
            while let Some(flag) = rest.next() {
                let value = rest.next().ok_or_else(|| format!("{flag} needs a number"))?;
                let number: usize = value.replace('_', "").parse().map_err(|_| format!("{flag} needs a number, not {value:?}"))?;
                match *flag {
                    "--organisations" => options.organisations = number,
                    "--briefs" => options.briefs = number,
                    "--people" => options.people = number,
                    "--cohorts" => options.cohorts = number,
                    _ => return Err(format!("unknown option {flag}")),
                }
            }
            Ok(Command::SeedScale(options))
        }
        _ => Err(String::new()),
    }
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();

    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(problem) => {
            if !problem.is_empty() {
                eprintln!("{problem}");
            }
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };

    if let Err(error) = run(command).await {
        eprintln!("CoResearch could not start: {error}");
        std::process::exit(1);
    }
}

async fn run(command: Command) -> Result<(), server::StartupError> {
    let config = Config::from_env()?;
    let public_url = config.public_url.clone();
    let state = server::prepare(config).await?;
    let with_demo = match command {
        Command::Serve { with_demo } => with_demo,
        Command::DemoData => true,
        Command::Migrate => false,
        Command::SeedScale(options) => {
            let started = std::time::Instant::now();
            let report = app::demo::scale::seed(&state.db, options).await.map_err(server::StartupError::Demo)?;
            println!("{report} in {:.1} s", started.elapsed().as_secs_f64());
            return Ok(());
        }
    };
    if with_demo {
        server::load_demo_data(&state).await?;
        tracing::info!("demo data loaded");
    }
    if !matches!(command, Command::Serve { .. }) {
        return Ok(());
    }
    let listener = server::listen(state.config.listen_addr).await?;
    tracing::info!("{}", state.mailer.describe());
    println!("\nCoResearch is running at {public_url}");
    if with_demo {
        println!("\n{}", app::demo::logins_text(public_url.as_str()));
    }
    println!("Press Ctrl+C to stop.\n");
    server::serve(listener, state).await.map_err(server::StartupError::Serve)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn seed_scale_takes_sizes_and_defaults_to_the_benchmark_sizes() {
        match parse(&args("seed-scale --briefs 50 --people 1_000")) {
            Ok(Command::SeedScale(o)) => assert_eq!(o, ScaleOptions { briefs: 50, people: 1000, ..DEFAULT_SCALE }),
            _ => panic!("seed-scale parses"),
        }
        assert!(matches!(parse(&args("seed-scale")), Ok(Command::SeedScale(DEFAULT_SCALE))));
        assert!(parse(&args("seed-scale --briefs")).is_err());
        assert!(parse(&args("seed-scale --briefs many")).is_err());
        assert!(parse(&args("seed-scale --projects 3")).is_err());
        assert!(matches!(parse(&args("--demo")), Ok(Command::Serve { with_demo: true })));
        assert!(parse(&args("serve please")).is_err());
    }
}
