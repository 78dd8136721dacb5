//! A cohort: starting one, its page for trainers and trainees, its completion rule and trainers.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod trainer_pages;
pub mod views;
