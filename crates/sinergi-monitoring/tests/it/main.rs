//! The integration tests of `sinergi-monitoring`, in one test binary; each
//! module is one story, on SQLite or on PostgreSQL with
//! SINERGI_TEST_DATABASE_URL.
#![expect(
    clippy::unwrap_used,
    reason = "the stories' helpers are test code: a failed step fails the test"
)]

mod coverage;
mod fixture_bench;
mod poller;
mod service;
mod world;
