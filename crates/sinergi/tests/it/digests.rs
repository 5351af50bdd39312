//! The daily digest and tag subscriptions through a real `sinergi serve`
//! and a real SMTP server (aiosmtpd on loopback). A contact with a digest
//! at 00:00 of their zone (due at any hour, so the test needs no clock)
//! gets one digest of the release made before the server started; a
//! `kill -9` and a restart on the same day send no second one. A tag
//! subscription made through the JSON API receives a tagged release
//! published through the API, per release; the digest reader does not.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sinergi_domain::ContactId;
use sinergi_domain::contacts::{Basis, Channel, ContactKind, Purpose, SubscriptionTarget};
use sinergi_store::Store;
use sinergi_store::accounts::audit::Actor;
use sinergi_store::contacts::{ContactDraft, NewConsent, NewSubscription};
use sinergi_testkit::app::Setup;
use sinergi_testkit::fixtures::cast::REDAKSI_BALI;
use sinergi_testkit::fixtures::release;
use sinergi_testkit::smtp::{Sink, free_port};

use crate::serve_process::{kill, serve, wait_ready};

/// Job leases short enough for a restart to take the digest job over.
const LEASE: &[(&str, &str)] = &[("SINERGI_LEASE_TTL_SECS", "2")];

fn now_micros() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(d.as_micros()).unwrap()
}

/// A contact with an address and a standing consent, in `zone`.
async fn contact(store: &Store, email: &str, zone: &str, at: i64) -> ContactId {
    let system = Actor::system("test");
    let draft = ContactDraft {
        name: email.split('@').next().unwrap().to_owned(),
        email: Some(email.into()),
        kind: Some(ContactKind::Journalist),
        languages: vec!["en".into()],
        language: "en".into(),
        time_zone: zone.into(),
        ..Default::default()
    };
    let id = store.create_contact(&draft, &system, at).await.unwrap();
    let consent = NewConsent {
        purpose: Purpose::Distribution,
        basis: Basis::Consent,
        channel: Channel::Form,
        evidence: "form".into(),
        given_at: at,
    };
    store
        .record_consent(id, &consent, &system, at)
        .await
        .unwrap();
    id
}

/// The messages the sink took for `email`.
fn received(sink: &Sink, email: &str) -> Vec<Value> {
    sink.messages()
        .into_iter()
        .filter(|m| m["rcpt_tos"][0].as_str() == Some(email))
        .collect()
}

async fn wait_for(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !check() {
        assert!(Instant::now() < deadline, "{what}: not within 120 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn call(client: &reqwest::Client, token: &str, url: String, body: Value) -> Value {
    let r = client
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_server_sends_one_digest_a_day_and_tag_subscribers_each_release() {
    let mut setup = Setup::for_router(&["51"]).await;
    setup.people_with_tokens(&[REDAKSI_BALI]).await;
    let token = setup.members[0].token.clone();
    let store = setup.db.store.clone();
    let db_url = setup.db.url.clone();
    let editor = setup.principal(REDAKSI_BALI.0).await;

    // Subscribed a minute ago; a release made public now, before the
    // server starts. The digest's hour is 00:00 WIT: due whenever the
    // server runs.
    let start = now_micros();
    let reader = contact(&store, "pagi@warta.example", "WIT", start - 60_000_000).await;
    store
        .subscribe(
            reader,
            &NewSubscription::unit(SubscriptionTarget::Subtree, "51.71").digest_at(0),
            &Actor::system("test"),
            start - 60_000_000,
        )
        .await
        .unwrap();
    setup.clock.set(start);
    let first = release("51.71", "Pasar Seni Sanur Dibuka")
        .published(&setup.state.newsroom, &editor)
        .await;
    assert!(
        store.outbox_entries(100).await.unwrap().is_empty(),
        "a digest reader is not mailed per release"
    );
    let tag_reader = contact(&store, "tag@kabar.example", "WIB", start).await;

    let sink = Sink::start();
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap().to_owned();
    sinergi_testkit::app::install_tls_provider();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let child = serve(&db_url, &data_dir, port, &sink.url(), LEASE);
    wait_ready(&client, &base).await;
    wait_for("the digest", || {
        !received(&sink, "pagi@warta.example").is_empty()
    })
    .await;
    let digest = &received(&sink, "pagi@warta.example")[0];
    let raw = digest["raw"].as_str().unwrap();
    assert!(
        digest["subject"]
            .as_str()
            .unwrap()
            .starts_with("[Daily digest "),
        "{raw}"
    );
    let body = digest["body"].as_str().unwrap();
    assert!(body.contains("Pasar Seni Sanur Dibuka"), "{body}");
    assert!(body.contains(&format!("/releases/{first}-")), "{body}");
    assert!(
        body.contains(" WIT"),
        "the time in the reader's zone: {body}"
    );
    assert!(raw.contains("List-Unsubscribe: <"), "{raw}");
    assert!(
        raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
        "{raw}"
    );

    // The JSON API: a tag subscription for the other contact, per release.
    let subs = format!("{base}/api/v1/contacts/{tag_reader}/subscriptions");
    let r = client
        .post(&subs)
        .bearer_auth(&token)
        .json(
            &json!({"target": "tag", "tag": "Pariwisata", "delivery": "digest", "digest_hour": 30}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "an hour past 23 is refused");
    call(
        &client,
        &token,
        subs.clone(),
        json!({"target": "tag", "tag": "#Pariwisata"}),
    )
    .await;
    let listed: Value = client
        .get(&subs)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["target"], "tag", "{listed}");
    assert_eq!(listed[0]["tag"], "pariwisata", "{listed}");
    assert_eq!(listed[0]["delivery"], "each", "{listed}");
    assert_eq!(listed[0]["digest_hour"], Value::Null, "{listed}");

    // Killed and started again the same day: no second digest.
    kill(child);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let child = serve(&db_url, &data_dir, port, &sink.url(), LEASE);
    wait_ready(&client, &base).await;

    // A tagged release of the province (outside the digest's subtree),
    // through the API: the tag subscriber gets it per release.
    let created = call(
        &client,
        &token,
        format!("{base}/api/v1/releases"),
        json!({"unit": "51", "title": "Festival Pantai Kuta", "lead": "Ringkas.",
               "body": "Isi.", "tags": ["pariwisata"]}),
    )
    .await;
    let id = created["id"].as_i64().unwrap();
    for op in ["submit", "approve", "release"] {
        call(
            &client,
            &token,
            format!("{base}/api/v1/releases/{id}/transitions"),
            json!({"op": op, "version": created["version"]}),
        )
        .await;
    }
    wait_for("the tagged release", || {
        !received(&sink, "tag@kabar.example").is_empty()
    })
    .await;
    let tagged = received(&sink, "tag@kabar.example");
    assert_eq!(tagged.len(), 1);
    assert!(
        tagged[0]["subject"]
            .as_str()
            .unwrap()
            .contains("Festival Pantai Kuta")
    );
    // The restarted node's digest job has run by now (a job's first round
    // is at start): still the one digest.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(received(&sink, "pagi@warta.example").len(), 1);
    kill(child);
    // (A day with nothing new is a row without a message.)
    let days: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM digests WHERE idempotency_key IS NOT NULL",
    )
    .fetch_one(store.raw_pool())
    .await
    .unwrap();
    assert_eq!(days, 1);
}
