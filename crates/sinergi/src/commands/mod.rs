//! One module per command. What a command reports goes to standard output
//! through [`say!`] (a line) or [`write_out`] (text as it is): a writer,
//! so a closed pipe (`sinergi … | head`) ends the report quietly instead
//! of panicking as `println!` would.

/// Writes one line of a command's report to standard output.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::commands::write_out(&format!("{}\n", format_args!($($arg)*)))
    };
}

pub mod admin;
pub mod backup;
pub mod bench;
mod bench_campaigns;
mod bench_forums;
mod bench_kinerja;
mod bench_kinerja_gen;
mod bench_mail;
mod bench_newsroom;
pub mod demo;
pub mod import;
pub mod kinerja;
pub mod migrate;
pub mod monitor;
pub mod monitor_db;
pub mod reindex;
pub mod serve;
pub mod text;
pub mod unit_add;

use anyhow::Context;
use secrecy::ExposeSecret;
use sinergi_store::Store;

use crate::settings::Settings;

/// Opens the configured database, creating the data folder for SQLite.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let url = settings.database_url();
    let url = url.expose_secret();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&settings.data_dir).with_context(|| {
            format!(
                "cannot create the data folder {}",
                settings.data_dir.display()
            )
        })?;
    }
    Ok(Store::connect(url, settings.max_connections).await?)
}

/// A progress bar on standard error for a long command, shown only to a
/// person at a terminal (hidden in scripts and logs), starting with `msg`.
pub fn progress_bar(msg: &'static str) -> indicatif::ProgressBar {
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::new(0)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    bar.set_message(msg);
    bar
}

/// Microseconds since the epoch, now.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_microsecond()
}

/// Writes `text` to standard output as it is. A write that fails (the
/// reader went away) is dropped: there is no one left to tell.
pub fn write_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
