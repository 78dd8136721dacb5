//! Settings read from environment variables, each with a default that works on a
//! laptop. A bad value stops start-up with a message naming the variable.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;
use url::Url;

/// Every variable CoResearch reads, with its default and meaning (the README lists these).
pub const VARIABLES: &[(&str, &str, &str)] = &[
    ("CORESEARCH_DATABASE_URL", "sqlite://data/coresearch.db", "Where the data lives: a sqlite:// file (created on first start) or a postgres:// URL."),
    ("CORESEARCH_LISTEN_ADDR", "127.0.0.1:3000", "The address and port the web server listens on."),
    ("CORESEARCH_PUBLIC_URL", "http://<listen address>", "The address people use to reach the site; links in e-mails start with it. Use https:// in production (cookies are then marked Secure)."),
    ("CORESEARCH_SMTP_URL", "(none)", "An SMTP server for e-mail, e.g. smtps://user:password@mail.example.org:465. Without it, e-mails are written to the outbox folder."),
    ("CORESEARCH_MAIL_FROM", "CoResearch <no-reply@coresearch.localhost>", "Who e-mails come from."),
    ("CORESEARCH_OUTBOX_DIR", "data/outbox", "Where e-mails are written when no SMTP server is set."),
    ("CORESEARCH_OPEN_REGISTRATION", "true", "Whether anyone may create an account (true), or people join only by invitation (false)."),
    ("CORESEARCH_TRUSTED_PROXIES", "(none)", "Addresses of reverse proxies in front of CoResearch, separated by commas, e.g. 127.0.0.1,10.0.0.5. Only a request arriving from one of these is believed about the visitor's address (X-Forwarded-For)."),
    ("CORESEARCH_SESSION_IDLE_MINUTES", "120", "A session ends after this many minutes without use."),
    ("CORESEARCH_SESSION_MAX_HOURS", "12", "A session ends this many hours after signing in, however much it is used."),
    ("CORESEARCH_LONE_WORKING_GRACE_MINUTES", "15", "How long after a researcher's check-out time, with no check-out, the project lead is e-mailed."),
    ("CORESEARCH_LONE_WORKING_SWEEP_SECONDS", "60", "How often each app server looks for missed lone-working check-outs."),
    ("CORESEARCH_MAIL_QUEUE_SECONDS", "10", "How often each app server looks in the e-mail queue for mail to send or try again (mail queued on the same server goes at once)."),
    ("CORESEARCH_SITE_ROOT", "target/site", "The folder with the built stylesheet and browser code (cargo-leptos puts them here)."),
];

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub listen_addr: SocketAddr,
    pub public_url: Url,
    pub smtp_url: Option<String>,
    pub mail_from: Mailbox,
    pub outbox_dir: PathBuf,
    pub registration_open: bool,
    pub site_root: PathBuf,
    /// Proxies whose X-Forwarded-For header is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// A session ends after this many seconds without use...
    pub session_idle_seconds: i64,
    /// ...and this many seconds after it began in any case.
    pub session_max_seconds: i64,
    /// A lone worker's check-out may be this late before the lead is e-mailed...
    pub lone_working_grace_seconds: i64,
    /// ...and each server looks for missed check-outs this often.
    pub lone_working_sweep_seconds: u64,
    /// Each server looks in the e-mail queue at least this often.
    pub mail_queue_seconds: u64,
}

/// A setting that could not be used, naming the variable so it can be fixed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable} {problem}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

fn bad(variable: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError { variable, problem: problem.into() }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());

        let database_url = get("CORESEARCH_DATABASE_URL").unwrap_or_else(|| "sqlite://data/coresearch.db".into());
        if crate::platform::db::Backend::from_url(&database_url).is_none() {
            return Err(bad(
                "CORESEARCH_DATABASE_URL",
                format!("must start with sqlite:// or postgres://, but is {database_url:?}"),
            ));
        }

        let listen = get("CORESEARCH_LISTEN_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let listen_addr: SocketAddr = listen.parse().map_err(|_| {
            bad("CORESEARCH_LISTEN_ADDR", format!("must be an address and port like 127.0.0.1:3000, but is {listen:?}"))
        })?;

        let public_url = match get("CORESEARCH_PUBLIC_URL") {
            Some(value) => {
                let url = Url::parse(&value).map_err(|_| {
                    bad("CORESEARCH_PUBLIC_URL", format!("must be a web address like https://coresearch.example.org, but is {value:?}"))
                })?;
                if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
                    return Err(bad("CORESEARCH_PUBLIC_URL", format!("must start with http:// or https://, but is {value:?}")));
                }
                url
            }
            None => {
                let host = if listen_addr.ip().is_unspecified() {
                    "localhost".to_string()
                } else {
                    listen_addr.ip().to_string()
                };
                Url::parse(&format!("http://{host}:{}", listen_addr.port())).expect("a valid default URL")
            }
        };

        let smtp_url = get("CORESEARCH_SMTP_URL");
        if let Some(smtp) = &smtp_url {
            let ok = Url::parse(smtp).is_ok_and(|u| matches!(u.scheme(), "smtp" | "smtps") && u.host().is_some());
            if !ok {
                return Err(bad(
                    "CORESEARCH_SMTP_URL",
                    "must look like smtp://host:25 or smtps://user:password@host:465",
                ));
            }
        }

        let from = get("CORESEARCH_MAIL_FROM").unwrap_or_else(|| "CoResearch <no-reply@coresearch.localhost>".into());
        let mail_from: Mailbox = from.parse().map_err(|_| {
            bad("CORESEARCH_MAIL_FROM", format!("must be an address like \"CoResearch <no-reply@example.org>\", but is {from:?}"))
        })?;

        let registration_open = match get("CORESEARCH_OPEN_REGISTRATION").as_deref() {
            None => true,
            Some(value) => parse_bool(value)
                .ok_or_else(|| bad("CORESEARCH_OPEN_REGISTRATION", format!("must be true or false, but is {value:?}")))?,
        };

        let trusted_proxies = match get("CORESEARCH_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(list) => list
                .split([',', ' '])
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| {
                    item.parse::<IpAddr>().map_err(|_| {
                        bad("CORESEARCH_TRUSTED_PROXIES", format!("must be addresses separated by commas, like 127.0.0.1,10.0.0.5, but {item:?} is not an address"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        let session_idle_seconds = positive_number(&get, "CORESEARCH_SESSION_IDLE_MINUTES", 120, "minutes")? * 60;
        let session_max_seconds = positive_number(&get, "CORESEARCH_SESSION_MAX_HOURS", 12, "hours")? * 3600;
        let lone_working_grace_seconds = positive_number(&get, "CORESEARCH_LONE_WORKING_GRACE_MINUTES", 15, "minutes")? * 60;
        let lone_working_sweep_seconds = positive_number(&get, "CORESEARCH_LONE_WORKING_SWEEP_SECONDS", 60, "seconds")? as u64;
        let mail_queue_seconds = positive_number(&get, "CORESEARCH_MAIL_QUEUE_SECONDS", 10, "seconds")? as u64;

        Ok(Config {
            database_url,
            listen_addr,
            public_url,
            smtp_url,
            mail_from,
            outbox_dir: get("CORESEARCH_OUTBOX_DIR").unwrap_or_else(|| "data/outbox".into()).into(),
            registration_open,
            site_root: get("CORESEARCH_SITE_ROOT")
                .or_else(|| get("LEPTOS_SITE_ROOT"))
                .unwrap_or_else(|| "target/site".into())
                .into(),
            trusted_proxies,
            session_idle_seconds,
            session_max_seconds,
            lone_working_grace_seconds,
            lone_working_sweep_seconds,
            mail_queue_seconds,
        })
    }

    /// A full link to a page of the site, for e-mails.
    pub fn link(&self, path_and_query: &str) -> String {
        let base = self.public_url.as_str().trim_end_matches('/');
        format!("{base}{path_and_query}")
    }

    /// Cookies are marked Secure when the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}

fn positive_number(
    get: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: i64,
    unit: &str,
) -> Result<i64, ConfigError> {
    match get(variable) {
        None => Ok(default),
        Some(value) => value
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| bad(variable, format!("must be a whole number of {unit} (1 or more), but is {value:?}"))),
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "on" => Some(true),
        "false" | "no" | "0" | "off" => Some(false),
        _ => None,
    }
}

/// How repeated failed sign-ins are slowed and refused (applied by `accounts::throttle`).
#[derive(Debug, Clone)]
pub struct ThrottlePolicy {
    /// Failures older than this are forgotten.
    pub window_seconds: i64,
    /// After this many failures each attempt waits a little longer.
    pub slow_after: i64,
    pub delay_step: Duration,
    pub max_delay: Duration,
    /// This many failures for one account within the window refuse further tries.
    pub account_limit: i64,
    /// A day centre or library may share one address, so this limit is higher.
    pub address_limit: i64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            window_seconds: 15 * 60,
            slow_after: 3,
            delay_step: Duration::from_secs(1),
            max_delay: Duration::from_secs(5),
            account_limit: 5,
            address_limit: 30,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_work_on_a_laptop() {
        let config = config(&[]).unwrap();
        assert_eq!(config.database_url, "sqlite://data/coresearch.db");
        assert_eq!(config.listen_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.public_url.as_str(), "http://127.0.0.1:3000/");
        assert!(config.smtp_url.is_none());
        assert!(config.registration_open);
        assert!(!config.secure_cookies());
        assert!(config.trusted_proxies.is_empty());
        assert_eq!(config.session_idle_seconds, 2 * 3600, "two hours idle");
        assert_eq!(config.session_max_seconds, 12 * 3600, "twelve hours in all");
        assert_eq!(config.lone_working_grace_seconds, 15 * 60, "fifteen minutes' grace");
        assert_eq!(config.lone_working_sweep_seconds, 60);
        assert_eq!(config.mail_queue_seconds, 10);
        assert_eq!(config.link("/verify?x=1"), "http://127.0.0.1:3000/verify?x=1");
    }

    #[test]
    fn listening_everywhere_links_to_localhost() {
        let config = config(&[("CORESEARCH_LISTEN_ADDR", "0.0.0.0:8080")]).unwrap();
        assert_eq!(config.public_url.as_str(), "http://localhost:8080/");
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let config = config(&[("CORESEARCH_PUBLIC_URL", "https://coresearch.example.org")]).unwrap();
        assert!(config.secure_cookies());
        assert_eq!(config.link("/a"), "https://coresearch.example.org/a");
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        for (variable, value) in [
            ("CORESEARCH_DATABASE_URL", "mysql://x"),
            ("CORESEARCH_LISTEN_ADDR", "port eighty"),
            ("CORESEARCH_PUBLIC_URL", "not a url"),
            ("CORESEARCH_PUBLIC_URL", "ftp://example.org"),
            ("CORESEARCH_SMTP_URL", "mail.example.org"),
            ("CORESEARCH_MAIL_FROM", "nobody"),
            ("CORESEARCH_OPEN_REGISTRATION", "maybe"),
            ("CORESEARCH_TRUSTED_PROXIES", "10.0.0.1, proxy.example"),
            ("CORESEARCH_SESSION_IDLE_MINUTES", "0"),
            ("CORESEARCH_SESSION_MAX_HOURS", "twelve"),
            ("CORESEARCH_LONE_WORKING_GRACE_MINUTES", "-5"),
            ("CORESEARCH_LONE_WORKING_SWEEP_SECONDS", "often"),
            ("CORESEARCH_MAIL_QUEUE_SECONDS", "0"),
        ] {
            let error = config(&[(variable, value)]).unwrap_err();
            assert_eq!(error.variable, variable, "{value}");
            assert!(error.to_string().starts_with(variable));
        }
    }

    #[test]
    fn trusted_proxies_and_session_lengths_are_read() {
        let config = config(&[
            ("CORESEARCH_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.5,::1"),
            ("CORESEARCH_SESSION_IDLE_MINUTES", "30"),
            ("CORESEARCH_SESSION_MAX_HOURS", "8"),
        ])
        .unwrap();
        assert_eq!(config.trusted_proxies.len(), 3);
        assert_eq!(config.session_idle_seconds, 30 * 60);
        assert_eq!(config.session_max_seconds, 8 * 3600);
    }

    #[test]
    fn registration_can_be_closed() {
        assert!(!config(&[("CORESEARCH_OPEN_REGISTRATION", "false")]).unwrap().registration_open);
        assert!(config(&[("CORESEARCH_OPEN_REGISTRATION", "yes")]).unwrap().registration_open);
    }
}
