//! Feeds, sitemaps, robots.txt and open data over a real port, on SQLite or
//! PostgreSQL (SINERGI_TEST_DATABASE_URL), read by two independent feed
//! clients: `feed-rs` here and Python's `feedparser`
//! (`tests/feeds/parse_feed.py`). Sitemaps are validated with
//! `xmllint --schema` against the sitemap and news sitemap schemas in
//! `tests/feeds/schemas/`.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use sinergi_accounts::{Accounts, AccountsConfig, HashCost};
use sinergi_domain::UnitCode;
use sinergi_domain::access::{Membership, Principal, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::newsroom::{ReleaseOp, Timing};
use sinergi_newsroom::ReleaseInput;
use sinergi_testkit::{TEST_NOW, TestDb};
use sinergi_web::AppState;

const PASSWORD: &str = "kopi tubruk di sanur pagi";
const SECOND: i64 = 1_000_000;
/// When the embargoed release lifts.
const LIFT: i64 = TEST_NOW + 300 * SECOND;

struct Running {
    base: String,
    client: reqwest::Client,
    clock: Arc<FixedClock>,
    state: AppState,
    /// Ids: first (51.71), second (51.71), embargoed (51.71), amplified
    /// (35.78 carrying the first).
    ids: [i64; 4],
    _db: TestDb,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn principal(accounts: &Accounts, email: &str, unit: &str) -> Principal {
    let m = Membership {
        unit: UnitCode::parse(unit).unwrap(),
        role: Role::Admin,
        reach: Reach::Subtree,
    };
    accounts
        .create_account(email, email, PASSWORD, &m)
        .await
        .unwrap();
    let s = accounts.sign_in(email, PASSWORD, None).await.unwrap();
    accounts
        .session(&s.cookie_value)
        .await
        .unwrap()
        .unwrap()
        .principal
}

async fn publish(state: &AppState, p: &Principal, unit: &str, title: &str, timing: Timing) -> i64 {
    let input = ReleaseInput {
        title: title.into(),
        lead: format!("Ringkasan: {title}."),
        body: "Isi siaran.".into(),
        tags: "pelayanan publik".into(),
        language: "id".into(),
        ..Default::default()
    };
    let n = &state.newsroom;
    let id = n
        .create_release(p, &UnitCode::parse(unit).unwrap(), &input)
        .await
        .unwrap();
    for op in [
        ReleaseOp::Submit,
        ReleaseOp::Approve,
        ReleaseOp::Release(timing),
    ] {
        let v = state.store.release(id).await.unwrap().unwrap().version;
        n.move_release(p, id, v, op, "").await.unwrap();
    }
    id
}

/// Bali publishes two releases a minute apart and one under embargo until
/// [`LIFT`]; Surabaya amplifies the first. The clock then stands between.
async fn start() -> Running {
    let db = TestDb::with_network(&["51", "35.78"]).await;
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
    let state = AppState::with_accounts(db.store.clone(), clock.clone(), config);
    let bali = principal(&state.accounts, "humas@baliprov.go.id", "51").await;
    let jatim = principal(&state.accounts, "humas@surabaya.go.id", "35.78").await;
    let first = publish(
        &state,
        &bali,
        "51.71",
        "Denpasar membuka mal pelayanan",
        Timing::Now,
    )
    .await;
    clock.advance(60 * SECOND);
    let second = publish(
        &state,
        &bali,
        "51.71",
        "Antrean daring untuk KTP",
        Timing::Now,
    )
    .await;
    let embargoed = publish(
        &state,
        &bali,
        "51.71",
        "Indeks kepuasan masyarakat naik",
        Timing::Embargo { until: LIFT },
    )
    .await;
    clock.advance(60 * SECOND);
    let amplified = state
        .newsroom
        .amplify(&jatim, first, &UnitCode::parse("35.78").unwrap())
        .await
        .unwrap();
    clock.set(LIFT - SECOND);
    let served = state.clone();
    let task = tokio::spawn(async move { sinergi::server::serve(listener, served).await.unwrap() });
    Running {
        base,
        client: reqwest::Client::new(),
        clock,
        state,
        ids: [first, second, embargoed, amplified],
        _db: db,
        task,
    }
}

fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

impl Running {
    async fn bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
    }

    async fn href(&self, id: i64) -> String {
        let r = self.state.store.release(id).await.unwrap().unwrap();
        format!("{}/releases/{id}-{}", self.base, r.slug)
    }

    /// What Python's feedparser reads at `path`.
    fn feedparser(&self, path: &str) -> Value {
        let out = std::process::Command::new("python3")
            .arg(repo_file("tests/feeds/parse_feed.py"))
            .arg(format!("{}{path}", self.base))
            .output()
            .expect("python3 runs (scripts/test installs feedparser)");
        assert!(
            out.status.success(),
            "feedparser failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn offset_of(unit_zone_hours: i64) -> (String, String) {
    (
        format!("+{unit_zone_hours:02}:00"),
        format!("+{unit_zone_hours:02}00"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_parse_in_two_clients_with_local_times_and_no_embargoed_entry() {
    let app = start().await;
    let [first, second, embargoed, _] = app.ids;
    let (first_href, second_href) = (app.href(first).await, app.href(second).await);
    let embargoed_title = "Indeks kepuasan masyarakat naik";
    // Bali keeps WITA, UTC+8.
    let (rfc3339_offset, rfc822_offset) = offset_of(8);
    for ext in ["rss", "atom", "json"] {
        let path = format!("/feeds/unit/51.71.{ext}");
        // feed-rs
        let (status, body) = app.bytes(&path).await;
        assert_eq!(status, 200, "{path}");
        let text = String::from_utf8(body.clone()).unwrap();
        assert!(!text.contains(embargoed_title), "{path}");
        let offset = if ext == "rss" {
            &rfc822_offset
        } else {
            &rfc3339_offset
        };
        assert!(text.contains(offset.as_str()), "{path}: {text}");
        let feed = feed_rs::parser::parse(&body[..]).unwrap();
        let titles: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert_eq!(
            titles,
            ["Antrean daring untuk KTP", "Denpasar membuka mal pelayanan"],
            "{path}"
        );
        let links: Vec<&str> = feed
            .entries
            .iter()
            .map(|e| e.links[0].href.as_str())
            .collect();
        assert_eq!(links, [second_href.as_str(), first_href.as_str()], "{path}");
        let published: Vec<i64> = feed
            .entries
            .iter()
            .map(|e| e.published.unwrap().timestamp())
            .collect();
        assert_eq!(
            published,
            [TEST_NOW / SECOND + 60, TEST_NOW / SECOND],
            "{path}"
        );

        // feedparser
        let parsed = app.feedparser(&path);
        assert_eq!(parsed["bozo"], false, "{path}: {parsed}");
        let entries = parsed["entries"].as_array().unwrap();
        let titles: Vec<&str> = entries
            .iter()
            .map(|e| e["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            ["Antrean daring untuk KTP", "Denpasar membuka mal pelayanan"],
            "{path}"
        );
        assert_eq!(entries[0]["link"], second_href.as_str(), "{path}");
        assert_eq!(entries[0]["published_utc"], TEST_NOW / SECOND + 60);
        let raw = entries[0]["published"].as_str().unwrap();
        assert!(raw.ends_with(offset.as_str()), "{path}: {raw}");
    }

    // At the embargo's second it is there, first, in both clients.
    app.clock.set(LIFT);
    let embargoed_href = app.href(embargoed).await;
    for ext in ["rss", "atom", "json"] {
        let path = format!("/feeds/subtree/51.{ext}");
        let (_, body) = app.bytes(&path).await;
        let feed = feed_rs::parser::parse(&body[..]).unwrap();
        assert_eq!(feed.entries.len(), 3, "{path}");
        assert_eq!(
            feed.entries[0].title.as_ref().unwrap().content,
            embargoed_title
        );
        assert_eq!(feed.entries[0].links[0].href, embargoed_href);
        assert_eq!(
            feed.entries[0].published.unwrap().timestamp(),
            LIFT / SECOND
        );
        let parsed = app.feedparser(&path);
        assert_eq!(parsed["entries"][0]["title"], embargoed_title, "{path}");
        assert_eq!(parsed["entries"].as_array().unwrap().len(), 3);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amplification_credits_its_original_and_tag_feeds_span_units() {
    let app = start().await;
    let [first, _, _, amplified] = app.ids;
    let original = app.href(first).await;
    let (_, body) = app.bytes("/feeds/unit/35.78.json").await;
    let json: Value = serde_json::from_slice(&body).unwrap();
    let item = &json["items"][0];
    assert_eq!(item["url"], app.href(amplified).await.as_str());
    assert_eq!(item["external_url"], original.as_str());
    // Surabaya keeps WIB, UTC+7.
    assert!(item["date_published"].as_str().unwrap().ends_with("+07:00"));
    let (_, atom) = app.bytes("/feeds/unit/35.78.atom").await;
    let feed = feed_rs::parser::parse(&atom[..]).unwrap();
    assert!(
        feed.entries[0]
            .links
            .iter()
            .any(|l| l.href == original && l.rel.as_deref() == Some("via"))
    );
    // The tag feed carries both units, each in its own zone.
    let parsed = app.feedparser("/feeds/tag/pelayanan-publik.rss");
    let entries = parsed["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{parsed}");
    assert!(entries[0]["published"].as_str().unwrap().ends_with("+0700"));
    assert!(entries[1]["published"].as_str().unwrap().ends_with("+0800"));
}

fn xmllint(schema: &str, xml: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(repo_file(&format!("tests/feeds/schemas/{schema}")))
        .arg(&file)
        .output()
        .expect("xmllint runs (Debian libxml2-utils; .ci/run installs it)");
    assert!(
        out.status.success(),
        "{schema}: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(xml)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sitemaps_validate_and_hold_only_public_addresses() {
    let app = start().await;
    let [first, second, embargoed, amplified] = app.ids;
    let (status, index) = app.bytes("/sitemap.xml").await;
    assert_eq!(status, 200);
    xmllint("siteindex.xsd", &index);
    let index = String::from_utf8(index).unwrap();
    for file in ["units-0.xml", "releases-0.xml", "news.xml"] {
        assert!(
            index.contains(&format!("<loc>{}/sitemaps/{file}</loc>", app.base)),
            "{index}"
        );
    }
    let (_, units) = app.bytes("/sitemaps/units-0.xml").await;
    xmllint("sitemap.xsd", &units);
    let units = String::from_utf8(units).unwrap();
    assert!(units.contains(&format!("<loc>{}/press/51.71</loc>", app.base)));
    assert!(units.contains(&format!("<loc>{}/press/35.78</loc>", app.base)));
    assert!(!units.contains("/press/51.03<"), "no release, no entry");

    let (_, releases) = app.bytes("/sitemaps/releases-0.xml").await;
    xmllint("sitemap.xsd", &releases);
    let releases = String::from_utf8(releases).unwrap();
    for id in [first, second, amplified] {
        assert!(releases.contains(&app.href(id).await));
    }
    assert!(!releases.contains(&app.href(embargoed).await));
    assert!(releases.contains("+08:00</lastmod>"));

    let (_, news) = app.bytes("/sitemaps/news.xml").await;
    xmllint("news-sitemap.xsd", &news);
    let news = String::from_utf8(news).unwrap();
    assert!(news.contains("<news:title>Antrean daring untuk KTP</news:title>"));
    assert!(!news.contains("Indeks kepuasan"));
    app.clock.set(LIFT);
    let (_, news) = app.bytes("/sitemaps/news.xml").await;
    xmllint("news-sitemap.xsd", &news);
    assert!(String::from_utf8(news).unwrap().contains("Indeks kepuasan"));
    // Three days later nothing is news: a urlset needs a url, so the file
    // is gone and the index no longer names it.
    app.clock.set(LIFT + 3 * 86_400 * SECOND);
    let (status, _) = app.bytes("/sitemaps/news.xml").await;
    assert_eq!(status, 404);
    let (_, index) = app.bytes("/sitemap.xml").await;
    xmllint("siteindex.xsd", &index);
    assert!(!String::from_utf8(index).unwrap().contains("news.xml"));

    let (status, robots) = app.bytes("/robots.txt").await;
    assert_eq!(status, 200);
    let robots = String::from_utf8(robots).unwrap();
    assert!(robots.contains(&format!("Sitemap: {}/sitemap.xml", app.base)));
    assert!(robots.contains("Disallow: /workspace"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_data_lists_published_releases_as_csv_and_json() {
    let app = start().await;
    let [first, second, embargoed, _] = app.ids;
    let (status, csv) = app.bytes("/open-data/subtree/51.csv").await;
    assert_eq!(status, 200);
    let mut reader = csv::Reader::from_reader(&csv[..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(&headers[6], "published_at");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ids, [second, first]);
    assert_eq!(&rows[0][3], "51.71");
    assert_eq!(&rows[0][5], "regency");
    assert!(rows[0][6].ends_with("+08:00"));
    assert_eq!(&rows[0][9], "pelayanan-publik");

    app.clock.set(LIFT);
    let (_, json) = app.bytes("/open-data/unit/51.71.json").await;
    let json: Value = serde_json::from_slice(&json).unwrap();
    let releases = json["releases"].as_array().unwrap();
    assert_eq!(releases[0]["id"], embargoed);
    assert_eq!(releases.len(), 3);
    assert!(json["next"].is_null());
    let (_, amplified) = app.bytes("/open-data/unit/35.78.json").await;
    let amplified: Value = serde_json::from_slice(&amplified).unwrap();
    assert_eq!(
        amplified["releases"][0]["amplifies"],
        app.href(first).await.as_str()
    );

    let (status, page) = app.bytes("/open-data").await;
    assert_eq!(status, 200);
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("/open-data/subtree/51.71.csv"));
    assert!(page.contains("published_at"));
}
