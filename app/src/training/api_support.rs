//! What every training server function needs: the app's state, the caller, redirects,
//! and reading ticked checkboxes.

pub use leptos_axum::redirect;

pub use crate::accounts::session::{self, current_user, signed_in};
pub use crate::platform::state::app_state;

pub fn my_name() -> String {
    current_user().map(|u| u.name).unwrap_or_default()
}

/// Ids ticked in a group of checkboxes named `group[<id>]`.
pub fn ticked_ids(values: &Option<std::collections::HashMap<String, String>>) -> Vec<i64> {
    values
        .iter()
        .flatten()
        .filter(|(_, v)| crate::validate::ticked(&Some((*v).clone())))
        .filter_map(|(k, _)| k.trim_start_matches('m').parse().ok())
        .collect()
}
