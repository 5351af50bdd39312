//! Serving: bind, serve until Ctrl-C or SIGTERM, finish requests in flight.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use sinergi_domain::clock::Clock;
use sinergi_indexer::{Projector, ProjectorConfig};
use sinergi_mail::{Mailer, Worker, WorkerConfig};
use sinergi_store::Store;
use sinergi_web::{AppState, SearchHandle, router};
use tokio::net::TcpListener;

pub async fn bind(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (is another program using it?)"))
}

/// Serves on `listener` until the process is asked to stop.
pub async fn serve(listener: TcpListener, state: AppState) -> anyhow::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error")
}

/// Starts the outbox worker in the background and returns what wakes it.
pub fn spawn_mail_worker(
    store: Store,
    mailer: Mailer,
    clock: Arc<dyn Clock>,
    lease: std::time::Duration,
    per_domain_per_minute: u32,
    concurrency: usize,
) -> Arc<dyn Fn() + Send + Sync> {
    let config = WorkerConfig {
        lease,
        per_domain_per_minute,
        concurrency,
        ..WorkerConfig::default()
    };
    let worker = Worker::new(store, mailer, clock, config);
    let waker = worker.waker();
    tokio::spawn(async move { worker.run_until(shutdown_signal()).await });
    Arc::new(move || waker.wake())
}

/// Queues the weekly publication-gap digest: checks every hour, and the
/// outbox's idempotency keys make sure each person gets one per week.
pub fn spawn_digests(
    newsroom: sinergi_newsroom::Newsroom,
    mail_waker: Option<Arc<dyn Fn() + Send + Sync>>,
) {
    tokio::spawn(hourly("weekly digests", mail_waker, move || {
        let newsroom = newsroom.clone();
        async move {
            newsroom
                .send_weekly_digests()
                .await
                .map(|r| r.enqueued)
                .map_err(|e| e.to_string())
        }
    }));
}

/// Runs `job` at start and then every hour. A run that fails (the database
/// busy while a first projection is built, say) is tried again a minute
/// later rather than an hour later. `job` answers how many e-mails it
/// queued; the mail worker is woken when there are some.
async fn hourly<F, Fut>(
    name: &'static str,
    mail_waker: Option<Arc<dyn Fn() + Send + Sync>>,
    mut job: F,
) where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize, String>>,
{
    const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);
    const RETRY: std::time::Duration = std::time::Duration::from_secs(60);
    loop {
        let wait = match job().await {
            Ok(0) => HOUR,
            Ok(enqueued) => {
                tracing::info!(enqueued, "{name} queued");
                if let Some(w) = &mail_waker {
                    w();
                }
                HOUR
            }
            Err(error) => {
                tracing::warn!(%error, "{name}: not done now, trying again in a minute");
                RETRY
            }
        };
        tokio::time::sleep(wait).await;
    }
}

/// Starts the campaign status projector (following the change feed, and
/// adopting embargoed or scheduled releases when their time comes) and the
/// weekly campaign reminders; returns what wakes the projector.
pub fn spawn_campaigns(
    campaigns: sinergi_campaigns::Campaigns,
    mail_waker: Option<Arc<dyn Fn() + Send + Sync>>,
) -> Arc<dyn Fn() + Send + Sync> {
    let waker = sinergi_campaigns::projector::Waker::default();
    let projector = campaigns.clone();
    let wake = waker.clone();
    tokio::spawn(async move {
        projector
            .run_projector_until(std::time::Duration::from_secs(1), wake, shutdown_signal())
            .await
    });
    tokio::spawn(hourly("campaign reminders", mail_waker, move || {
        let campaigns = campaigns.clone();
        async move {
            campaigns
                .send_reminders()
                .await
                .map(|r| r.enqueued)
                .map_err(|e| e.to_string())
        }
    }));
    Arc::new(move || waker.wake())
}

/// Starts the distribution due-job (embargoed and scheduled releases are
/// e-mailed to subscribers at the second they lift); returns what wakes it.
pub fn spawn_distribution(
    distribution: sinergi_distribution::Distribution,
) -> Arc<dyn Fn() + Send + Sync> {
    let waker = sinergi_distribution::due::Waker::default();
    let wake = waker.clone();
    tokio::spawn(async move {
        distribution
            .run_due_until(std::time::Duration::from_secs(30), wake, shutdown_signal())
            .await
    });
    Arc::new(move || waker.wake())
}

/// Starts the daily digests under a lease (one node at a time): at least
/// once a minute, each contact whose digest hour has come in their zone and who
/// has no digest for that local day yet gets one (see
/// `sinergi_store::contacts::digests`; the day's row and the outbox key
/// keep it to one even when a round overlaps another node's).
pub fn spawn_daily_digests(distribution: sinergi_distribution::Distribution) {
    let store = distribution.store().clone();
    tokio::spawn(sinergi_store::leases::run_leased(
        store,
        "daily_digests",
        std::time::Duration::from_secs(60),
        sinergi_store::leases::Waker::default(),
        shutdown_signal(),
        move || {
            let distribution = distribution.clone();
            async move {
                match distribution.run_digests().await {
                    Ok(r) if r.queued > 0 => {
                        tracing::info!(queued = r.queued, days = r.days, "daily digests queued");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "daily digests: trying again next minute"),
                }
            }
        },
    ));
}

/// Starts the kinerja projector (following the change feed into the day
/// counters); returns what wakes it.
pub fn spawn_kinerja(store: Store) -> Arc<dyn Fn() + Send + Sync> {
    let waker = sinergi_kinerja::Waker::default();
    let wake = waker.clone();
    tokio::spawn(async move {
        sinergi_kinerja::Kinerja::new(store)
            .run_projector_until(std::time::Duration::from_secs(2), wake, shutdown_signal())
            .await
    });
    Arc::new(move || waker.wake())
}

/// Keeps the national kinerja page's boards computed ahead of its readers
/// (see `Kinerja::warm_national_boards`): every `every`, after a first
/// wait that lets a first start's projections settle. The page's kept
/// boards are shared with `kinerja`, a clone of the state's.
pub fn spawn_kinerja_warmer(
    kinerja: sinergi_kinerja::Kinerja,
    clock: Arc<dyn sinergi_domain::clock::Clock>,
    every: std::time::Duration,
) {
    tokio::spawn(async move {
        let stop = shutdown_signal();
        tokio::pin!(stop);
        let mut wait = every;
        loop {
            tokio::select! {
                () = &mut stop => return,
                () = tokio::time::sleep(wait) => {}
            }
            wait = every;
            let started = std::time::Instant::now();
            match kinerja.warm_national_boards(clock.now()).await {
                Ok(_) if started.elapsed() > std::time::Duration::from_millis(500) => {
                    tracing::debug!(
                        seconds = started.elapsed().as_secs_f64(),
                        "kinerja: national boards computed ahead of readers"
                    );
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "kinerja: computing the national boards ahead failed; trying again")
                }
            }
        }
    });
}

/// Opens the search index in `dir` and starts its projector, which catches up
/// with the change feed and then follows it until the process stops. A search
/// index that cannot be opened is logged and the site serves without search.
pub fn spawn_indexer(store: Store, dir: &std::path::Path) -> Option<SearchHandle> {
    let index = match sinergi_search::SearchIndex::open_or_create(dir) {
        Ok(index) => index,
        Err(e) => {
            tracing::error!(error = %e, dir = %dir.display(), "search is off: the index cannot be opened (`sinergi reindex` rebuilds it)");
            return None;
        }
    };
    let projector = match Projector::new(store, index.clone(), ProjectorConfig::default()) {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(error = %e, "the search index is not kept up to date: its writer cannot be opened (is another Sinergi using this folder?)");
            return Some(SearchHandle { index, waker: None });
        }
    };
    let waker = projector.waker();
    tokio::spawn(projector.run_until(shutdown_signal()));
    Some(SearchHandle {
        index,
        waker: Some(Arc::new(move || waker.wake())),
    })
}

pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("stopping: finishing requests in flight");
}

pub fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SINERGI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info"));
    // Colour only for a person at a terminal (and not when NO_COLOR is set).
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout())
        && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi);
    let _ = if format == "json" {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Starts the forums' background job under a lease (one node at a time):
/// the mail of events (invitations, updates and cancellations with their
/// `.ics`) and the commitment reminders; returns what wakes it.
pub fn spawn_forums(forums: sinergi_forums::Forums) -> Arc<dyn Fn() + Send + Sync> {
    let waker = sinergi_store::leases::Waker::default();
    let wake = waker.clone();
    let store = forums.store().clone();
    tokio::spawn(sinergi_store::leases::run_leased(
        store,
        "forums",
        std::time::Duration::from_secs(60),
        wake,
        shutdown_signal(),
        move || {
            let forums = forums.clone();
            async move { forums.background_round().await }
        },
    ));
    Arc::new(move || waker.wake())
}
