//! Every integration test of `sinergi-text`, in one test binary (one link,
//! one process). Each module is one story.
#![expect(
    clippy::print_stdout,
    reason = "the differential helper reports its counts; shown only when a test fails or with --nocapture"
)]

mod differential_pysastrawi;
mod no_panic;
mod sastrawi_cases;
