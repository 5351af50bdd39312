//! Every integration test of `sinergi-text`, in one test binary (one link,
//! one process). Each module is one story.

mod differential_pysastrawi;
mod no_panic;
mod sastrawi_cases;
