//! The daily digest and tag subscriptions. A digest comes once per
//! contact and local day, at the chosen hour in the contact's zone, and
//! lists exactly the releases their digest subscriptions cover that
//! became public since, each once; an embargoed release is absent before
//! its second and present after; an empty day sends nothing; a second run
//! (or a second node) sends nothing more. A tag subscription delivers per
//! release and shows in the personal feed.

use sinergi_domain::contacts::{Delivery, SubscriptionTarget};
use sinergi_domain::{ContactId, ReleaseId};
use sinergi_store::OutboxEntry;
use sinergi_store::accounts::audit::Actor;
use sinergi_store::contacts::NewSubscription;
use sinergi_testkit::TEST_NOW;
use sinergi_testkit::fixtures::release;

use crate::world::{SECOND, World, actor};

const HOUR: i64 = 3600 * SECOND;
/// 10:00 WITA on 2026-06-04 (TEST_NOW is 09:00 WITA).
const TEN_WITA: i64 = TEST_NOW + HOUR;
const DAY: i64 = 24 * HOUR;

fn tag(tag: &str, delivery: Delivery, hour: Option<i64>) -> NewSubscription {
    NewSubscription {
        target: SubscriptionTarget::Tag,
        unit_code: None,
        campaign: None,
        tag: Some(tag.to_owned()),
        delivery,
        digest_hour: hour,
    }
}

/// A consenting contact (WITA) with the given subscriptions, made now.
async fn reader(w: &World, email: &str, accredited: bool, subs: &[NewSubscription]) -> ContactId {
    let id = w.subscriber(email, accredited, false).await;
    for s in subs {
        w.store()
            .subscribe(id, s, &Actor::system("test"), w.dist.now())
            .await
            .unwrap();
    }
    id
}

/// The digests (outbox rows keyed `digest:`) sent to `email`.
async fn digests_to(w: &World, email: &str) -> Vec<OutboxEntry> {
    w.mail_to(email)
        .await
        .into_iter()
        .filter(|m| m.idempotency_key.starts_with("digest:"))
        .collect()
}

fn link(id: ReleaseId) -> String {
    format!("https://sinergi.example/releases/{id}-")
}

#[tokio::test]
async fn a_digest_lists_exactly_the_covered_releases_once_at_the_hour_in_the_contacts_zone() {
    let w = World::new().await;
    let daily = reader(
        &w,
        "harian@warta.example",
        false,
        &[
            NewSubscription::unit(SubscriptionTarget::Subtree, "51.71").digest_at(10),
            tag("pariwisata", Delivery::Digest, Some(10)),
        ],
    )
    .await;
    w.subscriber("tiap@warta.example", false, true).await;
    w.clock.advance(60 * SECOND);
    // Covered by both digest subscriptions: listed once.
    let both = release("51.71", "Pasar Seni Sanur Dibuka")
        .tags("pariwisata")
        .published(&w.newsroom, &w.editor)
        .await;
    // Covered by the tag only (another province).
    let by_tag = release("35.78", "Festival Rujak Uleg Surabaya")
        .tags("pariwisata, budaya")
        .published(&w.newsroom, &w.outsider)
        .await;
    // Covered by nothing the reader follows.
    let other = release("35.78", "Jalan Tol Baru Surabaya")
        .published(&w.newsroom, &w.outsider)
        .await;
    // The digest reader gets nothing per release; each-release still works.
    assert!(w.mail_to("harian@warta.example").await.is_empty());
    assert_eq!(w.mail_to("tiap@warta.example").await.len(), 1);

    // 09:59:59 WITA: not yet.
    w.clock.set(TEN_WITA - SECOND);
    assert_eq!(w.dist.run_digests().await.unwrap().queued, 0);
    assert!(digests_to(&w, "harian@warta.example").await.is_empty());

    // 10:00:00 WITA: one digest, the two covered releases, each once.
    w.clock.set(TEN_WITA);
    let report = w.dist.run_digests().await.unwrap();
    assert_eq!((report.days, report.queued), (1, 1));
    let sent = digests_to(&w, "harian@warta.example").await;
    assert_eq!(sent.len(), 1);
    let d = &sent[0];
    assert_eq!(
        d.idempotency_key,
        format!("digest:contact:{daily}:day:2026-06-04")
    );
    assert!(d.subject.contains("2026-06-04"), "{}", d.subject);
    assert!(d.subject.contains('2'), "two releases: {}", d.subject);
    assert_eq!(
        d.body_text.matches(&link(both)).count(),
        1,
        "{}",
        d.body_text
    );
    assert_eq!(d.body_text.matches("Pasar Seni Sanur Dibuka").count(), 1);
    assert!(d.body_text.contains(&link(by_tag)));
    assert!(d.body_text.contains("Festival Rujak Uleg Surabaya"));
    assert!(!d.body_text.contains(&link(other)));
    assert!(!d.body_text.contains("Jalan Tol"));
    // Unit and local time of each release are shown.
    assert!(d.body_text.contains("Kota Denpasar"), "{}", d.body_text);
    assert!(
        d.body_text.contains("2026-06-04 09:01 WITA"),
        "{}",
        d.body_text
    );
    let headers = d.headers.as_deref().unwrap();
    assert!(headers.contains("List-Unsubscribe"), "{headers}");
    assert!(headers.contains("List-Unsubscribe=One-Click"), "{headers}");

    // A re-run at once, later the same day, and a second node: nothing more.
    assert_eq!(w.dist.run_digests().await.unwrap().queued, 0);
    w.clock.set(TEN_WITA + 5 * HOUR);
    let late = release("51.71", "Taman Kota Diresmikan")
        .published(&w.newsroom, &w.editor)
        .await;
    let other_node = sinergi_distribution::Distribution::new(
        w.store().clone(),
        w.clock.clone(),
        sinergi_testkit::fixtures::SITE,
    );
    other_node.prepare().await.unwrap();
    let (a, b) = tokio::join!(w.dist.run_digests(), other_node.run_digests());
    assert_eq!(a.unwrap().queued + b.unwrap().queued, 0);
    assert_eq!(digests_to(&w, "harian@warta.example").await.len(), 1);

    // The next local day at 10:00: only what is new since.
    w.clock.set(TEN_WITA + DAY - SECOND);
    assert_eq!(w.dist.run_digests().await.unwrap().queued, 0);
    w.clock.set(TEN_WITA + DAY);
    let (a, b) = tokio::join!(w.dist.run_digests(), other_node.run_digests());
    assert_eq!(
        a.unwrap().queued + b.unwrap().queued,
        1,
        "two nodes, one digest"
    );
    let sent = digests_to(&w, "harian@warta.example").await;
    assert_eq!(sent.len(), 2);
    let next = &sent[1];
    assert!(next.idempotency_key.ends_with(":day:2026-06-05"));
    assert!(next.body_text.contains(&link(late)));
    assert!(!next.body_text.contains(&link(both)));
    assert!(!next.body_text.contains(&link(by_tag)));
}

#[tokio::test]
async fn nothing_is_sent_on_a_day_with_nothing_new() {
    let w = World::new().await;
    reader(
        &w,
        "harian@warta.example",
        false,
        &[NewSubscription::unit(SubscriptionTarget::Subtree, "51").digest_at(10)],
    )
    .await;
    w.clock.set(TEN_WITA);
    let report = w.dist.run_digests().await.unwrap();
    assert_eq!((report.days, report.queued), (1, 0));
    assert!(w.mail_to("harian@warta.example").await.is_empty());
    // A release later that day waits for the next day's digest.
    w.clock.set(TEN_WITA + HOUR);
    let id = release("51.71", "Posyandu Baru")
        .published(&w.newsroom, &w.editor)
        .await;
    assert_eq!(w.dist.run_digests().await.unwrap().queued, 0);
    assert!(w.mail_to("harian@warta.example").await.is_empty());
    w.clock.set(TEN_WITA + DAY);
    assert_eq!(w.dist.run_digests().await.unwrap().queued, 1);
    let sent = digests_to(&w, "harian@warta.example").await;
    assert!(sent[0].body_text.contains(&link(id)));
}

#[tokio::test]
async fn the_hour_is_read_in_the_contacts_own_zone() {
    let w = World::new().await;
    let id = reader(
        &w,
        "timur@warta.example",
        false,
        &[NewSubscription::unit(SubscriptionTarget::Subtree, "51").digest_at(10)],
    )
    .await;
    sqlx::query("UPDATE contacts SET time_zone = 'WIT' WHERE id = $1")
        .bind(id.get())
        .execute(w.store().raw_pool())
        .await
        .unwrap();
    w.clock.advance(60 * SECOND);
    release("51.71", "Pasar Murah")
        .published(&w.newsroom, &w.editor)
        .await;
    // 10:00 WIT is 09:00 WITA: due an hour before a WITA reader's 10:00.
    w.clock.set(TEN_WITA - HOUR - SECOND);
    assert_eq!(w.dist.run_digests().await.unwrap().queued, 0);
    w.clock.set(TEN_WITA - HOUR + 2 * 60 * SECOND);
    assert_eq!(w.dist.run_digests().await.unwrap().queued, 1);
    let sent = digests_to(&w, "timur@warta.example").await;
    assert!(sent[0].body_text.contains("WIT"), "{}", sent[0].body_text);
}

/// The embargo matrix for digests: the digest is made one second before
/// the embargo lifts, at the second, and one second after (three worlds).
/// Before, the release is absent (and comes in the next day's digest, not
/// earlier); at and after, present. Accreditation changes nothing: a
/// digest carries only what the public may read.
#[tokio::test]
async fn an_embargoed_release_is_absent_before_its_second_and_present_after() {
    const MARK: &str = "Zonasi4417";
    let lifts = TEN_WITA + 30 * 60 * SECOND;
    for (label, offset, present) in [
        ("T-1s", -SECOND, false),
        ("T", 0, true),
        ("T+1s", SECOND, true),
    ] {
        let w = World::new().await;
        let subs = [NewSubscription::unit(SubscriptionTarget::Subtree, "51").digest_at(10)];
        reader(&w, "umum@warta.example", false, &subs).await;
        reader(&w, "akr@warta.example", true, &subs).await;
        w.clock.advance(60 * SECOND);
        let open = release("51.71", "Pengumuman Terbuka")
            .published(&w.newsroom, &w.editor)
            .await;
        release("51.71", &format!("Kebijakan {MARK}"))
            .lead(&format!("Ringkasan {MARK}."))
            .embargoed(&w.newsroom, &w.editor, lifts)
            .await;
        w.clock.set(lifts + offset);
        w.dist.run_due().await.unwrap();
        assert_eq!(w.dist.run_digests().await.unwrap().queued, 2, "{label}");
        for email in ["umum@warta.example", "akr@warta.example"] {
            let sent = digests_to(&w, email).await;
            assert_eq!(sent.len(), 1, "{label} {email}");
            assert!(sent[0].body_text.contains(&link(open)), "{label} {email}");
            let has = sent[0].body_text.contains(MARK) || sent[0].subject.contains(MARK);
            assert_eq!(has, present, "{label} {email}: {}", sent[0].body_text);
            // Nothing else of it went out by mail.
            assert!(
                w.mail_to(email)
                    .await
                    .iter()
                    .filter(|m| !m.idempotency_key.starts_with("digest:"))
                    .all(|m| !m.body_text.contains(MARK)),
                "{label} {email}"
            );
        }
        if !present {
            // Left out, not lost: the next day's digest lists it.
            w.clock.set(TEN_WITA + DAY);
            assert_eq!(w.dist.run_digests().await.unwrap().queued, 2, "{label}");
            for email in ["umum@warta.example", "akr@warta.example"] {
                let sent = digests_to(&w, email).await;
                assert!(sent[1].body_text.contains(MARK), "{label} {email}");
                assert!(!sent[1].body_text.contains(&link(open)), "{label} {email}");
            }
        }
    }
}

#[tokio::test]
async fn a_tag_subscription_delivers_each_release_and_feeds_it() {
    let w = World::new().await;
    let id = reader(
        &w,
        "tag@warta.example",
        false,
        &[tag("reformasi-birokrasi", Delivery::Each, None)],
    )
    .await;
    let tagged = release("35.78", "Mal Pelayanan Publik Surabaya")
        .tags("Reformasi Birokrasi")
        .published(&w.newsroom, &w.outsider)
        .await;
    release("51.71", "Tanpa Tag")
        .published(&w.newsroom, &w.editor)
        .await;
    let mail = w.mail_to("tag@warta.example").await;
    assert_eq!(mail.len(), 1);
    assert!(mail[0].subject.contains("Mal Pelayanan Publik"));
    assert!(
        mail[0]
            .idempotency_key
            .starts_with(&format!("release:{tagged}:publish-at-"))
    );
    // Nothing of it in a digest: this subscription is per release.
    w.clock.set(TEN_WITA + DAY);
    w.dist.run_digests().await.unwrap();
    assert!(digests_to(&w, "tag@warta.example").await.is_empty());
    // The personal feed lists it too.
    let token = w
        .dist
        .new_feed_token(&w.officer, &actor(&w.officer), id)
        .await
        .unwrap();
    let (_, feed) = w.dist.personal_feed(&token).await.unwrap().unwrap();
    let titles: Vec<&str> = feed.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["Mal Pelayanan Publik Surabaya"]);
}

#[tokio::test]
async fn the_forms_input_is_checked_and_a_second_subscribe_changes_the_delivery() {
    let w = World::new().await;
    let id = w.subscriber("a@warta.example", false, false).await;
    let a = actor(&w.officer);
    let input = |target: &str, tag: &str, delivery: &str, hour: &str| {
        sinergi_distribution::SubscriptionInput {
            target: target.into(),
            unit: "51".into(),
            tag: tag.into(),
            delivery: delivery.into(),
            digest_hour: hour.into(),
            ..Default::default()
        }
    };
    for (bad, field) in [
        (input("tag", "  ", "each", ""), "tag"),
        (input("subtree", "", "digest", "24"), "digest_hour"),
        (input("subtree", "", "digest", ""), "digest_hour"),
        (input("subtree", "", "weekly", "7"), "delivery"),
    ] {
        match w.dist.subscribe(&w.officer, &a, id, &bad).await {
            Err(sinergi_distribution::DistributionError::Invalid(p)) => {
                assert_eq!(p[0].field, field, "{bad:?}");
            }
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    let first = w
        .dist
        .subscribe(
            &w.officer,
            &a,
            id,
            &input("tag", "#Reformasi Birokrasi", "", ""),
        )
        .await
        .unwrap();
    let again = w
        .dist
        .subscribe(
            &w.officer,
            &a,
            id,
            &input("tag", "reformasi-birokrasi", "digest", "6"),
        )
        .await
        .unwrap();
    assert_eq!(first, again, "the same subscription, its delivery changed");
    let subs = w.store().subscriptions_of(id).await.unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].tag.as_deref(), Some("reformasi-birokrasi"));
    assert_eq!(subs[0].delivery, Delivery::Digest);
    assert_eq!(subs[0].digest_hour, Some(6));
    assert_eq!(w.audited("subscription.update").await, 1);
}

#[tokio::test]
async fn an_address_that_bounced_gets_no_digest() {
    let w = World::new().await;
    reader(
        &w,
        "pantul@warta.example",
        false,
        &[NewSubscription::unit(SubscriptionTarget::Subtree, "51").digest_at(10)],
    )
    .await;
    w.clock.advance(60 * SECOND);
    release("51.71", "Pasar Malam")
        .published(&w.newsroom, &w.editor)
        .await;
    w.store()
        .suppress_address("pantul@warta.example", "550", w.dist.now())
        .await
        .unwrap();
    w.clock.set(TEN_WITA);
    assert_eq!(w.dist.run_digests().await.unwrap().days, 0);
    assert!(w.mail_to("pantul@warta.example").await.is_empty());
}
