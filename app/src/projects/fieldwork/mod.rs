//! Fieldwork: what happens once ethics clearance opens the fieldwork stage.
//! `sessions` (interviews, focus groups, surveys and observations, with the researchers and
//! participants present, printable fieldwork packs and researchers' debriefs), `lonework`
//! (check-in and check-out, and the alert when a check-out is missed) and `files`
//! (restricted recordings and transcripts, each with a retention date).

pub mod files;
pub mod lonework;
pub mod sessions;
