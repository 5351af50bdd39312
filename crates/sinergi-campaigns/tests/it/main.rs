//! The integration tests of `sinergi-campaigns`, in one test binary; each module
//! is one story.

mod service;
