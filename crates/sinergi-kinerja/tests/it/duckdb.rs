//! The cross-check: the releases exported as CSV, three indicators and
//! the index computed again for every province by DuckDB (Python's
//! `duckdb`, installed by `scripts/test`), compared exactly with what the
//! projection and the figures give.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use sinergi_domain::access::{Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::newsroom::DAY_MICROS;
use sinergi_domain::{Level, UnitCode, Zone};
use sinergi_kinerja::indicators::find;
use sinergi_kinerja::{Day, IndicatorKey, Kinerja, Period, PeriodKind, Value};
use sinergi_testkit::fixtures::{newsroom, release, staff};
use sinergi_testkit::{TEST_NOW, TestDb};

const UNITS: &[&str] = &[
    "51", "51.71", "51.03", "52", "52.01", "35", "35.78", "64", "64.71", "81", "81.71",
];

/// DuckDB's side: every province's releases, continuity (weeks with a
/// publication of the weeks the month touches), cross-level amplifications
/// given and received, and the index those give with the default weights
/// (coverage, campaigns, timeliness, events and commitments have nothing
/// to measure here; media are not monitored).
const SCRIPT: &str = r#"
import datetime, json, math, sys
import duckdb
releases, units, year, month = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
epoch = datetime.date(1970, 1, 1)
start = (datetime.date(year, month, 1) - epoch).days
end = (datetime.date(year + month // 12, month % 12 + 1, 1) - epoch).days
con = duckdb.connect()
con.execute(f"CREATE TABLE r AS SELECT * FROM read_csv('{releases}', header = true, columns = {{'id': 'BIGINT', 'unit': 'VARCHAR', 'public_at': 'BIGINT', 'amplified_unit': 'VARCHAR'}})")
con.execute(f"CREATE TABLE u AS SELECT * FROM read_csv('{units}', header = true, columns = {{'code': 'VARCHAR', 'level': 'VARCHAR', 'offset_us': 'BIGINT'}})")
# A release counts on its public day where its unit is; an amplification
# across levels also counts for the amplified unit, on its own day.
con.execute("""CREATE TABLE d AS
  SELECT r.unit AS unit, CAST(floor((r.public_at + u.offset_us) / 86400000000.0) AS BIGINT) AS day,
         1 AS released,
         CASE WHEN r.amplified_unit IS NOT NULL AND ua.level <> u.level THEN 1 ELSE 0 END AS given,
         0 AS received
    FROM r JOIN u ON u.code = r.unit LEFT JOIN u ua ON ua.code = r.amplified_unit
  UNION ALL
  SELECT r.amplified_unit, CAST(floor((r.public_at + ua.offset_us) / 86400000000.0) AS BIGINT), 0, 0, 1
    FROM r JOIN u ON u.code = r.unit JOIN u ua ON ua.code = r.amplified_unit
   WHERE ua.level <> u.level""")
rows = con.execute("""
  SELECT p.code,
         COALESCE(SUM(d.released), 0), COALESCE(SUM(d.given), 0), COALESCE(SUM(d.received), 0),
         COUNT(DISTINCT CASE WHEN d.released = 1 THEN (d.day + 3) // 7 END)
    FROM u p LEFT JOIN d ON (d.unit = p.code OR starts_with(d.unit, p.code || '.'))
                        AND d.day >= ? AND d.day < ?
   WHERE p.level = 'province'
   GROUP BY p.code ORDER BY p.code""", [start, end]).fetchall()
weeks = (end - 1 + 3) // 7 - (start + 3) // 7 + 1
out = {}
for code, released, given, received, with_pub in rows:
    total, s = 0, 0.0
    s += 20.0 * (100.0 * (with_pub / weeks)); total += 20
    if released > 0:
        s += 10.0 * min(100.0 * (given + received) / released, 100.0); total += 10
    index = math.floor(s / total * 10.0 + 0.5) / 10.0
    out[code] = [int(released), int(with_pub), int(weeks), int(given), int(received), index]
print(json.dumps(out, sort_keys=True))
"#;

#[tokio::test]
async fn duckdb_computes_the_same_indicators_and_index_for_every_province() {
    let db = TestDb::with_network(&UNITS[1..]).await;
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
    // Releases spread over about six weeks, across three zones; every
    // fourth amplifies an earlier one (sometimes across levels).
    let mut published = Vec::new();
    for i in 0..48usize {
        let unit = UNITS[(i * 7 + i / 5) % UNITS.len()];
        let id = release(unit, &format!("Siaran nomor {i}"))
            .published(&newsroom, admin)
            .await;
        published.push(id);
        if i % 4 == 3 {
            let target = published[i / 2];
            let by = UNITS[(i * 3 + 1) % UNITS.len()];
            let _ = newsroom
                .amplify(admin, target, &UnitCode::parse(by).unwrap())
                .await;
        }
        clock.advance(DAY_MICROS * 7 / 8 + i as i64 * 3_600_000_000 / 7);
    }
    let kinerja = Kinerja::new(db.store.clone());
    kinerja.catch_up().await.unwrap();

    // The export: the releases as the projection reads them, and each
    // unit's level and zone.
    let mut csv = String::from("id,unit,public_at,amplified_unit\n");
    for r in db.store.kinerja_releases_after(0, 100_000).await.unwrap() {
        if let Some(at) = r.public_at {
            writeln!(
                csv,
                "{},{},{},{}",
                r.id,
                r.unit_code,
                at,
                r.amplified_unit.unwrap_or_default()
            )
            .unwrap();
        }
    }
    let dir = db.store.unit_directory().await.unwrap();
    let mut units = String::from("code,level,offset_us\n");
    for u in dir.current() {
        let offset = match Zone::of_unit(&u.code) {
            Zone::Wib => 7,
            Zone::Wita => 8,
            Zone::Wit => 9,
        } * 3_600_000_000i64;
        writeln!(units, "{},{},{offset}", u.code, u.level.as_str()).unwrap();
    }
    let tmp = std::env::temp_dir().join(format!("kinerja-duckdb-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let (rel_path, unit_path) = (tmp.join("releases.csv"), tmp.join("units.csv"));
    std::fs::write(&rel_path, csv).unwrap();
    std::fs::write(&unit_path, units).unwrap();

    let june = Period::containing(PeriodKind::Month, Day::of_instant(TEST_NOW, Zone::Wib));
    let Period::Month { year, month } = june else {
        unreachable!()
    };
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(&rel_path)
        .arg(&unit_path)
        .arg(year.to_string())
        .arg(month.to_string())
        .output()
        .expect("python3 runs (scripts/test installs duckdb)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: BTreeMap<String, (i64, i64, i64, i64, i64, f64)> =
        serde_json::from_slice(&out.stdout).unwrap();

    let now = TEST_NOW + 90 * DAY_MICROS;
    let board = kinerja
        .level_board(Level::Province, june, now)
        .await
        .unwrap();
    let mut ours = BTreeMap::new();
    for r in board.iter() {
        let f = &r.figures;
        let count = |k| match find(&f.indicators, k) {
            Value::Count { n } => n,
            other => panic!("{k:?}: {other:?}"),
        };
        let Value::Share { part, whole } = find(&f.indicators, IndicatorKey::Continuity) else {
            panic!("continuity")
        };
        ours.insert(
            f.code.clone(),
            (
                count(IndicatorKey::ReleasesPublished),
                part,
                whole,
                count(IndicatorKey::AmplificationsGiven),
                count(IndicatorKey::AmplificationsReceived),
                f.index.unwrap(),
            ),
        );
    }
    assert_eq!(ours.len(), 5);
    assert!(ours.values().any(|v| v.0 > 5), "{ours:?}");
    assert!(ours.values().any(|v| v.3 > 0), "{ours:?}");
    assert_eq!(ours, theirs);
    let _ = std::fs::remove_dir_all(&tmp);
}
