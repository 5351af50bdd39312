//! What every request and response passes through: a post from another
//! site is refused here, once, for every route; and every answer carries
//! the security headers. The policy allows no inline script and nothing
//! from other hosts: pages load only our own embedded assets.
//!
//! One exception: the widget documents under `/embed/` are made to be
//! framed by other sites. They carry their own stricter policy (set by
//! `press/embed.rs`, without `frame-ancestors`) and no `X-Frame-Options`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use pin_project_lite::pin_project;
use tower::Service;

use crate::forms::CsrfRejected;
use crate::session::same_origin;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// No page needs the camera, microphone, location, payment or the like.
const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), \
                                  serial=(), bluetooth=(), midi=(), interest-cohort=(), browsing-topics=()";

/// Two years, the HSTS preload list's minimum, subdomains included.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Whether other sites may frame the response to a request for `path`.
pub fn frameable(path: &str) -> bool {
    path.starts_with("/embed/")
}

/// The layer: refuses cross-site writes and adds the headers. A
/// hand-written service rather than `from_fn`, so a cache hit pays no
/// boxed future and no state clone for it (`request_id.rs` says why).
#[derive(Clone, Copy)]
pub struct Layer {
    /// The site is served over HTTPS (the `secure_cookies` setting).
    pub https: bool,
}

impl<S> tower::Layer<S> for Layer {
    type Service = Guarded<S>;
    fn layer(&self, inner: S) -> Guarded<S> {
        Guarded {
            inner,
            https: self.https,
        }
    }
}

#[derive(Clone)]
pub struct Guarded<S> {
    inner: S,
    https: bool,
}

impl<S> Service<Request> for Guarded<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = WithHeaders<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let scheme = if self.https { "https" } else { "http" };
        // Form posts and API writes alike: a browser on another site (or on
        // this host over the other scheme) gets nothing done here. Programs
        // send no `Origin`, and the form token covers browsers that send none.
        if !request.method().is_safe() && !same_origin(request.headers(), scheme) {
            let mut refused = CsrfRejected.into_response();
            headers_on(&mut refused, false, self.https);
            return WithHeaders::Refused {
                response: Some(refused),
            };
        }
        let frameable = frameable(request.uri().path());
        WithHeaders::Passed {
            inner: self.inner.call(request),
            frameable,
            https: self.https,
        }
    }
}

pin_project! {
    /// The inner answer with the headers added, or the refusal.
    #[project = WithHeadersProj]
    pub enum WithHeaders<F> {
        Refused { response: Option<Response> },
        Passed {
            #[pin]
            inner: F,
            frameable: bool,
            https: bool,
        },
    }
}

impl<F, E> Future for WithHeaders<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            WithHeadersProj::Refused { response } => {
                Poll::Ready(Ok(response.take().expect("polled after completion")))
            }
            WithHeadersProj::Passed {
                inner,
                frameable,
                https,
            } => {
                let mut response = ready!(inner.poll(cx))?;
                headers_on(&mut response, *frameable, *https);
                Poll::Ready(Ok(response))
            }
        }
    }
}

fn headers_on(response: &mut Response, frameable: bool, https: bool) {
    // A 304 sends the validators and caching headers only (RFC 9110,
    // 15.4.5): the browser keeps using the stored answer, with the policy
    // it came with. Half of a 304's bytes were these headers again.
    if response.status() == StatusCode::NOT_MODIFIED {
        return;
    }
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
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    // Only a site served over HTTPS may ask browsers to insist on it.
    if https {
        h.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_304_carries_no_policy_again() {
        let mut r = Response::new(axum::body::Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        super::headers_on(&mut r, false, true);
        assert!(r.headers().is_empty());
    }

    #[test]
    fn hsts_only_on_an_https_site_and_a_permissions_policy_always() {
        for https in [false, true] {
            let mut r = Response::new(axum::body::Body::empty());
            super::headers_on(&mut r, false, https);
            assert_eq!(r.headers().contains_key(STRICT_TRANSPORT_SECURITY), https);
            assert!(
                r.headers()["permissions-policy"]
                    .to_str()
                    .unwrap()
                    .contains("camera=()")
            );
        }
    }

    #[test]
    fn only_the_widget_documents_may_be_framed() {
        assert!(frameable("/embed/unit/35"));
        assert!(!frameable("/embed"));
        assert!(!frameable("/press/35"));
        assert!(!frameable("/widget"));
        assert!(!frameable("/"));
    }
}
