//! Graduation: inviting graduates into research groups, graduates asking to be found, founding a new group.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
