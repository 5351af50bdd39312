//! The outbox on both engines (SQLite by default, PostgreSQL when
//! SINERGI_TEST_DATABASE_URL names one).

use std::collections::HashSet;
use std::sync::Arc;

use sinergi_store::{NewEmail, OUTBOX_NEVER, StoreError};
use sinergi_testkit::TestDb;
use tokio::sync::Mutex;

const NOW: i64 = 1_796_000_000_000_000;
const SECOND: i64 = 1_000_000;
const LEASE: i64 = 60 * SECOND;

fn email(key: &str) -> NewEmail {
    NewEmail {
        idempotency_key: key.to_owned(),
        recipient: "humas@bali.example.go.id".to_owned(),
        subject: format!("Siaran pers {key}"),
        body_text: "Humas Pemerintah Harus Bikin Lompatan".to_owned(),
    }
}

#[tokio::test]
async fn enqueue_is_idempotent() {
    let db = TestDb::new().await;
    let s = &db.store;
    assert!(s.enqueue_email(&email("invite:1"), NOW).await.unwrap());
    let mut second = email("invite:1");
    second.subject = "something else".into();
    assert!(!s.enqueue_email(&second, NOW + SECOND).await.unwrap());
    assert_eq!(s.outbox_pending_count().await.unwrap(), 1);
    let row = s.outbox_entry("invite:1").await.unwrap().unwrap();
    assert_eq!(row.subject, "Siaran pers invite:1");
    assert_eq!(
        (
            row.kind.as_str(),
            row.created_at,
            row.next_attempt_at,
            row.attempts
        ),
        ("email", NOW, NOW, 0)
    );
    assert_eq!(
        (row.sent_at, row.locked_until, row.last_error),
        (None, None, None)
    );

    // Still idempotent once sent.
    let claimed = s.claim_due_email(NOW, LEASE).await.unwrap().unwrap();
    s.mark_email_sent(claimed.id, NOW + 1).await.unwrap();
    assert!(!s.enqueue_email(&email("invite:1"), NOW + 2).await.unwrap());
    assert_eq!(s.outbox_entries(100).await.unwrap().len(), 1);
    assert_eq!(s.outbox_pending_count().await.unwrap(), 0);
}

#[tokio::test]
async fn bad_keys_are_refused() {
    let db = TestDb::new().await;
    for key in ["", "  ", &"k".repeat(201)] {
        let e = db.store.enqueue_email(&email(key), NOW).await.unwrap_err();
        assert!(matches!(e, StoreError::Invalid(_)), "{key:?}: {e}");
    }
}

#[tokio::test]
async fn claims_take_the_oldest_due_message_and_hold_it() {
    let db = TestDb::new().await;
    let s = &db.store;
    s.enqueue_email(&email("b"), NOW + SECOND).await.unwrap();
    s.enqueue_email(&email("a"), NOW).await.unwrap();
    s.enqueue_email(&email("later"), NOW + 100 * SECOND)
        .await
        .unwrap();
    assert!(
        s.claim_due_email(NOW - 1, LEASE).await.unwrap().is_none(),
        "nothing due yet"
    );

    let t = NOW + 10 * SECOND;
    let first = s.claim_due_email(t, LEASE).await.unwrap().unwrap();
    assert_eq!(
        (
            first.idempotency_key.as_str(),
            first.attempts,
            first.locked_until
        ),
        ("a", 1, t + LEASE)
    );
    assert_eq!(first.body_text, "Humas Pemerintah Harus Bikin Lompatan");
    let second = s.claim_due_email(t, LEASE).await.unwrap().unwrap();
    assert_eq!(second.idempotency_key, "b");
    assert!(
        s.claim_due_email(t, LEASE).await.unwrap().is_none(),
        "both held, the third not due"
    );

    s.mark_email_sent(first.id, t + 1).await.unwrap();
    s.mark_email_sent(first.id, t + 2).await.unwrap();
    let sent = s.sent_emails(10).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].sent_at, sent[0].locked_until),
        (Some(t + 1), None),
        "the first time stays"
    );
    assert_eq!(s.outbox_pending_count().await.unwrap(), 2);
}

#[tokio::test]
async fn an_expired_lease_is_claimable_again() {
    let db = TestDb::new().await;
    let s = &db.store;
    s.enqueue_email(&email("crash"), NOW).await.unwrap();
    let first = s.claim_due_email(NOW, LEASE).await.unwrap().unwrap();
    // The worker dies here; nobody may take the message while it is held.
    assert!(
        s.claim_due_email(NOW + LEASE - 1, LEASE)
            .await
            .unwrap()
            .is_none()
    );
    let again = s
        .claim_due_email(NOW + LEASE, LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (again.id, again.attempts, again.locked_until),
        (first.id, 2, NOW + 2 * LEASE)
    );
    s.mark_email_sent(again.id, NOW + LEASE + 1).await.unwrap();
    assert!(
        s.claim_due_email(NOW + 10 * LEASE, LEASE)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn failures_are_retried_later_and_dead_messages_stay_visible() {
    let db = TestDb::new().await;
    let s = &db.store;
    s.enqueue_email(&email("flaky"), NOW).await.unwrap();
    let c = s.claim_due_email(NOW, LEASE).await.unwrap().unwrap();
    assert!(
        s.mark_email_failed(c.id, NOW + 1, "451 try later", NOW + 30 * SECOND)
            .await
            .unwrap()
    );
    let row = s.outbox_entry("flaky").await.unwrap().unwrap();
    assert_eq!(
        (
            row.attempts,
            row.next_attempt_at,
            row.locked_until,
            row.last_error.as_deref()
        ),
        (1, NOW + 30 * SECOND, None, Some("451 try later"))
    );
    assert!(
        s.claim_due_email(NOW + 30 * SECOND - 1, LEASE)
            .await
            .unwrap()
            .is_none(),
        "not before its time"
    );
    let c = s
        .claim_due_email(NOW + 30 * SECOND, LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.attempts, 2);

    assert!(
        s.mark_email_dead(c.id, NOW + 31 * SECOND, "gave up after 2 attempts: 550")
            .await
            .unwrap()
    );
    assert_eq!(s.outbox_pending_count().await.unwrap(), 0);
    assert!(
        s.claim_due_email(i64::MAX - LEASE, LEASE)
            .await
            .unwrap()
            .is_none(),
        "dead is never due"
    );
    let dead = s.dead_emails(10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert!(dead[0].is_dead());
    assert_eq!(dead[0].next_attempt_at, OUTBOX_NEVER);
    assert_eq!(
        dead[0].last_error.as_deref(),
        Some("gave up after 2 attempts: 550")
    );

    // An operator revives it.
    assert!(s.retry_email(c.id, NOW + 100 * SECOND).await.unwrap());
    let c = s
        .claim_due_email(NOW + 100 * SECOND, LEASE)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.attempts, 1);
    s.mark_email_sent(c.id, NOW + 101 * SECOND).await.unwrap();
    // A late failure report from a worker whose lease expired changes nothing.
    assert!(
        !s.mark_email_failed(c.id, NOW + 102 * SECOND, "late", NOW + 200 * SECOND)
            .await
            .unwrap()
    );
    assert!(s.dead_emails(10).await.unwrap().is_empty());
}

#[tokio::test]
async fn concurrent_claimers_never_share_a_message() {
    let db = TestDb::new().await;
    let s = db.store.clone();
    const MESSAGES: usize = 60;
    const CLAIMERS: usize = 6;
    for i in 0..MESSAGES {
        s.enqueue_email(&email(&format!("bulk:{i:03}")), NOW + i as i64)
            .await
            .unwrap();
    }
    let claimed = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut tasks = Vec::new();
    for _ in 0..CLAIMERS {
        let s = s.clone();
        let claimed = claimed.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = 0;
            // Every claimer uses the same "now" and a long lease, so a
            // message claimed twice could only come from a race.
            while let Some(c) = s.claim_due_email(NOW + 1000, LEASE).await.unwrap() {
                claimed.lock().await.push(c.idempotency_key.clone());
                mine += 1;
                tokio::task::yield_now().await;
            }
            mine
        }));
    }
    let mut per_task = Vec::new();
    for t in tasks {
        per_task.push(t.await.unwrap());
    }
    let claimed = claimed.lock().await;
    let distinct: HashSet<&String> = claimed.iter().collect();
    println!(
        "{MESSAGES} messages, {CLAIMERS} claimers, claims per claimer {per_task:?}, {} claims, {} distinct",
        claimed.len(),
        distinct.len()
    );
    assert_eq!(
        claimed.len(),
        MESSAGES,
        "every message claimed exactly once"
    );
    assert_eq!(distinct.len(), MESSAGES);
    for row in s.outbox_entries(1000).await.unwrap() {
        assert_eq!(row.attempts, 1, "{}", row.idempotency_key);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claimers_on_threads_never_share_a_message() {
    let db = TestDb::new().await;
    let s = db.store.clone();
    const MESSAGES: usize = 40;
    for i in 0..MESSAGES {
        s.enqueue_email(&email(&format!("mt:{i:03}")), NOW)
            .await
            .unwrap();
    }
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(c) = s.claim_due_email(NOW, LEASE).await.unwrap() {
                mine.push(c.id);
            }
            mine
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let distinct: HashSet<i64> = all.iter().copied().collect();
    assert_eq!((all.len(), distinct.len()), (MESSAGES, MESSAGES));
}
