//! Articles from JSON Lines (`sinergi monitor import`): one object a
//! line, `{"id", "text", "title"?, "url"?, "outlet"?, "published_at"?}`,
//! as `sinergi monitor eval` reads them (other fields ignored).
//! `published_at` is RFC 3339 text or Unix seconds; without it, the
//! import's time. An article is known by its canonical URL, else by its
//! id, so importing a file twice adds nothing.

use serde::Deserialize;
use serde_json::Value;
use sinergi_store::monitor::NewArticle;

use crate::text::{canonical_url, simhash, text_hash, tidy};

#[derive(Deserialize)]
struct Line {
    id: Value,
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    published_at: Option<Value>,
    #[serde(default)]
    author: Option<String>,
}

/// Reads one line; `now` stands in for a missing date. The error says
/// what is wrong, for "FILE:LINE: ..." messages.
pub fn parse_line(line: &str, now: i64) -> Result<NewArticle, String> {
    let l: Line = serde_json::from_str(line)
        .map_err(|e| format!("not a JSON object with id and text: {e}"))?;
    let id = match &l.id {
        Value::String(s) if !s.is_empty() => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return Err("id must be a non-empty string or a number".to_owned()),
    };
    let body = tidy(&l.text);
    if body.is_empty() {
        return Err("text is empty".to_owned());
    }
    let published_at = match &l.published_at {
        None | Some(Value::Null) => now,
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(|s| s.checked_mul(1_000_000))
            .ok_or("published_at: Unix seconds out of range")?,
        Some(Value::String(s)) => parse_time(s).ok_or_else(|| {
            format!("published_at {s:?} is not RFC 3339 (2026-12-01T08:00:00+07:00)")
        })?,
        Some(_) => return Err("published_at must be RFC 3339 text or Unix seconds".to_owned()),
    };
    let canonical = l.url.as_deref().and_then(canonical_url);
    let outlet = l
        .outlet
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty())
        .or_else(|| {
            canonical
                .as_deref()
                .and_then(|u| url::Url::parse(u).ok())
                .and_then(|u| {
                    u.host_str()
                        .map(|h| h.trim_start_matches("www.").to_owned())
                })
        })
        .unwrap_or_else(|| "—".to_owned());
    Ok(NewArticle {
        key: canonical.clone().unwrap_or_else(|| format!("import:{id}")),
        source_id: None,
        outlet,
        url: canonical.clone(),
        title: l.title.map(|t| tidy(&t)).unwrap_or_default(),
        author: l.author.unwrap_or_default(),
        published_at,
        text_hash: text_hash(&body),
        simhash: simhash(&body),
        canonical_url: canonical,
        text_from: "import".to_owned(),
        body,
    })
}

/// Microseconds since the epoch of an RFC 3339 time.
pub fn parse_time(s: &str) -> Option<i64> {
    s.trim()
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_microsecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_articles() {
        let a = parse_line(
            r#"{"id": 7, "text": "Isi  berita.\n\nParagraf dua.", "title": "Judul", "url": "https://www.kabar.example/a?utm_source=x", "published_at": "2026-12-01T08:00:00+07:00", "extra": 1}"#,
            5,
        )
        .expect("valid");
        assert_eq!(a.key, "https://www.kabar.example/a");
        assert_eq!(a.outlet, "kabar.example");
        assert_eq!(a.body, "Isi berita.\nParagraf dua.");
        assert_eq!(a.published_at, 1_796_086_800_000_000);
        let b = parse_line(r#"{"id": "x1", "text": "Teks."}"#, 5).expect("valid");
        assert_eq!((b.key.as_str(), b.published_at), ("import:x1", 5));
        assert!(parse_line(r#"{"id": 1, "text": " "}"#, 5).is_err());
        assert!(parse_line(r#"{"text": "a"}"#, 5).is_err());
        assert!(parse_line(r#"{"id": 1, "text": "a", "published_at": "kemarin"}"#, 5).is_err());
    }
}
