//! Sitemaps (<https://www.sitemaps.org/protocol.html>) and the Google News
//! sitemap.
//!
//! - `/sitemap.xml`: the index, naming every file below.
//! - `/sitemaps/units-{n}.xml`: press rooms of units that have published
//!   at least one release (an empty room says nothing a crawler should
//!   index), 50,000 per file, by code: 92,000 units fit in two files.
//! - `/sitemaps/releases-{n}.xml`: published releases whose id lies in
//!   `[n * 50,000, (n + 1) * 50,000)`. Blocks of ids rather than offsets
//!   keep a release in the same file for ever, so a file changes only when
//!   one of its releases does, and no file can pass the 50,000-URL limit.
//! - `/sitemaps/news.xml`: releases made public in the last two days (at
//!   most 1,000, the news sitemap's limit).
//!
//! The schema wants at least one `url` in a `urlset`, so a file with none
//! is "not found" and the index leaves it out.

use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_TYPE, LAST_MODIFIED};
use axum::response::{IntoResponse, Response};
use sinergi_domain::newsroom::DAY_MICROS;
use sinergi_store::StoreError;
use sinergi_store::public_reads::{PublicRelease, PublicReleaseQuery};

use super::times::{http_date, rfc3339};
use super::xml::Xml;
use sinergi_newsroom::row_is_public;

use super::{absolute, content_time, not_found, release_path, zone_of};
use crate::AppState;
use crate::i18n::Lang;
use crate::pages::{LocalizedError, PageError, PageResult};

/// URLs per sitemap file (the protocol's limit).
pub const PER_FILE: i64 = 50_000;
/// The news sitemap's window and limit.
const NEWS_WINDOW: i64 = 2 * DAY_MICROS;
const NEWS_LIMIT: i64 = 1_000;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS: &str = "http://www.google.com/schemas/sitemap-news/0.9";

fn xml_response(bytes: Vec<u8>, last_modified: Option<i64>) -> Response {
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/xml; charset=utf-8"),
    );
    if let Some(t) = last_modified
        && let Ok(v) = HeaderValue::from_str(&http_date(t))
    {
        h.insert(LAST_MODIFIED, v);
    }
    r
}

/// Any failure to read the store is ours: a logged 500, never a 404.
fn failed(lang: Lang) -> impl Fn(StoreError) -> LocalizedError {
    move |e| PageError::Internal(e.to_string()).in_lang(lang)
}

pub async fn index(State(state): State<AppState>, lang: Lang) -> PageResult {
    let now = state.clock.now();
    let units = state
        .store
        .publishing_unit_count(now)
        .await
        .map_err(failed(lang))?;
    let blocks = state
        .store
        .public_release_blocks(now, PER_FILE)
        .await
        .map_err(failed(lang))?;
    let news = news_rows(&state, now).await.map_err(failed(lang))?;
    let newest = blocks.iter().map(|b| b.lastmod).max();
    let mut x = Xml::new();
    x.open("sitemapindex", &[("xmlns", SITEMAP_NS)]);
    let unit_files = (units + PER_FILE - 1) / PER_FILE;
    for n in 0..unit_files {
        x.open("sitemap", &[]);
        x.leaf(
            "loc",
            &absolute(&state, &format!("/sitemaps/units-{n}.xml")),
        );
        x.close("sitemap");
    }
    for b in &blocks {
        x.open("sitemap", &[]);
        x.leaf(
            "loc",
            &absolute(&state, &format!("/sitemaps/releases-{}.xml", b.block)),
        );
        x.leaf("lastmod", &rfc3339(b.lastmod, zone_of("")));
        x.close("sitemap");
    }
    if !news.is_empty() {
        x.open("sitemap", &[]);
        x.leaf("loc", &absolute(&state, "/sitemaps/news.xml"));
        x.close("sitemap");
    }
    x.close("sitemapindex");
    Ok(xml_response(x.finish(), newest))
}

pub async fn file(
    State(state): State<AppState>,
    lang: Lang,
    Path(file): Path<String>,
) -> PageResult {
    let path = format!("/sitemaps/{file}");
    let Some(stem) = file.strip_suffix(".xml") else {
        return Err(not_found(lang, path));
    };
    if stem == "news" {
        return news(&state, lang, path).await;
    }
    let page = |prefix: &str| {
        stem.strip_prefix(prefix)
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && n.len() < 10)
            .and_then(|n| n.parse::<i64>().ok())
    };
    if let Some(n) = page("units-") {
        return units(&state, lang, n, path).await;
    }
    if let Some(n) = page("releases-") {
        return releases(&state, lang, n, path).await;
    }
    Err(not_found(lang, path))
}

async fn units(state: &AppState, lang: Lang, n: i64, path: String) -> PageResult {
    let now = state.clock.now();
    let rows = state
        .store
        .publishing_units(now, n * PER_FILE, PER_FILE)
        .await
        .map_err(failed(lang))?;
    if rows.is_empty() {
        return Err(not_found(lang, path));
    }
    let mut x = Xml::new();
    x.open("urlset", &[("xmlns", SITEMAP_NS)]);
    for u in &rows {
        x.open("url", &[]);
        x.leaf("loc", &absolute(state, &format!("/press/{}", u.code)));
        x.leaf("lastmod", &rfc3339(u.lastmod, zone_of(&u.code)));
        x.close("url");
    }
    x.close("urlset");
    Ok(xml_response(
        x.finish(),
        rows.iter().map(|u| u.lastmod).max(),
    ))
}

async fn releases(state: &AppState, lang: Lang, n: i64, path: String) -> PageResult {
    let now = state.clock.now();
    let rows = state
        .store
        .public_releases_in_block(now, n, PER_FILE)
        .await
        .map_err(failed(lang))?;
    let rows: Vec<_> = rows.into_iter().filter(|r| row_is_public(r, now)).collect();
    if rows.is_empty() {
        return Err(not_found(lang, path));
    }
    let mut x = Xml::new();
    x.open("urlset", &[("xmlns", SITEMAP_NS)]);
    let mut newest = 0;
    for r in &rows {
        let t = content_time(r.public_at, r.updated_at, r.corrections);
        newest = newest.max(t);
        x.open("url", &[]);
        x.leaf("loc", &absolute(state, &release_path(r.id, &r.slug)));
        x.leaf("lastmod", &rfc3339(t, zone_of(&r.unit_code)));
        x.close("url");
    }
    x.close("urlset");
    Ok(xml_response(x.finish(), Some(newest)))
}

/// Releases made public in the news window, as the public sees them.
async fn news_rows(
    state: &AppState,
    now: i64,
) -> Result<Vec<PublicRelease>, sinergi_store::StoreError> {
    let q = PublicReleaseQuery {
        now,
        public_after: Some(now - NEWS_WINDOW),
        limit: NEWS_LIMIT,
        ..Default::default()
    };
    let page = state.store.public_releases(&q).await?;
    Ok(page
        .items
        .into_iter()
        .filter(|r| row_is_public(r, now))
        .collect())
}

async fn news(state: &AppState, lang: Lang, path: String) -> PageResult {
    let now = state.clock.now();
    let rows = news_rows(state, now).await.map_err(failed(lang))?;
    if rows.is_empty() {
        return Err(not_found(lang, path));
    }
    let mut x = Xml::new();
    x.open("urlset", &[("xmlns", SITEMAP_NS), ("xmlns:news", NEWS_NS)]);
    let mut newest = None;
    for r in &rows {
        let zone = zone_of(&r.unit_code);
        let published = r.public_at.unwrap_or(r.updated_at);
        newest = newest.max(Some(content_time(r.public_at, r.updated_at, r.corrections)));
        x.open("url", &[]);
        x.leaf("loc", &absolute(state, &release_path(r.id, &r.slug)));
        x.open("news:news", &[]);
        x.open("news:publication", &[]);
        x.leaf("news:name", &r.unit_name);
        x.leaf("news:language", &r.language);
        x.close("news:publication");
        x.leaf("news:publication_date", &rfc3339(published, zone));
        x.leaf("news:title", &r.title);
        x.close("news:news");
        x.close("url");
    }
    x.close("urlset");
    Ok(xml_response(x.finish(), newest))
}
