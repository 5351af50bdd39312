//! Conditional GET: a strong `ETag` (a hash of the bytes), `Last-Modified`
//! (the newest content time, set by the handler), and 304 Not Modified
//! when the client already holds these bytes.

use axum::http::header::{IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use axum::http::{HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

use super::times::parse_http_date;

/// How long a shared cache or browser may keep a public answer without
/// asking again, at most. Publishing can happen at any moment, so keep it
/// short; [`max_age`] shortens it further before an embargo lifts.
pub const MAX_AGE_SECONDS: i64 = 60;

/// A strong validator: the first 128 bits of the SHA-256 of the bytes.
pub fn etag_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(34);
    s.push('"');
    for b in &digest[..16] {
        s.push_str(&format!("{b:02x}"));
    }
    s.push('"');
    s
}

/// Seconds a copy made at `now` may be kept: never past the next pending
/// `public_at`, so no cache in between hides a lifted embargo longer than
/// the second it lifts at.
pub fn max_age(now: i64, next_lift: Option<i64>) -> i64 {
    match next_lift {
        Some(t) => ((t - now) / 1_000_000).clamp(0, MAX_AGE_SECONDS),
        None => MAX_AGE_SECONDS,
    }
}

/// Whether the request's validators match: `If-None-Match` (weak
/// comparison, as RFC 9110 asks) wins over `If-Modified-Since`.
pub fn not_modified(request: &HeaderMap, etag: &str, last_modified: Option<i64>) -> bool {
    if let Some(inm) = request.get(IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        let bare = etag.trim_start_matches("W/");
        return inm
            .split(',')
            .map(str::trim)
            .any(|t| t == "*" || t.trim_start_matches("W/") == bare);
    }
    match (
        request
            .get(IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_http_date),
        last_modified,
    ) {
        // HTTP dates have whole seconds.
        (Some(since), Some(modified)) => modified / 1_000_000 <= since / 1_000_000,
        _ => false,
    }
}

/// The `Last-Modified` a handler set, in microseconds.
pub fn last_modified_of(headers: &HeaderMap) -> Option<i64> {
    headers
        .get(LAST_MODIFIED)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_http_date)
}

/// `Cache-Control` for a public answer at `now`.
pub fn public_cache_control(now: i64, next_lift: Option<i64>) -> HeaderValue {
    let age = max_age(now, next_lift);
    if age == MAX_AGE_SECONDS {
        // The usual answer, without formatting it on every cache hit.
        return HeaderValue::from_static("public, max-age=60");
    }
    HeaderValue::from_str(&format!("public, max-age={age}"))
        .unwrap_or(HeaderValue::from_static("no-cache"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_never_reaches_past_the_next_lift() {
        let now = 1_000_000_000;
        assert_eq!(max_age(now, None), MAX_AGE_SECONDS);
        assert_eq!(max_age(now, Some(now + 10_500_000)), 10);
        assert_eq!(max_age(now, Some(now + 999_999)), 0);
        assert_eq!(max_age(now, Some(now + 3_600_000_000)), MAX_AGE_SECONDS);
        assert_eq!(
            public_cache_control(now, None),
            format!("public, max-age={MAX_AGE_SECONDS}")
        );
        assert_eq!(
            public_cache_control(now, Some(now + 10_500_000)),
            "public, max-age=10"
        );
    }

    #[test]
    fn validators_match_by_etag_first_then_by_date() {
        let etag = etag_of(b"halo");
        assert_eq!(etag.len(), 34);
        let mut h = HeaderMap::new();
        h.insert(IF_NONE_MATCH, HeaderValue::from_str(&etag).unwrap());
        assert!(not_modified(&h, &etag, None));
        h.insert(IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        h.insert(
            IF_MODIFIED_SINCE,
            HeaderValue::from_static("Sun, 29 Nov 2026 02:00:00 GMT"),
        );
        // A mismatching ETag decides, whatever the date says.
        assert!(!not_modified(&h, &etag, Some(0)));
        h.remove(IF_NONE_MATCH);
        let t = 1_795_917_600_000_000;
        assert!(not_modified(&h, &etag, Some(t + 999_999)));
        assert!(!not_modified(&h, &etag, Some(t + 1_000_000)));
    }
}
