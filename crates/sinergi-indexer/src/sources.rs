//! The records the index holds, one [`Source`] per entity of the change feed.
//!
//! Each source has a loader ([`Source::load`]: the current document for a change-feed
//! key, or `None` when the record is gone or must not be found) and a scanner
//! ([`Source::scan`]: every document, a page at a time, for rebuilds). Both read through
//! the store's public API, never SQL.
//!
//! To index another entity (releases, achievements, innovations, …):
//! 1. add a variant to [`Source`] and to [`Source::ALL`];
//! 2. name its change-feed entity in [`Source::entity`] (the `entity` column its writers
//!    append, e.g. `"release"`) and its [`DocKind`] in [`Source::kind`];
//! 3. write `load_release(store, key) -> Result<Option<SearchDoc>>` (set
//!    [`sinergi_search::Visibility`]: `Internal` for drafts, `Embargoed { until }` for an
//!    embargoed release, `Public` once published; `None` when deleted) and
//!    `scan_releases(store, cursor)`, and call them from [`Source::load`],
//!    [`Source::scan`] and [`Source::count`].
//!
//! Changes of entities no source claims (accounts, for example) are skipped.

use sinergi_domain::{Unit, UnitCode};
use sinergi_search::{DocKind, SearchDoc, Visibility};
use sinergi_store::{Store, StoreError, UnitQuery};

use crate::Result;

/// Documents per page when scanning a table.
pub const SCAN_PAGE: u32 = 200;

/// A kind of record the index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Units: ministries, agencies and their bureaus, and every region.
    Unit,
}

/// One page of a scan.
#[derive(Debug)]
pub struct ScanPage {
    /// The documents of this page.
    pub docs: Vec<SearchDoc>,
    /// Where the next page starts; `None` after the last.
    pub next: Option<String>,
}

impl Source {
    /// Every source, in rebuild order.
    pub const ALL: [Source; 1] = [Source::Unit];

    /// The source of a change-feed entity (`"unit"`), if the index holds it.
    pub fn of_entity(entity: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.entity() == entity)
    }

    /// The `entity` its writers append to the change feed.
    pub fn entity(self) -> &'static str {
        match self {
            Source::Unit => "unit",
        }
    }

    /// The kind of its documents.
    pub fn kind(self) -> DocKind {
        match self {
            Source::Unit => DocKind::Unit,
        }
    }

    /// The document id for a change-feed key: `unit:51.71`.
    pub fn doc_id(self, key: &str) -> String {
        format!("{}:{key}", self.kind().as_str())
    }

    /// The current document for `key`, or `None` when it must not be in the index.
    pub async fn load(self, store: &Store, key: &str) -> Result<Option<SearchDoc>> {
        match self {
            Source::Unit => load_unit(store, key).await,
        }
    }

    /// A page of all its documents, from `cursor` (`None`: the first page).
    pub async fn scan(self, store: &Store, cursor: Option<String>) -> Result<ScanPage> {
        match self {
            Source::Unit => scan_units(store, cursor).await,
        }
    }

    /// About how many documents a scan yields (for progress bars).
    pub async fn count(self, store: &Store) -> Result<u64> {
        match self {
            Source::Unit => {
                Ok(u64::try_from(store.count_units_by_level().await?.total()).unwrap_or(0))
            }
        }
    }
}

/// A current unit's document; `None` for a retired or unknown one.
pub async fn load_unit(store: &Store, key: &str) -> Result<Option<SearchDoc>> {
    let Ok(code) = UnitCode::parse(key) else {
        tracing::warn!(key, "a unit change with a key that is not a unit code");
        return Ok(None);
    };
    match store.unit(&code).await {
        Ok(unit) if unit.retired_at.is_none() => Ok(Some(unit_doc(&unit))),
        Ok(_) | Err(StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// A page of current units, in the store's listing order.
pub async fn scan_units(store: &Store, cursor: Option<String>) -> Result<ScanPage> {
    let page = store
        .list_units(&UnitQuery {
            limit: SCAN_PAGE,
            cursor,
            ..Default::default()
        })
        .await?;
    Ok(ScanPage {
        docs: page.items.iter().map(|(u, _)| unit_doc(u)).collect(),
        next: page.next_cursor,
    })
}

/// A unit as the index sees it: public, its name as the title, its other names
/// ("KemenPANRB") as the body.
pub fn unit_doc(unit: &Unit) -> SearchDoc {
    let code = unit.code.as_str();
    let mut doc = SearchDoc::new(
        Source::Unit.doc_id(code),
        DocKind::Unit,
        unit.name.clone(),
        unit.aliases.clone().unwrap_or_default(),
        code,
    );
    doc.level = Some(unit.level);
    doc.province = province_of(code);
    doc.visibility = Visibility::Public;
    doc
}

/// The province code of a regional code (`51.71.01` → `51`); national codes have none.
pub fn province_of(code: &str) -> Option<String> {
    let first = code.split('.').next()?;
    (!first.is_empty() && first.bytes().all(|b| b.is_ascii_digit())).then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_ids() {
        assert_eq!(Source::of_entity("unit"), Some(Source::Unit));
        assert_eq!(Source::of_entity("user"), None);
        assert_eq!(Source::Unit.doc_id("51.71"), "unit:51.71");
        assert_eq!(province_of("51.71.01"), Some("51".into()));
        assert_eq!(province_of("51"), Some("51".into()));
        assert_eq!(province_of("kemenpanrb.hkip"), None);
    }
}
