//! Static assets, embedded in the binary and served under a name that
//! carries a hash of their content, so they can be cached for a year and
//! a new release never serves a stale stylesheet or script.
//!
//! Each asset is compressed once, at start, at the best quality (brotli 11,
//! gzip 9; `compress_all`), and each request gets the encoding its
//! `Accept-Encoding` prefers: pages stay light on slow connections without
//! compressing on every request. Vendored htmx comes with a gzip copy made
//! by its authors, used as the gzip encoding as it is. Provenance and
//! licences are in `static/vendor/PROVENANCE.md`.

use std::sync::LazyLock;

use axum::Router;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::compression::{self, Effort, Encoding};

struct Asset {
    /// The name pages link to, e.g. `sinergi-3f2a9c1e.css`.
    versioned: String,
    content_type: &'static str,
    body: &'static [u8],
    /// The same bytes, gzip-compressed, when we ship them.
    gzip: Option<&'static [u8]>,
}

fn asset(stem: &str, ext: &str, content_type: &'static str, body: &'static [u8]) -> Asset {
    Asset {
        versioned: format!("{stem}-{:08x}.{ext}", fnv1a(body)),
        content_type,
        body,
        gzip: None,
    }
}

const CSS: usize = 0;
const HTMX: usize = 1;
const APP_JS: usize = 2;
const EMBED_CSS: usize = 3;

/// The widget loader, served at the fixed address `/widget.js` that other
/// sites paste (so it is not content-hashed; see `press/embed.rs`).
pub const WIDGET_JS: &[u8] = include_bytes!("../static/widget.js");

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    vec![
        asset(
            "sinergi",
            "css",
            "text/css; charset=utf-8",
            include_bytes!("../static/sinergi.css"),
        ),
        Asset {
            gzip: Some(include_bytes!("../static/vendor/htmx-2.0.11.min.js.gz")),
            ..asset(
                "htmx-2.0.11",
                "js",
                "text/javascript; charset=utf-8",
                include_bytes!("../static/vendor/htmx-2.0.11.min.js"),
            )
        },
        asset(
            "sinergi",
            "js",
            "text/javascript; charset=utf-8",
            include_bytes!("../static/sinergi.js"),
        ),
        asset(
            "embed",
            "css",
            "text/css; charset=utf-8",
            include_bytes!("../static/embed.css"),
        ),
    ]
});

/// The path of the stylesheet, for the layout's `<link>`.
pub fn stylesheet_path() -> String {
    format!("/static/{}", ASSETS[CSS].versioned)
}

/// The path of the vendored htmx.
pub fn htmx_path() -> String {
    format!("/static/{}", ASSETS[HTMX].versioned)
}

/// The path of our own small script (focus handling after htmx swaps).
pub fn script_path() -> String {
    format!("/static/{}", ASSETS[APP_JS].versioned)
}

/// The path of the widget's stylesheet (inside other sites' iframes).
pub fn embed_stylesheet_path() -> String {
    format!("/static/{}", ASSETS[EMBED_CSS].versioned)
}

/// A 32-bit FNV-1a hash: enough to bust caches, not for security.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/static/{name}", get(serve))
}

/// Every asset's body in each encoding worth sending, in the order of
/// `ASSETS`.
static ENCODED: LazyLock<Vec<Vec<(Encoding, Bytes)>>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|a| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(a.content_type),
            );
            let mut variants =
                compression::variants(&headers, &Bytes::from_static(a.body), Effort::Best);
            if let Some(gz) = a.gzip {
                for (encoding, body) in &mut variants {
                    if *encoding == Encoding::Gzip {
                        *body = Bytes::from_static(gz);
                    }
                }
            }
            variants
        })
        .collect()
});

/// Compresses every asset now (a fraction of a second at the best
/// quality), so that no request waits for it: the binary calls it at start.
pub fn compress_all() {
    LazyLock::force(&ENCODED);
}

async fn serve(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let Some(i) = ASSETS.iter().position(|a| a.versioned == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let variants = &ENCODED[i];
    let offered: Vec<Encoding> = variants.iter().map(|(e, _)| *e).collect();
    let chosen = compression::negotiate(&headers, &offered);
    let (encoding, body) = variants
        .iter()
        .find(|(e, _)| *e == chosen)
        .unwrap_or(&variants[0]);
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(ASSETS[i].content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
            (header::VARY, HeaderValue::from_static("Accept-Encoding")),
        ],
        body.clone(),
    )
        .into_response();
    if let Some(value) = encoding.content_encoding() {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CRC-32 (IEEE), as in the gzip trailer.
    fn crc32(bytes: &[u8]) -> u32 {
        !bytes.iter().fold(!0_u32, |crc, b| {
            (0..8).fold(crc ^ u32::from(*b), |c, _| {
                if c & 1 == 1 {
                    (c >> 1) ^ 0xedb8_8320
                } else {
                    c >> 1
                }
            })
        })
    }

    #[test]
    fn every_gzip_copy_holds_the_same_bytes_as_its_original() {
        for a in ASSETS.iter() {
            let Some(gz) = a.gzip else { continue };
            assert_eq!(&gz[..2], &[0x1f, 0x8b], "{} is not gzip", a.versioned);
            let trailer = &gz[gz.len() - 8..];
            let crc = u32::from_le_bytes(trailer[..4].try_into().unwrap());
            let size = u32::from_le_bytes(trailer[4..].try_into().unwrap());
            assert_eq!(crc, crc32(a.body), "{}: gzip copy differs", a.versioned);
            assert_eq!(
                size as usize,
                a.body.len(),
                "{}: gzip copy differs",
                a.versioned
            );
        }
    }

    #[test]
    fn names_carry_a_content_hash() {
        assert!(
            stylesheet_path().starts_with("/static/sinergi-")
                && stylesheet_path().ends_with(".css")
        );
        assert!(htmx_path().starts_with("/static/htmx-2.0.11-") && htmx_path().ends_with(".js"));
        assert!(script_path().starts_with("/static/sinergi-") && script_path().ends_with(".js"));
    }

    #[test]
    fn every_encoding_of_an_asset_holds_its_bytes() {
        use std::io::Read;
        for (a, variants) in ASSETS.iter().zip(ENCODED.iter()) {
            for (encoding, body) in variants {
                let mut back = Vec::new();
                match encoding {
                    Encoding::Identity => back.extend_from_slice(body),
                    Encoding::Gzip => {
                        flate2::read::GzDecoder::new(&body[..])
                            .read_to_end(&mut back)
                            .unwrap();
                    }
                    Encoding::Brotli => {
                        brotli::Decompressor::new(&body[..], 4096)
                            .read_to_end(&mut back)
                            .unwrap();
                    }
                }
                assert_eq!(back, a.body, "{} in {encoding:?}", a.versioned);
            }
            // Every asset is big enough to be worth compressing.
            assert_eq!(variants.len(), 3, "{}", a.versioned);
        }
    }
}
