//! The integration tests of `sinergi-kinerja`, in one test binary; each
//! module is one story.
mod duckdb;
mod projection;
mod sources;
