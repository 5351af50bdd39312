//! Every integration test of the `sinergi` binary crate, in one test binary
//! (one link, one process; see ARCHITECTURE.md, Testing). Each module is one
//! story; `sinergi_testkit::app` holds what they share: a served app on a
//! free port, the people in it with their API tokens, and a client that speaks
//! forms and JSON.
#![expect(
    clippy::unwrap_used,
    clippy::print_stderr,
    reason = "the stories' helpers are test code: a failed step fails the test, and what they print is shown only then"
)]

mod backup_restore;
mod calendar_clients;
mod campaigns_api;
mod cli;
mod demo_campaigns;
mod demo_forums;
mod demo_scenario;
mod digests;
mod faults;
mod feeds_clients;
mod fuzz_regressions;
mod hardening;
mod http;
mod monitor_cli;
mod newsroom_api;
mod nodes;
mod openapi_clients;
mod press;
mod search_crash;
mod search_http;
mod serve_process;
mod text_cli;
mod upgrade;
