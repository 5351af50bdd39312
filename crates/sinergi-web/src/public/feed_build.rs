//! One feed, three formats: RSS 2.0 (the `rss` crate), Atom 1.0
//! (`atom_syndication`) and JSON Feed 1.1 (serde). Callers describe the feed
//! and its entries once; [`build_feed`] writes the bytes. Unit, subtree and
//! tag feeds use it, and so can a campaign feed later.

use serde::Serialize;
use sinergi_domain::Zone;

use super::times::{rfc822, rfc3339};
use super::xml::without_forbidden_chars;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    Rss,
    Atom,
    Json,
}

impl FeedFormat {
    /// By the address's extension.
    pub fn from_extension(ext: &str) -> Option<FeedFormat> {
        match ext {
            "rss" => Some(FeedFormat::Rss),
            "atom" => Some(FeedFormat::Atom),
            "json" => Some(FeedFormat::Json),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FeedFormat::Rss => "rss",
            FeedFormat::Atom => "atom",
            FeedFormat::Json => "json",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml; charset=utf-8",
            FeedFormat::Atom => "application/atom+xml; charset=utf-8",
            FeedFormat::Json => "application/feed+json; charset=utf-8",
        }
    }
}

/// What a feed is about.
#[derive(Debug, Clone)]
pub struct FeedMeta {
    pub title: String,
    pub description: String,
    /// The page the feed follows (absolute).
    pub home_url: String,
    /// This feed's own address (absolute), in the format being written.
    pub feed_url: String,
    /// `id` or `en`.
    pub language: String,
    /// The zone the feed's own times are written in.
    pub zone: Zone,
    /// The newest content time (publication or correction) in the feed.
    pub updated: i64,
    /// Who publishes it (a unit's name, or the site's).
    pub author: String,
}

/// The release an amplification carries, credited in every format.
#[derive(Debug, Clone)]
pub struct OriginalRef {
    pub url: String,
    pub unit_name: String,
}

/// One entry, newest first in the list given to [`build_feed`].
#[derive(Debug, Clone)]
pub struct FeedEntry {
    /// A stable id (absolute URL that keeps working if the slug changes).
    pub id: String,
    /// The entry's page (absolute).
    pub url: String,
    pub title: String,
    /// Plain text: the lead, and for an amplification its credit line.
    pub summary: String,
    pub published: i64,
    /// Later than `published` once corrected.
    pub updated: i64,
    /// The publishing unit's zone.
    pub zone: Zone,
    pub author: String,
    pub tags: Vec<String>,
    /// `id` or `en`, when known.
    pub language: Option<String>,
    pub original: Option<OriginalRef>,
}

/// The feed's bytes in `format`.
pub fn build_feed(meta: &FeedMeta, entries: &[FeedEntry], format: FeedFormat) -> Vec<u8> {
    match format {
        FeedFormat::Rss => rss_bytes(meta, entries),
        FeedFormat::Atom => atom_bytes(meta, entries),
        FeedFormat::Json => json_bytes(meta, entries),
    }
}

fn rss_bytes(meta: &FeedMeta, entries: &[FeedEntry]) -> Vec<u8> {
    let items = entries
        .iter()
        .map(|e| rss::Item {
            title: Some(e.title.clone()),
            link: Some(e.url.clone()),
            // Readers take an RSS description as HTML: plain text goes in
            // escaped, so a lead that looks like markup stays text.
            description: Some(html_escape(&e.summary)),
            guid: Some(rss::Guid {
                value: e.id.clone(),
                permalink: true,
            }),
            pub_date: Some(rfc822(e.published, e.zone)),
            categories: e
                .tags
                .iter()
                .map(|t| rss::Category {
                    name: t.clone(),
                    domain: None,
                })
                .collect(),
            // RSS's own way to credit where an item came from.
            source: e.original.as_ref().map(|o| rss::Source {
                url: o.url.clone(),
                title: Some(o.unit_name.clone()),
            }),
            ..Default::default()
        })
        .collect();
    let channel = rss::Channel {
        title: meta.title.clone(),
        link: meta.home_url.clone(),
        description: html_escape(&meta.description),
        language: Some(meta.language.clone()),
        last_build_date: Some(rfc822(meta.updated, meta.zone)),
        pub_date: Some(rfc822(meta.updated, meta.zone)),
        generator: Some("Sinergi".to_owned()),
        ttl: Some("5".to_owned()),
        items,
        ..Default::default()
    };
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = channel.pretty_write_to(&mut out, b' ', 1);
    without_forbidden_chars(out)
}

fn atom_time(micros: i64, zone: Zone) -> atom_syndication::FixedDateTime {
    atom_syndication::FixedDateTime::parse_from_rfc3339(&rfc3339(micros, zone))
        .expect("rfc3339 writes what it parses")
}

fn atom_link(href: &str, rel: &str, mime: Option<&str>) -> atom_syndication::Link {
    atom_syndication::Link {
        href: href.to_owned(),
        rel: rel.to_owned(),
        mime_type: mime.map(str::to_owned),
        ..Default::default()
    }
}

fn atom_bytes(meta: &FeedMeta, entries: &[FeedEntry]) -> Vec<u8> {
    use atom_syndication::{Category, Entry, Feed, Person, Text};
    let person = |name: &str| Person {
        name: name.to_owned(),
        ..Default::default()
    };
    let entries = entries
        .iter()
        .map(|e| {
            let mut links = vec![atom_link(&e.url, "alternate", Some("text/html"))];
            if let Some(o) = &e.original {
                // "via": where the information came from (RFC 4287 4.2.7.2).
                links.push(atom_link(&o.url, "via", Some("text/html")));
            }
            Entry {
                title: Text::plain(e.title.clone()),
                id: e.id.clone(),
                updated: atom_time(e.updated, e.zone),
                published: Some(atom_time(e.published, e.zone)),
                authors: vec![person(&e.author)],
                contributors: e.original.iter().map(|o| person(&o.unit_name)).collect(),
                summary: Some(Text::plain(e.summary.clone())),
                links,
                categories: e
                    .tags
                    .iter()
                    .map(|t| Category {
                        term: t.clone(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        title: Text::plain(meta.title.clone()),
        id: meta.feed_url.clone(),
        updated: atom_time(meta.updated, meta.zone),
        authors: vec![person(&meta.author)],
        subtitle: Some(Text::plain(meta.description.clone())),
        lang: Some(meta.language.clone()),
        links: vec![
            atom_link(&meta.feed_url, "self", Some("application/atom+xml")),
            atom_link(&meta.home_url, "alternate", Some("text/html")),
        ],
        generator: Some(atom_syndication::Generator {
            value: "Sinergi".to_owned(),
            ..Default::default()
        }),
        entries,
        ..Default::default()
    };
    let mut out = Vec::new();
    let _ = feed.write_with_config(
        &mut out,
        atom_syndication::WriteConfig {
            write_document_declaration: true,
            indent_size: Some(1),
        },
    );
    without_forbidden_chars(out)
}

/// Plain text as HTML text: `&`, `<`, `>` and quotes as references.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>).
#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    description: &'a str,
    language: &'a str,
    authors: Vec<JsonAuthor<'a>>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    /// For an amplification: the original it carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    external_url: Option<&'a str>,
    title: &'a str,
    content_text: &'a str,
    summary: &'a str,
    date_published: String,
    date_modified: String,
    authors: Vec<JsonAuthor<'a>>,
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
}

fn json_bytes(meta: &FeedMeta, entries: &[FeedEntry]) -> Vec<u8> {
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &meta.title,
        home_page_url: &meta.home_url,
        feed_url: &meta.feed_url,
        description: &meta.description,
        language: &meta.language,
        authors: vec![JsonAuthor { name: &meta.author }],
        items: entries
            .iter()
            .map(|e| JsonItem {
                id: &e.id,
                url: &e.url,
                external_url: e.original.as_ref().map(|o| o.url.as_str()),
                title: &e.title,
                content_text: &e.summary,
                summary: &e.summary,
                date_published: rfc3339(e.published, e.zone),
                date_modified: rfc3339(e.updated, e.zone),
                authors: vec![JsonAuthor { name: &e.author }],
                tags: &e.tags,
                language: e.language.as_deref(),
            })
            .collect(),
    };
    serde_json::to_vec_pretty(&feed).expect("a feed serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (FeedMeta, Vec<FeedEntry>) {
        let meta = FeedMeta {
            title: "Kota Denpasar <Siaran>".into(),
            description: "Siaran pers".into(),
            home_url: "https://sinergi.example/press/51.71".into(),
            feed_url: "https://sinergi.example/feeds/unit/51.71.atom".into(),
            language: "id".into(),
            zone: Zone::Wita,
            updated: 1_795_917_600_000_000,
            author: "Kota Denpasar".into(),
        };
        let entry = FeedEntry {
            id: "https://sinergi.example/releases/7".into(),
            url: "https://sinergi.example/releases/7-banjir".into(),
            title: "Banjir & longsor".into(),
            summary: "Ringkasan".into(),
            published: 1_795_917_600_000_000,
            updated: 1_795_917_600_000_000,
            zone: Zone::Wita,
            author: "Kota Denpasar".into(),
            tags: vec!["banjir".into()],
            language: Some("id".into()),
            original: Some(OriginalRef {
                url: "https://sinergi.example/releases/3-asal".into(),
                unit_name: "Provinsi Bali".into(),
            }),
        };
        (meta, vec![entry])
    }

    #[test]
    fn every_format_carries_the_entry_with_its_offset_and_credit() {
        let (meta, entries) = sample();
        let rss = String::from_utf8(build_feed(&meta, &entries, FeedFormat::Rss)).unwrap();
        assert!(rss.contains("<pubDate>Sun, 29 Nov 2026 10:00:00 +0800</pubDate>"));
        assert!(rss.contains("Banjir &amp; longsor"));
        assert!(rss.contains("<source url=\"https://sinergi.example/releases/3-asal\">"));
        let atom = String::from_utf8(build_feed(&meta, &entries, FeedFormat::Atom)).unwrap();
        assert!(atom.contains("<published>2026-11-29T10:00:00+08:00</published>"));
        assert!(atom.contains("rel=\"via\""));
        assert!(atom.contains("Kota Denpasar &lt;Siaran&gt;"));
        let json: serde_json::Value =
            serde_json::from_slice(&build_feed(&meta, &entries, FeedFormat::Json)).unwrap();
        assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(
            json["items"][0]["date_published"],
            "2026-11-29T10:00:00+08:00"
        );
        assert_eq!(
            json["items"][0]["external_url"],
            "https://sinergi.example/releases/3-asal"
        );
    }

    /// RSS readers render `<description>` as HTML: a lead that looks like
    /// markup must arrive as text, and no control character may break the
    /// document.
    #[test]
    fn plain_text_stays_text_and_control_characters_never_break_a_feed() {
        let (meta, mut entries) = sample();
        entries[0].summary = "Hasil </p><svg onload=alert(1)> & \"kutipan\"".into();
        entries[0].title = "Ju\u{0}dul\u{b}\u{1b} \u{ffff}baru".into();
        for format in [FeedFormat::Rss, FeedFormat::Atom] {
            let bytes = build_feed(&meta, &entries, format);
            let text = String::from_utf8(bytes.clone()).unwrap();
            roxmltree::Document::parse(&text).expect("well-formed XML");
            let feed = feed_rs::parser::parse(&bytes[..]).expect("a feed reader reads it");
            let entry = &feed.entries[0];
            assert_eq!(
                entry.title.as_ref().unwrap().content,
                "Judul baru",
                "{format:?}"
            );
            let summary = entry.summary.as_ref().unwrap();
            // What a reader shows once it has taken the text as HTML.
            let html = summary.content_type.essence().to_string() == "text/html";
            if html {
                assert!(
                    !summary.content.contains("<svg"),
                    "{format:?}: {}",
                    summary.content
                );
            }
            let shown = if html {
                summary
                    .content
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&")
            } else {
                summary.content.clone()
            };
            assert_eq!(
                shown, "Hasil </p><svg onload=alert(1)> & \"kutipan\"",
                "{format:?}"
            );
        }
    }
}
