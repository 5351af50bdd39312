//! The projection end to end on a real database (SQLite, or PostgreSQL
//! with SINERGI_TEST_DATABASE_URL): records made through the newsroom
//! service, counters kept by following the change feed, equal to a
//! rebuild, and the figures the pages show.

use std::sync::Arc;

use sinergi_domain::UnitCode;
use sinergi_domain::access::{Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::newsroom::DAY_MICROS;
use sinergi_kinerja::{Day, IndicatorKey, Kinerja, Period, PeriodKind, Value, Zone};
use sinergi_testkit::fixtures::{item, newsroom, release, staff};
use sinergi_testkit::{TEST_NOW, TestDb};

fn value(f: &sinergi_kinerja::figures::Figures, key: IndicatorKey) -> Value {
    sinergi_kinerja::indicators::find(&f.indicators, key)
}

#[tokio::test]
async fn incremental_counters_equal_a_rebuild_and_give_the_figures() {
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
    let (newsroom, _files) = newsroom(&db.store, &clock);
    let kinerja = Kinerja::new(db.store.clone());

    // The first run builds from nothing.
    let first = kinerja.catch_up().await.unwrap();
    assert!(first.rebuilt);

    // Denpasar records an achievement and publishes it two days later;
    // Bali publishes a release, which Denpasar amplifies; Badung records
    // an innovation it never publishes.
    let achievement = item("achievement", "Izin usaha tiga hari")
        .create(&newsroom, admin, "51.71")
        .await;
    let mut innovation = item("innovation", "Posyandu digital");
    innovation.input.stage = Some("trial".into());
    innovation.input.problem = Some("Antrean panjang.".into());
    innovation.input.solution = Some("Daftar daring.".into());
    innovation.input.impact = Some("Antrean berkurang.".into());
    innovation.create(&newsroom, admin, "51.03").await;
    clock.advance(2 * DAY_MICROS);
    release("51.71", "Izin usaha kini tiga hari")
        .items(vec![achievement])
        .published(&newsroom, admin)
        .await;
    let bali = release("51", "Bali menyambut tahun baru")
        .published(&newsroom, admin)
        .await;
    newsroom
        .amplify(admin, bali, &UnitCode::parse("51.71").unwrap())
        .await
        .unwrap();
    release("51.03", "Draf yang belum terbit")
        .draft(&newsroom, admin)
        .await;

    let done = kinerja.catch_up().await.unwrap();
    assert!(!done.rebuilt);
    assert!(done.changes > 0 && done.rows > 0);
    // Nothing new: nothing moves.
    assert_eq!(kinerja.catch_up().await.unwrap().rows, 0);

    let incremental = (
        db.store.kinerja_dump(false).await.unwrap(),
        db.store.kinerja_dump(true).await.unwrap(),
    );
    let rebuilt = kinerja.rebuild(&mut ()).await.unwrap();
    assert_eq!(rebuilt.records, 6);
    let from_scratch = (
        db.store.kinerja_dump(false).await.unwrap(),
        db.store.kinerja_dump(true).await.unwrap(),
    );
    assert_eq!(incremental, from_scratch);

    // Figures count closed days only: on the 6th itself, the releases
    // published that day are not counted yet (a count that moved before a
    // release is public would tell that it exists).
    let on_the_day = TEST_NOW + 2 * DAY_MICROS;
    let june = Period::containing(PeriodKind::Month, Day::of_instant(on_the_day, Zone::Wita));
    let dir = db.store.unit_directory().await.unwrap();
    let bali = dir
        .current()
        .find(|u| u.code.as_str() == "51")
        .unwrap()
        .clone();
    let early = kinerja
        .figures(&bali, true, june, on_the_day)
        .await
        .unwrap();
    assert_eq!(
        value(&early, IndicatorKey::ReleasesPublished),
        Value::Count { n: 0 }
    );

    let now = TEST_NOW + 3 * DAY_MICROS;
    let today = Day::of_instant(now, Zone::Wita);
    let month = Period::containing(PeriodKind::Month, today);
    let dir = db.store.unit_directory().await.unwrap();
    let unit = |c: &str| {
        dir.current()
            .find(|u| u.code.as_str() == c)
            .unwrap()
            .clone()
    };

    let bali_tree = kinerja
        .figures(&unit("51"), true, month, now)
        .await
        .unwrap();
    // Denpasar's release, Bali's, and Denpasar's amplification.
    assert_eq!(
        value(&bali_tree, IndicatorKey::ReleasesPublished),
        Value::Count { n: 3 }
    );
    assert_eq!(
        value(&bali_tree, IndicatorKey::AchievementsRecorded),
        Value::Count { n: 1 }
    );
    assert_eq!(
        value(&bali_tree, IndicatorKey::InnovationsRecorded),
        Value::Count { n: 1 }
    );
    // Badung's innovation is still inside its 14 days: it waits.
    assert_eq!(
        value(&bali_tree, IndicatorKey::PublicationCoverage),
        Value::Share { part: 1, whole: 1 }
    );
    // 20 May to 6 June (local), published on the 6th.
    assert_eq!(
        value(&bali_tree, IndicatorKey::Timeliness),
        Value::Days { days: 17.0 }
    );
    assert_eq!(
        value(&bali_tree, IndicatorKey::AmplificationsGiven),
        Value::Count { n: 1 }
    );
    // The network monitors no media: pickups are not measured, not zero.
    assert_eq!(
        value(&bali_tree, IndicatorKey::MediaPickups),
        Value::NotMeasured
    );
    assert_eq!(
        value(&bali_tree, IndicatorKey::JournalistsReached),
        Value::NotMeasured
    );

    let bali_alone = kinerja
        .figures(&unit("51"), false, month, now)
        .await
        .unwrap();
    assert_eq!(
        value(&bali_alone, IndicatorKey::ReleasesPublished),
        Value::Count { n: 1 }
    );
    assert_eq!(
        value(&bali_alone, IndicatorKey::AmplificationsReceived),
        Value::Count { n: 1 }
    );
    assert!(bali_tree.index.is_some());

    // Denpasar published, Badung did not: Denpasar ranks first in Bali.
    let board = kinerja
        .children_board(&UnitCode::parse("51").unwrap(), month, now)
        .await
        .unwrap();
    assert_eq!(board[0].figures.code, "51.71");
    assert_eq!(board[0].rank, Some(1));
    assert!(board[0].figures.index > board[1].figures.index);
}

/// Two nodes' projectors catching up at the same time (as when a lease
/// has passed to a new node while the old one still runs a round): each
/// batch is applied once, so the counters equal a rebuild's.
#[tokio::test]
async fn two_nodes_catching_up_together_count_each_change_once() {
    let db = TestDb::with_network(&["51.71"]).await;
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
    let (newsroom, _files) = newsroom(&db.store, &clock);
    let (a, b) = (
        Kinerja::new(db.store.clone()),
        Kinerja::new(db.store.clone()),
    );
    assert!(a.catch_up().await.unwrap().rebuilt);
    for round in 0..4 {
        for n in 0..5 {
            release("51.71", &format!("Siaran {round}-{n}"))
                .published(&newsroom, admin)
                .await;
            clock.advance(DAY_MICROS / 5);
        }
        let (ra, rb) = tokio::join!(a.catch_up(), b.catch_up());
        // One of them may find the other's batch came first: it refuses
        // rather than counting again, and reads again next round.
        for r in [ra, rb] {
            match r {
                Ok(_) => {}
                Err(sinergi_kinerja::KinerjaError::Store(sinergi_store::StoreError::Conflict(
                    _,
                ))) => {}
                Err(e) => panic!("{e}"),
            }
        }
    }
    a.catch_up().await.unwrap();
    b.catch_up().await.unwrap();
    let projected = db.store.kinerja_dump(true).await.unwrap();
    a.rebuild(&mut ()).await.unwrap();
    assert_eq!(projected, db.store.kinerja_dump(true).await.unwrap());
    let releases: i64 = projected
        .iter()
        .filter(|c| c.unit_code == "51.71" && c.metric == "releases")
        .map(|c| c.n)
        .sum();
    assert_eq!(releases, 20);
}

/// Boards are kept while nothing they show moves: a release of today
/// (not counted before its day closes) leaves them as they are; a change
/// to a closed day's counters gives a new board with the change in it.
#[tokio::test]
async fn boards_are_kept_across_writes_of_today_and_follow_closed_days() {
    use sinergi_domain::newsroom::ReleaseOp;
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
    let (newsroom, _files) = newsroom(&db.store, &clock);
    let kinerja = Kinerja::new(db.store.clone());
    kinerja.catch_up().await.unwrap();

    // Denpasar publishes on the first day; the board is read the next.
    let first = release("51.71", "Izin usaha kini tiga hari")
        .published(&newsroom, admin)
        .await;
    clock.advance(DAY_MICROS);
    kinerja.catch_up().await.unwrap();
    let now = TEST_NOW + DAY_MICROS;
    let month = Period::containing(PeriodKind::Month, Day::of_instant(now, Zone::Wib));
    let bali = UnitCode::parse("51").unwrap();
    let releases = |board: &[sinergi_kinerja::figures::Ranked], code: &str| {
        let r = board.iter().find(|r| r.figures.code == code).unwrap();
        value(&r.figures, IndicatorKey::ReleasesPublished)
    };
    let before = kinerja.children_board(&bali, month, now).await.unwrap();
    assert_eq!(releases(&before, "51.71"), Value::Count { n: 1 });
    let provinces = kinerja
        .level_board(sinergi_domain::Level::Province, month, now)
        .await
        .unwrap();

    // Badung publishes today: nothing shown moves, the boards are kept.
    release("51.03", "Pasar rakyat dibuka")
        .published(&newsroom, admin)
        .await;
    assert!(kinerja.catch_up().await.unwrap().rows > 0);
    let kept = kinerja.children_board(&bali, month, now).await.unwrap();
    assert!(
        Arc::ptr_eq(&before, &kept),
        "a write of today keeps the board"
    );
    assert_eq!(releases(&kept, "51.03"), Value::Count { n: 0 });
    let kept = kinerja
        .level_board(sinergi_domain::Level::Province, month, now)
        .await
        .unwrap();
    assert!(Arc::ptr_eq(&provinces, &kept));

    // Denpasar withdraws yesterday's release: a closed day moves.
    let version = newsroom
        .release_view(admin, first)
        .await
        .unwrap()
        .release
        .version;
    newsroom
        .move_release(admin, first, version, ReleaseOp::Withdraw, "salah kirim")
        .await
        .unwrap();
    kinerja.catch_up().await.unwrap();
    let after = kinerja.children_board(&bali, month, now).await.unwrap();
    assert!(!Arc::ptr_eq(&before, &after));
    assert_eq!(releases(&after, "51.71"), Value::Count { n: 0 });
    let moved = kinerja
        .level_board(sinergi_domain::Level::Province, month, now)
        .await
        .unwrap();
    assert_eq!(releases(&moved, "51"), Value::Count { n: 0 });

    // The next day, today's release is counted: a new closed day.
    let later = now + DAY_MICROS;
    let next = kinerja.children_board(&bali, month, later).await.unwrap();
    assert_eq!(releases(&next, "51.03"), Value::Count { n: 1 });

    // A rebuild may move any day: the boards are read again, and equal.
    kinerja.rebuild(&mut ()).await.unwrap();
    let rebuilt = kinerja.children_board(&bali, month, later).await.unwrap();
    assert!(!Arc::ptr_eq(&next, &rebuilt));
    assert_eq!(releases(&rebuilt, "51.03"), Value::Count { n: 1 });

    // The server computes the national page's boards ahead of its
    // readers: the next reader gets the very board computed, the month's
    // provinces first.
    let day_after = later + DAY_MICROS;
    let warmed = kinerja.warm_national_boards(day_after).await.unwrap();
    assert_eq!(
        warmed.len(),
        9,
        "three levels for the month, quarter and year"
    );
    let read = kinerja
        .level_board(sinergi_domain::Level::Province, month, day_after)
        .await
        .unwrap();
    assert!(Arc::ptr_eq(&warmed[0], &read));
    assert_eq!(releases(&read, "51"), Value::Count { n: 1 });
}
