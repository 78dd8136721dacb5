//! Accounts: registering, confirming an e-mail address, signing in and out, forgotten
//! passwords, changing name, e-mail and password, and display preferences.

pub mod api;
#[cfg(feature = "ssr")]
pub mod links;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod throttle;

use leptos::prelude::Resource;

use crate::error::AppError;
use crate::identity::CurrentUser;

/// The signed-in person (or nobody), refreshed on every navigation so the header is
/// right after signing in or out. The page shell provides it as context.
#[derive(Clone, Copy)]
pub struct Me(pub Resource<Result<Option<CurrentUser>, AppError>>);

/// Only local paths may follow sign-in, so a link cannot send someone to another site.
pub fn safe_next_path(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.contains(['\r', '\n'])
                && path.len() <= 500 =>
        {
            path.to_string()
        }
        _ => "/dashboard".to_string(),
    }
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
    }
}
