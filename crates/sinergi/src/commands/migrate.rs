use crate::commands::open_store;
use crate::settings::Settings;

pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let store = open_store(&settings).await?;
    store.migrate().await?;
    say!("The {} database is up to date.", store.backend().name());
    Ok(())
}
