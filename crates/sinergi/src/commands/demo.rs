//! `sinergi demo`: Sinergi on the embedded SQLite in the data folder, with
//! the whole real network of units, ready to browse.

use secrecy::{ExposeSecret, SecretString};
use sinergi_mail::{FolderMailer, Mailer};

use crate::commands::{open_store, serve};
use crate::server;
use crate::settings::Settings;

pub async fn run(mut settings: Settings) -> anyhow::Result<()> {
    server::init_logging(&settings.log_format);
    let configured = settings.database_url.expose_secret();
    if !configured.is_empty() && !configured.starts_with("sqlite:") {
        tracing::warn!(
            "the demo always runs on the embedded SQLite; the configured database is not used"
        );
    }
    settings.database_url = SecretString::from(settings.sqlite_url());
    let store = open_store(&settings).await?;
    serve::prepare(&store).await?;
    let listener = server::bind(settings.listen).await?;
    let addr = listener.local_addr()?;
    seed(&store, &settings).await?;
    let mail_dir = settings.data_dir.join("mail");
    std::fs::create_dir_all(&mail_dir)?;
    let mailer = Mailer::Folder(FolderMailer::new(
        mail_dir.clone(),
        crate::commands::serve::message_settings(&settings)?,
    ));
    settings.base_url = format!("http://{addr}");
    let state = serve::app_state(&settings, store, mailer);
    state.distribution.prepare().await?;
    tracing::info!(data_dir = %settings.data_dir.display(), "demo data ready");
    say!("Sinergi demo: open http://{addr} (Ctrl-C to stop)");
    say!("{}", crate::demo_accounts::SUMMARY);
    say!("E-mail is written to {} as .eml files.", mail_dir.display());
    server::serve(listener, state).await
}

/// The demo's scenario in `store` (migrated, with the region tree): people,
/// releases, press rooms, campaigns, forums, monitoring and contacts. Also
/// what `sinergi bench seed` loads into a database for benchmarks.
pub async fn seed(store: &sinergi_store::Store, settings: &Settings) -> anyhow::Result<()> {
    crate::demo_accounts::seed(store, settings).await?;
    crate::demo_newsroom::seed(store, jiff::Timestamp::now().as_microsecond()).await?;
    crate::demo_press::seed(store, jiff::Timestamp::now().as_microsecond()).await?;
    crate::demo_campaigns::seed(store, jiff::Timestamp::now().as_microsecond()).await?;
    crate::demo_forums::seed(store, jiff::Timestamp::now().as_microsecond()).await?;
    crate::demo_monitoring::seed(store, jiff::Timestamp::now().as_microsecond()).await?;
    crate::demo_contacts::seed(store, jiff::Timestamp::now().as_microsecond()).await?;
    Ok(())
}
