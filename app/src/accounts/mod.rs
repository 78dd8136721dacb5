//! Accounts: registering, confirming an e-mail address, signing in and out, forgotten
//! passwords, changing name, e-mail and password, and display preferences.

pub mod api;
pub mod kept_forms;
#[cfg(feature = "ssr")]
pub mod links;
pub mod pages;
pub mod privacy;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod throttle;

use leptos::prelude::Resource;

use crate::error::AppError;
use crate::identity::CurrentUser;

/// The signed-in person (or nobody), refreshed on every navigation so the header is
/// right after signing in or out. The page shell provides it as context.
#[derive(Clone, Copy)]
pub struct Me(pub Resource<Result<Option<CurrentUser>, AppError>>);

/// Only paths on this site may follow sign-in, so a link cannot send someone to another
/// site. The path must start with one `/` and hold no backslash (browsers read `\` as
/// `/`), no control character (browsers drop tabs and newlines, so `/\t/evil.example`
/// becomes `//evil.example`) and no space; anything else goes to the dashboard.
pub fn safe_next_path(next: Option<&str>) -> String {
    match next {
        Some(path) if is_same_site_path(path) => path.to_string(),
        _ => "/dashboard".to_string(),
    }
}

fn is_same_site_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && path.len() <= 500
        && !path.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace())
        // An encoded slash or backslash in the path, or an encoded control character
        // anywhere, could be decoded by a later hop; a page of the site never needs one.
        && !{
            let route = path.split('?').next().unwrap_or_default().to_ascii_lowercase();
            route.contains("%2f") || route.contains("%5c")
        }
        && !has_encoded_control(path)
}

fn has_encoded_control(path: &str) -> bool {
    path.as_bytes().windows(3).any(|w| {
        w[0] == b'%'
            && std::str::from_utf8(&w[1..])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .is_some_and(|b| b < 0x20 || b == 0x7f)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_follow_sign_in() {
        assert_eq!(safe_next_path(Some("/organisations/whynot")), "/organisations/whynot");
        assert_eq!(safe_next_path(Some("https://evil.example")), "/dashboard");
        assert_eq!(safe_next_path(Some("//evil.example")), "/dashboard");
        assert_eq!(safe_next_path(Some("/\\evil.example")), "/dashboard");
        assert_eq!(safe_next_path(None), "/dashboard");
        assert_eq!(safe_next_path(Some("/briefs?page=2&status=open")), "/briefs?page=2&status=open");
        assert_eq!(safe_next_path(Some("/briefs?q=a%2Fb")), "/briefs?q=a%2Fb", "an encoded slash in a query is harmless");
        for attack in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%5cevil.example",
            "/a\\b",
            "/ /evil.example",
            "\t//evil.example",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next_path(Some(attack)), "/dashboard", "{attack:?}");
        }
    }
}
