//! The campaigns of `sinergi demo`, on SQLite or PostgreSQL: both exist
//! with their kits, adoption comes from real published releases, East
//! Java carries them furthest, and a second run adds nothing.

use std::sync::Arc;

use sinergi_campaigns::{Campaigns, Status};
use sinergi_domain::access::Principal;
use sinergi_domain::clock::FixedClock;
use sinergi_domain::newsroom::DAY_MICROS;
use sinergi_domain::{Level, UnitCode};
use sinergi_testkit::{TEST_NOW, TestDb};

#[tokio::test]
async fn the_demo_seeds_two_campaigns_adopted_furthest_in_east_java() {
    let db = TestDb::with_network(&["35.07", "35.78", "51.71", "52.01", "11.01"]).await;
    let now = TEST_NOW + 10 * DAY_MICROS;
    sinergi::demo_campaigns::seed(&db.store, now).await.unwrap();
    let releases = db.store.release_count().await.unwrap();
    sinergi::demo_campaigns::seed(&db.store, now).await.unwrap();
    assert_eq!(
        db.store.release_count().await.unwrap(),
        releases,
        "idempotent"
    );

    let campaigns = Campaigns::new(db.store.clone(), Arc::new(FixedClock::at(now)), "");
    let list = campaigns.list(None).await.unwrap();
    let titles: Vec<&str> = list.iter().map(|c| c.campaign.title.as_str()).collect();
    assert!(titles.contains(&"Revolusi Mental ASN"), "{titles:?}");
    assert!(titles.contains(&"Reformasi Birokrasi"), "{titles:?}");
    for s in &list {
        let c = &s.campaign;
        assert_eq!(c.owner_code.as_str(), "kemenpanrb");
        assert!(s.running);
        let view = campaigns
            .campaign(&Principal::public(), c.id)
            .await
            .unwrap();
        assert!(!view.templates.is_empty());
        let east_java = campaigns
            .unit_status(c.id, &UnitCode::parse("35").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_ne!(east_java.status, Status::NotStarted, "{}", c.title);
        assert!(east_java.counters.adopted_below > 0, "{}", c.title);
        let d = campaigns
            .dashboard(&Principal::public(), c.id)
            .await
            .unwrap();
        let villages = d.levels.iter().find(|l| l.level == Level::Village).unwrap();
        assert!(villages.targets > villages.adopted, "many have not started");
        assert!(d.totals.adopted > 3, "{:?}", d.totals);
        // Every adoption is a real, public, tagged release.
        let adopted = campaigns.adopted_releases(c.id, None, 500).await.unwrap();
        assert_eq!(adopted.len() as i64, d.totals.adopted.min(500));
        assert!(adopted.iter().all(|r| r.title.starts_with("Contoh: ")));
    }
}
