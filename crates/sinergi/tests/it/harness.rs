//! What the test modules share: a served app on a free port over a fresh
//! database, the people in it (accounts, and API tokens holding exactly the
//! rights each person holds), and one client that speaks pages, forms and
//! JSON the way a browser or an API client does.
//!
//! A test that needs more before the server starts (a search index, releases
//! published at set times) takes a [`Setup`], changes its `state`, then
//! [`Setup::serve`]s it.

// Each module uses its own part of the harness; what one does not use is
// not dead.
#![allow(dead_code)]

use std::sync::Arc;

use serde_json::Value;
use sinergi_accounts::{Accounts, AccountsConfig, HashCost};
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Membership, Principal, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_store::accounts::audit::Actor;
use sinergi_testkit::{TEST_NOW, TestDb};
use sinergi_web::AppState;
use tempfile::TempDir;
use tokio::net::TcpListener;

/// Everyone's password in tests.
pub const PASSWORD: &str = "kopi tubruk di sanur pagi";

/// The regions most stories need: Bali whole, and Kota Surabaya.
pub const BALI_AND_SURABAYA: &[&str] = &["51", "35.78"];

/// One person to create: e-mail, unit code, role and reach.
pub type Person<'a> = (&'a str, &'a str, Role, Reach);

/// A person created by [`Setup::people_with_tokens`].
pub struct Member {
    pub email: String,
    /// A bearer token holding every right the person holds
    /// ([`Principal::rights_held`](sinergi_domain::access::Principal::rights_held)).
    pub token: String,
    /// The `sinergi_session=…` pair of a session opened to mint the token.
    pub cookie: String,
}

/// Everything up to serving: the database, the clock (at [`TEST_NOW`]), the
/// accounts configuration (test hashing, `base_url` the bound address), a
/// media folder, and the state the server will get.
pub struct Setup {
    pub db: TestDb,
    pub clock: Arc<FixedClock>,
    pub state: AppState,
    pub base: String,
    pub members: Vec<Member>,
    listener: TcpListener,
    media: TempDir,
    kept: Vec<Box<dyn std::any::Any + Send>>,
}

impl Setup {
    /// A fresh database holding the regions under `prefixes` (see
    /// [`sinergi_testkit::regions`]) and the national units.
    pub async fn new(prefixes: &[&str]) -> Setup {
        let db = TestDb::with_network(prefixes).await;
        let listener = sinergi::server::bind("127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let config = AccountsConfig {
            hash_cost: HashCost::Test,
            base_url: base.clone(),
            ..Default::default()
        };
        let clock = Arc::new(FixedClock::at(TEST_NOW));
        let media = tempfile::tempdir().unwrap();
        let state = AppState::with_accounts(db.store.clone(), clock.clone(), config)
            .with_media_dir(media.path())
            .unwrap();
        Setup {
            db,
            clock,
            state,
            base,
            members: Vec::new(),
            listener,
            media,
            kept: Vec::new(),
        }
    }

    /// Creates accounts (password [`PASSWORD`]), with no session or token.
    pub async fn people(&mut self, people: &[Person<'_>]) -> &mut Setup {
        for (email, unit, role, reach) in people {
            self.state
                .accounts
                .create_account(email, email, PASSWORD, &membership(unit, *role, *reach))
                .await
                .unwrap();
        }
        self
    }

    /// The principal `email` acts as when signed in (password [`PASSWORD`]),
    /// to call services directly before serving.
    pub async fn principal(&self, email: &str) -> Principal {
        let accounts = &self.state.accounts;
        let s = accounts.sign_in(email, PASSWORD, None).await.unwrap();
        accounts
            .session(&s.cookie_value)
            .await
            .unwrap()
            .unwrap()
            .principal
    }

    /// Creates accounts and, for each, a session and an API token holding
    /// only the rights the person holds. They are numbered in order after
    /// those created before: the number is what [`TestApp::call`] takes.
    pub async fn people_with_tokens(&mut self, people: &[Person<'_>]) -> &mut Setup {
        self.people(people).await;
        for (email, ..) in people {
            let (session, token) = mint_token(&self.state.accounts, email, "api").await;
            self.members.push(Member {
                email: (*email).into(),
                token,
                cookie: format!("sinergi_session={session}"),
            });
        }
        self
    }

    /// Keeps `thing` (a temporary folder, say) as long as the app.
    pub fn keep(&mut self, thing: impl std::any::Any + Send) {
        self.kept.push(Box::new(thing));
    }

    /// Serves `state` on the bound port until the [`TestApp`] is dropped.
    pub fn serve(self) -> TestApp {
        let served = self.state.clone();
        let listener = self.listener;
        let task =
            tokio::spawn(async move { sinergi::server::serve(listener, served).await.unwrap() });
        TestApp {
            base: self.base,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            clock: self.clock,
            state: self.state,
            members: self.members,
            db: self.db,
            _media: self.media,
            _kept: self.kept,
            task,
        }
    }
}

/// Signs `email` in (password [`PASSWORD`]) and mints a token called
/// `label` holding every right the person holds. Returns the session's
/// cookie value and the token.
pub async fn mint_token(accounts: &Accounts, email: &str, label: &str) -> (String, String) {
    let signed = accounts.sign_in(email, PASSWORD, None).await.unwrap();
    let info = accounts
        .session(&signed.cookie_value)
        .await
        .unwrap()
        .unwrap();
    let actor = Actor {
        user_id: Some(info.user.id),
        label: email.into(),
        ip: None,
    };
    let (_, token) = accounts
        .create_api_token(&info, &actor, label, &info.principal.rights_held())
        .await
        .unwrap();
    (signed.cookie_value, token)
}

pub fn membership(unit: &str, role: Role, reach: Reach) -> Membership {
    Membership {
        unit: UnitCode::parse(unit).unwrap(),
        role,
        reach,
    }
}

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
    _media: TempDir,
    _kept: Vec<Box<dyn std::any::Any + Send>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestApp {
    /// The app on `prefixes` with `people` and their tokens, served.
    pub async fn start(prefixes: &[&str], people: &[Person<'_>]) -> TestApp {
        let mut setup = Setup::new(prefixes).await;
        setup.people_with_tokens(people).await;
        setup.serve()
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

    /// An API call as member `token` (see [`Setup::people_with_tokens`])
    /// or anonymously, with a JSON body when given: status and the body as
    /// JSON (or as a JSON string when it is not JSON).
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

/// The value of cookie `name` set by `r`, if it sets one.
pub fn cookie_of(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| v[name.len() + 1..].split(';').next().unwrap().to_owned())
}

/// The value of the hidden field `name` in a page's form.
pub fn form_token(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no hidden {name}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// `application/x-www-form-urlencoded`, every byte but the unreserved ones
/// percent-encoded (a browser writes a space as `+`; servers read both).
pub fn form_body(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Where a repository file is, from this crate.
pub fn repo_file(path: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}
