//! Commissioning: commissioners post research briefs, citizen research groups ask
//! questions and respond, and an award turns the winning response into a project.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod service;
