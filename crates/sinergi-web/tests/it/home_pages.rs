//! The home page as the network's newsroom, the navigation's areas and a
//! unit page as a hub, through the real router on a real database
//! (SQLite, or PostgreSQL with SINERGI_TEST_DATABASE_URL).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use sinergi_accounts::{AccountsConfig, HashCost};
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Membership, Principal, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::newsroom::{ReleaseOp, Timing};
use sinergi_newsroom::ReleaseInput;
use sinergi_testkit::{TEST_NOW, TestDb};
use sinergi_web::AppState;
use tower::ServiceExt;

const SECOND: i64 = 1_000_000;
const PASSWORD: &str = "kopi tubruk di sanur pagi";

struct Fixture {
    state: AppState,
    router: Router,
    clock: Arc<FixedClock>,
    editor: Principal,
    cookie: String,
    _db: TestDb,
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn fixture() -> Fixture {
    let db = TestDb::with_network(&["51"]).await;
    let clock = Arc::new(FixedClock::at(TEST_NOW));
    let config = AccountsConfig {
        hash_cost: HashCost::Test,
        base_url: "https://sinergi.example".into(),
        ..Default::default()
    };
    let state = AppState::with_accounts(db.store.clone(), clock.clone(), config);
    let m = Membership {
        unit: UnitCode::parse("51").unwrap(),
        role: Role::Admin,
        reach: Reach::Subtree,
    };
    let email = "humas@baliprov.go.id";
    state
        .accounts
        .create_account(email, "Humas Bali", PASSWORD, &m)
        .await
        .unwrap();
    let signed = state.accounts.sign_in(email, PASSWORD, None).await.unwrap();
    let editor = state
        .accounts
        .session(&signed.cookie_value)
        .await
        .unwrap()
        .unwrap()
        .principal;
    Fixture {
        router: sinergi_web::router(state.clone()),
        state,
        clock,
        editor,
        cookie: format!("sinergi_session={}", signed.cookie_value),
        _db: db,
    }
}

impl Fixture {
    async fn get_with(&self, uri: &str, cookie: Option<&str>) -> Answer {
        let mut req = Request::get(uri);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    async fn get(&self, uri: &str) -> Answer {
        self.get_with(uri, None).await
    }

    /// A release of `unit` through the whole workflow, public now.
    async fn publish(&self, unit: &str, title: &str) -> i64 {
        let input = ReleaseInput {
            title: title.into(),
            lead: format!("Ringkasan {title}"),
            body: "Isi siaran.".into(),
            tags: "banjir".into(),
            language: "id".into(),
            ..Default::default()
        };
        let newsroom = &self.state.newsroom;
        let id = newsroom
            .create_release(&self.editor, &UnitCode::parse(unit).unwrap(), &input)
            .await
            .unwrap();
        for op in [
            ReleaseOp::Submit,
            ReleaseOp::Approve,
            ReleaseOp::Release(Timing::Now),
        ] {
            let v = self.state.store.release(id).await.unwrap().unwrap().version;
            newsroom
                .move_release(&self.editor, id, v, op, "")
                .await
                .unwrap();
        }
        id
    }
}

#[tokio::test]
async fn the_home_page_is_the_networks_newsroom_served_from_the_public_cache() {
    let f = fixture().await;
    f.publish("51.71", "Banjir di Denpasar surut").await;
    f.clock.advance(SECOND);

    let first = f.get("/").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("x-cache"), "miss");
    assert!(first.body.contains("Banjir di Denpasar surut"));
    // The unit is named with its parent, not by its code.
    assert!(first.body.contains("Kota Denpasar, Bali"), "{}", first.body);
    let renders = f.state.public_cache.renders();
    let second = f.get("/").await;
    assert_eq!(second.header("x-cache"), "hit");
    assert_eq!(second.body, first.body);
    assert_eq!(f.state.public_cache.renders(), renders);

    // A publish reaches the home page on the next request.
    f.publish("51.71", "Pasar murah di Sanur").await;
    f.clock.advance(SECOND);
    let after = f.get("/").await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(after.body.contains("Pasar murah di Sanur"));

    // Signed in, the page is the person's own: never from the cache, and
    // it says who is signed in for which unit.
    let mine = f.get_with("/", Some(&f.cookie)).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_ne!(mine.header("x-cache"), "hit");
    assert!(mine.body.contains("Humas Bali · Bali"), "{}", mine.body);
    assert!(mine.body.contains("href=\"/workspace\""));
    assert!(!first.body.contains("Humas Bali"));
}

#[tokio::test]
async fn every_area_in_the_navigation_is_a_real_page() {
    let f = fixture().await;
    f.publish("51.71", "Banjir di Denpasar surut").await;
    f.clock.advance(SECOND);
    let home = f.get("/").await;
    for area in [
        "/releases",
        "/campaigns/running",
        "/press",
        "/register",
        "/network",
    ] {
        assert!(
            home.body.contains(&format!("href=\"{area}\"")),
            "{area} is in the navigation"
        );
        let page = f.get(area).await;
        assert_eq!(page.status, StatusCode::OK, "{area}: {}", page.body);
    }
    let releases = f.get("/releases").await;
    assert!(releases.body.contains("Banjir di Denpasar surut"));
    assert!(releases.body.contains("aria-current=\"page\""));
    assert_eq!(
        f.get("/register?kind=poem").await.status,
        StatusCode::BAD_REQUEST
    );
    let icon = f.get("/favicon.ico").await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(icon.header("content-type"), "image/x-icon");
}

#[tokio::test]
async fn a_unit_page_is_a_hub_and_an_empty_one_says_what_to_do() {
    let f = fixture().await;
    f.publish("51.71", "Banjir di Denpasar surut").await;
    f.clock.advance(SECOND);
    let province = f.get("/units/51").await;
    assert_eq!(province.status, StatusCode::OK);
    assert!(province.body.contains("Banjir di Denpasar surut"));
    assert!(province.body.contains("href=\"/feeds/subtree/51.rss\""));
    // The gap and the campaigns are internal.
    assert!(!province.body.contains("/gap?unit=51"));
    let inside = f.get_with("/units/51", Some(&f.cookie)).await;
    assert!(
        inside.body.contains("/gap?unit=51&#38;subtree=1")
            || inside.body.contains("/gap?unit=51&amp;subtree=1"),
        "{}",
        inside.body
    );

    let village = f.get("/units/51.71.01.1006").await;
    assert_eq!(village.status, StatusCode::OK);
    assert!(village.body.contains("Belum ada yang terbit"));
    assert!(!village.body.contains("tidak memiliki sub-unit"));
    assert!(village.body.contains("/sign-in?next=/units/51.71.01.1006"));
}
