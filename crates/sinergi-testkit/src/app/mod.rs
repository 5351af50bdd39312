//! The app under test, built one way for every crate's integration tests:
//! a [`Setup`] (a fresh database with regions, a fixed clock at
//! [`TEST_NOW`], test password hashing, a media folder, people with roles
//! and API tokens), then either served on a free port ([`Setup::serve`]:
//! a [`TestApp`] with a reqwest client) or driven in process
//! ([`Setup::in_process`]: an [`InProcessApp`] calling the router through
//! tower's `oneshot`). A story that needs more before it starts (a search
//! index, releases at set times) changes `state` in between.

mod form;
mod in_process;
mod spawned;

use std::sync::Arc;

use sinergi_accounts::{Accounts, AccountsConfig, HashCost};
use sinergi_domain::access::Principal;
use sinergi_domain::clock::FixedClock;
use sinergi_web::AppState;
use tempfile::TempDir;
use tokio::net::TcpListener;

pub use form::{cookie_of, encode, form_body, form_token};
pub use in_process::{HOST, InProcessApp, Resp, Session, request};
pub use spawned::{TestApp, install_tls_provider};

pub use crate::fixtures::{PASSWORD, Person, membership};
use crate::fixtures::{actor_of, signed_in};
use crate::{TEST_NOW, TestDb};

/// The regions most stories need: Bali whole, and Kota Surabaya.
pub const BALI_AND_SURABAYA: &[&str] = &["51", "35.78"];

/// A person created by [`Setup::people_with_tokens`].
pub struct Member {
    pub email: String,
    /// A bearer token holding every right the person holds
    /// ([`Principal::rights_held`]).
    pub token: String,
    /// The `sinergi_session=…` pair of a session opened to mint the token.
    pub cookie: String,
}

/// Everything up to serving: the database, the clock (at [`TEST_NOW`]), the
/// accounts configuration (test hashing, `base_url` the address the app is
/// reached at), a media folder, and the state the app will get.
pub struct Setup {
    pub db: TestDb,
    pub clock: Arc<FixedClock>,
    pub state: AppState,
    /// Where the app is reached: the bound address when served, `http://`
    /// + [`HOST`] (or what [`Setup::for_router_at`] names) in process.
    pub base: String,
    pub members: Vec<Member>,
    listener: Option<TcpListener>,
    media: TempDir,
    kept: Vec<Box<dyn std::any::Any + Send>>,
}

impl Setup {
    /// A fresh database holding the regions under `prefixes` (see
    /// [`crate::regions`]) and the national units, for an app served on a
    /// free port of 127.0.0.1 ([`Setup::serve`]).
    pub async fn new(prefixes: &[&str]) -> Setup {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().unwrap());
        Setup::build(prefixes, base, Some(listener)).await
    }

    /// Like [`Setup::new`], for an app driven in process
    /// ([`Setup::in_process`]) as if reached at `http://` + [`HOST`].
    pub async fn for_router(prefixes: &[&str]) -> Setup {
        Setup::for_router_at(prefixes, &format!("http://{HOST}")).await
    }

    /// Like [`Setup::for_router`], the site's address being `base_url`
    /// (an `https://` one makes cookies `Secure`).
    pub async fn for_router_at(prefixes: &[&str], base_url: &str) -> Setup {
        Setup::build(prefixes, base_url.to_owned(), None).await
    }

    async fn build(prefixes: &[&str], base: String, listener: Option<TcpListener>) -> Setup {
        let db = TestDb::with_network(prefixes).await;
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
        // Publications are e-mailed to subscribers, as when served.
        state.distribution.prepare().await.unwrap();
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
    /// to call services directly.
    pub async fn principal(&self, email: &str) -> Principal {
        principal_of(&self.state.accounts, email).await
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
    /// Panics for a setup made for in-process use.
    pub fn serve(self) -> TestApp {
        let listener = self
            .listener
            .expect("Setup::new binds a port; in-process setups are not served");
        TestApp::spawn(
            listener,
            self.base,
            self.clock,
            self.state,
            self.members,
            self.db,
            Box::new((self.media, self.kept)),
        )
    }

    /// The router over `state`, called in process.
    pub fn in_process(self) -> InProcessApp {
        InProcessApp::new(
            self.clock,
            self.state,
            self.members,
            self.db,
            Box::new((self.listener, self.media, self.kept)),
        )
    }
}

/// The principal `email` acts as when signed in (password [`PASSWORD`]).
pub async fn principal_of(accounts: &Accounts, email: &str) -> Principal {
    signed_in(accounts, email).await.1.principal
}

/// Signs `email` in (password [`PASSWORD`]) and mints a token called
/// `label` holding every right the person holds. Returns the session's
/// cookie value and the token.
pub async fn mint_token(accounts: &Accounts, email: &str, label: &str) -> (String, String) {
    let (cookie_value, info) = signed_in(accounts, email).await;
    let (_, token) = accounts
        .create_api_token(
            &info,
            &actor_of(&info),
            label,
            &info.principal.rights_held(),
        )
        .await
        .unwrap();
    (cookie_value, token)
}
