//! The training home: what someone studies, the cohorts they run, the courses they teach.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
