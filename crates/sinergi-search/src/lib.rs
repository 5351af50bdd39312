//! Sinergi's search index: tantivy with the Indonesian analyzer of [`sinergi_text`].
//!
//! - [`SearchDoc`]: one generic document model for units, releases, achievements,
//!   innovations, coverage, events and campaigns.
//! - [`SearchIndex`]: open or create on disk (or in memory), [`SearchWriter`] to upsert,
//!   delete and commit with the change-feed position, [`SearchIndex::search`] to query.
//! - [`search_as`]: a query run as a `Principal` at the clock's now, with facet counts;
//!   the page and the API both call it.
//! - [`Query`]: text (never an error: see [`query::parse_text`]), filters, sort, paging,
//!   and the [`Viewer`] and `now` that make scope and embargo part of every query.
//!
//! Scoring: one BM25 field holds the title three times and the body once (title and body
//! frequencies saturate together, as in BM25F); every query word must match by its stem
//! (all words, or any of them when no document has all, flagged [`Results::relaxed`]); the
//! exact unstemmed form adds [`index::EXACT_BOOST`], and the words standing together
//! (within two positions) add a proximity phrase. Quoted phrases are exact, stop words
//! keeping their positions. Compounds (`e-KTP`, `Covid-19`) are indexed whole (without
//! hyphens) and by their parts; a compound typed with hyphens also matches its parts
//! written apart. Abbreviations and their expansions find each other through
//! [`synonyms`] (a bundled list an administrator extends), weighted
//! [`index::SYNONYM_BOOST`]. Relevance against SQLite FTS5 is measured by
//! `examples/relevance.rs` over the judged sets of `bench/search`.
//!
//! ```
//! use sinergi_search::{DocKind, Query, SearchDoc, SearchIndex};
//!
//! let index = SearchIndex::in_memory()?;
//! let mut writer = index.writer()?;
//! writer.upsert(&SearchDoc::new(
//!     "release:1",
//!     DocKind::Release,
//!     "Pembangunan jalan desa",
//!     "Pemerintah membangun jalan di desa terpencil.",
//!     "51.71",
//! ))?;
//! writer.commit(1)?;
//! let results = index.search(&Query::text("membangun", 0))?;
//! assert_eq!(results.hits[0].id, "release:1");
//! assert_eq!(results.hits[0].title_html, "<mark>Pembangunan</mark> jalan desa");
//! assert_eq!(index.last_applied_seq()?, Some(1));
//! # Ok::<(), sinergi_search::Error>(())
//! ```

pub mod analysis;
pub mod doc;
pub mod index;
pub mod query;
pub mod service;
pub mod synonyms;

pub use doc::{DocKind, SearchDoc, Visibility, unit_path};
pub use index::{
    Error, Facets, Hit, Result, Results, Scoring, SearchIndex, SearchWriter, escape_html,
};
pub use query::{Coverage, Query, Sort, Viewer};
pub use service::{Answer, search_as, viewer_of};

#[cfg(test)]
mod tests;

#[cfg(test)]
mod relevance_tests;
