//! A published release reaches a real SMTP server on loopback (aiosmtpd,
//! the sink of sinergi-mail's tests), once per subscriber, with one-click
//! unsubscribe headers; draining again sends nothing more.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use sinergi_domain::clock::Clock;
use sinergi_mail::{Mailer, MessageSettings, SmtpMailer, SmtpSettings, Worker, WorkerConfig};
use sinergi_testkit::fixtures::release;

use crate::world::{SECOND, World};

struct Sink {
    child: Child,
    dir: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Sink {
    fn start(port: u16) -> Sink {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("received");
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../sinergi-mail/tests/it/smtp_sink.py");
        let mut child = Command::new("python3")
            .arg(&script)
            .arg(port.to_string())
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs the SMTP sink (pip install aiosmtpd==1.4.6)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "READY", "the SMTP sink needs aiosmtpd==1.4.6");
        Sink {
            child,
            dir,
            _tmp: tmp,
        }
    }

    fn messages(&self) -> Vec<Value> {
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

    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let sink = Sink::start(port);
    let smtp = SmtpSettings {
        url: format!("smtp://127.0.0.1:{port}"),
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
