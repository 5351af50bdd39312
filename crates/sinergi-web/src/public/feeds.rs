//! `/feeds/{kind}/{key}.{rss|atom|json}`: the latest published releases of
//! a unit, a subtree or a tag. Releases are read through the newsroom's
//! public listing (`Newsroom::releases` with the public principal, at the
//! clock's now), so nothing embargoed, scheduled, drafted or withdrawn
//! appears. A release withdrawn after publication leaves the feed (its
//! page keeps the withdrawal notice): feed readers keep entries they have
//! seen, and repeating a withdrawn text in new fetches would spread it.

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, LAST_MODIFIED};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sinergi_domain::access::Principal;
use sinergi_domain::newsroom::tags::normalise_tag;
use sinergi_domain::{UnitCode, Zone};
use sinergi_newsroom::AccessLevel;
use sinergi_store::newsroom::{ReleaseBrief, ReleaseQuery};

use super::feed_build::{FeedEntry, FeedFormat, FeedMeta, OriginalRef, build_feed};
use super::{absolute, not_found, release_path as release_href, zone_of};
use crate::AppState;
use crate::i18n::{Lang, Tr};
use crate::pages::{OrErrorPage, PageError, PageResult};

/// How many releases a feed carries.
pub const FEED_LENGTH: i64 = 30;

/// The kinds of feed in the address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedSubject {
    Unit(UnitCode),
    Subtree(UnitCode),
    Tag(String),
}

impl FeedSubject {
    /// `unit` / `subtree` with a unit code, or `tag` with a canonical tag.
    pub fn parse(kind: &str, key: &str) -> Option<FeedSubject> {
        match kind {
            "unit" => UnitCode::parse(key).ok().map(FeedSubject::Unit),
            "subtree" => UnitCode::parse(key).ok().map(FeedSubject::Subtree),
            "tag" => normalise_tag(key)
                .filter(|t| t == key)
                .map(FeedSubject::Tag),
            _ => None,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            FeedSubject::Unit(_) => "unit",
            FeedSubject::Subtree(_) => "subtree",
            FeedSubject::Tag(_) => "tag",
        }
    }

    fn key(&self) -> &str {
        match self {
            FeedSubject::Unit(c) | FeedSubject::Subtree(c) => c.as_str(),
            FeedSubject::Tag(t) => t,
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    lang: Lang,
    Path((kind, file)): Path<(String, String)>,
) -> PageResult {
    let path = format!("/feeds/{kind}/{file}");
    let parsed = file.rsplit_once('.').and_then(|(key, ext)| {
        Some((
            FeedSubject::parse(&kind, key)?,
            FeedFormat::from_extension(ext)?,
        ))
    });
    let Some((subject, format)) = parsed else {
        return Err(not_found(lang, path));
    };
    match feed_bytes(&state, lang, &subject, format)
        .await
        .or_page(lang)?
    {
        Some((bytes, updated)) => Ok(feed_response(format, bytes, updated)),
        None => Err(not_found(lang, path)),
    }
}

/// The answer for feed bytes, with their newest content time.
pub fn feed_response(format: FeedFormat, bytes: Vec<u8>, updated: i64) -> Response {
    let mut r = (StatusCode::OK, bytes).into_response();
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&super::times::http_date(updated)) {
        h.insert(LAST_MODIFIED, v);
    }
    r
}

/// The feed, or `None` for a unit that does not exist or a tag no
/// published release carries.
pub async fn feed_bytes(
    state: &AppState,
    lang: Lang,
    subject: &FeedSubject,
    format: FeedFormat,
) -> Result<Option<(Vec<u8>, i64)>, PageError> {
    let tr = Tr::new(lang);
    let mut query = ReleaseQuery {
        limit: FEED_LENGTH,
        ..Default::default()
    };
    let (title, zone, author, home, floor) = match subject {
        FeedSubject::Unit(code) | FeedSubject::Subtree(code) => {
            let unit = match state.store.unit(code).await {
                Ok(u) => u,
                Err(sinergi_store::StoreError::NotFound(_)) => return Ok(None),
                Err(e) => return Err(PageError::from_store(e)),
            };
            query.unit = Some(code.clone());
            let subtree = matches!(subject, FeedSubject::Subtree(_));
            query.with_subtree = subtree;
            let (title_key, home) = if subtree {
                ("feed-title-subtree", format!("/press/{code}?scope=subtree"))
            } else {
                ("feed-title-unit", format!("/press/{code}"))
            };
            (
                tr.t1(title_key, "unit", &unit.name),
                unit.zone(),
                unit.name.clone(),
                home,
                unit.updated_at,
            )
        }
        FeedSubject::Tag(tag) => {
            query.tag = Some(tag.clone());
            (
                tr.t1("feed-title-tag", "tag", tag),
                Zone::Wib,
                "Sinergi".to_owned(),
                format!("/search?q={tag}"),
                0,
            )
        }
    };
    let page = state
        .newsroom
        .releases(&Principal::public(), query)
        .await
        .map_err(|e| PageError::Internal(e.to_string()))?;
    if page.items.is_empty() && matches!(subject, FeedSubject::Tag(_)) {
        return Ok(None);
    }
    let mut entries = Vec::with_capacity(page.items.len());
    for b in &page.items {
        entries.push(entry_of(state, &tr, b).await);
    }
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or(floor);
    let meta = FeedMeta {
        title,
        description: tr.t("feed-description"),
        home_url: absolute(state, &home),
        feed_url: absolute(
            state,
            &format!(
                "/feeds/{}/{}.{}",
                subject.kind(),
                subject.key(),
                format.extension()
            ),
        ),
        language: lang.code().to_owned(),
        zone,
        updated,
        author,
    };
    Ok(Some((build_feed(&meta, &entries, format), updated)))
}

/// A listed release as a feed entry; an amplification credits its
/// original when the public may read it.
pub async fn entry_of(state: &AppState, tr: &Tr, b: &ReleaseBrief) -> FeedEntry {
    let published = b.public_at.unwrap_or(b.updated_at);
    // Corrections move `updated_at` past the publication.
    let updated = if b.corrections > 0 {
        b.updated_at.max(published)
    } else {
        published
    };
    let mut summary = b.lead.clone();
    let mut original = None;
    if let Some(id) = b.amplifies_id
        && let Ok(view) = state.newsroom.release_view(&Principal::public(), id).await
        && view.access == AccessLevel::Public
    {
        let o = &view.release;
        summary = format!(
            "{}\n\n{}",
            tr.t1("feed-amplified-from", "unit", &o.unit_name),
            summary
        );
        original = Some(OriginalRef {
            url: absolute(state, &release_href(o.id, &o.slug)),
            unit_name: o.unit_name.clone(),
        });
    }
    FeedEntry {
        id: absolute(state, &format!("/releases/{}", b.id)),
        url: absolute(state, &release_href(b.id, &b.slug)),
        title: b.title.clone(),
        summary,
        published,
        updated,
        zone: zone_of(&b.unit_code),
        author: b.unit_name.clone(),
        tags: b.tags.clone(),
        language: None,
        original,
    }
}
