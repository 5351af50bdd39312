//! `sinergi bench`: measurements that the closing notes of issues report.
//! Benchmarks live here, not in timed tests: these machines are shared.

use std::time::Instant;

use clap::Subcommand;
use sinergi_domain::Level;
use sinergi_store::Store;

use crate::commands::{import, now};
use crate::region_files;

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Time a full import of the region tree into a fresh database.
    Import {
        /// postgres://… (a fresh schema is made and dropped) or empty for a
        /// fresh SQLite file in a temporary folder.
        #[arg(long, default_value = "")]
        database: String,
        /// Times to repeat, each on a fresh database.
        #[arg(long, default_value_t = 3)]
        runs: u32,
    },
    /// Generate a newsroom over the real units (bulk-loaded), then time the
    /// release listings, the gap report and publishing.
    Newsroom {
        /// postgres://… (a fresh schema is made) or empty for a fresh
        /// SQLite file in a temporary folder.
        #[arg(long, default_value = "")]
        database: String,
        #[arg(long, default_value_t = 1_000_000)]
        releases: usize,
        /// Achievements and innovations in the register.
        #[arg(long, default_value_t = 500_000)]
        items: usize,
        /// Keep the database (the SQLite file or the PostgreSQL schema)
        /// afterwards, for EXPLAIN.
        #[arg(long)]
        keep: bool,
        /// Seed of the generator: the same seed makes the same data.
        #[arg(long, default_value_t = 20261129)]
        seed: u64,
    },
    /// A national campaign over every unit with bulk-loaded adoption
    /// releases: time incremental status updates, full recomputes and the
    /// dashboard figures.
    Campaigns {
        /// postgres://… (a fresh schema is made) or empty for a fresh
        /// SQLite file in a temporary folder.
        #[arg(long, default_value = "")]
        database: String,
        /// Tagged, published releases loaded before timing.
        #[arg(long, default_value_t = 200_000)]
        releases: usize,
        /// Adoptions timed one by one.
        #[arg(long, default_value_t = 400)]
        adoptions: usize,
        /// Keep the database afterwards.
        #[arg(long)]
        keep: bool,
        #[arg(long, default_value_t = 20261129)]
        seed: u64,
    },
    /// Fill a database with the demo's scenario (the real units, people,
    /// releases, campaigns, forums, contacts), for benchmarks on PostgreSQL
    /// with several nodes; prints an API token of the demo's editor of Kota
    /// Denpasar. Never point it at a database people use.
    Seed {
        /// postgres://… or sqlite://… (migrated first).
        #[arg(long)]
        database: String,
    },
    /// A national workshop series (38 province and 514 regency events with
    /// attendance and commitments): time the series page with its map and
    /// a fulfilment update after one attendance record.
    Forums {
        /// postgres://… (a fresh schema is made) or empty for a fresh
        /// SQLite file in a temporary folder.
        #[arg(long, default_value = "")]
        database: String,
        /// Requests and attendance records timed.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Keep the database afterwards.
        #[arg(long)]
        keep: bool,
    },
    /// A year of generated records (releases, amplifications, the
    /// register, pickups, events, attendance, commitments) over the real
    /// units, bulk-loaded: time kinerja's full rebuild against the same
    /// counters in DuckDB (python3 with the duckdb module) over an export,
    /// one change then the catch-up, the national page and a province's
    /// reports.
    Kinerja {
        /// postgres://… (a fresh schema is made) or empty for a fresh
        /// SQLite file in a temporary folder.
        #[arg(long, default_value = "")]
        database: String,
        /// Records kinerja counts (a draw may make several; the run
        /// prints the tally).
        #[arg(long, default_value_t = 10_000_000)]
        events: u64,
        #[arg(long, default_value_t = 20261129)]
        seed: u64,
        /// Keep the database afterwards.
        #[arg(long)]
        keep: bool,
        /// Single changes timed through the projector's catch-up.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Requests timed per page (fewer for the longer periods).
        #[arg(long, default_value_t = 100)]
        page_runs: usize,
        /// Threads DuckDB may use (the machine's cores, for a fair race
        /// with the rebuild's one).
        #[arg(long, default_value_t = 2)]
        duckdb_threads: usize,
    },
    /// Personalised messages handed to a local SMTP server (python3 with
    /// aiosmtpd) by the outbox worker, against Python's smtplib sending
    /// the same messages over one connection: time, messages/s, memory.
    Mail {
        /// postgres://… (a fresh schema is made) or empty for a fresh
        /// SQLite file in a temporary folder.
        #[arg(long, default_value = "")]
        database: String,
        #[arg(long, default_value_t = 10_000)]
        messages: usize,
        /// Messages in flight at once (the `mail_concurrency` setting).
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
    },
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Import { database, runs } => bench_import(&database, runs).await,
        BenchCommand::Newsroom {
            database,
            releases,
            items,
            keep,
            seed,
        } => {
            super::bench_newsroom::run(super::bench_newsroom::Options {
                database,
                releases,
                items,
                keep,
                seed,
            })
            .await
        }
        BenchCommand::Campaigns {
            database,
            releases,
            adoptions,
            keep,
            seed,
        } => {
            super::bench_campaigns::run(super::bench_campaigns::Options {
                database,
                releases,
                adoptions,
                keep,
                seed,
            })
            .await
        }
        BenchCommand::Seed { database } => seed(&database).await,
        BenchCommand::Forums {
            database,
            runs,
            keep,
        } => {
            super::bench_forums::run(super::bench_forums::Options {
                database,
                runs,
                keep,
            })
            .await
        }
        BenchCommand::Mail {
            database,
            messages,
            concurrency,
        } => {
            super::bench_mail::run(super::bench_mail::Options {
                database,
                messages,
                concurrency,
            })
            .await
        }
        BenchCommand::Kinerja {
            database,
            events,
            seed,
            keep,
            runs,
            page_runs,
            duckdb_threads,
        } => {
            super::bench_kinerja::run(super::bench_kinerja::Options {
                database,
                events,
                seed,
                keep,
                runs,
                page_runs,
                duckdb_threads,
            })
            .await
        }
    }
}

/// The demo's data in `database`, and a token to write with.
async fn seed(database: &str) -> anyhow::Result<()> {
    let settings = crate::settings::Settings::load(&Default::default())?;
    let store = Store::connect(database, 8).await?;
    super::serve::prepare(&store).await?;
    super::demo::seed(&store, &settings).await?;
    let accounts = sinergi_accounts::Accounts::new(
        store.clone(),
        std::sync::Arc::new(sinergi_web::SystemClock),
        settings.accounts_config(),
    );
    let email = "redaksi@denpasarkota.demo";
    let signed = accounts
        .sign_in(email, crate::demo_accounts::PASSWORD, None)
        .await?;
    let info = accounts
        .session(&signed.cookie_value)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo editor's session is missing"))?;
    let actor = sinergi_store::accounts::audit::Actor {
        user_id: Some(info.user.id),
        label: email.to_owned(),
        ip: None,
    };
    let (_, token) = accounts
        .create_api_token(&info, &actor, "bench", &info.principal.rights_held())
        .await?;
    say!("{token}");
    Ok(())
}

async fn bench_import(database: &str, runs: u32) -> anyhow::Result<()> {
    let (records, label) = region_files::read_bundled()?;
    let mut times = Vec::new();
    for run in 1..=runs {
        let dir = tempfile_dir()?;
        let (store, schema) = fresh_store(database, &dir, run).await?;
        store.migrate().await?;
        let started = Instant::now();
        let report = store
            .import_regions(&records, &label, now(), Default::default(), &|_, _| {})
            .await?;
        let secs = started.elapsed().as_secs_f64();
        times.push(secs);
        if run == 1 {
            import::print_report(&report, secs);
        }
        say!("run {run}: {secs:.2} s on {}", store.backend().name());
        if let Some(schema) = schema {
            sqlx_drop_schema(&store, &schema).await?;
        }
        store.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
    times.sort_by(f64::total_cmp);
    let units: usize = records.len();
    let median = times[times.len() / 2];
    say!(
        "median {median:.2} s for {units} units ({:.0} units/s); levels: {:?}",
        units as f64 / median,
        [
            Level::Province,
            Level::Regency,
            Level::District,
            Level::Village
        ]
        .map(|l| records.iter().filter(|r| r.level() == l).count())
    );
    Ok(())
}

pub(super) fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("sinergi-bench-{}-{}", std::process::id(), now()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

pub(super) async fn fresh_store(
    database: &str,
    dir: &std::path::Path,
    run: u32,
) -> anyhow::Result<(Store, Option<String>)> {
    if database.is_empty() {
        let url = format!("sqlite://{}", dir.join("bench.db").display());
        return Ok((Store::connect(&url, 4).await?, None));
    }
    let schema = format!("bench_{}_{run}", std::process::id());
    let admin = Store::connect(database, 1).await?;
    admin
        .execute_admin(&format!("CREATE SCHEMA {schema}"))
        .await?;
    admin.close().await;
    let sep = if database.contains('?') { '&' } else { '?' };
    let url = format!("{database}{sep}options=-c%20search_path%3D{schema}");
    Ok((Store::connect(&url, 4).await?, Some(schema)))
}

/// Migrates a bench's fresh database and imports the real region tree and
/// the national units into it.
pub(super) async fn import_tree(
    store: &Store,
    records: &[sinergi_domain::region_data::RegionRecord],
    label: &str,
) -> anyhow::Result<()> {
    store.migrate().await?;
    store
        .import_regions(records, label, now(), Default::default(), &|_, _| {})
        .await?;
    store
        .ensure_national_units(&sinergi_domain::national::seed_units(), now())
        .await?;
    Ok(())
}

/// Ends a bench made by [`fresh_store`]: keeps its database (`--keep`) and
/// says where, or drops it with its folder.
pub(super) async fn finish(
    store: Store,
    schema: Option<String>,
    dir: &std::path::Path,
    keep: bool,
) -> anyhow::Result<()> {
    if keep {
        match &schema {
            Some(s) => say!("kept: PostgreSQL schema {s} (drop it with DROP SCHEMA {s} CASCADE)"),
            None => say!("kept: {}", dir.join("bench.db").display()),
        }
        store.close().await;
    } else {
        if let Some(schema) = schema {
            sqlx_drop_schema(&store, &schema).await?;
        }
        store.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(())
}

pub(super) async fn sqlx_drop_schema(store: &Store, schema: &str) -> anyhow::Result<()> {
    store
        .execute_admin(&format!("DROP SCHEMA {schema} CASCADE"))
        .await?;
    Ok(())
}

/// The `p`th percentile of `sorted`, in milliseconds.
fn pct(sorted: &[std::time::Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1e3
}

/// One line of timings: count, p50, p95, p99 and the slowest.
pub(super) fn report(name: &str, mut times: Vec<std::time::Duration>) {
    times.sort();
    say!(
        "{name:<52} n={:<5} p50 {:>8.2}  p95 {:>8.2}  p99 {:>8.2}  max {:>8.2} ms",
        times.len(),
        pct(&times, 50.0),
        pct(&times, 95.0),
        pct(&times, 99.0),
        pct(&times, 100.0),
    );
}
