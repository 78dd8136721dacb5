//! Graduation: inviting graduates into research groups, graduates asking to be found, founding a new group.

pub mod api;
#[cfg(feature = "ssr")]
pub mod found_group;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
