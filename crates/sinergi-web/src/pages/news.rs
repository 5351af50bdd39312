//! Public releases and register items as the home page and the
//! network-wide lists show them: title, the unit named with its parent,
//! when, and the lead. Every row comes through the newsroom's public path
//! and is asked `brief_is_public` again at the clock's now, like the press
//! rooms' listing.

use sinergi_domain::access::Principal;
use sinergi_newsroom::brief_is_public;
use sinergi_store::Page;
use sinergi_store::newsroom::{ItemQuery, ReleaseBrief, ReleaseQuery};

use super::PageError;
use super::view::{parent_names, place_name};
use crate::AppState;
use crate::i18n::Tr;
use crate::newsroom::common::{release_href, zone_of};
use crate::newsroom::press_number::Shorthands;

/// A public release in a list.
pub struct NewsRow {
    pub href: String,
    pub title: String,
    pub place: String,
    pub unit_href: String,
    pub when: String,
    /// "No. 12/Kota Denpasar/2026", or empty (an amplification has none).
    pub number: String,
    pub lead: String,
    /// "Diperkuat dari …" for an amplification: it says so rather than
    /// looking like a second copy of its original.
    pub amplified: bool,
}

/// The network's newest public releases, from `cursor`.
pub async fn latest_releases(
    state: &AppState,
    tr: &Tr,
    limit: i64,
    cursor: Option<String>,
) -> Result<(Vec<NewsRow>, Option<String>), PageError> {
    let now = state.newsroom.now();
    let query = ReleaseQuery {
        limit,
        cursor,
        public_by: Some(now),
        ..Default::default()
    };
    let Page {
        mut items,
        next_cursor,
    } = state
        .newsroom
        .releases(&Principal::public(), query)
        .await
        .map_err(from_newsroom)?;
    items.retain(|b| brief_is_public(b, now));
    let codes = items.iter().map(|b| b.unit_code.clone()).collect();
    let parents = parent_names(&state.store, codes).await;
    let shorthands =
        Shorthands::load(&state.store, items.iter().map(|b| b.unit_code.as_str())).await;
    let rows = items
        .iter()
        .map(|b| news_row(tr, b, &parents, &shorthands))
        .collect();
    Ok((rows, next_cursor))
}

fn news_row(
    tr: &Tr,
    b: &ReleaseBrief,
    parents: &std::collections::BTreeMap<String, String>,
    shorthands: &Shorthands,
) -> NewsRow {
    NewsRow {
        href: release_href(b.id, &b.slug),
        title: b.title.clone(),
        place: place_name(&b.unit_name, &b.unit_code, parents),
        unit_href: format!("/units/{}", b.unit_code),
        when: b
            .public_at
            .map(|t| tr.date_time(t, zone_of(&b.unit_code)))
            .unwrap_or_default(),
        number: b
            .press_number
            .map(|n| shorthands.number(tr, &b.unit_code, &b.unit_name, n))
            .unwrap_or_default(),
        lead: b.lead.clone(),
        amplified: b.amplifies_id.is_some(),
    }
}

/// A published achievement or innovation in a list.
pub struct ItemRow {
    pub href: String,
    pub title: String,
    pub kind: String,
    pub place: String,
    pub unit_href: String,
    pub when: String,
}

/// The network's published achievements and innovations (one kind, or
/// both), newest record first, from `cursor`.
pub async fn published_items(
    state: &AppState,
    tr: &Tr,
    kind: Option<sinergi_domain::newsroom::ItemKind>,
    limit: i64,
    cursor: Option<String>,
) -> Result<(Vec<ItemRow>, Option<String>), PageError> {
    let query = ItemQuery {
        kind,
        limit,
        cursor,
        ..Default::default()
    };
    // No unit: the newsroom gives everyone the published items only.
    let page = state
        .newsroom
        .items(&Principal::public(), query)
        .await
        .map_err(from_newsroom)?;
    let codes = page.items.iter().map(|i| i.unit_code.to_string()).collect();
    let parents = parent_names(&state.store, codes).await;
    let rows = page
        .items
        .iter()
        .map(|i| ItemRow {
            href: format!("/items/{}", i.id),
            title: i.title.clone(),
            kind: tr.t(&format!("nr-kind-{}", i.kind.as_str())),
            place: place_name(&i.unit_name, i.unit_code.as_str(), &parents),
            unit_href: format!("/units/{}", i.unit_code),
            when: i
                .first_public_at
                .map(|t| tr.date(t, zone_of(i.unit_code.as_str())))
                .unwrap_or_default(),
        })
        .collect();
    Ok((rows, page.next_cursor))
}

/// A refusal of the newsroom's public listing: a bad cursor is the
/// reader's 400, anything else ours.
pub fn from_newsroom(e: sinergi_newsroom::NewsroomError) -> PageError {
    match e {
        sinergi_newsroom::NewsroomError::Store(s) => PageError::from_store(s),
        other => PageError::Internal(other.to_string()),
    }
}
