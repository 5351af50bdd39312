//! Delivery through a real SMTP server on loopback: `tests/it/smtp_sink.py`,
//! which runs aiosmtpd (`pip install aiosmtpd==1.4.6`). Runs on SQLite by
//! default and on PostgreSQL when SINERGI_TEST_DATABASE_URL names one.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use sinergi_domain::clock::{Clock, FixedClock};
use sinergi_mail::{
    Mailer, MessageSettings, SmtpMailer, SmtpSettings, Worker, WorkerConfig, message_id_for_key,
};
use sinergi_store::{NewEmail, Store};
use sinergi_testkit::TestDb;

pub(crate) const T0: i64 = 1_796_000_000_000_000;
const SECOND: i64 = 1_000_000;
pub(crate) const FROM: &str = "Humas Sinergi <noreply@sinergi.example.go.id>";
pub(crate) const SUBJECT: &str = "Siaran pers: Humas Pemerintah Harus Bikin Lompatan";
const BODY: &str = "Jakarta — Kementerian PANRB mendorong humas pemerintah \
untuk “bikin lompatan” dalam komunikasi publik.\n\nSalam,\nBiro Hukum, Komunikasi dan Informasi Publik\n";

/// The aiosmtpd sink, killed when dropped.
pub(crate) struct Sink {
    child: Child,
    dir: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Sink {
    pub(crate) fn start(port: u16) -> Sink {
        Sink::start_with(port, &[])
    }

    /// With `implicit CERT KEY` or `starttls CERT KEY`: TLS (see the script).
    pub(crate) fn start_with(port: u16, args: &[&str]) -> Sink {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("received");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg(port.to_string())
            .arg(&dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("these tests run an SMTP server with python3; install Python 3 and `pip install aiosmtpd==1.4.6`");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.trim() != "READY" {
            let status = child.wait().unwrap();
            if status.code() == Some(3) {
                panic!(
                    "the SMTP test server needs aiosmtpd: run `pip install aiosmtpd==1.4.6` (CI installs it)"
                );
            }
            panic!("the SMTP test server did not start ({status}); see its error above");
        }
        Sink {
            child,
            dir,
            _tmp: tmp,
        }
    }

    pub(crate) fn set_mode(&self, mode: &str) {
        std::fs::write(self.dir.join("mode"), mode).unwrap();
    }

    /// Every message received so far, in arrival order.
    pub(crate) fn messages(&self) -> Vec<Value> {
        let mut names: Vec<_> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".json") && !n.starts_with('.'))
            .collect();
        names.sort();
        names
            .iter()
            .map(|n| {
                serde_json::from_str(&std::fs::read_to_string(self.dir.join(n)).unwrap()).unwrap()
            })
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn worker(store: &Store, port: u16, clock: &Arc<FixedClock>, config: WorkerConfig) -> Worker {
    let smtp = SmtpSettings {
        url: format!("smtp://127.0.0.1:{port}"),
        timeout: Duration::from_secs(10),
        extra_roots: Vec::new(),
    };
    let mailer = SmtpMailer::new(&smtp, MessageSettings::new(FROM).unwrap()).unwrap();
    let clock: Arc<dyn Clock> = clock.clone();
    Worker::new(store.clone(), Mailer::Smtp(mailer), clock, config)
}

pub(crate) fn config() -> WorkerConfig {
    WorkerConfig {
        lease: Duration::from_secs(60),
        ..WorkerConfig::default()
    }
}

pub(crate) fn email(key: &str, subject: &str) -> NewEmail {
    NewEmail {
        idempotency_key: key.to_owned(),
        recipient: "redaksi@media.example.id".to_owned(),
        subject: subject.to_owned(),
        body_text: BODY.to_owned(),
    }
}

pub(crate) fn text(v: &Value, field: &str) -> String {
    v[field].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_message_is_delivered_once_with_its_headers_and_body() {
    let db = TestDb::new().await;
    let port = free_port();
    let sink = Sink::start(port);
    let clock = Arc::new(FixedClock::at(T0));
    let key = "siaran:2026-11-29/001";
    assert!(
        db.store
            .enqueue_email(&email(key, SUBJECT), T0)
            .await
            .unwrap()
    );
    assert!(
        !db.store
            .enqueue_email(&email(key, SUBJECT), T0)
            .await
            .unwrap()
    );

    let w = worker(&db.store, port, &clock, config());
    let report = w.drain_once().await.unwrap();
    assert_eq!((report.sent, report.retried, report.dead), (1, 0, 0));
    assert_eq!(w.drain_once().await.unwrap().sent, 0, "nothing left");

    let got = sink.messages();
    assert_eq!(got.len(), 1, "{got:#?}");
    let m = &got[0];
    assert_eq!(text(m, "message_id"), "<siaran=3A2026-11-29=2F001@sinergi>");
    assert_eq!(text(m, "message_id"), message_id_for_key(key, "sinergi"));
    assert_eq!(text(m, "mail_from"), "noreply@sinergi.example.go.id");
    assert_eq!(
        m["rcpt_tos"],
        serde_json::json!(["redaksi@media.example.id"])
    );
    assert_eq!(text(m, "from"), FROM);
    assert_eq!(text(m, "to"), "redaksi@media.example.id");
    assert_eq!(text(m, "subject"), SUBJECT);
    assert_eq!(
        text(m, "date"),
        "Mon, 30 Nov 2026 00:53:20 +0000",
        "the time it was enqueued"
    );
    assert_eq!(
        (text(m, "content_type"), text(m, "charset")),
        ("text/plain".into(), "utf-8".into())
    );
    assert_eq!(
        text(m, "body").replace("\r\n", "\n").trim_end(),
        BODY.trim_end()
    );

    let sent = db.store.sent_emails(10).await.unwrap();
    assert_eq!(
        (sent.len(), sent[0].attempts, sent[0].sent_at),
        (1, 1, Some(T0))
    );
    assert_eq!(db.store.outbox_pending_count().await.unwrap(), 0);
}

#[tokio::test]
async fn a_refusing_server_means_a_retry_later() {
    let db = TestDb::new().await;
    let port = free_port();
    let sink = Sink::start(port);
    let clock = Arc::new(FixedClock::at(T0));
    let w = worker(&db.store, port, &clock, config());
    sink.set_mode("refuse");
    db.store
        .enqueue_email(&email("a", "Satu"), T0)
        .await
        .unwrap();
    db.store
        .enqueue_email(&email("b", "Dua"), T0)
        .await
        .unwrap();

    let report = w.drain_once().await.unwrap();
    assert_eq!((report.sent, report.retried), (0, 2));
    assert!(sink.messages().is_empty());
    let row = db.store.outbox_entry("a").await.unwrap().unwrap();
    assert_eq!((row.attempts, row.next_attempt_at), (1, T0 + 30 * SECOND));
    assert!(
        row.last_error.as_deref().unwrap().contains("451"),
        "{:?}",
        row.last_error
    );

    sink.set_mode("ok");
    assert_eq!(
        w.drain_once().await.unwrap().sent,
        0,
        "not before the backoff"
    );
    clock.advance(30 * SECOND);
    assert_eq!(w.drain_once().await.unwrap().sent, 2);
    let subjects: BTreeSet<String> = sink.messages().iter().map(|m| text(m, "subject")).collect();
    assert_eq!(
        subjects,
        BTreeSet::from(["Satu".to_owned(), "Dua".to_owned()])
    );
    assert_eq!(
        db.store.outbox_entry("b").await.unwrap().unwrap().attempts,
        2
    );
}

#[tokio::test]
async fn a_server_that_is_down_is_retried_until_it_is_back_or_given_up() {
    let db = TestDb::new().await;
    let port = free_port();
    let clock = Arc::new(FixedClock::at(T0));
    let w = worker(
        &db.store,
        port,
        &clock,
        WorkerConfig {
            max_attempts: 3,
            ..config()
        },
    );
    db.store
        .enqueue_email(&email("later", SUBJECT), T0)
        .await
        .unwrap();

    assert_eq!(w.drain_once().await.unwrap().retried, 1, "nobody listens");
    let sink = Sink::start(port);
    clock.advance(29 * SECOND);
    assert_eq!(w.drain_once().await.unwrap().sent, 0);
    clock.advance(SECOND);
    assert_eq!(w.drain_once().await.unwrap().sent, 1);
    assert_eq!(sink.messages().len(), 1);
    drop(sink);

    // Down for good: three attempts (30 s, 2 min apart), then it is dead.
    db.store
        .enqueue_email(&email("never", SUBJECT), clock.now())
        .await
        .unwrap();
    assert_eq!(w.drain_once().await.unwrap().retried, 1);
    clock.advance(30 * SECOND);
    assert_eq!(w.drain_once().await.unwrap().retried, 1);
    clock.advance(120 * SECOND);
    assert_eq!(w.drain_once().await.unwrap().dead, 1);
    let dead = db.store.dead_emails(10).await.unwrap();
    assert_eq!((dead.len(), dead[0].attempts), (1, 3));
    assert!(
        dead[0]
            .last_error
            .as_deref()
            .unwrap()
            .starts_with("gave up after 3 attempts: SMTP"),
        "{dead:?}"
    );
    assert_eq!(db.store.outbox_pending_count().await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_send_loses_nothing() {
    const MESSAGES: usize = 12;
    let db = TestDb::new().await;
    let port = free_port();
    let sink = Sink::start(port);
    let clock = Arc::new(FixedClock::at(T0));
    let mut subjects = BTreeSet::new();
    for i in 0..MESSAGES {
        let subject = format!("{SUBJECT} #{i:02}");
        db.store
            .enqueue_email(&email(&format!("siaran:{i:02}"), &subject), T0)
            .await
            .unwrap();
        subjects.insert(subject);
    }

    // Worker A sends a few, one at a time, then the server stores a message
    // but holds back its answer, and A is killed while it waits.
    let one_at_a_time = WorkerConfig {
        concurrency: 1,
        ..config()
    };
    let a = worker(&db.store, port, &clock, one_at_a_time);
    let a_task = tokio::spawn(async move { a.drain_once().await });
    while sink.messages().len() < 4 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    sink.set_mode("delay 30");
    while !sink
        .messages()
        .iter()
        .any(|m| text(m, "mode").starts_with("delay"))
    {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    a_task.abort();
    assert!(a_task.await.unwrap_err().is_cancelled());
    sink.set_mode("ok");
    let delivered_before_crash = sink.messages().len();

    // Worker B starts at once: it sends the rest, but not the message A
    // held, whose lease has not expired.
    let b = worker(&db.store, port, &clock, config());
    let report = b.drain_once().await.unwrap();
    assert_eq!(report.sent as usize, MESSAGES - delivered_before_crash);
    assert_eq!(
        db.store.outbox_pending_count().await.unwrap(),
        1,
        "the one in flight"
    );

    // After the lease, B sends it again.
    clock.advance(61 * SECOND);
    assert_eq!(b.drain_once().await.unwrap().sent, 1);
    assert_eq!(db.store.outbox_pending_count().await.unwrap(), 0);

    let got = sink.messages();
    let mut by_id: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for m in &got {
        by_id.entry(text(m, "message_id")).or_default().push(m);
    }
    let received_subjects: BTreeSet<String> = got.iter().map(|m| text(m, "subject")).collect();
    assert_eq!(received_subjects, subjects, "every message arrived");
    assert_eq!(by_id.len(), MESSAGES, "one Message-ID per message");
    let duplicates = got.len() - by_id.len();
    for (id, copies) in &by_id {
        let first = copies[0];
        for copy in copies {
            assert_eq!(text(copy, "subject"), text(first, "subject"), "{id}");
            assert_eq!(
                text(copy, "raw"),
                text(first, "raw"),
                "a copy is the same message, byte for byte"
            );
        }
    }
    let resent: Vec<_> = by_id
        .iter()
        .filter(|(_, c)| c.len() > 1)
        .map(|(id, _)| id.clone())
        .collect();
    println!(
        "crash test: {MESSAGES} enqueued, {} deliveries, {} distinct Message-IDs, {duplicates} duplicate(s) {resent:?}, all with the same Message-ID",
        got.len(),
        by_id.len()
    );
    assert_eq!(
        duplicates, 1,
        "the message in flight when A died arrives twice"
    );
    let entries = db.store.outbox_entries(100).await.unwrap();
    assert_eq!(entries.iter().filter(|e| e.attempts == 2).count(), 1);
}

#[tokio::test]
async fn run_until_wakes_on_enqueue_and_stops_gracefully() {
    let db = TestDb::new().await;
    let port = free_port();
    let sink = Sink::start(port);
    let clock = Arc::new(FixedClock::at(T0));
    let w = Arc::new(worker(
        &db.store,
        port,
        &clock,
        WorkerConfig {
            idle_wait: Duration::from_secs(3600),
            ..config()
        },
    ));
    let waker = w.waker();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let runner = {
        let w = w.clone();
        tokio::spawn(async move {
            w.run_until(async {
                let _ = stopped.await;
            })
            .await
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    db.store
        .enqueue_email(&email("woken", SUBJECT), T0)
        .await
        .unwrap();
    waker.wake();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while sink.messages().is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "the worker was not woken"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), runner)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(db.store.sent_emails(10).await.unwrap().len(), 1);
}
