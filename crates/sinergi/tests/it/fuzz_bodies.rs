//! What each fuzz target checks, written once: `fuzz/fuzz_targets/*.rs`
//! include this file (by `#[path]`) and feed it libFuzzer's inputs, and the
//! test suite (`fuzz_regressions.rs`) feeds it every input kept in
//! `fuzz/regressions/<target>/`, so a crash once found stays a test.
//! Each body panics on a broken promise, not only on a crash.

use std::sync::LazyLock;

use sinergi_domain::UnitCode;
use sinergi_domain::region_data::{RegionFiles, parse_region_files};
use sinergi_text::Analyzer;

/// One target's checks, fed one input.
pub type Body = fn(&[u8]);

/// Every target, by the name of its folder and binary.
pub const TARGETS: [(&str, Body); 8] = [
    ("markdown", markdown),
    ("upload", upload),
    ("region_csv", region_csv),
    ("search_query", search_query),
    ("unit_code", unit_code),
    ("feed", feed),
    ("fetch_address", fetch_address),
    ("article_line", article_line),
];

/// Markdown → HTML never lets script through, whatever the text.
pub fn markdown(data: &[u8]) {
    let Ok(md) = std::str::from_utf8(data) else {
        return;
    };
    let html = sinergi_media::render_markdown(md).to_ascii_lowercase();
    // Inside tags only: escaped text (`&lt;x onerror=…&gt;` in a code
    // block, "javascript:" in a sentence) is harmless and stays.
    for tag in html
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap_or(t))
    {
        assert!(!tag.starts_with("script"), "script survived: {html}");
        assert!(!tag.contains("javascript:"), "javascript: survived: {html}");
        for attr in tag.split_whitespace().skip(1) {
            assert!(
                !(attr.starts_with("on") && attr.contains('=')),
                "event handler survived: {html}"
            );
        }
    }
    let excerpt = sinergi_media::excerpt(md, 80);
    assert!(excerpt.chars().count() <= 81, "excerpt too long: {excerpt}");
    let _ = sinergi_media::plain_text(md);
}

/// An upload is accepted or refused, never a panic, and what is accepted is
/// what it claims to be.
pub fn upload(data: &[u8]) {
    let limits = sinergi_media::UploadLimits {
        max_image_memory: 16 << 20,
        ..Default::default()
    };
    for (name, declared) in [
        ("a.jpg", "image/jpeg"),
        ("a.png", "image/png"),
        ("a.pdf", "application/pdf"),
    ] {
        if let Ok(p) = sinergi_media::process(data, name, declared, &limits) {
            assert_eq!(p.sha256, sinergi_media::sha256_hex(&p.bytes));
            if p.kind == sinergi_media::Kind::Image {
                assert!(p.width.is_some_and(|w| w > 0) && p.height.is_some_and(|h| h > 0));
            }
        }
    }
}

/// The region list reader: an error names a place, a success holds only
/// codes that parse again and parents that exist.
pub fn region_csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Four files cut from one input at form feeds.
    let mut parts = text.splitn(4, '\u{c}');
    let mut next = || parts.next().unwrap_or("");
    let (p, r, d, v) = (next(), next(), next(), next());
    let files = RegionFiles {
        provinces: ("provinces.csv", p),
        regencies: ("regencies.csv", r),
        districts: ("districts.csv", d),
        villages: ("villages.csv", v),
    };
    if let Ok(records) = parse_region_files(&files) {
        for r in &records {
            assert_eq!(UnitCode::parse(r.code.as_str()).as_ref(), Ok(&r.code));
            assert!(!r.name.trim().is_empty());
        }
    }
}

static ANALYZER: LazyLock<Analyzer> = LazyLock::new(Analyzer::default);

/// The search query parser takes any text a person can type.
pub fn search_query(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = sinergi_search::query::parse_text(&ANALYZER, text);
}

/// A unit code that parses prints as itself and parses again to the same.
pub fn unit_code(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(code) = UnitCode::parse(text) {
        let again = UnitCode::parse(code.as_str());
        assert_eq!(again.as_ref(), Ok(&code), "{text:?} → {code}");
        let _ = code.level();
        if let Some(parent) = code.parent() {
            assert!(
                UnitCode::parse(parent.as_str()).is_ok(),
                "{code}'s parent {parent} does not parse"
            );
        }
    }
}

/// A fetched feed is read or refused, never a panic (nor a hang: libFuzzer
/// reports slow inputs); a document declaring entities is always refused.
pub fn feed(data: &[u8]) {
    use sinergi_monitoring::poller::{FeedError, parse_feed};
    let declares = {
        let head = String::from_utf8_lossy(&data[..data.len().min(64 * 1024)]).to_ascii_uppercase();
        head.contains("<!ENTITY")
    };
    match parse_feed(data) {
        Ok(items) => {
            assert!(!declares, "a feed declaring entities was read");
            for item in items {
                assert_eq!(item.title.trim(), item.title, "titles are tidied");
            }
        }
        Err(FeedError::Entities) => {}
        Err(FeedError::Unreadable(why) | FeedError::SitemapIndex(why)) => assert!(!why.is_empty()),
    }
}

/// An address the poller would request is never one the standard library
/// calls loopback, private, link-local, unspecified, multicast or
/// broadcast, in whatever form the URL writes it (decimal, octal, hex,
/// IPv4-mapped IPv6): a second opinion on the poller's own table.
pub fn fetch_address(data: &[u8]) {
    use std::net::IpAddr;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // As a URL, and as a bare host (`http://HOST/`).
    let candidates = [text.to_owned(), format!("http://{text}/")];
    let policy = sinergi_monitoring::poller::AddressPolicy::new(&[]);
    for raw in candidates {
        let Ok(url) = url::Url::parse(&raw) else {
            continue;
        };
        if policy.check_url(&url).is_err() {
            continue;
        }
        assert!(matches!(url.scheme(), "http" | "https"), "{url}");
        let ip = match url.host() {
            Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(url::Host::Ipv6(v6)) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
            _ => continue,
        };
        let refused = match ip {
            IpAddr::V4(v4) => {
                v4.is_loopback()
                    || v4.is_private()
                    || v4.is_link_local()
                    || v4.is_unspecified()
                    || v4.is_multicast()
                    || v4.is_broadcast()
                    || v4.is_documentation()
            }
            IpAddr::V6(v6) => {
                v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || v6.is_unicast_link_local()
                    || v6.is_unique_local()
            }
        };
        assert!(!refused, "{raw} reaches {ip}");
    }
}

/// A line of `sinergi monitor import` is an article or a reason, never a
/// panic; an article has text, and an address only when it parses.
pub fn article_line(data: &[u8]) {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    match sinergi_monitoring::import::parse_line(line, 1_780_000_000_000_000) {
        Ok(a) => {
            assert!(!a.body.trim().is_empty());
            assert!(!a.key.is_empty());
            if let Some(u) = &a.url {
                assert!(url::Url::parse(u).is_ok(), "{u}");
            }
        }
        Err(why) => assert!(!why.is_empty()),
    }
}
