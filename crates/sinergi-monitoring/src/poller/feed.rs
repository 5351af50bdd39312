//! A fetched feed (RSS, Atom or JSON Feed, through feed-rs) as items.
//! A document declaring entities is refused before any parser sees it:
//! entity expansion is how a few hundred bytes become gigabytes.

use crate::text::{html_to_text, tidy};

/// One entry of a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub id: String,
    pub url: Option<String>,
    pub title: String,
    pub author: String,
    /// Microseconds since the epoch.
    pub published_at: Option<i64>,
    /// Plain text: the full content when the feed carries it, else the summary.
    pub text: String,
    /// Whether `text` is the article's full text (the feed's content, or
    /// a long description); else the page is read for it.
    pub full: bool,
}

/// A description at least this many words long is taken for the full
/// text even without a separate content element.
pub const FULL_TEXT_WORDS: usize = 150;

/// Why a feed was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("the document declares XML entities")]
    Entities,
    #[error("not a feed: {0}")]
    Unreadable(String),
    /// A sitemap index: the news sitemap (its first child, named) is the
    /// source to add.
    #[error("a sitemap index, not a news sitemap; add {0}")]
    SitemapIndex(String),
}

impl FeedError {
    pub fn key(&self) -> &'static str {
        match self {
            FeedError::Entities => "xml-entities",
            FeedError::Unreadable(_) => "unreadable",
            FeedError::SitemapIndex(_) => "sitemap-index",
        }
    }
}

/// Whether an XML document declares entities or a DTD with an internal subset.
pub(crate) fn declares_entities(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head).to_ascii_uppercase();
    text.contains("<!ENTITY") || (text.contains("<!DOCTYPE") && text.contains('['))
}

/// The items of a feed document.
pub fn parse_feed(bytes: &[u8]) -> Result<Vec<FeedItem>, FeedError> {
    if declares_entities(bytes) {
        return Err(FeedError::Entities);
    }
    let feed = feed_rs::parser::parse(bytes).map_err(|e| FeedError::Unreadable(e.to_string()))?;
    Ok(feed
        .entries
        .into_iter()
        .map(|e| {
            let url = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(e.links.first())
                .map(|l| l.href.clone());
            let content = e.content.and_then(|c| c.body).unwrap_or_default();
            let summary = e.summary.map(|s| s.content).unwrap_or_default();
            let has_content = !content.trim().is_empty();
            let html = if content.trim().len() >= summary.trim().len() {
                content
            } else {
                summary
            };
            let text = html_to_text(&html);
            let full = has_content || text.split_whitespace().count() >= FULL_TEXT_WORDS;
            FeedItem {
                id: e.id,
                url,
                title: e
                    .title
                    .map(|t| tidy(&html_to_text(&t.content)))
                    .unwrap_or_default(),
                author: e
                    .authors
                    .iter()
                    .filter_map(|a| a.name.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                published_at: e.published.or(e.updated).map(|t| t.timestamp_micros()),
                text,
                full,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_carry_their_text() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar</title>
<item><title>Jembatan baru</title><link>https://kabar.example/a?utm_source=rss</link>
<guid>a1</guid><pubDate>Mon, 30 Nov 2026 08:00:00 +0700</pubDate>
<description>&lt;p&gt;Warga &amp;amp; pemerintah.&lt;/p&gt;</description></item></channel></rss>"#;
        let items = parse_feed(rss).unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].title, "Jembatan baru");
        assert_eq!(items[0].text, "Warga & pemerintah.");
        assert_eq!(
            items[0].url.as_deref(),
            Some("https://kabar.example/a?utm_source=rss")
        );
        assert!(items[0].published_at.is_some());
        assert!(!items[0].full, "a one-line description is a summary");
        let full = br#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Kabar</title>
<item><title>Jembatan</title><link>https://kabar.example/b</link><description>Ringkas.</description>
<content:encoded>&lt;p&gt;Isi lengkap berita.&lt;/p&gt;</content:encoded></item></channel></rss>"#;
        let items = parse_feed(full).unwrap();
        assert!(items[0].full);
        assert_eq!(items[0].text, "Isi lengkap berita.");
    }

    #[test]
    fn entity_declarations_are_refused() {
        let bomb = br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><rss><channel><title>&lol2;</title></channel></rss>"#;
        assert_eq!(parse_feed(bomb), Err(FeedError::Entities));
        assert!(matches!(
            parse_feed(b"<html>no</html>"),
            Err(FeedError::Unreadable(_))
        ));
    }
}
