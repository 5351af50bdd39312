//! The app served on a real port, and a reqwest client that speaks pages,
//! forms and JSON the way a browser or an API client does.

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::Value;
use sinergi_domain::clock::FixedClock;
use sinergi_web::AppState;
use tokio::net::TcpListener;

use super::{Member, PASSWORD, cookie_of, form_body, form_token};
use crate::TestDb;

/// A served app. The server stops when this is dropped.
pub struct TestApp {
    /// `http://127.0.0.1:port`
    pub base: String,
    /// Follows no redirects, so tests see them.
    pub client: reqwest::Client,
    pub clock: Arc<FixedClock>,
    /// The state being served (services, store, accounts).
    pub state: AppState,
    pub members: Vec<Member>,
    pub db: TestDb,
    _kept: Box<dyn std::any::Any + Send>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestApp {
    /// The app on `prefixes` with `people` and their tokens, served.
    pub async fn start(prefixes: &[&str], people: &[super::Person<'_>]) -> TestApp {
        let mut setup = super::Setup::new(prefixes).await;
        setup.people_with_tokens(people).await;
        setup.serve()
    }

    /// Serves `state` on `listener` as the binary's `server::serve` does
    /// (the router with each connection's peer address), without its
    /// shutdown signal: the task is aborted when the app is dropped.
    pub(super) fn spawn(
        listener: TcpListener,
        base: String,
        clock: Arc<FixedClock>,
        state: AppState,
        members: Vec<Member>,
        db: TestDb,
        kept: Box<dyn std::any::Any + Send>,
    ) -> TestApp {
        let app =
            sinergi_web::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestApp {
            base,
            client: {
                install_tls_provider();
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .unwrap()
            },
            clock,
            state,
            members,
            db,
            _kept: kept,
            task,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GETs `path`, with a `Cookie` header when given.
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut req = self.client.get(self.url(path));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.unwrap()
    }

    /// GETs `path` with these request headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut req = self.client.get(self.url(path));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.unwrap()
    }

    /// GETs `path` anonymously: status and the body as JSON (or as a JSON
    /// string when it is not JSON).
    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        self.call("GET", path, None, None).await
    }

    /// An API call as member `token` (see
    /// [`Setup::people_with_tokens`](super::Setup::people_with_tokens)) or
    /// anonymously, with a JSON body when given: status and the body as JSON
    /// (or as a JSON string when it is not JSON).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<usize>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(&self.members[t].token);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// POSTs a form as a browser does, with this `Cookie` header.
    pub async fn post_form(
        &self,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("cookie", cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form_body(fields))
            .send()
            .await
            .unwrap()
    }

    /// Signs in through the form (password [`PASSWORD`]); returns the
    /// `sinergi_session=…` cookie pair.
    pub async fn sign_in(&self, email: &str) -> String {
        let form = self.get("/sign-in", None).await;
        let csrf_cookie = cookie_of(&form, "sinergi_csrf").unwrap();
        let html = form.text().await.unwrap();
        let csrf = form_token(&html, "csrf");
        let done = self
            .post_form(
                "/sign-in",
                &format!("sinergi_csrf={csrf_cookie}"),
                &[
                    ("email", email),
                    ("password", PASSWORD),
                    ("csrf", &csrf),
                    ("next", "/account"),
                ],
            )
            .await;
        assert_eq!(done.status(), 303, "sign-in succeeds");
        format!(
            "sinergi_session={}",
            cookie_of(&done, "sinergi_session").unwrap()
        )
    }
}

/// reqwest is built without a crypto provider of its own when
/// `sinergi-monitoring` is in the build (it brings ring, as the binary
/// does): one is installed for the process before any client is built.
pub fn install_tls_provider() {
    #[expect(
        deprecated,
        reason = "the provider sinergi-monitoring uses; tests talk plain HTTP on loopback"
    )]
    let provider = rustls::crypto::ring::default_provider();
    let _ = provider.install_default();
}
