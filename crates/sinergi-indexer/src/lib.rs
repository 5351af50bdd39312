//! The search index as a projection of the database.
//!
//! The database holds every fact; the index ([`sinergi_search`]) is derived from it and
//! can always be rebuilt. Two ways keep it so:
//!
//! - [`Projector`] follows the change feed (`changes`, see `sinergi-store`): at start it
//!   catches up from the index's [`SearchIndex::last_applied_seq`], then polls every
//!   half second and whenever a writer wakes it ([`Waker`]). For each change it loads
//!   the entity's *current* state and upserts its document (or deletes it when the
//!   entity is gone or retired), then commits the batch together with the batch's last
//!   `seq`. A tantivy commit writes the documents and that position in one atomic step,
//!   and an upsert replaces by id, so after `kill -9` at any moment the projector
//!   resumes at the last commit and re-applies the rest: every document exactly once.
//! - [`rebuild_into`] builds a fresh index from the tables (what `sinergi reindex` does)
//!   and [`swap_in`] puts it in place of the old one with an atomic rename.
//!
//! Which records become documents is decided in [`sources`]: one [`Source`] per entity
//! of the change feed, each with a loader (one record by key) and a scanner (all
//! records, a page at a time). Adding releases, achievements or innovations means
//! adding a variant there; nothing else changes.

mod projector;
mod rebuild;
pub mod sources;

pub use projector::{CatchUp, Projector, ProjectorConfig, Waker};
pub use rebuild::{RebuildReport, build_dir, rebuild_into, remove_leftovers, swap_in};
pub use sinergi_search::{self, SearchIndex};
pub use sources::Source;

/// What can go wrong while projecting.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the database failed.
    #[error(transparent)]
    Store(#[from] sinergi_store::StoreError),
    /// Writing the index failed.
    #[error(transparent)]
    Search(#[from] sinergi_search::Error),
    /// Preparing or swapping the index folder failed.
    #[error("search index folder {path}: {source}")]
    Io {
        /// The folder.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Shorthand for this crate's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
