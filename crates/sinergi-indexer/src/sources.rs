//! The records the index holds, one [`Source`] per entity of the change feed.
//!
//! Each source has a loader ([`Source::load`]: the current document for a change-feed
//! key, or `None` when the record is gone or must not be found) and a scanner
//! ([`Source::scan`]: every document, a page at a time, for rebuilds). Both read through
//! the store's public API, never SQL.
//!
//! Units, releases and register items (achievements and innovations) are indexed. To
//! index another entity (coverage, events, campaigns, …):
//! 1. add a variant to [`Source`] and to [`Source::ALL`];
//! 2. name its change-feed entity in [`Source::entity`] (the `entity` column its writers
//!    append, e.g. `"release"`) and its id prefix in [`Source::doc_id`];
//! 3. write a loader `load_x(store, key) -> Result<Option<SearchDoc>>` (set
//!    [`sinergi_search::Visibility`]: `Internal` for internal work, `Embargoed { until }` or
//!    `Scheduled { at }` for what becomes public at a time, `Public`; `None` when it must
//!    not be found) and a scanner, and call them from [`Source::load`], [`Source::scan`]
//!    and [`Source::count`].
//!
//! Changes of entities no source claims (accounts, for example) are skipped.

use sinergi_domain::newsroom::{ItemKind, ReleaseState};
use sinergi_domain::{Unit, UnitCode};
use sinergi_search::{DocKind, SearchDoc, Visibility};
use sinergi_store::newsroom::{ItemRecord, ReleaseRecord};
use sinergi_store::{Store, StoreError, UnitQuery};

use crate::Result;

/// Documents per page when scanning a table.
pub const SCAN_PAGE: u32 = 200;

/// A kind of record the index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Units: ministries, agencies and their bureaus, and every region.
    Unit,
    /// Releases (siaran pers), in every state: drafts are internal.
    Release,
    /// Achievements and innovations of the register.
    Item,
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
    pub const ALL: [Source; 3] = [Source::Unit, Source::Release, Source::Item];

    /// The source of a change-feed entity (`"unit"`), if the index holds it.
    pub fn of_entity(entity: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.entity() == entity)
    }

    /// The `entity` its writers append to the change feed.
    pub fn entity(self) -> &'static str {
        match self {
            Source::Unit => "unit",
            Source::Release => "release",
            Source::Item => "register_item",
        }
    }

    /// The document id for a change-feed key: `unit:51.71`, `release:42`,
    /// `item:7` (achievements and innovations share their ids).
    pub fn doc_id(self, key: &str) -> String {
        let prefix = match self {
            Source::Unit => "unit",
            Source::Release => "release",
            Source::Item => "item",
        };
        format!("{prefix}:{key}")
    }

    /// The current document for `key`, or `None` when it must not be in the index.
    pub async fn load(self, store: &Store, key: &str) -> Result<Option<SearchDoc>> {
        match self {
            Source::Unit => load_unit(store, key).await,
            Source::Release => load_release(store, key).await,
            Source::Item => load_item(store, key).await,
        }
    }

    /// A page of all its documents, from `cursor` (`None`: the first page).
    pub async fn scan(self, store: &Store, cursor: Option<String>) -> Result<ScanPage> {
        match self {
            Source::Unit => scan_units(store, cursor).await,
            Source::Release => scan_releases(store, cursor).await,
            Source::Item => scan_items(store, cursor).await,
        }
    }

    /// About how many documents a scan yields (for progress bars).
    pub async fn count(self, store: &Store) -> Result<u64> {
        match self {
            Source::Unit => {
                Ok(u64::try_from(store.count_units_by_level().await?.total()).unwrap_or(0))
            }
            Source::Release => Ok(u64::try_from(store.release_count().await?).unwrap_or(0)),
            Source::Item => Ok(u64::try_from(store.item_count().await?).unwrap_or(0)),
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

/// A release as the index sees it. Drafts and releases in review are
/// internal; a released one is public from its time (embargoed: accredited
/// press early; scheduled: nobody outside the unit early); a withdrawn one
/// leaves the index, since only its notice remains public.
pub fn release_doc(r: &ReleaseRecord) -> Option<SearchDoc> {
    let visibility = match (r.state, r.public_at) {
        (ReleaseState::Withdrawn, _) => return None,
        (ReleaseState::Released, Some(at)) if r.embargo => Visibility::Embargoed { until: at },
        (ReleaseState::Released, Some(at)) => Visibility::Scheduled { at },
        _ => Visibility::Internal,
    };
    let code = r.unit_code.as_str();
    let body = format!("{}\n{}", r.lead, sinergi_media::plain_text(&r.body_md));
    let mut doc = SearchDoc::new(
        Source::Release.doc_id(&r.id.to_string()),
        DocKind::Release,
        r.title.clone(),
        body,
        code,
    );
    doc.level = Some(r.unit_code.level());
    doc.province = province_of(code);
    doc.tags = r.tags.clone();
    doc.published_at = r.public_at;
    doc.visibility = visibility;
    Some(doc)
}

/// An item as the index sees it: internal until a release reporting it is
/// public, then public from that release's time.
pub fn item_doc(i: &ItemRecord) -> Option<SearchDoc> {
    if i.removed_at.is_some() {
        return None;
    }
    let kind = match i.kind {
        ItemKind::Achievement => DocKind::Achievement,
        ItemKind::Innovation => DocKind::Innovation,
    };
    let code = i.unit_code.as_str();
    let body = [
        Some(&i.description_md),
        i.problem_md.as_ref(),
        i.solution_md.as_ref(),
        i.impact_md.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|t| sinergi_media::plain_text(t))
    // The kind by its names, so "inovasi" finds an innovation whose text
    // never says the word (people search for what a thing is).
    .chain(std::iter::once(kind_words(i.kind).to_owned()))
    .collect::<Vec<_>>()
    .join("\n");
    let mut doc = SearchDoc::new(
        Source::Item.doc_id(&i.id.to_string()),
        kind,
        i.title.clone(),
        body,
        code,
    );
    doc.level = Some(i.unit_code.level());
    doc.province = province_of(code);
    doc.tags = i.tags.clone();
    doc.published_at = i.first_public_at;
    doc.visibility = match i.first_public_at {
        Some(at) => Visibility::Scheduled { at },
        None => Visibility::Internal,
    };
    Some(doc)
}

/// The words a reader uses for an item's kind, in both languages.
fn kind_words(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Achievement => "Capaian. Achievement.",
        ItemKind::Innovation => "Inovasi. Innovation.",
    }
}

/// A record's id from a change's key (`ReleaseId`, `ItemId`).
fn id_key<T: std::str::FromStr>(key: &str) -> Option<T> {
    let id = key.parse().ok();
    if id.is_none() {
        tracing::warn!(key, "a change with a key that is not a record id");
    }
    id
}

pub async fn load_release(store: &Store, key: &str) -> Result<Option<SearchDoc>> {
    let Some(id) = id_key(key) else {
        return Ok(None);
    };
    Ok(store.release(id).await?.as_ref().and_then(release_doc))
}

pub async fn load_item(store: &Store, key: &str) -> Result<Option<SearchDoc>> {
    let Some(id) = id_key(key) else {
        return Ok(None);
    };
    Ok(store.item(id).await?.as_ref().and_then(item_doc))
}

/// The id a scan goes on after: the last one of the page before, or 0 to
/// start (ids are positive).
fn after_cursor<T: std::str::FromStr + From<i64>>(cursor: Option<String>) -> T {
    cursor
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| T::from(0))
}

pub async fn scan_releases(store: &Store, cursor: Option<String>) -> Result<ScanPage> {
    let page = store
        .releases_after(after_cursor(cursor), i64::from(SCAN_PAGE))
        .await?;
    let next = (page.len() == SCAN_PAGE as usize)
        .then(|| page.last().map(|r| r.id.to_string()))
        .flatten();
    Ok(ScanPage {
        docs: page.iter().filter_map(release_doc).collect(),
        next,
    })
}

pub async fn scan_items(store: &Store, cursor: Option<String>) -> Result<ScanPage> {
    let page = store
        .items_after(after_cursor(cursor), i64::from(SCAN_PAGE))
        .await?;
    let next = (page.len() == SCAN_PAGE as usize)
        .then(|| page.last().map(|i| i.id.to_string()))
        .flatten();
    Ok(ScanPage {
        docs: page.iter().filter_map(item_doc).collect(),
        next,
    })
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
        assert_eq!(Source::of_entity("register_item"), Some(Source::Item));
        assert_eq!(Source::Item.doc_id("7"), "item:7");
        assert_eq!(Source::Unit.doc_id("51.71"), "unit:51.71");
        assert_eq!(province_of("51.71.01"), Some("51".into()));
        assert_eq!(province_of("51"), Some("51".into()));
        assert_eq!(province_of("kemenpanrb.hkip"), None);
    }
}
