//! Every integration test of `sinergi-store`, in one test binary (one link,
//! one process). Each module is one story; all run on SQLite by default and
//! on PostgreSQL when SINERGI_TEST_DATABASE_URL names one.

mod conformance;
mod newsroom;
mod outbox;
mod unit_directory;
