//! `sinergi backup` and `sinergi restore`.
//!
//! A backup is a folder: the database (`sinergi.db`, a SQLite snapshot made
//! online with `VACUUM INTO`; or `sinergi.pgdump`, `pg_dump`'s custom format),
//! a copy of the media folder, and `manifest.json`, written last, with the
//! row count of every table and the media's size. A folder without a manifest
//! is an unfinished backup and `restore` refuses it. Every file is fsynced
//! before the manifest names it.
//!
//! `restore` checks the backup against its manifest before it touches
//! anything, puts the database and the media in place (each by a rename),
//! applies newer migrations, checks the counts again, and rebuilds the search
//! index, the one projection kept outside the database.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail, ensure};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use sinergi_store::{Backend, TableCounts, check_sqlite_file, describe_difference};

use crate::commands::open_store;
use crate::settings::Settings;

const MANIFEST: &str = "manifest.json";
const SQLITE_FILE: &str = "sinergi.db";
const PG_DUMP_FILE: &str = "sinergi.pgdump";
const MEDIA: &str = "media";

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    /// Bumped when the folder's layout changes.
    format: u32,
    sinergi_version: String,
    backend: String,
    created_at: String,
    /// Rows per table, as the copied database holds them.
    tables: TableCounts,
    media_files: u64,
    media_bytes: u64,
}

pub async fn backup(settings: Settings, to: PathBuf) -> anyhow::Result<()> {
    let started = Instant::now();
    if to.exists() && fs::read_dir(&to)?.next().is_some() {
        bail!(
            "{} is not empty: a backup goes into a new or empty folder",
            to.display()
        );
    }
    fs::create_dir_all(&to).with_context(|| format!("cannot create {}", to.display()))?;
    let store = open_store(&settings).await?;
    let (backend, tables, checked) = match store.backend() {
        Backend::Sqlite => {
            let snap = store.snapshot_sqlite_into(&to.join(SQLITE_FILE)).await?;
            fsync_file(&to.join(SQLITE_FILE))?;
            let checked = if snap.compared_with_live {
                "integrity and foreign keys checked, row counts equal to the live database's"
            } else {
                "integrity and foreign keys checked (writes never paused, so the counts were not compared with the live database)"
            };
            ("sqlite", snap.counts, checked)
        }
        Backend::Postgres => {
            let url = settings.database_url();
            let dump = to.join(PG_DUMP_FILE);
            let (status, counts) = store
                .with_exported_snapshot(async |snapshot, counts| {
                    let status = pg_tool("pg_dump", url.expose_secret())
                        .args(["--format=custom", "--no-owner", "--snapshot", snapshot])
                        .arg("--schema")
                        .arg(current_schema(url.expose_secret()))
                        .arg("--file")
                        .arg(&dump)
                        .status();
                    (status, counts.clone())
                })
                .await?;
            let status =
                status.context("pg_dump did not start: install PostgreSQL's client tools")?;
            ensure!(status.success(), "pg_dump failed ({status})");
            fsync_file(&dump)?;
            (
                "postgres",
                counts,
                "dumped in the same snapshot the row counts were read in",
            )
        }
    };
    let (media_files, media_bytes) = copy_tree(&settings.data_dir.join(MEDIA), &to.join(MEDIA))?;
    let manifest = Manifest {
        format: 1,
        sinergi_version: env!("CARGO_PKG_VERSION").to_owned(),
        backend: backend.to_owned(),
        created_at: jiff::Timestamp::now().to_string(),
        tables,
        media_files,
        media_bytes,
    };
    write_durably(&to.join(MANIFEST), &serde_json::to_vec_pretty(&manifest)?)?;
    let rows: i64 = manifest.tables.values().sum();
    say!(
        "Backed up {} tables ({rows} rows) and {media_files} media files ({media_bytes} bytes) to {} in {:.1} s; {checked}.",
        manifest.tables.len(),
        to.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub async fn restore(settings: Settings, from: PathBuf, force: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    let manifest: Manifest = {
        let path = from.join(MANIFEST);
        let bytes = fs::read(&path).with_context(|| {
            format!(
                "{} has no {MANIFEST}: it is not a finished backup",
                from.display()
            )
        })?;
        serde_json::from_slice(&bytes)
            .with_context(|| format!("{} is not readable", path.display()))?
    };
    ensure!(
        manifest.format == 1,
        "this backup's format ({}) is newer than this Sinergi knows",
        manifest.format
    );
    let url = settings.database_url();
    let backend = Backend::of_url(url.expose_secret())?;
    ensure!(
        backend.name() == manifest.backend,
        "this is a {} backup; the configured database is {}",
        manifest.backend,
        backend.name()
    );
    let media = settings.data_dir.join(MEDIA);
    match backend {
        Backend::Sqlite => {
            let copy = from.join(SQLITE_FILE);
            let found = check_sqlite_file(&copy)
                .await
                .with_context(|| format!("the backup in {} is damaged", from.display()))?;
            ensure!(
                found == manifest.tables,
                "the backup's database does not hold what its manifest says: {}",
                describe_difference(&manifest.tables, &found)
            );
            let target = sqlite_path(url.expose_secret())?;
            if target.exists() && !force {
                bail!(
                    "{} already holds a database. Stop the server, then run restore again with --force to replace it",
                    target.display()
                );
            }
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir)?;
            }
            let incoming = target.with_extension("db.restoring");
            fs::copy(&copy, &incoming)
                .with_context(|| format!("cannot copy the database to {}", incoming.display()))?;
            fsync_file(&incoming)?;
            // The old database's journal must not be replayed onto the new one.
            for suffix in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{suffix}", target.display()));
                if side.exists() {
                    fs::remove_file(&side)?;
                }
            }
            fs::rename(&incoming, &target)?;
            fsync_dir(&target)?;
        }
        Backend::Postgres => {
            let store = open_store(&settings).await?;
            let before = store.table_counts().await?;
            if before.values().any(|n| *n > 0) && !force {
                bail!(
                    "the configured database already holds data. Stop the servers, then run restore again with --force to replace it"
                );
            }
            store.close().await;
            let status = pg_tool("pg_restore", url.expose_secret())
                .args([
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                ])
                .arg(from.join(PG_DUMP_FILE))
                .status()
                .context("pg_restore did not start: install PostgreSQL's client tools")?;
            ensure!(status.success(), "pg_restore failed ({status})");
        }
    }
    // Before migrating, the database must hold exactly what was backed up.
    let store = open_store(&settings).await?;
    let found = store.table_counts().await?;
    ensure!(
        found == manifest.tables,
        "the restored database does not hold what the backup's manifest says: {}",
        describe_difference(&manifest.tables, &found)
    );
    store.migrate().await?;
    store.close().await;
    let incoming = settings.data_dir.join("media.restoring");
    if incoming.exists() {
        fs::remove_dir_all(&incoming)?;
    }
    let (files, bytes) = copy_tree(&from.join(MEDIA), &incoming)?;
    ensure!(
        (files, bytes) == (manifest.media_files, manifest.media_bytes),
        "the backup's media folder holds {files} files ({bytes} bytes), its manifest says {} ({})",
        manifest.media_files,
        manifest.media_bytes
    );
    let old = settings.data_dir.join("media.old");
    if media.exists() {
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        fs::rename(&media, &old)?;
    }
    fs::rename(&incoming, &media)?;
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    let rows: i64 = manifest.tables.values().sum();
    say!(
        "Restored {} tables ({rows} rows, counts checked) and {files} media files from {} (made {}); rebuilding the search index.",
        manifest.tables.len(),
        from.display(),
        manifest.created_at
    );
    crate::commands::reindex::run(settings).await?;
    say!(
        "Restore finished in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `sqlite:///path/x.db?mode=…` → `/path/x.db`.
fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .context("not a SQLite address")?;
    let path = rest.split('?').next().unwrap_or(rest);
    ensure!(
        !path.is_empty() && path != ":memory:",
        "an in-memory database cannot be restored into"
    );
    Ok(PathBuf::from(path))
}

/// A PostgreSQL client tool pointed at `url`, its password (if the URL has
/// one) passed in `PGPASSWORD` so that it is not on the command line for
/// `ps` to show.
fn pg_tool(tool: &str, url: &str) -> Command {
    let (url, password) = split_password(url);
    let mut cmd = Command::new(tool);
    cmd.arg("--dbname").arg(url);
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    cmd
}

/// `postgres://u:pw@h/db` → (`postgres://u@h/db`, `Some("pw")`).
fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_owned(), None);
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, password)) => (
                format!("{scheme}://{user}@{host}{tail}"),
                Some(password.to_owned()),
            ),
            None => (url.to_owned(), None),
        },
        None => (url.to_owned(), None),
    }
}

/// The schema a URL's `search_path` option names (the tests give each a
/// schema of its own), else `public`.
fn current_schema(url: &str) -> String {
    let decoded = url
        .replace("%20", " ")
        .replace("%3D", "=")
        .replace("%3d", "=");
    decoded
        .split("search_path=")
        .nth(1)
        .map(|s| {
            s.split(['&', ' ', ','])
                .next()
                .unwrap_or("public")
                .to_owned()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "public".to_owned())
}

/// Copies the folder `from` (if any) to `to`, fsyncing every file; returns
/// the files and bytes copied.
fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<(u64, u64)> {
    fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    if !from.exists() {
        return Ok((0, 0));
    }
    let (mut files, mut bytes) = (0, 0);
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            let (f, b) = copy_tree(&entry.path(), &target)?;
            files += f;
            bytes += b;
        } else if kind.is_file() {
            bytes += fs::copy(entry.path(), &target)
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
            fsync_file(&target)?;
            files += 1;
        }
    }
    fsync_dir(&to.join("."))?;
    Ok((files, bytes))
}

fn write_durably(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    fsync_file(&tmp)?;
    fs::rename(&tmp, path)?;
    fsync_dir(path)
}

fn fsync_file(path: &Path) -> anyhow::Result<()> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot flush {} to disk", path.display()))
}

/// Flushes the folder holding `path`, so that a rename into it survives a crash.
fn fsync_dir(path: &Path) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot flush {} to disk", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_leave_the_command_line() {
        assert_eq!(
            split_password("postgres://u:s3cret@db:5432/x?sslmode=require"),
            (
                "postgres://u@db:5432/x?sslmode=require".to_owned(),
                Some("s3cret".to_owned())
            )
        );
        assert_eq!(
            split_password("postgres://u@db/x"),
            ("postgres://u@db/x".to_owned(), None)
        );
    }

    #[test]
    fn schema_from_the_search_path_option() {
        assert_eq!(
            current_schema("postgres://p@h/t?options=-c%20search_path%3Dt_1_2_3"),
            "t_1_2_3"
        );
        assert_eq!(current_schema("postgres://p@h/t"), "public");
    }

    #[test]
    fn sqlite_paths() {
        assert_eq!(
            sqlite_path("sqlite:///d/sinergi.db?mode=rwc").unwrap(),
            PathBuf::from("/d/sinergi.db")
        );
        assert!(sqlite_path("sqlite::memory:").is_err());
    }
}
