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

/// A request whose body is a file's bytes, as `POST …/materials` takes it.
async fn send_file(
    router: &Router,
    uri: &str,
    token: &str,
    content_type: &str,
    bytes: &'static [u8],
) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(bytes))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_events_programme_registration_and_files_over_the_api() {
    let mut setup = Setup::for_router(&["51"]).await;
    setup
        .people_with_tokens(&[
            ("admin@baliprov.go.id", "51", Role::Admin, Reach::Subtree),
            (
                "redaksi@denpasarkota.go.id",
                "51.71",
                Role::Editor,
                Reach::Unit,
            ),
        ])
        .await;
    let (bali, denpasar) = (
        setup.members[0].token.clone(),
        setup.members[1].token.clone(),
    );
    let app = setup.in_process();
    let r = &app.router;
    let (b, d) = (Some(bali.as_str()), Some(denpasar.as_str()));
    let (status, event) = call(
        r,
        Method::POST,
        "/api/v1/events",
        b,
        Some(json!({
            "organiser": "51", "kind": "workshop", "title": "Bimtek rilis pers",
            "starts": "2026-06-20T09:00", "venue": "51.71", "capacity": 1,
            "invite_children": true
        })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let base = format!("/api/v1/events/{}", event["id"]);

    // Speakers: one by one; a `|` would split one on the form, so it is refused.
    let speakers = json!({ "speakers": [
        { "name": "Dr. Sari", "role": "Kepala Dinas Kominfos Bali", "topic": "Menulis rilis" },
        { "name": "Budi" }
    ]});
    let (status, kept) = call(
        r,
        Method::PUT,
        &format!("{base}/speakers"),
        b,
        Some(speakers),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept[1]["name"], "Budi");
    let barred = json!({ "speakers": [{ "name": "Ani | Budi" }] });
    let (status, refused) =
        call(r, Method::PUT, &format!("{base}/speakers"), b, Some(barred)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused["errors"][0]["code"], "ev-speaker-separator",
        "{refused}"
    );
    let (status, _) = call(
        r,
        Method::PUT,
        &format!("{base}/speakers"),
        d,
        Some(json!({ "speakers": [] })),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "an invited editor keeps no programme"
    );

    let record = json!({ "minutes": "Dibuka pukul 09.00.", "outcomes": "- Rilis mingguan" });
    let (status, _) = call(r, Method::PUT, &format!("{base}/record"), b, Some(record)).await;
    assert_eq!(status, StatusCode::OK);

    // Registration: the one seat goes to Denpasar's editor; Bali's admin finds it full.
    let (status, first) = call(r, Method::PUT, &format!("{base}/registration"), d, None).await;
    assert_eq!(
        (status, &first["state"]),
        (StatusCode::OK, &json!("registered"))
    );
    let (_, again) = call(r, Method::PUT, &format!("{base}/registration"), d, None).await;
    assert_eq!(again["state"], "already");
    let (status, full) = call(r, Method::PUT, &format!("{base}/registration"), b, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{full}");
    assert_eq!(full["errors"][0]["code"], "ev-full");
    let (status, who) = call(r, Method::GET, &format!("{base}/registrations"), b, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(who[0]["email"], "redaksi@denpasarkota.go.id", "{who}");
    let (status, _) = call(r, Method::GET, &format!("{base}/registrations"), d, None).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only the organiser sees who registered"
    );
    let (status, _) = call(r, Method::PUT, &format!("{base}/registration"), None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A file: the body is the file; one the checks refuse is refused with its reason.
    let (status, files) = send_file(
        r,
        &format!("{base}/materials?filename=jadwal.csv&title=Jadwal%20bimtek"),
        &bali,
        "text/csv",
        b"sesi,jam\nPembukaan,09.00\n",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{files}");
    assert_eq!(files[0]["title"], "Jadwal bimtek");
    let media = files[0]["media_id"].as_i64().unwrap();
    let (status, refused) = send_file(
        r,
        &format!("{base}/materials?filename=alat.exe"),
        &bali,
        "application/octet-stream",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");

    // The event, read back by the public, carries it all.
    let (status, shown) = call(r, Method::GET, &base, None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(shown["speakers"][0]["name"], "Dr. Sari");
    assert_eq!(shown["minutes"], "Dibuka pukul 09.00.");
    assert_eq!(shown["registered"], 1);
    assert_eq!(shown["registered_self"], false);
    assert_eq!(shown["materials"][0]["url"], format!("/media/{media}"));

    let (status, _) = call(
        r,
        Method::DELETE,
        &format!("{base}/materials/{media}"),
        b,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(
        r,
        Method::DELETE,
        &format!("{base}/materials/{media}"),
        b,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = call(r, Method::DELETE, &format!("{base}/registration"), d, None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(r, Method::DELETE, &format!("{base}/registration"), d, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
