//! Release content: Markdown rendered to safe HTML ([`markup`]), uploaded
//! files checked and re-encoded ([`upload`]), and files kept on disk by their
//! SHA-256 ([`blobs`]).
//!
//! Pure functions and a plain folder: no database and no HTTP here, so the web
//! layer decides where bytes come from and the store where their hashes go.

pub mod blobs;
pub mod markup;
pub mod upload;

pub use blobs::{BlobError, BlobStore, sha256_hex};
pub use markup::{excerpt, plain_text, render_markdown, sanitize_html};
pub use upload::{
    Checked, DEFAULT_BUDGET_MIB, DEFAULT_IMAGE_MEMORY_MIB, ImageBudget, Kind, Processed,
    Reservation, UploadError, UploadLimits, Uploads, check, default_jobs, process,
};
