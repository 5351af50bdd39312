//! A published release reaches a real SMTP server on loopback (aiosmtpd,
//! the sink of sinergi-mail's tests), once per subscriber, with one-click
//! unsubscribe headers; draining again sends nothing more.

use std::sync::Arc;
use std::time::Duration;

use sinergi_domain::clock::Clock;
use sinergi_mail::{Mailer, MessageSettings, SmtpMailer, SmtpSettings, Worker, WorkerConfig};
use sinergi_testkit::fixtures::release;
use sinergi_testkit::smtp::Sink;

use crate::world::{SECOND, World};

#[tokio::test]
async fn each_subscriber_receives_the_release_once_over_smtp() {
    let w = World::new().await;
    for email in ["a@warta.example", "b@kabar.example", "c@radio.example"] {
        w.subscriber(email, false, true).await;
    }
    w.subscriber("d@lain.example", false, false).await;
    release("51.71", "Layanan Perizinan Daring Diluncurkan")
        .body("Kota Denpasar meluncurkan layanan perizinan daring — “cepat dan terbuka”.")
        .published(&w.newsroom, &w.editor)
        .await;

    let sink = Sink::start();
    let smtp = SmtpSettings {
        url: sink.url(),
        timeout: Duration::from_secs(10),
        extra_roots: Vec::new(),
    };
    let settings = MessageSettings::new("Humas Sinergi <noreply@sinergi.example>").unwrap();
    let clock: Arc<dyn Clock> = w.clock.clone();
    let worker = Worker::new(
        w.store().clone(),
        Mailer::Smtp(SmtpMailer::new(&smtp, settings).unwrap()),
        clock,
        WorkerConfig::default(),
    );
    let report = worker.drain_once().await.unwrap();
    assert_eq!(report.sent, 3);
    // Later runs (and the due-job) send nothing again.
    w.clock.advance(3600 * SECOND);
    w.dist.run_due().await.unwrap();
    assert_eq!(worker.drain_once().await.unwrap().sent, 0);

    let received = sink.messages();
    let mut to: Vec<String> = received
        .iter()
        .map(|m| m["rcpt_tos"][0].as_str().unwrap().to_owned())
        .collect();
    to.sort();
    assert_eq!(
        to,
        ["a@warta.example", "b@kabar.example", "c@radio.example"]
    );
    let mut ids: Vec<&str> = received
        .iter()
        .map(|m| m["message_id"].as_str().unwrap())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 3, "three distinct messages");
    for m in &received {
        let raw = m["raw"].as_str().unwrap();
        assert!(
            raw.contains("List-Unsubscribe: <https://sinergi.example/unsubscribe/"),
            "{raw}"
        );
        assert!(
            raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{raw}"
        );
        assert!(
            m["subject"]
                .as_str()
                .unwrap()
                .contains("Layanan Perizinan Daring")
        );
        assert!(m["body"].as_str().unwrap().contains("“cepat dan terbuka”"));
    }
}
