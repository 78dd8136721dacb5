//! Sessions and attendance: adding sessions, marking who came, sending apologies.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
