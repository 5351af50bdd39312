//! `/favicon.ico` and `/favicon.svg`: the site's icon at the addresses
//! browsers ask for without a link (so it is not content-hashed like the
//! stylesheet; a day of caching is enough for an icon that rarely changes).

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

const ICO: &[u8] = include_bytes!("../../static/favicon.ico");
const SVG: &[u8] = include_bytes!("../../static/favicon.svg");

fn icon(body: &'static [u8], content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn ico() -> Response {
    icon(ICO, "image/x-icon")
}

pub async fn svg() -> Response {
    icon(SVG, "image/svg+xml")
}
