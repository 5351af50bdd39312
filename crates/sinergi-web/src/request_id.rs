//! A request id on every request and answer (`X-Request-Id`): the one a
//! proxy or client sent when it is short and plain, else a new one. The
//! trace span carries it, so a user's report ("request id 3f9c…") leads to
//! the log lines of that request.

use std::hash::{BuildHasher, RandomState};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::HeaderName;
use axum::middleware::Next;
use axum::response::Response;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Assigns the id before the trace span opens, and returns it in the answer.
pub async fn assign(mut req: Request, next: Next) -> Response {
    let id = req
        .headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| acceptable(v))
        .map_or_else(new_id, str::to_owned);
    let value = HeaderValue::from_str(&id).unwrap_or_else(|_| HeaderValue::from_static("-"));
    req.headers_mut()
        .insert(X_REQUEST_ID.clone(), value.clone());
    let mut resp = next.run(req).await;
    resp.headers_mut().insert(X_REQUEST_ID.clone(), value);
    resp
}

/// The id a request carries (set by [`assign`]), for the trace span.
pub fn of<B>(req: &axum::http::Request<B>) -> &str {
    req.headers()
        .get(&X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
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
