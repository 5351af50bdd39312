//! The search page and `GET /api/v1/search` over a real port, with the index
//! built by the projector from a real database (SQLite, or PostgreSQL with
//! `SINERGI_TEST_DATABASE_URL`).

use serde_json::Value;
use sinergi_domain::access::{Reach, Role};
use sinergi_indexer::{Projector, ProjectorConfig};
use sinergi_search::{DocKind, SearchDoc, SearchIndex, Visibility};
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::fixtures::cast;
use sinergi_web::SearchHandle;

use sinergi_testkit::app::{BALI_AND_SURABAYA, Setup, TestApp};

const HOUR: i64 = 3_600_000_000;

/// The app with a search index the projector built, plus work only the
/// index knows.
async fn start() -> TestApp {
    let mut setup = Setup::new(BALI_AND_SURABAYA).await;
    let db = &setup.db;
    let index_dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(index_dir.path()).unwrap();
    let mut projector =
        Projector::new(db.store.clone(), index.clone(), ProjectorConfig::default()).unwrap();
    let caught_up = projector.catch_up().await.unwrap();
    projector.close().unwrap();
    // Work the newsroom will index: one internal and one embargoed record of Kota
    // Denpasar (51.71), and one internal record of Surabaya (35.78).
    let mut w = index.writer_with(15_000_000, Some(1)).unwrap();
    for (id, unit, visibility, title) in [
        (
            "release:1",
            "51.71",
            Visibility::Internal,
            "Rapat koordinasi humas Denpasar",
        ),
        (
            "release:2",
            "51.71",
            Visibility::Embargoed {
                until: TEST_NOW + HOUR,
            },
            "Peluncuran aplikasi Denpasar",
        ),
        (
            "release:3",
            "35.78",
            Visibility::Internal,
            "Rapat koordinasi humas Surabaya",
        ),
    ] {
        let mut d = SearchDoc::new(id, DocKind::Release, title, "Isi.", unit);
        d.visibility = visibility;
        d.published_at = Some(TEST_NOW - HOUR);
        w.upsert(&d).unwrap();
    }
    w.commit(caught_up.seq).unwrap();
    w.finish().unwrap();

    setup
        .people(&[
            cast::REDAKSI_DENPASAR,
            ("humas@baliprov.go.id", "51", Role::Viewer, Reach::Subtree),
        ])
        .await;
    setup.state.search = Some(SearchHandle { index, waker: None });
    setup.keep(index_dir);
    setup.serve()
}

/// Status, content type and body as JSON. (Local: the tests here check
/// the content type too.)
async fn json(app: &TestApp, path: &str) -> (u16, String, Value) {
    let r = app.get(path, None).await;
    let status = r.status().as_u16();
    let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
    (status, ct, r.json().await.unwrap_or(Value::Null))
}

fn ids(body: &Value) -> Vec<&str> {
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect()
}

fn facet(body: &Value, name: &str, value: &str) -> u64 {
    body["facets"][name]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["value"] == value)
        .map_or(0, |f| f["count"].as_u64().unwrap())
}

#[tokio::test]
async fn the_api_finds_units_with_facets_and_pages() {
    let app = start().await;
    let (status, ct, body) = json(&app, "/api/v1/search?q=denpasar").await;
    assert_eq!(status, 200);
    assert_eq!(ct, "application/json");
    assert_eq!(
        body["results"][0]["id"], "unit:51.71",
        "Kota Denpasar first"
    );
    assert_eq!(
        body["results"][0]["title_html"],
        "Kota <mark>Denpasar</mark>"
    );
    assert_eq!(body["results"][0]["href"], "/units/51.71");
    assert!(
        !ids(&body).contains(&"release:1"),
        "the public sees no internal work"
    );
    assert!(!ids(&body).contains(&"release:2"), "nor embargoed work");
    let total = body["total"].as_u64().unwrap();
    // Kota Denpasar and its four districts, at least.
    assert!(total >= 5, "{total}");
    assert_eq!(facet(&body, "type", "unit"), total);
    let levels: u64 = body["facets"]["level"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_u64().unwrap())
        .sum();
    assert_eq!(levels, total, "level counts add up to the total");

    // A level filter: its count is what the facet said, and the type facet still counts.
    let districts = facet(&body, "level", "district");
    assert!(districts >= 4);
    let (_, _, only) = json(&app, "/api/v1/search?q=denpasar&level=district").await;
    assert_eq!(only["total"].as_u64().unwrap(), districts);
    assert_eq!(
        facet(&only, "level", "regency"),
        facet(&body, "level", "regency"),
        "counts without their own filter"
    );
    assert!(
        only["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["level"] == "district")
    );

    // Province, subtree and unit filters.
    let (_, _, sby) = json(&app, "/api/v1/search?q=denpasar&province=35").await;
    assert_eq!(sby["total"], 0);
    let (_, _, within) = json(&app, "/api/v1/search?within=51.71.01&per_page=100").await;
    assert!(
        within["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["unit_code"].as_str().unwrap().starts_with("51.71.01"))
    );
    let (_, _, unit) = json(&app, "/api/v1/search?unit=51.71.01").await;
    assert_eq!(ids(&unit), ["unit:51.71.01"]);

    // Pages follow each other without overlap.
    let (_, _, p1) = json(&app, "/api/v1/search?q=denpasar&per_page=2").await;
    let (_, _, p2) = json(&app, "/api/v1/search?q=denpasar&per_page=2&page=2").await;
    assert_eq!(p1["next_page"], 2);
    assert_eq!(ids(&p1).len(), 2);
    assert!(ids(&p2).iter().all(|id| !ids(&p1).contains(id)));
    // Comma lists and repeated parameters mean the same.
    let (_, _, a) = json(&app, "/api/v1/search?q=denpasar&level=district,village").await;
    let (_, _, b) = json(
        &app,
        "/api/v1/search?q=denpasar&level=district&level=village",
    )
    .await;
    assert_eq!(a["total"], b["total"]);
}

#[tokio::test]
async fn bad_parameters_are_problem_details() {
    let app = start().await;
    for (query, param) in [
        ("type=nope", "type"),
        ("level=kampung", "level"),
        ("province=bali", "province"),
        ("within=51..71", "within"),
        ("sort=popular", "sort"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("per_page=1000", "per_page"),
        ("from=2026-13-45", "from"),
        ("until=kemarin", "until"),
    ] {
        let (status, ct, body) = json(&app, &format!("/api/v1/search?q=bali&{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(ct, "application/problem+json", "{query}");
        assert_eq!(body["status"], 400);
        assert!(
            body["detail"]
                .as_str()
                .unwrap()
                .contains(&format!("`{param}`")),
            "{query}: {body}"
        );
        if param == "per_page" {
            continue; // the page has a fixed page size and ignores it
        }
        let page = app.get_with(&format!("/search?q=bali&{query}"), &[]).await;
        assert_eq!(page.status(), 400, "page {query}");
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("Nilai “{param}”")), "page {query}");
    }
    let r = app
        .get_with(
            "/api/v1/search?q=bali",
            &[("authorization", "Bearer snrg_nope")],
        )
        .await;
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn the_page_finds_denpasar_in_both_languages_and_answers_htmx_with_the_partial() {
    let app = start().await;
    let page = app.get_with("/search?q=denpasar", &[]).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<html lang=\"id\""));
    assert!(
        html.contains("Hasil untuk “denpasar”"),
        "Indonesian heading"
    );
    assert!(html.contains("<a href=\"/units/51.71\">Kota <mark>Denpasar</mark></a>"));
    assert!(
        html.contains("data-facet=\"facet-level-district\""),
        "level facet"
    );
    assert!(html.contains("hx-get=\"/search\""));
    assert!(
        !html.contains("style=") && !html.contains("<script>"),
        "nothing inline for the CSP"
    );
    assert!(
        !html.contains("Rapat koordinasi"),
        "no internal work for the public"
    );

    let en = app
        .get_with("/search?q=denpasar", &[("cookie", "lang=en")])
        .await;
    let en = en.text().await.unwrap();
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("Results for “denpasar”"));
    assert!(en.contains("Filter"));

    let partial = app
        .get_with(
            "/search?q=denpasar&level=district",
            &[("hx-request", "true")],
        )
        .await;
    let partial = partial.text().await.unwrap();
    assert!(!partial.contains("<html"), "htmx gets the partial");
    assert!(partial.contains("id=\"results-heading\""));
    assert!(partial.contains("name=\"level\" value=\"district\" checked"));

    // No words, no filters: a prompt, not every record.
    let empty = app.get_with("/search", &[]).await.text().await.unwrap();
    assert!(empty.contains("Ketik kata yang dicari"));
    // The header of every other page searches here.
    let home = app.get_with("/", &[]).await.text().await.unwrap();
    assert!(home.contains("action=\"/search\""));
    // Inflected forms: a phrase of the name and a word that is not in it.
    let none = app
        .get_with("/search?q=zzyzx", &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(none.contains("Tidak ada yang cocok dengan “zzyzx”"));
}

#[tokio::test]
async fn signed_in_readers_see_the_internal_work_of_their_units_only() {
    let app = start().await;
    let search = |cookie: Option<String>| {
        let app = &app;
        async move {
            let headers: Vec<(&str, &str)> = match &cookie {
                Some(c) => vec![("cookie", c.as_str())],
                None => vec![],
            };
            app.get_with("/search?q=rapat+koordinasi&type=release", &headers)
                .await
                .text()
                .await
                .unwrap()
        }
    };
    let public = search(None).await;
    assert!(!public.contains("Rapat koordinasi humas"));

    // An editor of Kota Denpasar (unit reach): Denpasar's internal record, and its
    // embargoed one early (their own work); never Surabaya's.
    let editor = app.sign_in("redaksi@denpasarkota.go.id").await;
    let html = search(Some(editor.clone())).await;
    assert!(
        html.contains("<mark>Rapat</mark> <mark>koordinasi</mark> humas Denpasar"),
        "{html}"
    );
    assert!(!html.contains("Surabaya"));
    let early = app
        .get_with("/search?q=peluncuran", &[("cookie", editor.as_str())])
        .await
        .text()
        .await
        .unwrap();
    assert!(early.contains("aplikasi Denpasar"));
    let public_early = app
        .get_with("/search?q=peluncuran", &[])
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !public_early.contains("aplikasi Denpasar"),
        "the public waits for the embargo"
    );

    // A viewer over Bali's subtree sees Denpasar's internal record too.
    let bali = app.sign_in("humas@baliprov.go.id").await;
    let html = search(Some(bali)).await;
    assert!(html.contains("humas Denpasar"));
    assert!(!html.contains("Surabaya"));
}

#[tokio::test]
async fn readiness_says_how_far_this_nodes_search_index_is_behind() {
    let app = start().await;
    let (status, _, body) = json(&app, "/readyz").await;
    assert_eq!(status, 200);
    assert_eq!(body["search_index"]["state"], "current");
    assert_eq!(body["search_index"]["behind"], 0);
    // A write this index has not seen (no projector runs in this app).
    let bkn = sinergi_domain::NewUnit {
        code: sinergi_domain::UnitCode::parse("bkn").unwrap(),
        name: "Badan Kepegawaian Negara".into(),
        kind: sinergi_domain::UnitKind::Agency,
        parent_code: None,
        aliases: None,
    };
    app.db
        .store
        .add_national_unit(&bkn, TEST_NOW)
        .await
        .unwrap();
    let (status, _, body) = json(&app, "/readyz").await;
    assert_eq!(
        status, 200,
        "a node whose search is catching up still serves"
    );
    assert_eq!(body["status"], "ready");
    assert_eq!(body["search_index"]["state"], "catching up");
    assert_eq!(body["search_index"]["behind"], 1);
}
