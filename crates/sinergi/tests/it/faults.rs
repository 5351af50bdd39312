//! `kill -9` of a real `sinergi serve` at random moments while an editor
//! drafts, submits, approves and publishes releases and the outbox e-mails
//! each publication to its subscribers through a real SMTP server. Whatever
//! the moment, after a restart: every write the server acknowledged is there,
//! every e-mail is sent (a duplicate is counted, not hidden: a message the
//! SMTP server took just before the kill is sent again under the same
//! `Message-ID`), SQLite's `integrity_check` is ok and the audit chain
//! verifies.
//!
//! `SINERGI_FAULT_ROUNDS` sets the number of kills (3 in the ordinary suite)
//! and `SINERGI_FAULT_SEED` the moments; `scripts/faults` runs 200 on each
//! engine and keeps the figures this test prints.

use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sinergi_domain::contacts::{Basis, Channel, ContactKind, Purpose, SubscriptionTarget};
use sinergi_store::accounts::audit::Actor;
use sinergi_store::contacts::{ContactDraft, NewConsent, NewSubscription};
use sinergi_store::{Backend, Store};
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::app::Setup;
use sinergi_testkit::fixtures::cast::REDAKSI_BALI;
use sinergi_testkit::smtp::{Sink, free_port};

use crate::serve_process::{kill, serve, wait_ready};

/// A message held by a killed node is sent again after this.
const LEASE: &[(&str, &str)] = &[("SINERGI_OUTBOX_LEASE_SECS", "5")];

const SUBSCRIBERS: [&str; 3] = [
    "redaksi@warta.example",
    "meja@kabar.example",
    "berita@radio.example",
];

/// What the server acknowledged (a complete 2xx answer): these must all be
/// there after any kill.
#[derive(Default)]
struct Ledger {
    created: Vec<i64>,
    approved: Vec<i64>,
    published: Vec<i64>,
}

/// A small deterministic generator (xorshift), so a seed replays the same
/// moments.
struct Moments(u64);

impl Moments {
    fn next_ms(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One call; `None` when the server did not answer in full (killed).
async fn call(client: &reqwest::Client, token: &str, url: String, body: Value) -> Option<Value> {
    let r = client
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .ok()?;
    let status = r.status();
    let body: Value = r.json().await.ok()?;
    assert!(status.is_success(), "{status}: {body}");
    Some(body)
}

/// Drafts, submits, approves and publishes releases one after another until
/// the server stops answering, writing each acknowledged step down.
async fn write_until_killed(
    client: reqwest::Client,
    base: String,
    token: String,
    ledger: Arc<Mutex<Ledger>>,
    worker: usize,
) {
    for n in 0.. {
        let title = format!("Capaian pelayanan publik {worker}-{n}");
        if !publish_one(&client, &base, &token, &ledger, title).await {
            return;
        }
    }
}

/// Drafts, submits, approves and releases one release, writing each
/// acknowledged step down; false when the server stopped answering.
async fn publish_one(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    ledger: &Mutex<Ledger>,
    title: String,
) -> bool {
    let draft = json!({
        "unit": "51.71",
        "title": title,
        "lead": "Kota Denpasar mencatat capaian baru.",
        "body": "Isi **rilis** tentang layanan publik yang makin cepat.",
    });
    let Some(created) = call(client, token, format!("{base}/api/v1/releases"), draft).await else {
        return false;
    };
    let id = created["id"].as_i64().unwrap();
    ledger.lock().unwrap().created.push(id);
    let moves = format!("{base}/api/v1/releases/{id}/transitions");
    for op in ["submit", "approve", "release"] {
        let body = json!({"op": op, "version": created["version"]});
        if call(client, token, moves.clone(), body).await.is_none() {
            return false;
        }
        let mut l = ledger.lock().unwrap();
        match op {
            "approve" => l.approved.push(id),
            "release" => l.published.push(id),
            _ => {}
        }
    }
    true
}

/// What both tests start from: Bali's newsroom with an editor's token, the
/// subscribers, a real SMTP server, a data folder for `sinergi serve`.
struct Rig {
    token: String,
    store: Store,
    db_url: String,
    sink: Sink,
    _data: tempfile::TempDir,
    data_dir: String,
    client: reqwest::Client,
    ledger: Arc<Mutex<Ledger>>,
    _setup: Setup,
}

impl Rig {
    async fn new(subscribers: &[String]) -> Rig {
        let mut setup = Setup::for_router(&["51"]).await;
        setup.people_with_tokens(&[REDAKSI_BALI]).await;
        let store = setup.db.store.clone();
        for email in subscribers {
            subscribe(&store, email).await;
        }
        let data = tempfile::tempdir().unwrap();
        sinergi_testkit::app::install_tls_provider();
        Rig {
            token: setup.members[0].token.clone(),
            db_url: setup.db.url.clone(),
            store,
            sink: Sink::start(),
            data_dir: data.path().to_str().unwrap().to_owned(),
            _data: data,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap(),
            ledger: Arc::default(),
            _setup: setup,
        }
    }

    /// A `sinergi serve` on a free port, ready; and its base URL.
    async fn serve(&self) -> (std::process::Child, String) {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let child = serve(&self.db_url, &self.data_dir, port, &self.sink.url(), LEASE);
        wait_ready(&self.client, &base).await;
        (child, base)
    }
}

async fn subscribe(store: &Store, email: &str) {
    let system = Actor::system("test");
    let draft = ContactDraft {
        name: email.split('@').next().unwrap().to_owned(),
        email: Some(email.into()),
        kind: Some(ContactKind::Journalist),
        languages: vec!["id".into()],
        language: "id".into(),
        time_zone: "WITA".into(),
        ..Default::default()
    };
    let id = store
        .create_contact(&draft, &system, TEST_NOW)
        .await
        .unwrap();
    let consent = NewConsent {
        purpose: Purpose::Distribution,
        basis: Basis::Consent,
        channel: Channel::Form,
        evidence: "formulir".into(),
        given_at: TEST_NOW,
    };
    store
        .record_consent(id, &consent, &system, TEST_NOW)
        .await
        .unwrap();
    store
        .subscribe(
            id,
            &NewSubscription::unit(SubscriptionTarget::Subtree, "51"),
            &system,
            TEST_NOW,
        )
        .await
        .unwrap();
}

async fn state_of(store: &Store, id: i64) -> Option<String> {
    sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(format!(
        "SELECT state FROM releases WHERE id = {id}"
    )))
    .fetch_optional(store.raw_pool())
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_writes_and_sends_loses_no_commit_and_no_email() {
    let rounds = env_or("SINERGI_FAULT_ROUNDS", 3);
    let mut moments = Moments(env_or("SINERGI_FAULT_SEED", 0x5EED_2026).max(1));
    let rig = Rig::new(&SUBSCRIBERS.map(str::to_owned)).await;
    let Rig {
        token,
        store,
        db_url,
        sink,
        data_dir,
        client,
        ledger,
        ..
    } = &rig;

    for _ in 0..rounds {
        let (child, base) = rig.serve().await;
        let writers: Vec<_> = (0..2)
            .map(|w| {
                tokio::spawn(write_until_killed(
                    client.clone(),
                    base.clone(),
                    token.clone(),
                    ledger.clone(),
                    w,
                ))
            })
            .collect();
        // The moment counts from the round's first acknowledged release, so
        // that every kill lands while writes and sends are under way, on a
        // loaded machine too (a node's first write can wait for its
        // projections to start).
        let before = ledger.lock().unwrap().published.len();
        let deadline = Instant::now() + Duration::from_secs(120);
        while ledger.lock().unwrap().published.len() == before {
            assert!(Instant::now() < deadline, "no release was acknowledged");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(moments.next_ms(1_500))).await;
        kill(child);
        for w in writers {
            w.await.unwrap();
        }
    }

    // A last start, left running until the outbox is empty.
    let (child, _) = rig.serve().await;
    drain(store, data_dir).await;
    kill(child);

    // Every acknowledged write is there.
    let ledger = std::mem::take(&mut *ledger.lock().unwrap());
    let mut lost = 0;
    for &id in &ledger.created {
        let status = state_of(store, id).await;
        let want = if ledger.published.contains(&id) {
            Some("released")
        } else if ledger.approved.contains(&id) {
            Some("approved_or_later")
        } else {
            None
        };
        match (status.as_deref(), want) {
            (None, _) => lost += 1,
            (Some(s), Some("released")) if s != "released" => lost += 1,
            (Some("draft" | "in_review"), Some("approved_or_later")) => lost += 1,
            _ => {}
        }
    }
    assert_eq!(lost, 0, "acknowledged writes lost");
    assert!(!ledger.published.is_empty(), "nothing was published");

    // Every published release went to every subscriber, once or more.
    let published: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM releases WHERE state = 'released'")
            .fetch_one(store.raw_pool())
            .await
            .unwrap();
    let outbox = store.outbox_entries(1_000_000).await.unwrap();
    let to_subscribers: Vec<_> = outbox
        .iter()
        .filter(|m| SUBSCRIBERS.contains(&m.recipient.as_str()))
        .collect();
    assert_eq!(
        to_subscribers.len() as i64,
        published * SUBSCRIBERS.len() as i64,
        "one message per subscriber and publication"
    );
    assert!(to_subscribers.iter().all(|m| m.sent_at.is_some()));
    let (delivered, mail_lost, duplicates) = delivery(sink, &outbox);
    eprintln!(
        "faults: {rounds} kills on {:?}: {} releases created, {} published (acknowledged), \
         {} e-mails in the outbox, {delivered} delivered, {mail_lost} lost, {duplicates} duplicates",
        store.backend(),
        ledger.created.len(),
        ledger.published.len(),
        outbox.len(),
    );
    assert_eq!(mail_lost, 0, "e-mails lost");

    sound(store, db_url).await;
}

/// Issue 18's proof: one release at a time published to many subscribers
/// (1,000 with `scripts/faults --distribution`), the server killed at a
/// random moment from the publication's first call to well into its
/// sending, then restarted for the next. Every release that is released
/// (acknowledged or not) reaches every subscriber; duplicates are counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_while_distributing_to_many_subscribers_loses_no_email() {
    let rounds = env_or("SINERGI_DISTRIBUTION_ROUNDS", 2);
    let subscribers = env_or("SINERGI_DISTRIBUTION_SUBSCRIBERS", 60) as usize;
    // Kills land in [0, window): the publication's calls, then sending.
    let window = env_or(
        "SINERGI_DISTRIBUTION_WINDOW_MS",
        3 * subscribers as u64 + 300,
    );
    let mut moments = Moments(env_or("SINERGI_FAULT_SEED", 0x5EED_2026).max(1));
    let emails: Vec<String> = (0..subscribers)
        .map(|i| format!("redaksi{i}@media{}.example", i % 37))
        .collect();
    let rig = Rig::new(&emails).await;
    let Rig {
        token,
        store,
        db_url,
        sink,
        data_dir,
        client,
        ledger,
        ..
    } = &rig;

    for round in 0..rounds {
        let (child, base) = rig.serve().await;
        let publisher = tokio::spawn({
            let (client, token, ledger) = (client.clone(), token.clone(), ledger.clone());
            async move {
                let title = format!("Siaran untuk semua pelanggan {round}");
                publish_one(&client, &base, &token, &ledger, title).await
            }
        });
        tokio::time::sleep(Duration::from_millis(moments.next_ms(window))).await;
        kill(child);
        publisher.await.unwrap();
    }
    let (child, _) = rig.serve().await;
    drain(store, data_dir).await;
    kill(child);

    let ledger = std::mem::take(&mut *ledger.lock().unwrap());
    for &id in &ledger.published {
        assert_eq!(state_of(store, id).await.as_deref(), Some("released"));
    }
    let released: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM releases WHERE state = 'released'")
            .fetch_one(store.raw_pool())
            .await
            .unwrap();
    let outbox = store.outbox_entries(10_000_000).await.unwrap();
    let to_subscribers: Vec<_> = outbox
        .iter()
        .filter(|m| emails.contains(&m.recipient))
        .collect();
    assert_eq!(
        to_subscribers.len() as i64,
        released * subscribers as i64,
        "one message per subscriber and release"
    );
    assert!(to_subscribers.iter().all(|m| m.sent_at.is_some()));
    let (delivered, lost, duplicates) = delivery(sink, &outbox);
    eprintln!(
        "distribution: {rounds} kills on {:?}, {subscribers} subscribers: {released} releases released \
         ({} acknowledged), {} e-mails in the outbox, {delivered} delivered, {lost} lost, \
         {duplicates} duplicates",
        store.backend(),
        ledger.published.len(),
        outbox.len(),
    );
    assert_eq!(lost, 0, "e-mails lost");
    sound(store, db_url).await;
}

/// Messages the SMTP server received, outbox messages it never received
/// (by `Message-ID`), and messages it received more than once.
fn delivery(sink: &Sink, outbox: &[sinergi_store::OutboxEntry]) -> (usize, usize, usize) {
    let received = sink.messages();
    let mut ids: Vec<&str> = received
        .iter()
        .filter_map(|m| m["message_id"].as_str())
        .collect();
    let delivered = ids.len();
    ids.sort_unstable();
    ids.dedup();
    let lost = outbox
        .iter()
        .filter(|m| {
            let id = sinergi_mail::message_id_for_key(&m.idempotency_key, "sinergi");
            ids.binary_search(&id.as_str()).is_err()
        })
        .count();
    (delivered, lost, delivered - ids.len())
}

/// Waits until the outbox holds nothing left to send (a message whose send
/// failed waits for its back-off: waiting is not losing), failing when
/// sending stops moving.
async fn drain(store: &Store, data_dir: &str) {
    // Every round leaves hundreds of messages, which a debug build on a
    // loaded machine sends at tens a second: the check is that sending goes
    // on, not how fast. A message whose send failed waits for its back-off
    // (30 s, then 2 min, 8 min): waiting is not losing either.
    let mut progress = (usize::MAX, Instant::now());
    let mut first_pending = None;
    loop {
        let pending: Vec<_> = store
            .outbox_entries(1_000_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|m| m.sent_at.is_none() && !m.is_dead())
            .collect();
        if pending.is_empty() {
            break;
        }
        let first_pending = *first_pending.get_or_insert(pending.len());
        if pending.len() < progress.0 {
            progress = (pending.len(), Instant::now());
        }
        let now = jiff::Timestamp::now().as_microsecond();
        let next_retry = pending
            .iter()
            .map(|m| m.next_attempt_at)
            .min()
            .unwrap_or(now);
        let wait = Duration::from_micros(u64::try_from(next_retry - now).unwrap_or(0));
        assert!(
            progress.1.elapsed() < wait + Duration::from_secs(60),
            "the outbox stopped draining: {} pending of {first_pending} at the last start, \
             e.g. {:?}; the servers' warnings end with:\n{}",
            pending.len(),
            pending
                .iter()
                .take(5)
                .map(|m| (m.attempts, m.next_attempt_at - now, m.last_error.clone()))
                .collect::<Vec<_>>(),
            std::fs::read_to_string(format!("{data_dir}/serve.log"))
                .unwrap_or_default()
                .lines()
                .rev()
                .take(15)
                .collect::<Vec<_>>()
                .join("\n")
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// SQLite's `integrity_check` is ok and the audit chain verifies.
async fn sound(store: &Store, db_url: &str) {
    if store.backend() == Backend::Sqlite {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(store.raw_pool())
            .await
            .unwrap();
        assert_eq!(check, "ok");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_sinergi"))
        .args(["audit", "verify", "--database", db_url])
        .env_remove("SINERGI_DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the audit chain: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
