//! Who is asking: the session behind the cookie, the client's address, and
//! the checks every state-changing form passes (CSRF).

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{COOKIE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sinergi_accounts::SessionInfo;
use sinergi_store::accounts::audit::Actor;
use std::net::SocketAddr;

use crate::AppState;
use crate::pages::view::encode_component;

pub const SESSION_COOKIE: &str = "sinergi_session";
/// Before sign-in there is no session to hold a CSRF token: the form and
/// this cookie carry the same random value (double submit).
pub const PRE_SESSION_CSRF_COOKIE: &str = "sinergi_csrf";

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A `Set-Cookie` value: HttpOnly and SameSite=Lax always, Secure when the
/// site is served over HTTPS.
pub fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age_secs: Option<i64>,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age_secs {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if state.secure_cookies {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).expect("cookie values are URL-safe")
}

/// The client's address: the connection's peer, or, behind a configured
/// trusted proxy, the last address the proxy appended to X-Forwarded-For.
pub fn client_ip(state: &AppState, parts: &Parts) -> Option<String> {
    client_ip_of(state, &parts.headers, &parts.extensions)
}

/// [`client_ip`] from a request's headers and extensions.
pub fn client_ip_of(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
) -> Option<String> {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string());
    if state.trust_forwarded_for {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        forwarded.or(peer)
    } else {
        peer
    }
}

/// The session, if the request carries a live one.
pub struct MaybeSession {
    pub session: Option<SessionInfo>,
    pub ip: Option<String>,
}

impl MaybeSession {
    pub fn actor(&self) -> Option<Actor> {
        self.session.as_ref().map(|s| Actor {
            user_id: Some(s.user.id),
            label: s.user.email.clone(),
            ip: self.ip.clone(),
        })
    }
}

impl FromRequestParts<AppState> for MaybeSession {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ip = client_ip(state, parts);
        let session = match cookie(&parts.headers, SESSION_COOKIE) {
            Some(value) => state.accounts.session(&value).await.map_err(|e| {
                tracing::error!(error = %e, "session lookup failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            })?,
            None => None,
        };
        Ok(MaybeSession { session, ip })
    }
}

/// A signed-in user; anyone else is sent to the sign-in page and back.
pub struct SignedIn {
    pub session: SessionInfo,
    pub actor: Actor,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let maybe = MaybeSession::from_request_parts(parts, state).await?;
        let actor = maybe.actor();
        match (maybe.session, actor) {
            (Some(session), Some(actor)) => Ok(SignedIn { session, actor }),
            _ => {
                let here = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/");
                Err(
                    Redirect::to(&format!("/sign-in?next={}", encode_component(here)))
                        .into_response(),
                )
            }
        }
    }
}

/// Only paths on this site: `/` followed by a character that is neither
/// `/` nor `\\`, printable ASCII throughout (browsers drop TAB, CR and LF
/// and read `/\\` as `//`, which would make `/<TAB>/evil.example` a link to
/// another host), and the same once percent-decoded, so that no later
/// decoding step can turn it into one either. Pages build `next` from the
/// request's own URI, which is always percent-encoded ASCII.
pub fn is_local_path(p: &str) -> bool {
    fn shape_ok(b: &[u8]) -> bool {
        b.first() == Some(&b'/') && !matches!(b.get(1), Some(b'/' | b'\\')) && !b.contains(&b'\\')
    }
    let raw = p.as_bytes();
    let decoded = percent_decode(raw);
    shape_ok(raw)
        && raw.iter().all(u8::is_ascii_graphic)
        && shape_ok(&decoded)
        && !decoded.iter().any(|c| c.is_ascii_control())
}

/// `%XX` sequences as the bytes they stand for; anything else as it is.
fn percent_decode(s: &[u8]) -> Vec<u8> {
    let hex = |c: u8| (c as char).to_digit(16);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%'
            && let (Some(h), Some(l)) = (
                s.get(i + 1).copied().and_then(hex),
                s.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether a request comes from this site: the browser's `Sec-Fetch-Site`,
/// and an `Origin` (when sent) that is this site's scheme with the
/// request's host and port. `scheme` is the configured site's (`http` or
/// `https`): an `https://` page may not post to an `http://` site, nor the
/// other way round. Old browsers send neither header; the form token
/// covers them.
pub fn same_origin(headers: &HeaderMap, scheme: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match (
        headers.get(ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(s, h)| s.eq_ignore_ascii_case(scheme) && h.eq_ignore_ascii_case(host)),
        // `null` (a sandboxed frame, a redirect across sites) or no host.
        (Some(_), None) => false,
        (None, _) => true,
    }
}
