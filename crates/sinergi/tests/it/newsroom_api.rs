//! The newsroom's JSON API over a real port, on SQLite or PostgreSQL: the
//! workflow under each role, the embargo to the second, stale saves, bad
//! input, and the gap report's access rule.

use serde_json::{Value, json};
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::fixtures::cast;

use sinergi_testkit::app::{BALI_AND_SURABAYA, TestApp};

const SECOND: i64 = 1_000_000;

/// Tokens, in order: a contributor of Kota Denpasar, an editor of Bali
/// with its subtree, an admin of East Java, a network-wide administrator.
async fn start() -> TestApp {
    TestApp::start(
        BALI_AND_SURABAYA,
        &[
            cast::KONTRIBUTOR_DENPASAR,
            cast::REDAKSI_BALI,
            cast::HUMAS_JATIM,
            cast::KOORDINATOR_MENPAN,
        ],
    )
    .await
}

const CONTRIBUTOR: usize = 0;
const EDITOR: usize = 1;
const OUTSIDER: usize = 2;
const NATIONAL_ADMIN: usize = 3;

fn draft() -> Value {
    json!({
        "unit": "51.71",
        "title": "Humas Pemerintah Harus Bikin Lompatan",
        "lead": "Lokakarya Humas di Denpasar.",
        "body": "Isi **rilis**.\n\n<img src=x onerror=alert(1)>",
        "tags": ["Revolusi Mental", "reformasi birokrasi"],
    })
}

#[tokio::test]
async fn a_release_goes_through_review_and_its_embargo_holds_to_the_second() {
    let app = start().await;
    let (s, item) = app
        .call("POST", "/api/v1/items", Some(CONTRIBUTOR), Some(json!({
            "unit": "51.71", "kind": "innovation", "title": "Si Cantik", "description": "Antrean daring",
            "stage": "implemented", "problem": "Antrean panjang", "occurred_on": "2026-01-10"
        })))
        .await;
    assert_eq!(s, 201, "{item}");
    let mut body = draft();
    body["item_ids"] = json!([item["id"]]);
    let (s, created) = app
        .call("POST", "/api/v1/releases", Some(CONTRIBUTOR), Some(body))
        .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/releases/{id}");
    assert_eq!(
        app.call("GET", &path, None, None).await.0,
        404,
        "a draft is not public"
    );
    assert_eq!(
        app.call("GET", &path, Some(OUTSIDER), None).await.0,
        404,
        "nor visible to other provinces"
    );
    let (_, mine) = app.call("GET", &path, Some(CONTRIBUTOR), None).await;
    assert_eq!(mine["access"], "internal");
    assert_eq!(mine["press_number"], Value::Null, "numbered at its release");
    assert_eq!(
        mine["tags"],
        json!(["revolusi-mental", "reformasi-birokrasi"])
    );
    assert!(!mine["body_html"].as_str().unwrap().contains("onerror"));
    assert!(
        mine["body_markdown"]
            .as_str()
            .unwrap()
            .contains("onerror=alert(1)"),
        "stored intact"
    );

    let moves = format!("{path}/transitions");
    let (s, _) = app
        .call(
            "POST",
            &moves,
            Some(CONTRIBUTOR),
            Some(json!({"op": "submit", "version": 1})),
        )
        .await;
    assert_eq!(s, 200);
    let (s, p) = app
        .call(
            "POST",
            &moves,
            Some(CONTRIBUTOR),
            Some(json!({"op": "approve", "version": 1})),
        )
        .await;
    assert_eq!(s, 403, "{p}");
    assert_eq!(
        app.call(
            "POST",
            &moves,
            Some(EDITOR),
            Some(json!({"op": "approve", "version": 1}))
        )
        .await
        .0,
        200
    );
    let (s, p) = app
        .call(
            "POST",
            &moves,
            Some(EDITOR),
            Some(json!({"op": "release", "version": 1, "mode": "embargo", "at": "yesterday"})),
        )
        .await;
    assert_eq!(s, 400, "{p}");
    let until = TEST_NOW + 3600 * SECOND;
    let at = jiff::Timestamp::from_microsecond(until)
        .unwrap()
        .to_string();
    let (s, p) = app
        .call(
            "POST",
            &moves,
            Some(EDITOR),
            Some(json!({"op": "release", "version": 1, "mode": "embargo", "at": at})),
        )
        .await;
    assert_eq!((s, p["state"].as_str()), (200, Some("released")), "{p}");

    let list = "/api/v1/releases?unit=51&subtree=true";
    app.clock.set(until - SECOND);
    assert_eq!(app.call("GET", &path, None, None).await.0, 404);
    assert_eq!(
        app.call("GET", list, None, None).await.1["items"],
        json!([])
    );
    assert_eq!(
        app.call("GET", &format!("/api/v1/items/{}", item["id"]), None, None)
            .await
            .0,
        404
    );
    let (_, internal) = app.call("GET", &path, Some(EDITOR), None).await;
    assert_eq!(internal["status"], "embargoed");

    app.clock.set(until);
    let (s, public) = app.call("GET", &path, None, None).await;
    assert_eq!(
        (s, public["access"].as_str(), public["status"].as_str()),
        (200, Some("public"), Some("published"))
    );
    assert_eq!(public["body_markdown"], Value::Null);
    let number = public["press_number"].as_str().unwrap();
    assert!(number.starts_with("1/51.71/20"), "{number}");
    assert_eq!(public["comments"], json!([]));
    assert_eq!(
        app.call("GET", list, None, None).await.1["items"][0]["id"],
        id
    );
    let (s, item_now) = app
        .call("GET", &format!("/api/v1/items/{}", item["id"]), None, None)
        .await;
    assert_eq!(s, 200);
    assert_eq!(item_now["published_at"].as_str(), Some(at.as_str()));
}

#[tokio::test]
async fn stale_saves_conflict_and_bad_input_names_its_fields() {
    let app = start().await;
    let (_, created) = app
        .call("POST", "/api/v1/releases", Some(CONTRIBUTOR), Some(draft()))
        .await;
    let path = format!("/api/v1/releases/{}", created["id"]);
    let mut edit = draft();
    edit["version"] = json!(1);
    edit["title"] = json!("Judul baru");
    assert_eq!(
        app.call("PUT", &path, Some(CONTRIBUTOR), Some(edit.clone()))
            .await
            .1["version"],
        2
    );
    edit["title"] = json!("Judul orang lain");
    let (s, p) = app.call("PUT", &path, Some(EDITOR), Some(edit)).await;
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("reload"), "{p}");
    assert_eq!(
        app.call("GET", &path, Some(CONTRIBUTOR), None).await.1["title"],
        "Judul baru"
    );

    let (s, p) = app
        .call(
            "POST",
            "/api/v1/releases",
            Some(CONTRIBUTOR),
            Some(json!({"unit": "51.71", "title": "", "lead": "", "body": "x", "language": "fr"})),
        )
        .await;
    assert_eq!(s, 422, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "lead", "language"]);
    let (s, _) = app
        .call(
            "POST",
            "/api/v1/releases",
            Some(CONTRIBUTOR),
            Some(json!({"unit": "35.78", "title": "x", "lead": "x", "body": "x"})),
        )
        .await;
    assert_eq!(s, 403, "another province's unit");
    assert_eq!(
        app.call("POST", "/api/v1/releases", None, Some(draft()))
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn the_gap_report_is_for_supervisors() {
    let app = start().await;
    let item = json!({"unit": "51.71", "kind": "achievement", "title": "Mal Pelayanan Publik", "description": "Diresmikan"});
    assert_eq!(
        app.call("POST", "/api/v1/items", Some(CONTRIBUTOR), Some(item))
            .await
            .0,
        201
    );
    app.clock.advance(15 * 86_400 * SECOND);
    let (s, gap) = app
        .call("GET", "/api/v1/gap?unit=51", Some(EDITOR), None)
        .await;
    assert_eq!(s, 200, "{gap}");
    assert_eq!(gap["total"], 1);
    assert_eq!(gap["per_child"][0]["unit_code"], "51.71");
    assert_eq!(gap["items"][0]["days_unpublished"], 15);
    assert_eq!(
        app.call("GET", "/api/v1/gap?unit=51", Some(CONTRIBUTOR), None)
            .await
            .0,
        403
    );
    assert_eq!(
        app.call("GET", "/api/v1/gap?unit=51", Some(OUTSIDER), None)
            .await
            .0,
        403
    );
    let (_, work) = app
        .call("GET", "/api/v1/workspace", Some(EDITOR), None)
        .await;
    assert_eq!(work["unpublished_items"], 1);
    let (_, doc) = app.call("GET", "/api/v1/openapi.json", None, None).await;
    for p in [
        "/api/v1/releases",
        "/api/v1/releases/{id}/transitions",
        "/api/v1/gap",
        "/api/v1/items/{id}/replications",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p} is documented");
    }
}

#[tokio::test]
async fn network_administrators_extend_the_categories() {
    let app = start().await;
    let body = json!({"key": "disaster-management", "label_id": "Penanggulangan bencana", "label_en": "Disaster management"});
    assert_eq!(
        app.call(
            "POST",
            "/api/v1/categories",
            Some(EDITOR),
            Some(body.clone())
        )
        .await
        .0,
        403
    );
    assert_eq!(
        app.call(
            "POST",
            "/api/v1/categories",
            Some(NATIONAL_ADMIN),
            Some(body.clone())
        )
        .await
        .0,
        201
    );
    assert_eq!(
        app.call(
            "POST",
            "/api/v1/categories",
            Some(NATIONAL_ADMIN),
            Some(body)
        )
        .await
        .0,
        409
    );
    let (s, p) = app
        .call(
            "POST",
            "/api/v1/categories",
            Some(NATIONAL_ADMIN),
            Some(json!({"key": "Bad Key", "label_id": "", "label_en": "x"})),
        )
        .await;
    assert_eq!(s, 422);
    assert_eq!(p["errors"].as_array().unwrap().len(), 2, "{p}");
    let (_, all) = app.call("GET", "/api/v1/categories", None, None).await;
    assert!(
        all.as_array()
            .unwrap()
            .iter()
            .any(|c| c["key"] == "disaster-management")
    );
    let item = json!({"unit": "51.71", "kind": "achievement", "title": "Posko siaga", "description": "x", "category": "disaster-management"});
    assert_eq!(
        app.call("POST", "/api/v1/items", Some(CONTRIBUTOR), Some(item))
            .await
            .0,
        201
    );
}
