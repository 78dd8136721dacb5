//! The real server program (`target/.../server`) as a child process: started on a
//! database with a port of its own, waited for until it answers, and killed with SIGKILL.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::wire;

pub struct Server {
    child: Child,
    pub port: u16,
    log: PathBuf,
}

/// A port nobody is listening on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().unwrap().port()
}

impl Server {
    /// Starts the server on `database_url` (with the demo data loaded first when `demo`),
    /// writing its output and e-mails under `dir`, and waits until `/healthz` answers.
    pub fn start(database_url: &str, dir: &Path, demo: bool) -> Server {
        // A port found free can be taken by another program before the server listens on
        // it; then the server stops at once saying so, and starts again on another.
        for _ in 0..3 {
            let mut server = Self::spawn(database_url, dir, demo);
            match server.wait_until_it_answers() {
                Ok(()) => return server,
                Err(log) if log.contains("could not listen") => continue,
                Err(log) => panic!("the server did not start:\n{log}"),
            }
        }
        panic!("the server found no free port in three tries");
    }

    fn spawn(database_url: &str, dir: &Path, demo: bool) -> Server {
        let port = free_port();
        let log = dir.join(format!("server-{port}.log"));
        let output = std::fs::File::create(&log).expect("the server log opens");
        let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
        // Only the settings given here: none from the environment of whoever runs the tests.
        for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("CORESEARCH_")) {
            command.env_remove(name);
        }
        command
            .env("CORESEARCH_DATABASE_URL", database_url)
            .env("CORESEARCH_LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .env("CORESEARCH_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env("CORESEARCH_OUTBOX_DIR", dir.join("outbox"))
            .env("CORESEARCH_SITE_ROOT", dir.join("site"))
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(output.try_clone().unwrap())
            .stderr(output);
        if demo {
            command.arg("--demo");
        }
        let child = command.spawn().expect("the server program starts");
        Server { child, port, log }
    }

    /// Waits for `/healthz` to answer; if the server stops or takes two minutes, gives
    /// the end of what it wrote.
    fn wait_until_it_answers(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("it stopped ({status}):\n{}", self.log_tail()));
            }
            if wire::send(self.port, "/healthz", None, None, "/").is_ok_and(|reply| reply.status == 200) {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(120) {
                return Err(format!("it did not answer within two minutes:\n{}", self.log_tail()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// SIGKILL: the process ends at once, whatever it was writing.
    pub fn kill(&mut self) {
        self.child.kill().expect("the server can be killed");
        let status = self.child.wait().expect("the killed server is reaped");
        assert_eq!(status.signal(), Some(9), "the server was still running until SIGKILL ended it ({status})");
    }

    /// The end of what the server wrote, for a failing test's message.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Server {
    /// A failing test leaves no server behind.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
