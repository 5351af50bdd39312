//! The integration tests of `sinergi-distribution`, in one test binary;
//! each module is one story. They run on SQLite by default and on
//! PostgreSQL when SINERGI_TEST_DATABASE_URL names one.
#![expect(
    clippy::unwrap_used,
    reason = "the stories' helpers are test code: a failed step fails the test"
)]

mod accreditation;
mod base;
mod digest;
mod distribution;
mod embargo;
mod merge;
mod own_data;
mod pitches;
mod smtp;
mod world;
mod xlsx;
