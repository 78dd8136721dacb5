//! Server-only plumbing shared by every feature: settings, database, secrets, e-mail,
//! Markdown, dates, and the state handed to each request.

pub mod audit;
pub mod config;
pub mod crypto;
pub mod csv;
pub mod db;
pub mod form_return;
pub mod headers;
pub mod mail;
pub mod markdown;
pub mod rate_limit;
pub mod sql;
pub mod state;
pub mod time;
