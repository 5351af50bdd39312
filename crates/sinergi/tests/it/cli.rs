//! The `sinergi` binary as an operator uses it, on SQLite or PostgreSQL.

use std::path::Path;
use std::process::{Command, Output};

use sinergi_domain::region_data::RegionRecord;
use sinergi_domain::{Level, UnitCode};
use sinergi_testkit::{TestDb, regions};

pub(crate) fn sinergi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sinergi"))
        .args(args)
        .env_remove("SINERGI_DATABASE_URL")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

pub(crate) fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// Writes a region list in the repository's CSV format.
pub(crate) fn write_list(dir: &Path, records: &[RegionRecord]) {
    let header = |l: Level| match l {
        Level::Province => "code,name",
        Level::Regency => "code,province_code,name",
        Level::District => "code,regency_code,name",
        _ => "code,district_code,name",
    };
    for (stem, level) in [
        ("provinces", Level::Province),
        ("regencies", Level::Regency),
        ("districts", Level::District),
        ("villages", Level::Village),
    ] {
        let mut out = csv::Writer::from_path(dir.join(format!("{stem}.csv"))).unwrap();
        out.write_record(header(level).split(',')).unwrap();
        for r in records.iter().filter(|r| r.level() == level) {
            let mut row = vec![r.code.to_string()];
            if let Some(p) = &r.parent_code {
                row.push(p.to_string());
            }
            row.push(r.name.clone());
            out.write_record(&row).unwrap();
        }
        out.flush().unwrap();
    }
}

#[tokio::test]
async fn import_is_idempotent_and_a_truncated_file_changes_nothing() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    write_list(dir.path(), &regions(&["51"]));
    let from = dir.path().to_str().unwrap();

    let first = sinergi(&["import", "regions", "--from", from, "--database", &db.url]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("Added 783"),
        "{}",
        text(&first.stdout)
    );
    let second = sinergi(&["import", "regions", "--from", from, "--database", &db.url]);
    assert!(second.status.success());
    assert!(
        text(&second.stdout).contains("Nothing changed"),
        "{}",
        text(&second.stdout)
    );

    // Rename one village and cut the villages file off in the middle of a
    // line: the import must refuse, name the place, and change nothing.
    let mut list = regions(&["51"]);
    list.iter_mut()
        .find(|r| r.code.as_str() == "51.71.01.1006")
        .unwrap()
        .name = "Sanur Baru".into();
    write_list(dir.path(), &list);
    let villages = dir.path().join("villages.csv");
    let full = std::fs::read_to_string(&villages).unwrap();
    let lines = full.lines().count();
    std::fs::write(&villages, &full[..full.len() - 12]).unwrap();
    let broken = sinergi(&["import", "regions", "--from", from, "--database", &db.url]);
    assert!(!broken.status.success());
    let err = text(&broken.stderr);
    assert!(
        err.contains("villages.csv") && err.contains(&format!("line {lines}")),
        "{err}"
    );
    let sanur = db
        .store
        .unit(&UnitCode::parse("51.71.01.1006").unwrap())
        .await
        .unwrap();
    assert_eq!(sanur.name, "Sanur");

    // Cut off at a line end instead: the list looks complete but would
    // retire most of Bali's villages, so the import stops.
    let cut: String = full.lines().take(100).map(|l| format!("{l}\n")).collect();
    std::fs::write(&villages, cut).unwrap();
    let guarded = sinergi(&["import", "regions", "--from", from, "--database", &db.url]);
    assert!(!guarded.status.success());
    assert!(
        text(&guarded.stderr).contains("looks like an incomplete list"),
        "{}",
        text(&guarded.stderr)
    );

    std::fs::write(&villages, &full).unwrap();
    let renamed = sinergi(&["import", "regions", "--from", from, "--database", &db.url]);
    assert!(
        text(&renamed.stdout).contains("renamed 1"),
        "{}",
        text(&renamed.stdout)
    );
}

#[test]
fn an_unreachable_database_is_a_clear_error_not_a_panic() {
    let out = sinergi(&[
        "migrate",
        "--database",
        "postgres://sinergi@127.0.0.1:1/nothing",
    ]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot reach the database at postgres://sinergi@127.0.0.1:1/nothing"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    let out = sinergi(&["migrate", "--database", "mysql://x"]);
    assert!(
        text(&out.stderr).contains("is not understood"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn config_prints_the_effective_settings_without_secrets() {
    let out = sinergi(&[
        "config",
        "--database",
        "postgres://humas:rahasia@db.internal/sinergi",
        "--listen",
        "0.0.0.0:9090",
    ]);
    assert!(out.status.success());
    let shown = text(&out.stdout);
    assert!(
        shown.contains("postgres://humas:***@db.internal/sinergi"),
        "{shown}"
    );
    assert!(shown.contains("0.0.0.0:9090"), "{shown}");
    assert!(!shown.contains("rahasia"));
}

#[tokio::test]
async fn ministries_and_agencies_can_be_added() {
    let db = TestDb::new().await;
    let add = |code: &str, parent: Option<&str>| {
        let mut args = vec![
            "unit",
            "add",
            "--database",
            &db.url,
            "--code",
            code,
            "--name",
            "Badan Kepegawaian Negara",
            "--kind",
            "agency",
        ];
        if let Some(p) = parent {
            args.extend(["--parent", p]);
        }
        sinergi(
            &args
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        )
    };
    let ok = add("bkn", None);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let again = add("bkn", None);
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
    let bad = add("Bad Code", None);
    assert!(
        text(&bad.stderr).contains("not a unit code"),
        "{}",
        text(&bad.stderr)
    );
    assert!(
        db.store
            .unit(&UnitCode::parse("bkn").unwrap())
            .await
            .is_ok()
    );
}
