//! Every integration test of `sinergi-indexer`, in one test binary (one link,
//! one process). Each module is one story.

mod newsroom;
mod projector;
