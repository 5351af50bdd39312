//! The poller against a real HTTP server on loopback: a feed with an ETag
//! (fetched once, then 304), and every hostile case refused with its
//! reason on the source: a redirect to a private address, an address
//! given as such, an oversize answer, a gzip bomb, an XML entity bomb,
//! a path robots.txt disallows, a server asking to come back later, and
//! one too slow.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sinergi_monitoring::SourceInput;
use sinergi_monitoring::poller::{Poller, PollerConfig};
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::fixtures::release;

use crate::world::*;

#[derive(Clone)]
struct Server {
    port: u16,
    feed: String,
    feed_bodies: Arc<AtomicUsize>,
    /// When each request to the feed host arrived.
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

fn rss(items: &[(&str, &str, &str, i64)]) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kabar Dewata</title><link>https://kabardewata.example/</link><description>Berita Bali</description>"#,
    );
    for (link, title, text, at) in items {
        let date = jiff::Timestamp::from_microsecond(*at)
            .unwrap()
            .strftime("%a, %d %b %Y %H:%M:%S +0000");
        out.push_str(&format!(
            "<item><title>{title}</title><link>{link}</link><guid>{link}</guid><pubDate>{date}</pubDate><description><![CDATA[<p>{text}</p>]]></description></item>"
        ));
    }
    out.push_str("</channel></rss>");
    out
}

async fn feed(State(s): State<Server>, headers: HeaderMap) -> Response {
    s.arrivals.lock().unwrap().push(Instant::now());
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some("\"v1\"")
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, "\"v1\"")]).into_response();
    }
    s.feed_bodies.fetch_add(1, Ordering::SeqCst);
    (
        [
            (header::ETAG, "\"v1\""),
            (header::CONTENT_TYPE, "application/rss+xml"),
        ],
        s.feed.clone(),
    )
        .into_response()
}

async fn robots(State(s): State<Server>) -> &'static str {
    s.arrivals.lock().unwrap().push(Instant::now());
    "User-agent: *\nDisallow: /private/\n"
}

async fn to_private(State(s): State<Server>) -> Response {
    (
        StatusCode::FOUND,
        [(
            header::LOCATION,
            format!("http://127.0.0.1:{}/feed.xml", s.port),
        )],
    )
        .into_response()
}

async fn oversize() -> Vec<u8> {
    vec![b' '; 3 * 1024 * 1024]
}

async fn bomb() -> Response {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..64 {
        enc.write_all(&zeros).unwrap();
    }
    (
        [
            (header::CONTENT_ENCODING, "gzip"),
            (header::CONTENT_TYPE, "application/rss+xml"),
        ],
        enc.finish().unwrap(),
    )
        .into_response()
}

async fn entities() -> &'static str {
    r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rss version="2.0"><channel><title>&c;</title></channel></rss>"#
}

async fn busy() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "7200")],
    )
        .into_response()
}

async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_secs(5)).await;
    "<rss/>"
}

async fn serve(feed_text: String) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = Server {
        port,
        feed: feed_text,
        feed_bodies: Arc::new(AtomicUsize::new(0)),
        arrivals: Arc::new(Mutex::new(Vec::new())),
    };
    let app = Router::new()
        .route("/robots.txt", get(robots))
        .route("/feed.xml", get(feed))
        .route("/private/feed.xml", get(feed))
        .route("/to-private", get(to_private))
        .route("/oversize", get(oversize))
        .route("/bomb.xml", get(bomb))
        .route("/entities.xml", get(entities))
        .route("/busy", get(busy))
        .route("/slow", get(slow))
        .with_state(server.clone());
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sources_are_polled_politely_and_hostile_ones_refused_with_their_reason() {
    let w = world().await;
    let by = &w.bali_editor;
    let bridge = release("51.71", "Jembatan gantung Tukad Badung diresmikan")
        .lead(BRIDGE_LEAD)
        .body(BRIDGE_BODY)
        .published(&w.newsroom, by)
        .await;
    let pickup = format!("{BRIDGE_LEAD} {}", BRIDGE_BODY.replace("\n\n", " "));
    let feed_text = rss(&[
        (
            "https://kabardewata.example/jembatan?utm_medium=rss",
            "Jembatan baru",
            &pickup,
            TEST_NOW + HOUR,
        ),
        (
            "https://kabardewata.example/cuaca",
            "Cuaca",
            "Hujan lebat diperkirakan turun di Bali selatan pekan ini.",
            TEST_NOW + HOUR,
        ),
    ]);
    let server = serve(feed_text).await;
    let base = format!("http://localhost:{}", server.port);
    let mut ids = Vec::new();
    for (outlet, url) in [
        ("Kabar Dewata", format!("{base}/feed.xml")),
        ("Lewat pengalihan", format!("{base}/to-private")),
        (
            "Alamat langsung",
            format!("http://127.0.0.1:{}/feed.xml", server.port),
        ),
        ("Terlalu besar", format!("{base}/oversize")),
        ("Bom gzip", format!("{base}/bomb.xml")),
        ("Bom entitas", format!("{base}/entities.xml")),
        ("Terlarang robots", format!("{base}/private/feed.xml")),
        ("Sibuk", format!("{base}/busy")),
        ("Lambat", format!("{base}/slow")),
    ] {
        let input = SourceInput {
            unit: "51".into(),
            outlet: outlet.into(),
            url,
            kind: "feed".into(),
        };
        ids.push(w.monitoring.add_source(by, &input).await.unwrap());
    }
    let mut config = PollerConfig::for_site("https://sinergi.example");
    config.allowed_hosts = vec!["localhost".into()];
    config.host_interval = Duration::from_millis(40);
    config.limits.max_bytes = 1024 * 1024;
    config.limits.max_decoded_bytes = 4 * 1024 * 1024;
    config.limits.timeout = Duration::from_secs(3);
    let poller = Poller::new(w.monitoring.clone(), config).unwrap();

    let started = Instant::now();
    let report = poller.poll_due().await.unwrap();
    assert_eq!(report.polled, 9);
    assert_eq!(report.changed, 1, "{report:?}");
    assert_eq!(report.failed, 8, "{report:?}");
    assert_eq!(report.new_articles, 2);
    assert_eq!(report.matched.credited, 1);
    assert!(started.elapsed() < Duration::from_secs(20));

    let reason = |i: usize| {
        let store = w.db.store.clone();
        let id = ids[i];
        async move {
            let s = store.source(id, TEST_NOW).await.unwrap();
            s.last_error.unwrap_or_default()
        }
    };
    assert!(reason(0).await.is_empty());
    assert!(
        reason(1).await.starts_with("blocked-address"),
        "{}",
        reason(1).await
    );
    assert!(
        reason(2).await.starts_with("blocked-address"),
        "{}",
        reason(2).await
    );
    assert!(
        reason(3).await.starts_with("too-large"),
        "{}",
        reason(3).await
    );
    assert!(
        reason(4).await.starts_with("gzip-bomb"),
        "{}",
        reason(4).await
    );
    assert!(
        reason(5).await.starts_with("xml-entities"),
        "{}",
        reason(5).await
    );
    assert!(reason(6).await.starts_with("robots"), "{}", reason(6).await);
    assert!(
        reason(7).await.starts_with("http-status"),
        "{}",
        reason(7).await
    );
    assert!(
        reason(8).await.starts_with("timeout"),
        "{}",
        reason(8).await
    );
    // Retry-After is honoured; other errors back off.
    let busy = w.db.store.source(ids[7], TEST_NOW).await.unwrap();
    assert!(busy.next_poll_at >= TEST_NOW + 7200 * 1_000_000);
    assert_eq!(busy.failures, 1);

    // The good feed's article is kept once, canonical, and credited to the release.
    let kept = w.db.store.source(ids[0], TEST_NOW).await.unwrap();
    assert_eq!(kept.items_total, 2);
    assert_eq!(kept.etag.as_deref(), Some("\"v1\""));
    let coverage = w
        .monitoring
        .coverage(
            by,
            bridge,
            &sinergi_domain::UnitCode::parse("51.71").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(coverage.pickups.len(), 1);
    assert_eq!(
        coverage.pickups[0].article_url.as_deref(),
        Some("https://kabardewata.example/jembatan")
    );

    // One request at a time to the host, at least the interval apart.
    let arrivals = server.arrivals.lock().unwrap().clone();
    assert!(arrivals.len() >= 2);
    for pair in arrivals.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(35),
            "{:?}",
            pair[1] - pair[0]
        );
    }

    // Next time the feed is unchanged: a conditional GET, nothing fetched twice.
    w.clock.set(TEST_NOW + 3 * 3600 * 1_000_000);
    let again = poller.poll_due().await.unwrap();
    assert!(again.not_modified >= 1, "{again:?}");
    assert_eq!(again.new_articles, 0);
    assert_eq!(server.feed_bodies.load(Ordering::SeqCst), 1);
}

#[derive(Clone)]
struct SitemapServer {
    port: u16,
    pages: Arc<AtomicUsize>,
    sitemaps: Arc<AtomicUsize>,
}

async fn news_sitemap(State(s): State<SitemapServer>, headers: HeaderMap) -> Response {
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some("\"s1\"")
    {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, "\"s1\"")]).into_response();
    }
    s.sitemaps.fetch_add(1, Ordering::SeqCst);
    let at = jiff::Timestamp::from_microsecond(TEST_NOW + HOUR).unwrap();
    let body = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://localhost:{port}/berita/jembatan?utm_source=sitemap</loc><news:news>
<news:publication><news:name>Kabar Dewata</news:name><news:language>id</news:language></news:publication>
<news:publication_date>{at}</news:publication_date><news:title>Jembatan gantung &amp; banjar</news:title></news:news></url>
</urlset>"#,
        port = s.port
    );
    (
        [
            (header::ETAG, "\"s1\""),
            (header::CONTENT_TYPE, "application/xml"),
        ],
        body,
    )
        .into_response()
}

async fn article_page(State(s): State<SitemapServer>) -> Response {
    s.pages.fetch_add(1, Ordering::SeqCst);
    let paragraphs: String = BRIDGE_BODY
        .split("\n\n")
        .map(|p| format!("<p>{p}</p>"))
        .collect();
    let html = format!(
        "<html><head><title>Jembatan gantung</title>\
         <link rel=\"canonical\" href=\"https://kabardewata.example/2026/jembatan?utm_medium=x\"></head>\
         <body><nav><a href=\"/\">Beranda</a></nav><article><h1>Jembatan gantung</h1>\
         <p>{BRIDGE_LEAD}</p>{paragraphs}</article><footer>Hak cipta Kabar Dewata</footer></body></html>"
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_news_sitemap_is_read_and_its_pages_once() {
    let w = world().await;
    let by = &w.bali_editor;
    let bridge = release("51.71", "Jembatan gantung Tukad Badung diresmikan")
        .lead(BRIDGE_LEAD)
        .body(BRIDGE_BODY)
        .published(&w.newsroom, by)
        .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = SitemapServer {
        port,
        pages: Arc::new(AtomicUsize::new(0)),
        sitemaps: Arc::new(AtomicUsize::new(0)),
    };
    let app = Router::new()
        .route("/sitemap-news.xml", get(news_sitemap))
        .route("/berita/jembatan", get(article_page))
        .with_state(server.clone());
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    let source = w
        .monitoring
        .add_source(
            by,
            &SourceInput {
                unit: "51".into(),
                outlet: "Kabar Dewata".into(),
                url: format!("http://localhost:{port}/sitemap-news.xml"),
                kind: "sitemap".into(),
            },
        )
        .await
        .unwrap();
    let mut config = PollerConfig::for_site("https://sinergi.example");
    config.allowed_hosts = vec!["localhost".into()];
    config.host_interval = Duration::from_millis(20);
    let poller = Poller::new(w.monitoring.clone(), config).unwrap();
    w.clock.set(TEST_NOW + 2 * HOUR);
    let report = poller.poll_due().await.unwrap();
    assert_eq!((report.changed, report.new_articles), (1, 1), "{report:?}");
    assert_eq!((report.pages, report.pages_failed), (1, 0));
    let articles = w.db.store.source_articles(source, 10).await.unwrap();
    let a = &articles[0];
    assert_eq!(
        a.url.as_deref(),
        Some(format!("http://localhost:{port}/berita/jembatan").as_str())
    );
    assert_eq!(a.title, "Jembatan gantung & banjar", "the sitemap's title");
    assert_eq!(a.text_from, "page");
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://kabardewata.example/2026/jembatan"),
        "rel=canonical, cleaned"
    );
    assert!(a.body.contains("Banjar Sesetan"));
    assert!(!a.body.contains("Beranda") && !a.body.contains("Hak cipta"));
    assert_eq!(a.published_at, TEST_NOW + HOUR);
    let coverage = w
        .monitoring
        .coverage(
            by,
            bridge,
            &sinergi_domain::UnitCode::parse("51.71").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(coverage.pickups.len(), 1, "the page's text is matched");

    // Unchanged sitemap: a 304, and the page is not fetched again.
    w.clock.set(TEST_NOW + 4 * HOUR);
    let again = poller.poll_due().await.unwrap();
    assert_eq!(again.not_modified, 1, "{again:?}");
    assert_eq!(server.sitemaps.load(Ordering::SeqCst), 1);
    assert_eq!(server.pages.load(Ordering::SeqCst), 1);
}
