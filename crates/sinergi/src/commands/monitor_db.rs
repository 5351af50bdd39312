//! `sinergi monitor import | match | poll`: feeding media monitoring from
//! the command line, so a deployment can be filled without the poller
//! (`import`), matched again after the releases or the thresholds
//! changed (`match`), or polled once by hand (`poll`).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use sinergi_domain::clock::Clock;
use sinergi_monitoring::import::{parse_line, parse_time};
use sinergi_monitoring::poller::Poller;
use sinergi_monitoring::{DAY, Monitoring};

use crate::cli::DbArgs;
use crate::commands::monitor::MonitorCommand;
use crate::commands::open_store;
use crate::settings::Settings;

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// One `{"id", "text", "title"?, "url"?, "outlet"?, "published_at"?}` a line.
    pub file: PathBuf,
    /// Keep the articles without matching them now.
    #[arg(long)]
    pub no_match: bool,
}

#[derive(Args, Debug)]
pub struct MatchArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// First day (RFC 3339 time or YYYY-MM-DD, UTC) [default: 30 days ago].
    #[arg(long)]
    pub from: Option<String>,
    /// Day after the last (RFC 3339 time or YYYY-MM-DD, UTC) [default: now].
    #[arg(long)]
    pub to: Option<String>,
}

/// Articles kept per transaction.
const CHUNK: usize = 500;

fn time_arg(s: &str) -> anyhow::Result<i64> {
    let s = s.trim();
    if let Some(t) = parse_time(s) {
        return Ok(t);
    }
    parse_time(&format!("{s}T00:00:00Z"))
        .with_context(|| format!("{s:?} is neither an RFC 3339 time nor a date (YYYY-MM-DD)"))
}

async fn service(db: &DbArgs, config: &Option<PathBuf>) -> anyhow::Result<(Settings, Monitoring)> {
    let settings = Settings::load(&db.overrides(config))?;
    let store = open_store(&settings).await?;
    let clock: std::sync::Arc<dyn Clock> = std::sync::Arc::new(sinergi_web::SystemClock);
    let monitoring = Monitoring::new(store, clock).with_config(settings.monitoring_config());
    Ok((settings, monitoring))
}

pub async fn run(command: MonitorCommand, config: &Option<PathBuf>) -> anyhow::Result<()> {
    match command {
        MonitorCommand::Eval(args) => crate::commands::monitor::eval(args),
        MonitorCommand::Import(args) => import(args, config).await,
        MonitorCommand::Match(args) => rematch(args, config).await,
        MonitorCommand::Poll(db) => poll(db, config).await,
    }
}

async fn import(args: ImportArgs, config: &Option<PathBuf>) -> anyhow::Result<()> {
    let raw = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let (_, monitoring) = service(&args.db, config).await?;
    let now = monitoring.now();
    let mut articles = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let article = parse_line(line, now)
            .map_err(|e| anyhow::anyhow!("{}:{}: {e}", args.file.display(), n + 1))?;
        articles.push(article);
    }
    let started = Instant::now();
    let bar = crate::commands::progress_bar("Keeping");
    bar.set_length(articles.len() as u64);
    let mut added = 0usize;
    for chunk in articles.chunks(CHUNK) {
        added += monitoring.add_articles(chunk).await?.len();
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    say!(
        "Kept {added} new articles of {} lines ({} known already) in {:.1} s",
        articles.len(),
        articles.len() - added,
        started.elapsed().as_secs_f64()
    );
    if args.no_match {
        return Ok(());
    }
    let started = Instant::now();
    let bar = crate::commands::progress_bar("Matching");
    bar.set_length(added as u64);
    let report = monitoring
        .match_waiting(&|done| bar.set_position(done as u64))
        .await?;
    bar.finish_and_clear();
    say!(
        "Matched {} articles in {:.1} s: {} credited, {} for review",
        report.articles,
        started.elapsed().as_secs_f64(),
        report.credited,
        report.review
    );
    Ok(())
}

async fn rematch(args: MatchArgs, config: &Option<PathBuf>) -> anyhow::Result<()> {
    let (_, monitoring) = service(&args.db, config).await?;
    let now = monitoring.now();
    let to = args
        .to
        .as_deref()
        .map(time_arg)
        .transpose()?
        .unwrap_or(now + 1);
    let from = args
        .from
        .as_deref()
        .map(time_arg)
        .transpose()?
        .unwrap_or(to - 30 * DAY);
    anyhow::ensure!(from < to, "--from must be before --to");
    let total = monitoring
        .store()
        .count_articles_published_between(from, to)
        .await?;
    let started = Instant::now();
    let bar = crate::commands::progress_bar("Matching");
    bar.set_length(total.max(0) as u64);
    let report = monitoring
        .match_period(from, to, &|done| bar.set_position(done as u64))
        .await?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    say!(
        "Matched {} articles in {seconds:.1} s ({:.0} articles/s): {} credited, {} for review",
        report.articles,
        report.articles as f64 / seconds.max(1e-9),
        report.credited,
        report.review
    );
    Ok(())
}

async fn poll(db: DbArgs, config: &Option<PathBuf>) -> anyhow::Result<()> {
    let (settings, monitoring) = service(&db, config).await?;
    let poller = Poller::new(monitoring, settings.poller_config()).map_err(anyhow::Error::msg)?;
    let started = Instant::now();
    let report = poller.poll_due().await?;
    say!(
        "Polled {} sources in {:.1} s: {} changed, {} unchanged, {} failed; {} new articles, {} credited, {} for review",
        report.polled,
        started.elapsed().as_secs_f64(),
        report.changed,
        report.not_modified,
        report.failed,
        report.new_articles,
        report.matched.credited,
        report.matched.review
    );
    Ok(())
}
