//! `sinergi bench kinerja`: a year of a network's work over the real
//! region tree (`bench_kinerja_gen.rs`: releases, amplifications, the
//! register, pickups, events, attendance, commitments), bulk-loaded, then
//! what issue 21's closing note asks for: the full rebuild of the kinerja
//! counters (the real `Kinerja::rebuild`, what `sinergi kinerja rebuild`
//! runs) against the same counters computed by DuckDB from an export of
//! the same records in the same run (their totals compared, exactly); one
//! change then the projector's catch-up; the national page `/kinerja`
//! through the real router (server time, weight); a province's XLSX and
//! PDF reports. See `bench/kinerja/`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, header};
use sinergi_domain::access::{Membership, Principal, Reach, Role};
use sinergi_domain::clock::FixedClock;
use sinergi_domain::national::seed_units;
use sinergi_domain::newsroom::{ReleaseOp, Timing};
use sinergi_domain::{Level, UnitCode};
use sinergi_kinerja::Kinerja;
use sinergi_newsroom::ItemInput;
use sinergi_newsroom::ReleaseInput;
use sinergi_store::Store;
use sinergi_web::AppState;
use tower::ServiceExt;

use super::bench::{finish, fresh_store, import_tree, report, tempfile_dir};
use super::bench_kinerja_gen::{Gen, Units};
use crate::region_files;
use crate::rng::Rng;

pub(super) struct Options {
    pub database: String,
    pub events: u64,
    pub seed: u64,
    pub keep: bool,
    /// Single changes timed through the catch-up.
    pub runs: usize,
    /// Requests per page timed.
    pub page_runs: usize,
    /// Threads DuckDB may use.
    pub duckdb_threads: usize,
}

/// 16 December 2026, 00:00 UTC: the year loaded ends the day before.
const NOW: i64 = 1_797_379_200_000_000;
/// Records per load (one transaction each).
const CHUNK: u64 = 250_000;
/// Rows read at a time by the export.
const PAGE: i64 = 50_000;
const SCRIPT: &str = include_str!("../../../../bench/kinerja/counts.py");

pub(super) async fn run(opts: Options) -> anyhow::Result<()> {
    let (records, label) = region_files::read_bundled()?;
    let dir = tempfile_dir()?;
    let (store, schema) = fresh_store(&opts.database, &dir, 1).await?;
    let outcome = bench(&store, &dir, &opts, records, &label).await;
    finish(store, schema, &dir, opts.keep).await?;
    outcome
}

async fn bench(
    store: &Store,
    dir: &Path,
    opts: &Options,
    records: Vec<sinergi_domain::region_data::RegionRecord>,
    label: &str,
) -> anyhow::Result<()> {
    let backend = store.backend().name();
    say!(
        "sinergi bench kinerja on {backend}: {} records, seed {}",
        opts.events,
        opts.seed
    );
    let started = Instant::now();
    import_tree(store, &records, label).await?;
    let mut codes: Vec<UnitCode> = records.into_iter().map(|r| r.code).collect();
    codes.extend(seed_units().into_iter().map(|u| u.code));
    say!(
        "units: {} imported in {:.1} s",
        codes.len(),
        started.elapsed().as_secs_f64()
    );
    let units = Units::new(codes.iter().cloned());

    // Generate and load.
    let mut g = Gen::new(opts.seed, &units, NOW);
    let (mut gen_time, mut load_time) = (Duration::ZERO, Duration::ZERO);
    let load_started = Instant::now();
    let mut chunk = 0;
    while g.tally.records() < opts.events {
        let t = Instant::now();
        let load = g.chunk(CHUNK.min(opts.events - g.tally.records()));
        gen_time += t.elapsed();
        let t = Instant::now();
        store
            .bulk_load_kinerja(load)
            .await
            .with_context(|| format!("loading chunk {chunk}"))?;
        load_time += t.elapsed();
        chunk += 1;
        if chunk % 8 == 0 {
            say!(
                "  loaded {} records, {:.0} s",
                g.tally.records(),
                load_started.elapsed().as_secs_f64()
            );
        }
    }
    let t = Instant::now();
    store.bulk_load_kinerja_done().await?;
    let tally = g.tally;
    say!(
        "loaded {} records in {:.1} s (generation {:.1} s, inserts {:.1} s, ANALYZE and checkpoint {:.1} s): {:.0} records/s",
        tally.records(),
        load_started.elapsed().as_secs_f64(),
        gen_time.as_secs_f64(),
        load_time.as_secs_f64(),
        t.elapsed().as_secs_f64(),
        tally.records() as f64 / (gen_time + load_time).as_secs_f64()
    );
    say!(
        "  releases {} (amplifications {}), items {} (reported {}), pickups {}, events {}, invitations {}, attendance {}, commitments {}",
        tally.releases,
        tally.amplifications,
        tally.items,
        tally.linked_items,
        tally.pickups,
        tally.events,
        tally.invitations,
        tally.attendance,
        tally.commitments
    );
    if let Some(bytes) = database_bytes(store).await {
        say!("  database: {:.0} MB", bytes as f64 / 1e6);
    }

    // 1. The full rebuild, as `sinergi kinerja rebuild` runs it.
    let kinerja = Kinerja::new(store.clone());
    let t = Instant::now();
    let rebuilt = kinerja.rebuild(&mut ()).await?;
    let rebuild_secs = t.elapsed().as_secs_f64();
    say!(
        "\nrebuild: {} records into {} counter rows in {rebuild_secs:.1} s ({:.0} records/s){}",
        rebuilt.records,
        rebuilt.rows,
        rebuilt.records as f64 / rebuild_secs,
        if rebuild_secs < 60.0 {
            " — goal (< 60 s) met"
        } else {
            " — goal (< 60 s) NOT met"
        }
    );
    say!(
        "  read and counted {:.1} s, rolled up {:.1} s, written {:.1} s",
        rebuilt.read.as_secs_f64(),
        rebuilt.roll_up.as_secs_f64(),
        rebuilt.write.as_secs_f64()
    );

    // 2. The same counters by DuckDB, from an export.
    let export = dir.join("export");
    std::fs::create_dir_all(&export)?;
    let t = Instant::now();
    let exported = export_records(store, &codes, &export).await?;
    let export_secs = t.elapsed().as_secs_f64();
    say!("export: {exported} rows as CSV in {export_secs:.1} s");
    let script = dir.join("counts.py");
    std::fs::write(&script, SCRIPT)?;
    let t = Instant::now();
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg(&export)
        .arg(opts.duckdb_threads.to_string())
        .output()
        .context("running python3 (with the duckdb module: pip install duckdb)")?;
    let duck_wall = t.elapsed().as_secs_f64();
    anyhow::ensure!(
        out.status.success(),
        "DuckDB's script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let duck: DuckOut = serde_json::from_slice(&out.stdout).context("reading DuckDB's answer")?;
    say!(
        "DuckDB {} ({} threads): read the CSV in {:.1} s, counters ({} unit rows, {} subtree rows) in {:.1} s; {duck_wall:.1} s with Python's start",
        duck.duckdb,
        duck.threads,
        duck.read_seconds,
        duck.alone_rows,
        duck.subtree_rows,
        duck.compute_seconds
    );
    say!(
        "ratio: Sinergi's rebuild {rebuild_secs:.1} s / DuckDB's counters {:.1} s = {:.1}×; / DuckDB with reading the CSV {:.1} s = {:.1}×; / export + DuckDB in all {:.1} s = {:.1}×",
        duck.compute_seconds,
        rebuild_secs / duck.compute_seconds.max(1e-9),
        duck.read_seconds + duck.compute_seconds,
        rebuild_secs / (duck.read_seconds + duck.compute_seconds).max(1e-9),
        export_secs + duck_wall,
        rebuild_secs / (export_secs + duck_wall).max(1e-9),
    );
    compare(store, &duck).await?;

    // 3. One change at a time, then the projector's catch-up.
    let clock = Arc::new(FixedClock::at(NOW));
    let state = AppState::new(store.clone(), clock.clone());
    let admin = Principal {
        memberships: vec![Membership {
            unit: UnitCode::parse("kemenpanrb")?,
            role: Role::Admin,
            reach: Reach::Network,
        }],
        ..Default::default()
    };
    let first = state.kinerja.catch_up().await?;
    anyhow::ensure!(!first.rebuilt, "the rebuild's position is kept");
    let mut rng = Rng(opts.seed ^ 0x5eed);
    let targets: Vec<UnitCode> = [Level::Regency, Level::District, Level::Village]
        .iter()
        .flat_map(|l| units.of_level(*l).iter().cloned())
        .collect();
    let (mut release_write, mut release_catch, mut item_write, mut item_catch) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for n in 0..opts.runs {
        let unit = rng.pick(&targets).clone();
        if n % 2 == 0 {
            let t = Instant::now();
            publish(&state, &admin, &unit, n).await?;
            release_write.push(t.elapsed());
            let t = Instant::now();
            let done = state.kinerja.catch_up().await?;
            release_catch.push(t.elapsed());
            anyhow::ensure!(done.records == 1 && done.rows > 0, "release {n}: {done:?}");
        } else {
            let t = Instant::now();
            let input = ItemInput {
                kind: "achievement".to_owned(),
                title: format!("Capaian benchmark {n}"),
                description: "Target layanan tercapai.".to_owned(),
                occurred_on: Some("2026-12-10".to_owned()),
                ..Default::default()
            };
            state.newsroom.create_item(&admin, &unit, &input).await?;
            item_write.push(t.elapsed());
            let t = Instant::now();
            let done = state.kinerja.catch_up().await?;
            item_catch.push(t.elapsed());
            anyhow::ensure!(done.records == 1 && done.rows > 0, "item {n}: {done:?}");
        }
    }
    say!("\nmeasurements (ms):");
    report(
        "publish a release (create, submit, approve, release)",
        release_write,
    );
    report(
        "  then the catch-up (the counters follow)",
        release_catch.clone(),
    );
    report("record an achievement", item_write);
    report(
        "  then the catch-up (the counters follow)",
        item_catch.clone(),
    );
    let mut all = release_catch;
    all.extend(item_catch);
    report("catch-up after one change, all", all);

    // 4. The pages and 5. the reports, through the real router.
    let writer = state.clone();
    let router = sinergi_web::router(state);
    let get = |path: String, encoding: &'static str| {
        let router = router.clone();
        async move {
            let t = Instant::now();
            let mut request = Request::get(&path)
                .header(header::ACCEPT_ENCODING, encoding)
                .body(Body::empty())?;
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50_000))));
            let response = router.oneshot(request).await?;
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), 256 << 20).await?;
            anyhow::ensure!(status.is_success(), "{path}: {status}");
            anyhow::Ok((t.elapsed(), body))
        }
    };
    for (label, path, runs) in [
        (
            "/kinerja (this month, 15 closed days)",
            "/kinerja".to_owned(),
            opts.page_runs,
        ),
        (
            "/kinerja?period=2026-11 (a whole month)",
            "/kinerja?period=2026-11".to_owned(),
            opts.page_runs,
        ),
        (
            "/kinerja?period=2026-Q4",
            "/kinerja?period=2026-Q4".to_owned(),
            opts.page_runs / 2,
        ),
        (
            "/kinerja?period=2026 (the year)",
            "/kinerja?period=2026".to_owned(),
            opts.page_runs / 4,
        ),
        (
            "/kinerja/35 (East Java's dashboard, 2026-11)",
            "/kinerja/35?period=2026-11".to_owned(),
            opts.page_runs,
        ),
    ] {
        // The first request computes what the page shows; the next ones
        // find it kept until a closed day's counters move.
        let (first, _) = get(path.clone(), "br").await?;
        say!(
            "{:<52} first request {:>9.2} ms",
            label,
            first.as_secs_f64() * 1e3
        );
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..runs.max(1) {
            let (t, body) = get(path.clone(), "br").await?;
            times.push(t);
            last = Some(body);
        }
        report(&format!("{label}, server time"), times);
        if path == "/kinerja" {
            // A live network writes all day: a release published today
            // (and counted) before each request.
            let mut times = Vec::new();
            for n in 0..runs.max(1) {
                let unit = rng.pick(&targets).clone();
                publish(&writer, &admin, &unit, opts.runs + n).await?;
                writer.kinerja.catch_up().await?;
                times.push(get(path.clone(), "br").await?.0);
            }
            report(&format!("{label}, a release published before each"), times);
        }
        let (_, plain) = get(path.clone(), "identity").await?;
        say!(
            "  weight: HTML {} B, brotli {} B",
            plain.len(),
            last.map_or(0, |b| b.len())
        );
    }
    for (label, ext) in [("XLSX", "xlsx"), ("PDF", "pdf")] {
        let path = format!("/kinerja/35/report.{ext}?period=2026-11");
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..(opts.page_runs / 5).max(3) {
            let (t, body) = get(path.clone(), "identity").await?;
            times.push(t);
            size = body.len();
        }
        report(&format!("East Java's {label} report, 2026-11"), times);
        say!("  {size} B");
    }
    Ok(())
}

/// A release through the newsroom service: create, submit, approve,
/// release now.
async fn publish(
    state: &AppState,
    admin: &Principal,
    unit: &UnitCode,
    n: usize,
) -> anyhow::Result<()> {
    let input = ReleaseInput {
        title: format!("Rilis benchmark kinerja {n}"),
        lead: "Capaian kinerja diumumkan hari ini.".to_owned(),
        body: "Pemerintah mengumumkan **capaian** kinerja.".to_owned(),
        tags: "benchmark".to_owned(),
        language: "id".to_owned(),
        item_ids: Vec::new(),
        media: Vec::new(),
    };
    let id = state.newsroom.create_release(admin, unit, &input).await?;
    for op in [
        ReleaseOp::Submit,
        ReleaseOp::Approve,
        ReleaseOp::Release(Timing::Now),
    ] {
        state.newsroom.move_release(admin, id, 1, op, "").await?;
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct DuckOut {
    duckdb: String,
    threads: usize,
    read_seconds: f64,
    compute_seconds: f64,
    alone_rows: i64,
    subtree_rows: i64,
    sums: Vec<(String, String, i64, i64)>,
}

async fn database_bytes(store: &Store) -> Option<i64> {
    store.newsroom_size().await.ok().map(|s| s.bytes)
}

/// The totals DuckDB gave against Sinergi's counters, exactly.
async fn compare(store: &Store, duck: &DuckOut) -> anyhow::Result<()> {
    let ours: BTreeMap<(String, String, i64), i64> = store
        .kinerja_counter_sums()
        .await?
        .into_iter()
        .map(|s| ((s.unit_code, s.metric, s.day), s.n))
        .collect();
    let theirs: BTreeMap<(String, String, i64), i64> = duck
        .sums
        .iter()
        .map(|(u, m, d, n)| ((u.clone(), m.clone(), *d), *n))
        .collect();
    let keys: std::collections::BTreeSet<_> = ours.keys().chain(theirs.keys()).collect();
    let differ: Vec<_> = keys
        .iter()
        .filter(|k| ours.get(k) != theirs.get(k))
        .collect();
    let total = |m: &BTreeMap<(String, String, i64), i64>, metric: &str, unit: &str| -> i64 {
        m.iter()
            .filter(|((u, mm, _), _)| mm == metric && u == unit)
            .map(|(_, n)| n)
            .sum()
    };
    for (metric, unit, what) in [
        ("releases", "", "releases published, every unit alone"),
        ("amp_given", "", "amplifications given across levels"),
        ("articles", "", "articles on released releases"),
        ("covered", "", "items published within 14 days"),
        ("attended_invited", "", "invitations attended"),
        ("commitments_kept", "", "commitments kept on time"),
        ("releases", "35", "East Java's subtree, releases"),
        ("events_held", "35", "East Java's subtree, events held"),
    ] {
        say!(
            "  {what:<40} Sinergi {:>10}  DuckDB {:>10}",
            total(&ours, metric, unit),
            total(&theirs, metric, unit)
        );
    }
    if differ.is_empty() {
        say!(
            "  the same: all {} totals (per metric and day; per metric and top-level subtree)",
            keys.len()
        );
        Ok(())
    } else {
        for k in differ.iter().take(10) {
            say!(
                "  differs: {k:?}: Sinergi {:?}, DuckDB {:?}",
                ours.get(k),
                theirs.get(k)
            );
        }
        anyhow::bail!("{} of {} totals differ", differ.len(), keys.len())
    }
}

fn csv_opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

/// The records the rebuild reads, as CSV files in `dir`: rows written.
async fn export_records(store: &Store, codes: &[UnitCode], dir: &Path) -> anyhow::Result<u64> {
    let file = |name: &str, head: &str| -> anyhow::Result<std::io::BufWriter<std::fs::File>> {
        let mut w = std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(dir.join(format!("{name}.csv")))?,
        );
        writeln!(w, "{head}")?;
        Ok(w)
    };
    let mut rows = 0u64;
    let mut w = file("units", "code,level")?;
    for c in codes {
        writeln!(w, "{c},{}", c.level().as_str())?;
    }
    w.flush()?;
    let mut w = file("releases", "id,unit_code,state,public_at,amplifies_id")?;
    let mut after = 0;
    loop {
        let page = store.kinerja_export_releases(after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for r in &page {
            writeln!(
                w,
                "{},{},{},{},{}",
                r.id,
                r.unit_code,
                r.state,
                csv_opt(&r.public_at),
                csv_opt(&r.amplifies_id)
            )?;
        }
        rows += page.len() as u64;
    }
    w.flush()?;
    let mut w = file(
        "items",
        "id,unit_code,kind,created_at,occurred_on,first_public_at,removed_at",
    )?;
    let mut after = 0;
    loop {
        let page = store.kinerja_items_after(after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for i in &page {
            writeln!(
                w,
                "{},{},{},{},{},{},{}",
                i.id,
                i.unit_code,
                i.kind,
                i.created_at,
                csv_opt(&i.occurred_on),
                csv_opt(&i.first_public_at),
                csv_opt(&i.removed_at)
            )?;
        }
        rows += page.len() as u64;
    }
    w.flush()?;
    let mut w = file("matches", "id,release_id,state")?;
    let mut after = 0;
    loop {
        let page = store.kinerja_export_matches(after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for m in &page {
            writeln!(w, "{},{},{}", m.id, m.release_id, m.state)?;
        }
        rows += page.len() as u64;
    }
    w.flush()?;
    let mut w = file("events", "id,organiser_code,series_id,starts_at,status")?;
    let mut wu = file("event_units", "event_id,unit_code,attended")?;
    let mut after = 0;
    loop {
        let page = store.kinerja_events_after(after, PAGE).await?;
        let (Some(first), Some(last)) = (page.first(), page.last()) else {
            break;
        };
        after = last.id;
        for e in &page {
            writeln!(
                w,
                "{},{},{},{},{}",
                e.id,
                e.organiser_code,
                csv_opt(&e.series_id),
                e.starts_at,
                e.status
            )?;
        }
        let units = store.kinerja_event_units(first.id, last.id).await?;
        for u in &units {
            writeln!(wu, "{},{},{}", u.event_id, u.unit_code, u.attended)?;
        }
        rows += (page.len() + units.len()) as u64;
    }
    w.flush()?;
    wu.flush()?;
    let mut w = file(
        "commitments",
        "id,event_id,unit_code,kind,due_at,closed_at,example",
    )?;
    let mut wf = file("commitment_for", "commitment_id,unit_code")?;
    let mut after = 0;
    loop {
        let page = store.kinerja_export_commitments(after, PAGE).await?;
        let (Some(first), Some(last)) = (page.first(), page.last()) else {
            break;
        };
        after = last.id;
        for c in &page {
            writeln!(
                w,
                "{},{},{},{},{},{},{}",
                c.id,
                c.event_id,
                c.unit_code,
                c.kind,
                c.due_at,
                csv_opt(&c.closed_at),
                c.example
            )?;
        }
        let fors = store
            .kinerja_export_commitment_for(first.id, last.id)
            .await?;
        for (c, u) in &fors {
            writeln!(wf, "{c},{u}")?;
        }
        rows += page.len() as u64;
    }
    w.flush()?;
    wf.flush()?;
    Ok(rows)
}
