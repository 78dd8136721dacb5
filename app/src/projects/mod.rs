//! Projects: the commissioned work a group carries out, starting from an awarded brief.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
