//! The restore drill: a network is backed up while its database is open,
//! restored into an empty place, and found whole (every table's rows, the
//! media, a rebuilt search index). On SQLite the copy is `VACUUM INTO`; on
//! PostgreSQL (`SINERGI_TEST_DATABASE_URL`) `pg_dump`, restored into a
//! database of its own. A damaged or unfinished backup is refused before
//! anything is replaced.

use std::path::Path;

use sinergi_store::{Backend, Store};
use sinergi_testkit::{TestDb, regions};

use crate::cli::{sinergi, text, write_list};

/// A network with a media file, backed up into `to`.
async fn backed_up(db: &TestDb, data: &Path, to: &Path) {
    let list = tempfile::tempdir().unwrap();
    write_list(list.path(), &regions(&["51"]));
    let import = sinergi(&[
        "import",
        "regions",
        "--from",
        list.path().to_str().unwrap(),
        "--database",
        &db.url,
    ]);
    assert!(import.status.success(), "{}", text(&import.stderr));
    std::fs::create_dir_all(data.join("media/ab")).unwrap();
    std::fs::write(data.join("media/ab/photo.jpg"), b"not really a jpeg").unwrap();
    let out = sinergi(&[
        "backup",
        "--database",
        &db.url,
        "--data-dir",
        data.to_str().unwrap(),
        "--to",
        to.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains("Backed up") && said.contains("1 media files"),
        "{said}"
    );
    assert!(to.join("manifest.json").exists());

    // A backup never goes into a folder that holds something.
    let again = sinergi(&[
        "backup",
        "--database",
        &db.url,
        "--data-dir",
        data.to_str().unwrap(),
        "--to",
        to.to_str().unwrap(),
    ]);
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("is not empty"),
        "{}",
        text(&again.stderr)
    );
}

fn restore(database: Option<&str>, data: &Path, from: &Path, force: bool) -> std::process::Output {
    let mut args = vec![
        "restore",
        "--data-dir",
        data.to_str().unwrap(),
        "--from",
        from.to_str().unwrap(),
    ];
    if let Some(url) = database {
        args.extend(["--database", url]);
    }
    if force {
        args.push("--force");
    }
    sinergi(&args)
}

async fn assert_whole(source: &Store, restored_url: &str, data: &Path) {
    let restored = Store::connect(restored_url, 1).await.unwrap();
    assert_eq!(
        restored.table_counts().await.unwrap(),
        source.table_counts().await.unwrap()
    );
    assert!(
        restored.table_counts().await.unwrap()["units"] > 700,
        "the network came back"
    );
    restored.close().await;
    assert_eq!(
        std::fs::read(data.join("media/ab/photo.jpg")).unwrap(),
        b"not really a jpeg"
    );
    assert!(data.join("index").is_dir(), "the search index was rebuilt");
}

#[tokio::test]
async fn a_backup_restores_whole_and_a_damaged_one_is_refused() {
    let db = TestDb::new().await;
    let source_data = tempfile::tempdir().unwrap();
    let backup = tempfile::tempdir().unwrap();
    let to = backup.path().join("b1");
    backed_up(&db, source_data.path(), &to).await;

    let target = tempfile::tempdir().unwrap();
    let data = target.path();
    match db.store.backend() {
        Backend::Sqlite => {
            let out = restore(None, data, &to, false);
            assert!(out.status.success(), "{}", text(&out.stderr));
            let url = format!("sqlite://{}", data.join("sinergi.db").display());
            assert_whole(&db.store, &url, data).await;
            // Restoring over a database needs --force.
            let over = restore(None, data, &to, false);
            assert!(!over.status.success());
            assert!(
                text(&over.stderr).contains("--force"),
                "{}",
                text(&over.stderr)
            );
            let forced = restore(None, data, &to, true);
            assert!(forced.status.success(), "{}", text(&forced.stderr));
            assert_whole(&db.store, &url, data).await;
        }
        Backend::Postgres => {
            // A database of its own, holding the source's schema name.
            let name = format!("drill_{}", std::process::id());
            let admin = db.store.raw_pool();
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name}"
            )))
            .execute(admin)
            .await
            .unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(admin)
                .await
                .unwrap();
            let (base, query) = db.url.split_once('?').unwrap();
            let (server, _) = base.rsplit_once('/').unwrap();
            let url = format!("{server}/{name}?{query}");
            let out = restore(Some(&url), data, &to, false);
            assert!(out.status.success(), "{}", text(&out.stderr));
            assert_whole(&db.store, &url, data).await;
            let over = restore(Some(&url), data, &to, false);
            assert!(!over.status.success());
            assert!(
                text(&over.stderr).contains("--force"),
                "{}",
                text(&over.stderr)
            );
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(admin)
            .await
            .unwrap();
        }
    }

    // A manifest that does not match what the backup holds: refused, and
    // the database in place is untouched.
    let manifest = to.join("manifest.json");
    let honest = std::fs::read_to_string(&manifest).unwrap();
    let mut lied: serde_json::Value = serde_json::from_str(&honest).unwrap();
    let units = lied["tables"]["units"].as_i64().unwrap();
    lied["tables"]["units"] = (units + 1).into();
    std::fs::write(&manifest, lied.to_string()).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    if db.store.backend() == Backend::Sqlite {
        let out = restore(None, elsewhere.path(), &to, false);
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains(&format!("units: {} expected, {units} found", units + 1)),
            "{}",
            text(&out.stderr)
        );
        assert!(!elsewhere.path().join("sinergi.db").exists());
        // A cut-off copy fails SQLite's own checks.
        std::fs::write(&manifest, &honest).unwrap();
        let copy = to.join("sinergi.db");
        let bytes = std::fs::read(&copy).unwrap();
        std::fs::write(&copy, &bytes[..bytes.len() / 2]).unwrap();
        let out = restore(None, elsewhere.path(), &to, false);
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains("damaged"),
            "{}",
            text(&out.stderr)
        );
        assert!(!elsewhere.path().join("sinergi.db").exists());
    }
    // No manifest: an unfinished backup.
    std::fs::remove_file(&manifest).unwrap();
    let out = restore(None, elsewhere.path(), &to, false);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("not a finished backup"),
        "{}",
        text(&out.stderr)
    );
}
