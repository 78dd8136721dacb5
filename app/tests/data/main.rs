//! Data-layer tests against real databases: SQLite always, PostgreSQL whenever one
//! answers (see `support`). One test program, so it is linked once.

mod support;

mod accounts;
mod activity;
mod commissioning;
mod housekeeping;
mod mail_queue;
mod my_data;
mod organisations;
mod projects_ethics;
mod projects_gates;
mod projects_team_plan;
mod projects_consent;
mod projects_consent_online;
mod projects_lonework;
mod projects_files;
mod projects_analysis;
mod projects_impact;
mod projects_outputs;
mod projects_report;
mod projects_fieldwork;
mod projects_fieldwork_roster;
mod projects_findings;
mod schema;
mod training;
