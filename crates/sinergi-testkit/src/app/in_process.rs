//! The app driven in process: requests through the real router with tower's
//! `oneshot` (carrying the peer address a socket would give), answers read
//! whole. No port, no HTTP/1.1 on the wire.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use http_body_util::BodyExt;
use serde_json::Value;
use sinergi_domain::access::Principal;
use sinergi_domain::clock::FixedClock;
use sinergi_web::AppState;
use tower::ServiceExt;

use super::{Member, PASSWORD, encode, principal_of};
use crate::TestDb;

/// The address an in-process app is reached at by default; requests carry
/// it as `Host`.
pub const HOST: &str = "127.0.0.1:8080";

/// An answer, read whole.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy where it is not UTF-8).
    pub body: String,
    /// The body's bytes as sent (compressed, when it was).
    pub bytes: Vec<u8>,
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

/// Someone signed in: the `sinergi_session=…` cookie pair and the session's
/// form token.
#[derive(Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// The router over a [`Setup`](super::Setup)'s state, called in process.
pub struct InProcessApp {
    pub router: Router,
    pub clock: Arc<FixedClock>,
    /// The state the router serves (services, store, accounts).
    pub state: AppState,
    pub members: Vec<Member>,
    pub db: TestDb,
    _kept: Box<dyn std::any::Any + Send>,
}

impl InProcessApp {
    pub(super) fn new(
        clock: Arc<FixedClock>,
        state: AppState,
        members: Vec<Member>,
        db: TestDb,
        kept: Box<dyn std::any::Any + Send>,
    ) -> InProcessApp {
        InProcessApp {
            router: sinergi_web::router(state.clone()),
            clock,
            state,
            members,
            db,
            _kept: kept,
        }
    }

    /// Signs `email` in through the accounts service (password
    /// [`PASSWORD`]).
    pub async fn sign_in(&self, email: &str) -> Session {
        self.sign_in_with(email, PASSWORD).await
    }

    /// Signs `email` in through the accounts service with `password`.
    pub async fn sign_in_with(&self, email: &str, password: &str) -> Session {
        let s = self
            .state
            .accounts
            .sign_in(email, password, None)
            .await
            .unwrap();
        Session {
            cookie: format!("sinergi_session={}", s.cookie_value),
            csrf: s.csrf_token,
        }
    }

    /// The principal `email` acts as when signed in, to call services.
    pub async fn principal(&self, email: &str) -> Principal {
        principal_of(&self.state.accounts, email).await
    }

    /// GETs `path`, as `who` when given.
    pub async fn get(&self, path: &str, who: Option<&Session>) -> Resp {
        let cookie = who.map(|p| p.cookie.clone());
        request(&self.router, "GET", path, cookie, None, Vec::new()).await
    }

    /// GETs `path` anonymously with `headers` added (a language cookie,
    /// `Accept-Encoding`, validators).
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Resp {
        self.send("GET", path, headers).await
    }

    /// HEADs `path` anonymously.
    pub async fn head(&self, path: &str) -> Resp {
        self.send("HEAD", path, &[]).await
    }

    /// `method` on `path` without a body, with `headers` added.
    async fn send(&self, method: &'static str, path: &str, headers: &[(&str, &str)]) -> Resp {
        let mut req = browser_request(method, path, 0);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        respond(&self.router, req, Vec::new()).await
    }

    /// GETs `path` anonymously: status and the body as JSON (or as a JSON
    /// string when it is not JSON).
    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.get(path, None).await;
        let json = serde_json::from_str(&r.body).unwrap_or(Value::String(r.body));
        (r.status, json)
    }

    /// POSTs a form as `who`, the session's form token added as `csrf`.
    pub async fn post_form(&self, path: &str, who: &Session, fields: &[(&str, &str)]) -> Resp {
        let mut body = format!("csrf={}", encode(&who.csrf));
        for (k, v) in fields {
            body.push_str(&format!("&{}={}", encode(k), encode(v)));
        }
        request(
            &self.router,
            "POST",
            path,
            Some(who.cookie.clone()),
            Some("application/x-www-form-urlencoded".into()),
            body.into_bytes(),
        )
        .await
    }

    /// Posts `fields` to `/releases/new` as `who` and returns the new
    /// release's id (the answer must be the redirect to it).
    pub async fn new_release(&self, who: &Session, fields: &[(&str, &str)]) -> i64 {
        let r = self.post_form("/releases/new", who, fields).await;
        assert_eq!(r.status, 303, "release created: {}", r.body);
        r.header("location")
            .trim_start_matches("/releases/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// Moves release `id` (`op`: submit, approve, release, withdraw…) as
    /// `who` through its page's form, at the version the page shows.
    pub async fn move_release(
        &self,
        id: i64,
        who: &Session,
        op: &str,
        extra: &[(&str, &str)],
    ) -> Resp {
        let page = self.get(&format!("/releases/{id}"), Some(who)).await;
        let page = if page.status == 308 {
            self.get(&page.header("location"), Some(who)).await
        } else {
            page
        };
        let version = super::form_token(&page.body, "version");
        let mut form = vec![("op", op), ("version", version.as_str())];
        form.extend_from_slice(extra);
        self.post_form(&format!("/releases/{id}/move"), who, &form)
            .await
    }

    /// Submits release `id` as `author`, approves it as `editor`, then
    /// releases it now, or under embargo until `embargo_until` (the form's
    /// local time, `YYYY-MM-DDTHH:MM`).
    pub async fn publish(
        &self,
        id: i64,
        author: &Session,
        editor: &Session,
        embargo_until: Option<&str>,
    ) {
        let submitted = self.move_release(id, author, "submit", &[]).await;
        assert_eq!(submitted.status, 303, "{}", submitted.body);
        let approved = self.move_release(id, editor, "approve", &[]).await;
        assert_eq!(approved.status, 303, "{}", approved.body);
        let timing: &[(&str, &str)] = match embargo_until {
            None => &[("timing", "now")],
            Some(at) => &[("timing", "embargo"), ("at", at)],
        };
        let r = self.move_release(id, editor, "release", timing).await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
}

/// One request through `router`, as a browser at 127.0.0.1 sends it to
/// [`HOST`].
pub async fn request(
    router: &Router,
    method: &'static str,
    path: &str,
    cookie: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
) -> Resp {
    let mut req = browser_request(method, path, body.len());
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    if let Some(t) = content_type {
        req = req.header("content-type", t);
    }
    respond(router, req, body).await
}

/// A request as a browser at 127.0.0.1 starts it to [`HOST`].
fn browser_request(
    method: &'static str,
    path: &str,
    length: usize,
) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header("host", HOST)
        .header("content-length", length)
}

/// Sends `req` with `body` through `router`, from 127.0.0.1, and reads the
/// answer whole.
async fn respond(router: &Router, req: axum::http::request::Builder, body: Vec<u8>) -> Resp {
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
        bytes: bytes.to_vec(),
    }
}
