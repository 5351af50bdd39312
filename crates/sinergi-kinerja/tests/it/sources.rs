//! The indicators whose sources are forums (events, attendance,
//! commitments), monitoring (pickups) and distribution: counted by
//! following the change feed, equal to a rebuild after every step, on
//! SQLite and PostgreSQL.

use std::sync::Arc;

use sinergi_domain::access::{Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::forum::{CommitmentKind, EventKind, Visibility};
use sinergi_domain::newsroom::DAY_MICROS;
use sinergi_domain::{UnitCode, Zone};
use sinergi_kinerja::{Day, IndicatorKey, Kinerja, Period, PeriodKind, Value};
use sinergi_store::accounts::audit::Actor;
use sinergi_store::forums::{CommitmentDraft, EventDraft, SeriesDraft};
use sinergi_store::monitor::{MatchState, NewArticle, NewMatch};
use sinergi_testkit::fixtures::{newsroom, release, staff};
use sinergi_testkit::{TEST_NOW, TestDb};

fn code(c: &str) -> UnitCode {
    UnitCode::parse(c).unwrap()
}

/// The counters as followed equal the counters rebuilt; returns them.
/// Catches up and checks the counters and the outlets' pairs against a
/// rebuild's; returns the outlets that carried each (unit, day).
async fn same_as_rebuild(db: &TestDb, kinerja: &Kinerja) -> Vec<(String, i64)> {
    kinerja.catch_up().await.unwrap();
    let followed = (
        db.store.kinerja_dump(false).await.unwrap(),
        db.store.kinerja_dump(true).await.unwrap(),
        db.store.kinerja_outlets_dump().await.unwrap(),
    );
    kinerja.rebuild(&mut ()).await.unwrap();
    let rebuilt = (
        db.store.kinerja_dump(false).await.unwrap(),
        db.store.kinerja_dump(true).await.unwrap(),
        db.store.kinerja_outlets_dump().await.unwrap(),
    );
    assert_eq!(followed, rebuilt);
    rebuilt.2.into_iter().map(|o| (o.outlet, o.n)).collect()
}

fn event(
    organiser: &str,
    series: Option<sinergi_domain::SeriesId>,
    at: i64,
    invited: &[&str],
) -> EventDraft {
    EventDraft {
        series_id: series,
        organiser_code: code(organiser),
        kind: EventKind::Forum,
        title: "Forum Humas".into(),
        starts_at: at,
        ends_at: at + 3_600_000_000,
        zone: Zone::Wita,
        venue_code: None,
        address: "Denpasar".into(),
        online_url: String::new(),
        agenda_md: String::new(),
        capacity: None,
        registration_closes_at: None,
        visibility: Visibility::Public,
        invited: invited.iter().map(|c| code(c)).collect(),
        invited_contacts: Vec::new(),
    }
}

fn article(key: &str, outlet: &str, at: i64) -> NewArticle {
    NewArticle {
        key: key.into(),
        source_id: None,
        outlet: outlet.into(),
        url: None,
        title: format!("Berita {key}"),
        author: String::new(),
        published_at: at,
        body: format!("Isi {key}"),
        text_hash: format!("hash-{key}"),
        text_from: "import".into(),
        ..Default::default()
    }
}

fn matched(release: sinergi_domain::ReleaseId, unit: &str, state: MatchState) -> NewMatch {
    NewMatch {
        release_id: release,
        unit_code: unit.into(),
        score: if state == MatchState::Credited {
            8000
        } else {
            4000
        },
        state,
        passages: Vec::new(),
        release_version: 1,
    }
}

#[tokio::test]
async fn events_commitments_and_pickups_follow_the_feed_like_a_rebuild() {
    let db = TestDb::with_network(&["51.71", "51.03"]).await;
    let clock = Arc::new(FixedClock::at(TEST_NOW));
    let people = staff(
        &db.store,
        &[(
            "hkip@menpan.example.go.id",
            "kemenpanrb",
            Role::Admin,
            Reach::Network,
        )],
    )
    .await;
    let admin = &people[0];
    let actor = Actor::system("test");
    let (newsroom, _files) = newsroom(&db.store, &clock);
    let kinerja = Kinerja::new(db.store.clone());
    assert!(kinerja.catch_up().await.unwrap().rebuilt);
    let store = &db.store;
    let t = TEST_NOW;

    // Denpasar publishes two releases; three outlets carry the first.
    let first = release("51.71", "Izin usaha kini tiga hari")
        .published(&newsroom, admin)
        .await;
    release("51.71", "Posyandu digital")
        .published(&newsroom, admin)
        .await;
    let ids = store
        .insert_articles(
            &[
                article("a", "Bali Post", t),
                article("b", "Antara", t),
                article("c", "Tribun Bali", t),
                article("d", "Antara", t),
            ],
            t,
        )
        .await
        .unwrap();
    store
        .record_matches(ids[0], &[matched(first, "51.71", MatchState::Credited)], t)
        .await
        .unwrap();
    store
        .record_matches(ids[1], &[matched(first, "51.71", MatchState::Review)], t)
        .await
        .unwrap();
    store
        .record_matches(ids[2], &[matched(first, "51.71", MatchState::Credited)], t)
        .await
        .unwrap();
    store
        .record_matches(ids[3], &[matched(first, "51.71", MatchState::Credited)], t)
        .await
        .unwrap();
    // Antara carried it twice: one pair, one release.
    assert_eq!(
        same_as_rebuild(&db, &kinerja).await,
        [
            ("Antara".into(), 1),
            ("Bali Post".into(), 1),
            ("Tribun Bali".into(), 1)
        ]
    );
    // The review one is confirmed; Tribun's is no longer found (the
    // matcher changed): it drops off the release it counted for.
    let review = store
        .release_matches(first, &[MatchState::Review])
        .await
        .unwrap();
    store
        .decide_match(review[0].id, MatchState::Confirmed, &actor, t)
        .await
        .unwrap();
    store.record_matches(ids[2], &[], t).await.unwrap();
    assert_eq!(
        same_as_rebuild(&db, &kinerja).await,
        [("Antara".into(), 1), ("Bali Post".into(), 1)]
    );

    // Bali's forum series: a forum on day 1 where Denpasar (invited, like
    // Badung) attends and commits to replicate it for Badung, and closes
    // another commitment early; Bali commits to replicate for Denpasar.
    let series = store
        .insert_series(
            &SeriesDraft {
                owner_code: code("51"),
                title: "Forum Humas Bali".into(),
                description_md: String::new(),
            },
            None,
            t,
        )
        .await
        .unwrap();
    let forum = store
        .insert_event(
            &event("51", Some(series), t + DAY_MICROS, &["51.71", "51.03"]),
            "uid-1",
            "1234",
            None,
            t,
        )
        .await
        .unwrap();
    store
        .record_attendance(forum, &code("51.71"), "list", None, t)
        .await
        .unwrap();
    let draft = |unit: &str, kind, for_units: &[&str], due: i64| CommitmentDraft {
        event_id: forum,
        unit_code: code(unit),
        kind,
        what: "Tindak lanjut".into(),
        for_units: for_units.iter().map(|c| code(c)).collect(),
        due_at: due,
        example: false,
    };
    let closing = store
        .insert_commitment(
            &draft("51.71", CommitmentKind::Other, &[], t + 5 * DAY_MICROS),
            None,
            t,
        )
        .await
        .unwrap();
    store
        .insert_commitment(
            &draft(
                "51",
                CommitmentKind::Replicate,
                &["51.71"],
                t + 10 * DAY_MICROS,
            ),
            None,
            t,
        )
        .await
        .unwrap();
    // A late one, never kept.
    store
        .insert_commitment(
            &draft("51.03", CommitmentKind::Other, &[], t + 2 * DAY_MICROS),
            None,
            t,
        )
        .await
        .unwrap();
    store
        .close_commitment(
            closing,
            None,
            &sinergi_store::forums::Evidence {
                url: Some("https://example.go.id/bukti"),
                release: None,
                media: None,
            },
            "Selesai",
            t + 2 * DAY_MICROS,
        )
        .await
        .unwrap();
    same_as_rebuild(&db, &kinerja).await;
    // Bali holds the next forum of the series, and Denpasar attends: the
    // commitment to replicate is fulfilled, on time. A cancelled forum
    // counts for nothing.
    let second = store
        .insert_event(
            &event("51", Some(series), t + 3 * DAY_MICROS, &["51.71"]),
            "uid-2",
            "5678",
            None,
            t,
        )
        .await
        .unwrap();
    store
        .record_attendance(second, &code("51.71"), "code", None, t)
        .await
        .unwrap();
    let cancelled = store
        .insert_event(
            &event("51.03", None, t + 4 * DAY_MICROS, &[]),
            "uid-3",
            "9999",
            None,
            t,
        )
        .await
        .unwrap();
    store.cancel_event(cancelled, t).await.unwrap();
    same_as_rebuild(&db, &kinerja).await;

    // Read a month later, when every day counted is closed.
    let now = t + 40 * DAY_MICROS;
    let dir = store.unit_directory().await.unwrap();
    let unit = |c: &str| {
        dir.current()
            .find(|u| u.code.as_str() == c)
            .unwrap()
            .clone()
    };
    let month = Period::containing(PeriodKind::Month, Day::of_instant(t, Zone::Wita));
    let next = month.next();
    let sum = |a: Value, b: Value| match (a, b) {
        (Value::Count { n }, Value::Count { n: m }) => Value::Count { n: n + m },
        (Value::Share { part, whole }, Value::Share { part: p, whole: w }) => Value::Share {
            part: part + p,
            whole: whole + w,
        },
        (Value::Share { part, whole }, Value::NoData)
        | (Value::NoData, Value::Share { part, whole }) => Value::Share { part, whole },
        (Value::NoData, Value::NoData) => Value::NoData,
        other => panic!("{other:?}"),
    };
    // The test's days may straddle a month's end: add both months.
    let both = |f: &dyn Fn(Period) -> Value| sum(f(month), f(next));
    let mut figures = Vec::new();
    for (c, subtree) in [("51", true), ("51.71", false), ("51", false)] {
        let a = kinerja
            .figures(&unit(c), subtree, month, now)
            .await
            .unwrap();
        let b = kinerja.figures(&unit(c), subtree, next, now).await.unwrap();
        figures.push((a, b));
    }
    let value = |i: usize, key: IndicatorKey| {
        let (a, b) = &figures[i];
        let pick = |f: &sinergi_kinerja::figures::Figures| {
            sinergi_kinerja::indicators::find(&f.indicators, key)
        };
        let (va, vb) = (pick(a), pick(b));
        both(&|p| if p == month { va } else { vb })
    };
    // Denpasar: two releases, one carried (Bali Post, Antara twice):
    // three articles, two outlets.
    assert_eq!(
        value(1, IndicatorKey::MediaPickups),
        Value::Share { part: 1, whole: 2 }
    );
    let articles = |i: usize| {
        let (a, b) = &figures[i];
        [a, b]
            .iter()
            .map(|f| {
                match sinergi_kinerja::indicators::find(
                    &f.indicators,
                    IndicatorKey::ArticlesPerRelease,
                ) {
                    Value::Rate { n, .. } => n,
                    _ => 0,
                }
            })
            .sum::<i64>()
    };
    assert_eq!(articles(1), 3);
    // Outlets are distinct within a period; the releases are in one.
    let outlets: Vec<Value> = [&figures[1].0, &figures[1].1]
        .iter()
        .map(|f| sinergi_kinerja::indicators::find(&f.indicators, IndicatorKey::OutletsReached))
        .collect();
    assert!(outlets.contains(&Value::Count { n: 2 }), "{outlets:?}");
    // Denpasar attended both forums it was invited to; Badung neither.
    assert_eq!(
        value(1, IndicatorKey::InvitationsAttended),
        Value::Share { part: 2, whole: 2 }
    );
    assert_eq!(
        value(0, IndicatorKey::InvitationsAttended),
        Value::Share { part: 2, whole: 3 }
    );
    assert_eq!(
        value(1, IndicatorKey::EventsAttended),
        Value::Count { n: 2 }
    );
    // Bali held two forums; the cancelled one in Badung is not counted.
    assert_eq!(value(2, IndicatorKey::EventsHeld), Value::Count { n: 2 });
    assert_eq!(value(0, IndicatorKey::EventsHeld), Value::Count { n: 2 });
    // Commitments: Denpasar's closed early, Bali's fulfilled by the
    // second forum, Badung's never: two of three in the subtree.
    assert_eq!(
        value(1, IndicatorKey::CommitmentsKept),
        Value::Share { part: 1, whole: 1 }
    );
    assert_eq!(
        value(2, IndicatorKey::CommitmentsKept),
        Value::Share { part: 1, whole: 1 }
    );
    assert_eq!(
        value(0, IndicatorKey::CommitmentsKept),
        Value::Share { part: 2, whole: 3 }
    );
    // No release went out by e-mail: reach is not measured, never zero.
    assert_eq!(
        sinergi_kinerja::indicators::find(
            &figures[0].0.indicators,
            IndicatorKey::JournalistsReached
        ),
        Value::NotMeasured
    );
}
