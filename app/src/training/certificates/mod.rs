//! Certificates: issued when someone meets the completion rule, issued or revoked by hand, verified publicly.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
