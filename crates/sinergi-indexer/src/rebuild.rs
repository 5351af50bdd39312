//! Rebuilding the index from the tables, and putting a rebuilt index in place.

use std::path::{Path, PathBuf};

use sinergi_search::SearchIndex;
use sinergi_store::Store;

use crate::projector::fill;
use crate::{Error, Result};

/// What a rebuild made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RebuildReport {
    /// Documents written.
    pub docs: u64,
    /// The change-feed position the new index is at (the projector resumes after it).
    pub seq: i64,
}

/// Builds a complete index of every source in `dir`, which must not hold an index yet.
/// Calls `progress(done, total)` after each page of documents. The index records the
/// change-feed position read *before* the tables, so anything written meanwhile is
/// applied again by the projector (upserts are idempotent).
pub async fn rebuild_into(
    store: &Store,
    dir: &Path,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<RebuildReport> {
    let index = SearchIndex::open_or_create(dir)?;
    if index.last_applied_seq()?.is_some() || index.num_docs() > 0 {
        return Err(Error::Io {
            path: dir.to_owned(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "already holds an index; rebuild into a new folder",
            ),
        });
    }
    let mut writer = index.writer()?;
    let seq = store.last_change_seq().await?;
    let docs = fill(store, &writer, true, progress).await?;
    writer.commit(seq)?;
    writer.finish()?;
    Ok(RebuildReport { docs, seq })
}

/// Puts the index built in `built` at `target`, and removes the index it replaces.
///
/// `target` becomes a symbolic link to `built` (a sibling folder), replaced in one
/// atomic `rename`: a reader or a crash sees the old index or the new one, never a
/// mixture. The first swap over a plain folder (an index the server created) needs two
/// steps; a crash between them leaves no index, which the server simply rebuilds at its
/// next start.
pub fn swap_in(built: &Path, target: &Path) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let built_abs = std::fs::canonicalize(built).map_err(io(built))?;
    // What the link replaces: a plain folder is moved aside first.
    let mut old: Option<PathBuf> = None;
    match std::fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => {
            old = std::fs::canonicalize(target).ok();
        }
        Ok(_) => {
            let aside = sibling(target, "old");
            std::fs::rename(target, &aside).map_err(io(target))?;
            old = Some(aside);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(target)(e)),
    }
    let link = sibling(target, "link");
    // Relative when the two are siblings, so the data folder can be moved.
    let points_to = match (built_abs.parent(), std::fs::canonicalize(parent).ok()) {
        (Some(a), Some(b)) if a == b => PathBuf::from(built_abs.file_name().unwrap_or_default()),
        _ => built_abs.clone(),
    };
    symlink(&points_to, &link).map_err(io(&link))?;
    std::fs::rename(&link, target).map_err(io(target))?;
    if let Some(old) = old.filter(|o| *o != built_abs)
        && let Err(e) = std::fs::remove_dir_all(&old)
    {
        tracing::warn!(path = %old.display(), error = %e, "could not remove the old index");
    }
    Ok(())
}

/// Removes what interrupted rebuilds and swaps left beside `target` (`index.build-…`,
/// `index.old-…`, `index.link-…`), except the folder `target` links to. Only while no
/// other rebuild runs.
pub fn remove_leftovers(target: &Path) -> Result<u32> {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(0);
    };
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let live = std::fs::canonicalize(target).ok();
    let entries = match std::fs::read_dir(parent) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => {
            return Err(Error::Io {
                path: parent.to_owned(),
                source: e,
            });
        }
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let ours = ["build", "old", "link"]
            .iter()
            .any(|what| file.starts_with(&format!("{name}.{what}-")));
        let path = entry.path();
        if !ours || std::fs::canonicalize(&path).ok() == live && !file.contains(".link-") {
            continue;
        }
        let gone = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(&path),
            Ok(_) => std::fs::remove_file(&path),
            Err(e) => Err(e),
        };
        match gone {
            Ok(()) => removed += 1,
            Err(e) => tracing::warn!(path = %path.display(), error = %e, "could not remove"),
        }
    }
    Ok(removed)
}

/// A new sibling of `target`: `index.<what>-<unique>`.
pub(crate) fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    target.with_file_name(format!("{name}.{what}-{stamp}-{}", std::process::id()))
}

/// A new folder next to `target` to build an index in.
pub fn build_dir(target: &Path) -> PathBuf {
    sibling(target, "build")
}

#[cfg(unix)]
fn symlink(points_to: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(points_to, link)
}

#[cfg(not(unix))]
fn symlink(_points_to: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "swapping an index needs symbolic links",
    ))
}
