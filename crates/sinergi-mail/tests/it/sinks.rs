//! The demo mailers: a folder of `.eml` files and the log.

use std::sync::Arc;
use std::time::Duration;

use sinergi_domain::clock::{Clock, FixedClock};
use sinergi_mail::{
    FolderMailer, LogMailer, Mailer, MessageSettings, Worker, WorkerConfig, file_name_for_key,
};
use sinergi_store::{ClaimedEmail, NewEmail};
use sinergi_testkit::TestDb;

const T0: i64 = 1_796_000_000_000_000;

fn email(key: &str, recipient: &str) -> NewEmail {
    NewEmail {
        idempotency_key: key.to_owned(),
        recipient: recipient.to_owned(),
        subject: "Siaran pers: Humas Pemerintah Harus Bikin Lompatan".to_owned(),
        body_text: "Jakarta — “bikin lompatan”.\n".to_owned(),
    }
}

#[tokio::test]
async fn the_folder_mailer_writes_one_eml_per_key_and_rewriting_is_harmless() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let settings = MessageSettings::new("Sinergi <noreply@sinergi.example.go.id>").unwrap();
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::at(T0));
    let worker = Worker::new(
        db.store.clone(),
        Mailer::Folder(FolderMailer::new(dir.path().join("mail"), settings.clone())),
        clock.clone(),
        WorkerConfig::default(),
    );
    db.store
        .enqueue_email(&email("reset:1", "a@example.go.id"), T0)
        .await
        .unwrap();
    db.store
        .enqueue_email(&email("bad", "not an address"), T0)
        .await
        .unwrap();
    let report = worker.drain_once().await.unwrap();
    assert_eq!(
        (report.sent, report.dead),
        (1, 1),
        "an invalid address is not retried"
    );

    let path = dir.path().join("mail").join(file_name_for_key("reset:1"));
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(
        first.contains("Message-ID: <reset=3A1@sinergi>\r\n"),
        "{first}"
    );
    assert!(first.contains("To: a@example.go.id\r\n"), "{first}");
    assert!(
        first.contains("Subject: Siaran pers: Humas Pemerintah Harus Bikin Lompatan\r\n"),
        "{first}"
    );
    let files = std::fs::read_dir(dir.path().join("mail")).unwrap().count();
    assert_eq!(files, 1, "no partial files are left");

    // Sending the same message again (as after a crash) rewrites the same file.
    let row = db.store.outbox_entry("reset:1").await.unwrap().unwrap();
    let claimed = ClaimedEmail {
        id: row.id,
        idempotency_key: row.idempotency_key,
        recipient: row.recipient,
        subject: row.subject,
        body_text: row.body_text,
        created_at: row.created_at,
        attempts: 2,
        locked_until: T0 + 1,
        headers: None,
        attachment: None,
    };
    FolderMailer::new(dir.path().join("mail"), settings)
        .send(&claimed)
        .await
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        first,
        "byte for byte"
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("mail")).unwrap().count(),
        1
    );

    let dead = db.store.dead_emails(10).await.unwrap();
    assert!(
        dead[0]
            .last_error
            .as_deref()
            .unwrap()
            .starts_with("permanent failure"),
        "{dead:?}"
    );
}

#[tokio::test]
async fn the_log_mailer_marks_messages_sent() {
    let db = TestDb::new().await;
    let settings = MessageSettings::new("noreply@sinergi.example.go.id").unwrap();
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::at(T0));
    let worker = Worker::new(
        db.store.clone(),
        Mailer::Log(LogMailer::new(settings)),
        clock,
        WorkerConfig {
            idle_wait: Duration::from_secs(1),
            ..WorkerConfig::default()
        },
    );
    db.store
        .enqueue_email(&email("invite:9", "b@example.go.id"), T0)
        .await
        .unwrap();
    assert_eq!(worker.drain_once().await.unwrap().sent, 1);
    assert_eq!(db.store.sent_emails(10).await.unwrap().len(), 1);
}
