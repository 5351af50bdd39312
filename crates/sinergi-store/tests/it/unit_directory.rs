//! The unit directory in memory answers every listing exactly as the SQL listing does:
//! the same units, in the same order, with the same cursors, page after page; and it
//! sees writes at once.

use sinergi_domain::national::seed_units;
use sinergi_domain::region_data::RegionRecord;
use sinergi_domain::{Level, NewUnit, UnitCode, UnitKind};
use sinergi_store::{Page, UnitQuery};
use sinergi_testkit::{TEST_NOW, TestDb, regions};

fn code(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

fn codes(page: &Page<(sinergi_domain::Unit, i64)>) -> Vec<(String, i64)> {
    page.items
        .iter()
        .map(|(u, n)| (u.code.to_string(), *n))
        .collect()
}

/// Every listing a picker, a page or the API makes, with and without filters.
fn queries() -> Vec<UnitQuery> {
    let texts = [
        None,
        Some("denpasar"),
        Some("kota"),
        Some("sumber"),
        Some("kab mal"),
        Some("jaya"),
        Some("51.71"),
        Some("35.0"),
        Some("5"),
        Some("desa adat"),
        Some("  "),
        Some("--"),
        Some("kemen"),
        Some("zzzz"),
        Some("s"),
    ];
    let mut out = Vec::new();
    for q in texts {
        for filter in 0..6 {
            let mut query = UnitQuery {
                q: q.map(str::to_owned),
                limit: [7, 20, 200][filter % 3],
                ..Default::default()
            };
            match filter {
                1 => query.level = Some(Level::Village),
                2 => query.within = Some(code("35")),
                3 => query.parent = Some(code("51.71")),
                4 => query.include_retired = true,
                5 => {
                    query.level = Some(Level::District);
                    query.within = Some(code("51"));
                }
                _ => {}
            }
            out.push(query);
        }
    }
    out
}

async fn assert_same(db: &TestDb, mut query: UnitQuery) {
    for page in 0..4 {
        let memory = db.store.list_units(&query).await.unwrap();
        let sql = db.store.list_units_in_sql(&query).await.unwrap();
        assert_eq!(codes(&memory), codes(&sql), "page {page} of {query:?}");
        assert_eq!(memory.next_cursor, sql.next_cursor, "cursor of {query:?}");
        match memory.next_cursor {
            Some(c) => query.cursor = Some(c),
            None => break,
        }
    }
}

/// The network of `provinces`, imported again without village 51.71.01.1006,
/// which the import retires.
async fn with_a_retired_village(provinces: &[&str]) -> TestDb {
    let db = TestDb::with_network(provinces).await;
    let all: Vec<RegionRecord> = regions(provinces)
        .into_iter()
        .filter(|r| r.code.as_str() != "51.71.01.1006")
        .collect();
    db.store
        .import_regions(&all, "test", TEST_NOW + 1, Default::default(), &|_, _| {})
        .await
        .unwrap();
    db
}

#[tokio::test]
async fn the_directory_answers_as_the_sql_listing() {
    // A retired village, so that `include_retired` matters.
    let db = with_a_retired_village(&["51", "35"]).await;
    for query in queries() {
        assert_same(&db, query).await;
    }
    let bad = UnitQuery {
        cursor: Some("not-a-cursor".into()),
        limit: 5,
        ..Default::default()
    };
    assert!(db.store.list_units(&bad).await.is_err());
    assert!(db.store.list_units_in_sql(&bad).await.is_err());
}

#[tokio::test]
async fn a_write_through_the_store_shows_at_once() {
    let db = TestDb::with_network(&["51"]).await;
    let find = |text: &str| UnitQuery {
        q: Some(text.into()),
        limit: 10,
        ..Default::default()
    };
    assert!(
        db.store
            .list_units(&find("sinergiku"))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let parent = seed_units()[0].code.clone();
    db.store
        .add_national_unit(
            &NewUnit {
                code: UnitCode::parse(&format!("{parent}.sinergiku")).unwrap(),
                name: "Biro Sinergiku".into(),
                kind: UnitKind::Bureau,
                parent_code: Some(parent.clone()),
                aliases: None,
            },
            TEST_NOW + 1,
        )
        .await
        .unwrap();
    let found = db.store.list_units(&find("sinergiku")).await.unwrap();
    assert_eq!(codes(&found), [(format!("{parent}.sinergiku"), 0)]);
    // The parent's child count moved with it: the listings agree on it.
    assert_same(
        &db,
        find(parent.as_str().split('.').next().unwrap_or("kemen")),
    )
    .await;
    assert_same(&db, find("biro")).await;
    // A rename by an import shows at once too.
    let renamed: Vec<RegionRecord> = regions(&["51"])
        .into_iter()
        .map(|mut r| {
            if r.code.as_str() == "51.71" {
                r.name = "Kota Denpasar Raya".into();
            }
            r
        })
        .collect();
    db.store
        .import_regions(
            &renamed,
            "test",
            TEST_NOW + 2,
            Default::default(),
            &|_, _| {},
        )
        .await
        .unwrap();
    let found = db.store.list_units(&find("raya")).await.unwrap();
    assert!(codes(&found).iter().any(|(c, _)| c == "51.71"));
}

#[tokio::test]
async fn names_from_the_directory_are_the_names_in_sql() {
    // A retired village is named too; the import leaves the directory stale.
    let db = with_a_retired_village(&["51"]).await;
    let ministry = seed_units()[0].code.to_string();
    let asked = [
        "51",
        "51.71",
        "51.71.01.1006",
        ministry.as_str(),
        "35",
        "not a code",
        "51",
    ];
    let from_sql = db.store.unit_names(asked).await.unwrap();
    db.store.unit_directory().await.unwrap();
    let from_memory = db.store.unit_names(asked).await.unwrap();
    assert_eq!(from_memory, from_sql);
    assert_eq!(
        from_memory.keys().map(String::as_str).collect::<Vec<_>>(),
        ["51", "51.71", "51.71.01.1006", ministry.as_str()]
    );
    assert_eq!(from_memory["51.71"], "Kota Denpasar");
}
