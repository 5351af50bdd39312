//! Every integration test of `sinergi-mail`, in one test binary (one link,
//! one process). Each module is one story.
#![expect(
    clippy::unwrap_used,
    reason = "the stories' helpers are test code: a failed step fails the test"
)]

mod delivery;
mod limits;
mod sinks;
mod tls;
