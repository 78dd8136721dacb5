//! Data-layer tests against real databases: SQLite always, PostgreSQL whenever one
//! answers (see `support`). One test program, so it is linked once.

mod support;

mod accounts;
mod commissioning;
mod organisations;
mod projects_consent;
mod schema;
mod training;
