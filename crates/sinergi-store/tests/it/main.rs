//! Every integration test of `sinergi-store`, in one test binary (one link,
//! one process). Each module is one story; all run on SQLite by default and
//! on PostgreSQL when SINERGI_TEST_DATABASE_URL names one.
#![expect(
    clippy::unwrap_used,
    reason = "the stories' helpers are test code: a failed step fails the test"
)]

mod conformance;
mod newsroom;
mod outbox;
mod unit_directory;
