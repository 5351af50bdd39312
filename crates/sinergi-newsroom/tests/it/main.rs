//! The integration tests of `sinergi-newsroom`, in one test binary; each module
//! is one story.

mod media;
mod service;
