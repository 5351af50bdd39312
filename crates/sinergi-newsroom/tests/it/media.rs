//! Uploads through the newsroom service: recorded with their kind, and
//! told to the notifier's followers (the public cache, the projectors)
//! once committed, like every other write.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sinergi_domain::UnitCode;
use sinergi_domain::access::{Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::newsroom::MediaKind;
use sinergi_store::Notifier;
use sinergi_testkit::fixtures::{newsroom, staff};
use sinergi_testkit::{TEST_NOW, TestDb};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

#[tokio::test]
async fn an_upload_wakes_the_followers_after_it_is_recorded() {
    let db = TestDb::with_network(&["51.71"]).await;
    let clock = Arc::new(FixedClock::at(TEST_NOW));
    let people = staff(
        &db.store,
        &[(
            "kontributor@denpasar.example.go.id",
            "51.71",
            Role::Contributor,
            Reach::Unit,
        )],
    )
    .await;
    let notifier = Notifier::default();
    let woken = Arc::new(AtomicUsize::new(0));
    let w = woken.clone();
    notifier.follow(Arc::new(move || {
        w.fetch_add(1, Ordering::SeqCst);
    }));
    let (newsroom, _files) = newsroom(&db.store, &clock);
    let newsroom = newsroom.with_notifier(notifier);
    let unit = UnitCode::parse("51.71").unwrap();

    // A refused upload writes nothing and wakes nobody.
    newsroom
        .upload(&people[0], &unit, PDF, "foto.png", "image/png")
        .await
        .unwrap_err();
    assert_eq!(woken.load(Ordering::SeqCst), 0);

    let stored = newsroom
        .upload(&people[0], &unit, PDF, "laporan.pdf", "application/pdf")
        .await
        .unwrap();
    assert_eq!(woken.load(Ordering::SeqCst), 1);
    assert_eq!(stored.kind, MediaKind::Attachment);
    assert_eq!(
        db.store.media(stored.id).await.unwrap().unwrap().kind,
        MediaKind::Attachment,
        "the kind reads back from the store"
    );
}
