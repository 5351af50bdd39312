//! Pitches and a contact's own data through the pages and the API, in
//! process: an officer reaches "Pitch" from the contact list, a message
//! with an unknown merge field comes back with the text kept, the preview
//! greets each recipient by name, sending twice sends once; over JSON the
//! same. A contact asks for their link from the footer's page (the answer
//! is the same for an unknown address), opens it without a session,
//! downloads and erases their data.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sinergi_domain::access::{Reach, Role};
use sinergi_testkit::app::{InProcessApp, Setup, request};
use tower::ServiceExt;

const AUTHOR: &str = "kontributor@denpasarkota.go.id";

async fn start() -> (InProcessApp, String) {
    let mut setup = Setup::for_router(&["51"]).await;
    setup
        .people_with_tokens(&[(AUTHOR, "51.71", Role::Contributor, Reach::Unit)])
        .await;
    let token = setup.members[0].token.clone();
    (setup.in_process(), token)
}

async fn call(
    router: &Router,
    method: Method,
    uri: &str,
    token: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
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
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// A contact with consent to distribution; returns its id.
async fn contact(
    app: &InProcessApp,
    who: &sinergi_testkit::app::Session,
    name: &str,
    email: &str,
) -> i64 {
    let created = app
        .post_form(
            "/contacts/new",
            who,
            &[("name", name), ("email", email), ("kind", "journalist")],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let path = created.header("location");
    let path = path.split('?').next().unwrap().to_owned();
    let consent = app
        .post_form(
            &format!("{path}/consent"),
            who,
            &[
                ("purpose", "distribution"),
                ("basis", "consent"),
                ("channel", "form"),
            ],
        )
        .await;
    assert_eq!(consent.status, 303, "{}", consent.body);
    path.rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pitch_is_previewed_per_recipient_and_sent_once_from_the_pages_and_the_api() {
    let (app, token) = start().await;
    let officer = app.sign_in(AUTHOR).await;
    let ayu = contact(&app, &officer, "Ayu Lestari", "ayu@warta.example").await;
    let list = app.get("/contacts", Some(&officer)).await;
    assert!(list.body.contains("href=\"/contacts/pitches\""));
    let form = app
        .get(&format!("/contacts/pitches/new?c={ayu}"), Some(&officer))
        .await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("Ayu Lestari"),
        "the chosen contact is ticked"
    );
    let ayu_s = ayu.to_string();
    let refused = app
        .post_form(
            "/contacts/pitches",
            &officer,
            &[
                ("unit", "51.71"),
                ("subject", "Untuk {nama}"),
                ("body", "Halo {kota}"),
                ("recipients", &ayu_s),
            ],
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("kolom gabung yang tidak ada"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Halo {kota}"));
    let saved = app
        .post_form(
            "/contacts/pitches",
            &officer,
            &[
                ("unit", "51.71"),
                ("subject", "Untuk {nama}"),
                ("body", "Halo {nama}, ada bahan liputan."),
                ("recipients", &ayu_s),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let pitch = saved.header("location");
    let preview = app.get(&pitch, Some(&officer)).await;
    assert!(
        preview
            .body
            .contains("Halo Ayu Lestari, ada bahan liputan.")
    );
    for _ in 0..2 {
        let sent = app
            .post_form(&format!("{pitch}/send"), &officer, &[("version", "1")])
            .await;
        assert_eq!(sent.status, 303, "{}", sent.body);
    }
    let mail = app.db.store.outbox_entries(100).await.unwrap();
    assert_eq!(
        mail.iter()
            .filter(|m| m.recipient == "ayu@warta.example")
            .count(),
        1
    );

    // The API: the same rules, the same once.
    let r = &app.router;
    let (status, saved) = call(
        r,
        Method::POST,
        "/api/v1/pitches",
        &token,
        Some(json!({"unit": "51.71", "subject": "Untuk {nama}", "body": "Halo {nama}.", "recipients": [ayu]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    let id = saved["id"].as_i64().unwrap();
    let (status, detail) = call(
        r,
        Method::GET,
        &format!("/api/v1/pitches/{id}"),
        &token,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        detail["previews"][0]["body"]
            .as_str()
            .unwrap()
            .lines()
            .next(),
        Some("Halo Ayu Lestari.")
    );
    let send_path = format!("/api/v1/pitches/{id}/send");
    let once = call(
        r,
        Method::POST,
        &send_path,
        &token,
        Some(json!({"version": 1})),
    )
    .await;
    assert_eq!(once.1["queued"], 1);
    let twice = call(
        r,
        Method::POST,
        &send_path,
        &token,
        Some(json!({"version": 1})),
    )
    .await;
    assert_eq!(twice.1["queued"], 0);
    let (status, bad) = call(
        r,
        Method::POST,
        "/api/v1/pitches",
        &token,
        Some(json!({"unit": "51.71", "subject": "x", "body": "{kota}", "recipients": [ayu]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    let (status, list) = call(r, Method::GET, "/api/v1/pitches", &token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contact_opens_downloads_and_erases_their_data_without_a_session() {
    let (app, _) = start().await;
    let officer = app.sign_in(AUTHOR).await;
    let ayu = contact(&app, &officer, "Ayu Lestari", "ayu@warta.example").await;
    let home = app.get("/", None).await;
    assert!(
        home.body.contains("href=\"/my-data\""),
        "in every page's footer"
    );
    let form = |email: &str| format!("email={}", sinergi_testkit::app::encode(email));
    let known = post(&app, "/my-data", form("AYU@warta.example")).await;
    let unknown = post(&app, "/my-data", form("siapa@warta.example")).await;
    assert_eq!((known.status, unknown.status), (200, 200));
    assert_eq!(
        known.body, unknown.body,
        "nothing tells whether an address is known"
    );
    let bad = post(&app, "/my-data", form("bukan alamat")).await;
    assert_eq!(bad.status, 422);
    let mail = app.db.store.outbox_entries(100).await.unwrap();
    let link = mail
        .iter()
        .find(|m| m.recipient == "ayu@warta.example" && m.idempotency_key.starts_with("own-data:"))
        .expect("the link was queued")
        .body_text
        .clone();
    let at = link.find("/my-data/").unwrap();
    let path: String = link[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let page = app.get(&path, None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("value=\"Ayu Lestari\""));
    let json = app.get(&format!("{path}/export.json"), None).await;
    assert!(json.body.contains("ayu@warta.example"));
    let csv = app.get(&format!("{path}/export.csv"), None).await;
    assert!(csv.body.contains("Ayu Lestari"));
    let unticked = post(&app, &format!("{path}/erase"), String::new()).await;
    assert_eq!(unticked.status, 422);
    let erased = post(&app, &format!("{path}/erase"), "confirm=yes".into()).await;
    assert_eq!(erased.status, 200, "{}", erased.body);
    assert_eq!(app.get(&path, None).await.status, 404);
    let gone = app.get(&format!("/contacts/{ayu}"), Some(&officer)).await;
    assert_eq!(gone.status, 404);
}

async fn post(app: &InProcessApp, path: &str, body: String) -> sinergi_testkit::app::Resp {
    request(
        &app.router,
        "POST",
        path,
        None,
        Some("application/x-www-form-urlencoded".into()),
        body.into_bytes(),
    )
    .await
}
