//! Every integration test of `sinergi-accounts`, in one test binary (one link,
//! one process). Each module is one story; `common` holds what two share.
#![expect(
    clippy::unwrap_used,
    reason = "the stories' helpers are test code: a failed step fails the test"
)]

mod common;

mod access_matrix;
mod journalists;
mod security;
