//! Every integration test of `sinergi-web`, in one test binary (one link,
//! one process). Each module is one story; `sinergi_testkit::app` holds the
//! in-process app and client they share.
#![expect(
    clippy::unwrap_used,
    reason = "the stories' helpers are test code: a failed step fails the test"
)]

mod account_pages;
mod api;
mod campaign_pages;
mod contact_pages;
mod forum_api;
mod forum_pages;
mod home_pages;
mod kinerja_pages;
mod monitoring_pages;
mod newsroom_pages;
mod pitch_pages;
mod public_cache;
