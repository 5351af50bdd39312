//! Media monitoring through the pages, in both languages (SQLite, or
//! PostgreSQL with SINERGI_TEST_DATABASE_URL): an officer reaches
//! "Pemantauan media" from the navigation, adds a source (a wrong address
//! comes back with its message and the typed values), sees a pickup on
//! the release's page with its passages marked, opens it side by side,
//! and confirms a match from the grey zone; the public sees pickups only.

use sinergi_monitoring::import::parse_line;
use sinergi_monitoring::{MatchState, Monitoring};
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::app::{InProcessApp, Setup};
use sinergi_testkit::fixtures::{cast, release};

const HOUR: i64 = 3_600_000_000;

const LEAD: &str = "Pemerintah Kota Denpasar meresmikan jembatan gantung Tukad Badung yang \
    menghubungkan Banjar Sesetan dengan Banjar Pedungan pada Rabu pagi.";
const BODY: &str = "Jembatan sepanjang seratus dua puluh meter itu dibangun selama enam bulan \
    dengan dana kelurahan dan gotong royong warga kedua banjar.\n\nWali kota mengatakan \
    jembatan tersebut memangkas waktu tempuh anak sekolah menuju SD Negeri 7 Sesetan dari \
    empat puluh menit menjadi sepuluh menit.";

async fn start() -> InProcessApp {
    let mut setup = Setup::for_router(&["51"]).await;
    setup
        .people(&[cast::KONTRIBUTOR_DENPASAR, cast::REDAKSI_BALI])
        .await;
    setup.in_process()
}

#[tokio::test]
async fn officers_add_sources_check_pickups_and_decide_the_grey_zone() {
    let app = start().await;
    let editor = app.sign_in("redaksi@baliprov.go.id").await;
    let contributor = app.sign_in("kontributor@denpasarkota.go.id").await;

    // From the home page, the navigation leads officers to monitoring.
    let home = app.get("/", Some(&editor)).await;
    assert!(home.body.contains("href=\"/monitoring\""), "{}", home.body);
    assert!(home.body.contains("Pemantauan media"));
    let desk = app.get("/monitoring", Some(&editor)).await;
    assert_eq!(desk.status, 200, "{}", desk.body);
    assert!(desk.body.contains("href=\"/monitoring/sources\""));
    // The public is sent to sign in.
    assert_ne!(app.get("/monitoring", None).await.status, 200);

    // A wrong address comes back with its message and what was typed.
    let bad = app
        .post_form(
            "/monitoring/sources",
            &editor,
            &[
                ("unit", "51"),
                ("outlet", "Kabar Dewata"),
                ("url", "ftp://kabar"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("value=\"Kabar Dewata\""));
    assert!(bad.body.contains("diawali http:// atau https://"));
    let added = app
        .post_form(
            "/monitoring/sources",
            &editor,
            &[
                ("unit", "51"),
                ("outlet", "Kabar Dewata"),
                ("url", "https://kabardewata.example/rss.xml"),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let list = app.get("/monitoring/sources", Some(&editor)).await;
    assert!(list.body.contains("Kabar Dewata"));
    assert!(list.body.contains("https://kabardewata.example/rss.xml"));
    // A contributor reads the list but gets no form.
    let theirs = app.get("/monitoring/sources", Some(&contributor)).await;
    assert_eq!(theirs.status, 200);
    assert!(!theirs.body.contains("action=\"/monitoring/sources\""));

    // A release, a pickup of it and a match in the grey zone.
    let by = app.principal("redaksi@baliprov.go.id").await;
    let id = release("51.71", "Jembatan gantung Tukad Badung diresmikan")
        .lead(LEAD)
        .body(BODY)
        .published(&app.state.newsroom, &by)
        .await;
    let pickup = format!("DENPASAR - {LEAD} {}", BODY.replace("\n\n", " "));
    let grey = "Warga Sesetan masih menunggu lampu jalan. Jembatan sepanjang seratus dua \
        puluh meter itu dibangun selama enam bulan. Pedagang berharap pembeli bertambah.";
    let monitoring = Monitoring::new(app.db.store.clone(), app.clock.clone());
    let at = (TEST_NOW + HOUR) / 1_000_000;
    let lines = [
        serde_json::json!({"id": 1, "outlet": "Kabar Dewata", "title": "Jembatan baru <di> Sesetan",
            "url": "https://kabardewata.example/jembatan", "text": pickup, "published_at": at}),
        serde_json::json!({"id": 2, "outlet": "Warta Bali", "title": "Lampu jalan",
            "url": "https://wartabali.example/lampu", "text": grey, "published_at": at}),
    ];
    let articles: Vec<_> = lines
        .iter()
        .map(|l| parse_line(&l.to_string(), TEST_NOW).unwrap())
        .collect();
    monitoring.add_articles(&articles).await.unwrap();

    monitoring.match_waiting(&|_| {}).await.unwrap();
    let unit = sinergi_domain::UnitCode::parse("51.71").unwrap();
    let coverage = monitoring.coverage(&by, id, &unit).await.unwrap();
    assert_eq!(coverage.pickups.len(), 1, "{coverage:?}");
    assert_eq!(coverage.waiting.len(), 1, "{coverage:?}");
    let waiting = coverage.waiting[0].id;

    // The release page shows the pickup with its passages marked, to anyone.
    let page = app.get(&format!("/releases/{id}"), None).await;
    let page = app.get(&page.header("location"), None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Liputan media"), "{}", page.body);
    assert!(page.body.contains("Jembatan baru"));
    assert!(
        !page.body.contains("<di>"),
        "the article's title is escaped"
    );
    assert!(page.body.contains("<mark>"));
    assert!(
        !page.body.contains("Lampu jalan"),
        "the grey zone is internal"
    );
    let side = coverage.pickups[0].id;
    let side_page = app.get(&format!("/monitoring/matches/{side}"), None).await;
    assert_eq!(side_page.status, 200, "{}", side_page.body);
    assert!(side_page.body.contains("class=\"mon-side\""));
    assert!(side_page.body.matches("<mark>").count() >= 2);
    assert!(!side_page.body.contains("/decide"));
    // A match waiting for review is nobody's business outside the unit.
    assert_eq!(
        app.get(&format!("/monitoring/matches/{waiting}"), None)
            .await
            .status,
        404
    );

    // The editor sees it in the queue, opens it and confirms it.
    let desk = app.get("/monitoring", Some(&editor)).await;
    assert!(
        desk.body
            .contains(&format!("/monitoring/matches/{waiting}")),
        "{}",
        desk.body
    );
    let check = app
        .get(&format!("/monitoring/matches/{waiting}"), Some(&editor))
        .await;
    assert!(
        check
            .body
            .contains(&format!("/monitoring/matches/{waiting}/decide"))
    );
    // A contributor may look but not decide.
    let refused = app
        .post_form(
            &format!("/monitoring/matches/{waiting}/decide"),
            &contributor,
            &[("decision", "confirm")],
        )
        .await;
    assert_eq!(refused.status, 403);
    let done = app
        .post_form(
            &format!("/monitoring/matches/{waiting}/decide"),
            &editor,
            &[("decision", "confirm")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.header("location"), "/monitoring?done=confirmed");
    let record = app.db.store.match_record(waiting).await.unwrap();
    assert_eq!(record.state, MatchState::Confirmed);
    // Now the public sees it on the release too.
    let page = app.get(&format!("/releases/{id}"), None).await;
    let page = app.get(&page.header("location"), None).await;
    assert!(page.body.contains("Lampu jalan"));

    // In English too.
    let en = app
        .get_with(
            "/monitoring",
            &[("cookie", &format!("{}; lang=en", editor.cookie))],
        )
        .await;
    assert!(en.body.contains("Media monitoring"), "{}", en.body);
}
