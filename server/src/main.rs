//! `server` starts CoResearch. `server --demo` loads the demo data first and prints the
//! demo logins; `server demo-data` only loads it; `server migrate` only updates the schema.

use app::platform::config::Config;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage: server [--demo] | server demo-data | server migrate";

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")))
        .init();

    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, with_demo) = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] => ("serve", false),
        ["--demo"] => ("serve", true),
        ["demo-data"] => ("demo-data", true),
        ["migrate"] => ("migrate", false),
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };

    if let Err(error) = run(command, with_demo).await {
        eprintln!("CoResearch could not start: {error}");
        std::process::exit(1);
    }
}

async fn run(command: &str, with_demo: bool) -> Result<(), server::StartupError> {
    let config = Config::from_env()?;
    let public_url = config.public_url.clone();
    let state = server::prepare(config).await?;
    if with_demo {
        server::load_demo_data(&state).await?;
        tracing::info!("demo data loaded");
    }
    if command != "serve" {
        return Ok(());
    }
    let listener = server::listen(state.config.listen_addr).await?;
    tracing::info!("{}", state.mailer.describe());
    println!("\nCoResearch is running at {public_url}");
    if with_demo {
        println!("\n{}", app::demo::logins_text());
    }
    println!("Press Ctrl+C to stop.\n");
    server::serve(listener, state).await.map_err(server::StartupError::Serve)
}
