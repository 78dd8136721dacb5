//! Downloads of the analysis, for the project's researchers only, never cached, each on the
//! audit trail: the codebook as CSV and as a REFI-QDA codebook (`qdc`), coded passages by
//! code or quotes by theme as CSV, and a readable page of themes with quotes. Passages from
//! withdrawn participants and deleted transcripts are left out of all of them.

pub mod qdc;
#[cfg(feature = "ssr")]
mod routes;
#[cfg(feature = "ssr")]
pub mod service;

#[cfg(feature = "ssr")]
pub use routes::routes;
