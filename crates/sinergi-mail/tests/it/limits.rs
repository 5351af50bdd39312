//! A hard bounce (5xx at send time) puts the address on the suppression
//! list, and distribution mail queued for it afterwards is not sent (mail
//! for the person's account still is); a per-domain limit lets only so
//! many messages a minute go to one domain, the rest waiting untried.

use std::sync::Arc;
use std::time::Duration;

use sinergi_domain::clock::{Clock, FixedClock};
use sinergi_mail::{Mailer, MessageSettings, SmtpMailer, SmtpSettings, Worker, WorkerConfig};
use sinergi_store::NewEmail;
use sinergi_testkit::TestDb;

use crate::delivery::{FROM, Sink, T0, config, free_port};

fn to(key: &str, recipient: &str) -> NewEmail {
    NewEmail {
        idempotency_key: key.to_owned(),
        recipient: recipient.to_owned(),
        subject: "Siaran pers".to_owned(),
        body_text: "Isi.".to_owned(),
    }
}

fn worker(db: &TestDb, port: u16, clock: &Arc<FixedClock>, config: WorkerConfig) -> Worker {
    let smtp = SmtpSettings {
        url: format!("smtp://127.0.0.1:{port}"),
        timeout: Duration::from_secs(10),
        extra_roots: Vec::new(),
    };
    let mailer = SmtpMailer::new(&smtp, MessageSettings::new(FROM).unwrap()).unwrap();
    let clock: Arc<dyn Clock> = clock.clone();
    Worker::new(db.store.clone(), Mailer::Smtp(mailer), clock, config)
}

#[tokio::test]
async fn a_hard_bounce_suppresses_the_address_for_distribution_mail() {
    let db = TestDb::new().await;
    let port = free_port();
    let sink = Sink::start(port);
    let clock = Arc::new(FixedClock::at(T0));
    let w = worker(&db, port, &clock, config());
    sink.set_mode("reject");
    let gone = "Hilang@Warta.example";
    db.store
        .enqueue_email(&to("release:1:publish-at-1:contact:1", gone), T0)
        .await
        .unwrap();
    let report = w.drain_once().await.unwrap();
    assert_eq!((report.sent, report.dead), (0, 1));
    let s = db.store.suppression("hilang@warta.example").await.unwrap();
    assert_eq!(s.map(|s| s.reason), Some("550".to_owned()));
    // The server would take it now, but the address is left out of
    // distribution; the person's own account mail still goes.
    sink.set_mode("ok");
    db.store
        .enqueue_email(&to("pitch:7:contact:1", gone), T0)
        .await
        .unwrap();
    db.store
        .enqueue_email(&to("password-reset:1:1", gone), T0)
        .await
        .unwrap();
    let report = w.drain_once().await.unwrap();
    assert_eq!((report.sent, report.dead), (1, 1));
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    let dead = db.store.dead_emails(10).await.unwrap();
    assert!(dead.iter().any(|m| m.idempotency_key.starts_with("pitch:")
        && m.last_error.as_deref().unwrap_or("").contains("bounced")));
    // A transient refusal (4xx) suppresses nothing.
    sink.set_mode("refuse");
    db.store
        .enqueue_email(
            &to("release:2:publish-at-1:contact:2", "sibuk@warta.example"),
            T0,
        )
        .await
        .unwrap();
    assert_eq!(w.drain_once().await.unwrap().retried, 1);
    assert!(
        db.store
            .suppression("sibuk@warta.example")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_domain_gets_no_more_than_its_limit_a_minute() {
    let db = TestDb::new().await;
    let port = free_port();
    let sink = Sink::start(port);
    let clock = Arc::new(FixedClock::at(T0));
    let limited = WorkerConfig {
        per_domain_per_minute: 2,
        domain_limits: vec![("kabar.example".to_owned(), 1)],
        ..config()
    };
    let w = worker(&db, port, &clock, limited);
    for i in 0..4 {
        db.store
            .enqueue_email(
                &to(&format!("release:{i}:w"), &format!("r{i}@warta.example")),
                T0,
            )
            .await
            .unwrap();
    }
    for i in 0..2 {
        db.store
            .enqueue_email(
                &to(&format!("release:{i}:k"), &format!("r{i}@Kabar.example")),
                T0,
            )
            .await
            .unwrap();
    }
    let first = w.drain_once().await.unwrap();
    assert_eq!((first.sent, first.deferred, first.retried), (3, 3, 0));
    assert_eq!(sink.messages().len(), 3);
    // Nothing more within the minute; the waiting ones kept no attempt.
    clock.advance(59_000_000);
    assert_eq!(w.drain_once().await.unwrap().sent, 0);
    let waiting: Vec<_> = db
        .store
        .outbox_entries(10)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.sent_at.is_none())
        .collect();
    assert_eq!(waiting.len(), 3);
    assert!(waiting.iter().all(|m| m.attempts == 0));
    clock.advance(2_000_000);
    let second = w.drain_once().await.unwrap();
    assert_eq!((second.sent, second.deferred), (3, 0));
    assert_eq!(sink.messages().len(), 6);
}
