//! Forums over JSON, in process: a province starts a series, records an
//! event with its regencies invited, takes attendance, records and closes
//! a commitment with evidence, moves the event (its SEQUENCE rises), and
//! the public reads it all back; refusals are problem JSON.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sinergi_domain::access::{Reach, Role};
use sinergi_testkit::app::Setup;
use tower::ServiceExt;

async fn call(
    router: &Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let body = match body {
        Some(b) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let response = router
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, json)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_province_runs_an_event_through_the_api() {
    let mut setup = Setup::for_router(&["51"]).await;
    setup
        .people_with_tokens(&[("admin@baliprov.go.id", "51", Role::Admin, Reach::Subtree)])
        .await;
    let token = setup.members[0].token.clone();
    let app = setup.in_process();
    let r = &app.router;
    let t = Some(token.as_str());

    let (status, series) = call(
        r,
        Method::POST,
        "/api/v1/series",
        t,
        Some(json!({ "owner": "51", "title": "Workshop humas se-Bali" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{series}");
    let body = json!({
        "organiser": "51", "series_id": series["id"], "kind": "workshop",
        "title": "Workshop humas kabupaten/kota", "starts": "2026-06-04T09:00",
        "venue": "51.71", "address": "Gedung Jaya Sabha", "invite_children": true
    });
    let (status, none) = call(r, Method::POST, "/api/v1/events", None, Some(body.clone())).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{none}");
    let (status, bad) = call(
        r,
        Method::POST,
        "/api/v1/events",
        t,
        Some(json!({ "organiser": "51", "kind": "seminar", "starts": "besok" })),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"kind") && fields.contains(&"starts"),
        "{bad}"
    );
    let (status, saved) = call(r, Method::POST, "/api/v1/events", t, Some(body.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    assert_eq!(saved["sequence"], 0);
    let id = saved["id"].as_i64().unwrap();

    let (_, list) = call(
        r,
        Method::GET,
        &format!("/api/v1/events?series={}", series["id"]),
        None,
        None,
    )
    .await;
    assert_eq!(list[0]["zone"], "WITA");
    assert_eq!(list[0]["starts_local"], "2026-06-04T09:00");
    assert_eq!(list[0]["starts_at"], "2026-06-04T01:00:00Z");
    assert_eq!(list[0]["invited"].as_array().unwrap().len(), 9);

    let (status, c) = call(
        r,
        Method::POST,
        &format!("/api/v1/events/{id}/commitments"),
        t,
        Some(json!({ "unit": "51.71", "kind": "other", "what": "Siaran pers hasil workshop", "due_on": "2026-06-30" })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    assert_eq!(c["state"], "pending");
    let (status, a) = call(
        r,
        Method::PUT,
        &format!("/api/v1/events/{id}/attendance"),
        t,
        Some(json!({ "present": ["51.71", "51.03"] })),
    )
    .await;
    assert_eq!((status, a["recorded"].as_i64()), (StatusCode::OK, Some(2)));
    let (status, closed) = call(
        r,
        Method::POST,
        &format!("/api/v1/commitments/{}/closure", c["id"]),
        t,
        Some(json!({ "evidence_url": "https://denpasarkota.go.id/berita/1" })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert!(closed["closed_at"].is_string());

    let mut moved = body.clone();
    moved["starts"] = json!("2026-06-05T10:00");
    moved["version"] = json!(1);
    let (status, saved) = call(
        r,
        Method::PUT,
        &format!("/api/v1/events/{id}"),
        t,
        Some(moved.clone()),
    )
    .await;
    assert_eq!(
        (status, saved["sequence"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{saved}"
    );
    let (status, stale) = call(
        r,
        Method::PUT,
        &format!("/api/v1/events/{id}"),
        t,
        Some(moved),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{stale}");

    let (status, e) = call(r, Method::GET, &format!("/api/v1/events/{id}"), None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(e["attended"], json!(["51.03", "51.71"]));
    assert_eq!(e["commitments"][0]["state"], "fulfilled");
    assert_eq!(e["event"]["starts_local"], "2026-06-05T10:00");
    let (status, s) = call(
        r,
        Method::GET,
        &format!("/api/v1/series/{}", series["id"]),
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(s["events"].as_array().unwrap().len(), 1);
    let (status, missing) = call(r, Method::GET, "/api/v1/events/999", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
}
