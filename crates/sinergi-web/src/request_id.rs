//! A request id on every request and answer (`X-Request-Id`): the one a
//! proxy or client sent when it is short and plain, else a new one. The
//! trace span carries it, so a user's report ("request id 3f9c…") leads to
//! the log lines of that request.

use std::hash::{BuildHasher, RandomState};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::HeaderName;
use axum::response::Response;
use pin_project_lite::pin_project;
use tower::Service;
use tracing::Instrument;
use tracing::instrument::Instrumented;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The outermost layer: gives each request its id, opens the request's
/// trace span (method, path and id; never the query string, which may
/// carry a token) and returns the id in the answer. A hand-written service
/// rather than `from_fn`, whose boxed future and per-call clone cost a
/// cache hit about a tenth of its time.
#[derive(Clone, Copy, Default)]
pub struct Layer;

impl<S> tower::Layer<S> for Layer {
    type Service = Observe<S>;
    fn layer(&self, inner: S) -> Observe<S> {
        Observe { inner }
    }
}

#[derive(Clone)]
pub struct Observe<S> {
    inner: S,
}

/// Generic over the answer's body: it sits outside the compression layer.
impl<S, B> Service<Request> for Observe<S>
where
    S: Service<Request, Response = Response<B>>,
{
    type Response = Response<B>;
    type Error = S::Error;
    type Future = WithId<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        let id = req
            .headers()
            .get(&X_REQUEST_ID)
            .filter(|v| v.to_str().is_ok_and(acceptable))
            .cloned()
            .unwrap_or_else(|| {
                HeaderValue::from_str(&new_id()).unwrap_or(HeaderValue::from_static("-"))
            });
        req.headers_mut().insert(X_REQUEST_ID.clone(), id.clone());
        // A public answer an anonymous reader may get from the cache opens
        // its span only when the cache misses (`public/cache.rs`): a hit
        // writes no log line, and the span's formatted fields cost the
        // smallest answers (a 304) about a tenth of their time.
        let span = if crate::public::cache::may_hit(&req) {
            tracing::Span::none()
        } else {
            span_of(&req)
        };
        let inner = {
            let _entered = span.enter();
            self.inner.call(req)
        };
        WithId {
            inner: inner.instrument(span),
            id: Some(id),
        }
    }
}

pin_project! {
    /// The inner answer, in the request's span, with the id added.
    pub struct WithId<F> {
        #[pin]
        inner: Instrumented<F>,
        id: Option<HeaderValue>,
    }
}

impl<F, B, E> Future for WithId<F>
where
    F: Future<Output = Result<Response<B>, E>>,
{
    type Output = Result<Response<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let mut resp = ready!(this.inner.as_mut().poll(cx))?;
        if resp.status().is_server_error() {
            let span = this.inner.span();
            if span.is_none() {
                let id = this
                    .id
                    .as_ref()
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::error!(
                    status = resp.status().as_u16(),
                    request_id = id,
                    "request failed"
                );
            } else {
                let _entered = span.enter();
                tracing::error!(status = resp.status().as_u16(), "request failed");
            }
        }
        if let Some(id) = this.id.take() {
            resp.headers_mut().insert(X_REQUEST_ID.clone(), id);
        }
        Poll::Ready(Ok(resp))
    }
}

/// The request's trace span: method, path and the id this layer set
/// (never the query string, which may carry a token).
pub fn span_of(req: &Request) -> tracing::Span {
    let id = req
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.uri().path(),
        request_id = %id,
    )
}

/// Up to 64 letters, digits, `-`, `_` and `.`: nothing a log reader could
/// mistake for another field.
fn acceptable(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// 16 hex digits: a per-process random key hashing a counter, so ids do not
/// repeat within a process and differ between nodes.
fn new_id() -> String {
    static KEY: LazyLock<RandomState> = LazyLock::new(RandomState::new);
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "{:016x}",
        KEY.hash_one(NEXT.fetch_add(1, Ordering::Relaxed))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_are_kept_and_others_replaced() {
        assert!(acceptable("3f9c2a-01.x_y"));
        assert!(!acceptable(""));
        assert!(!acceptable("a b"));
        assert!(!acceptable("x\"; level=error"));
        assert!(!acceptable(&"a".repeat(65)));
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 16);
    }
}
