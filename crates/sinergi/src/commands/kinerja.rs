//! `sinergi kinerja rebuild`: builds kinerja's day counters from the
//! releases and the register, in place of the ones kept so far (one
//! transaction: readers see the old counters until it commits). It records
//! the change-feed position read before the tables, so the server's
//! projector resumes from there; it may run while the server runs.

use std::time::Instant;

use anyhow::Context;
use clap::Subcommand;
use indicatif::ProgressBar;
use sinergi_kinerja::{Kinerja, Progress};

use crate::cli::DbArgs;
use crate::commands::open_store;
use crate::settings::{Overrides, Settings};

#[derive(Subcommand, Debug)]
pub enum KinerjaCommand {
    /// Rebuild the kinerja counters from the database, with a progress bar.
    Rebuild(DbArgs),
}

struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&mut self, total: u64) {
        self.0.set_length(total);
    }
    fn advance(&mut self, records: u64) {
        self.0.inc(records);
    }
}

pub async fn run(
    command: KinerjaCommand,
    config: &Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let KinerjaCommand::Rebuild(db) = command;
    let overrides: Overrides = db.overrides(config);
    let settings = Settings::load(&overrides)?;
    let store = open_store(&settings).await?;
    let bar = crate::commands::progress_bar("Counting");
    let started = Instant::now();
    let mut progress = Bar(bar);
    let done = Kinerja::new(store)
        .rebuild(&mut progress)
        .await
        .context("rebuilding the kinerja counters failed")?;
    progress.0.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    say!(
        "Counted {} records into {} kinerja rows up to change {} in {seconds:.1} s ({:.0} records/s): \
         read and counted {:.1} s, rolled up {:.1} s, written {:.1} s",
        done.records,
        done.rows,
        done.seq,
        done.records as f64 / seconds.max(1e-9),
        done.read.as_secs_f64(),
        done.roll_up.as_secs_f64(),
        done.write.as_secs_f64(),
    );
    Ok(())
}
