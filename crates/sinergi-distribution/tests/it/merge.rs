//! Merging a duplicate contact: the preview says what will happen; a stale
//! version writes nothing; after the merge the kept record holds the
//! duplicate's history (consent, subscriptions without doubles, deliveries),
//! a correction reaches the person once at the kept address, old ids lead
//! to the kept record, two journalist accounts cannot merge, and erasing
//! the kept record leaves nothing of either.

use sinergi_distribution::{
    ConsentInput, ContactInput, DistributionError, MergeIds, SubscriptionInput,
};
use sinergi_domain::ContactId;
use sinergi_domain::access::Principal;
use sinergi_newsroom::ReleaseInput;
use sinergi_testkit::fixtures::release;

use crate::own_data::tables_holding;
use crate::world::{SECOND, World, actor};

const KEPT: &str = "dewi@warta.example";
const OLD: &str = "dewi.lestari@surel.example";
const PHONE: &str = "081234500099";

/// The duplicate: the same name, no outlet, another address, a phone,
/// consent and two subscriptions (one the kept record already has).
async fn duplicate(w: &World) -> ContactId {
    let a = actor(&w.officer);
    let input = ContactInput {
        name: "Dewi".into(),
        email: OLD.into(),
        phone: PHONE.into(),
        kind: "journalist".into(),
        role_title: "Redaktur".into(),
        beats: "ekonomi".into(),
        ..Default::default()
    };
    // The base already holds a Dewi without an outlet: refused unless confirmed.
    assert_eq!(
        w.dist
            .create(&w.officer, &a, &input, false)
            .await
            .unwrap_err()
            .problems()[0]
            .key,
        "contact-duplicate"
    );
    let id = w.dist.create(&w.officer, &a, &input, true).await.unwrap();
    let consent = ConsentInput {
        purpose: "distribution".into(),
        basis: "consent".into(),
        channel: "email".into(),
        evidence: "surel".into(),
        given_on: "2026-06-01".into(),
    };
    w.dist
        .record_consent(&w.officer, &a, id, &consent)
        .await
        .unwrap();
    for (target, unit) in [("subtree", "51"), ("unit", "51.71")] {
        let s = SubscriptionInput {
            target: target.into(),
            unit: unit.into(),
            ..Default::default()
        };
        w.dist.subscribe(&w.officer, &a, id, &s).await.unwrap();
    }
    w.dist
        .add_note(&w.officer, &a, id, "51.71", "Dewi meliput pasar")
        .await
        .unwrap();
    id
}

#[tokio::test]
async fn a_duplicate_merges_into_the_kept_record_with_its_history() {
    let w = World::new().await;
    let a = actor(&w.officer);
    let keep = w.subscriber(KEPT, true, true).await;
    let other = duplicate(&w).await;
    let original = release("51.71", "Pasar Rakyat Dibuka")
        .published(&w.newsroom, &w.editor)
        .await;
    assert_eq!(w.mail_to(KEPT).await.len(), 1);
    assert_eq!(w.mail_to(OLD).await.len(), 1);

    // The kept record's page lists the duplicate; the preview says what
    // the merge will do.
    let view = w.dist.view(&w.officer, keep).await.unwrap();
    assert_eq!(view.duplicates.len(), 1);
    assert_eq!(view.duplicates[0].id, other);
    let p = w.dist.merge_preview(&w.officer, keep, other).await.unwrap();
    assert_eq!(p.result.email.as_deref(), Some(KEPT));
    assert_eq!(p.result.phone, PHONE);
    assert_eq!(p.result.role_title, "Redaktur");
    assert!(
        p.result.user_id.is_some(),
        "the kept journalist account stays"
    );
    assert_eq!(
        (p.other_holds.consents, p.other_holds.subscriptions),
        (1, 2)
    );
    assert_eq!((p.other_holds.deliveries, p.other_holds.notes), (1, 1));
    assert!(matches!(
        w.dist
            .merge_preview(&Principal::public(), keep, other)
            .await,
        Err(DistributionError::NotAllowed)
    ));
    assert_eq!(
        w.dist
            .merge_preview(&w.officer, keep, keep)
            .await
            .unwrap_err()
            .problems()[0]
            .key,
        "merge-same"
    );

    // Versions the officer saw before a change: nothing is written.
    let stale = MergeIds {
        keep,
        keep_version: p.keep.version - 1,
        other,
        other_version: p.other.version,
    };
    assert!(matches!(
        w.dist.merge(&w.officer, &a, stale).await,
        Err(DistributionError::Stale(_))
    ));
    assert!(w.dist.view(&w.officer, other).await.is_ok());
    assert_eq!(w.audited("contact.merge").await, 0);

    let ids = MergeIds {
        keep,
        keep_version: p.keep.version,
        other,
        other_version: p.other.version,
    };
    w.dist.merge(&w.officer, &a, ids).await.unwrap();
    assert_eq!(w.audited("contact.merge").await, 1);
    assert_eq!(w.audited("contact.merged_into").await, 1);
    // The duplicate's id now leads to the kept record; it is gone from lists.
    assert!(matches!(
        w.dist.view(&w.officer, other).await,
        Err(DistributionError::NotFound(_))
    ));
    assert_eq!(
        w.dist.merged_target(&w.officer, other).await.unwrap(),
        Some(keep)
    );
    assert!(w.dist.merge(&w.officer, &a, ids).await.is_err());
    let view = w.dist.view(&w.officer, keep).await.unwrap();
    assert!(view.duplicates.is_empty());
    assert_eq!(view.merged.len(), 1);
    assert_eq!(view.merged[0].id, other.get());
    assert_eq!(view.contact.phone, PHONE);
    assert_eq!(view.contact.beats, ["ekonomi"]);
    assert_eq!(view.consents.len(), 2);
    // Subtree 51 was on both: it is not doubled. The unit subscription moved.
    let mut following: Vec<_> = view
        .subscriptions
        .iter()
        .map(|s| s.unit_code.clone().unwrap_or_default())
        .collect();
    following.sort();
    assert_eq!(following, ["51", "51.71"]);
    assert_eq!(view.notes.len(), 1);

    // A correction reaches the person once, at the kept address.
    let current = w.newsroom.release_view(&w.editor, original).await.unwrap();
    let input = ReleaseInput {
        title: "Pasar Rakyat Dibuka".into(),
        lead: "Jam buka yang benar.".into(),
        body: "Isi yang dikoreksi.".into(),
        language: "id".into(),
        ..Default::default()
    };
    w.clock.advance(60 * SECOND);
    w.newsroom
        .correct_release(
            &w.editor,
            original,
            current.release.version,
            &input,
            "Jam salah",
        )
        .await
        .unwrap();
    assert_eq!(w.mail_to(KEPT).await.len(), 2);
    assert_eq!(w.mail_to(OLD).await.len(), 1);
    // A new release: one message to the person, none to the old address.
    release("51.71", "Pasar Malam")
        .published(&w.newsroom, &w.editor)
        .await;
    assert_eq!(w.mail_to(KEPT).await.len(), 3);
    assert_eq!(w.mail_to(OLD).await.len(), 1);

    // Two journalist accounts cannot become one contact.
    let third = w.subscriber("dewi@kabar.example", true, false).await;
    assert_eq!(
        w.dist
            .merge_preview(&w.officer, keep, third)
            .await
            .unwrap_err()
            .problems()[0]
            .key,
        "merge-two-accounts"
    );

    // Erasing the kept record erases the merged one too. (The kept
    // address is also the journalist's account, which is theirs to close.)
    assert!(!tables_holding(w.store(), OLD).await.is_empty());
    w.dist.erase(&w.officer, &a, keep).await.unwrap();
    for needle in [OLD, PHONE, "meliput pasar"] {
        let found = tables_holding(w.store(), needle).await;
        assert!(found.is_empty(), "{needle} is still in {found:?}");
    }
    assert_eq!(w.audited("contact.erase").await, 2);
}
