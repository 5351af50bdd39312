//! One module per command.

pub mod admin;
pub mod bench;
mod bench_campaigns;
mod bench_newsroom;
pub mod demo;
pub mod import;
pub mod migrate;
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

/// Microseconds since the epoch, now.
pub fn now() -> i64 {
    jiff::Timestamp::now().as_microsecond()
}
