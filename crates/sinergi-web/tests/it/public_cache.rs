//! The public response cache and conditional GET, through the real router
//! on a real database (SQLite, or PostgreSQL with
//! SINERGI_TEST_DATABASE_URL), with a clock that stands still: answers come
//! from the cache, a publish or a withdrawal shows on the next request
//! (also when another process wrote it), and an embargo lifts at its
//! second over a page cached ten seconds before.

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
    _db: TestDb,
}

fn config() -> AccountsConfig {
    AccountsConfig {
        hash_cost: HashCost::Test,
        base_url: "https://sinergi.example".into(),
        ..Default::default()
    }
}

async fn fixture() -> Fixture {
    let db = TestDb::with_network(&["51"]).await;
    let clock = Arc::new(FixedClock::at(TEST_NOW));
    let state = AppState::with_accounts(db.store.clone(), clock.clone(), config());
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
        _db: db,
    }
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

impl Fixture {
    async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Answer {
        let mut req = Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
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
        self.get_with(uri, &[]).await
    }

    async fn draft(&self, state: &AppState, unit: &str, title: &str) -> i64 {
        let input = ReleaseInput {
            title: title.into(),
            lead: format!("Ringkasan {title}"),
            body: "Isi siaran.".into(),
            tags: "banjir".into(),
            language: "id".into(),
            ..Default::default()
        };
        state
            .newsroom
            .create_release(&self.editor, &UnitCode::parse(unit).unwrap(), &input)
            .await
            .unwrap()
    }

    async fn version(&self, id: i64) -> i64 {
        self.state.store.release(id).await.unwrap().unwrap().version
    }

    async fn mv(&self, state: &AppState, id: i64, op: ReleaseOp, note: &str) {
        let v = self.version(id).await;
        state
            .newsroom
            .move_release(&self.editor, id, v, op, note)
            .await
            .unwrap();
    }

    /// A release of `unit` through the whole workflow, written by `state`
    /// (another `AppState` stands for another process).
    async fn publish_via(&self, state: &AppState, unit: &str, title: &str, timing: Timing) -> i64 {
        let id = self.draft(state, unit, title).await;
        self.mv(state, id, ReleaseOp::Submit, "").await;
        self.mv(state, id, ReleaseOp::Approve, "").await;
        self.mv(state, id, ReleaseOp::Release(timing), "").await;
        id
    }

    async fn publish(&self, unit: &str, title: &str, timing: Timing) -> i64 {
        self.publish_via(&self.state, unit, title, timing).await
    }

    async fn page_of(&self, id: i64) -> String {
        let r = self.state.store.release(id).await.unwrap().unwrap();
        format!("/releases/{id}-{}", r.slug)
    }
}

#[tokio::test]
async fn answers_come_from_the_cache_until_a_publish_and_drafts_do_not_empty_it() {
    let f = fixture().await;
    f.publish("51.71", "Banjir di Denpasar surut", Timing::Now)
        .await;
    f.clock.advance(SECOND);
    let first = f.get("/feeds/unit/51.71.rss").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("x-cache"), "miss");
    assert!(first.body.contains("Banjir di Denpasar surut"));
    let renders = f.state.public_cache.renders();
    let second = f.get("/feeds/unit/51.71.rss").await;
    assert_eq!(second.header("x-cache"), "hit");
    assert_eq!(second.body, first.body);
    assert_eq!(f.state.public_cache.renders(), renders);
    // A HEAD is answered from the same entry, without a body.
    let head = f
        .router
        .clone()
        .oneshot(
            Request::head("/feeds/unit/51.71.rss")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(head.headers()["x-cache"], "hit");
    assert_eq!(
        head.headers()["content-length"],
        first.body.len().to_string().as_str()
    );
    assert!(
        head.into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .is_empty()
    );

    // A draft changes nothing the public sees: still served from the cache.
    f.draft(&f.state, "51.71", "Draf rahasia").await;
    assert_eq!(
        f.get("/feeds/unit/51.71.rss").await.header("x-cache"),
        "hit"
    );

    // A publish shows on the very next request.
    f.publish("51.71", "Jembatan baru dibuka", Timing::Now)
        .await;
    let after = f.get("/feeds/unit/51.71.rss").await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(after.body.contains("Jembatan baru dibuka"));
    assert!(!after.body.contains("Draf rahasia"));
}

#[tokio::test]
async fn a_write_by_another_process_is_seen_on_the_next_request() {
    let f = fixture().await;
    f.publish("51.71", "Rilis pertama", Timing::Now).await;
    let page = f.get("/feeds/subtree/51.json").await;
    assert_eq!(page.header("x-cache"), "miss");
    assert_eq!(
        f.get("/feeds/subtree/51.json").await.header("x-cache"),
        "hit"
    );
    // Another process: its own state and cache over the same database.
    let other = AppState::with_accounts(f.state.store.clone(), f.clock.clone(), config());
    f.publish_via(&other, "51.03", "Rilis dari proses lain", Timing::Now)
        .await;
    let after = f.get("/feeds/subtree/51.json").await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(after.body.contains("Rilis dari proses lain"));
}

#[tokio::test]
async fn an_embargo_lifts_at_its_second_even_over_an_answer_cached_before() {
    let f = fixture().await;
    f.publish("51.71", "Sudah terbit", Timing::Now).await;
    let lift = TEST_NOW + 20 * SECOND;
    let id = f
        .publish(
            "51.71",
            "Hasil survei kepuasan",
            Timing::Embargo { until: lift },
        )
        .await;
    let page = f.page_of(id).await;
    f.clock.set(lift - 10 * SECOND);
    let early = f.get("/feeds/unit/51.71.atom").await;
    assert_eq!(early.header("x-cache"), "miss");
    assert!(early.body.contains("Sudah terbit"));
    assert!(!early.body.contains("Hasil survei kepuasan"));
    // Shared caches may keep it only until the embargo lifts.
    assert_eq!(early.header("cache-control"), "public, max-age=10");
    assert_eq!(f.get(&page).await.status, StatusCode::NOT_FOUND);

    f.clock.set(lift - SECOND);
    let just_before = f.get("/feeds/unit/51.71.atom").await;
    assert_eq!(just_before.header("x-cache"), "hit");
    assert!(!just_before.body.contains("Hasil survei kepuasan"));
    assert_eq!(just_before.header("cache-control"), "public, max-age=1");
    assert_eq!(f.get(&page).await.status, StatusCode::NOT_FOUND);

    f.clock.set(lift);
    let at = f.get("/feeds/unit/51.71.atom").await;
    assert_eq!(at.header("x-cache"), "miss");
    assert!(at.body.contains("Hasil survei kepuasan"));
    assert_eq!(at.header("cache-control"), "public, max-age=60");
    let release = f.get(&page).await;
    assert_eq!(release.status, StatusCode::OK);
    assert!(release.body.contains("Hasil survei kepuasan"));
}

#[tokio::test]
async fn a_withdrawal_disappears_at_once_from_cached_pages_and_feeds() {
    let f = fixture().await;
    let id = f.publish("51.71", "Data yang keliru", Timing::Now).await;
    let page = f.page_of(id).await;
    f.clock.advance(SECOND);
    for _ in 0..2 {
        assert!(f.get(&page).await.body.contains("Isi siaran."));
        assert!(
            f.get("/feeds/tag/banjir.rss")
                .await
                .body
                .contains("Data yang keliru")
        );
    }
    assert_eq!(f.get(&page).await.header("x-cache"), "hit");
    f.mv(&f.state, id, ReleaseOp::Withdraw, "Data belum final.")
        .await;
    let after = f.get(&page).await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(!after.body.contains("Isi siaran."));
    assert!(after.body.contains("Data belum final."));
    // The only release with the tag is gone: the tag feed is gone too.
    assert_eq!(
        f.get("/feeds/tag/banjir.rss").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn conditional_requests_are_answered_with_304() {
    let f = fixture().await;
    f.publish("51.71", "Pelayanan publik", Timing::Now).await;
    let published = TEST_NOW;
    f.clock.advance(5 * SECOND);
    let full = f.get("/feeds/unit/51.71.json").await;
    let etag = full.header("etag").to_owned();
    assert!(etag.starts_with('"') && etag.len() == 34, "{etag}");
    let last_modified = full.header("last-modified").to_owned();
    let expected = jiff::Timestamp::from_microsecond(published)
        .unwrap()
        .strftime("%a, %d %b %Y %H:%M:%S GMT")
        .to_string();
    assert_eq!(last_modified, expected);
    for headers in [
        vec![("if-none-match", etag.as_str())],
        vec![("if-modified-since", last_modified.as_str())],
    ] {
        let r = f.get_with("/feeds/unit/51.71.json", &headers).await;
        assert_eq!(r.status, StatusCode::NOT_MODIFIED);
        assert!(r.body.is_empty());
        assert_eq!(r.header("etag"), etag);
    }
    let changed = f
        .get_with("/feeds/unit/51.71.json", &[("if-none-match", "\"stale\"")])
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    // A signed-in reader is never served from the shared cache, but still
    // gets validators.
    let personal = f
        .get_with(
            "/feeds/unit/51.71.json",
            &[("cookie", "sinergi_session=nobody")],
        )
        .await;
    assert_eq!(personal.header("x-cache"), "bypass");
    assert_eq!(personal.header("cache-control"), "private, no-cache");
    assert_eq!(personal.header("etag"), etag);
}

#[tokio::test]
async fn unknown_feeds_are_not_found_in_the_readers_language() {
    let f = fixture().await;
    f.publish("51.71", "Ada", Timing::Now).await;
    for uri in [
        "/feeds/unit/99.99.rss",
        "/feeds/unit/51.71.xml",
        "/feeds/tag/tidak-ada.json",
        "/feeds/tag/Banjir.json",
        "/feeds/region/51.rss",
        "/open-data/unit/99.csv",
        "/open-data/tag/banjir.csv",
        "/sitemaps/releases-7.xml",
    ] {
        let r = f.get_with(uri, &[("cookie", "lang=en")]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(r.body.contains("lang=\"en\""), "{uri}");
        let id = f.get(uri).await;
        assert!(id.body.contains("lang=\"id\""), "{uri}");
    }
    // The language is part of the cache key.
    let en = f
        .get_with("/feeds/unit/51.71.rss", &[("cookie", "lang=en")])
        .await;
    let id = f.get("/feeds/unit/51.71.rss").await;
    assert!(en.body.contains("press releases"));
    assert!(id.body.contains("siaran pers"));
}
