//! The JSON API through the in-process router, on a fresh database with
//! the real regions of Bali and East Java's Surabaya, on SQLite or
//! PostgreSQL (see sinergi-testkit).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sinergi_domain::clock::FixedClock;
use sinergi_testkit::app::{BALI_AND_SURABAYA, InProcessApp, Setup};
use sinergi_testkit::fixtures::cast;
use sinergi_testkit::{TEST_NOW, TestDb};
use sinergi_web::{AppState, router};
use tower::ServiceExt;

async fn app() -> InProcessApp {
    Setup::for_router(BALI_AND_SURABAYA).await.in_process()
}

async fn get(router: &Router, uri: &str) -> (StatusCode, String, Value) {
    let response = router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, content_type, json)
}

fn codes(v: &Value) -> Vec<&str> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_unit_carries_its_parent_chain_and_counts() {
    let app = app().await;
    let (status, _, body) = get(&app.router, "/api/v1/units/51.71.01.1006").await;
    assert_eq!(status, StatusCode::OK);
    insta::assert_json_snapshot!("unit_sanur", body);
    let (_, _, bali) = get(&app.router, "/api/v1/units/51").await;
    assert_eq!(bali["units_below"]["regency"], 9);
    assert_eq!(bali["units_below"]["village"], 716);
    assert_eq!(bali["time_zone"], "WITA");
}

#[tokio::test]
async fn listing_filters_combine_and_pages_follow_cursors() {
    let app = app().await;
    let (_, _, provinces) = get(&app.router, "/api/v1/units?level=province").await;
    assert_eq!(
        codes(&provinces),
        vec!["51", "35"],
        "ordered by name: Bali, Jawa Timur"
    );
    let (_, _, children) = get(&app.router, "/api/v1/units?parent=51.71").await;
    assert_eq!(codes(&children).len(), 4);
    let (_, _, districts) = get(
        &app.router,
        "/api/v1/units?within=51&level=district&q=denpasar",
    )
    .await;
    assert_eq!(codes(&districts).len(), 4);

    let mut seen = Vec::new();
    let mut uri = "/api/v1/units?within=51.71&limit=9".to_owned();
    loop {
        let (status, _, page) = get(&app.router, &uri).await;
        assert_eq!(status, StatusCode::OK);
        seen.extend(codes(&page).into_iter().map(str::to_owned));
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/v1/units?within=51.71&limit=9&cursor={c}"),
            None => break,
        }
    }
    let (_, _, denpasar) = get(&app.router, "/api/v1/units/51.71").await;
    let below: i64 = denpasar["units_below"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_i64().unwrap())
        .sum();
    assert_eq!(seen.len() as i64, below);
}

#[tokio::test]
async fn search_finds_by_word_prefix_code_and_alias() {
    let app = app().await;
    let (_, _, found) = get(&app.router, "/api/v1/units?q=denpasar").await;
    let found = codes(&found);
    assert_eq!(found[0], "51.71");
    assert!(found[1..5].iter().all(|c| c.starts_with("51.71.0")));
    let (_, _, accent) = get(&app.router, "/api/v1/units?q=D%C3%89NPASAR").await;
    assert_eq!(codes(&accent)[0], "51.71");
    let (_, _, surabaya) = get(&app.router, "/api/v1/units?q=kota%20sura").await;
    assert_eq!(codes(&surabaya), vec!["35.78"]);
    let (_, _, by_code) = get(&app.router, "/api/v1/units?q=35.78.0&limit=3").await;
    assert!(codes(&by_code).iter().all(|c| c.starts_with("35.78.0")));
    let (_, _, kominfo) = get(&app.router, "/api/v1/units?q=kominfo").await;
    assert_eq!(codes(&kominfo), vec!["komdigi"]);
}

#[tokio::test]
async fn stats_count_current_units_per_level() {
    let app = app().await;
    let (status, _, stats) = get(&app.router, "/api/v1/stats/units").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats["province"], 2);
    assert_eq!(stats["regency"], 10);
    assert_eq!(stats["national"], 3);
    assert_eq!(stats["village"], 716 + 153);
}

#[tokio::test]
async fn bad_input_gets_problem_details() {
    let app = app().await;
    for (uri, status, needle) in [
        (
            "/api/v1/units?level=kingdom",
            StatusCode::BAD_REQUEST,
            "unknown level `kingdom`",
        ),
        (
            "/api/v1/units?cursor=bogus",
            StatusCode::BAD_REQUEST,
            "cursor is not valid",
        ),
        (
            "/api/v1/units?limit=0",
            StatusCode::BAD_REQUEST,
            "`limit` must be",
        ),
        (
            "/api/v1/units?limit=201",
            StatusCode::BAD_REQUEST,
            "`limit` must be",
        ),
        (
            "/api/v1/units?parent=Bali",
            StatusCode::BAD_REQUEST,
            "`parent`",
        ),
        (
            "/api/v1/units?include_retired=maybe",
            StatusCode::BAD_REQUEST,
            "include_retired",
        ),
        (
            "/api/v1/units/99.99",
            StatusCode::NOT_FOUND,
            "unit 99.99 was not found",
        ),
        (
            "/api/v1/units/not%20a%20code",
            StatusCode::BAD_REQUEST,
            "is not a unit code",
        ),
        (
            "/api/v1/nothing-here",
            StatusCode::NOT_FOUND,
            "no API resource",
        ),
    ] {
        let (got, content_type, body) = get(&app.router, uri).await;
        assert_eq!(got, status, "{uri}");
        assert_eq!(content_type, "application/problem+json", "{uri}");
        assert_eq!(body["status"], status.as_u16(), "{uri}");
        assert!(
            body["detail"].as_str().unwrap().contains(needle),
            "{uri}: {body}"
        );
    }
}

#[tokio::test]
async fn health_and_readiness() {
    let app = app().await;
    let (status, _, body) = get(&app.router, "/healthz").await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    let (status, _, body) = get(&app.router, "/readyz").await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("ready"))
    );
    // This app keeps no search index.
    assert_eq!(body["search_index"]["state"], "off");
}

#[tokio::test]
async fn readiness_fails_before_migrations() {
    let db = TestDb::unmigrated().await;
    let router = router(AppState::new(
        db.store.clone(),
        Arc::new(FixedClock::at(TEST_NOW)),
    ));
    let (status, _, body) = get(&router, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["status"], "migrations pending");
}

#[tokio::test]
async fn the_openapi_document_is_stable() {
    let app = app().await;
    let (status, _, doc) = get(&app.router, "/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    insta::assert_json_snapshot!("openapi", doc);
}

/// The app with accounts, and an API token of an editor of Bali: the body
/// of a request is read only after its token is accepted.
async fn app_with_token() -> (InProcessApp, String) {
    let mut setup = Setup::for_router(BALI_AND_SURABAYA).await;
    setup.people_with_tokens(&[cast::REDAKSI_BALI]).await;
    let token = setup.members[0].token.clone();
    (setup.in_process(), token)
}

/// One request that the API must refuse, and what the refusal says.
struct Refused {
    method: Method,
    uri: &'static str,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: StatusCode,
    /// A part of `detail`.
    says: &'static str,
}

fn refused(method: Method, uri: &'static str, status: StatusCode, says: &'static str) -> Refused {
    Refused {
        method,
        uri,
        content_type: None,
        body: Vec::new(),
        status,
        says,
    }
}

fn with_body(mut r: Refused, content_type: &'static str, body: impl Into<Vec<u8>>) -> Refused {
    r.content_type = Some(content_type);
    r.body = body.into();
    r
}

async fn send(router: &Router, token: &str, r: &Refused) -> (StatusCode, HeaderMap, Value) {
    let mut request = Request::builder()
        .method(r.method.clone())
        .uri(r.uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(ct) = r.content_type {
        request = request.header(header::CONTENT_TYPE, ct);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::from(r.body.clone())).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (parts.status, parts.headers, json)
}

/// Every way axum can refuse to read a request (query string, path, JSON
/// body, content type, size, route, method) is answered as problem JSON in
/// English, never as axum's plain text.
#[tokio::test]
async fn every_refusal_is_problem_json() {
    let (app, token) = app_with_token().await;
    let json = "application/json";
    let cases = [
        refused(
            Method::GET,
            "/api/v1/releases?unit=51&subtree=51",
            StatusCode::BAD_REQUEST,
            "the query string does not fit this resource: subtree",
        ),
        refused(
            Method::GET,
            "/api/v1/releases",
            StatusCode::BAD_REQUEST,
            "missing field `unit`",
        ),
        refused(
            Method::GET,
            "/api/v1/campaigns/1/not-started?limit=many",
            StatusCode::BAD_REQUEST,
            "limit",
        ),
        refused(
            Method::GET,
            "/api/v1/releases/abc",
            StatusCode::BAD_REQUEST,
            "the path is not valid: `abc` is not a whole number",
        ),
        refused(
            Method::DELETE,
            "/api/v1/campaigns/x/targets/51",
            StatusCode::BAD_REQUEST,
            "the path is not valid: `x` is not a whole number",
        ),
        with_body(
            refused(
                Method::POST,
                "/api/v1/releases",
                StatusCode::BAD_REQUEST,
                "the body is not valid JSON",
            ),
            json,
            "{\"title\": ",
        ),
        with_body(
            refused(
                Method::POST,
                "/api/v1/releases",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Content-Type: application/json",
            ),
            "text/plain",
            "{}",
        ),
        refused(
            Method::PUT,
            "/api/v1/units/51/contact",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type: application/json",
        ),
        with_body(
            refused(
                Method::POST,
                "/api/v1/releases",
                StatusCode::UNPROCESSABLE_ENTITY,
                "missing field `title`",
            ),
            json,
            r#"{"unit": "51", "lead": "", "body": ""}"#,
        ),
        with_body(
            refused(
                Method::POST,
                "/api/v1/releases/1/transitions",
                StatusCode::UNPROCESSABLE_ENTITY,
                "version: invalid type: string",
            ),
            json,
            r#"{"op": "submit", "version": "one"}"#,
        ),
        with_body(
            refused(
                Method::POST,
                "/api/v1/releases",
                StatusCode::PAYLOAD_TOO_LARGE,
                "the body is too large",
            ),
            json,
            vec![b' '; 3 * 1024 * 1024],
        ),
        refused(
            Method::GET,
            "/api/v1/nothing-here",
            StatusCode::NOT_FOUND,
            "there is no API resource at /api/v1/nothing-here",
        ),
        refused(
            Method::DELETE,
            "/api/v1/units",
            StatusCode::METHOD_NOT_ALLOWED,
            "/api/v1/units does not take DELETE",
        ),
        refused(
            Method::POST,
            "/api/v1/openapi.json",
            StatusCode::METHOD_NOT_ALLOWED,
            "does not take POST",
        ),
    ];
    for case in &cases {
        let label = format!("{} {}", case.method, case.uri);
        let (status, headers, body) = send(&app.router, &token, case).await;
        assert_eq!(status, case.status, "{label}: {body}");
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "application/problem+json",
            "{label}"
        );
        assert_eq!(body["type"], "about:blank", "{label}: {body}");
        assert_eq!(
            body["title"],
            status.canonical_reason().unwrap(),
            "{label}: {body}"
        );
        assert_eq!(body["status"], status.as_u16(), "{label}: {body}");
        let detail = body["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(case.says), "{label}: {body}");
        if status == StatusCode::METHOD_NOT_ALLOWED {
            assert!(headers.contains_key(header::ALLOW), "{label}");
        }
    }
}

/// A JSON request with the token, answered as JSON.
async fn json_call(
    router: &Router,
    token: &str,
    method: Method,
    uri: String,
    body: Value,
) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Two records of one journalist merged over the API (a stale version is
/// a conflict and merges nothing), and a subscription ended with DELETE.
#[tokio::test]
async fn contacts_merge_and_subscriptions_end_over_the_api() {
    let (app, token) = app_with_token().await;
    let r = &app.router;
    let add = |name: &'static str, phone: &'static str, confirm: bool| {
        json!({"name": name, "email": "putu@warta.example", "phone": phone,
               "kind": "journalist", "confirm_duplicate": confirm})
    };
    let post = Method::POST;
    let (s, kept) = json_call(
        r,
        &token,
        post.clone(),
        "/api/v1/contacts".into(),
        add("Putu Arta", "", false),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{kept}");
    let kept = kept["id"].as_i64().unwrap();
    let (s, _) = json_call(
        r,
        &token,
        post.clone(),
        "/api/v1/contacts".into(),
        add("Putu A.", "08123456789", false),
    )
    .await;
    assert_eq!(
        s,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the same address: a possible duplicate"
    );
    let (_, dup) = json_call(
        r,
        &token,
        post.clone(),
        "/api/v1/contacts".into(),
        add("Putu A.", "08123456789", true),
    )
    .await;
    let dup = dup["id"].as_i64().unwrap();

    let merge = format!("/api/v1/contacts/{kept}/merge");
    let (s, problem) = json_call(
        r,
        &token,
        post.clone(),
        merge.clone(),
        json!({"duplicate": dup, "version": 7, "duplicate_version": 1}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{problem}");
    let (s, problem) = json_call(
        r,
        &token,
        post.clone(),
        merge.clone(),
        json!({"duplicate": kept, "version": 1, "duplicate_version": 1}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    let (s, merged) = json_call(
        r,
        &token,
        post.clone(),
        merge.clone(),
        json!({"duplicate": dup, "version": 1, "duplicate_version": 1}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{merged}");
    assert_eq!(merged["name"], "Putu Arta");
    assert_eq!(merged["phone"], "08123456789", "filled from the duplicate");
    let (s, _) = json_call(
        r,
        &token,
        Method::GET,
        format!("/api/v1/contacts/{dup}"),
        Value::Null,
    )
    .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "the duplicate is gone from the base"
    );

    // A subscription needs consent; then it is ended, once.
    let consent = sinergi_store::contacts::NewConsent {
        purpose: sinergi_domain::contacts::Purpose::Distribution,
        basis: sinergi_domain::contacts::Basis::Consent,
        channel: sinergi_domain::contacts::Channel::Form,
        evidence: "formulir".into(),
        given_at: TEST_NOW,
    };
    app.db
        .store
        .record_consent(
            sinergi_domain::ContactId::new(kept),
            &consent,
            &sinergi_store::accounts::audit::Actor::system("test"),
            TEST_NOW,
        )
        .await
        .unwrap();
    let subs = format!("/api/v1/contacts/{kept}/subscriptions");
    let (s, sub) = json_call(
        r,
        &token,
        post,
        subs.clone(),
        json!({"target": "subtree", "unit": "51"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{sub}");
    let end = format!("{subs}/{}", sub["id"]);
    assert_eq!(
        json_call(r, &token, Method::DELETE, end.clone(), Value::Null)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        json_call(r, &token, Method::DELETE, end, Value::Null)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, listed) = json_call(r, &token, Method::GET, subs, Value::Null).await;
    assert_eq!(listed, json!([]), "{listed}");
}
