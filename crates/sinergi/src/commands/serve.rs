//! `sinergi serve`: migrate, make sure the network is there, serve.

use std::sync::Arc;
use std::time::Instant;

use secrecy::ExposeSecret;
use sinergi_domain::national::seed_units;
use sinergi_mail::{LogMailer, Mailer, MessageSettings, SmtpMailer, SmtpSettings};
use sinergi_store::{Store, UnitQuery};
use sinergi_web::{AppState, SystemClock};

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
    let mailer = if settings.smtp_url.expose_secret().is_empty() {
        tracing::warn!("no smtp_url configured: e-mail is written to the log, not sent");
        Mailer::Log(LogMailer::new(MessageSettings::new(&settings.mail_from)?))
    } else {
        let smtp = SmtpSettings::new(settings.smtp_url.expose_secret());
        Mailer::Smtp(SmtpMailer::new(
            &smtp,
            MessageSettings::new(&settings.mail_from)?,
        )?)
    };
    let state = app_state(&settings, store, mailer);
    server::serve(listener, state).await
}

/// The web state with the accounts service and a running mail worker.
pub fn app_state(settings: &Settings, store: Store, mailer: Mailer) -> AppState {
    let clock = Arc::new(SystemClock);
    let mut state =
        AppState::with_accounts(store.clone(), clock.clone(), settings.accounts_config());
    state.trust_forwarded_for = settings.trust_forwarded_for;
    state.search = server::spawn_indexer(store.clone(), &settings.index_dir());
    state.mail_waker = Some(server::spawn_mail_worker(store, mailer, clock));
    let state = state.with_uploads(settings.uploads());
    let media = settings.data_dir.join("media");
    let state = match state.clone().with_media_dir(&media) {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, dir = %media.display(), "cannot create the media folder; uploads will fail");
            state
        }
    };
    server::spawn_digests(state.newsroom.clone(), state.mail_waker.clone());
    let mut state = state;
    state.campaigns_waker = Some(server::spawn_campaigns(
        state.campaigns.clone(),
        state.mail_waker.clone(),
    ));
    state
}

/// Migrations, the seeded national units, and on a first start the whole
/// region list, so that a new installation is usable at once.
pub async fn prepare(store: &Store) -> anyhow::Result<()> {
    store.migrate().await?;
    store.ensure_national_units(&seed_units(), now()).await?;
    let any_region = store
        .list_units(&UnitQuery {
            level: Some(sinergi_domain::Level::Province),
            limit: 1,
            ..Default::default()
        })
        .await?;
    if any_region.items.is_empty() {
        tracing::info!("first start: importing the official region list");
        let started = Instant::now();
        let (records, label) = region_files::read_bundled()?;
        let report =
            import::import_with_progress(store, &records, &label, Default::default()).await?;
        tracing::info!(
            added = report.added,
            seconds = started.elapsed().as_secs_f64(),
            "regions imported"
        );
    }
    Ok(())
}
