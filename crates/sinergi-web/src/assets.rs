//! Static assets, embedded in the binary and served under a name that
//! carries a hash of their content, so they can be cached for a year and
//! a new release never serves a stale stylesheet.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

struct Asset {
    /// The name pages link to, e.g. `sinergi-3f2a9c1e.css`.
    versioned: String,
    content_type: &'static str,
    body: &'static [u8],
}

fn asset(stem: &str, ext: &str, content_type: &'static str, body: &'static [u8]) -> Asset {
    Asset {
        versioned: format!("{stem}-{:08x}.{ext}", fnv1a(body)),
        content_type,
        body,
    }
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    vec![asset(
        "sinergi",
        "css",
        "text/css; charset=utf-8",
        include_bytes!("../static/sinergi.css"),
    )]
});

/// The path of the stylesheet, for the layout's `<link>`.
pub fn stylesheet_path() -> String {
    format!("/static/{}", ASSETS[0].versioned)
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

async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.versioned == name) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(a.content_type)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            a.body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
