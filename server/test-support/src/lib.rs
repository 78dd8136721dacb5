//! What the tests share, in one crate instead of files included by `#[path]`:
//!
//! - [`db`]: a fresh test database per test (SQLite always, PostgreSQL whenever one
//!   answers), app state and e-mailed links; re-exported at the top so
//!   `use test_support::*;` is enough for a data-layer test;
//! - [`worlds`]: builders for the situations tests start from (a group with members, a
//!   cohort part-way through, a brief with responses);
//! - [`http`] (feature `http`): the real router driven as a browser without JavaScript
//!   drives it, for the server's HTTP tests.

pub mod db;
pub mod worlds;

#[cfg(feature = "http")]
pub mod http;

pub use db::*;
