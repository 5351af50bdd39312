//! The workshop series of `sinergi demo`, on SQLite or PostgreSQL:
//! Surabaya, Batam and Denpasar (4 June, the eastern provinces), the
//! provinces' commitments to replicate marked as examples, East Java's
//! fulfilled and others pending, the seed release linked to Denpasar, and a
//! second run adds nothing.

use std::sync::Arc;

use sinergi_domain::access::Principal;
use sinergi_domain::clock::FixedClock;
use sinergi_domain::newsroom::DAY_MICROS;
use sinergi_forums::{Forums, FulfilmentState};
use sinergi_testkit::{TEST_NOW, TestDb};

#[tokio::test]
async fn the_demo_seeds_the_workshop_series_from_the_seed_release() {
    let db = TestDb::with_network(&[
        "51.01", "51.71", "52.01", "53.01", "71.01", "72.01", "73.01", "74.01", "75.01", "76.01",
        "81.01", "82.01", "91.01", "92.01", "35.10", "35.78", "21.71", "31.71",
    ])
    .await;
    let now = TEST_NOW + 180 * DAY_MICROS;
    sinergi::demo_newsroom::seed(&db.store, now).await.unwrap();
    sinergi::demo_forums::seed(&db.store, now).await.unwrap();
    sinergi::demo_forums::seed(&db.store, now).await.unwrap();
    let forums = Forums::new(db.store.clone(), Arc::new(FixedClock::at(now)), "");
    let series = forums.series_list().await.unwrap();
    assert_eq!(series.len(), 1, "idempotent");
    assert_eq!(series[0].title, sinergi::demo_forums::SERIES_TITLE);
    let view = forums
        .series(&Principal::public(), series[0].id)
        .await
        .unwrap();
    let titles: Vec<&str> = view.events.iter().map(|(e, _)| e.title.as_str()).collect();
    assert!(titles[0].ends_with("(Surabaya)"), "{titles:?}");
    assert!(titles[1].ends_with("(Batam)"), "{titles:?}");
    let (denpasar, present) = view
        .events
        .iter()
        .find(|(e, _)| e.title.ends_with("(Denpasar)"))
        .unwrap();
    assert_eq!(
        sinergi_forums::local_input(denpasar.starts_at, denpasar.zone),
        "2026-06-04T09:00"
    );
    assert_eq!(denpasar.zone.abbreviation(), "WITA");
    assert_eq!(
        present.len(),
        denpasar.invited.len(),
        "the eastern provinces came"
    );
    assert!(view.commitments.iter().all(|c| c.record.example));
    let state_of = |unit: &str| {
        view.commitments
            .iter()
            .find(|c| c.record.unit_code.as_str() == unit)
            .map(|c| c.state)
    };
    assert_eq!(
        state_of("35"),
        Some(FulfilmentState::Fulfilled),
        "East Java did"
    );
    assert_eq!(
        state_of("52"),
        Some(FulfilmentState::Fulfilled),
        "its one city came"
    );
    assert_eq!(state_of("73"), Some(FulfilmentState::Fulfilled));
    assert_eq!(
        state_of("21"),
        Some(FulfilmentState::Pending),
        "Riau Islands has not yet"
    );
    assert_eq!(state_of("53"), Some(FulfilmentState::Pending));
    assert!(view.commitments.len() >= 13, "{}", view.commitments.len());
    assert_eq!(
        state_of("51.71"),
        Some(FulfilmentState::Fulfilled),
        "down to the districts"
    );
    assert!(view.provinces().iter().any(|(c, _, _)| c.as_str() == "51"));
    // The seed release reports the Denpasar workshop.
    let page = forums
        .event(&Principal::public(), denpasar.id)
        .await
        .unwrap();
    assert_eq!(page.releases.len(), 1);
    assert!(page.releases[0].title.contains("Lompatan"));
    // Its speakers and record, and an upcoming meeting of Bali's offices
    // that takes registrations.
    assert_eq!(page.speakers.len(), 3);
    assert!(page.outcomes_html.contains("<ol>"));
    let upcoming = forums
        .public_list(&sinergi_forums::EventFilter {
            ends_after: Some(now),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(upcoming.len(), 1);
    assert_eq!(upcoming[0].capacity, Some(40));
    let meeting = forums
        .event(&Principal::public(), upcoming[0].id)
        .await
        .unwrap();
    assert!(meeting.registration_open);
    assert_eq!(meeting.speakers.len(), 2);
}
