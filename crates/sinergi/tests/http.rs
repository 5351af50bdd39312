//! The server over a real port, as a browser or API client meets it, on
//! SQLite or PostgreSQL.

use std::sync::Arc;

use sinergi_domain::clock::FixedClock;
use sinergi_domain::national::seed_units;
use sinergi_testkit::{TEST_NOW, TestDb, regions};

struct Running {
    base: String,
    client: reqwest::Client,
    _db: TestDb,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn start() -> Running {
    let db = TestDb::new().await;
    db.store
        .import_regions(&regions(&["51"]), "test", TEST_NOW, Default::default(), &|_, _| {})
        .await
        .unwrap();
    db.store.ensure_national_units(&seed_units(), TEST_NOW).await.unwrap();
    let listener = sinergi::server::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let store = db.store.clone();
    let task = tokio::spawn(async move {
        sinergi::server::serve(listener, store, Arc::new(FixedClock::at(TEST_NOW)))
            .await
            .unwrap();
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Running { base, client, _db: db, task }
}

impl Running {
    async fn get(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        req.send().await.unwrap()
    }
}

#[tokio::test]
async fn a_unit_page_shows_where_the_unit_sits_and_its_local_time() {
    let app = start().await;
    let response = app.get("/units/51.71.01.1006", None).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-security-policy"].to_str().unwrap().contains("script-src 'self'"));
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"id\""));
    for needle in ["Sanur", "href=\"/units/51\"", "href=\"/units/51.71\"", "href=\"/units/51.71.01\"", "51.71.01.1006", "WITA", "4 Juni 2026 09.00 WITA", "Kelurahan"] {
        assert!(html.contains(needle), "missing {needle}");
    }
}

#[tokio::test]
async fn the_language_switch_sets_a_cookie_and_returns() {
    let app = start().await;
    let response = app.get("/lang/en?next=/units/51.71", None).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/units/51.71");
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("lang=en;") && cookie.contains("HttpOnly"), "{cookie}");
    let html = app.get("/units/51.71", Some("lang=en")).await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("City"), "the kind of Kota Denpasar in English");
    let away = app.get("/lang/en?next=//evil.example/", None).await;
    assert_eq!(away.headers()["location"], "/");
}

#[tokio::test]
async fn search_pages_find_units_and_explain_empty_results() {
    let app = start().await;
    let html = app.get("/units?q=denpasar", None).await.text().await.unwrap();
    let kota = html.find("Kota Denpasar").expect("Kota Denpasar is found");
    let district = html.find("Denpasar Selatan").expect("the districts are found");
    assert!(kota < district, "the city comes before its districts");
    let none = app.get("/units?q=zzzzq", None).await.text().await.unwrap();
    assert!(none.contains("Tidak ada unit yang cocok"), "a helpful message in Indonesian");
}

#[tokio::test]
async fn unknown_addresses_get_a_page_in_the_readers_language() {
    let app = start().await;
    let missing = app.get("/units/99.99", None).await;
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("Tidak ada unit dengan kode 99.99"));
    let bad = app.get("/units/bukan-kode!", Some("lang=en")).await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("is not a unit code"));
    let nowhere = app.get("/tidak-ada", None).await;
    assert_eq!(nowhere.status(), 404);
}

#[tokio::test]
async fn the_api_and_health_answer_over_the_network() {
    let app = start().await;
    let stats: serde_json::Value = app.get("/api/v1/stats/units", None).await.json().await.unwrap();
    assert_eq!(stats["village"], 716);
    assert_eq!(app.get("/readyz", None).await.status(), 200);
    let css_href = {
        let html = app.get("/", None).await.text().await.unwrap();
        let start = html.find("/static/sinergi-").unwrap();
        html[start..].split('"').next().unwrap().to_owned()
    };
    let css = app.get(&css_href, None).await;
    assert_eq!(css.status(), 200);
    assert!(css.headers()["cache-control"].to_str().unwrap().contains("immutable"));
}
