//! Every integration test of `sinergi-accounts`, in one test binary (one link,
//! one process). Each module is one story; `common` holds what two share.

mod common;

mod access_matrix;
mod journalists;
mod security;
