//! The real router, driven with HTTP requests as a browser without JavaScript would send
//! them. One test program (linked once), a module per feature; the harness and the
//! builders for test worlds are in the `test-support` crate.

mod accounts;
mod activity;
mod analysis;
mod audit;
mod commissioning;
mod compression;
mod dashboard;
mod ethics;
mod files;
mod consent;
mod consent_online;
mod fieldwork;
mod findings;
mod forms;
mod hardening;
mod impact;
mod outputs;
mod limits;
mod lonework;
mod matrix;
mod organisations;
mod projects;
mod report;
mod scale;
mod scenarios;
mod training;
