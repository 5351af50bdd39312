//! Every integration test of `sinergi-web`, in one test binary (one link,
//! one process). Each module is one story; `harness` holds the in-process
//! client they share.

mod harness;

mod api;
mod campaign_pages;
mod home_pages;
mod newsroom_pages;
mod public_cache;
