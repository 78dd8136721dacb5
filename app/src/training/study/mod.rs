//! Studying a module: reading it, its knowledge check, and moving on.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
