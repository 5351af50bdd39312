//! The integration tests of `sinergi-kinerja`, in one test binary; each
//! module is one story.
#![expect(
    clippy::unwrap_used,
    reason = "the stories' helpers are test code: a failed step fails the test"
)]
mod duckdb;
mod projection;
mod sources;
