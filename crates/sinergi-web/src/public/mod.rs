//! What published work offers machines and the public at large: feeds,
//! sitemaps, robots.txt and open data, plus the response cache and
//! conditional GET in front of every public page (press rooms, widget and
//! release pages included).

pub mod cache;
mod canonical_query;
mod conditional;
pub mod feed_build;
mod feeds;
pub(crate) mod open_data;
mod robots;
mod sitemap;
mod times;
mod xml;

use axum::Router;
use axum::routing::get;
use sinergi_domain::{ReleaseId, UnitCode, Zone};

use crate::AppState;
use crate::i18n::Lang;
use crate::pages::{LocalizedError, PageError};

pub use cache::PublicCache;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/feeds/{kind}/{file}", get(feeds::show))
        .route("/robots.txt", get(robots::show))
        .route("/sitemap.xml", get(sitemap::index))
        .route("/sitemaps/{file}", get(sitemap::file))
        .route("/open-data", get(open_data::page))
        .route("/open-data/{kind}/{file}", get(open_data::export))
}

/// An absolute address on this site, from the configured base URL.
pub(crate) fn absolute(state: &AppState, path: &str) -> String {
    let base = &state.accounts.config().base_url;
    format!("{}{path}", base.trim_end_matches('/'))
}

/// A release's one address.
pub(crate) fn release_path(id: ReleaseId, slug: &str) -> String {
    format!("/releases/{id}-{slug}")
}

pub(crate) fn zone_of(code: &str) -> Zone {
    UnitCode::parse(code)
        .map(|c| Zone::of_unit(&c))
        .unwrap_or(Zone::Wib)
}

/// The site's "not found" page in the reader's language.
pub(crate) fn not_found(lang: Lang, path: String) -> LocalizedError {
    PageError::NotFound {
        key: "not-found-body",
        arg: ("path", path),
    }
    .in_lang(lang)
}

/// When a published release last changed for its readers: its
/// publication, or its latest correction.
pub(crate) fn content_time(public_at: Option<i64>, updated_at: i64, corrections: i64) -> i64 {
    let published = public_at.unwrap_or(updated_at);
    if corrections > 0 {
        updated_at.max(published)
    } else {
        published
    }
}
