//! Analysis, thematic and done together: the project's researchers keep a codebook, code
//! transcripts from fieldwork paragraph by paragraph (no JavaScript needed), compare two
//! coders, group codes into themes with supporting quotes, and export what they made.
//!
//! Parts: `codebook` (codes with descriptions, one level of sub-codes; the analysis home
//! page), `coding` (a transcript as numbered paragraphs, highlights with memos, who coded
//! each), `comparison` (two coders' overlap on each code), `themes` (themes, their codes
//! and quotes), `export` (codebook CSV and REFI-QDA `.qdc`, coded extracts CSV, a themes
//! page). `anchor` splits a transcript into paragraphs and finds a coded paragraph again;
//! `access` is the one check every part makes (rules in `authz::analysis`).
//!
//! Withdrawn participants: a transcript whose participant has withdrawn (marked "withdrawn —
//! leave out of analysis" in fieldwork) or that has been deleted is shown marked, cannot be
//! coded further, and its passages are left out of the comparison, theme quotes and every
//! export, by the SQL that reads them (`access::USABLE`), so a later withdrawal applies at
//! once. Every change to codes, highlights and themes goes into the audit trail (which
//! record, never its words); so does every export.

#[cfg(feature = "ssr")]
pub mod access;
pub mod anchor;
pub mod codebook;
pub mod coding;
pub mod comparison;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod export;
pub mod themes;

pub use anchor::{paragraphs, Anchor};
