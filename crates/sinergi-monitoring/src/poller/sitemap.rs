//! A news sitemap (sitemaps.org with Google's `news:` extension) as
//! items: each `<url>` gives the address, the title and the publication
//! time; the text comes from the page itself (`page.rs`).
//!
//! Read with quick-xml, which never expands entities: a document with a
//! DOCTYPE (where entities are declared) is refused outright, and any
//! reference other than the five predefined entities and character
//! references is refused too.

use quick_xml::events::Event;

use super::feed::{FeedError, FeedItem, declares_entities};
use crate::text::tidy;

/// At most this many entries are read from one sitemap (Google's limit
/// for a news sitemap is 1,000).
pub const MAX_ENTRIES: usize = 1000;

#[derive(Default)]
struct Entry {
    loc: String,
    title: String,
    published: String,
    lastmod: String,
}

/// The entries of a news sitemap, newest first. A sitemap index is
/// refused with its first child's address (the news sitemap to add).
pub fn parse_sitemap(bytes: &[u8]) -> Result<Vec<FeedItem>, FeedError> {
    if declares_entities(bytes) {
        return Err(FeedError::Entities);
    }
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut current: Option<Entry> = None;
    let mut root: Option<String> = None;
    let mut index_child: Option<String> = None;
    let mut text = String::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| FeedError::Unreadable(e.to_string()))?;
        match event {
            Event::DocType(_) => return Err(FeedError::Entities),
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if root.is_none() {
                    root = Some(name.clone());
                }
                if name == "url" && current.is_none() {
                    current = Some(Entry::default());
                }
                path.push(name);
                text.clear();
            }
            Event::Empty(_) => {}
            Event::Text(t) => text.push_str(
                &t.decode()
                    .map_err(|e| FeedError::Unreadable(e.to_string()))?,
            ),
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                if let Some(c) = r
                    .resolve_char_ref()
                    .map_err(|e| FeedError::Unreadable(e.to_string()))?
                {
                    text.push(c);
                } else {
                    let name = r
                        .decode()
                        .map_err(|e| FeedError::Unreadable(e.to_string()))?;
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => text.push_str(s),
                        None => return Err(FeedError::Entities),
                    }
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or("");
                let value = tidy(&text);
                if let Some(entry) = current.as_mut() {
                    match (name.as_str(), parent) {
                        ("loc", "url") => entry.loc = value,
                        ("lastmod", "url") => entry.lastmod = value,
                        ("title", "news") => entry.title = value,
                        ("publication_date", "news") => entry.published = value,
                        ("url", _) => {
                            if let Some(done) = current.take()
                                && !done.loc.is_empty()
                                && entries.len() < MAX_ENTRIES
                            {
                                entries.push(done);
                            }
                        }
                        _ => {}
                    }
                } else if name == "loc" && parent == "sitemap" && index_child.is_none() {
                    index_child = Some(value);
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    match root.as_deref() {
        Some("urlset") => {}
        Some("sitemapindex") => {
            return Err(FeedError::SitemapIndex(index_child.unwrap_or_default()));
        }
        other => {
            return Err(FeedError::Unreadable(format!(
                "not a sitemap (root element {})",
                other.unwrap_or("missing")
            )));
        }
    }
    let mut items: Vec<FeedItem> = entries
        .into_iter()
        .map(|e| {
            let when = if e.published.is_empty() {
                &e.lastmod
            } else {
                &e.published
            };
            FeedItem {
                id: e.loc.clone(),
                url: Some(e.loc),
                title: e.title,
                author: String::new(),
                published_at: parse_w3c_time(when),
                text: String::new(),
                full: false,
            }
        })
        .collect();
    items.sort_by_key(|i| std::cmp::Reverse(i.published_at));
    Ok(items)
}

/// A W3C datetime as sitemaps write it: a full RFC 3339 time, or a date.
fn parse_w3c_time(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t.as_microsecond());
    }
    s.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
        .map(|z| z.timestamp().as_microsecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEWS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://kabar.example/berita/1?utm_source=sm</loc>
    <news:news><news:publication><news:name>Kabar</news:name><news:language>id</news:language></news:publication>
      <news:publication_date>2026-12-01T08:00:00+07:00</news:publication_date>
      <news:title>Jembatan &amp; jalan desa &#8212; selesai</news:title></news:news></url>
  <url><loc><![CDATA[https://kabar.example/berita/2]]></loc><lastmod>2026-12-02</lastmod></url>
  <url><news:news><news:title>no address</news:title></news:news></url>
</urlset>"#;

    #[test]
    fn news_entries_are_read_newest_first() {
        let items = parse_sitemap(NEWS).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0].url.as_deref(),
            Some("https://kabar.example/berita/2")
        );
        assert_eq!(items[1].title, "Jembatan & jalan desa — selesai");
        assert_eq!(
            items[1].published_at,
            Some(
                "2026-12-01T01:00:00Z"
                    .parse::<jiff::Timestamp>()
                    .unwrap()
                    .as_microsecond()
            )
        );
        assert!(items.iter().all(|i| !i.full && i.text.is_empty()));
    }

    #[test]
    fn doctypes_entities_and_indexes_are_refused() {
        let bomb = br#"<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><urlset><url><loc>&b;</loc></url></urlset>"#;
        assert_eq!(parse_sitemap(bomb), Err(FeedError::Entities));
        let external = br#"<?xml version="1.0"?><!DOCTYPE urlset SYSTEM "http://evil.example/x.dtd"><urlset/>"#;
        assert_eq!(parse_sitemap(external), Err(FeedError::Entities));
        let undeclared = br#"<urlset><url><loc>&evil;</loc></url></urlset>"#;
        assert_eq!(parse_sitemap(undeclared), Err(FeedError::Entities));
        let index = br#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://kabar.example/news.xml</loc></sitemap></sitemapindex>"#;
        assert_eq!(
            parse_sitemap(index),
            Err(FeedError::SitemapIndex(
                "https://kabar.example/news.xml".into()
            ))
        );
        assert!(matches!(
            parse_sitemap(b"<rss/>"),
            Err(FeedError::Unreadable(_))
        ));
    }
}
