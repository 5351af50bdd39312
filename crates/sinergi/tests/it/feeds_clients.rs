//! Feeds, sitemaps, robots.txt and open data over a real port, on SQLite or
//! PostgreSQL (SINERGI_TEST_DATABASE_URL), read by two independent feed
//! clients: `feed-rs` here and Python's `feedparser`
//! (`tests/feeds/parse_feed.py`). Sitemaps are validated with
//! `xmllint --schema` against the sitemap and news sitemap schemas in
//! `tests/feeds/schemas/`.

use serde_json::Value;
use sinergi_domain::access::{Principal, Reach, Role};
use sinergi_domain::newsroom::Timing;
use sinergi_domain::{ReleaseId, UnitCode};
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::fixtures::cast;
use sinergi_web::AppState;

use sinergi_testkit::app::{BALI_AND_SURABAYA, Setup, TestApp};
use sinergi_testkit::fixtures::release;
use sinergi_testkit::repo_file;

const SECOND: i64 = 1_000_000;
/// When the embargoed release lifts.
const LIFT: i64 = TEST_NOW + 300 * SECOND;

async fn publish(
    state: &AppState,
    p: &Principal,
    unit: &str,
    title: &str,
    timing: Timing,
) -> ReleaseId {
    release(unit, title)
        .tags("pelayanan publik")
        .released(&state.newsroom, p, timing)
        .await
}

/// Bali publishes two releases a minute apart and one under embargo until
/// [`LIFT`]; Surabaya amplifies the first. The clock then stands between.
/// Returns the app and the ids: first (51.71), second (51.71), embargoed
/// (51.71), amplified (35.78 carrying the first).
async fn start() -> (TestApp, [ReleaseId; 4]) {
    let mut setup = Setup::new(BALI_AND_SURABAYA).await;
    setup
        .people(&[
            cast::HUMAS_BALI,
            ("humas@surabaya.go.id", "35.78", Role::Admin, Reach::Subtree),
        ])
        .await;
    let bali = setup.principal("humas@baliprov.go.id").await;
    let jatim = setup.principal("humas@surabaya.go.id").await;
    let (state, clock) = (&setup.state, &setup.clock);
    let first = publish(
        state,
        &bali,
        "51.71",
        "Denpasar membuka mal pelayanan",
        Timing::Now,
    )
    .await;
    clock.advance(60 * SECOND);
    let second = publish(
        state,
        &bali,
        "51.71",
        "Antrean daring untuk KTP",
        Timing::Now,
    )
    .await;
    let embargoed = publish(
        state,
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
    (setup.serve(), [first, second, embargoed, amplified])
}

async fn bytes(app: &TestApp, path: &str) -> (u16, Vec<u8>) {
    let r = app.get(path, None).await;
    (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
}

/// A release's public address.
async fn href(app: &TestApp, id: ReleaseId) -> String {
    let r = app.state.store.release(id).await.unwrap().unwrap();
    format!("{}/releases/{id}-{}", app.base, r.slug)
}

/// What Python's feedparser reads at `path`.
fn feedparser(app: &TestApp, path: &str) -> Value {
    let out = std::process::Command::new("python3")
        .arg(repo_file("tests/feeds/parse_feed.py"))
        .arg(app.url(path))
        .output()
        .expect("python3 runs (scripts/test installs feedparser)");
    assert!(
        out.status.success(),
        "feedparser failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn offset_of(unit_zone_hours: i64) -> (String, String) {
    (
        format!("+{unit_zone_hours:02}:00"),
        format!("+{unit_zone_hours:02}00"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_parse_in_two_clients_with_local_times_and_no_embargoed_entry() {
    let (app, ids) = start().await;
    let [first, second, embargoed, _] = ids;
    let (first_href, second_href) = (href(&app, first).await, href(&app, second).await);
    let embargoed_title = "Indeks kepuasan masyarakat naik";
    // Bali keeps WITA, UTC+8.
    let (rfc3339_offset, rfc822_offset) = offset_of(8);
    for ext in ["rss", "atom", "json"] {
        let path = format!("/feeds/unit/51.71.{ext}");
        // feed-rs
        let (status, body) = bytes(&app, &path).await;
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
        let parsed = feedparser(&app, &path);
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
    let embargoed_href = href(&app, embargoed).await;
    for ext in ["rss", "atom", "json"] {
        let path = format!("/feeds/subtree/51.{ext}");
        let (_, body) = bytes(&app, &path).await;
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
        let parsed = feedparser(&app, &path);
        assert_eq!(parsed["entries"][0]["title"], embargoed_title, "{path}");
        assert_eq!(parsed["entries"].as_array().unwrap().len(), 3);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_amplification_credits_its_original_and_tag_feeds_span_units() {
    let (app, ids) = start().await;
    let [first, _, _, amplified] = ids;
    let original = href(&app, first).await;
    let (_, body) = bytes(&app, "/feeds/unit/35.78.json").await;
    let json: Value = serde_json::from_slice(&body).unwrap();
    let item = &json["items"][0];
    assert_eq!(item["url"], href(&app, amplified).await.as_str());
    assert_eq!(item["external_url"], original.as_str());
    // Surabaya keeps WIB, UTC+7.
    assert!(item["date_published"].as_str().unwrap().ends_with("+07:00"));
    let (_, atom) = bytes(&app, "/feeds/unit/35.78.atom").await;
    let feed = feed_rs::parser::parse(&atom[..]).unwrap();
    assert!(
        feed.entries[0]
            .links
            .iter()
            .any(|l| l.href == original && l.rel.as_deref() == Some("via"))
    );
    // The tag feed carries both units, each in its own zone.
    let parsed = feedparser(&app, "/feeds/tag/pelayanan-publik.rss");
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
    let (app, ids) = start().await;
    let [first, second, embargoed, amplified] = ids;
    let (status, index) = bytes(&app, "/sitemap.xml").await;
    assert_eq!(status, 200);
    xmllint("siteindex.xsd", &index);
    let index = String::from_utf8(index).unwrap();
    for file in ["units-0.xml", "releases-0.xml", "news.xml"] {
        assert!(
            index.contains(&format!("<loc>{}/sitemaps/{file}</loc>", app.base)),
            "{index}"
        );
    }
    let (_, units) = bytes(&app, "/sitemaps/units-0.xml").await;
    xmllint("sitemap.xsd", &units);
    let units = String::from_utf8(units).unwrap();
    assert!(units.contains(&format!("<loc>{}/press/51.71</loc>", app.base)));
    assert!(units.contains(&format!("<loc>{}/press/35.78</loc>", app.base)));
    assert!(!units.contains("/press/51.03<"), "no release, no entry");

    let (_, releases) = bytes(&app, "/sitemaps/releases-0.xml").await;
    xmllint("sitemap.xsd", &releases);
    let releases = String::from_utf8(releases).unwrap();
    for id in [first, second, amplified] {
        assert!(releases.contains(&href(&app, id).await));
    }
    assert!(!releases.contains(&href(&app, embargoed).await));
    assert!(releases.contains("+08:00</lastmod>"));

    let (_, news) = bytes(&app, "/sitemaps/news.xml").await;
    xmllint("news-sitemap.xsd", &news);
    let news = String::from_utf8(news).unwrap();
    assert!(news.contains("<news:title>Antrean daring untuk KTP</news:title>"));
    assert!(!news.contains("Indeks kepuasan"));
    app.clock.set(LIFT);
    let (_, news) = bytes(&app, "/sitemaps/news.xml").await;
    xmllint("news-sitemap.xsd", &news);
    assert!(String::from_utf8(news).unwrap().contains("Indeks kepuasan"));
    // Three days later nothing is news: a urlset needs a url, so the file
    // is gone and the index no longer names it.
    app.clock.set(LIFT + 3 * 86_400 * SECOND);
    let (status, _) = bytes(&app, "/sitemaps/news.xml").await;
    assert_eq!(status, 404);
    let (_, index) = bytes(&app, "/sitemap.xml").await;
    xmllint("siteindex.xsd", &index);
    assert!(!String::from_utf8(index).unwrap().contains("news.xml"));

    let (status, robots) = bytes(&app, "/robots.txt").await;
    assert_eq!(status, 200);
    let robots = String::from_utf8(robots).unwrap();
    assert!(robots.contains(&format!("Sitemap: {}/sitemap.xml", app.base)));
    assert!(robots.contains("Disallow: /workspace"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_data_lists_published_releases_as_csv_and_json() {
    let (app, ids) = start().await;
    let [first, second, embargoed, _] = ids;
    let (status, csv) = bytes(&app, "/open-data/subtree/51.csv").await;
    assert_eq!(status, 200);
    let mut reader = csv::Reader::from_reader(&csv[..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(&headers[6], "published_at");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids: Vec<ReleaseId> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ids, [second, first]);
    assert_eq!(&rows[0][3], "51.71");
    assert_eq!(&rows[0][5], "regency");
    assert!(rows[0][6].ends_with("+08:00"));
    assert_eq!(&rows[0][9], "pelayanan-publik");

    app.clock.set(LIFT);
    let (_, json) = bytes(&app, "/open-data/unit/51.71.json").await;
    let json: Value = serde_json::from_slice(&json).unwrap();
    let releases = json["releases"].as_array().unwrap();
    assert_eq!(releases[0]["id"], embargoed.get());
    assert_eq!(releases.len(), 3);
    assert!(json["next"].is_null());
    let (_, amplified) = bytes(&app, "/open-data/unit/35.78.json").await;
    let amplified: Value = serde_json::from_slice(&amplified).unwrap();
    assert_eq!(
        amplified["releases"][0]["amplifies"],
        href(&app, first).await.as_str()
    );

    let (status, page) = bytes(&app, "/open-data").await;
    assert_eq!(status, 200);
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains("/open-data/subtree/51.71.csv"));
    assert!(page.contains("published_at"));
}
