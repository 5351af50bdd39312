//! Every integration test of `sinergi-mail`, in one test binary (one link,
//! one process). Each module is one story.

mod delivery;
mod sinks;
