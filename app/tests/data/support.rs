//! The test databases and state live in the shared `test-support` crate (also used by the
//! server's HTTP tests); the data tests reach them as `crate::support`.

pub use test_support::db::*;
