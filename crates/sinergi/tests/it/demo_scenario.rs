//! The newsroom scenario of `sinergi demo`, on SQLite or PostgreSQL.

use sinergi_domain::UnitCode;
use sinergi_domain::newsroom::DAY_MICROS;
use sinergi_store::newsroom::{GapQuery, ReleaseQuery};
use sinergi_testkit::{TEST_NOW, TestDb};

#[tokio::test]
async fn the_demo_publishes_the_real_release_and_leaves_some_work_in_the_gap() {
    let prefixes = [
        "51.01", "51.71", "52.01", "53.01", "71.01", "72.01", "73.01", "74.01", "75.01", "76.01",
        "81.01", "82.01", "91.01", "92.01", "35.10", "35.78",
    ];
    let db = TestDb::with_network(&prefixes).await;
    let now = TEST_NOW + 180 * DAY_MICROS;
    sinergi::demo_newsroom::seed(&db.store, now).await.unwrap();
    let count = || async {
        db.store
            .changes_since(0, 1_000_000)
            .await
            .unwrap()
            .iter()
            .filter(|c| c.entity == "release")
            .count()
    };
    let before = count().await;
    sinergi::demo_newsroom::seed(&db.store, now).await.unwrap();
    assert_eq!(count().await, before, "a second run adds nothing");

    let hkip = UnitCode::parse("kemenpanrb.hkip").unwrap();
    let public = db
        .store
        .releases(&ReleaseQuery {
            unit: Some(hkip),
            public_by: Some(now),
            limit: 5,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(public.items.len(), 1);
    let release = db.store.release(public.items[0].id).await.unwrap().unwrap();
    assert_eq!(release.title, "Humas Pemerintah Harus Bikin Lompatan");
    assert!(release.body_md.contains("luput dari publikasi"));
    assert!(release.body_md.contains("(ags/HUMAS MENPANRB)"));
    assert_eq!(
        db.store.amplifications_of(release.id).await.unwrap()[0].unit_code,
        "35"
    );

    let gap = db
        .store
        .gap_counts(&GapQuery {
            root: None,
            with_subtree: true,
            now,
            min_days: 14,
            limit: 10,
            cursor: None,
        })
        .await
        .unwrap();
    assert!(gap.total >= 10, "{gap:?}");
    assert!(
        gap.per_child.iter().any(|(code, _, _)| code == "92"),
        "Papua Barat's gap is visible"
    );
    // Denpasar's embargoed release is not public yet.
    let denpasar = UnitCode::parse("51.71").unwrap();
    let q = |at| ReleaseQuery {
        unit: Some(denpasar.clone()),
        public_by: Some(at),
        limit: 10,
        ..Default::default()
    };
    let today = db.store.releases(&q(now)).await.unwrap().items.len();
    let tomorrow = db
        .store
        .releases(&q(now + DAY_MICROS))
        .await
        .unwrap()
        .items
        .len();
    assert_eq!(tomorrow, today + 1);
}

#[tokio::test]
async fn the_demo_shows_pickups_of_the_workshop_release() {
    let prefixes = [
        "51.01", "51.71", "52.01", "53.01", "71.01", "72.01", "73.01", "74.01", "75.01", "76.01",
        "81.01", "82.01", "91.01", "92.01", "35.10", "35.78",
    ];
    let db = TestDb::with_network(&prefixes).await;
    let now = TEST_NOW + 180 * DAY_MICROS;
    sinergi::demo_newsroom::seed(&db.store, now).await.unwrap();
    sinergi::demo_campaigns::seed(&db.store, now).await.unwrap();
    sinergi::demo_monitoring::seed(&db.store, now)
        .await
        .unwrap();
    sinergi::demo_monitoring::seed(&db.store, now)
        .await
        .unwrap();
    let sources = db.store.sources(now).await.unwrap();
    assert_eq!(sources.len(), 4, "a second run adds nothing");
    assert!(sources.iter().any(|s| s.kind == "sitemap"));
    assert!(sources.iter().any(|s| s.last_error.is_some()));
    let hkip = UnitCode::parse("kemenpanrb.hkip").unwrap();
    let release = db
        .store
        .releases(&ReleaseQuery {
            unit: Some(hkip),
            public_by: Some(now),
            limit: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .items[0]
        .id;
    use sinergi_store::monitor::MatchState;
    let pickups = db
        .store
        .release_matches(release, &[MatchState::Credited])
        .await
        .unwrap();
    assert_eq!(
        pickups.len(),
        3,
        "the story, its copy, and the agency's copy read from its page"
    );
    let groups: std::collections::HashSet<_> = pickups.iter().map(|m| m.article_group).collect();
    assert_eq!(groups.len(), 1, "one story: the copies are grouped");
    let mentions = db
        .store
        .unit_mentions(&UnitCode::parse("51").unwrap(), false, 10)
        .await
        .unwrap();
    assert_eq!(mentions.len(), 1, "{mentions:?}");
    assert_eq!(mentions[0].term, "Provinsi Bali");
    // The same article's hashtag counts for the campaign running now.
    let owner = db
        .store
        .unit_mentions(&UnitCode::parse("kemenpanrb").unwrap(), false, 10)
        .await
        .unwrap();
    assert_eq!(owner.len(), 1, "{owner:?}");
    assert_eq!(owner[0].term, "#RevolusiMentalASN");
    assert!(owner[0].campaign_id.is_some());
    let waiting = db
        .store
        .release_matches(release, &[MatchState::Review])
        .await
        .unwrap();
    assert_eq!(waiting.len(), 1, "the quoted sentence waits for review");
}

/// The demo's contacts show both ways of delivery and a tag: one reads
/// Bali in a daily digest, one follows `reformasi-birokrasi`.
#[tokio::test]
async fn the_demo_contacts_follow_a_tag_and_read_a_daily_digest() {
    let db = TestDb::with_network(&["51", "35.78"]).await;
    sinergi::demo_contacts::seed(&db.store, TEST_NOW)
        .await
        .unwrap();
    let rows: Vec<(String, String, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT target, delivery, tag, digest_hour FROM subscriptions WHERE ended_at IS NULL",
    )
    .fetch_all(db.store.raw_pool())
    .await
    .unwrap();
    assert!(
        rows.iter()
            .any(|r| r.1 == "digest" && r.3 == Some(8) && r.0 == "subtree"),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.0 == "tag" && r.2.as_deref() == Some("reformasi-birokrasi")),
        "{rows:?}"
    );
}
