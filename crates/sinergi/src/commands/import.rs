//! `sinergi import regions`.

use std::path::PathBuf;
use std::time::Instant;

use sinergi_domain::Level;
use sinergi_store::{ImportOptions, ImportReport, Store};

use crate::commands::{now, open_store};
use crate::region_files;
use crate::settings::Settings;

pub async fn run(
    settings: Settings,
    from: Option<PathBuf>,
    options: ImportOptions,
) -> anyhow::Result<()> {
    let (records, label) = match &from {
        Some(dir) => region_files::read_dir(dir)?,
        None => region_files::read_bundled()?,
    };
    let store = open_store(&settings).await?;
    store.migrate().await?;
    let started = Instant::now();
    let report = import_with_progress(&store, &records, &label, options).await?;
    print_report(&report, started.elapsed().as_secs_f64());
    Ok(())
}

/// Imports, drawing a progress bar when a person is watching.
pub async fn import_with_progress(
    store: &Store,
    records: &[sinergi_domain::region_data::RegionRecord],
    label: &str,
    options: ImportOptions,
) -> anyhow::Result<ImportReport> {
    let bar = crate::commands::progress_bar("Importing regions");
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let report = store
        .import_regions(records, label, now(), options, &progress)
        .await;
    bar.finish_and_clear();
    Ok(report?)
}

pub fn print_report(r: &ImportReport, seconds: f64) {
    say!("Regions in the list:");
    for level in [
        Level::Province,
        Level::Regency,
        Level::District,
        Level::Village,
    ] {
        say!("  {:<10} {:>7}", level.as_str(), r.in_list.get(level));
    }
    if r.changed() {
        say!(
            "Added {}, renamed {}, retired {}, restored {}; {} unchanged ({seconds:.1} s).",
            r.added,
            r.renamed,
            r.retired,
            r.restored,
            r.unchanged
        );
    } else {
        say!("Nothing changed: the database already matches the list ({seconds:.1} s).");
    }
}
