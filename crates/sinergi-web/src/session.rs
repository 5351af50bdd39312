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

/// The session as `front_door` (`pages/nav.rs`) looked it up for this
/// request: the extractors read it rather than asking the accounts
/// service a second time. Absent when the layer did not look (not a page
/// path, no cookie) or the lookup failed.
#[derive(Debug, Clone)]
pub struct SessionLookup(pub Option<SessionInfo>);

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
        if let Some(SessionLookup(session)) = parts.extensions.get::<SessionLookup>() {
            let session = session.clone();
            return Ok(MaybeSession { session, ip });
        }
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use axum::Router;
    use axum::body::Body;
    use axum::extract::Extension;
    use axum::http::Request;
    use axum::routing::get;
    use sinergi_accounts::{AccountsConfig, HashCost};
    use sinergi_domain::UnitCode;
    use sinergi_domain::access::{Membership, Reach, Role};
    use sinergi_domain::clock::FixedClock;
    use sinergi_testkit::{TEST_NOW, TestDb};
    use tower::ServiceExt;

    use super::*;

    const EMAIL: &str = "humas@baliprov.go.id";

    /// A state over a fresh database with one person signed in: the state
    /// and the session cookie's value.
    async fn signed_in() -> (TestDb, AppState, String) {
        let db = TestDb::with_network(&["51"]).await;
        let config = AccountsConfig {
            hash_cost: HashCost::Test,
            ..Default::default()
        };
        let clock = Arc::new(FixedClock::at(TEST_NOW));
        let state = AppState::with_accounts(db.store.clone(), clock, config);
        let m = Membership {
            unit: UnitCode::parse("51").expect("a unit code"),
            role: Role::Editor,
            reach: Reach::Unit,
        };
        let password = "kopi tubruk di sanur pagi";
        state
            .accounts
            .create_account(EMAIL, "Humas Bali", password, &m)
            .await
            .unwrap();
        let s = state.accounts.sign_in(EMAIL, password, None).await.unwrap();
        (db, state, s.cookie_value)
    }

    fn parts_with_cookie(value: &str) -> Parts {
        Request::get("/account")
            .header("cookie", format!("{SESSION_COOKIE}={value}"))
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    #[tokio::test]
    async fn the_extractor_takes_the_session_the_front_door_looked_up() {
        let (db, state, value) = signed_in().await;
        let looked_up = state.accounts.session(&value).await.unwrap();
        assert!(looked_up.is_some());
        let mut parts = parts_with_cookie(&value);
        parts.extensions.insert(SessionLookup(looked_up));
        // The database is gone: only the layer's lookup can answer.
        db.store.close().await;
        let maybe = MaybeSession::from_request_parts(&mut parts, &state)
            .await
            .expect("no second lookup");
        assert_eq!(maybe.session.map(|s| s.user.email).as_deref(), Some(EMAIL));
        // A lookup that found nobody is an answer too.
        parts.extensions.insert(SessionLookup(None));
        let anonymous = MaybeSession::from_request_parts(&mut parts, &state)
            .await
            .expect("no second lookup");
        assert!(anonymous.session.is_none());
        // Without the layer's lookup the extractor asks the store itself
        // (here: closed, so it fails).
        parts.extensions.remove::<SessionLookup>();
        assert!(
            MaybeSession::from_request_parts(&mut parts, &state)
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn the_front_door_hands_its_lookup_to_the_page_and_not_to_assets() {
        let (_db, state, value) = signed_in().await;
        let seen = |Extension(SessionLookup(s)): Extension<SessionLookup>| async move {
            s.map(|s| s.user.email).unwrap_or_default()
        };
        let router = Router::new()
            .route("/page", get(seen))
            .route("/static/x.css", get(seen))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                crate::pages::nav::front_door,
            ))
            .with_state(state);
        let get = |path: &str| {
            Request::get(path)
                .header("cookie", format!("{SESSION_COOKIE}={value}"))
                .body(Body::empty())
                .unwrap()
        };
        let page = router.clone().oneshot(get("/page")).await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let body = axum::body::to_bytes(page.into_body(), 1024).await.unwrap();
        assert_eq!(&body[..], EMAIL.as_bytes());
        // No lookup for paths that never render the layout.
        let asset = router.oneshot(get("/static/x.css")).await.unwrap();
        assert_eq!(asset.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
