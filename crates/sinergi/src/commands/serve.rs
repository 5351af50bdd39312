//! `sinergi serve`: migrate, make sure the network is there, serve.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use secrecy::ExposeSecret;
use sinergi_accounts::Accounts;
use sinergi_campaigns::Campaigns;
use sinergi_distribution::Distribution;
use sinergi_domain::clock::Clock;
use sinergi_domain::national::seed_units;
use sinergi_mail::{LogMailer, Mailer, MessageSettings, SmtpMailer, SmtpSettings};
use sinergi_media::BlobStore;
use sinergi_newsroom::Newsroom;
use sinergi_store::{Notifier, Store, UnitQuery};
use sinergi_web::{AppState, Services, SystemClock};

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
        Mailer::Log(LogMailer::new(message_settings(&settings)?))
    } else {
        let mut smtp = SmtpSettings::new(settings.smtp_url.expose_secret());
        if !settings.smtp_ca_file.is_empty() {
            let pem = std::fs::read(&settings.smtp_ca_file)
                .with_context(|| format!("cannot read smtp_ca_file {}", settings.smtp_ca_file))?;
            smtp.extra_roots.push(pem);
        }
        Mailer::Smtp(SmtpMailer::new(&smtp, message_settings(&settings)?)?)
    };
    let state = app_state(&settings, store, mailer);
    state.distribution.prepare().await?;
    server::serve(listener, state).await
}

/// The web state: the services built once and wired here, with the
/// followers started here (search and campaign projectors, mail worker)
/// on their notifier, so every committed write wakes them.
pub fn app_state(settings: &Settings, store: Store, mailer: Mailer) -> AppState {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let notifier = Notifier::default();
    sinergi_store::leases::set_lease_ttl(std::time::Duration::from_secs(settings.lease_ttl_secs));
    sinergi_web::metrics::spawn_upkeep();
    let search = server::spawn_indexer(store.clone(), &settings.index_dir());
    if let Some(wake) = search.as_ref().and_then(|s| s.waker.clone()) {
        notifier.follow(wake);
    }
    let mail_waker = server::spawn_mail_worker(
        store.clone(),
        mailer,
        clock.clone(),
        std::time::Duration::from_secs(settings.outbox_lease_secs),
        settings.mail_per_domain_per_minute,
        settings.mail_concurrency,
    );
    notifier.follow(mail_waker.clone());
    let config = settings.accounts_config();
    let newsroom = Newsroom::new(
        store.clone(),
        clock.clone(),
        media_blobs(settings),
        &config.base_url,
    )
    .with_uploads(settings.uploads())
    .with_notifier(notifier.clone());
    let campaigns = Campaigns::new(store.clone(), clock.clone(), &config.base_url)
        .with_notifier(notifier.clone());
    let distribution = Distribution::new(store.clone(), clock.clone(), &config.base_url)
        .with_notifier(notifier.clone());
    notifier.follow(server::spawn_distribution(distribution.clone()));
    server::spawn_daily_digests(distribution.clone());
    let accounts =
        Accounts::new(store.clone(), clock.clone(), config).with_notifier(notifier.clone());
    server::spawn_digests(newsroom.clone(), Some(mail_waker.clone()));
    notifier.follow(server::spawn_campaigns(campaigns.clone(), Some(mail_waker)));
    notifier.follow(server::spawn_kinerja(store.clone()));
    let mut state = AppState::from_services(
        store,
        clock,
        Services {
            accounts,
            newsroom,
            campaigns,
            distribution,
            notifier,
        },
    );
    state.trust_forwarded_for = settings.trust_forwarded_for;
    server::spawn_kinerja_warmer(
        state.kinerja.clone(),
        state.clock.clone(),
        std::time::Duration::from_secs(30),
    );
    state.search = search;
    state
        .notifier
        .follow(server::spawn_forums(state.forums.clone()));
    // The public cache's follower: in-process writes wake it through the
    // notifier; writes by other processes are seen at its next poll.
    tokio::spawn(state.public_cache.clone().follow(
        state.store.clone(),
        state.clock.clone(),
        std::time::Duration::from_millis(settings.public_cache_poll_ms.max(10)),
        server::shutdown_signal(),
    ));
    if settings.monitor_poll {
        let monitoring =
            sinergi_monitoring::Monitoring::new(state.store.clone(), state.clock.clone())
                .with_config(settings.monitoring_config())
                .with_notifier(state.notifier.clone());
        match sinergi_monitoring::poller::Poller::new(monitoring, settings.poller_config()) {
            Ok(poller) => {
                state.notifier.follow(poller.waker());
                tokio::spawn(poller.run(server::shutdown_signal()));
            }
            Err(e) => tracing::error!(error = %e, "the media poller cannot start"),
        }
    }
    // Static assets compressed at the best quality once, off the request
    // path, so the first page's stylesheet does not wait for it.
    tokio::task::spawn_blocking(sinergi_web::compress_assets);
    state
}

/// Uploaded files in `media` in the data folder; if it cannot be created,
/// a folder in the system's temporary directory, and uploads fail there.
fn media_blobs(settings: &Settings) -> BlobStore {
    let media = settings.data_dir.join("media");
    BlobStore::open(media.clone()).unwrap_or_else(|e| {
        tracing::error!(error = %e, dir = %media.display(), "cannot create the media folder; uploads will fail");
        BlobStore::open(std::env::temp_dir().join("sinergi-media"))
            .or_else(|_| BlobStore::open(std::env::temp_dir()))
            .expect("the temporary directory exists")
    })
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
    // Made here, before the background jobs start writing: made later, on
    // a loaded machine, its write could wait past the busy timeout.
    sinergi_distribution::tokens::Keys::default()
        .unsubscribe(store, now())
        .await?;
    Ok(())
}

/// The `From` address and, when configured, the DKIM key every message is
/// signed with.
pub fn message_settings(settings: &Settings) -> anyhow::Result<MessageSettings> {
    let mut out = MessageSettings::new(&settings.mail_from)?;
    let dkim = [
        &settings.dkim_selector,
        &settings.dkim_domain,
        &settings.dkim_key_file,
    ];
    if dkim.iter().all(|v| !v.is_empty()) {
        let pem = std::fs::read_to_string(&settings.dkim_key_file)
            .with_context(|| format!("cannot read dkim_key_file {}", settings.dkim_key_file))?;
        out = out.with_dkim(&settings.dkim_selector, &settings.dkim_domain, &pem)?;
    } else if dkim.iter().any(|v| !v.is_empty()) {
        anyhow::bail!("DKIM needs dkim_selector, dkim_domain and dkim_key_file together");
    }
    Ok(out)
}
