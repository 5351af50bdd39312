//! `sinergi reindex`: rebuilds the search index from the database.
//!
//! The new index is built in a fresh folder beside the configured one
//! (`index_dir`, default `<data_dir>/index`), then swapped in with an atomic
//! rename; the old one is removed. It records the change-feed position read
//! before the tables, so the server's projector resumes from there. Run it
//! while the server is stopped (the server keeps its index open and would go
//! on writing to the replaced one until restarted); the database may be in use.

use std::time::Instant;

use anyhow::Context;
use sinergi_indexer::{build_dir, rebuild_into, remove_leftovers, swap_in};

use crate::commands::open_store;
use crate::settings::Settings;

pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let store = open_store(&settings).await?;
    let target = settings.index_dir();
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    // What an interrupted run left (a half-built folder after kill -9).
    remove_leftovers(&target)?;
    let built = build_dir(&target);
    let bar = crate::commands::progress_bar("Indexing");
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let started = Instant::now();
    let report = rebuild_into(&store, &built, &progress).await;
    bar.finish_and_clear();
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&built);
            return Err(e).context("rebuilding the search index failed");
        }
    };
    let built_in = started.elapsed().as_secs_f64();
    if let Err(e) = swap_in(&built, &target) {
        let _ = std::fs::remove_dir_all(&built);
        return Err(e).context("putting the new search index in place failed");
    }
    say!(
        "Indexed {} documents up to change {} in {built_in:.1} s ({:.0} documents/s): {}",
        report.docs,
        report.seq,
        report.docs as f64 / built_in.max(1e-9),
        target.display()
    );
    Ok(())
}
