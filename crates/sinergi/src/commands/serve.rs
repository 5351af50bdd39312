//! `sinergi serve`: migrate, make sure the network is there, serve.

use std::sync::Arc;
use std::time::Instant;

use sinergi_domain::national::seed_units;
use sinergi_store::{Store, UnitQuery};
use sinergi_web::SystemClock;

use crate::commands::{import, now, open_store};
use crate::region_files;
use crate::server;
use crate::settings::Settings;

pub async fn run(settings: Settings) -> anyhow::Result<()> {
    server::init_logging(&settings.log_format);
    let store = open_store(&settings).await?;
    prepare(&store).await?;
    let listener = server::bind(settings.listen).await?;
    tracing::info!(
        backend = store.backend().name(),
        "Sinergi is serving on http://{}",
        listener.local_addr()?
    );
    server::serve(listener, store, Arc::new(SystemClock)).await
}

/// Migrations, the seeded national units, and on a first start the whole
/// region list, so that a new installation is usable at once.
pub async fn prepare(store: &Store) -> anyhow::Result<()> {
    store.migrate().await?;
    store.ensure_national_units(&seed_units(), now()).await?;
    let any_region = store
        .list_units(&UnitQuery { level: Some(sinergi_domain::Level::Province), limit: 1, ..Default::default() })
        .await?;
    if any_region.items.is_empty() {
        tracing::info!("first start: importing the official region list");
        let started = Instant::now();
        let (records, label) = region_files::read_bundled()?;
        let report = import::import_with_progress(store, &records, &label, Default::default()).await?;
        tracing::info!(added = report.added, seconds = started.elapsed().as_secs_f64(), "regions imported");
    }
    Ok(())
}
