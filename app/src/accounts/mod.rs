//! Accounts: registering, confirming an e-mail address, signing in and out, forgotten
//! passwords, changing name, e-mail and password, and display preferences.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod throttle;

use serde::{Deserialize, Serialize};

use crate::organisations::{MyMembership, OrgKind};

/// The signed-in person as their own browser sees them (no secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    pub large_text: bool,
    pub high_contrast: bool,
    pub memberships: Vec<MyMembership>,
}

impl CurrentUser {
    #[cfg(feature = "ssr")]
    pub fn actor(&self) -> crate::authz::Actor {
        crate::authz::Actor {
            user_id: self.id,
            is_admin: self.is_admin,
            memberships: self.memberships.clone(),
        }
    }

    /// Classes on `<html>` that apply the person's display choices on every page.
    pub fn preference_classes(&self) -> String {
        preference_classes(self.large_text, self.high_contrast)
    }

    pub fn belongs_to_kind(&self, kind: OrgKind) -> bool {
        self.memberships.iter().any(|m| m.kind == kind)
    }
}

pub fn preference_classes(large_text: bool, high_contrast: bool) -> String {
    let mut classes = Vec::new();
    if large_text {
        classes.push("pref-large-text");
    }
    if high_contrast {
        classes.push("pref-high-contrast");
    }
    classes.join(" ")
}

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

    #[test]
    fn preferences_become_classes() {
        assert_eq!(preference_classes(false, false), "");
        assert_eq!(preference_classes(true, true), "pref-large-text pref-high-contrast");
    }
}
