//! What a public release page tells crawlers and share previews: Open
//! Graph and Twitter card tags, a schema.org `NewsArticle` in JSON-LD,
//! the canonical address (the original, for an amplification) and plain
//! share links. Built only for a release the public reads now; any other
//! view (embargoed, internal work, a withdrawal notice) gets `noindex`
//! and none of this.

use serde_json::{Value, json};
use sinergi_domain::Zone;
use sinergi_newsroom::ReleaseView;

use crate::i18n::Tr;
use crate::pages::view::encode_component;

/// The head tags and share links of a public release.
pub struct ReleaseMeta {
    /// The absolute address search engines should index.
    pub canonical: String,
    /// The absolute address of this page.
    pub url: String,
    /// `<meta property=… content=…>` pairs (Open Graph).
    pub og: Vec<(&'static str, String)>,
    /// `<meta name=… content=…>` pairs (Twitter card).
    pub twitter: Vec<(&'static str, String)>,
    /// The JSON-LD, safe to place inside `<script type="application/ld+json">`.
    pub json_ld: String,
    /// Share links: (label, href), no scripts, no requests until clicked.
    pub share: Vec<(String, String)>,
}

/// An instant as RFC 3339 in the unit's zone ("2026-06-04T09:00:00+08:00").
pub fn rfc3339(micros: i64, zone: Zone) -> String {
    let Ok(ts) = jiff::Timestamp::from_microsecond(micros) else {
        return String::new();
    };
    let hours = zone.utc_offset_hours();
    let dt = jiff::tz::Offset::constant(hours).to_datetime(ts);
    format!("{}{:+03}:00", dt.strftime("%Y-%m-%dT%H:%M:%S"), hours)
}

/// JSON for a `<script>` block: `<`, `>` and `&` (and the two line
/// separators JavaScript once choked on) become `\u` escapes, which JSON
/// reads as the same characters, so no text can close the block.
pub fn script_safe_json(value: &Value) -> String {
    let raw = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned());
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters, cut at a word where possible.
fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

/// What the release page needs besides its text. `base` is the site's
/// address without a trailing slash; `original_public` is the original's
/// page address when this release amplifies one the public reads.
pub fn release_meta(
    tr: &Tr,
    base: &str,
    view: &ReleaseView,
    href: &str,
    original_public: Option<&str>,
) -> ReleaseMeta {
    let r = &view.release;
    let zone = Zone::of_unit(&r.unit_code);
    let url = format!("{base}{href}");
    let canonical = original_public.map_or_else(|| url.clone(), |o| format!("{base}{o}"));
    let description = shorten(&r.lead, 300);
    let published = r.public_at.map(|t| rfc3339(t, zone)).unwrap_or_default();
    let modified = rfc3339(r.updated_at.max(r.public_at.unwrap_or(0)), zone);
    let image = view
        .media
        .iter()
        .find(|m| m.kind.is_image())
        .map(|m| (format!("{base}/media/{}", m.id), m.alt.clone()));
    let locale = if r.language == "en" { "en_US" } else { "id_ID" };
    let press_url = format!("{base}/press/{}", r.unit_code);

    let mut og = vec![
        ("og:type", "article".to_owned()),
        ("og:site_name", "Sinergi".to_owned()),
        ("og:title", r.title.clone()),
        ("og:description", description.clone()),
        ("og:url", canonical.clone()),
        ("og:locale", locale.to_owned()),
        ("article:published_time", published.clone()),
        ("article:modified_time", modified.clone()),
        ("article:author", press_url.clone()),
    ];
    og.extend(r.tags.iter().map(|t| ("article:tag", t.clone())));
    let mut twitter = vec![
        (
            "twitter:card",
            if image.is_some() {
                "summary_large_image"
            } else {
                "summary"
            }
            .to_owned(),
        ),
        ("twitter:title", r.title.clone()),
        ("twitter:description", description.clone()),
    ];
    if let Some((src, alt)) = &image {
        og.push(("og:image", src.clone()));
        if !alt.is_empty() {
            og.push(("og:image:alt", alt.clone()));
        }
        twitter.push(("twitter:image", src.clone()));
    }

    let unit = json!({
        "@type": "GovernmentOrganization",
        "name": r.unit_name,
        "url": press_url,
    });
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": shorten(&r.title, 110),
        "name": r.title,
        "description": description,
        "datePublished": published,
        "dateModified": modified,
        "author": unit,
        "publisher": unit,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": url,
        "inLanguage": r.language,
    });
    if !r.tags.is_empty() {
        article["keywords"] = json!(r.tags.join(", "));
    }
    if let Some((src, _)) = &image {
        article["image"] = json!([src]);
    }
    if let Some(o) = original_public {
        let original = format!("{base}{o}");
        article["isBasedOn"] = json!(original);
        article["citation"] = json!(original);
    }

    let text = encode_component(&r.title);
    let u = encode_component(&canonical);
    let share = vec![
        (
            "WhatsApp".to_owned(),
            format!("https://wa.me/?text={text}%20{u}"),
        ),
        (
            "X".to_owned(),
            format!("https://x.com/intent/post?text={text}&url={u}"),
        ),
        (
            "Facebook".to_owned(),
            format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        ),
        (
            "Telegram".to_owned(),
            format!("https://t.me/share/url?url={u}&text={text}"),
        ),
        (
            tr.t("press-share-email"),
            format!("mailto:?subject={text}&body={u}"),
        ),
    ];
    ReleaseMeta {
        canonical,
        url,
        og,
        twitter,
        json_ld: script_safe_json(&article),
        share,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script_block() {
        let v = json!({"headline": "Banjir </script><script>alert(1)</script> & <!-- x"});
        let s = script_safe_json(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v, "the escapes read back as the same text");
    }

    #[test]
    fn times_carry_the_unit_zone() {
        // 2026-06-04 01:00 UTC is 09:00 in Bali (WITA).
        let t = 1_780_534_800_000_000;
        assert_eq!(rfc3339(t, Zone::Wita), "2026-06-04T09:00:00+08:00");
        assert_eq!(rfc3339(t, Zone::Wib), "2026-06-04T08:00:00+07:00");
    }

    fn view_with_image() -> ReleaseView {
        use sinergi_domain::UnitCode;
        use sinergi_domain::newsroom::ReleaseState;
        use sinergi_newsroom::AccessLevel;
        use sinergi_store::newsroom::{MediaRecord, ReleaseRecord};
        let t = 1_780_534_800_000_000;
        ReleaseView {
            release: ReleaseRecord {
                id: sinergi_domain::ReleaseId::new(7),
                unit_code: UnitCode::parse("51.71").unwrap(),
                unit_name: "Kota Denpasar".into(),
                slug: "pantai-bersih".into(),
                language: "en".into(),
                state: ReleaseState::Released,
                title: "Clean beaches".into(),
                lead: "Volunteers cleaned Sanur.".into(),
                body_md: String::new(),
                body_html: String::new(),
                tags: vec!["lingkungan".into()],
                version: 1,
                public_at: Some(t),
                embargo: false,
                amplifies_id: None,
                created_by: None,
                created_at: t,
                updated_at: t,
                approved_by: None,
                approved_at: None,
                withdrawn_at: None,
                withdrawal_note: None,
                corrections: 0,
                press_number: None,
            },
            access: AccessLevel::Public,
            status: sinergi_newsroom::ReleaseStatus::Published,
            public_now: true,
            items: vec![],
            media: vec![MediaRecord {
                id: 12,
                unit_code: "51.71".into(),
                sha256: String::new(),
                thumb_sha256: None,
                kind: sinergi_domain::newsroom::MediaKind::Image,
                mime: "image/jpeg".into(),
                extension: "jpg".into(),
                bytes: 1,
                width: Some(800),
                height: Some(600),
                original_name: "pantai.jpg".into(),
                created_at: t,
                alt: "Volunteers on the beach".into(),
            }],
            original: None,
            amplifications: vec![],
            corrections: vec![],
            comments: vec![],
            events: vec![],
            revisions: vec![],
            allowed: vec![],
        }
    }

    #[test]
    fn the_first_image_is_absolute_in_every_format() {
        let view = view_with_image();
        let base = "https://sinergi.example";
        let m = release_meta(
            &Tr::new(crate::i18n::Lang::En),
            base,
            &view,
            "/releases/7-pantai-bersih",
            None,
        );
        let og = |k: &str| m.og.iter().find(|(p, _)| *p == k).map(|(_, c)| c.clone());
        assert_eq!(
            og("og:image").as_deref(),
            Some("https://sinergi.example/media/12")
        );
        assert_eq!(
            og("og:image:alt").as_deref(),
            Some("Volunteers on the beach")
        );
        assert_eq!(og("og:locale").as_deref(), Some("en_US"));
        assert!(
            m.twitter
                .contains(&("twitter:card", "summary_large_image".to_owned()))
        );
        let ld: Value = serde_json::from_str(&m.json_ld).unwrap();
        assert_eq!(ld["image"], json!(["https://sinergi.example/media/12"]));
        assert_eq!(ld["inLanguage"], "en");
        assert_eq!(ld["keywords"], "lingkungan");
        assert_eq!(
            m.canonical,
            "https://sinergi.example/releases/7-pantai-bersih"
        );
        let amplified = release_meta(
            &Tr::new(crate::i18n::Lang::En),
            base,
            &view,
            "/releases/7-pantai-bersih",
            Some("/releases/3-asal"),
        );
        assert_eq!(
            amplified.canonical,
            "https://sinergi.example/releases/3-asal"
        );
    }

    #[test]
    fn long_leads_are_cut_at_a_word() {
        assert_eq!(shorten("satu dua tiga", 20), "satu dua tiga");
        assert_eq!(shorten("satu dua tiga empat", 12), "satu dua…");
    }
}
