//! What the page tests share: requests through the real router in process
//! (tower's `oneshot`, with the peer address a socket would give), answers
//! read whole, and form helpers. This replaces the HTTP/1.1 client over a
//! `TcpStream` that each page test carried.

// Each module uses its own part of the harness; what one does not use is
// not dead.
#![allow(dead_code)]

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The address the tests' `base_url` names; requests carry it as `Host`.
pub const HOST: &str = "127.0.0.1:8080";

/// `http://` + [`HOST`], for `AccountsConfig::base_url`.
pub fn base_url() -> String {
    format!("http://{HOST}")
}

/// An answer, read whole.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    /// The first value of header `name`, or "".
    pub fn header(&self, name: &str) -> String {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// One request through `router`, as a browser at 127.0.0.1 sends it.
pub async fn request(
    router: &Router,
    method: &'static str,
    path: &str,
    cookie: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
) -> Resp {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", HOST)
        .header("content-length", body.len());
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    if let Some(t) = content_type {
        req = req.header("content-type", t);
    }
    let mut req = req.body(Body::from(body)).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50_000))));
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Percent-encodes every byte but the unreserved ones.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `application/x-www-form-urlencoded`.
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the first hidden input called `name`.
pub fn form_token(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no hidden {name} in:\n{html}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}
