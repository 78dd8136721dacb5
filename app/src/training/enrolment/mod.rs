//! Places on a cohort: inviting trainees by e-mail, withdrawing invitations, accepting a place.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
