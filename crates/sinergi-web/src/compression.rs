//! Compression of what we send: brotli and gzip, negotiated from the
//! client's `Accept-Encoding` (q-values honoured).
//!
//! Three paths, so that a response is compressed at most once per bytes:
//! - **Cached public answers** (`public/cache.rs`) are compressed once, when
//!   stored; every encoding sits beside the others in the entry, each with
//!   its own `ETag`, and a hit only picks one ([`variants`], [`negotiate`]).
//! - **Static assets** (`assets.rs`) are compressed once, at start, at the
//!   best quality.
//! - **Everything else** (pages for signed-in people, the API) goes through
//!   tower-http's compression ([`layer`]), which skips what one of the two
//!   paths above already negotiated (they say `Vary: Accept-Encoding`).

use std::io::Write;

use axum::body::Bytes;
use axum::http::header::{ACCEPT_ENCODING, CONTENT_TYPE, VARY};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, Version};
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// Bodies smaller than this are sent as they are: the headers would cost
/// more than compression saves.
const MIN_BYTES: usize = 256;

/// How a body is encoded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The `Content-Encoding` value, none for identity.
    pub fn content_encoding(self) -> Option<HeaderValue> {
        match self {
            Encoding::Identity => None,
            Encoding::Gzip => Some(HeaderValue::from_static("gzip")),
            Encoding::Brotli => Some(HeaderValue::from_static("br")),
        }
    }

    /// What distinguishes this encoding's `ETag` from the identity one's:
    /// different bytes need different strong validators.
    pub fn etag_suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Gzip => "-gz",
            Encoding::Brotli => "-br",
        }
    }

    fn token(self) -> &'static str {
        match self {
            Encoding::Identity => "identity",
            Encoding::Gzip => "gzip",
            Encoding::Brotli => "br",
        }
    }
}

/// How hard to compress: `Stored` for bytes compressed once per cache
/// entry (fast enough for a miss), `Best` for static assets at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    Stored,
    Best,
}

/// The encoding to send, among `offered`, for a request with these
/// headers: the highest q-value wins, brotli before gzip before identity
/// on a tie. No `Accept-Encoding` at all means identity (RFC 9110 allows
/// any, but clients that send none often cannot decode). Identity is the
/// answer when nothing offered is acceptable (we never answer 406).
pub fn negotiate(request: &HeaderMap, offered: &[Encoding]) -> Encoding {
    let mut star = None;
    let mut explicit: Vec<(&str, f32)> = Vec::new();
    let mut any_header = false;
    for value in request.get_all(ACCEPT_ENCODING) {
        any_header = true;
        let Ok(value) = value.to_str() else { continue };
        for coding in value.split(',') {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            if name.is_empty() {
                continue;
            }
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0)
                .clamp(0.0, 1.0);
            if name == "*" {
                star = Some(q);
            } else {
                explicit.push((name, q));
            }
        }
    }
    if !any_header {
        return Encoding::Identity;
    }
    let q_of = |e: Encoding| -> f32 {
        let named = explicit
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(e.token()))
            .map(|(_, q)| *q)
            .reduce(f32::max);
        match (named, e) {
            (Some(q), _) => q,
            // Unnamed identity is acceptable (unless `*;q=0`) but comes
            // after every coding the client named.
            (None, Encoding::Identity) => {
                star.map_or(0.001, |s| if s == 0.0 { 0.0 } else { 0.001 })
            }
            (None, _) => star.unwrap_or(0.0),
        }
    };
    [Encoding::Brotli, Encoding::Gzip, Encoding::Identity]
        .into_iter()
        .filter(|e| *e == Encoding::Identity || offered.contains(e))
        .map(|e| (e, q_of(e)))
        .filter(|(_, q)| *q > 0.0)
        // `max_by` keeps the last of equals: go from least to most preferred.
        .rev()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(Encoding::Identity, |(e, _)| e)
}

/// Whether a body of this `Content-Type` is worth compressing: text,
/// JSON, XML (feeds, sitemaps, SVG), JavaScript, CSV.
pub fn is_compressible(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || essence.ends_with("+json")
        || essence.ends_with("+xml")
        || matches!(
            essence.as_str(),
            "application/json" | "application/xml" | "application/javascript"
        )
}

/// `body` in `encoding`.
pub fn encode(body: &[u8], encoding: Encoding, effort: Effort) -> Bytes {
    match encoding {
        Encoding::Identity => Bytes::copy_from_slice(body),
        Encoding::Gzip => {
            let level = match effort {
                Effort::Stored => flate2::Compression::new(6),
                Effort::Best => flate2::Compression::best(),
            };
            let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), level);
            // Writing to a Vec cannot fail.
            gz.write_all(body).expect("writing to memory");
            Bytes::from(gz.finish().expect("writing to memory"))
        }
        Encoding::Brotli => {
            let quality = match effort {
                Effort::Stored => 6,
                Effort::Best => 11,
            };
            let mut out = Vec::with_capacity(body.len() / 3);
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 16 * 1024, quality, 22);
                w.write_all(body).expect("writing to memory");
            }
            Bytes::from(out)
        }
    }
}

/// The encodings of one body worth keeping side by side: identity always,
/// then brotli and gzip when the type is compressible, the body big
/// enough, and the result smaller.
pub fn variants(headers: &HeaderMap, body: &Bytes, effort: Effort) -> Vec<(Encoding, Bytes)> {
    let mut out = vec![(Encoding::Identity, body.clone())];
    if worth_compressing(headers, body) {
        for e in [Encoding::Brotli, Encoding::Gzip] {
            let encoded = encode(body, e, effort);
            if encoded.len() < body.len() {
                out.push((e, encoded));
            }
        }
    }
    out
}

/// Whether compressing this answer could pay.
pub fn worth_compressing(headers: &HeaderMap, body: &[u8]) -> bool {
    body.len() >= MIN_BYTES
        && headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_compressible)
}

/// Whether a response was negotiated already (it says it varies by
/// `Accept-Encoding`): the layer leaves it alone.
fn negotiated(headers: &HeaderMap) -> bool {
    headers
        .get_all(VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains("accept-encoding"))
}

/// Compression of the responses neither the public cache nor the static
/// assets have negotiated: pages for signed-in people, the API, forms.
/// A modest level: these are compressed on every request.
pub fn layer() -> CompressionLayer<impl Predicate> {
    let not_yet = |_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions| {
        !negotiated(headers)
            && headers
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(is_compressible)
    };
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(4))
        .compress_when(DefaultPredicate::new().and(not_yet))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        h
    }

    const ALL: [Encoding; 3] = [Encoding::Identity, Encoding::Gzip, Encoding::Brotli];

    #[test]
    fn the_highest_q_wins_and_brotli_breaks_ties() {
        use Encoding::*;
        assert_eq!(negotiate(&accept("gzip, deflate, br, zstd"), &ALL), Brotli);
        assert_eq!(negotiate(&accept("gzip, deflate"), &ALL), Gzip);
        assert_eq!(negotiate(&accept("br;q=0.5, gzip;q=0.8"), &ALL), Gzip);
        assert_eq!(negotiate(&accept("br;q=0, gzip"), &ALL), Gzip);
        assert_eq!(negotiate(&accept("gzip;q=0, br;q=0"), &ALL), Identity);
        assert_eq!(negotiate(&accept("identity"), &ALL), Identity);
        assert_eq!(negotiate(&accept("*"), &ALL), Brotli);
        assert_eq!(
            negotiate(&accept("*;q=0.1, identity;q=0.5"), &ALL),
            Identity
        );
        assert_eq!(negotiate(&accept("GZIP;Q=1.0"), &ALL), Gzip);
        assert_eq!(negotiate(&accept(""), &ALL), Identity);
        assert_eq!(negotiate(&HeaderMap::new(), &ALL), Identity);
        // Only what the entry holds is chosen.
        assert_eq!(negotiate(&accept("br, gzip"), &[Identity, Gzip]), Gzip);
        assert_eq!(negotiate(&accept("br"), &[Identity]), Identity);
    }

    #[test]
    fn encoded_bodies_decode_to_the_original() {
        let body = "<p>Siaran pers: banjir di Denpasar surut.</p>\n".repeat(100);
        for effort in [Effort::Stored, Effort::Best] {
            let gz = encode(body.as_bytes(), Encoding::Gzip, effort);
            let mut back = String::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, body);
            let br = encode(body.as_bytes(), Encoding::Brotli, effort);
            let mut back = String::new();
            brotli::Decompressor::new(&br[..], 4096)
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, body);
            assert!(br.len() < body.len() / 10 && gz.len() < body.len() / 10);
        }
    }

    #[test]
    fn only_text_worth_it_is_compressed() {
        let html = |ct: &str| {
            let mut h = HeaderMap::new();
            h.insert(CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
            h
        };
        let big = Bytes::from("a".repeat(1000));
        let kinds = |h: &HeaderMap, b: &Bytes| -> Vec<Encoding> {
            variants(h, b, Effort::Stored)
                .into_iter()
                .map(|(e, _)| e)
                .collect()
        };
        let all = vec![Encoding::Identity, Encoding::Brotli, Encoding::Gzip];
        assert_eq!(kinds(&html("text/html; charset=utf-8"), &big), all);
        assert_eq!(kinds(&html("application/rss+xml"), &big), all);
        assert_eq!(kinds(&html("application/feed+json"), &big), all);
        assert_eq!(kinds(&html("image/png"), &big), vec![Encoding::Identity]);
        assert_eq!(
            kinds(&html("text/html"), &Bytes::from_static(b"small")),
            vec![Encoding::Identity]
        );
    }
}
