//! The integration tests of `sinergi-forums`, in one test binary; each
//! module is one story, on SQLite or on PostgreSQL with
//! SINERGI_TEST_DATABASE_URL.
#![expect(
    clippy::unwrap_used,
    reason = "the stories' helpers are test code: a failed step fails the test"
)]

mod calendar;
mod mail;
mod program;
mod reminders;
mod service;
mod world;
