//! Training: research-skills courses and modules, cohorts and their sessions,
//! attendance, progress, knowledge checks, the learning log, certificates and graduation.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod service;
