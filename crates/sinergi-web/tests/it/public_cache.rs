//! The public response cache and conditional GET, through the real router
//! on a real database (SQLite, or PostgreSQL with
//! SINERGI_TEST_DATABASE_URL), with a clock that stands still: answers come
//! from the cache without asking the database, a publish, correction or
//! withdrawal in this process shows on the next request (pushed through
//! the services' notifier), one by another process once the cache's
//! follower has read the feed, and an embargo lifts at its second over a
//! page cached ten seconds before. Cached answers are kept in brotli and
//! gzip too, each with its own validator.

use sinergi_accounts::{AccountsConfig, HashCost};
use sinergi_domain::ReleaseId;
use sinergi_domain::access::{Principal, Reach, Role};
use sinergi_domain::clock::Clock;
use sinergi_domain::newsroom::{ReleaseOp, Timing};
use sinergi_newsroom::ReleaseInput;
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::app::{InProcessApp, Resp, Setup};
use sinergi_testkit::fixtures::{NewRelease, release};
use sinergi_web::AppState;

const SECOND: i64 = 1_000_000;
const SITE: &str = "https://sinergi.example";

struct Fixture {
    app: InProcessApp,
    editor: Principal,
}

/// The accounts settings of the site, for a second `AppState` standing for
/// another process.
fn config() -> AccountsConfig {
    AccountsConfig {
        hash_cost: HashCost::Test,
        base_url: SITE.into(),
        ..Default::default()
    }
}

async fn fixture() -> Fixture {
    let email = "humas@baliprov.go.id";
    let mut setup = Setup::for_router_at(&["51"], SITE).await;
    setup
        .people(&[(email, "51", Role::Admin, Reach::Subtree)])
        .await;
    let editor = setup.principal(email).await;
    Fixture {
        app: setup.in_process(),
        editor,
    }
}

impl Fixture {
    async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Resp {
        self.app.get_with(uri, headers).await
    }

    async fn get(&self, uri: &str) -> Resp {
        self.app.get_with(uri, &[]).await
    }

    /// A release of `unit` as written here, with the lead and tag the
    /// story's pages show.
    fn release(unit: &str, title: &str) -> NewRelease {
        release(unit, title)
            .lead(&format!("Ringkasan {title}"))
            .tags("banjir")
    }

    async fn draft(&self, state: &AppState, unit: &str, title: &str) -> ReleaseId {
        Fixture::release(unit, title)
            .draft(&state.newsroom, &self.editor)
            .await
    }

    async fn version(&self, id: ReleaseId) -> i64 {
        self.app
            .state
            .store
            .release(id)
            .await
            .unwrap()
            .unwrap()
            .version
    }

    async fn mv(&self, state: &AppState, id: ReleaseId, op: ReleaseOp, note: &str) {
        let v = self.version(id).await;
        state
            .newsroom
            .move_release(&self.editor, id, v, op, note)
            .await
            .unwrap();
    }

    /// A release of `unit` through the whole workflow, written by `state`
    /// (another `AppState` stands for another process).
    async fn publish_via(
        &self,
        state: &AppState,
        unit: &str,
        title: &str,
        timing: Timing,
    ) -> ReleaseId {
        Fixture::release(unit, title)
            .released(&state.newsroom, &self.editor, timing)
            .await
    }

    async fn publish(&self, unit: &str, title: &str, timing: Timing) -> ReleaseId {
        self.publish_via(&self.app.state, unit, title, timing).await
    }

    async fn page_of(&self, id: ReleaseId) -> String {
        let r = self.app.state.store.release(id).await.unwrap().unwrap();
        format!("/releases/{id}-{}", r.slug)
    }
}

#[tokio::test]
async fn answers_come_from_the_cache_until_a_publish_and_drafts_do_not_empty_it() {
    let f = fixture().await;
    f.publish("51.71", "Banjir di Denpasar surut", Timing::Now)
        .await;
    f.app.clock.advance(SECOND);
    let first = f.get("/feeds/unit/51.71.rss").await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header("x-cache"), "miss");
    assert!(first.body.contains("Banjir di Denpasar surut"));
    let renders = f.app.state.public_cache.renders();
    let second = f.get("/feeds/unit/51.71.rss").await;
    assert_eq!(second.header("x-cache"), "hit");
    assert_eq!(second.body, first.body);
    assert_eq!(f.app.state.public_cache.renders(), renders);
    // A HEAD is answered from the same entry, without a body.
    let head = f.app.head("/feeds/unit/51.71.rss").await;
    assert_eq!(head.header("x-cache"), "hit");
    assert_eq!(head.header("content-length"), first.body.len().to_string());
    assert!(head.bytes.is_empty());

    // A draft changes nothing the public sees: still served from the cache.
    f.draft(&f.app.state, "51.71", "Draf rahasia").await;
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
async fn a_write_by_another_process_is_seen_once_the_follower_reads_the_feed() {
    let f = fixture().await;
    f.publish("51.71", "Rilis pertama", Timing::Now).await;
    let page = f.get("/feeds/subtree/51.json").await;
    assert_eq!(page.header("x-cache"), "miss");
    assert_eq!(
        f.get("/feeds/subtree/51.json").await.header("x-cache"),
        "hit"
    );
    // Another process: its own state and cache over the same database.
    let other = AppState::with_accounts(f.app.state.store.clone(), f.app.clock.clone(), config());
    f.publish_via(&other, "51.03", "Rilis dari proses lain", Timing::Now)
        .await;
    // Nothing in this process was told: hits stay hits (no database
    // read) until the follower's next poll, the lag `public_cache_poll_ms`
    // bounds.
    let before = f.get("/feeds/subtree/51.json").await;
    assert_eq!(before.header("x-cache"), "hit");
    assert!(!before.body.contains("Rilis dari proses lain"));
    f.app
        .state
        .public_cache
        .poll(&f.app.state.store, f.app.clock.now())
        .await
        .unwrap();
    let after = f.get("/feeds/subtree/51.json").await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(after.body.contains("Rilis dari proses lain"));
    // A poll that finds nothing public leaves the entries alone.
    f.draft(&other, "51.03", "Draf proses lain").await;
    f.app
        .state
        .public_cache
        .poll(&f.app.state.store, f.app.clock.now())
        .await
        .unwrap();
    assert_eq!(
        f.get("/feeds/subtree/51.json").await.header("x-cache"),
        "hit"
    );
}

#[tokio::test]
async fn a_hit_asks_nothing_of_the_database() {
    let f = fixture().await;
    let id = f.publish("51.71", "Pasar murah", Timing::Now).await;
    let page = f.page_of(id).await;
    f.app.clock.advance(SECOND);
    let first = f.get(&page).await;
    assert_eq!(first.header("x-cache"), "miss");
    // With the database gone, hits are still served, byte for byte.
    f.app.state.store.close().await;
    for _ in 0..3 {
        let hit = f.get(&page).await;
        assert_eq!(hit.status, 200);
        assert_eq!(hit.header("x-cache"), "hit");
        assert_eq!(hit.body, first.body);
    }
}

#[tokio::test]
async fn a_correction_reaches_the_next_request_through_the_notifier() {
    let f = fixture().await;
    let id = f.publish("51.71", "Jadwal vaksinasi", Timing::Now).await;
    let page = f.page_of(id).await;
    f.app.clock.advance(SECOND);
    assert_eq!(f.get(&page).await.header("x-cache"), "miss");
    assert_eq!(f.get(&page).await.header("x-cache"), "hit");
    let input = ReleaseInput {
        title: "Jadwal vaksinasi".into(),
        lead: "Ringkasan Jadwal vaksinasi".into(),
        body: "Jadwal diperbarui: Sabtu pagi.".into(),
        tags: "banjir".into(),
        language: "id".into(),
        ..Default::default()
    };
    let v = f.version(id).await;
    f.app
        .state
        .newsroom
        .correct_release(&f.editor, id, v, &input, "Hari diperbaiki.")
        .await
        .unwrap();
    // No follower runs in this test: only the notifier can tell the cache.
    let after = f.get(&page).await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(after.body.contains("Jadwal diperbarui: Sabtu pagi."));
}

#[tokio::test]
async fn cached_answers_are_sent_compressed_with_their_own_validators() {
    use std::io::Read;
    let f = fixture().await;
    let id = f
        .publish("51.71", "Festival budaya di Ubud", Timing::Now)
        .await;
    let page = f.page_of(id).await;
    f.app.clock.advance(SECOND);
    for uri in [page.as_str(), "/feeds/unit/51.71.rss"] {
        let plain_answer = f.get(uri).await;
        let plain = &plain_answer.bytes;
        assert_eq!(plain_answer.header("content-encoding"), "", "{uri}");
        let plain_etag = plain_answer.header("etag");
        let mut etags = vec![plain_etag.clone()];
        for (accept, coding) in [
            ("gzip, deflate, br", "br"),
            ("gzip;q=1.0, br;q=0.5", "gzip"),
            ("br;q=0, gzip", "gzip"),
        ] {
            let answer = f.get_with(uri, &[("accept-encoding", accept)]).await;
            let body = &answer.bytes;
            assert_eq!(answer.status, 200);
            assert_eq!(answer.header("x-cache"), "hit", "{uri} {accept}");
            assert_eq!(answer.header("content-encoding"), coding, "{uri} {accept}");
            assert!(answer.header("vary").contains("Accept-Encoding"));
            assert!(body.len() < plain.len(), "{uri} {coding}");
            let mut decoded = Vec::new();
            if coding == "br" {
                brotli::Decompressor::new(&body[..], 4096)
                    .read_to_end(&mut decoded)
                    .unwrap();
            } else {
                flate2::read::GzDecoder::new(&body[..])
                    .read_to_end(&mut decoded)
                    .unwrap();
            }
            assert_eq!(&decoded, plain, "{uri} {coding}");
            let etag = answer.header("etag");
            assert_ne!(etag, plain_etag, "each encoding has its own validator");
            if !etags.contains(&etag) {
                etags.push(etag.clone());
            }
            // Its own validator gets 304; the identity one does not.
            let status = f
                .get_with(
                    uri,
                    &[("accept-encoding", accept), ("if-none-match", &etag)],
                )
                .await
                .status;
            assert_eq!(status, 304);
            let status = f
                .get_with(
                    uri,
                    &[("accept-encoding", accept), ("if-none-match", &plain_etag)],
                )
                .await
                .status;
            assert_eq!(status, 200);
        }
        assert_eq!(etags.len(), 3, "{uri}: {etags:?}");
    }
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
    f.app.clock.set(lift - 10 * SECOND);
    let early = f.get("/feeds/unit/51.71.atom").await;
    assert_eq!(early.header("x-cache"), "miss");
    assert!(early.body.contains("Sudah terbit"));
    assert!(!early.body.contains("Hasil survei kepuasan"));
    // Shared caches may keep it only until the embargo lifts.
    assert_eq!(early.header("cache-control"), "public, max-age=10");
    assert_eq!(f.get(&page).await.status, 404);

    f.app.clock.set(lift - SECOND);
    let just_before = f.get("/feeds/unit/51.71.atom").await;
    assert_eq!(just_before.header("x-cache"), "hit");
    assert!(!just_before.body.contains("Hasil survei kepuasan"));
    assert_eq!(just_before.header("cache-control"), "public, max-age=1");
    assert_eq!(f.get(&page).await.status, 404);

    f.app.clock.set(lift);
    let at = f.get("/feeds/unit/51.71.atom").await;
    assert_eq!(at.header("x-cache"), "miss");
    assert!(at.body.contains("Hasil survei kepuasan"));
    assert_eq!(at.header("cache-control"), "public, max-age=60");
    let release = f.get(&page).await;
    assert_eq!(release.status, 200);
    assert!(release.body.contains("Hasil survei kepuasan"));
}

#[tokio::test]
async fn a_withdrawal_disappears_at_once_from_cached_pages_and_feeds() {
    let f = fixture().await;
    let id = f.publish("51.71", "Data yang keliru", Timing::Now).await;
    let page = f.page_of(id).await;
    f.app.clock.advance(SECOND);
    for _ in 0..2 {
        assert!(f.get(&page).await.body.contains("Isi siaran."));
        assert!(f.get("/").await.body.contains("Data yang keliru"));
        assert!(
            f.get("/feeds/tag/banjir.rss")
                .await
                .body
                .contains("Data yang keliru")
        );
    }
    assert_eq!(f.get(&page).await.header("x-cache"), "hit");
    f.mv(&f.app.state, id, ReleaseOp::Withdraw, "Data belum final.")
        .await;
    let after = f.get(&page).await;
    assert_eq!(after.header("x-cache"), "miss");
    assert!(!after.body.contains("Isi siaran."));
    assert!(after.body.contains("Data belum final."));
    let home = f.get("/").await;
    assert_eq!(home.header("x-cache"), "miss");
    assert!(!home.body.contains("Data yang keliru"));
    // The only release with the tag is gone: the tag feed is gone too.
    assert_eq!(f.get("/feeds/tag/banjir.rss").await.status, 404);
}

#[tokio::test]
async fn conditional_requests_are_answered_with_304() {
    let f = fixture().await;
    f.publish("51.71", "Pelayanan publik", Timing::Now).await;
    let published = TEST_NOW;
    f.app.clock.advance(5 * SECOND);
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
        assert_eq!(r.status, 304);
        assert!(r.body.is_empty());
        assert_eq!(r.header("etag"), etag);
    }
    let changed = f
        .get_with("/feeds/unit/51.71.json", &[("if-none-match", "\"stale\"")])
        .await;
    assert_eq!(changed.status, 200);
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
        assert_eq!(r.status, 404, "{uri}");
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

#[tokio::test]
async fn the_anonymous_list_pages_are_cached_by_exact_path_and_emptied_by_a_publish() {
    let f = fixture().await;
    f.publish("51.71", "Banjir di Denpasar surut", Timing::Now)
        .await;
    f.app.clock.advance(SECOND);
    let lists = ["/", "/releases", "/register", "/press"];
    for path in lists {
        let first = f.get(path).await;
        assert_eq!(first.status, 200, "{path}");
        assert_eq!(first.header("x-cache"), "miss", "{path}");
        // A random query string is the same entry, not a new one.
        let again = f.get(&format!("{path}?utm_source=wa&x=8271")).await;
        assert_eq!(again.header("x-cache"), "hit", "{path}");
        assert_eq!(again.body, first.body, "{path}");
    }
    let entries = f.app.state.public_cache.len();
    // Pages below them are not taken by these rules.
    assert_ne!(f.get("/registered").await.header("x-cache"), "hit");
    assert_eq!(f.app.state.public_cache.len(), entries);
    // A refused register kind is answered, not kept.
    assert_eq!(f.get("/register?kind=poem").await.status, 400);
    assert_eq!(f.app.state.public_cache.len(), entries);

    // One publish shows on the home page and the releases at once.
    f.publish("51.71", "Pasar murah di Sanur", Timing::Now)
        .await;
    for path in ["/", "/releases"] {
        let after = f.get(path).await;
        assert_eq!(after.header("x-cache"), "miss", "{path}");
        assert!(after.body.contains("Pasar murah di Sanur"), "{path}");
    }
    // A draft empties nothing.
    f.draft(&f.app.state, "51.71", "Draf rahasia").await;
    for path in ["/", "/releases"] {
        let hit = f.get(path).await;
        assert_eq!(hit.header("x-cache"), "hit", "{path}");
        assert!(!hit.body.contains("Draf rahasia"));
    }
    // Signed in, the home page is never the shared one.
    let personal = f
        .get_with("/", &[("cookie", "sinergi_session=nobody")])
        .await;
    assert_eq!(personal.header("x-cache"), "bypass");
}
