//! Headers every response carries. The policy allows no inline script and
//! nothing from other hosts: pages load only our own embedded assets.
//!
//! One exception: the widget documents under `/embed/` are made to be
//! framed by other sites. They carry their own stricter policy (set by
//! `press/embed.rs`, without `frame-ancestors`) and no `X-Frame-Options`.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Whether other sites may frame the response to a request for `path`.
pub fn frameable(path: &str) -> bool {
    path.starts_with("/embed/")
}

pub async fn apply(request: Request, next: Next) -> Response {
    let frameable = frameable(request.uri().path());
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if frameable {
        // The handler's own policy, or the embed policy for anything else
        // answered there (a 404 from the router, say).
        h.entry(CONTENT_SECURITY_POLICY)
            .or_insert(HeaderValue::from_static(crate::press::EMBED_CSP));
        h.remove(X_FRAME_OPTIONS);
    } else {
        h.entry(CONTENT_SECURITY_POLICY)
            .or_insert(HeaderValue::from_static(CSP));
        h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.entry(REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    response
}

#[cfg(test)]
mod tests {
    use super::frameable;

    #[test]
    fn only_the_widget_documents_may_be_framed() {
        assert!(frameable("/embed/unit/35"));
        assert!(!frameable("/embed"));
        assert!(!frameable("/press/35"));
        assert!(!frameable("/widget"));
        assert!(!frameable("/"));
    }
}
