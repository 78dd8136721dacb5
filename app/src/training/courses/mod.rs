//! Courses and their modules, written and edited by the provider's trainers, with knowledge checks.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
