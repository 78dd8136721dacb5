//! The learning log: trainees' reflections and their trainers' feedback.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
